import type { z } from 'zod';

/**
 * Schemas that document a body or an answer without being checked by it at the route: the
 * engine validates an uploaded document itself and reports every problem at once, with paths
 * and ids, which a route schema would not; and some engine records are sent as they are.
 */
export const documentedOnly = new WeakSet<z.ZodType>();

export function documentOnly<T extends z.ZodType>(schema: T): T {
  documentedOnly.add(schema);
  return schema;
}

/**
 * A schema as a named component of `/openapi.json` (zod's registry, where `.describe()` puts
 * descriptions too, so that the document carries both).
 */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  const tagged = schema.meta({ id, ...(description && { description }) }) as T;
  if (documentedOnly.has(schema)) documentedOnly.add(tagged);
  return tagged;
}
