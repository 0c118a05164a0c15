import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { bridgeFarSides } from '../src/routing/bridge-sides.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { relabeledRouting } from '../src/routing/relabel.js';
import { randomNetwork } from './support/random-network.js';

describe('the sections in tree order of a renumbered routing', () => {
  it('holds every section once, the tree sections depth first', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 40 }), fc.integer({ min: 0, max: 30 }), (seed, sites, chords) => {
        const net = compileNetwork(randomNetwork(seed, { sites, chords, headends: 1 + (seed % 3), plannedShare: 0 }));
        const routing = collectionRoutes(net);
        const { sectionOrder, via, newSite } = relabeledRouting(routing, bridgeFarSides(net));
        expect([...sectionOrder].sort((a, b) => a - b)).toEqual(Array.from({ length: net.sectionCount }, (_, e) => e));
        // The tree sections in that order walk the tree depth first: each one leaves a site on the
        // path from a head-end down to where the one before ended (a stack of that path).
        const path: number[] = [];
        for (const e of sectionOrder) {
          const [a, b] = [newSite[net.sectionFrom[e]], newSite[net.sectionTo[e]]];
          const child = via[a] === e ? a : via[b] === e ? b : -1;
          if (child < 0) continue;
          const parent = child === a ? b : a;
          if (via[parent] < 0) path.length = 0;
          else {
            while (path.length > 0 && path[path.length - 1] !== parent) path.pop();
            expect(path.length).toBeGreaterThan(0);
          }
          if (path.length === 0) path.push(parent);
          path.push(child);
        }
      }),
      { numRuns: 150 },
    );
  });
});
