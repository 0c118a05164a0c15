import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { bridgeFarSides } from '../src/routing/bridge-sides.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { relabeledRouting, renumberedArrays, renumberedNetwork, renumberInto } from '../src/routing/relabel.js';
import { randomNetworks } from './support/random-network.js';

describe('the sections in tree order of a renumbered routing', () => {
  it('holds every section once, the tree sections depth first', () => {
    fc.assert(
      fc.property(randomNetworks(), (topology) => {
        const net = compileNetwork(topology);
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

describe('a network renumbered in a given order', () => {
  it('is the same network: each site its sections in their order, each section its ends, bridges and head-ends', () => {
    fc.assert(
      fc.property(randomNetworks(), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (topology, seed) => {
        const net = compileNetwork(topology);
        const n = net.siteCount;
        // A permutation from the seed (sites by a hash of their index).
        const order = Array.from({ length: n }, (_, v) => v).sort((a, b) => ((a * 2654435761 + seed) % 1009) - ((b * 2654435761 + seed) % 1009) || a - b);
        const arrays = renumberedArrays(net);
        arrays.oldSite.set(order);
        const farSide = bridgeFarSides(net);
        renumberInto(net, farSide, arrays);
        const renumbered = renumberedNetwork(net, arrays);
        for (let x = 0; x < n; x++) {
          const v = order[x];
          expect(arrays.newSite[v]).toBe(x);
          expect(renumbered.isHeadend[x]).toBe(net.isHeadend[v]);
          const arcs = (g: typeof net, s: number, site: (w: number) => number) =>
            Array.from({ length: g.adjOffset[s + 1] - g.adjOffset[s] }, (_, j) => [g.adjSection[g.adjOffset[s] + j], site(g.adjSite[g.adjOffset[s] + j])]);
          expect(arcs(renumbered, x, (w) => order[w])).toEqual(arcs(net, v, (w) => w));
        }
        for (let e = 0; e < net.sectionCount; e++) {
          expect([order[renumbered.sectionFrom[e]], order[renumbered.sectionTo[e]]]).toEqual([net.sectionFrom[e], net.sectionTo[e]]);
          expect(arrays.farSide[e] < 0 ? -1 : order[arrays.farSide[e]]).toBe(farSide[e]);
        }
        expect(Array.from(renumbered.headends, (x) => order[x])).toEqual(Array.from(net.headends));
      }),
      { numRuns: 100 },
    );
  });
});
