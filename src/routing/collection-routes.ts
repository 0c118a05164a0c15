import { compareIds } from '../analysis/id-order.js';
import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import { headendTree } from './nearest-headend.js';
import { type Route, type RouteRecord, routeRecord } from './route.js';
import { Router } from './shortest-pair.js';

/**
 * How each NRO is collected: `protected` with a primary and a section-disjoint backup,
 * `unprotected` with a primary only (every path shares a section), `unroutable` when no path
 * reaches a head-end, `at-headend` when the NRO is itself a head-end (an empty route).
 */
export type CollectionStatus = 'protected' | 'unprotected' | 'unroutable' | 'at-headend';

/** The routes of every analysed NRO, by index: the input of the load and cut computations. */
export interface CollectionRouting {
  readonly net: CompiledNetwork;
  /** Site index of each routed NRO, by ascending site index. */
  readonly nros: Int32Array;
  /** Aligned with `nros`; null when unroutable. */
  readonly primary: readonly (Route | null)[];
  /** Aligned with `nros`; null when no disjoint backup exists. */
  readonly backup: readonly (Route | null)[];
  /** Distance from every site to its nearest head-end on the intact network. */
  readonly toHeadend: Float64Array;
  /** The shortest-path tree of those distances (`headendTree`). */
  readonly via: Int32Array;
}

export interface CollectionRoutesOptions {
  /** Called every `progressEvery` NROs with (done, total), e.g. to print progress on stderr. */
  onProgress?: (done: number, total: number) => void;
  /** Default 10 000. */
  progressEvery?: number;
}

/**
 * Routes the collection of every analysed NRO (docs/analysis.md, "Saturation"): the pair of section-disjoint
 * routes to the head-ends with the least total length, the shorter of the two as primary and
 * the other as backup; when no disjoint pair exists, the shortest route alone. One Dijkstra
 * from the head-ends gives every primary candidate; then one guided search per NRO.
 *
 * The primary is the shorter route of the best pair, so on a trap topology it can be longer
 * than the plain shortest path (whose sections every alternative needs): `shortestPathM` in
 * the records shows the difference.
 *
 * @example
 * const routing = collectionRoutes(compileNetwork(topology));
 * routing.backup[0] === null; // the first NRO is single-homed
 */
export function collectionRoutes(net: CompiledNetwork, options: CollectionRoutesOptions = {}): CollectionRouting {
  const { distance: toHeadend, via } = headendTree(net);
  const router = new Router(net, { toHeadend, via });
  const nros: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (net.siteKind[v] === KIND_NRO) nros.push(v);
  const primary: (Route | null)[] = [];
  const backup: (Route | null)[] = [];
  const every = options.progressEvery ?? 10_000;
  nros.forEach((v, k) => {
    const pair = router.shortestPair(v);
    primary.push(pair?.primary ?? null);
    backup.push(pair?.backup ?? null);
    if (options.onProgress && (k + 1) % every === 0) options.onProgress(k + 1, nros.length);
  });
  return { net, nros: Int32Array.from(nros), primary, backup, toHeadend, via };
}

/** The status of the k-th NRO of a routing. */
export function collectionStatus(routing: CollectionRouting, k: number): CollectionStatus {
  if (routing.net.isHeadend[routing.nros[k]]) return 'at-headend';
  return routing.primary[k] === null ? 'unroutable' : routing.backup[k] === null ? 'unprotected' : 'protected';
}

export interface CollectionRecord {
  nro: string;
  name?: string;
  subscribers: number;
  status: CollectionStatus;
  /** Length of the plain shortest path to a head-end; null when unroutable. */
  shortestPathM: number | null;
  primary: RouteRecord | null;
  backup: RouteRecord | null;
}

/**
 * The routing as JSON records, sorted by NRO id.
 *
 * @example
 * collectionRecords(routing)[0];
 * // { nro: 'NRO-ABB', status: 'protected', shortestPathM: 30100, primary: {…}, backup: {…}, … }
 */
export function collectionRecords(routing: CollectionRouting): CollectionRecord[] {
  const { net } = routing;
  const records = Array.from(routing.nros, (v, k): CollectionRecord => {
    const primary = routing.primary[k];
    const backup = routing.backup[k];
    const name = net.siteNames[v];
    return {
      nro: net.siteIds[v],
      ...(name !== undefined && { name }),
      subscribers: net.subscribers[v],
      status: collectionStatus(routing, k),
      shortestPathM: Number.isFinite(routing.toHeadend[v]) ? routing.toHeadend[v] : null,
      primary: primary && routeRecord(net, primary),
      backup: backup && routeRecord(net, backup),
    };
  });
  return records.sort((a, b) => compareIds(a.nro, b.nro));
}
