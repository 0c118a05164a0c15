import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { compileNetwork, type CompiledNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRoutes, type CollectionRouting } from '../src/routing/collection-routes.js';
import type { Route } from '../src/routing/route.js';
import { n1SweepLoads } from '../src/saturation/n1-sweep.js';

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
    const net = compileNetwork(fibreNetwork({ sections: 40_000, seed: 42 }));
    const alone = collectionRoutes(net, { threads: 1 });
    const split = collectionRoutes(net, { threads: 2 });
    expect(plainRoutes(split)).toEqual(plainRoutes(alone));
    expect(split.toHeadend).toEqual(alone.toHeadend);
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
