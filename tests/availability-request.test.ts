import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutImpact } from '../src/analysis/cut-impact.js';
import { withPlannedHeadend } from '../src/availability/work-worth.js';
import { availabilityCommand } from '../src/cli/commands/availability.js';
import { compileNetwork } from '../src/graph/compile.js';
import { UnknownReferenceError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { availabilityRequest } from '../src/requests/availability.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { RequestError } from '../src/requests/request-error.js';

const somme: Topology = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));
const workspace = new NetworkWorkspace(somme);
const answer = availabilityRequest(workspace, {});
const MIN_PER_YEAR = 525_600;

describe('availability on the Somme network', () => {
  it('has a record per NRO, worst first, in minutes and subscriber-hours of the same probabilities', () => {
    expect(answer.nros).toHaveLength(63);
    expect(answer.headends).toEqual(['HE-AMIENS']);
    for (let k = 1; k < answer.nros.length; k++) expect(answer.nros[k - 1].unavailabilityMinPerYear.lower).toBeGreaterThanOrEqual(answer.nros[k].unavailabilityMinPerYear.lower);
    for (const nro of answer.nros) {
      const { single, lower, upper } = nro.unavailabilityMinPerYear;
      expect(single).toBeLessThanOrEqual(lower);
      expect(lower).toBeLessThanOrEqual(upper);
      expect(nro.subscriberHoursPerYear.lower).toBeCloseTo((nro.subscribers * lower) / 60, 6);
      // Each single failure is listed with the minutes it is down; any of them down cuts the NRO off.
      const down = nro.singleFailures.map((f) => f.minPerYear);
      expect(lower).toBeGreaterThanOrEqual(Math.max(...down));
      expect(lower).toBeLessThanOrEqual(down.reduce((a, b) => a + b, 0) + 0.1);
      expect(nro.doubleFailures.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: true });
    }
    const total = answer.nros.reduce((a, n) => a + n.subscriberHoursPerYear.lower, 0);
    expect(answer.network.subscriberHoursPerYear.lower).toBeCloseTo(total, 6);
    expect(answer.network).toMatchObject({ nros: 63, subscribers: 128_800, isolated: { nros: 0, subscribers: 0, subscriberHoursPerYear: 0 } });
  });

  it('lists what cuts each NRO off alone: its critical sections and sites, shared risk groups, the head-end and itself', () => {
    const report = workspace.network({ headends: [], includePlanned: false, withLinks: [] }).report();
    for (const nro of answer.nros) {
      const analysed = report.nros.find((n) => n.id === nro.nro)!;
      const ids = (kind: string) => nro.singleFailures.filter((f) => f.kind === kind).map((f) => f.id).sort();
      expect(ids('section')).toEqual([...analysed.criticalSections].sort());
      expect(ids('riskGroup')).toEqual([...analysed.sharedRiskGroups].sort());
      expect(ids('site')).toEqual([...analysed.criticalSites, 'HE-AMIENS', nro.nro].sort());
      expect(nro.status).toBe(analysed.status);
    }
  });

  it('gives an NRO fed by one head-end and nothing else the minutes of the head-end and of itself: 2 × 0.4 h = 48 min a year', () => {
    const secured = answer.nros.filter((n) => n.status === 'secured' && n.singleFailures.length === 2);
    expect(secured.length).toBeGreaterThan(10);
    // Head-end and NRO each down 0.1 times a year for 4 h: p = 0.4 / 8760.4 each.
    const p = 0.4 / 8760.4;
    for (const nro of secured) expect(nro.unavailabilityMinPerYear.single).toBeCloseTo(2 * p * (1 - p) * MIN_PER_YEAR * Math.exp(0), 0);
  });

  it('echoes the failure model it used, every default filled in', () => {
    expect(answer.model.installations.duct).toEqual({ cutsPer1000KmYear: 3, mttrHours: 12 });
    expect(answer.model.siteKinds.headend).toEqual({ ratePerYear: 0.1, mttrHours: 4 });
    expect(answer.states).toBe('nro');
  });

  it('leaves the topology as it was', () => {
    const copy = structuredClone(somme);
    availabilityRequest(new NetworkWorkspace(copy), { network: { includePlanned: true }, failureModel: { riskGroups: { 'canal-somme-ham': { lengthM: 300 } } } });
    expect(copy).toEqual(somme);
  });

  it('answers the same request from memory', () => {
    const again = availabilityRequest(workspace, {});
    expect(again.nros).toBe(answer.nros);
    expect(again.works).toBe(answer.works);
  });
});

describe('what each work avoids on the Somme network', () => {
  const byId = new Map(answer.works.map((w) => [w.id, w]));

  it('values the planned head-end HE-SMSN at the head-end’s hours it takes away: no NRO hangs on HE-AMIENS alone once it is built', () => {
    const he = byId.get('HE-SMSN')!;
    expect(he.kind).toBe('headend');
    expect(he.note).toContain('S-136, S-137, S-138');
    // By reasoning: with HE-SMSN joined to HE-AMIENS, J-SALEUX and J-LONGUEAU, HE-AMIENS's failure cuts nobody off …
    const { topology } = withPlannedHeadend(somme, somme.sites.find((s) => s.id === 'HE-SMSN')!);
    const net = compileNetwork(topology);
    expect(cutImpact(net, { sites: ['HE-AMIENS'] }).isolatedNros).toEqual([]);
    expect(cutImpact(compileNetwork(somme), { sites: ['HE-AMIENS'] }).isolatedNros).toHaveLength(63);
    // … so every subscriber is spared its 0.4 h a year (0.1 failure × 4 h): 128 800 × 0.4 ≈ 51 520 subscriber-hours.
    const headendHours = (128_800 * 0.4 * 8760) / 8760.4;
    expect(he.subscriberHoursAvoidedPerYear.expected).toBeGreaterThan(0.99 * headendHours);
    expect(he.subscriberHoursAvoidedPerYear.expected).toBeLessThan(1.01 * headendHours);
    expect(he.costEur).toBeNull();
    expect(he.eurPerSubscriberHour).toBeNull();
  });

  it('values each link as the difference of the networks without and with it, within the bounds they prove', () => {
    const r06 = byId.get('R-06')!;
    const withLink = availabilityRequest(workspace, { network: { withLinks: ['R-06'] }, works: false });
    const before = answer.network.subscriberHoursPerYear;
    const after = withLink.network.subscriberHoursPerYear;
    expect(r06.subscriberHoursAvoidedPerYear.expected).toBeCloseTo(before.lower - after.lower, 6);
    expect(r06.subscriberHoursAvoidedPerYear.lower).toBeCloseTo(before.lower - after.upper, 6);
    expect(r06.subscriberHoursAvoidedPerYear.upper).toBeCloseTo(before.upper - after.lower, 6);
    expect(r06.eurPerSubscriberHour).toBeCloseTo(74_883 / r06.subscriberHoursAvoidedPerYear.expected, 9);
  });

  it('ranks by € per subscriber-hour avoided, then the head-end without a cost, then the desaturation works that avoid nothing', () => {
    const kinds = answer.works.map((w) => w.kind);
    expect(kinds.slice(0, 14).every((k) => k === 'redundancyLink')).toBe(true);
    expect(kinds[14]).toBe('headend');
    expect(kinds.slice(15).every((k) => k === 'desaturationWork')).toBe(true);
    const costs = answer.works.slice(0, 14).map((w) => w.eurPerSubscriberHour!);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    for (const w of answer.works.filter((x) => x.kind === 'desaturationWork')) {
      expect(w.subscriberHoursAvoidedPerYear).toEqual({ expected: 0, lower: 0, upper: 0 });
      expect(w.note).toMatch(/capacity, not paths/);
    }
  });

  it('says a link already built buys nothing more, and spreads the cost over the lifetime asked', () => {
    const built = availabilityRequest(workspace, { network: { withLinks: ['R-06'] }, lifetimeYears: 20 });
    const r06 = built.works.find((w) => w.id === 'R-06')!;
    expect(r06.note).toMatch(/already built/);
    expect(r06.subscriberHoursAvoidedPerYear.expected).toBe(0);
    const r13 = built.works.find((w) => w.id === 'R-13')!;
    expect(r13.eurPerSubscriberHour).toBeCloseTo(91_795 / (20 * r13.subscriberHoursAvoidedPerYear.expected), 9);
  });

  it('compares the head-end with the network without it when planned elements are analysed', () => {
    const planned = availabilityRequest(workspace, { network: { includePlanned: true } });
    const he = planned.works.find((w) => w.id === 'HE-SMSN')!;
    expect(he.note).toMatch(/without it/);
    expect(he.subscriberHoursAvoidedPerYear.expected).toBeCloseTo(byId.get('HE-SMSN')!.subscriberHoursAvoidedPerYear.expected, 0);
  });
});

describe('links on a small network', () => {
  // HE =S-1,S-2= A —S-3— B, and a junction J hanging off HE by S-4.
  const topology: Topology = {
    format: 'fibre-topology/1', name: 'links',
    sites: [
      { id: 'HE', kind: 'headend', lon: 2, lat: 49 }, { id: 'A', kind: 'nro', lon: 2, lat: 49, subscribers: 100 },
      { id: 'B', kind: 'nro', lon: 2, lat: 49, subscribers: 100 }, { id: 'J', kind: 'junction', lon: 2, lat: 49 },
    ],
    sections: [
      { id: 'S-1', from: 'HE', to: 'A', lengthM: 1000, owner: 'X' }, { id: 'S-2', from: 'HE', to: 'A', lengthM: 1000, owner: 'X' },
      { id: 'S-3', from: 'A', to: 'B', lengthM: 1000, owner: 'X' }, { id: 'S-4', from: 'HE', to: 'J', lengthM: 1000, owner: 'X' },
    ],
    redundancyLinks: [
      { id: 'R-USELESS', priority: 1, a: 'HE', b: 'J', lengthM: 500, costEur: 10, owner: 'X' },
      { id: 'R-THIRD', priority: 2, a: 'HE', b: 'A', lengthM: 500, costEur: 10, owner: 'X' },
      { id: 'R-USEFUL', priority: 3, a: 'HE', b: 'B', lengthM: 5000, costEur: 1e6, owner: 'X' },
    ],
  };

  it('values a link by the failures it takes away: a third path a little, a link where no NRO is nothing', () => {
    for (const states of ['nro', 'network'] as const) {
      const { works, network } = availabilityRequest(new NetworkWorkspace(topology), { states });
      const byId = new Map(works.map((w) => [w.id, w]));
      // A third path to A spares the states where S-1 and S-2 are both down: r² of them, tiny but real.
      expect(byId.get('R-THIRD')!.subscriberHoursAvoidedPerYear.expected).toBeGreaterThan(0);
      expect(byId.get('R-THIRD')!.subscriberHoursAvoidedPerYear.expected).toBeLessThan(1e-3 * byId.get('R-USEFUL')!.subscriberHoursAvoidedPerYear.expected);
      // A second way to J changes nothing for any NRO: all that is proven is the width of the bounds.
      const useless = byId.get('R-USELESS')!.subscriberHoursAvoidedPerYear;
      expect([useless.expected, useless.lower]).toEqual([0, 0]);
      const gap = network.subscriberHoursPerYear.upper - network.subscriberHoursPerYear.lower;
      expect(useless.upper).toBeLessThanOrEqual(gap + 1e-9 * network.subscriberHoursPerYear.upper);
      expect(byId.get('R-USELESS')!.eurPerSubscriberHour).toBeNull();
      expect(works.map((w) => w.id)).toEqual(['R-USEFUL', 'R-THIRD', 'R-USELESS'].sort((a, b) =>
        (byId.get(a)!.eurPerSubscriberHour ?? Number.POSITIVE_INFINITY) - (byId.get(b)!.eurPerSubscriberHour ?? Number.POSITIVE_INFINITY)));
      expect(works.at(-1)!.id).toBe('R-USELESS');
    }
  });
});

describe('bad requests', () => {
  it('name the field: bounds, unknown ids in the failure model', () => {
    const issue = (input: object) => {
      try {
        availabilityRequest(workspace, input as never);
      } catch (error) {
        if (error instanceof RequestError) return error.issues[0].field;
        if (error instanceof UnknownReferenceError) return `${error.field} ${error.id}`;
        throw error;
      }
      return 'accepted';
    };
    expect(issue({ states: 'everything' })).toBe('states');
    expect(issue({ top: 1000 })).toBe('top');
    expect(issue({ lifetimeYears: 0 })).toBe('lifetimeYears');
    expect(issue({ failureModel: { installations: { duct: { mttrHours: -2 } } } })).toBe('failureModel.installations.duct.mttrHours');
    expect(issue({ failureModel: { sites: { 'NRO-NOWHERE': { ratePerYear: 1 } } } })).toBe('failureModel.sites NRO-NOWHERE');
    expect(issue({ extra: true })).toBe('request');
  });
});

describe('fibre-resilience availability', () => {
  const run = async (args: string[]) => {
    let out = '';
    let err = '';
    const { parseArgs } = await import('node:util');
    const { positionals, values } = parseArgs({ args, options: availabilityCommand.options, allowPositionals: true, strict: true });
    const code = await availabilityCommand.run({ positionals, values }, { out: (t) => { out += String(t); }, err: (t) => { err += t; } });
    return { code, out, err };
  };
  const file = new URL('../topology/somme.json', import.meta.url).pathname;

  it('prints the network’s hours, the worst NROs with what cuts them off, and the works by € per subscriber-hour', async () => {
    const { code, out } = await run([file, '--top', '3']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Availability of 63 NROs \(128\u202f800 subscribers\), head-end\(s\) HE-AMIENS/);
    expect(out).toMatch(/Worst 3 connected NROs/);
    expect(out).toMatch(/NRO-FIN .* S-104 28\.7, HE-AMIENS 24/);
    expect(out).toMatch(/Works by € per subscriber-hour avoided/);
    expect(out.split('\n').find((l) => l.startsWith('R-06'))).toMatch(/21\.53/);
  });

  it('writes the same answer as the request with --json, with a failure model from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'availability-'));
    const model = join(dir, 'model.json');
    writeFileSync(model, JSON.stringify({ siteKinds: { headend: { ratePerYear: 0 } } }));
    const { code, out } = await run([file, '--json', '--failure-model', model, '--no-works', '--states', 'network', '--top', '2']);
    expect(code).toBe(0);
    const parsed = JSON.parse(out);
    const expected = availabilityRequest(workspace, { failureModel: { siteKinds: { headend: { ratePerYear: 0 } } }, works: false, states: 'network', top: 2 });
    expect(parsed).toEqual(JSON.parse(JSON.stringify(expected)));
    // A head-end that never fails still cuts every NRO off alone, in states of no weight.
    for (const nro of parsed.nros as { singleFailures: { id: string; minPerYear: number }[] }[]) {
      expect(nro.singleFailures.find((f) => f.id === 'HE-AMIENS')?.minPerYear).toBe(0);
    }
    expect(parsed.works).toEqual([]);
    expect(parsed.model.siteKinds.headend.ratePerYear).toBe(0);
  });

  it('refuses a --states it does not know', async () => {
    await expect(run([file, '--states', 'all'])).rejects.toThrow(/--states: expected nro or network/);
  });
});
