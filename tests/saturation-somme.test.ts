import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { saturationReport } from '../src/saturation/saturation-report.js';
import { runCli } from './support/run-cli.js';
import { ringNetwork } from './support/ring-network.js';

const SOMME = 'topology/somme.json';
const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME, 'utf8')));

// The seed's picture holds with section-disjoint routes; with the default site-disjoint ones the
// seven NROs around Abbeville stop routing both ways through POP-ABBEVILLE and S-009 (D-03) falls
// to 77.8 % (tests/route-diversity.test.ts).
describe("the Somme network shows the seed's picture with the default settings and section-disjoint routes", () => {
  const net = compileNetwork(somme);
  const report = saturationReport(net, somme.desaturationWorks ?? [], { routing: collectionRoutes(net, { diversity: 'section' }) });
  const loads = new Map(report.sections.map((l) => [l.section, l]));

  it('has every urgency-1 desaturation section saturated and the others near saturation', () => {
    for (const work of somme.desaturationWorks ?? []) {
      for (const section of work.sections) {
        expect([work.id, section, loads.get(section)!.state]).toEqual([work.id, section, work.urgency === 1 ? 'saturated' : 'near']);
      }
    }
  });

  it('has no other section near saturation', () => {
    const named = new Set((somme.desaturationWorks ?? []).flatMap((w) => w.sections));
    const strained = report.sections.filter((l) => l.state === 'near' || l.state === 'saturated').map((l) => l.section);
    expect(strained.filter((s) => !named.has(s))).toEqual([]);
  });

  it('has each work bring its sections below 80 %', () => {
    for (const work of report.desaturationWorks) {
      for (const s of work.sections) {
        expect(s.after!.ratio!).toBeLessThan(0.8);
        expect(s.after!.state).toBe('ok');
      }
    }
  });
});

describe('fibre-resilience saturation', () => {
  it('lists the seed desaturation sections as saturated or near, worst first', async () => {
    const { code, stdout, stderr } = await runCli('saturation', SOMME, '--diversity', 'section');
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/Load model: 2 fibre\(s\) per route, primary and backup alike; near ≥ 80\.0\u202f%, saturated ≥ 100\.0\u202f%/);
    const table = stdout.slice(stdout.indexOf('Saturated and near-saturation sections'), stdout.indexOf('Desaturation works'));
    const rows = table.split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s{2,}/));
    const named = (somme.desaturationWorks ?? []).flatMap((w) => w.sections);
    expect(rows.map((r) => r[0]).sort()).toEqual([...named].sort());
    const ratios = rows.map((r) => Number(r[6].replace(/\s*%$/, '').replace('\u202f', '')));
    expect(ratios).toEqual([...ratios].sort((a, b) => b - a));
    expect(stdout).toMatch(/D-02\s+1\s+Boismont à St Valéry sur Somme\s+S-033\s+96 → 240\s+108\s+112\.5\s%\ssaturated\s+45\.0\s%\sok/);
  });

  it('prints JSON with routes, loads, works and, with --sweep, the N-1 sweep', async () => {
    const { code, stdout } = await runCli('saturation', SOMME, '--json', '--sweep', '--fibres-per-route', '4', '--near', '75%');
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc).toMatchObject({ headends: ['HE-AMIENS'], fibresPerRoute: 4, nearRatio: 0.75, saturatedRatio: 1 });
    expect(doc.routes).toHaveLength(somme.sites.filter((s) => s.kind === 'nro' && (s.status ?? 'existing') === 'existing').length);
    expect(doc.sweep).toHaveLength(doc.sections.length);
    const s003 = doc.sections.find((l: { section: string }) => l.section === 'S-003');
    expect(s003.loadFibres).toBe(s003.usedFibres + 4 * s003.routes);
  });

  it('rejects thresholds and fibre counts it cannot read, with exit code 2', async () => {
    for (const args of [['--near', '80'], ['--fibres-per-route', 'two'], ['--near', '0.9', '--saturated', '0.5'], ['--top', '0']]) {
      const { code, stderr } = await runCli('saturation', SOMME, ...args);
      expect([args, code]).toEqual([args, 2]);
      expect(stderr).toMatch(/^saturation: --(near|fibres-per-route|saturated|top)/);
    }
  });
});

describe('fibre-resilience cut --reroute', () => {
  it('keeps the cut fields unchanged and adds what saturates after re-routing', async () => {
    const plain = JSON.parse((await runCli('cut', SOMME, '--section', 'S-017', '--json')).stdout);
    const { code, stdout } = await runCli('cut', SOMME, '--section', 'S-017', '--reroute', '--json');
    expect(code).toBe(0);
    const { reroute, ...rest } = JSON.parse(stdout);
    expect(rest).toEqual(plain);
    expect(Object.keys(plain)).toEqual(['isolatedSites', 'isolatedNros', 'subscribersCut', 'failedSections', 'failedSites']);
    expect(reroute.sections.map((s: { section: string; after: { state: string } }) => [s.section, s.after.state])).toEqual([['S-003', 'saturated']]);
    expect(reroute.routesLost.length).toBe(reroute.rerouted.length);
  });

  it('prints the detours and the sections that saturate', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fibre-ring-')), 'ring.json');
    writeFileSync(file, JSON.stringify(ringNetwork()));
    const { code, stdout } = await runCli('cut', file, '--section', 'r3', '--reroute');
    expect(code).toBe(0);
    expect(stdout).toContain('Routes lost: 4 (2 primary, 2 backup); re-routed: 3');
    expect(stdout).toContain('NROs left without a disjoint backup: B');
    expect(stdout).toMatch(/A\s+backup\s+6\s000\s+4\s500\s+\+1\s500\s+ch, r4/);
    expect(stdout).toMatch(/ch\s+SMSN\s+4\s+0\s+4\s+0\.0\s%\sok\s+100\.0\s%\ssaturated/);
  });
});
