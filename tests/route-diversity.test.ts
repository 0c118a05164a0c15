import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { type CompiledNetwork, compileNetwork } from '../src/graph/compile.js';
import { InvalidOptionError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { RequestError } from '../src/requests/request-error.js';
import { saturationRequest } from '../src/requests/saturation.js';
import { collectionRecords, collectionRoutes, type CollectionRouting } from '../src/routing/collection-routes.js';
import { DiversePairs } from '../src/routing/diverse-pair.js';
import type { Route } from '../src/routing/route.js';
import { diversityReached, type RouteDiversity, routeSharing } from '../src/routing/route-diversity.js';
import { Router } from '../src/routing/shortest-pair.js';
import { routingAfterFailure } from '../src/saturation/reroute-after-cut.js';
import { saturationReport } from '../src/saturation/saturation-report.js';
import { assertValidRoute, type BrutePath, simplePaths } from './support/brute-force-routing.js';
import { randomNetwork } from './support/random-network.js';
import { runCli } from './support/run-cli.js';
import { tinyNetwork } from './support/tiny-network.js';

const SOMME = 'topology/somme.json';
const somme: Topology = JSON.parse(readFileSync(SOMME, 'utf8'));

// --- Independent references: walks and brute force, no router code. ---------------------------

/** The sites a list of sections walks through from `source`, its two ends excepted. */
function sitesOf(net: CompiledNetwork, source: number, sections: ArrayLike<number>): number[] {
  const sites: number[] = [];
  let v = source;
  for (let k = 0; k < sections.length; k++) {
    const e = sections[k];
    v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    if (k + 1 < sections.length) sites.push(v);
  }
  return sites;
}

/** The groups of each section as the topology names them: risk groups, and the owner as `owner:…` with `owners`. */
function groupsBySection(net: CompiledNetwork, topology: Topology, owners: boolean): string[][] {
  const byId = new Map(topology.sections.map((s) => [s.id, s]));
  return net.sectionIds.map((id) => {
    const s = byId.get(id)!;
    return [...(s.riskGroups ?? []), ...(owners ? [`owner:${s.owner}`] : [])];
  });
}

interface PairKey {
  groups: number;
  sites: number;
  total: number;
}

function pairKey(net: CompiledNetwork, source: number, a: ArrayLike<number>, b: ArrayLike<number>, groups: string[][] | null): PairKey {
  const sitesA = new Set(sitesOf(net, source, a));
  const groupsA = new Set(Array.from(a).flatMap((e) => groups?.[e] ?? []));
  const sharedGroups = new Set(Array.from(b).flatMap((e) => groups?.[e] ?? []).filter((g) => groupsA.has(g)));
  let total = 0;
  for (const e of [...Array.from(a), ...Array.from(b)]) total += net.lengthM[e];
  return { groups: sharedGroups.size, sites: sitesOf(net, source, b).filter((v) => sitesA.has(v)).length, total };
}

const less = (x: PairKey, y: PairKey) => x.groups - y.groups || x.sites - y.sites || x.total - y.total;

/** The best section-disjoint pair of simple paths by (shared groups, shared sites, total length), by trying every pair. */
function bruteBestPair(net: CompiledNetwork, source: number, groups: string[][] | null, usable?: (e: number) => boolean): PairKey | null {
  const paths: BrutePath[] = simplePaths(net, source, usable);
  let best: PairKey | null = null;
  for (let i = 0; i < paths.length; i++) {
    const used = new Set(paths[i].sections);
    for (let j = i + 1; j < paths.length; j++) {
      if (paths[j].sections.some((e) => used.has(e))) continue;
      const key = pairKey(net, source, paths[i].sections, paths[j].sections, groups);
      if (best === null || less(key, best) < 0) best = key;
    }
  }
  return best;
}

function expectDisjointPair(net: CompiledNetwork, source: number, primary: Route, backup: Route, usable?: (e: number) => boolean) {
  assertValidRoute(net, source, primary, usable);
  assertValidRoute(net, source, backup, usable);
  expect(Array.from(backup.sections).filter((e) => primary.sections.includes(e))).toEqual([]);
  expect(primary.lengthM).toBeLessThanOrEqual(backup.lengthM);
}

const ids = (net: CompiledNetwork, sections: ArrayLike<number>) => Array.from(sections, (e) => net.sectionIds[e]);

// --- Site-disjoint pairs against NetworkX ------------------------------------------------------

interface SiteCase {
  source: { file: string } | { generate: { sections: number; seed: number } };
  network: { includePlanned: boolean };
  sections: number;
  nros: Array<{ nro: string; flow: number; sectionTotalM?: number; sharedSites?: number; siteTotalM?: number }>;
}

const siteCases: SiteCase[] = JSON.parse(readFileSync(new URL('./fixtures/diverse-routes/site-pairs.json', import.meta.url), 'utf8')).cases;

function caseTopology(source: SiteCase['source']): Topology {
  if ('generate' in source) return fibreNetwork(source.generate);
  const document = JSON.parse(readFileSync(source.file, 'utf8'));
  return document.topology ?? document;
}

describe('site-disjoint pairs against NetworkX min-cost flow on the node-split graph', () => {
  for (const c of siteCases) {
    it(`${JSON.stringify(c.source)} ${JSON.stringify(c.network)}`, { timeout: 60_000 }, () => {
      const net = compileNetwork(caseTopology(c.source), c.network);
      expect(net.sectionCount).toBe(c.sections);
      const site = collectionRoutes(net, { diversity: 'site' });
      const section = collectionRoutes(net, { diversity: 'section' });
      const records = new Map(collectionRecords(site).map((r) => [r.nro, r]));
      const index = new Map(Array.from(site.nros, (v, k) => [net.siteIds[v], k]));
      let pairs = 0;
      for (const row of c.nros) {
        const k = index.get(row.nro)!;
        const v = site.nros[k];
        const [primary, backup] = [site.primary[k], site.backup[k]];
        expect([row.nro, primary !== null, backup !== null]).toEqual([row.nro, row.flow >= 1, row.flow === 2]);
        if (row.flow < 2) continue;
        pairs++;
        expectDisjointPair(net, v, primary!, backup!);
        const shared = pairKey(net, v, primary!.sections, backup!.sections, null).sites;
        expect([row.nro, shared]).toEqual([row.nro, row.sharedSites]);
        expect(primary!.lengthM + backup!.lengthM).toBeCloseTo(row.siteTotalM!, 6);
        expect(section.primary[k]!.lengthM + section.backup[k]!.lengthM).toBeCloseTo(row.sectionTotalM!, 6);
        const record = records.get(row.nro)!;
        expect(record.shares!.sites).toHaveLength(shared);
        expect(record.exact).toBe(true);
        if (shared > 0) expect(record.diversity).toBe('section');
        else expect(record.diversity).not.toBe('section');
      }
      expect(pairs).toBeGreaterThan(0);
    });
  }

  it('gives on two threads what one thread gives, at every level', { timeout: 120_000 }, () => {
    const net = compileNetwork(fibreNetwork({ sections: 6_000, seed: 3 }));
    const plain = (routing: CollectionRouting) => ({
      diversity: routing.diversity,
      exact: Array.from(routing.exact ?? []),
      routes: [...routing.primary, ...routing.backup].map((r) => r && [r.headend, r.lengthM, ...r.sections]),
    });
    for (const diversity of ['site', 'risk-group', 'owner'] as const) {
      const alone = collectionRoutes(net, { diversity, threads: 1 });
      expect(plain(collectionRoutes(net, { diversity, threads: 2 }))).toEqual(plain(alone));
    }
  });
});

describe('site diversity on hand-made traps', () => {
  it('finds the site-disjoint pair where the first route crosses both alternatives (Suurballe, not "remove and search again")', () => {
    const net = compileNetwork(
      tinyNetwork(
        ['S', 'A:pop', 'B:pop', 'T:headend'],
        [['sa', 'S', 'A', 1], ['ab', 'A', 'B', 1], ['bt', 'B', 'T', 1], ['sb', 'S', 'B', 3], ['at', 'A', 'T', 3]],
      ),
    );
    const pair = new Router(net).sitePair(net.siteIndex.get('S')!)!;
    expect([ids(net, pair.primary.sections), ids(net, pair.backup!.sections)].sort()).toEqual([['sa', 'at'], ['sb', 'bt']]);
    expect(pair.sharedSites).toBe(0);
  });

  // S ═ P ═ H: two conduits each way, both through the POP P.
  const throughPop = (extra: Array<[string, string, string, number]> = []) =>
    compileNetwork(
      tinyNetwork(['S', 'P:pop', 'Q:pop', 'H1:headend', 'H2:headend'], [
        ['a1', 'S', 'P', 1], ['a2', 'S', 'P', 2], ['b1', 'P', 'H1', 1], ['b2', 'P', 'H2', 2], ...extra,
      ]),
    );

  it('takes the maximally disjoint pair when every pair shares a POP, and says what it shares', () => {
    const net = throughPop();
    const [record] = collectionRecords(collectionRoutes(net)).filter((r) => r.nro === 'S');
    expect(record).toMatchObject({
      status: 'protected',
      primary: { sections: ['a1', 'b1'], lengthM: 2 },
      backup: { sections: ['a2', 'b2'], lengthM: 4 },
      diversity: 'section',
      shares: { sites: ['P'], riskGroups: [], owners: ['SMSN'] },
      exact: true,
    });
  });

  it('prefers a longer site-disjoint backup to a short one through the same POP', () => {
    const net = throughPop([['sq', 'S', 'Q', 10], ['qh', 'Q', 'H2', 10]]);
    const routing = collectionRoutes(net);
    const [record] = collectionRecords(routing).filter((r) => r.nro === 'S');
    expect(record).toMatchObject({ primary: { sections: ['a1', 'b1'] }, backup: { sections: ['sq', 'qh'] }, diversity: 'risk-group', shares: { sites: [] } });
    const [sectionOnly] = collectionRecords(collectionRoutes(net, { diversity: 'section' })).filter((r) => r.nro === 'S');
    expect(sectionOnly).toMatchObject({ backup: { sections: ['a2', 'b2'] }, diversity: 'section', shares: { sites: ['P'] }, exact: true });
  });

  it('shares one site rather than two, even at a greater length', () => {
    // S ═ X ═ Y ═ H (parallel sections each hop), and X — H directly: sharing X alone costs 14, sharing X and Y 6.
    const net = compileNetwork(
      tinyNetwork(['S', 'X:pop', 'Y:pop', 'H:headend'], [
        ['s1', 'S', 'X', 1], ['s2', 'S', 'X', 1], ['t1', 'X', 'Y', 1], ['t2', 'X', 'Y', 1], ['u1', 'Y', 'H', 1], ['u2', 'Y', 'H', 1], ['v', 'X', 'H', 10],
      ]),
    );
    const pair = new Router(net).sitePair(net.siteIndex.get('S')!)!;
    expect([pair.sharedSites, pair.primary.lengthM + pair.backup!.lengthM]).toEqual([1, 14]);
    expect(new Router(net).shortestPair(net.siteIndex.get('S')!)!.backup!.lengthM).toBe(3);
  });

  it('leaves an NRO behind a bridge unprotected, as at section level', () => {
    const net = compileNetwork(
      tinyNetwork(['SPUR', 'P:pop', 'H:headend'], [['sp', 'SPUR', 'P', 5], ['p1', 'P', 'H', 1], ['p2', 'P', 'H', 2]]),
    );
    const router = new Router(net);
    expect(router.sitePair(net.siteIndex.get('SPUR')!)).toMatchObject({ primary: { lengthM: 6 }, backup: null, sharedSites: 0 });
    expect(router.sitePair(net.siteIndex.get('P')!)).toMatchObject({ primary: { lengthM: 1 }, backup: { lengthM: 2 }, sharedSites: 0 });
  });
});

// --- Risk-group and owner diversity against brute force ----------------------------------------

describe('risk-group and owner diversity on hand-made traps', () => {
  it('avoids a shared trench with a longer backup', () => {
    const net = compileNetwork(
      tinyNetwork(['S', 'A:pop', 'B:pop', 'C:pop', 'H:headend'], [
        ['sa', 'S', 'A', 1, { riskGroups: ['trench'] }], ['ah', 'A', 'H', 1], ['sb', 'S', 'B', 1, { riskGroups: ['trench'] }], ['bh', 'B', 'H', 1],
        ['sc', 'S', 'C', 5], ['ch', 'C', 'H', 5],
      ]),
    );
    const [site] = collectionRecords(collectionRoutes(net));
    expect(site).toMatchObject({ diversity: 'site', shares: { riskGroups: ['trench'] }, exact: true });
    expect(site.primary!.lengthM + site.backup!.lengthM).toBe(4);
    const [group] = collectionRecords(collectionRoutes(net, { diversity: 'risk-group' }));
    expect(group).toMatchObject({ diversity: 'risk-group', shares: { sites: [], riskGroups: [], owners: ['SMSN'] }, exact: true, backup: { sections: ['sc', 'ch'] } });
    expect(group.primary!.lengthM).toBe(2);
  });

  it('shares what no pair can avoid, and nothing more, proven', () => {
    // Both conduits out of S lie in one duct bank and end at A: every pair shares the duct and A.
    const net = compileNetwork(
      tinyNetwork(['S', 'A:pop', 'B:pop', 'C:pop', 'H:headend'], [
        ['d1', 'S', 'A', 1, { riskGroups: ['duct'] }], ['d2', 'S', 'A', 1, { riskGroups: ['duct'] }],
        ['ab', 'A', 'B', 1, { riskGroups: ['bridge'] }], ['bh', 'B', 'H', 1], ['ac', 'A', 'C', 1, { riskGroups: ['bridge'] }], ['ch', 'C', 'H', 1],
        ['ah', 'A', 'H', 9],
      ]),
    );
    const [record] = collectionRecords(collectionRoutes(net, { diversity: 'risk-group' }));
    expect(record).toMatchObject({ diversity: 'section', shares: { sites: ['A'], riskGroups: ['duct'] }, exact: true });
    expect(record.primary!.lengthM + record.backup!.lengthM).toBe(13);
  });

  it('says when it cannot prove the best pair: every pair shares a group, no group is shared by every route', () => {
    // Three routes over groups {g1, g2}, {g1, g3}, {g2, g3}: every pair shares one group.
    const net = compileNetwork(
      tinyNetwork(['S', 'A1:pop', 'A2:pop', 'A3:pop', 'H:headend'], [
        ['a', 'S', 'A1', 1, { riskGroups: ['g1'] }], ['b', 'A1', 'H', 1, { riskGroups: ['g2'] }],
        ['c', 'S', 'A2', 2, { riskGroups: ['g1'] }], ['d', 'A2', 'H', 2, { riskGroups: ['g3'] }],
        ['e', 'S', 'A3', 3, { riskGroups: ['g2'] }], ['f', 'A3', 'H', 3, { riskGroups: ['g3'] }],
      ]),
    );
    const [record] = collectionRecords(collectionRoutes(net, { diversity: 'risk-group' }));
    expect(record).toMatchObject({ diversity: 'site', exact: false });
    expect(record.shares!.riskGroups).toHaveLength(1);
  });

  it('takes owners as groups at owner level', () => {
    const net = compileNetwork(
      tinyNetwork(['S', 'A:pop', 'B:pop', 'H:headend'], [
        ['sa', 'S', 'A', 1], ['ah', 'A', 'H', 1], ['sb', 'S', 'B', 2], ['bh', 'B', 'H', 2], ['sh', 'S', 'H', 10, { owner: 'Viatel' }],
      ]),
    );
    const [site] = collectionRecords(collectionRoutes(net));
    expect(site).toMatchObject({ diversity: 'risk-group', shares: { owners: ['SMSN'] } });
    const [owner] = collectionRecords(collectionRoutes(net, { diversity: 'owner' }));
    expect(owner).toMatchObject({ diversity: 'owner', shares: { sites: [], riskGroups: [], owners: [] }, exact: true, primary: { sections: ['sa', 'ah'] }, backup: { sections: ['sh'] } });
  });
});

const smallShapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sites: fc.integer({ min: 3, max: 10 }),
  chords: fc.integer({ min: 2, max: 12 }),
  headends: fc.integer({ min: 1, max: 2 }),
  riskGroups: fc.integer({ min: 0, max: 8 }),
});

describe('every level against brute force over pairs of simple paths on small networks (≤ 40 sections)', () => {
  const exactness = { exact: 0, inexact: 0, sharing: 0, longer: 0 };

  it('is the best pair by (shared groups, shared sites, length) wherever it says exact, never better than the best otherwise', () => {
    fc.assert(
      fc.property(smallShapes, fc.constantFrom<RouteDiversity>('section', 'site', 'risk-group', 'owner'), ({ seed, ...shape }, diversity) => {
        const topology = randomNetwork(seed, { ...shape, plannedShare: 0 });
        const net = compileNetwork(topology);
        if (net.sectionCount > 40) return;
        const groups = diversity === 'risk-group' || diversity === 'owner' ? groupsBySection(net, topology, diversity === 'owner') : null;
        const routing = collectionRoutes(net, { diversity });
        routing.nros.forEach((v, k) => {
          const [primary, backup] = [routing.primary[k], routing.backup[k]];
          const best = bruteBestPair(net, v, groups);
          expect(backup === null).toBe(best === null);
          if (!primary || !backup || !best) return;
          expectDisjointPair(net, v, primary, backup);
          const key = pairKey(net, v, primary.sections, backup.sections, groups);
          // Section level minimises the length alone; the others (groups,) sites, then length.
          const ranked = diversity === 'section' ? { groups: 0, sites: 0, total: key.total } : key;
          const reference = diversity === 'section' ? { groups: 0, sites: 0, total: bruteSectionTotal(net, v) } : best;
          if (groups && best.groups + best.sites > 0) exactness.sharing++;
          if (groups && best.groups === 0 && best.total > bruteBestPair(net, v, null)!.total + 1e-6) exactness.longer++;
          if (routing.exact![k]) {
            exactness.exact++;
            expect([ranked.groups, ranked.sites]).toEqual([reference.groups, reference.sites]);
            expect(ranked.total).toBeCloseTo(reference.total, 6);
          } else {
            exactness.inexact++;
            expect(less(key, best)).toBeGreaterThanOrEqual(0);
          }
        });
      }),
      { numRuns: 300 },
    );
    // Almost every pair is proven; the rest is said. Many pairs must share a group, or take a longer way not to.
    expect(exactness.exact).toBeGreaterThan(20 * exactness.inexact);
    expect([exactness.sharing > 0, exactness.longer > 0]).toEqual([true, true]);
  });
});

function bruteSectionTotal(net: CompiledNetwork, source: number): number {
  const paths = simplePaths(net, source);
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < paths.length; i++) {
    const used = new Set(paths[i].sections);
    for (let j = i + 1; j < paths.length; j++) {
      if (!paths[j].sections.some((e) => used.has(e))) best = Math.min(best, paths[i].length + paths[j].length);
    }
  }
  return best;
}

// --- Re-routing after a cut keeps the diversity ------------------------------------------------

describe('re-routing after a cut keeps the routing’s diversity', () => {
  it('replaces a lost route by the shortest one avoiding what the intact route uses at that level, relaxed when none exists', () => {
    fc.assert(
      fc.property(smallShapes, fc.integer({ min: 0, max: 1000 }), fc.constantFrom<RouteDiversity>('site', 'risk-group'), ({ seed, ...shape }, salt, diversity) => {
        const topology = randomNetwork(seed, { ...shape, plannedShare: 0 });
        const net = compileNetwork(topology);
        if (net.sectionCount > 40) return;
        const routing = collectionRoutes(net, { diversity });
        const groups = groupsBySection(net, topology, false);
        routing.nros.forEach((v, k) => {
          const [primary, backup] = [routing.primary[k], routing.backup[k]];
          if (!primary || !backup) return;
          // Cut one section of one route: the other carries on.
          const [lost, intact] = salt % 2 === 0 ? [primary, backup] : [backup, primary];
          const dead = new Uint8Array(net.sectionCount);
          dead[lost.sections[salt % lost.sections.length]] = 1;
          const { routing: after } = routingAfterFailure(routing, dead);
          expect([after.primary[k], after.backup[k]]).toContain(intact);
          const replacement = [after.primary[k], after.backup[k]].find((r) => r !== intact) ?? null;
          const intactSites = new Set(sitesOf(net, v, intact.sections));
          const intactGroups = new Set(Array.from(intact.sections).flatMap((e) => groups[e]));
          const atSites = (e: number) => intactSites.has(net.sectionFrom[e]) || intactSites.has(net.sectionTo[e]);
          const inGroups = (e: number) => groups[e].some((g) => intactGroups.has(g));
          const rungs: Array<(e: number) => boolean> = diversity === 'site' ? [atSites, () => false] : [(e) => atSites(e) || inGroups(e), inGroups, atSites, () => false];
          let expected: number | null = null;
          for (const banned of rungs) {
            const usable = (e: number) => !dead[e] && !intact.sections.includes(e) && !banned(e);
            const lengths = simplePaths(net, v, usable).map((p) => p.length);
            if (lengths.length > 0) {
              expected = Math.min(...lengths);
              break;
            }
          }
          expect(replacement?.lengthM ?? null).toBe(expected);
          if (replacement) assertValidRoute(net, v, replacement, (e) => !dead[e] && !intact.sections.includes(e));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('re-routes an NRO whose two routes are both cut as the best pair at the level on what survives', () => {
    fc.assert(
      fc.property(smallShapes, fc.integer({ min: 0, max: 1000 }), ({ seed, ...shape }, salt) => {
        const net = compileNetwork(randomNetwork(seed, { ...shape, plannedShare: 0 }));
        if (net.sectionCount > 40) return;
        const routing = collectionRoutes(net);
        expect(routing.diversity).toBe('site');
        routing.nros.forEach((v, k) => {
          const [primary, backup] = [routing.primary[k], routing.backup[k]];
          if (!primary || !backup) return;
          const dead = new Uint8Array(net.sectionCount);
          dead[primary.sections[salt % primary.sections.length]] = 1;
          dead[backup.sections[salt % backup.sections.length]] = 1;
          const alive = (e: number) => !dead[e];
          const { routing: after } = routingAfterFailure(routing, dead);
          const best = bruteBestPair(net, v, null, alive);
          expect(after.backup[k] === null).toBe(best === null);
          if (!best) return;
          expectDisjointPair(net, v, after.primary[k]!, after.backup[k]!, alive);
          const key = pairKey(net, v, after.primary[k]!.sections, after.backup[k]!.sections, null);
          expect(key.sites).toBe(best.sites);
          expect(key.total).toBeCloseTo(best.total, 6);
        });
      }),
      { numRuns: 150 },
    );
  });
});

// --- What a pair shares ------------------------------------------------------------------------

describe('routeSharing', () => {
  const net = compileNetwork(
    tinyNetwork(['S', 'P:pop', 'Q:pop', 'H1:headend', 'H2:headend'], [
      ['a1', 'S', 'P', 1, { riskGroups: ['trench-b', 'trench-a'] }], ['a2', 'S', 'P', 2, { riskGroups: ['trench-a'], owner: 'Viatel' }],
      ['b1', 'P', 'H1', 1, { owner: 'Viatel' }], ['b2', 'P', 'Q', 2, { riskGroups: ['trench-b'] }], ['c', 'Q', 'H1', 1],
    ]),
  );
  const route = (sections: string[], headend: string): Route => ({
    headend: net.siteIndex.get(headend)!,
    sections: Int32Array.from(sections, (id) => net.sectionIndex.get(id)!),
    lengthM: 0,
  });

  it('lists the sites (not the ends), risk groups and owners both routes use, sorted', () => {
    const sharing = routeSharing(net, route(['a1', 'b1'], 'H1'), route(['a2', 'b2', 'c'], 'H1'));
    expect(sharing).toEqual({ sections: [], sites: ['P'], riskGroups: ['trench-a', 'trench-b'], owners: ['SMSN', 'Viatel'] });
    expect(diversityReached(sharing)).toBe('section');
  });

  it('names shared sections, and gives the level a pair reaches', () => {
    expect(routeSharing(net, route(['a1', 'b1'], 'H1'), route(['a1', 'b2', 'c'], 'H1')).sections).toEqual(['a1']);
    expect(diversityReached({ sections: ['a1'], sites: [], riskGroups: [], owners: [] })).toBeNull();
    expect(diversityReached({ sections: [], sites: [], riskGroups: ['g'], owners: [] })).toBe('site');
    expect(diversityReached({ sections: [], sites: [], riskGroups: [], owners: ['SMSN'] })).toBe('risk-group');
    expect(diversityReached({ sections: [], sites: [], riskGroups: [], owners: [] })).toBe('owner');
  });
});

// --- Options, requests and the command line ----------------------------------------------------

describe('the diversity option', () => {
  it('is refused, naming the field, when it is not a level', () => {
    const net = compileNetwork(somme);
    expect(() => collectionRoutes(net, { diversity: 'srlg' as RouteDiversity })).toThrow(InvalidOptionError);
    expect(() => collectionRoutes(net, { diversity: 'srlg' as RouteDiversity })).toThrow(/diversity/);
    expect(() => new DiversePairs(new Router(net), { budget: -1 })).toThrow(/budget/);
    const workspace = new NetworkWorkspace(somme);
    expect(() => saturationRequest(workspace, { diversity: 'srlg' as RouteDiversity })).toThrow(RequestError);
  });

  it('reaches the routing through the saturation request, memoised per level', () => {
    const workspace = new NetworkWorkspace(somme);
    const site = saturationRequest(workspace, {});
    const section = saturationRequest(workspace, { diversity: 'section' });
    expect(site).toBe(saturationRequest(workspace, { diversity: 'site' }));
    expect(section).not.toBe(site);
    const sharingSites = (report: typeof site) => report.routes.filter((r) => r.status === 'protected' && r.shares!.sites.length > 0).map((r) => r.nro);
    expect(sharingSites(section)).toEqual(['NRO-ABV', 'NRO-ALB', 'NRO-FCT', 'NRO-FEQ', 'NRO-LCR', 'NRO-RUE', 'NRO-SBL', 'NRO-SVY']);
    expect(sharingSites(site)).toEqual(['NRO-ALB', 'NRO-FCT']);
  });

  it('is read by saturation and cut --reroute on the command line', async () => {
    const { code, stdout } = await runCli('saturation', SOMME, '--json', '--diversity', 'risk-group');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    const protectedRoutes = doc.routes.filter((r: { status: string }) => r.status === 'protected');
    expect(protectedRoutes.length).toBe(38);
    for (const r of protectedRoutes) expect(Object.keys(r)).toEqual(expect.arrayContaining(['diversity', 'shares', 'exact']));
    const bad = await runCli('saturation', SOMME, '--diversity', 'srlg');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^saturation: --diversity: expected one of section, site, risk-group, owner/);
    const cut = await runCli('cut', SOMME, '--section', 'S-017', '--reroute', '--diversity', 'section', '--json');
    expect(cut.code).toBe(0);
    expect(JSON.parse(cut.stdout).reroute.routesLost.length).toBeGreaterThan(0);
  });
});

describe('the Somme network by diversity', () => {
  const net = compileNetwork(somme);
  const records = (diversity: RouteDiversity) => collectionRecords(collectionRoutes(net, { diversity })).filter((r) => r.status === 'protected');
  const count = (diversity: RouteDiversity) => {
    const list = records(diversity);
    return {
      protected: list.length,
      sharingSite: list.filter((r) => r.shares!.sites.length > 0).length,
      sharingGroup: list.filter((r) => r.shares!.riskGroups.length > 0).length,
      exact: list.filter((r) => r.exact).length,
    };
  };

  it('has eight protected NROs sharing a site and fourteen a risk group with section-disjoint routes; site diversity leaves the two that must', () => {
    expect(count('section')).toEqual({ protected: 38, sharingSite: 8, sharingGroup: 14, exact: 38 });
    expect(count('site')).toEqual({ protected: 38, sharingSite: 2, sharingGroup: 14, exact: 38 });
    expect(count('risk-group')).toEqual({ protected: 38, sharingSite: 2, sharingGroup: 1, exact: 38 });
    // What the two still share: nothing avoids them (ALB's every route goes through POP-ALBERT).
    const left = records('site').filter((r) => r.shares!.sites.length > 0).map((r) => [r.nro, r.shares!.sites]);
    expect(left).toEqual([['NRO-ALB', ['POP-ALBERT']], ['NRO-FCT', ['POP-FRIVILLE']]]);
  });

  it('moves the near-saturation of S-009 (D-03) below 80 % with site-disjoint routes', () => {
    const load = (diversity: RouteDiversity) =>
      saturationReport(net, somme.desaturationWorks ?? [], { routing: collectionRoutes(net, { diversity }) }).sections.find((s) => s.section === 'S-009')!;
    expect(load('section')).toMatchObject({ state: 'near', loadFibres: 126 });
    expect(load('site')).toMatchObject({ state: 'ok', loadFibres: 112 });
  });
});
