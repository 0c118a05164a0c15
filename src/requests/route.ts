import { bidirectional as shortestByLength } from 'graphology-shortest-path/dijkstra.js';
import { bidirectional as shortestByHops } from 'graphology-shortest-path/unweighted.js';
import { z } from 'zod';
import { compareIds } from '../analysis/id-order.js';
import { type AnalysedNetworkGraph, analysedNetworkGraph } from '../graph/resilience-graph.js';
import { UnknownReferenceError } from '../model/errors.js';
import { MAX_ID_LENGTH, NetworkRequest } from './bounds.js';
import type { LoadedNetwork, NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

/** What a route is shortest by: total length in metres, or number of sections. */
export const RouteWeight = z.enum(['length', 'hops']);
export type RouteWeight = z.infer<typeof RouteWeight>;

/** A site id the route needs, with the bounds of every id and a plain message when it is missing. */
const siteId = (end: 'from' | 'to') =>
  z.string({ error: (issue) => (issue.input === undefined ? `name the site the route ${end === 'from' ? 'starts' : 'ends'} at` : undefined) })
    .min(1).max(MAX_ID_LENGTH);

/** `route`: the network, two sites, and what the route is shortest by. */
export const RouteRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  from: siteId('from').describe('site id where the route starts'),
  to: siteId('to').describe('site id where the route ends'),
  weight: RouteWeight.default('length').describe('length: the shortest in metres; hops: the fewest sections'),
});
export type RouteRequest = z.input<typeof RouteRequest>;

/** The route between two sites, or why there is none. */
export interface RouteAnswer {
  from: string;
  to: string;
  weight: RouteWeight;
  found: boolean;
  /** Total length of the route's sections, metres; null when no route. */
  lengthM: number | null;
  /** Sections on the route; null when no route. */
  hops: number | null;
  /** Sites in path order, `from` to `to`. */
  sites: string[];
  /** Section ids in path order; between two sites joined by parallel sections, the shortest. */
  sections: string[];
  /** Why no route was found, when none was. */
  reason?: string;
}

/**
 * The shortest route between any two analysed sites (docs/cli.md, docs/api.md), by length
 * (bidirectional Dijkstra on `lengthM`) or by hops (bidirectional BFS), with
 * graphology-shortest-path on the analysed network's graphology graph, built once per network.
 * An unknown or unanalysed site is an `UnknownReferenceError` (field `from` or `to`); sites that
 * no path joins give `found: false` and a reason.
 *
 * @example
 * routeRequest(workspace, { from: 'NRO-CAY', to: 'HE-AMIENS' });
 * // { from: 'NRO-CAY', to: 'HE-AMIENS', weight: 'length', found: true, lengthM: 86_182, hops: 14, sites: [...], sections: ['S-040', …, 'S-001'] }
 */
export function routeRequest(workspace: NetworkWorkspace, input: RouteRequest): RouteAnswer {
  const request = parseRequest(RouteRequest, input, 'route');
  const loaded = workspace.network(request.network);
  const graph = routingGraphOf(loaded);
  for (const field of ['from', 'to'] as const) checkSite(loaded, graph, field, request[field]);
  const { from, to, weight } = request;
  const sites = weight === 'length' ? shortestByLength(graph, from, to, 'lengthM') : shortestByHops(graph, from, to);
  if (!sites) {
    return { from, to, weight, found: false, lengthM: null, hops: null, sites: [], sections: [], reason: noRouteReason(loaded, from, to) };
  }
  const sections = sites.slice(1).map((site, i) => shortestSectionBetween(graph, sites[i], site));
  const lengthM = sections.reduce((total, id) => total + graph.getEdgeAttribute(id, 'lengthM'), 0);
  return { from, to, weight, found: true, lengthM, hops: sections.length, sites, sections };
}

/** The analysed network as a graphology graph, built once per network and shared read-only by the routes. */
export const routingGraphOf = (loaded: LoadedNetwork): AnalysedNetworkGraph => loaded.memo('graphology', () => analysedNetworkGraph(loaded));

function checkSite(loaded: LoadedNetwork, graph: AnalysedNetworkGraph, field: 'from' | 'to', id: string) {
  if (graph.hasNode(id)) return;
  const site = loaded.topology.sites.find((s) => s.id === id);
  const message = site
    ? `route: site "${id}" is planned and not analysed (add includePlanned)`
    : `route: unknown site "${id}"`;
  throw new UnknownReferenceError(field, id, message);
}

/**
 * The shortest of the sections joining two adjacent sites (the first by id among equals).
 *
 * @example
 * shortestSectionBetween(graph, 'POP-ABBEVILLE', 'J-PONT-REMY'); // 'S-012'
 */
export function shortestSectionBetween(graph: AnalysedNetworkGraph, a: string, b: string): string {
  let best: string | undefined;
  let bestLength = Number.POSITIVE_INFINITY;
  for (const id of graph.edges(a, b)) {
    const length = graph.getEdgeAttribute(id, 'lengthM');
    if (length < bestLength || (length === bestLength && best !== undefined && compareIds(id, best) < 0)) {
      best = id;
      bestLength = length;
    }
  }
  if (best === undefined) throw new Error(`route: no section joins ${a} and ${b}`);
  return best;
}

function noRouteReason(loaded: LoadedNetwork, from: string, to: string): string {
  const hint = loaded.options.includePlanned ? 'with planned elements' : 'existing elements only; includePlanned or withLinks may join them';
  return `no path joins ${from} and ${to}: they lie in different connected parts of the analysed network (${hint})`;
}
