import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { runCli } from './support/run-cli.js';
import { smallNetwork } from './support/small-network.js';

const SOMME = 'topology/somme.json';
const work = mkdtempSync(join(tmpdir(), 'fibre-cli-'));
const write = (name: string, value: unknown) => {
  const file = join(work, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

describe('fibre-resilience validate', () => {
  it('accepts the Somme network', async () => {
    const { code, stdout } = await runCli('validate', SOMME);
    expect(code).toBe(0);
    expect(stdout).toMatch(/valid \(113 sites, 138 sections; 112 sites and 135 sections analysed\)/);
  });

  it('lists every problem with path and id on stderr and exits 1', async () => {
    const doc = smallNetwork();
    doc.sections[0].usedFibres = 999;
    doc.sections[1].to = 'NOWHERE';
    doc.sites[2].id = 'POP-1';
    const { code, stdout, stderr } = await runCli('validate', write('broken.json', doc));
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('$.sections[0].usedFibres (S-1): usedFibres 999 exceeds capacityFibres 144');
    expect(stderr).toContain('$.sections[1].to (S-2): to names unknown site "NOWHERE"');
    expect(stderr).toContain('$.sites[2].id (POP-1): duplicate site id "POP-1"');
    expect(stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('reports a file that is not JSON, or missing, without a stack trace', async () => {
    const bad = await runCli('validate', write('bad.json', '{"format": '));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not valid JSON/);
    const missing = await runCli('validate', join(work, 'nope.json'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await runCli('validate')).code).toBe(2);
    expect((await runCli('frobnicate', SOMME)).code).toBe(2);
    expect((await runCli('analyse', SOMME, '--bogus')).code).toBe(2);
    expect((await runCli()).code).toBe(2);
  });
});

describe('fibre-resilience info', () => {
  it('prints counts by kind and owner and the two reconciliation warnings of the seed', async () => {
    const { code, stdout } = await runCli('info', SOMME);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Sites: 113 \(2 headend, 16 pop, 32 junction, 63 nro; 1 planned\)/);
    expect(stdout).toMatch(/^Level 3\s+12\s/m);
    expect(stdout).toContain('warning: redundancy links: declared total 131618 m, rows sum to 131619 m (+1)');
    expect(stdout).toContain('warning: redundancy links: declared total 3290450 €, rows sum to 3290452 € (+2)');
    expect(stdout.match(/^warning/gm)).toHaveLength(2);
  });

  it('gives the same figures as JSON', async () => {
    const { stdout } = await runCli('info', SOMME, '--json');
    const info = JSON.parse(stdout);
    expect(info.sites.byKind.nro).toBe(63);
    expect(info.redundancyLinks).toEqual({ count: 14, lengthM: 131619, costEur: 3290452 });
    expect(info.warnings.map((w: { difference: number }) => w.difference)).toEqual([1, 2]);
  });
});

describe('fibre-resilience export geojson', () => {
  it('writes a FeatureCollection that validates back to the same network', async () => {
    const { code, stdout } = await runCli('export', 'geojson', SOMME);
    expect(code).toBe(0);
    const fc = JSON.parse(stdout);
    expect(fc.type).toBe('FeatureCollection');
    const again = await runCli('analyse', write('somme.geojson', stdout), '--json');
    const direct = await runCli('analyse', SOMME, '--json');
    expect(JSON.parse(again.stdout)).toEqual(JSON.parse(direct.stdout));
  });
});

describe('fibre-resilience analyse', () => {
  it('prints the docs/cli.md document with --json and nothing else on stdout', async () => {
    const { code, stdout } = await runCli('analyse', SOMME, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['headends', 'nros', 'bridges', 'articulationSites', 'cutImpact', 'siteImpact', 'ownerImpact']);
    expect(report.headends).toEqual(['HE-AMIENS']);
    const cay = report.nros.find((n: { id: string }) => n.id === 'NRO-CAY');
    expect(Object.keys(cay)).toEqual(['id', 'name', 'subscribers', 'paths', 'status', 'criticalSections', 'criticalSites', 'sharedRiskGroups', 'exposedBy']);
    expect(cay.status).toBe('single-homed');
  });

  it('follows the options: --with-link, --include-planned, --headend', async () => {
    const withLink = JSON.parse((await runCli('analyse', SOMME, '--with-link', 'R-01', '--json')).stdout);
    expect(withLink.nros.find((n: { id: string }) => n.id === 'NRO-CAY').status).toBe('secured');
    const planned = JSON.parse((await runCli('analyse', SOMME, '--include-planned', '--json')).stdout);
    expect(planned.headends).toEqual(['HE-AMIENS', 'HE-SMSN']);
    const other = JSON.parse((await runCli('analyse', SOMME, '--headend', 'POP-ALBERT', '--json')).stdout);
    expect(other.headends).toEqual(['POP-ALBERT']);
  });

  it('names an unknown head-end or link and exits 1', async () => {
    const { code, stderr } = await runCli('analyse', SOMME, '--with-link', 'R-99');
    expect(code).toBe(1);
    expect(stderr).toMatch(/--with-link: unknown redundancy link "R-99"/);
  });

  it('writes phase timings as one JSON line on stderr with --timings', async () => {
    const { stderr } = await runCli('analyse', SOMME, '--json', '--timings');
    const timings = JSON.parse(stderr.trim());
    expect(Object.keys(timings).slice(0, 4)).toEqual(['read', 'validate', 'compile', 'analyse']);
    // the JSON document's writer threads: one, as documented
    expect(timings.outputThreads).toBe(1);
    const human = JSON.parse((await runCli('analyse', SOMME, '--timings')).stderr.trim());
    expect(human).not.toHaveProperty('outputThreads');
  });

  it('shows the NROs at risk worst first in the human table', async () => {
    const { stdout } = await runCli('analyse', SOMME);
    expect(stdout).toMatch(/NROs: 63 — 38 secured, 25 single-homed, 0 isolated/);
    const rows = stdout.split('\n').filter((l) => /^NRO-\w+ .*single-homed/.test(l));
    const subscribers = rows.map((r) => Number(r.split(/\s{2,}/)[2].replace(/\u202f/g, '')));
    expect(subscribers).toEqual([...subscribers].sort((a, b) => b - a));
  });
});

describe('fibre-resilience cut', () => {
  it('tells a planner who loses service when a desaturation section is cut', async () => {
    const { code, stdout } = await runCli('cut', SOMME, '--section', 'S-040');
    expect(code).toBe(0);
    expect(stdout).toContain('Service lost: 1 NRO(s)');
    expect(stdout).toMatch(/NRO-CAY\s+Cayeux-sur-Mer\s+nro\s+3\u202f200/);
  });

  it('agrees with the single-cut table of analyse', async () => {
    const report = resilienceReport(compileNetwork(JSON.parse((await import('node:fs')).readFileSync(SOMME, 'utf8'))));
    for (const row of report.cutImpact.slice(0, 10)) {
      const cut = JSON.parse((await runCli('cut', SOMME, '--section', row.section, '--json')).stdout);
      expect([cut.isolatedNros, cut.subscribersCut]).toEqual([row.isolatedNros, row.subscribersCut]);
    }
  });

  it('cuts a whole owner, a risk group and an area given as a GeoJSON polygon', async () => {
    const owner = JSON.parse((await runCli('cut', SOMME, '--owner', 'divers', '--json')).stdout);
    expect(owner.isolatedNros).toContain('NRO-ROY');
    const group = JSON.parse((await runCli('cut', SOMME, '--risk-group', 'canal-somme-ham', '--json')).stdout);
    expect(group.isolatedNros).toContain('NRO-HAM');
    // A box around Cayeux-sur-Mer (1.49 E, 50.18 N) only.
    const box = { type: 'Polygon', coordinates: [[[1.47, 50.16], [1.52, 50.16], [1.52, 50.2], [1.47, 50.2], [1.47, 50.16]]] };
    const area = JSON.parse((await runCli('cut', SOMME, '--polygon', write('box.geojson', box), '--json')).stdout);
    expect(area.failedSites).toEqual(['NRO-CAY']);
    expect(area.isolatedNros).toEqual(['NRO-CAY']);
  });

  it('refuses a malformed area with located problems, never a stack trace', async () => {
    const open = { type: 'Polygon', coordinates: [[[1.5, 50.1], [1.6, 50.1], [1.6, 50.2]]] };
    const { code, stderr } = await runCli('cut', SOMME, '--polygon', write('open.geojson', open));
    expect(code).toBe(1);
    expect(stderr).toContain('$.coordinates[0]: a linear ring must end where it starts');
    expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });

  it('refuses an option out of its bounds with exit 2, naming the option', async () => {
    const top = await runCli('analyse', SOMME, '--top', 'abc');
    expect([top.code, top.stderr]).toEqual([2, expect.stringContaining('--top: expected a number')]);
    const ratios = await runCli('cut', SOMME, '--section', 'S-040', '--reroute', '--near', '2', '--saturated', '1');
    expect([ratios.code, ratios.stderr]).toEqual([2, expect.stringContaining('--saturated: the saturated ratio must be')]);
  });

  it('refuses a cut that names nothing (2) or an unknown section (1)', async () => {
    expect((await runCli('cut', SOMME)).code).toBe(2);
    const unknown = await runCli('cut', SOMME, '--section', 'S-999');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/--section: no analysed section "S-999"/);
  });
});

describe('fibre-resilience analyse on a large network', () => {
  it('summarises long lists in the human report instead of printing them all', async () => {
    const { fibreNetwork } = await import('../bench/generate.js');
    const file = write('large.json', fibreNetwork({ sections: 20_000, seed: 7 }));
    const { code, stdout } = await runCli('analyse', file);
    expect(code).toBe(0);
    const rows = stdout.split('\n').filter((l) => /^NRO-\d+ .*(single-homed|isolated)/.test(l));
    expect(rows).toHaveLength(100);
    expect(stdout).toMatch(/… and [\d\u202f]+ more NROs not secured/);
  });
});

describe('the network options of docs/cli.md', () => {
  it('are accepted by every command that reads a topology', async () => {
    const options = ['--headend', 'HE-AMIENS', '--include-planned', '--with-link', 'R-01', '--json'];
    for (const argv of [['validate', SOMME], ['info', SOMME], ['export', 'geojson', SOMME], ['analyse', SOMME], ['cut', SOMME, '--section', 'S-040'], ['saturation', SOMME], ['rank', SOMME], ['plan', SOMME, '--budget', '500000']]) {
      const { code, stdout, stderr } = await runCli(...argv, ...options);
      expect(code, `${argv[0]}: ${stderr}`).toBe(0);
      expect(() => JSON.parse(stdout), argv[0]).not.toThrow();
    }
  });

  it('are checked by validate: an unknown link is a problem', async () => {
    const { code, stderr } = await runCli('validate', SOMME, '--with-link', 'R-99');
    expect(code).toBe(1);
    expect(stderr).toMatch(/unknown redundancy link "R-99"/);
  });

  it('change what info counts as analysed', async () => {
    const existing = JSON.parse((await runCli('info', SOMME, '--json')).stdout);
    const planned = JSON.parse((await runCli('info', SOMME, '--include-planned', '--json')).stdout);
    expect(existing.analysed).toEqual({ sites: 112, sections: 135, headends: 1 });
    expect(planned.analysed).toEqual({ sites: 113, sections: 138, headends: 2 });
  });
});
