import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { reachableSites } from '../src/analysis/reachability.js';
import { bridgeFarSides } from '../src/routing/bridge-sides.js';
import { HeadendTreeRepair } from '../src/routing/headend-tree-repair.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import { randomNetwork } from './support/random-network.js';
import { tinyNetwork } from './support/tiny-network.js';

describe('shortest-path tree repair after one cut', () => {
  it('moves only the sites under the cut section, to their detour', () => {
    // HE ─1─ A ─1─ B, and a long way round HE ─10─ B.
    const net = compileNetwork(tinyNetwork(['HE:headend', 'A', 'B'], [['ha', 'HE', 'A', 1], ['ab', 'A', 'B', 1], ['hb', 'HE', 'B', 10]]));
    const repair = new HeadendTreeRepair(net, headendTree(net));
    const dead = new Uint8Array(net.sectionCount);
    dead[net.sectionIndex.get('ha')!] = 1;
    expect(repair.cut(net.sectionIndex.get('ha')!, dead)).toBe(2);
    expect(Array.from(repair.distance)).toEqual([0, 11, 10]);
    expect(Array.from(repair.via, (e) => net.sectionIds[e] ?? null)).toEqual([null, 'ab', 'hb']);
    repair.restore();
    expect(Array.from(repair.distance)).toEqual([0, 1, 2]);
    dead.fill(0);
    dead[net.sectionIndex.get('hb')!] = 1;
    expect(repair.cut(net.sectionIndex.get('hb')!, dead)).toBe(0); // not a tree section
  });

  it('gives, cut after cut, exactly the tree of a fresh Dijkstra', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 40 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 1, max: 3 }),
        (seed, sites, chords, headends) => {
          const net = compileNetwork(randomNetwork(seed, { sites, chords, headends, plannedShare: 0 }));
          const repair = new HeadendTreeRepair(net, headendTree(net));
          const dead = new Uint8Array(net.sectionCount);
          for (let e = 0; e < net.sectionCount; e++) {
            dead[e] = 1;
            repair.cut(e, dead);
            const fresh = headendTree(net, dead);
            expect(Array.from(repair.distance)).toEqual(Array.from(fresh.distance));
            expect(Array.from(repair.via)).toEqual(Array.from(fresh.via));
            repair.restore();
            dead[e] = 0;
          }
          const intact = headendTree(net);
          expect(Array.from(repair.distance)).toEqual(Array.from(intact.distance));
          expect(Array.from(repair.via)).toEqual(Array.from(intact.via));
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('bridge far sides', () => {
  it('name, for each section whose failure cuts sites off, the end it cuts off', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 2, max: 30 }), fc.integer({ min: 0, max: 20 }), (seed, sites, chords) => {
        const net = compileNetwork(randomNetwork(seed, { sites, chords, headends: 1 + (seed % 3), plannedShare: 0 }));
        const away = bridgeFarSides(net);
        const before = reachableSites(net);
        for (let e = 0; e < net.sectionCount; e++) {
          const dead = new Uint8Array(net.sectionCount);
          dead[e] = 1;
          const after = reachableSites(net, { sections: dead });
          const cutOff = [net.sectionFrom[e], net.sectionTo[e]].filter((v) => before[v] && !after[v]);
          expect(away[e]).toBe(cutOff.length === 1 ? cutOff[0] : -1);
        }
      }),
      { numRuns: 150 },
    );
  });
});
