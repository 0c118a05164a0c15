import { z } from 'zod';
import { named } from './registry.js';

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
  id: z.string().min(1).max(200).describe('topology id: the file name without extension (`somme`)'),
});

/** One value or several (`?headend=A&headend=B`) as an array. */
const repeated = (item: z.ZodType<string>, description: string) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).optional()).describe(description);

/** `true`, `false`, `1`, `0`, or present without a value (`?includePlanned`). */
export const QueryBoolean = z.preprocess(
  (v) => (v === '' || v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : v),
  z.boolean().optional(),
);

/** What part of the topology is analysed (DESIGN.md §4): the CLI's --headend, --include-planned, --with-link. */
export const NetworkQuery = z.object({
  headend: repeated(z.string().min(1), 'head-end site id, repeatable; default: the sites of kind headend'),
  includePlanned: QueryBoolean.describe('also analyse planned sites and sections'),
  withLink: repeated(z.string().min(1), 'candidate redundancy link id to add as a section, repeatable'),
});

export const FormatQuery = z.object({
  f: z.enum(['json', 'geojson']).optional().describe('answer format; also chosen by `Accept: application/geo+json`'),
});

export type NetworkQuery = z.infer<typeof NetworkQuery>;

export function networkOptions(query: NetworkQuery) {
  return { headends: query.headend ?? [], includePlanned: query.includePlanned ?? false, withLinks: query.withLink ?? [] };
}
