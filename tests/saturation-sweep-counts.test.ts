import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { DiversePairs } from '../src/routing/diverse-pair.js';
import { entryBounds } from '../src/routing/entry-bounds.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import type { RouteDiversity } from '../src/routing/route-diversity.js';
import { Router } from '../src/routing/shortest-pair.js';
import { n1SweepLoads } from '../src/saturation/n1-sweep.js';
import { withCapacities } from './support/brute-force-routing.js';
import { bruteForceSweep } from './support/brute-force-sweep.js';
import { randomNetwork } from './support/random-network.js';

/**
 * Section lengths reshaped: `ties` (1 to 3 m: many shortest routes tie), `tiny` (some sections
 * of 1e-9 m beside lengths of a million metres: a site and its parent in the tree at the same
 * rounded distance), or as generated.
 */
function reshaped(topology: Topology, lengths: 'generated' | 'ties' | 'tiny'): Topology {
  if (lengths === 'ties') for (const s of topology.sections) s.lengthM = 1 + (s.lengthM % 3);
  if (lengths === 'tiny') for (const s of topology.sections) s.lengthM = s.lengthM % 4 === 0 ? 1e-9 : 1e6 + s.lengthM;
  return topology;
}

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sites: fc.integer({ min: 2, max: 26 }),
  chords: fc.integer({ min: 0, max: 18 }),
  headends: fc.integer({ min: 1, max: 3 }),
  lengths: fc.constantFrom('generated' as const, 'ties' as const, 'tiny' as const),
});

describe('the N-1 sweep by counts and scratch searches', () => {
  it('agrees with the per-NRO re-route of every cut, at every diversity, ties and equal rounded distances included', () => {
    fc.assert(
      fc.property(
        shapes,
        fc.constantFrom<RouteDiversity>('section', 'site', 'risk-group', 'owner'),
        fc.integer({ min: 0, max: 3 }),
        ({ seed, lengths, ...shape }, diversity, fibres) => {
          const topology = reshaped(withCapacities(randomNetwork(seed, { ...shape, plannedShare: 0, riskGroups: 3 }), seed), lengths);
          const routing = collectionRoutes(compileNetwork(topology), { diversity });
          const fast = n1SweepLoads(routing, { fibresPerRoute: fibres });
          const slow = bruteForceSweep(routing, fibres);
          expect(Array.from(fast.baseLoad)).toEqual(slow.baseLoad);
          expect(Array.from(fast.worstLoad)).toEqual(slow.worstLoad);
          expect(Array.from(fast.worstCut)).toEqual(slow.worstCut);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('Router.replacementInto', () => {
  it('finds exactly the route DiversePairs.replacement finds, with the exact tree or a lower bound, with or without entry bounds', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 1000 }), ({ seed, lengths, ...shape }, salt) => {
        const net = compileNetwork(reshaped(randomNetwork(seed, { ...shape, chords: shape.chords + 10, riskGroups: 0 }), lengths));
        const m = net.sectionCount;
        const dead = Uint8Array.from({ length: m }, (_, e) => ((e + salt) % 11 === 0 ? 1 : 0));
        const exact = headendTree(net, dead);
        const intact = headendTree(net);
        const bounds = entryBounds(net, intact);
        const routers = [
          new Router(net, { dead, toHeadend: exact.distance, via: exact.via }),
          // The bounded search first, proven or redone.
          new Router(net, { dead, toHeadend: exact.distance, via: exact.via, entryBounds: bounds }),
          // The distances before the failure: a consistent lower bound, no tree.
          new Router(net, { dead, toHeadend: intact.distance }),
          new Router(net, { dead, toHeadend: intact.distance, entryBounds: bounds }),
        ];
        const other = new Router(net);
        const out = new Int32Array(net.siteCount);
        for (const router of routers) {
          // The reference: the searches of `shortestPath`, which never use the bounds.
          const pairs = new DiversePairs(new Router(net, { dead, toHeadend: router.toHeadend, via: router.via ?? undefined }));
          for (let v = 0; v < net.siteCount; v++) {
            const kept = other.shortestPath(v);
            if (!kept || kept.sections.length === 0) continue;
            for (const diversity of ['site', 'section'] as const) {
              const expected = pairs.replacement(v, kept, diversity);
              const count = router.replacementInto(v, kept.sections, diversity === 'site', out);
              expect(count < 0 ? null : Array.from(out.subarray(0, count))).toEqual(expected && Array.from(expected.sections));
            }
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
