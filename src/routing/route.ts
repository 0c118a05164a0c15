import type { CompiledNetwork } from '../graph/compile.js';

/** One collection route: a path of sections from an NRO to a head-end. */
export interface Route {
  /** Site index of the head-end the route reaches. */
  readonly headend: number;
  /** Section indices in path order, from the NRO to the head-end. */
  readonly sections: Int32Array;
  /** Sum of the sections' `lengthM`. */
  readonly lengthM: number;
}

/** A route as JSON: ids instead of indices. */
export interface RouteRecord {
  headend: string;
  lengthM: number;
  /** In path order, from the NRO to the head-end (not sorted). */
  sections: string[];
}

/**
 * The JSON form of a route.
 *
 * @example
 * routeRecord(net, route); // { headend: 'HE-AMIENS', lengthM: 41250, sections: ['S-017', 'S-003'] }
 */
export function routeRecord(net: CompiledNetwork, route: Route): RouteRecord {
  return {
    headend: net.siteIds[route.headend],
    lengthM: route.lengthM,
    sections: Array.from(route.sections, (e) => net.sectionIds[e]),
  };
}

/** True when the route uses a section flagged in `dead`. */
export function usesAny(route: Route, dead: Uint8Array): boolean {
  for (const e of route.sections) if (dead[e]) return true;
  return false;
}
