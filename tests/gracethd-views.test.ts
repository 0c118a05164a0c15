/**
 * The two views of one GraceTHD delivery (docs/gracethd.md, "Views"), on
 * tests/fixtures/gracethd-multi-nro: four copies of the GraceTHD-community demo (one NRO each)
 * joined by a collection network with an NRA (scripts/gracethd/multi-nro.ts, see its NOTICE).
 * The expected backbone answer is computed here by a plain search after removing each section
 * (tests/support/brute-force.ts), and the expected collection links from the raw CSV files.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { importGracethdFolder, importGracethdFromFiles, type ImportResult } from '../src/import/gracethd/import-gracethd.js';
import { TopologyError } from '../src/model/errors.js';
import { tempFolders } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';
import { rawCsv } from './support/gracethd-raw.js';
import { cliJson, runCli } from './support/run-cli.js';

const MULTI = 'tests/fixtures/gracethd-multi-nro';
const DEMO = 'tests/fixtures/gracethd-demo';

const files = (dir: string) => new Map(readdirSync(dir).map((name) => [name, new Uint8Array(readFileSync(join(dir, name)))] as const));
const sitesOf = (typelog: string) => rawCsv(MULTI, 't_sitetech').filter((s) => s.st_typelog === typelog);

let backbone: ImportResult;
let local: ImportResult;
beforeAll(async () => {
  backbone = await importGracethdFolder(MULTI);
  local = await importGracethdFolder(MULTI, { view: 'local' });
});

describe('GraceTHD views: backbone by default for a multi-NRO delivery', () => {
  it('chooses the backbone view, the NRA as head-end by its logical type, and says why', () => {
    const { report, topology } = backbone;
    const nra = sitesOf('NRA');
    const nros = sitesOf('NRO').map((s) => s.st_nd_code).sort();
    expect(nros).toHaveLength(4);
    expect(nra).toHaveLength(1);
    expect(report.view).toBe('backbone');
    expect(report.viewRule).toBe(`default for a delivery with more than one NRO (4 NROs in the delivery: ${nros.join(', ')})`);
    expect(report.headends).toEqual([nra[0].st_nd_code]);
    expect(report.headendRule).toContain(`t_sitetech.st_typelog NRA of site ${nra[0].st_code}`);
    expect(report.headendsAreNros).toBe(false);
    expect(topology.sites.filter((s) => s.kind === 'nro').map((s) => s.id).sort()).toEqual(nros);
    expect(topology.provenance).toContain('View: backbone');
  });

  it('keeps the sections that carry collecte or transport, by pathway or by cable type', () => {
    const pathways = rawCsv(MULTI, 't_cheminement');
    const cables = new Map(rawCsv(MULTI, 't_cable').map((c) => [c.cb_code, c.cb_typelog]));
    const ducts = new Map<string, string[]>();
    for (const l of rawCsv(MULTI, 't_cab_cond')) ducts.set(l.cc_cd_code, [...(ducts.get(l.cc_cd_code) ?? []), cables.get(l.cc_cb_code) ?? '']);
    const typesOf = new Map<string, string[]>();
    for (const l of rawCsv(MULTI, 't_cond_chem')) typesOf.set(l.dm_cm_code, [...(typesOf.get(l.dm_cm_code) ?? []), ...(ducts.get(l.dm_cd_code) ?? [])]);
    const backboneCodes = ['CO', 'TR', 'CT', 'CD', 'TD', 'CX'];
    const expected = pathways
      .filter((p) => [p.cm_typelog, ...(typesOf.get(p.cm_code) ?? [])].some((t) => backboneCodes.includes(t)))
      .map((p) => p.cm_code)
      .sort();
    expect(backbone.topology.sections.map((s) => s.id).sort()).toEqual(expected);
    // The made-up collection links, one (CM9…4) typed only by its cable (CT).
    expect(expected.filter((c) => c.startsWith('CM9'))).toEqual([1, 2, 3, 4, 5, 6].map((i) => `CM9${String(i).padStart(13, '0')}`));
    expect(pathways.find((p) => p.cm_code === 'CM90000000000004')?.cm_typelog).toBe('');
    expect(backbone.report.viewScope).toMatch(/^sections: the 30 of 106 pathways that carry collecte or transport/);
  });

  it('sums the subscribers behind each NRO onto it', () => {
    const byId = new Map(backbone.topology.sites.map((s) => [s.id, s]));
    const localSubs = local.topology.sites.reduce((n, s) => n + (s.subscribers ?? 0), 0);
    // Per copy of the demo: its units that a chain of pathways joins to its NRO (the local view's reachable ones).
    const unreachable = new Set(local.report.findings.find((f) => f.code === 'unreachable-from-headend')?.ids ?? []);
    const reachable = local.topology.sites.filter((s) => !unreachable.has(s.id)).reduce((n, s) => n + (s.subscribers ?? 0), 0);
    for (const nro of sitesOf('NRO')) expect(byId.get(nro.st_nd_code)?.subscribers).toBe(reachable / 4);
    expect(backbone.report.counts.subscribers).toBe(reachable);
    expect(localSubs).toBe(rawCsv(MULTI, 't_suf').length);
    for (const s of backbone.topology.sites) if (s.kind !== 'nro') expect(s.subscribers ?? 0, s.id).toBe(0);
  });

  it('analyse gives the single-homed NROs, their critical sections and owners, as a brute-force search does', () => {
    const engine = resilienceReport(compileNetwork(backbone.topology));
    const brute = bruteForceReport(backbone.topology);
    const pick = (n: { id: string; status: string; criticalSections: string[]; criticalSites: string[]; exposedBy: string[]; subscribers: number }) =>
      ({ id: n.id, status: n.status, criticalSections: n.criticalSections, criticalSites: n.criticalSites, exposedBy: n.exposedBy, subscribers: n.subscribers });
    expect(engine.nros.map(pick)).toEqual(brute.nros.map(pick));
    expect(engine.headends).toEqual(brute.headends);
    const [n1, n2, n3, n4] = sitesOf('NRO').map((s) => s.st_nd_code).sort();
    const status = Object.fromEntries(brute.nros.map((n) => [n.id, n]));
    expect([n1, n2, n3, n4].map((n) => status[n].status)).toEqual(['single-homed', 'secured', 'secured', 'single-homed']);
    expect(status[n1].criticalSections).toEqual(['CM90000000000001', 'CM90000000000002']);
    expect(status[n1].exposedBy).toEqual(['ORANGE', 'SFR']);
    expect(status[n4].criticalSections).toEqual(['CM90000000000006']);
    expect(status[n4].criticalSites).toEqual([n3]);
    expect(status[n4].exposedBy).toEqual(['COMMUNE']);
  });

  it('`analyse DIR` reads the folder in the backbone view', async () => {
    const out = await cliJson<{ nros: Array<{ id: string; status: string; criticalSections: string[] }> }>('analyse', MULTI, '--json');
    const brute = bruteForceReport(backbone.topology);
    expect(out.nros.map((n) => [n.id, n.status, n.criticalSections])).toEqual(brute.nros.map((n) => [n.id, n.status, n.criticalSections]));
  });

  it('in v3 (the same delivery converted), the head-end is the site flagged st_nra and the backbone answer is the same', async () => {
    type Report = { headends: string[]; nros: Array<{ id: string; status: string; criticalSections: string[]; exposedBy: string[] }> };
    const v2 = await cliJson<Report>('analyse', MULTI, '--json');
    const v3 = await cliJson<Report>('analyse', 'tests/fixtures/gracethd-multi-nro-v3', '--json');
    expect(v3.headends).toEqual(['ND9000000000001']);
    expect(v3.nros.map((n) => [n.id, n.status, n.criticalSections, n.exposedBy])).toEqual(v2.nros.map((n) => [n.id, n.status, n.criticalSections, n.exposedBy]));
    expect(v3.nros.filter((n) => n.status === 'single-homed')).toHaveLength(2);
    const { report } = await importGracethdFolder('tests/fixtures/gracethd-multi-nro-v3');
    expect([report.version, report.view]).toEqual(['3.x', 'backbone']);
    expect(report.headendRule).toMatch(/st_nra/);
  });

  it('`analyse DIR --view local` reads it in the local view: the NROs are the head-ends', async () => {
    const out = await cliJson<{ headends: string[]; nros: unknown[] }>('analyse', MULTI, '--view', 'local', '--json');
    expect(out.headends).toEqual(sitesOf('NRO').map((s) => s.st_nd_code).sort());
    expect(out.headends).toHaveLength(4);
    const bad = await runCli('analyse', MULTI, '--view', 'national');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringContaining('--view: expected backbone or local')]);
  });
});

describe('GraceTHD views: local, --headend, no head-end', () => {
  it('--view local gives today\'s answer: every pathway, each NRO a head-end', async () => {
    expect(local.report.view).toBe('local');
    expect(local.report.viewRule).toBe('named by --view (4 NROs in the delivery)');
    expect(local.report.headends).toEqual(sitesOf('NRO').map((s) => s.st_nd_code).sort());
    expect(local.report.headendsAreNros).toBe(true);
    expect(local.topology.sections).toHaveLength(rawCsv(MULTI, 't_cheminement').length);
    expect(local.topology.sites.some((s) => s.kind === 'nro')).toBe(false);
    // The single-NRO demo stays in the local view by default, as before.
    const demo = await importGracethdFolder(DEMO);
    expect(demo.report).toMatchObject({ view: 'local', viewRule: 'default for a delivery with a single NRO (1 NRO in the delivery)', headends: ['ND000180030001'] });
  });

  it('--headend CODE overrides the head-ends of the backbone view, by site or node code', async () => {
    const [n1] = sitesOf('NRO').sort((a, b) => (a.st_nd_code < b.st_nd_code ? -1 : 1));
    const named = await importGracethdFolder(MULTI, { headends: [n1.st_code] });
    expect(named.report.view).toBe('backbone');
    expect(named.report.headends).toEqual([n1.st_nd_code]);
    expect(named.report.headendRule).toBe(`named by --headend (${n1.st_code}); NROs keep the kind nro`);
    expect(named.topology.sites.find((s) => s.id === n1.st_nd_code)?.kind).toBe('headend');
    expect(named.topology.sites.find((s) => s.id === 'ND9000000000001')?.kind).toBe('pop');
    const off = await importGracethdFolder(MULTI, { headends: ['ND1000180031094'] }).catch((e: unknown) => e);
    expect((off as Error).message).toMatch(/--headend ND1000180031094: node ND1000180031094 is on no collecte or transport pathway/);
  });

  it('without a head-end candidate, fails with no-headend naming the NRO/POP codes that could be named', async () => {
    const delivery = files(MULTI);
    const text = new TextDecoder().decode(delivery.get('t_sitetech.csv')!).split('\n').filter((l) => !l.startsWith('ST9000000000001;')).join('\n');
    delivery.set('t_sitetech.csv', new TextEncoder().encode(text));
    const error = await importGracethdFromFiles(delivery).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyError);
    expect((error as TopologyError).problems[0].code).toBe('no-headend');
    const message = (error as Error).message;
    expect(message).toContain('backbone view: no head-end found');
    for (const s of [...sitesOf('NRO'), ...sitesOf('SRO')]) expect(message).toContain(`${s.st_typelog} ${s.st_code} (node ${s.st_nd_code})`);
    expect(message).toContain('--headend CODE');
    // The demo, asked for its backbone view: no NRA, so the NRO and the SRO are named.
    const demo = await runCli('import', 'gracethd', DEMO, '--view', 'backbone', '--json');
    expect(demo.code).toBe(1);
    expect(demo.stderr).toContain('NRO ST200180030001 (node ND000180030001), SRO ST200180030008 (node ND200180030502)');
  });
});

describe('GraceTHD views: the summary, the CLI and the API', () => {
  it('the summary\'s first line says version, view, head-ends and why', async () => {
    const { code, stderr } = await runCli('import', 'gracethd', MULTI, '-o', join(mkdtempSync(join(tmpdir(), 'views-')), 'multi.json'));
    expect(code).toBe(0);
    const [first, second] = stderr.split('\n');
    const r = backbone.report;
    expect(first).toBe(`GraceTHD 2.0.1 (${r.versionRule}) · view backbone (${r.viewRule}) · head-ends ND9000000000001 (${r.headendRule})`);
    expect(second).toBe(`View backbone: ${r.viewScope}`);
  });

  it('--view and --gracethd-version reach the importer; bad values are refused', async () => {
    const out = await cliJson<{ report: ImportResult['report'] }>('import', 'gracethd', MULTI, '--view', 'local', '--gracethd-version', '2.0.2', '--json');
    expect(out.report).toMatchObject({ view: 'local', version: '2.0.2', headendsAreNros: true });
    expect(out.report.versionRule).toMatch(/^forced to 2\.0\.2/);
    const bad = await runCli('import', 'gracethd', MULTI, '--view', 'core', '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--view');
    const version = await runCli('import', 'gracethd', MULTI, '--gracethd-version', '4', '--json');
    expect(version.code).not.toBe(0);
    expect(version.stderr).toContain('--gracethd-version');
  });

  describe('POST /v1/import/gracethd', () => {
    const TOKEN = 'views-token';
    let app: FastifyInstance;
    const zip = () => Buffer.from(zipSync(Object.fromEntries(files(MULTI))));
    const post = (query: string) =>
      app.inject({ method: 'POST', url: `/v1/import/gracethd${query}`, payload: zip(), headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}` } });
    beforeAll(async () => {
      const folders = tempFolders();
      app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false });
    });
    afterAll(() => app.close());

    it('the report carries version, view, head-ends and why, as the CLI\'s', async () => {
      const res = await post('?name=multi');
      expect(res.statusCode).toBe(200);
      const { report } = res.json();
      const expected = (await importGracethdFromFiles(files(MULTI), { name: 'multi' })).report;
      for (const key of ['version', 'versionRule', 'view', 'viewRule', 'viewScope', 'headends', 'headendRule'] as const) expect(report[key], key).toEqual(expected[key]);
      expect(report.view).toBe('backbone');
    });

    it('takes view and version in the query, and refuses other values', async () => {
      const res = await post('?view=local&version=2.0.1');
      expect(res.statusCode).toBe(200);
      expect(res.json().report).toMatchObject({ view: 'local', version: '2.0.1' });
      expect((await post('?view=core')).statusCode).toBe(400);
      expect((await post('?version=4.0')).statusCode).toBe(400);
    });
  });
});
