import { z } from 'zod';

/**
 * The named schemas of the API: each becomes a component of `/openapi.json`. A registry of our
 * own, so that the engine's schemas are not tagged in zod's global registry.
 */
export const apiRegistry = z.registry<{ id?: string; description?: string }>();

/** Registers a schema as an OpenAPI component and returns it. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  apiRegistry.add(schema, { id, ...(description && { description }) });
  return schema;
}

/**
 * Schemas that document a body without validating it at the route: the engine validates the
 * document itself and reports every problem at once, with paths and ids, which a route
 * schema would not.
 */
export const documentedOnly = new WeakSet<z.ZodType>();

export function documentOnly<T extends z.ZodType>(schema: T): T {
  documentedOnly.add(schema);
  return schema;
}
