import type { CompiledNetwork } from '../graph/compile.js';
import type { Route } from '../routing/route.js';
import { shared } from './threads.js';

/** The arrays of a compiled network that the route searches read, in shared memory. */
export interface SharedNetwork {
  siteCount: number;
  sectionCount: number;
  isHeadend: Uint8Array;
  headends: Int32Array;
  sectionFrom: Int32Array;
  sectionTo: Int32Array;
  lengthM: Float64Array;
  usedFibres: Float64Array;
  adjOffset: Int32Array;
  adjSection: Int32Array;
  adjSite: Int32Array;
  /** Read by the depth-first tree (`dfsTree`) that gives the bridges' far sides. */
  subscribers: Float64Array;
  /** For the routes diverse by risk group or owner (src/routing/diverse-pair.ts). */
  sectionOwner: Int32Array;
  riskOffset: Int32Array;
  riskSections: Int32Array;
  /** Copied to each worker (a few names): the diverse routes count the groups and owners. */
  owners: readonly string[];
  riskGroups: readonly string[];
}

const sharedNetworks = new WeakMap<CompiledNetwork, SharedNetwork>();

/**
 * The search arrays of `net` copied once into shared memory (kept for the network's lifetime:
 * the routing and the sweep of the same network share one copy).
 *
 * @example
 * const data = { net: shareNetwork(net) }; // to a worker, without a copy per worker
 */
export function shareNetwork(net: CompiledNetwork): SharedNetwork {
  let copy = sharedNetworks.get(net);
  if (!copy) {
    copy = {
      siteCount: net.siteCount,
      sectionCount: net.sectionCount,
      isHeadend: shared(net.isHeadend),
      headends: shared(net.headends),
      sectionFrom: shared(net.sectionFrom),
      sectionTo: shared(net.sectionTo),
      lengthM: shared(net.lengthM),
      usedFibres: shared(net.usedFibres),
      adjOffset: shared(net.adjOffset),
      adjSection: shared(net.adjSection),
      adjSite: shared(net.adjSite),
      subscribers: shared(net.subscribers),
      sectionOwner: shared(net.sectionOwner),
      riskOffset: shared(net.riskOffset),
      riskSections: shared(net.riskSections),
      owners: net.owners,
      riskGroups: net.riskGroups,
    };
    sharedNetworks.set(net, copy);
  }
  return copy;
}

/**
 * A worker's view of a shared network: only the topology arrays, the subscribers, the
 * sections' owners and risk groups, which is all that the router, the diverse pairs, the
 * bridges' far sides, the tree repair and the sweep read (no ids or names).
 */
export function networkView(net: SharedNetwork): CompiledNetwork {
  return net as unknown as CompiledNetwork;
}

/** Routes flattened into shared arrays: route r's sections are `sections[offset[r] … offset[r + 1])`. */
export interface SharedRoutes {
  offset: Int32Array;
  sections: Int32Array;
  /** -1 for a missing route (null). */
  headend: Int32Array;
  lengthM: Float64Array;
}

/**
 * Flattens a list of routes (null for none) into shared memory.
 *
 * @example
 * const flat = shareRoutes([...]); // flat.offset.length === routes.length + 1
 */
export function shareRoutes(routes: readonly (Route | null)[]): SharedRoutes {
  const offset = new Int32Array(new SharedArrayBuffer(4 * (routes.length + 1)));
  for (let r = 0; r < routes.length; r++) offset[r + 1] = offset[r] + (routes[r]?.sections.length ?? 0);
  const sections = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, offset[routes.length])));
  const headend = new Int32Array(new SharedArrayBuffer(4 * Math.max(1, routes.length)));
  const lengthM = new Float64Array(new SharedArrayBuffer(8 * Math.max(1, routes.length)));
  routes.forEach((route, r) => {
    headend[r] = route ? route.headend : -1;
    lengthM[r] = route ? route.lengthM : 0;
    if (route) sections.set(route.sections, offset[r]);
  });
  return { offset, sections, headend, lengthM };
}

/** The routes back from their flat form (the sections are views on the flat arrays). */
export function unflattenRoutes(flat: SharedRoutes, count = flat.offset.length - 1): (Route | null)[] {
  const routes = new Array<Route | null>(count);
  for (let r = 0; r < count; r++) {
    routes[r] =
      flat.headend[r] < 0 ? null : { headend: flat.headend[r], lengthM: flat.lengthM[r], sections: flat.sections.subarray(flat.offset[r], flat.offset[r + 1]) };
  }
  return routes;
}
