import { z } from 'zod';
import { type RouteAnswer as EngineRouteAnswer, RouteRequest } from '../../src/requests/route.js';
import { FormatQuery, NetworkQuery } from './common.js';
import { named } from './registry.js';

/**
 * The query of `GET …/route`: the network options, the two sites and the weight, with the
 * request's own bounds (the ids are text: no number conversion).
 */
export const RouteQuery = NetworkQuery.extend({
  from: RouteRequest.shape.from,
  to: RouteRequest.shape.to,
  weight: RouteRequest.shape.weight.optional().describe('length (default): the shortest in metres; hops: the fewest sections'),
}).extend(FormatQuery.shape).strict();
export type RouteQuery = z.infer<typeof RouteQuery>;

/** The `route --json` document: what the engine's `routeRequest` returns. */
export const RouteAnswer = named('RouteAnswer', z.object({
  from: z.string(),
  to: z.string(),
  weight: z.enum(['length', 'hops']),
  found: z.boolean().describe('false when no path joins the two sites in the analysed network'),
  lengthM: z.number().nullable().describe('total length of the sections, metres; null when no route'),
  hops: z.number().nullable().describe('number of sections; null when no route'),
  sites: z.array(z.string()).describe('sites in path order, from to to'),
  sections: z.array(z.string()).describe('section ids in path order; of parallel sections, the shortest'),
  reason: z.string().optional().describe('why no route was found'),
}), 'The shortest route between two sites: the same JSON as `fibre-resilience route --json`.');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const routeSchemaMatchesEngine: Same<z.output<typeof RouteAnswer>, EngineRouteAnswer> = true;
