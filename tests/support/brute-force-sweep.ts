import type { CollectionRouting } from '../../src/routing/collection-routes.js';
import { routingAfterFailure } from '../../src/saturation/reroute-after-cut.js';

/** Loads counted from scratch: used fibres plus `fibres` for every route through each section. */
export function loadsFromScratch(routing: CollectionRouting, fibres: number): number[] {
  const load = Array.from(routing.net.usedFibres);
  for (const route of [...routing.primary, ...routing.backup]) for (const e of route?.sections ?? []) load[e] += fibres;
  return load;
}

/**
 * The N-1 sweep the slow way, the reference of the fast one: cut each section, re-route every
 * NRO with the per-NRO re-route (`routingAfterFailure`), recount every load; a worst load is
 * replaced only by a strictly higher one, so the first cut by index wins a tie.
 */
export function bruteForceSweep(routing: CollectionRouting, fibres: number) {
  const m = routing.net.sectionCount;
  const baseLoad = loadsFromScratch(routing, fibres);
  const worstLoad = [...baseLoad];
  const worstCut = new Array<number>(m).fill(-1);
  for (let cut = 0; cut < m; cut++) {
    const dead = new Uint8Array(m);
    dead[cut] = 1;
    const after = loadsFromScratch(routingAfterFailure(routing, dead).routing, fibres);
    for (let e = 0; e < m; e++) {
      if (e !== cut && after[e] > worstLoad[e]) {
        worstLoad[e] = after[e];
        worstCut[e] = cut;
      }
    }
  }
  return { baseLoad, worstLoad, worstCut };
}
