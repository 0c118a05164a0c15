import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import { Router } from '../src/routing/shortest-pair.js';
import { randomNetwork } from './support/random-network.js';

describe('a route read off the shortest-path tree instead of searched', () => {
  it('is exactly the route the search finds, ties and all, under failed and avoided sections', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 0, max: 1000 }),
        fc.boolean(),
        (seed, salt, fewLengths) => {
          const topology = randomNetwork(seed, { sites: 40, chords: 30, headends: 2, riskGroups: 0 });
          // With lengths of 1 to 3 m most shortest routes tie: the tree must then leave the answer to the search.
          if (fewLengths) for (const section of topology.sections) section.lengthM = 1 + (section.lengthM % 3);
          const net = compileNetwork(topology);
          const dead = Uint8Array.from({ length: net.sectionCount }, (_, e) => ((e + salt) % 7 === 0 ? 1 : 0));
          const exact = headendTree(net, dead);
          // The same exact distances; one router has the tree too (and may read routes off it), the other searches.
          const withTree = new Router(net, { dead, toHeadend: exact.distance, via: exact.via });
          const searching = new Router(net, { dead, toHeadend: exact.distance });
          const plain = (route: ReturnType<Router['shortestPath']>) => route && { ...route, sections: Array.from(route.sections) };
          for (let v = 0; v < net.siteCount; v++) {
            // Avoid what a sweep avoids: another route of the same site (here, one found with a few more sections failed).
            const other = new Router(net, { dead: Uint8Array.from(dead, (d, e) => (d || (e + v) % 5 === 0 ? 1 : 0)) }).shortestPath(v);
            for (const avoid of [other?.sections ?? [], Array.from({ length: net.sectionCount }, (_, e) => e).filter((e) => (e + v + salt) % 9 === 1)]) {
              // Without avoided sections the tree's route is the answer by definition (`firstRoute`), tie or not.
              if (avoid.length === 0) continue;
              expect(plain(withTree.shortestPath(v, avoid))).toEqual(plain(searching.shortestPath(v, avoid)));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
