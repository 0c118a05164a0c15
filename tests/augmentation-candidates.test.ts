import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rateOptions } from '../src/cli/commands/propose.js';
import { InvalidOptionError, UnknownReferenceError } from '../src/model/errors.js';
import type { Site, Topology } from '../src/model/schema.js';
import { validateTopology } from '../src/model/validate.js';
import { type AugmentationCandidate, geometricCandidates } from '../src/planning/augmentation/geometric-candidates.js';
import { minCostAugmentation } from '../src/planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';

/** Great-circle distance written again from its formula (haversine, mean Earth radius), for the reference pairs. */
function metres(p: Site, q: Site): number {
  const r = Math.PI / 180;
  const h = Math.sin(((q.lat - p.lat) * r) / 2) ** 2 + Math.cos(p.lat * r) * Math.cos(q.lat * r) * Math.sin(((q.lon - p.lon) * r) / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A hand-made network: two head-ends, NROs around, one planned; a seed link; a conduit of another owner. */
function network(): Topology {
  return {
    format: 'fibre-topology/1',
    name: 'candidates',
    sites: [
      { id: 'HE-1', kind: 'headend', lon: 2.0, lat: 49.9 },
      { id: 'HE-2', kind: 'headend', lon: 2.05, lat: 49.9 },
      { id: 'POP-1', kind: 'pop', lon: 2.1, lat: 49.95 },
      { id: 'NRO-A', kind: 'nro', lon: 2.15, lat: 50.0, subscribers: 1000 },
      { id: 'NRO-B', kind: 'nro', lon: 2.2, lat: 50.02, subscribers: 600 },
      { id: 'NRO-C', kind: 'nro', lon: 2.6, lat: 50.3, subscribers: 300 },
      { id: 'NRO-P', kind: 'nro', lon: 2.16, lat: 50.01, subscribers: 100, status: 'planned' },
      { id: 'J-1', kind: 'junction', lon: 2.12, lat: 49.98 },
      // A site whose id is the id a geometric candidate would take.
      { id: 'P-NRO-A-NRO-B', kind: 'junction', lon: 2.3, lat: 50.1 },
    ],
    sections: [
      { id: 'S-1', from: 'HE-1', to: 'POP-1', lengthM: 9000, owner: 'SMSN' },
      { id: 'S-2', from: 'POP-1', to: 'J-1', lengthM: 3000, owner: 'SMSN' },
      { id: 'S-3', from: 'J-1', to: 'NRO-A', lengthM: 3000, owner: 'Viatel' },
      { id: 'S-4', from: 'NRO-A', to: 'NRO-B', lengthM: 4000, owner: 'SMSN' },
      { id: 'S-5', from: 'NRO-B', to: 'NRO-C', lengthM: 40000, owner: 'SMSN' },
      { id: 'S-6', from: 'NRO-A', to: 'NRO-P', lengthM: 1500, owner: 'SMSN', status: 'planned' },
      { id: 'S-7', from: 'POP-1', to: 'P-NRO-A-NRO-B', lengthM: 20000, owner: 'SMSN' },
    ],
    redundancyLinks: [
      { id: 'R-1', priority: 1, a: 'NRO-B', b: 'HE-2', lengthM: 15000, costEur: 375000, owner: 'SMSN' },
      { id: 'R-2', priority: 2, a: 'NRO-P', b: 'HE-2', lengthM: 12000, costEur: 300000, owner: 'SMSN' },
    ],
    rentableConduits: [
      { id: 'RC-1', from: 'NRO-C', to: 'HE-2', lengthM: 52000, owner: 'Orange', eurPerM: 4.5, installation: 'aerial' },
      { id: 'RC-2', from: 'NRO-P', to: 'HE-1', lengthM: 16000, owner: 'Orange', eurPerM: 6 },
    ],
  };
}

describe('geometricCandidates', () => {
  it('is a valid document to begin with', () => {
    expect(validateTopology(network()).problems).toEqual([]);
  });

  it('proposes every pair of analysed head-ends, POPs and NROs within the radius not joined by a section, at distance × detour × rate', () => {
    const topology = network();
    const candidates = geometricCandidates(topology, { radiusM: 20_000, detourFactor: 1.4, eurPerM: { duct: 30 }, includeTopologyLinks: false, includeRentableConduits: false });
    const sites = topology.sites.filter((s) => s.status !== 'planned' && s.kind !== 'junction');
    const joined = new Set(topology.sections.filter((s) => s.status !== 'planned').map((s) => [s.from, s.to].sort().join(' ')));
    const expected: Partial<AugmentationCandidate>[] = [];
    for (const p of sites) {
      for (const q of sites) {
        if (!(p.id < q.id) || (p.kind === 'headend' && q.kind === 'headend') || joined.has(`${p.id} ${q.id}`)) continue;
        const d = metres(p, q);
        if (d > 20_000) continue;
        const lengthM = Math.round(d * 1.4);
        expected.push({ a: p.id, b: q.id, lengthM, costEur: Math.round(lengthM * 30), distanceM: Math.round(d), owner: 'SMSN', installation: 'duct', source: 'geometry' });
      }
    }
    expect(candidates.map(({ id: _, ...c }) => c)).toEqual(expected.sort((x, y) => (x.a! < y.a! ? -1 : x.a! > y.a! ? 1 : x.b! < y.b! ? -1 : 1)));
    expect(candidates.length).toBeGreaterThan(3);
    // Ids are P-<a>-<b>, made unique against every id of the topology (a junction holds P-NRO-A-NRO-B).
    expect(candidates.map((c) => c.id)).toContain('P-NRO-A-POP-1');
    expect(candidates.some((c) => c.a === 'NRO-A' && c.b === 'NRO-B')).toBe(false);
  });

  it('gives each id once, unique against every id of the topology', () => {
    const topology = network();
    topology.sections.pop();
    topology.sections[3] = { ...topology.sections[3], to: 'POP-1' };
    const candidates = geometricCandidates(topology, { radiusM: 60_000 });
    const ab = candidates.find((c) => c.a === 'NRO-A' && c.b === 'NRO-B')!;
    expect(ab.id).toBe('P-NRO-A-NRO-B-2');
    const ids = candidates.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    const taken = new Set([...topology.sites, ...topology.sections].map((x) => x.id));
    for (const c of candidates.filter((x) => x.source === 'geometry')) expect(taken.has(c.id)).toBe(false);
  });

  it('prices by owner and kind of works: the owner’s table over the base one over the defaults', () => {
    const topology = network();
    const options = { radiusM: 20_000, includeTopologyLinks: false, includeRentableConduits: false } as const;
    const duct = geometricCandidates(topology, options);
    for (const c of duct) expect(c.costEur).toBe(Math.round(c.lengthM * 25));
    const buried = geometricCandidates(topology, { ...options, installation: 'buried' });
    for (const c of buried) expect([c.installation, c.costEur]).toEqual(['buried', Math.round(c.lengthM * 60)]);
    const viatel = geometricCandidates(topology, { ...options, owner: 'Viatel', eurPerM: 40, ownerEurPerM: { Viatel: { duct: 18 } } });
    for (const c of viatel) expect([c.owner, c.costEur]).toEqual(['Viatel', Math.round(c.lengthM * 18)]);
    const smsn = geometricCandidates(topology, { ...options, eurPerM: 40, ownerEurPerM: { Viatel: { duct: 18 } } });
    for (const c of smsn) expect(c.costEur).toBe(Math.round(c.lengthM * 40));
  });

  it('adds the rentable conduits whose ends are analysed, at their own rate, and the seed links the scenario can analyse', () => {
    const topology = network();
    const candidates = geometricCandidates(topology, { radiusM: 0 });
    expect(candidates).toEqual([
      { id: 'R-1', a: 'NRO-B', b: 'HE-2', lengthM: 15000, costEur: 375000, owner: 'SMSN', installation: 'duct', source: 'topology', distanceM: Math.round(metres(topology.sites[4], topology.sites[1])) },
      { id: 'RC-1', a: 'NRO-C', b: 'HE-2', lengthM: 52000, costEur: 234000, owner: 'Orange', installation: 'aerial', source: 'rentable conduit', distanceM: Math.round(metres(topology.sites[5], topology.sites[1])) },
    ]);
    const planned = geometricCandidates(topology, { radiusM: 0, includePlanned: true, baseLinks: ['R-1'] });
    expect(planned.map((c) => [c.id, c.source])).toEqual([['R-2', 'topology'], ['RC-1', 'rentable conduit'], ['RC-2', 'rentable conduit']]);
    expect(geometricCandidates(topology, { radiusM: 0, includeTopologyLinks: false, includeRentableConduits: false })).toEqual([]);
  });

  it('refuses options out of their domain, naming the field', () => {
    const topology = network();
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InvalidOptionError ? e.field : `not an InvalidOptionError: ${e}`;
      }
      return 'no error';
    };
    expect(field(() => geometricCandidates(topology, { radiusM: -1 }))).toBe('radiusM');
    expect(field(() => geometricCandidates(topology, { detourFactor: 0.9 }))).toBe('detourFactor');
    expect(field(() => geometricCandidates(topology, { eurPerM: { duct: -2 } }))).toBe('eurPerM');
    expect(field(() => geometricCandidates(topology, { eurPerM: { trench: 2 } as never }))).toBe('eurPerM');
    expect(field(() => geometricCandidates(topology, { ownerEurPerM: { Viatel: Number.NaN } }))).toBe('ownerEurPerM');
    expect(field(() => geometricCandidates(topology, { kinds: ['datacenter' as never] }))).toBe('kinds');
    expect(field(() => geometricCandidates(topology, { radiusM: 100_000, maxCandidates: 3 }))).toBe('radiusM');
  });
});

describe('minCostAugmentation on a hand-made network', () => {
  let solver: MilpSolver;
  beforeAll(async () => {
    solver = await loadMilpSolver();
  });

  it('secures what it can (every NRO here: A and B need a second way out, C a second one too) and says why it cannot the rest', () => {
    const topology = network();
    const candidates = geometricCandidates(topology, { radiusM: 20_000 });
    const result = minCostAugmentation(topology, { candidates, solver });
    // NRO-C is 40 km out, beyond the radius: only the rentable conduit reaches it.
    expect(result.securedNros).toEqual(['NRO-A', 'NRO-B', 'NRO-C']);
    expect(result.links.map((l) => l.id)).toContain('RC-1');
    const none = minCostAugmentation(topology, { candidates: candidates.filter((c) => c.id !== 'RC-1'), solver });
    expect(none.unsecurable).toEqual([{ id: 'NRO-C', kind: 'nro', subscribers: 300, why: 'single-homed even with every candidate built: S-5 stay critical' }]);
    expect(none.securedNros).toEqual(['NRO-A', 'NRO-B']);
  });

  it('refuses bad candidates and options, naming the field', () => {
    const topology = network();
    const candidates = geometricCandidates(topology, { radiusM: 20_000 });
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e instanceof InvalidOptionError || e instanceof UnknownReferenceError ? e.field : `unexpected: ${e}`;
      }
      return 'no error';
    };
    expect(field(() => minCostAugmentation(topology, { candidates: [...candidates, candidates[0]], solver }))).toBe('candidates');
    expect(field(() => minCostAugmentation(topology, { candidates: [{ ...candidates[0], id: 'S-1' }], solver }))).toBe('candidates');
    expect(field(() => minCostAugmentation(topology, { candidates: [{ ...candidates[1], a: 'NRO-P' }], solver }))).toBe('candidates');
    expect(field(() => minCostAugmentation(topology, { candidates, solver, target: { kind: 'share', share: 1.5 } }))).toBe('share');
    expect(field(() => minCostAugmentation(topology, { candidates, solver, target: { kind: 'share', share: -0.1 } }))).toBe('share');
    expect(field(() => minCostAugmentation(topology, { candidates, solver, target: { kind: 'share', share: 0.5, budgetEur: -1 } }))).toBe('budgetEur');
    expect(field(() => minCostAugmentation(topology, { candidates, solver, target: { kind: 'all' } as never }))).toBe('target');
    expect(field(() => minCostAugmentation(topology, { candidates, solver, timeLimitS: 0 }))).toBe('timeLimitS');
    expect(field(() => minCostAugmentation(topology, { candidates, solver, exactLimit: 1.5 }))).toBe('exactLimit');
  });
});

describe('propose --eur-per-m', () => {
  it('reads one rate, rates by kind of works, and rates by owner', () => {
    expect(rateOptions('25')).toEqual({ eurPerM: 25 });
    expect(rateOptions('duct=25,buried=60')).toEqual({ eurPerM: { duct: 25, buried: 60 } });
    expect(rateOptions('duct=25;Viatel:duct=15,Level 3:aerial=8.5')).toEqual({ eurPerM: { duct: 25 }, ownerEurPerM: { Viatel: { duct: 15 }, 'Level 3': { aerial: 8.5 } } });
  });
});

describe('the Somme file', () => {
  it('still validates (rentable conduits and deployment years are optional)', () => {
    expect(validateTopology(JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'))).ok).toBe(true);
  });
});
