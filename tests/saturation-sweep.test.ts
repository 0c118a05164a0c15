import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { n1Sweep, n1SweepLoads } from '../src/saturation/n1-sweep.js';
import { withCapacities } from './support/brute-force-routing.js';
import { bruteForceSweep } from './support/brute-force-sweep.js';
import { randomNetwork } from './support/random-network.js';
import { ringNetwork } from './support/ring-network.js';

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
