import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompiledNetwork, compileNetwork } from '../src/graph/compile.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { entryBounds } from '../src/routing/entry-bounds.js';
import { HeadendTreeRepair } from '../src/routing/headend-tree-repair.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import { Router } from '../src/routing/shortest-pair.js';
import { assertValidRoute, bruteShortest, routeAlong } from './support/brute-force-routing.js';
import { randomNetwork } from './support/random-network.js';

/** The sites a route from `source` passes through, its ends excepted. */
function innerSites(net: CompiledNetwork, source: number, sections: Int32Array): Set<number> {
  const sites = new Set<number>();
  let v = source;
  for (let j = 0; j + 1 < sections.length; j++) {
    const e = sections[j];
    v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    sites.add(v);
  }
  return sites;
}

describe('router failures read off the packed arcs (failuresInArcs)', () => {
  it('replacement searches stay as short as brute force finds, cut after cut, with the repaired tree and entry bounds', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          sites: fc.integer({ min: 3, max: 10 }),
          chords: fc.integer({ min: 2, max: 10 }),
          headends: fc.integer({ min: 1, max: 2 }),
        }),
        ({ seed, ...shape }) => {
          const net = compileNetwork(randomNetwork(seed, { ...shape, plannedShare: 0, riskGroups: 0 }));
          const routing = collectionRoutes(net);
          const tree = headendTree(net);
          const dead = new Uint8Array(net.sectionCount);
          const repair = new HeadendTreeRepair(net, tree);
          const bounds = entryBounds(net, tree);
          const router = new Router(net, { dead, toHeadend: repair.distance, via: repair.via, entryBounds: bounds, failuresInArcs: true });
          const out = new Int32Array(net.siteCount);
          for (let cut = 0; cut < net.sectionCount; cut++) {
            router.fail(cut);
            repair.cut(cut, dead);
            for (let k = 0; k < routing.nros.length; k++) {
              const v = routing.nros[k];
              if (net.isHeadend[v]) continue;
              for (const intact of [routing.primary[k], routing.backup[k]]) {
                if (!intact || intact.sections.includes(cut)) continue;
                const avoided = new Set(intact.sections);
                const walls = intact.sections.length > 1 ? innerSites(net, v, intact.sections) : new Set<number>();
                const bySections = (e: number) => !dead[e] && !avoided.has(e);
                const bySites = (e: number) => bySections(e) && !walls.has(net.sectionFrom[e]) && !walls.has(net.sectionTo[e]);
                const siteLength = bruteShortest(net, v, bySites);
                const siteCount = router.siteReplacementInto(v, intact.sections, out);
                if (siteLength === null) expect(siteCount).toBe(-1);
                else {
                  const route = routeAlong(net, v, out.slice(0, siteCount));
                  assertValidRoute(net, v, route, bySites);
                  expect(route.lengthM).toBeCloseTo(siteLength, 6);
                }
                for (const sites of [true, false]) {
                  const count = router.replacementInto(v, intact.sections, sites, out);
                  const usable = sites && siteLength !== null ? bySites : bySections;
                  const expected = bruteShortest(net, v, usable);
                  if (expected === null) {
                    expect(count).toBe(-1);
                    continue;
                  }
                  const route = routeAlong(net, v, out.slice(0, count));
                  assertValidRoute(net, v, route, usable);
                  expect(route.lengthM).toBeCloseTo(expected, 6);
                }
              }
            }
            repair.restore();
            router.unfail(cut);
          }
        },
      ),
      { numRuns: 120 },
    );
  });
});
