import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { reachableSites } from '../src/analysis/reachability.js';
import { bridgeFarSides } from '../src/routing/bridge-sides.js';
import { HeadendTreeRepair } from '../src/routing/headend-tree-repair.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import { randomNetworks } from './support/random-network.js';
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
        randomNetworks(),
        (topology) => {
          const net = compileNetwork(topology);
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

describe('shortest-path tree repair after several cuts at once', () => {
  it('gives the tree of a fresh Dijkstra, every site with a route settled after the one its route goes through', () => {
    fc.assert(
      fc.property(
        randomNetworks(),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (topology, failing) => {
          const net = compileNetwork(topology);
          const repair = new HeadendTreeRepair(net, headendTree(net));
          const dead = new Uint8Array(net.sectionCount);
          // About one section in four, spurs and chains cut in the middle among them.
          const failed = Int32Array.from(Array.from({ length: net.sectionCount }, (_, e) => e).filter((e) => (failing >>> e % 31) & 1 && (e + failing) % 2 === 0));
          for (const e of failed) dead[e] = 1;
          const size = repair.cutAll(failed, 0, failed.length, dead);
          const fresh = headendTree(net, dead);
          expect(Array.from(repair.distance)).toEqual(Array.from(fresh.distance));
          expect(Array.from(repair.via)).toEqual(Array.from(fresh.via));
          const union = Array.from(repair.subtree.subarray(0, size));
          const settled = Array.from(repair.settled.subarray(0, repair.settledCount));
          expect(new Set(settled)).toEqual(new Set(union.filter((v) => Number.isFinite(repair.distance[v]))));
          expect(settled.length).toBe(new Set(settled).size);
          const position = new Map(settled.map((v, k) => [v, k]));
          for (const v of settled) {
            const e = repair.via[v];
            const parent = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
            if (repair.inUnion(parent)) expect(position.get(parent)!).toBeLessThan(position.get(v)!);
          }
          expect(repair.settledInOrder).toBe(true);
          repair.restore();
          const intact = headendTree(net);
          expect(Array.from(repair.distance)).toEqual(Array.from(intact.distance));
          expect(Array.from(repair.via)).toEqual(Array.from(intact.via));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('bridge far sides', () => {
  it('name, for each section whose failure cuts sites off, the end it cuts off', () => {
    fc.assert(
      fc.property(randomNetworks(30, 20), (topology) => {
        const net = compileNetwork(topology);
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
