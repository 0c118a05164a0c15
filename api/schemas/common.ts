import { z } from 'zod';
import { MAX_ID_LENGTH, type NetworkRequest } from '../../src/requests/bounds.js';
import { OPENAPI_TYPE } from '../http.js';
import { documentOnly, named } from './registry.js';

export const ErrorDetail = z.object({
  field: z.string().describe('the field: a parameter (`limit`, `sections[2]`) or a JSON path in the document (`$.sections[3].lengthM`)'),
  in: z.enum(['query', 'body', 'path', 'header']).optional(),
  id: z.string().optional().describe('the id concerned'),
  code: z.string().optional(),
  message: z.string(),
});

export const ErrorBody = named('Error', z.object({
  code: z.string().describe('machine-readable: invalid-request, invalid-topology, unknown-reference, not-found, unauthorized, …'),
  message: z.string(),
  details: z.array(ErrorDetail),
}), 'Every error answer: a code, a message and the fields concerned.');

/** The error answers a route can give, for the OpenAPI document. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody])) as Record<number, typeof ErrorBody>;
}

export const TopologyParams = z.object({
  id: z.string().min(1).max(MAX_ID_LENGTH).describe('topology id: the file name without extension (`somme`)'),
});

/** One value or several (`?headend=A&headend=B`) as an array. */
const repeated = (item: z.ZodType<string>, description: string) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(1_000).optional()).describe(description);

/**
 * A bounded field of a request as a query parameter: a number arrives as text, and is checked
 * by the same schema as in a body or on the command line.
 */
export const fromQuery = <T extends z.ZodType>(field: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : v), field);

/** `true`, `false`, `1`, `0`, or present without a value (`?includePlanned`). */
export const QueryBoolean = z.preprocess(
  (v) => (v === '' || v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean().optional(),
);

/** What part of the topology is analysed (docs/analysis.md): the CLI's --headend, --include-planned, --with-link. */
export const NetworkQuery = z.object({
  headend: repeated(z.string().min(1).max(MAX_ID_LENGTH), 'head-end site id, repeatable; default: the sites of kind headend'),
  includePlanned: QueryBoolean.describe('also analyse planned sites and sections'),
  withLink: repeated(z.string().min(1).max(MAX_ID_LENGTH), 'candidate redundancy link id to add as a section, repeatable'),
});

/** Strict: a route that takes no query parameter refuses any with a 400 naming it. */
export const NoQuery = z.strictObject({});

/** Strict: a route whose query string is only `f` refuses any other parameter with a 400 naming it. */
export const FormatQuery = z.strictObject({
  f: z.enum(['json', 'geojson']).optional().describe('answer format; also chosen by `Accept: application/geo+json`'),
});

export type NetworkQuery = z.infer<typeof NetworkQuery>;

/** The network options of a query string as a request's `network`. */
export function networkOf(query: NetworkQuery): NetworkRequest {
  return { headends: query.headend ?? [], includePlanned: query.includePlanned ?? false, withLinks: query.withLink ?? [] };
}

/** `f=geojson` (or `Accept: application/geo+json`) or JSON. */
export type AnswerFormat = 'json' | 'geojson';

/** A 200 answer that is an OpenAPI 3.0 document, sent as it is in its own media type. */
export function apiDefinition(description: string) {
  return { description, content: { [OPENAPI_TYPE]: { schema: documentOnly(z.looseObject({}).describe(description)) } } };
}
