import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { expectedImport, type ExportVersion, gracethdTables, type ImportView, writeGracethdFolder, writeGracethdGeoPackage } from '../src/export/gracethd/index.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { importRequest } from '../src/requests/import.js';
import { randomNetwork } from './support/random-network.js';
import { runCli } from './support/run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'gracethd-export-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const somme = JSON.parse(readFileSync('topology/somme.json', 'utf8')) as Topology;
const networks: Array<[string, Topology]> = [
  ['the Somme network', somme],
  ['fibreNetwork 300, seed 7', fibreNetwork({ sections: 300, seed: 7 })],
  ['fibreNetwork 600, seed 42', fibreNetwork({ sections: 600, seed: 42 })],
  ['randomNetwork 11', randomNetwork(11, { sites: 60, chords: 25, headends: 2, riskGroups: 3 })],
  ['randomNetwork 12', randomNetwork(12, { sites: 120, chords: 60, headends: 3, plannedShare: 0.2, islandShare: 0.1 })],
];

/** The figures of the analysis, with and without the planned elements. */
function analyses(topology: Pick<Topology, 'sites' | 'sections'>) {
  const t = { format: 'fibre-topology/1' as const, name: 'x', ...topology };
  return [false, true].map((includePlanned) => resilienceReport(compileNetwork(t, { includePlanned })));
}

/** A topology without what no GraceTHD table carries (risk groups): the analysis a delivery can give back. */
const withoutRiskGroups = (t: Topology): Topology => ({ ...t, sections: t.sections.map(({ riskGroups: _, ...s }) => s) });

let n = 0;
async function roundTrip(topology: Topology, version: ExportVersion, form: 'folder' | 'gpkg', view: ImportView) {
  const exported = gracethdTables(topology, { version });
  const out = join(work, `delivery-${n++}${form === 'gpkg' ? '.gpkg' : ''}`);
  if (form === 'gpkg') writeGracethdGeoPackage(out, exported);
  else await writeGracethdFolder(out, exported.tables);
  const headends = view === 'local' ? exported.headends : [];
  const delivery = form === 'gpkg' ? { file: out } : { folder: out };
  const { topology: back, report } = await importRequest(delivery, { headends, view });
  return { exported, back, report, out };
}

const comparable = (t: Pick<Topology, 'sites' | 'sections'>) => ({
  sites: t.sites.map(({ lon: _, lat: __, ...s }) => s).sort((a, b) => (a.id < b.id ? -1 : 1)),
  sections: t.sections.map(({ geometry: _, riskGroups: __, ...s }) => s).sort((a, b) => (a.id < b.id ? -1 : 1)),
});

describe('export gracethd: importing what was exported gives back the same analysis', () => {
  const cases: Array<[ExportVersion, 'folder' | 'gpkg', ImportView]> = [
    ['3', 'gpkg', 'backbone'],
    ['3', 'folder', 'local'],
    ['2.0.1', 'folder', 'backbone'],
    ['2.0.1', 'folder', 'local'],
  ];
  for (const [name, topology] of networks) {
    for (const [version, form, view] of cases) {
      it(`${name}: v${version} ${form}, ${view} view`, async () => {
        const { back, report } = await roundTrip(topology, version, form, view);
        expect(report.version).toBe(version === '3' ? '3.x' : '2.0.1');
        expect(report.view).toBe(view);
        const expected = expectedImport(topology, version, view);
        // The importer gives back what expectedImport says: ids are the codes written (nd_code, cm_code).
        expect(comparable(back)).toEqual(comparable(expected));
        // Positions: through Lambert-93 to the millimetre, back to the same point within 1e-7° (1 cm).
        const at = new Map(back.sites.map((s) => [s.id, s]));
        const drift = Math.max(...expected.sites.map((s) => Math.max(Math.abs(at.get(s.id)!.lon - s.lon), Math.abs(at.get(s.id)!.lat - s.lat))));
        expect(drift).toBeLessThan(1e-7);
        // The analysis, figure for figure: NRO statuses, critical sections, bridges, cut tables, subscribers…
        expect(analyses(back)).toEqual(analyses(expected));
        // … and it is the original's wherever the delivery carries everything (Somme: all but risk groups).
        if (name === 'the Somme network') expect(analyses(back)).toEqual(analyses(withoutRiskGroups(topology)));
        const errors = report.findings.filter((f) => f.severity === 'error');
        expect(errors).toEqual([]);
      });
    }
  }

  it('the Somme network loses only what GraceTHD cannot hold', () => {
    for (const version of ['3', '2.0.1'] as const) {
      const losses = gracethdTables(somme, { version }).losses.map((l) => l.what.split(':')[0]);
      expect(losses.filter((l) => !/^(redundancy links|desaturation works|risk groups|declared totals|head-ends|site names|v3 pathway lines)/.test(l))).toEqual([]);
    }
  });

  it('never changes the topology', () => {
    const before = JSON.stringify(somme);
    gracethdTables(somme, { version: '3' });
    gracethdTables(somme, { version: '2.0.1' });
    expect(JSON.stringify(somme)).toBe(before);
  });
});

describe('export gracethd on the command line', () => {
  it('writes a v3 GeoPackage and a v2.0.1 folder, with a summary on stderr', async () => {
    const gpkg = join(work, 'somme.gpkg');
    const v3 = await runCli('export', 'gracethd', 'topology/somme.json', '-o', gpkg);
    expect(v3.code).toBe(0);
    expect(v3.stderr).toMatch(/GraceTHD v3 delivery, GeoPackage/);
    expect(v3.stderr).toMatch(/t_cheminement\s+138 rows \(LineString\)/);
    expect(v3.stderr).toMatch(/redundancy links: not GraceTHD objects.*\(14\)/);
    const dir = join(work, 'somme-v2');
    const v2 = await runCli('export', 'gracethd', 'topology/somme.json', '-o', dir, '--gracethd-version', '2.0.1');
    expect(v2.code).toBe(0);
    expect(v2.stderr).toMatch(/t_suf\s+128800 rows/);
    const back = await runCli('import', 'gracethd', dir, '--view', 'backbone', '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).topology.sections).toHaveLength(138);
  });

  it('refuses a missing -o and an unknown version (exit 2)', async () => {
    expect((await runCli('export', 'gracethd', 'topology/somme.json')).code).toBe(2);
    expect((await runCli('export', 'gracethd', 'topology/somme.json', '-o', join(work, 'x'), '--gracethd-version', '4')).code).toBe(2);
  });
});

const hasOgrinfo = spawnSync('ogrinfo', ['--version']).status === 0;

describe('the exported GeoPackage opens in GDAL', () => {
  it.skipIf(!hasOgrinfo)('ogrinfo lists every layer, with its geometry type, in EPSG:2154', async () => {
    for (const [version, layers] of [
      ['3', { t_noeud: 'Point', t_cheminement: 'Line String', t_site: 'None', t_local: 'None', t_organisme: 'None', t_cable: 'None', t_cab_chem: 'None' }],
      ['2.0.1', { t_noeud: 'Point', t_cheminement: 'Line String', t_sitetech: 'None', t_ptech: 'None', t_organisme: 'None', t_cable: 'None', t_cab_cond: 'None', t_conduite: 'None', t_cond_chem: 'None', t_suf: 'None' }],
    ] as const) {
      const file = join(work, `ogr-${version}.gpkg`);
      writeGracethdGeoPackage(file, gracethdTables(somme, { version }));
      const listing = execFileSync('ogrinfo', ['-q', '-so', file], { encoding: 'utf8' });
      const found = Object.fromEntries([...listing.matchAll(/^\d+: (\w+) \(([^)]+)\)$/gm)].map((m) => [m[1], m[2]]));
      expect(found).toEqual(layers);
      for (const layer of ['t_noeud', 't_cheminement']) {
        const info = execFileSync('ogrinfo', ['-so', file, layer], { encoding: 'utf8' });
        expect(info).toMatch(/ID\["EPSG",2154\]\]\s*$/m);
      }
    }
  });
  if (!hasOgrinfo) it.skip('ogrinfo is not installed (apt-get install gdal-bin): the GDAL check is skipped', () => {});
});
