import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { collectionRoutes, type CollectionRouting } from '../src/routing/collection-routes.js';
import { n1Sweep, n1SweepLoads } from '../src/saturation/n1-sweep.js';
import { routingAfterFailure } from '../src/saturation/reroute-after-cut.js';
import { withCapacities } from './support/brute-force-routing.js';
import { randomNetwork } from './support/random-network.js';
import { ringNetwork } from './support/ring-network.js';

/** Loads counted from scratch: used fibres plus `fibres` for every route through each section. */
function loadsFromScratch(routing: CollectionRouting, fibres: number): number[] {
  const load = Array.from(routing.net.usedFibres);
  for (const route of [...routing.primary, ...routing.backup]) for (const e of route?.sections ?? []) load[e] += fibres;
  return load;
}

/** The sweep the slow way: cut each section, re-route the whole network, recount every load. */
function bruteForceSweep(routing: CollectionRouting, fibres: number) {
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

describe('N-1 sweep', () => {
  it('finds on the ring the worst loads worked out by hand', () => {
    const rows = Object.fromEntries(n1Sweep(collectionRoutes(compileNetwork(ringNetwork()))).map((r) => [r.section, r]));
    // Cutting A–B (r2) or B–C (r3) sends A's and C's backups over the chord: 4 fibres of 4;
    // r2 comes first by index and a tie does not replace it.
    expect(rows.ch).toMatchObject({ base: { loadFibres: 0, state: 'ok' }, worst: { loadFibres: 4, ratio: 1, state: 'saturated' }, worstCut: 'r2' });
    // Cutting r3 (or r4, later) adds D's detour to HE–A: 18 of 22.
    expect(rows.r1).toMatchObject({ base: { loadFibres: 16 }, worst: { loadFibres: 18, state: 'near' }, worstCut: 'r3' });
    // No single cut loads A–B more than it already is.
    expect(rows.r2).toMatchObject({ base: { loadFibres: 10 }, worst: { loadFibres: 10, state: 'near' }, worstCut: null });
  });

  it('lists sections worst first, the fuller first at equal saturation', () => {
    const rows = n1Sweep(collectionRoutes(compileNetwork(ringNetwork())));
    // r3 and ch both reach 100 %: r3 with 16 fibres, ch with 4.
    expect(rows.map((r) => r.section)).toEqual(['r3', 'ch', 'r2', 'r1', 'r4', 'sp']);
  });

  it('agrees with a brute-force sweep on random small networks', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          sites: fc.integer({ min: 2, max: 24 }),
          chords: fc.integer({ min: 0, max: 16 }),
          headends: fc.integer({ min: 1, max: 3 }),
          fibres: fc.integer({ min: 1, max: 4 }),
        }),
        ({ seed, fibres, ...shape }) => {
          const net = compileNetwork(withCapacities(randomNetwork(seed, { ...shape, plannedShare: 0 }), seed));
          const routing = collectionRoutes(net);
          const fast = n1SweepLoads(routing, { fibresPerRoute: fibres });
          const slow = bruteForceSweep(routing, fibres);
          expect(Array.from(fast.baseLoad)).toEqual(slow.baseLoad);
          expect(Array.from(fast.worstLoad)).toEqual(slow.worstLoad);
          expect(Array.from(fast.worstCut)).toEqual(slow.worstCut);
        },
      ),
      { numRuns: 150 },
    );
  });
});
