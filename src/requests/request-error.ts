import type { z } from 'zod';

/** One thing wrong with a request: the field (a dotted path such as `polygon.coordinates[0]`), the id concerned, a code. */
export interface RequestIssue {
  field: string;
  id?: string;
  code: string;
  message: string;
}

/**
 * A request that cannot be answered as asked: out of its bounds, malformed, or naming what the
 * network does not hold. The CLI prints each issue with its option; the API answers 400 with
 * each issue as a detail.
 */
export class RequestError extends Error {
  readonly issues: RequestIssue[];

  constructor(message: string, issues: RequestIssue[]) {
    super(message);
    this.name = 'RequestError';
    this.issues = issues;
  }
}

/** `['polygon', 'coordinates', 0]` → `polygon.coordinates[0]`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/**
 * Parses a request with its schema; every issue becomes a `RequestIssue` naming its field.
 *
 * @example
 * parseRequest(PlanRequest, { budgetEur: 1e6, years: 1e7 }, 'plan'); // throws RequestError: years: too big
 */
export function parseRequest<S extends z.ZodType>(schema: S, input: unknown, question: string): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 50).map((issue): RequestIssue => ({
    field: fieldPath(issue.path) || 'request',
    code: (issue as { params?: { code?: string } }).params?.code ?? issue.code,
    message: issue.message,
  }));
  throw new RequestError(`${question}: ${issues.map((i) => `${i.field}: ${i.message}`).join('; ')}`, issues);
}
