import fc from 'fast-check';
import { bidirectional } from 'graphology-shortest-path/dijkstra.js';
import { describe, expect, it } from 'vitest';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { networkGraph } from '../src/graph/network-graph.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRecords, collectionRoutes } from '../src/routing/collection-routes.js';
import { distanceToHeadend } from '../src/routing/nearest-headend.js';
import { Router } from '../src/routing/shortest-pair.js';
import { assertValidRoute, brutePairTotal, bruteShortest } from './support/brute-force-routing.js';
import { randomNetwork } from './support/random-network.js';
import { tinyNetwork } from './support/tiny-network.js';

const ids = (net: ReturnType<typeof compileNetwork>, sections: ArrayLike<number>) => Array.from(sections, (e) => net.sectionIds[e]);

describe('shortest disjoint pair on a trap topology', () => {
  // The shortest path S-A-B-T (3) takes the middle section A-B, which both disjoint routes
  // need to avoid: removing it leaves S-B-T and nothing disjoint from it... unless the pair
  // is searched as a pair: S-A-T and S-B-T, 4 + 4.
  const trap = tinyNetwork(
    ['S', 'A:pop', 'B:pop', 'T:headend'],
    [
      ['sa', 'S', 'A', 1],
      ['ab', 'A', 'B', 1],
      ['bt', 'B', 'T', 1],
      ['sb', 'S', 'B', 3],
      ['at', 'A', 'T', 3],
    ],
  );

  it('defeats "remove the first path and search again"', () => {
    const net = compileNetwork(trap);
    const router = new Router(net);
    const s = net.siteIndex.get('S')!;
    const first = router.shortestPath(s)!;
    expect(ids(net, first.sections)).toEqual(['sa', 'ab', 'bt']);
    expect(router.shortestPath(s, first.sections)).toBeNull();
  });

  it('finds the pair with Suurballe, the primary longer than the plain shortest path', () => {
    const net = compileNetwork(trap);
    const pair = new Router(net).shortestPair(net.siteIndex.get('S')!)!;
    const routes = [ids(net, pair.primary.sections), ids(net, pair.backup!.sections)].sort();
    expect(routes).toEqual([
      ['sa', 'at'],
      ['sb', 'bt'],
    ]);
    expect([pair.primary.lengthM, pair.backup!.lengthM]).toEqual([4, 4]);
    const [record] = collectionRecords(collectionRoutes(net));
    expect(record).toMatchObject({ nro: 'S', status: 'protected', shortestPathM: 3 });
  });

  it('reaches two different head-ends when the pair needs them', () => {
    const net = compileNetwork(
      tinyNetwork(
        ['S', 'A:pop', 'B:pop', 'H1:headend', 'H2:headend'],
        [
          ['sa', 'S', 'A', 1],
          ['ab', 'A', 'B', 1],
          ['bh2', 'B', 'H2', 1],
          ['sb', 'S', 'B', 3],
          ['ah1', 'A', 'H1', 5],
        ],
      ),
    );
    const pair = new Router(net).shortestPair(net.siteIndex.get('S')!)!;
    expect(net.siteIds[pair.primary.headend]).toBe('H2');
    expect(ids(net, pair.primary.sections)).toEqual(['sb', 'bh2']);
    expect(net.siteIds[pair.backup!.headend]).toBe('H1');
    expect(ids(net, pair.backup!.sections)).toEqual(['sa', 'ah1']);
  });

  it('untangles a pair whose second search walks back along the first route', () => {
    // Two ladders: the shortest path zig-zags through both rungs; the pair uses the rails.
    const net = compileNetwork(
      tinyNetwork(
        ['S', 'A:pop', 'B:pop', 'C:pop', 'D:pop', 'T:headend'],
        [
          ['sa', 'S', 'A', 1],
          ['sb', 'S', 'B', 3],
          ['ab', 'A', 'B', 1],
          ['bc', 'B', 'C', 1],
          ['ad', 'A', 'D', 4],
          ['cd', 'C', 'D', 1],
          ['ct', 'C', 'T', 4],
          ['dt', 'D', 'T', 1],
        ],
      ),
    );
    const router = new Router(net);
    const s = net.siteIndex.get('S')!;
    expect(ids(net, router.shortestPath(s)!.sections)).toEqual(['sa', 'ab', 'bc', 'cd', 'dt']);
    const pair = router.shortestPair(s)!;
    expect(ids(net, pair.primary.sections)).toEqual(['sa', 'ad', 'dt']);
    expect(ids(net, pair.backup!.sections)).toEqual(['sb', 'bc', 'ct']);
  });
});

describe('collection routes: special cases', () => {
  const topology = tinyNetwork(
    ['HE:headend', 'P:pop', 'TWIN', 'SPUR', 'ISLAND', 'X:pop'],
    [
      ['p1', 'HE', 'P', 100],
      ['p2', 'HE', 'P', 150],
      ['twin1', 'P', 'TWIN', 10],
      ['twin2', 'P', 'TWIN', 20],
      ['spur', 'TWIN', 'SPUR', 5],
      ['island', 'ISLAND', 'X', 5],
    ],
  );

  it('counts parallel sections as two disjoint routes', () => {
    const records = collectionRecords(collectionRoutes(compileNetwork(topology)));
    const twin = records.find((r) => r.nro === 'TWIN')!;
    expect(twin.status).toBe('protected');
    expect(twin.primary).toEqual({ headend: 'HE', lengthM: 110, sections: ['twin1', 'p1'] });
    expect(twin.backup).toEqual({ headend: 'HE', lengthM: 170, sections: ['twin2', 'p2'] });
  });

  it('gives a single-homed NRO its shortest route and no backup, an isolated one nothing', () => {
    const records = collectionRecords(collectionRoutes(compileNetwork(topology)));
    expect(records.find((r) => r.nro === 'SPUR')).toMatchObject({
      status: 'unprotected',
      primary: { headend: 'HE', lengthM: 115, sections: ['spur', 'twin1', 'p1'] },
      backup: null,
    });
    expect(records.find((r) => r.nro === 'ISLAND')).toMatchObject({
      status: 'unroutable',
      shortestPathM: null,
      primary: null,
      backup: null,
    });
  });

  it('gives an NRO named as head-end an empty route', () => {
    const net = compileNetwork(topology, { headends: ['HE', 'SPUR'] });
    const spur = collectionRecords(collectionRoutes(net)).find((r) => r.nro === 'SPUR')!;
    expect(spur).toMatchObject({ status: 'at-headend', primary: { headend: 'SPUR', lengthM: 0, sections: [] }, backup: null });
  });
});

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sites: fc.integer({ min: 2, max: 9 }),
  chords: fc.integer({ min: 0, max: 7 }),
  headends: fc.integer({ min: 1, max: 2 }),
  includePlanned: fc.boolean(),
});

/** Denser networks: about one protected NRO in seventy is a trap for "remove and search again". */
const denseShapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sites: fc.integer({ min: 4, max: 10 }),
  chords: fc.integer({ min: 6, max: 15 }),
  headends: fc.integer({ min: 1, max: 2 }),
  includePlanned: fc.constant(false),
});

/** Distance to the nearest head-end by graphology's Dijkstra, through a virtual target. */
function graphologyDistance(topology: Topology, includePlanned: boolean, source: string, headends: string[]): number | null {
  const graph = networkGraph(topology, { includePlanned });
  graph.addNode('__target', { id: '__target', kind: 'junction', lon: 0, lat: 0 });
  for (const h of headends) graph.addEdge(h, '__target', { id: `__${h}`, from: h, to: '__target', lengthM: 0, owner: '' });
  const path = bidirectional(graph, source, '__target', 'lengthM');
  if (!path) return null;
  let length = 0;
  for (let k = 0; k + 1 < path.length; k++) {
    length += Math.min(...graph.edges(path[k], path[k + 1]).map((e) => graph.getEdgeAttribute(e, 'lengthM')));
  }
  return length;
}

describe('routing against independent references on random small networks', () => {
  it('distance to the nearest head-end agrees with graphology-shortest-path', () => {
    fc.assert(
      fc.property(shapes, ({ seed, includePlanned, ...shape }) => {
        const topology = randomNetwork(seed, { ...shape, riskGroups: 0 });
        const net = compileNetwork(topology, { includePlanned });
        const toHeadend = distanceToHeadend(net);
        const headends = Array.from(net.headends, (h) => net.siteIds[h]);
        net.siteIds.forEach((id, v) => {
          const expected = graphologyDistance(topology, includePlanned, id, headends);
          expect(toHeadend[v]).toBe(expected ?? Number.POSITIVE_INFINITY);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('with failed sections, the distance agrees too (the tree-like branches peeled off before the Dijkstra)', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 2 ** 31 - 1 }), ({ seed, includePlanned, ...shape }, failing) => {
        const topology = randomNetwork(seed, { ...shape, riskGroups: 0 });
        const net = compileNetwork(topology, { includePlanned });
        // About one section in three failed: branches cut off, chains cut in the middle, whole parts without a head-end.
        const dead = Uint8Array.from({ length: net.sectionCount }, (_, e) => ((failing >>> e % 31) & 1) * ((e + failing) % 3 === 0 ? 1 : 0));
        const failed = new Set(net.sectionIds.filter((_, e) => dead[e] === 1));
        const left = { ...topology, sections: topology.sections.filter((s) => !failed.has(s.id)) };
        const toHeadend = distanceToHeadend(net, dead);
        const headends = Array.from(net.headends, (h) => net.siteIds[h]);
        net.siteIds.forEach((id, v) => {
          const expected = graphologyDistance(left, includePlanned, id, headends);
          expect(toHeadend[v]).toBe(expected ?? Number.POSITIVE_INFINITY);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('pairs are valid, disjoint, as short as brute force finds, and exist exactly when docs/analysis.md says secured', () => {
    fc.assert(
      fc.property(fc.oneof(shapes, denseShapes), ({ seed, includePlanned, ...shape }) => {
        const topology = randomNetwork(seed, { ...shape, riskGroups: 0 });
        const net = compileNetwork(topology, { includePlanned });
        // Section-disjoint pairs, as brute force counts them (site diversity: tests/route-diversity.test.ts).
        const routing = collectionRoutes(net, { diversity: 'section' });
        const paths = new Map(resilienceReport(net).nros.map((r) => [r.id, r.paths]));
        routing.nros.forEach((v, k) => {
          const primary = routing.primary[k];
          const backup = routing.backup[k];
          const pairTotal = brutePairTotal(net, v);
          expect(primary === null).toBe(bruteShortest(net, v) === null);
          if (primary === null) return;
          assertValidRoute(net, v, primary);
          if (backup === null) {
            expect(pairTotal).toBeNull();
            expect(primary.lengthM).toBe(bruteShortest(net, v));
            expect(paths.get(net.siteIds[v])).toBe(1);
          } else {
            assertValidRoute(net, v, backup);
            const shared = Array.from(backup.sections).filter((e) => primary.sections.includes(e));
            expect(shared).toEqual([]);
            expect(primary.lengthM).toBeLessThanOrEqual(backup.lengthM);
            expect(primary.lengthM + backup.lengthM).toBeCloseTo(pairTotal!, 6);
            expect(paths.get(net.siteIds[v])).toBe(2);
          }
        });
      }),
      { numRuns: 400 },
    );
  });

  it('searches under dead and avoided sections stay exact, with exact distances or a lower bound', () => {
    fc.assert(
      fc.property(fc.oneof(shapes, denseShapes), fc.integer({ min: 0, max: 1000 }), ({ seed, includePlanned, ...shape }, salt) => {
        const topology = randomNetwork(seed, { ...shape, riskGroups: 0 });
        const net = compileNetwork(topology, { includePlanned });
        const dead = Uint8Array.from({ length: net.sectionCount }, (_, e) => ((e + salt) % 4 === 0 ? 1 : 0));
        const avoid = Array.from({ length: net.sectionCount }, (_, e) => e).filter((e) => (e + salt) % 5 === 1);
        const routers = [new Router(net, { dead }), new Router(net, { dead, toHeadend: distanceToHeadend(net) })];
        for (const router of routers) {
          for (let v = 0; v < net.siteCount; v++) {
            if (net.isHeadend[v]) continue;
            for (const avoided of [[], avoid]) {
              const usable = (e: number) => !dead[e] && !avoided.includes(e);
              const route = router.shortestPath(v, avoided);
              expect(route?.lengthM ?? null).toBe(bruteShortest(net, v, usable));
              if (route) assertValidRoute(net, v, route, usable);
              const pair = router.shortestPair(v, avoided);
              const total = brutePairTotal(net, v, usable);
              if (pair?.backup) {
                assertValidRoute(net, v, pair.primary, usable);
                assertValidRoute(net, v, pair.backup, usable);
                expect(pair.primary.lengthM + pair.backup.lengthM).toBeCloseTo(total!, 6);
              } else {
                expect(total).toBeNull();
                expect(pair?.primary.lengthM ?? null).toBe(bruteShortest(net, v, usable));
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
