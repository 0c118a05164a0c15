import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import {
  expectedImport,
  type ExportVersion,
  type GracethdTable,
  gracethdTables,
  type ImportView,
  LAMBERT93_PRJ,
  tableShapefile,
  writeGracethdFolder,
  writeGracethdGeoPackage,
  writeGracethdShpCsv,
} from '../src/export/gracethd/index.js';
import { compileNetwork } from '../src/graph/compile.js';
import { readShapefile } from '../src/import/gracethd/read-shapes.js';
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

/** How a delivery is written: a GeoPackage, a folder of CSV with WKT, a v2 SHP/CSV folder. */
type Form = 'folder' | 'gpkg' | 'shpcsv';

let n = 0;
async function roundTrip(topology: Topology, version: ExportVersion, form: Form, view: ImportView) {
  const exported = gracethdTables(topology, { version });
  const out = join(work, `delivery-${n++}${form === 'gpkg' ? '.gpkg' : ''}`);
  if (form === 'gpkg') writeGracethdGeoPackage(out, exported);
  else if (form === 'shpcsv') await writeGracethdShpCsv(out, exported);
  else await writeGracethdFolder(out, exported.tables);
  const headends = view === 'local' ? exported.headends : [];
  const delivery = form === 'gpkg' ? { file: out } : { folder: out };
  const { topology: back, report } = await importRequest(delivery, { headends, view });
  return { exported, back, report, out };
}

const comparable = (t: Pick<Topology, 'sites' | 'sections'>) => ({
  sites: t.sites.map(({ lon: _, lat: __, ...s }) => s).sort((a, b) => (a.id < b.id ? -1 : 1)),
  sections: t.sections.map(({ geometry: _, ...s }) => s).sort((a, b) => (a.id < b.id ? -1 : 1)),
});

/**
 * Exports `topology` in `form`, imports it back and checks it: the topology `expectedImport`
 * says, positions within 1e-7°, the same analysis figure for figure (for the Somme network the
 * original's, shared risk groups included), no error finding. Returns the import and the delivery's path.
 */
async function checkRoundTrip(name: string, topology: Topology, version: ExportVersion, form: Form, view: ImportView) {
  const trip = await roundTrip(topology, version, form, view);
  const { back, report } = trip;
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
  // … and it is the original's: the Somme network's delivery carries everything the analysis reads.
  if (name === 'the Somme network') {
    const original = analyses(topology);
    expect(original[0].nros.some((nro) => nro.sharedRiskGroups.length > 0)).toBe(true);
    expect(analyses(back)).toEqual(original);
  }
  const errors = report.findings.filter((f) => f.severity === 'error');
  expect(errors).toEqual([]);
  return trip;
}

describe('export gracethd: importing what was exported gives back the same analysis', () => {
  const cases: Array<[ExportVersion, Form, ImportView]> = [
    ['3', 'gpkg', 'backbone'],
    ['3', 'folder', 'local'],
    ['2.0.1', 'folder', 'backbone'],
    ['2.0.1', 'folder', 'local'],
  ];
  for (const [name, topology] of networks) {
    for (const [version, form, view] of cases) {
      it(`${name}: v${version} ${form}, ${view} view`, async () => {
        await checkRoundTrip(name, topology, version, form, view);
      });
    }
  }

  it('the Somme network loses only what GraceTHD cannot hold', () => {
    for (const version of ['3', '2.0.1'] as const) {
      const losses = gracethdTables(somme, { version }).losses.map((l) => l.what.split(':')[0]);
      expect(losses.filter((l) => !/^(redundancy links|desaturation works|declared totals|head-ends|site names|v3 pathway lines)/.test(l))).toEqual([]);
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
    expect(v2.stderr).toMatch(/GraceTHD v2\.0\.1 delivery, SHP\/CSV folder/);
    // v2 to a folder: the SHP/CSV delivery by default.
    expect(existsSync(join(dir, 't_cheminement.shp')) && !existsSync(join(dir, 't_cheminement.csv'))).toBe(true);
    const back = await runCli('import', 'gracethd', dir, '--view', 'backbone', '--json');
    expect(back.code).toBe(0);
    expect(JSON.parse(back.stdout).topology.sections).toHaveLength(138);
    // --format csv: the CSV folder, geometry as WKT.
    const csv = join(work, 'somme-v2-csv');
    const v2csv = await runCli('export', 'gracethd', 'topology/somme.json', '-o', csv, '--gracethd-version', '2.0.1', '--format', 'csv');
    expect(v2csv.code).toBe(0);
    expect(v2csv.stderr).toMatch(/folder of ;-separated CSV tables/);
    expect(readFileSync(join(csv, 't_cheminement.csv'), 'utf8').split('\n')[0]).toMatch(/;geom$/);
    expect(existsSync(join(csv, 't_cheminement.shp'))).toBe(false);
  });

  it('refuses a --format that does not fit the version or OUT (exit 2)', async () => {
    const refused = [
      ['--format', 'shp'],
      ['--format', 'shpcsv'],
      ['--format', 'gpkg'],
      ['--format', 'csv', '-o', join(work, 'x.gpkg')],
    ];
    for (const args of refused) {
      const run = await runCli('export', 'gracethd', 'topology/somme.json', '-o', join(work, 'refused'), ...args);
      expect(run.code).toBe(2);
    }
    expect(existsSync(join(work, 'refused'))).toBe(false);
  });

  it('converts a v3 GeoPackage to v2.0.1: --gracethd-version is the version written, the input\'s is detected', async () => {
    const gpkg = join(work, 'convert-v3.gpkg');
    expect((await runCli('export', 'gracethd', 'topology/somme.json', '-o', gpkg)).code).toBe(0);
    const dir = join(work, 'convert-v2');
    const v2 = await runCli('export', 'gracethd', gpkg, '-o', dir, '--gracethd-version', '2.0.1');
    expect(v2.code).toBe(0);
    expect(v2.stderr).toMatch(/t_cheminement\s+138 rows/);
    // Read as the v3 it is, the delivery keeps its five owners (read as v2, its owners would be "unknown").
    expect(v2.stderr).toMatch(/t_organisme\s+5 rows/);
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
      ['3', { t_noeud: 'Point', t_cheminement: 'Line String', t_site: 'None', t_local: 'None', t_organisme: 'None', t_cable: 'None', t_cab_chem: 'None', fibre_risk_group: 'None' }],
      ['2.0.1', { t_noeud: 'Point', t_cheminement: 'Line String', t_sitetech: 'None', t_ptech: 'None', t_organisme: 'None', t_cable: 'None', t_cab_cond: 'None', t_conduite: 'None', t_cond_chem: 'None', t_suf: 'None', fibre_risk_group: 'None' }],
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

describe('export gracethd as a v2 SHP/CSV delivery (GraceTHD-MCD db_shpcsv)', () => {
  const shpcsv: Array<[string, Topology]> = [networks[0], networks[1], networks[4]];
  const geometryTypes = { Point: 'Point', LineString: 'Line String' } as const;
  for (const [name, topology] of shpcsv) {
    for (const view of ['backbone', 'local'] as const) {
      it(`${name}: shapefiles + CSV, ${view} view, imported back to the same analysis`, async () => {
        const { exported, report, out } = await checkRoundTrip(name, topology, '2.0.1', 'shpcsv', view);
        // Read from the shapefiles, in the encoding of their .cpg and the CRS of their .prj: nothing assumed.
        expect(report.findings.filter((f) => f.code === 'unexpected-crs' || f.code === 'encoding-assumed')).toEqual([]);
        const expectedFiles = exported.tables.flatMap((t) => (t.geometry ? ['shp', 'shx', 'dbf', 'prj', 'cpg'] : ['csv']).map((e) => `${t.name}.${e}`));
        expect(readdirSync(out).sort()).toEqual(expectedFiles.sort());
        for (const t of exported.tables) {
          if (t.geometry) {
            expect(readFileSync(join(out, `${t.name}.cpg`), 'utf8')).toBe('UTF-8');
            expect(readFileSync(join(out, `${t.name}.prj`), 'utf8')).toBe(LAMBERT93_PRJ);
            continue;
          }
          // As the demo's CSV: ;-separated, a header line, UTF-8 without BOM, LF, no quoting where no value needs it.
          const text = readFileSync(join(out, `${t.name}.csv`), 'utf8');
          expect(text.split('\n')[0]).toBe(t.columns.join(';'));
          expect(text.charCodeAt(0)).not.toBe(0xfeff);
          expect(text).not.toMatch(/\r/);
          expect(text.split('\n')).toHaveLength(t.rows.length + 2);
        }
        if (!hasOgrinfo) return;
        // GDAL opens each shapefile: one layer of the table's name, its geometry type, every row, EPSG:2154.
        for (const t of exported.tables.filter((table) => table.geometry)) {
          const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', join(out, `${t.name}.shp`)], { encoding: 'utf8' });
          expect(info).toMatch(new RegExp(`^Layer name: ${t.name}$`, 'm'));
          expect(info).toMatch(new RegExp(`^Geometry: ${geometryTypes[t.geometry!.type]}$`, 'm'));
          expect(info).toMatch(new RegExp(`^Feature Count: ${t.rows.length}$`, 'm'));
          expect(info).toMatch(/^Layer SRS WKT:\nPROJCRS\["RGF93 (v1 )?\/ Lambert-93",/m);
          expect(info).toMatch(/^ {4}ID\["EPSG",2154\]\]$/m);
          for (const column of t.columns) expect(info).toMatch(new RegExp(`^${column}: (String|Real) `, 'm'));
          if (t.name === 't_cheminement') expect(info).toMatch(/^cm_long: Real \(18\.3\)$/m);
        }
      });
    }
  }

  const node = (rows: GracethdTable['rows']): GracethdTable => ({
    name: 't_noeud',
    columns: ['nd_code', 'nd_type'],
    rows,
    geometry: { column: 'geom', type: 'Point', srid: 2154, shapes: rows.map((_, i) => [[650000 + i, 6900000]]) },
  });

  it('writes the .dbf text in UTF-8, as its .cpg says', async () => {
    const files = tableShapefile(node([['NŒUD-Péronne', null], ['ND-2', 'PT']]), new Map());
    const read = await readShapefile(files.shp, files.dbf, 'utf-8', 't_noeud.shp');
    expect(read.rows).toEqual([
      { nd_code: 'NŒUD-Péronne', nd_type: null },
      { nd_code: 'ND-2', nd_type: 'PT' },
    ]);
    expect(read.shapes).toEqual([[[650000, 6900000]], [[650001, 6900000]]]);
  });

  it('writes an empty table as an empty shapefile that GDAL and the importer open', async () => {
    const files = tableShapefile(node([]), new Map());
    expect((await readShapefile(files.shp, files.dbf, 'utf-8', 't_noeud.shp')).rows).toEqual([]);
    if (!hasOgrinfo) return;
    const dir = join(work, 'empty-shp');
    mkdirSync(dir);
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg'] as const) writeFileSync(join(dir, `t_noeud.${ext}`), files[ext]);
    const info = execFileSync('ogrinfo', ['-ro', '-so', '-al', join(dir, 't_noeud.shp')], { encoding: 'utf8' });
    expect(info).toMatch(/^Feature Count: 0$/m);
    expect(info).toMatch(/^nd_code: String/m);
  });

  it('refuses what dBase cannot hold, and a v3 export', async () => {
    const long = { ...node([['N1', null]]), columns: ['nd_code', 'nd_typelogique'] };
    expect(() => tableShapefile(long, new Map())).toThrow(/nd_typelogique does not fit a dBase field name/);
    expect(() => tableShapefile(node([['x'.repeat(255), null]]), new Map())).toThrow(/255 bytes of UTF-8, over the 254/);
    await expect(writeGracethdShpCsv(join(work, 'v3-shp'), gracethdTables(somme, { version: '3' }))).rejects.toThrow(/GeoPackage, not SHP\/CSV/);
  });
});
