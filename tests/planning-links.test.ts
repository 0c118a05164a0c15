import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { distanceM, proposeCandidateLinks } from '../src/planning/candidate-links.js';
import { rankRedundancyLinks } from '../src/planning/link-ranking.js';
import { securedByLinks } from '../src/planning/link-scenario.js';
import { orderLinksByValue } from '../src/planning/link-value-ordering.js';
import { nroPaths } from '../src/planning/nro-paths.js';
import { planningNetwork } from './support/planning-network.js';
import { randomNetwork } from './support/random-network.js';

// Figures below are read off the drawing in tests/support/planning-network.ts.
describe('rankRedundancyLinks on the hand-made network', () => {
  const ranking = rankRedundancyLinks(planningNetwork());
  const link = (id: string) => ranking.links.find((l) => l.id === id)!;

  it('orders by priority, then €/m, then id', () => {
    // L1 and L2 priority 1 at 25 €/m; L3, L5 priority 2 at 25 €/m; L4 priority 3; L6 priority 4.
    expect(ranking.links.map((l) => l.id)).toEqual(['L1', 'L2', 'L3', 'L5', 'L4', 'L6']);
  });

  it('says what each link secures, covers and costs per subscriber', () => {
    // L1 closes POP-A–NRO-1–NRO-3–POP-B: NRO-1 and NRO-3 get a second path; NRO-2 still hangs on S5.
    expect(link('L1')).toMatchObject({
      securedNros: ['NRO-1', 'NRO-3'],
      subscribersSecured: 1800,
      coveredSections: ['S4', 'S6'],
      eurPerM: 25,
      buysNothing: false,
    });
    expect(link('L1').eurPerSubscriber).toBeCloseTo(250000 / 1800, 6);
    // L2 closes NRO-2–NRO-1–POP-A…POP-B–NRO-4: secures 1000 + 500 + 300.
    expect(link('L2')).toMatchObject({ securedNros: ['NRO-1', 'NRO-2', 'NRO-4'], subscribersSecured: 1800, coveredSections: ['S4', 'S5', 'S7'] });
    expect(link('L2').eurPerSubscriber).toBeCloseTo(100000 / 1800, 6);
  });

  it('flags a link that buys nothing and keeps one that only covers a section', () => {
    expect(link('L4')).toMatchObject({ buysNothing: true, securedNros: [], coveredSections: [], eurPerSubscriber: null, eurPerM: 30 });
    // L3 doubles S5 only: NRO-2 still depends on S4, but S5 is no longer critical for it.
    expect(link('L3')).toMatchObject({ buysNothing: false, securedNros: [], coveredSections: ['S5'] });
  });

  it('reports connecting an island without calling it secured', () => {
    expect(link('L5')).toMatchObject({ connectedNros: ['NRO-5'], subscribersConnected: 200, securedNros: [], buysNothing: false });
  });

  it('describes the baseline', () => {
    expect(ranking.baseline).toEqual({ singleHomedNros: ['NRO-1', 'NRO-2', 'NRO-3', 'NRO-4'], isolatedNros: ['NRO-5'], subscribersNotSecured: 2800 });
  });

  it('marks a link ending at a planned site as unavailable unless planned sites are analysed', () => {
    const t = planningNetwork();
    t.sites.push({ id: 'NRO-P', kind: 'nro', lon: 2, lat: 50.2, subscribers: 50, status: 'planned' });
    t.redundancyLinks!.push({ id: 'L7', priority: 1, a: 'NRO-P', b: 'NRO-2', lengthM: 100, costEur: 2500, owner: 'SMSN' });
    expect(rankRedundancyLinks(t).links.find((l) => l.id === 'L7')!.unavailable).toMatch(/NRO-P.*planned/);
    expect(rankRedundancyLinks(t, { includePlanned: true }).links.find((l) => l.id === 'L7')!.unavailable).toBeUndefined();
  });

  it('takes --with-link links as already built', () => {
    const withL2 = rankRedundancyLinks(planningNetwork(), { baseLinks: ['L2'] });
    // Given L2, L1 only adds NRO-3.
    expect(withL2.links.find((l) => l.id === 'L1')!.securedNros).toEqual(['NRO-3']);
  });
});

describe('orderLinksByValue on the hand-made network', () => {
  const ordering = orderLinksByValue(planningNetwork());

  it('takes the best subscribers per euro given the links above', () => {
    // L2: 1800 / 100 000 € beats L1: 1800 / 250 000 €; then L1 adds only NRO-3 (800).
    expect(ordering.steps.slice(0, 2).map((s) => [s.id, s.marginalSubscribers, s.cumulativeCostEur])).toEqual([
      ['L2', 1800, 100000],
      ['L1', 800, 350000],
    ]);
    expect(ordering.steps[1].eurPerSubscriber).toBeCloseTo(250000 / 800, 6);
  });

  it('finds the pair that secures only together and names the synergy', () => {
    // L5 (NRO-4–NRO-5) and L6 (NRO-5–NRO-3) close POP-B–NRO-4–NRO-5–NRO-3–POP-B: NRO-5 secured (200).
    const [third, fourth] = ordering.steps.slice(2);
    expect([third.id, third.marginalSubscribers, third.pairedWith]).toEqual(['L6', 0, 'L5']);
    expect([fourth.id, fourth.marginalSubscribers, fourth.aloneSubscribers, fourth.pairedWith]).toEqual(['L5', 200, 0, 'L6']);
    expect(fourth.synergyWith).toEqual(['L6']);
    expect(ordering.addNothing).toEqual(['L3', 'L4']);
  });
});

describe('securedByLinks (the fast set evaluation) against full reports', () => {
  it('secures exactly the NROs that the resilience report turns secured', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 4, max: 25 }), fc.integer({ min: 0, max: 8 }), (seed, sites, chords) => {
        const topology = withRandomLinks(randomNetwork(seed, { sites, chords, headends: 1 + (seed % 2), plannedShare: 0 }), seed, 5);
        const ids = (topology.redundancyLinks ?? []).filter((_, i) => (seed >> i) & 1).map((l) => l.id);
        const before = resilienceReport(compileNetwork(topology)).nros;
        const after = resilienceReport(compileNetwork(topology, { withLinks: ids })).nros;
        const expected = after.filter((n, i) => n.status === 'secured' && before[i].status !== 'secured');
        const got = securedByLinks(topology)(ids);
        expect(got.securedNros).toEqual(expected.map((n) => n.id));
        expect(got.subscribersSecured).toBe(expected.reduce((t, n) => t + n.subscribers, 0));
        const paths = nroPaths(compileNetwork(topology, { withLinks: ids }));
        const net = compileNetwork(topology, { withLinks: ids });
        for (const n of after) expect(paths[net.siteIndex.get(n.id)!]).toBe(n.paths);
      }),
      { numRuns: 200 },
    );
  });
});

describe('proposeCandidateLinks', () => {
  it('proposes the nearest sites outside what the NRO hangs on, priced by distance × detour × €/m', () => {
    const proposal = proposeCandidateLinks(planningNetwork(), { afterLinks: [] });
    expect(proposal.singleHomedNros).toEqual(['NRO-1', 'NRO-2', 'NRO-3', 'NRO-4']);
    const forNro4 = proposal.links.filter((l) => l.forNro === 'NRO-4');
    // NRO-4 (2.10, 50.00): POP-B is 0.05° of latitude north, 5 559.75 m; HE is 0.1° of longitude
    // west at 50° N, about 7 147 m; NRO-3 is farther.
    expect(forNro4.map((l) => l.b)).toEqual(['POP-B', 'HE']);
    const toPopB = forNro4[0];
    // 5 559.75 m × 1.3 = 7 227.7 → 7 228 m; × 25 €/m = 180 700 €.
    expect([toPopB.distanceM, toPopB.lengthM, toPopB.costEur]).toEqual([5560, 7228, 180700]);
    expect(toPopB).toMatchObject({ securedNros: ['NRO-4'], subscribersSecured: 300, coveredSections: ['S7'] });
  });

  it('never proposes a site that hangs below the NRO on the same critical sections', () => {
    const proposal = proposeCandidateLinks(planningNetwork(), { afterLinks: [], perNro: 10 });
    // NRO-2 hangs below NRO-1: linking NRO-1 to NRO-2 would secure nothing.
    const forNro1 = proposal.links.filter((l) => l.forNro === 'NRO-1').map((l) => l.b);
    expect(forNro1).not.toContain('NRO-2');
    expect(forNro1.length).toBeGreaterThan(0);
    for (const l of proposal.links) expect(l.securedNros).toContain(l.forNro);
  });

  it('starts from the seed links built: nothing left to propose when they secure every NRO', () => {
    const proposal = proposeCandidateLinks(planningNetwork());
    expect(proposal.assumedBuilt).toEqual(['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    expect(proposal.singleHomedNros).toEqual([]);
    expect(proposal.links).toEqual([]);
  });

  it('takes the detour factor and the rate as options', () => {
    const proposal = proposeCandidateLinks(planningNetwork(), { afterLinks: [], detourFactor: 1, eurPerM: 10, perNro: 1 });
    const toPopB = proposal.links.find((l) => l.forNro === 'NRO-4')!;
    expect([toPopB.lengthM, toPopB.costEur]).toEqual([5560, 55600]);
  });

  it('measures great-circle distances', () => {
    // One degree of latitude on a sphere of radius 6 371 008.8 m: 2π R / 360.
    expect(distanceM({ lon: 2, lat: 49 }, { lon: 2, lat: 50 })).toBeCloseTo(111195.08, 1);
    expect(distanceM({ lon: 0, lat: 0 }, { lon: 90, lat: 0 })).toBeCloseTo((Math.PI / 2) * 6371008.8, 3);
  });
});

/** Adds `count` random links between random existing sites. */
function withRandomLinks(topology: Topology, seed: number, count: number): Topology {
  const sites = topology.sites.filter((s) => (s.status ?? 'existing') === 'existing');
  const links = [];
  for (let k = 0; k < count && sites.length >= 2; k++) {
    const a = sites[(seed + 7 * k) % sites.length];
    const b = sites[(seed * 13 + 3 * k + 1) % sites.length];
    if (a.id === b.id) continue;
    links.push({ id: `R${k}`, priority: 1 + (k % 3), a: a.id, b: b.id, lengthM: 100 + k, costEur: 2500 + 25 * k, owner: 'SMSN' });
  }
  return { ...topology, redundancyLinks: links };
}
