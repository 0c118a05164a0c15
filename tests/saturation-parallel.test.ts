import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { compileNetwork, type CompiledNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { bridgeFarSides, knownBridgeFarSides } from '../src/routing/bridge-sides.js';
import { collectionRoutes, type CollectionRouting } from '../src/routing/collection-routes.js';
import type { Route } from '../src/routing/route.js';
import { n1SweepLoads } from '../src/saturation/n1-sweep.js';
import { tinyNetwork } from './support/tiny-network.js';

const somme: Topology = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));

/** The routes as plain values: head-end, length and sections of every primary and backup. */
function plainRoutes(routing: CollectionRouting) {
  const plain = (route: Route | null) => route && { headend: route.headend, lengthM: route.lengthM, sections: Array.from(route.sections) };
  return { nros: Array.from(routing.nros), primary: routing.primary.map(plain), backup: routing.backup.map(plain) };
}

function expectSameSweep(net: CompiledNetwork, routing: CollectionRouting, threads: number) {
  const alone = n1SweepLoads(routing, { threads: 1 });
  const split = n1SweepLoads(routing, { threads });
  expect(alone.threads).toBe(1);
  expect(split.worstCut).toEqual(alone.worstCut);
  expect(split.worstLoad).toEqual(alone.worstLoad);
  expect(split.baseLoad).toEqual(alone.baseLoad);
  // The split sweep has something to find: some cut raises some load.
  expect(alone.worstCut.some((c) => c >= 0)).toBe(true);
  expect(alone.worstLoad.length).toBe(net.sectionCount);
  return split;
}

describe('the routing and the N-1 sweep on several threads', () => {
  it('give on a generated network exactly what one thread gives, ties and all', { timeout: 120_000 }, () => {
    const topology = fibreNetwork({ sections: 40_000, seed: 42 });
    const net = compileNetwork(topology);
    const alone = collectionRoutes(net, { threads: 1 });
    // On a network routed for the first time, a worker makes the depth-first pass (the
    // bridges' far sides and the search order) while this thread computes the tree.
    const fresh = compileNetwork(topology);
    const split = collectionRoutes(fresh, { threads: 2 });
    expect(plainRoutes(split)).toEqual(plainRoutes(alone));
    expect(split.toHeadend).toEqual(alone.toHeadend);
    expect(knownBridgeFarSides(fresh)).toEqual(bridgeFarSides(net));
    // Routed again, it hands the workers the pass it kept.
    expect(plainRoutes(collectionRoutes(fresh, { threads: 2 }))).toEqual(plainRoutes(alone));
    // Each worker's sections outgrow its first arena here: routes of several arenas.
    expect(new Set(split.primary.map((r) => r?.sections.buffer).filter((b) => b !== undefined)).size).toBeGreaterThan(2);
    const sweep = expectSameSweep(net, alone, 2);
    // The sweep at this size lasts long enough for the worker to join in.
    expect(sweep.threads).toBe(2);
  });

  it('give on the Somme network exactly what one thread gives', { timeout: 60_000 }, () => {
    const net = compileNetwork(somme);
    const alone = collectionRoutes(net, { threads: 1 });
    expect(plainRoutes(collectionRoutes(net, { threads: 2 }))).toEqual(plainRoutes(alone));
    expectSameSweep(net, alone, 2);
    expectSameSweep(net, alone, 3);
  });

  it('route at the risk-group diversity as one thread does, the pairs proven or not alike', { timeout: 120_000 }, () => {
    // 600 NROs, each with three routes over groups {g1, g2}, {g1, g3}, {g2, g3} (every pair
    // shares a group: not provable, see route-diversity.test.ts), beside a generated network.
    const sites = ['H:headend'];
    const sections: Parameters<typeof tinyNetwork>[1] = [];
    for (let i = 0; i < 600; i++) {
      sites.push(`S${i}`, `A${i}:pop`, `B${i}:pop`, `C${i}:pop`);
      const g = (k: number) => ({ riskGroups: [`g${i}-${k}`] });
      sections.push([`a${i}`, `S${i}`, `A${i}`, 1, g(1)], [`b${i}`, `A${i}`, 'H', 1, g(2)], [`c${i}`, `S${i}`, `B${i}`, 2, g(1)],
        [`d${i}`, `B${i}`, 'H', 2, g(3)], [`e${i}`, `S${i}`, `C${i}`, 3, g(2)], [`f${i}`, `C${i}`, 'H', 3, g(3)]);
    }
    const [gadgets] = [compileNetwork(tinyNetwork(sites, sections)), compileNetwork(fibreNetwork({ sections: 12_000, seed: 7 }))].map((net) => {
      const alone = collectionRoutes(net, { threads: 1, diversity: 'risk-group' });
      const split = collectionRoutes(net, { threads: 2, diversity: 'risk-group' });
      expect(plainRoutes(split)).toEqual(plainRoutes(alone));
      expect(Array.from(split.exact!)).toEqual(Array.from(alone.exact!));
      return split;
    });
    expect(gadgets.exact!.every((x) => x === 0)).toBe(true);
  });

  it('give exactly what one thread gives at the diversities that re-route through route objects', { timeout: 120_000 }, () => {
    for (const diversity of ['risk-group', 'owner'] as const) {
      const net = compileNetwork(somme);
      expectSameSweep(net, collectionRoutes(net, { threads: 1, diversity }), 2);
      const generated = compileNetwork(fibreNetwork({ sections: 4_000, seed: 7 }));
      expectSameSweep(generated, collectionRoutes(generated, { threads: 1, diversity }), 2);
    }
  });

  it('stay on one thread by default below the size where a worker pays', () => {
    const net = compileNetwork(somme);
    expect(n1SweepLoads(collectionRoutes(net)).threads).toBe(1);
  });

  it('refuse a thread count that is not a positive integer', () => {
    const routing = collectionRoutes(compileNetwork(somme));
    expect(() => n1SweepLoads(routing, { threads: 0 })).toThrow(/threads/);
    expect(() => collectionRoutes(routing.net, { threads: 1.5 })).toThrow(/threads/);
  });
});
