import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { KNOWN_TABLES } from '../src/import/gracethd/read-delivery.js';
import { readTopologyFile } from '../src/io/read-topology.js';
import { importRequest } from '../src/requests/import.js';
import { tempFolders } from './support/api.js';
import { runCli } from './support/run-cli.js';

const DEMO = '../shared/datasets/gracethd-demo';
const V3 = 'tests/fixtures/gracethd-v3';
const TOKEN = 'gpkg-token';
const HAS_GDAL = spawnSync('ogr2ogr', ['--version']).status === 0;
if (!HAS_GDAL) console.warn('tests/gracethd-gpkg.test.ts: skipped: ogr2ogr (GDAL) not found; apt-get install gdal-bin to run it (CI does)');

const dir = mkdtempSync(join(tmpdir(), 'fibre-gracethd-gpkg-'));
const ogr2ogr = (...args: string[]) => execFileSync('ogr2ogr', ['-f', 'GPKG', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });

/**
 * A delivery folder as GDAL converts it: its shapefiles (one layer each), then its CSV tables
 * that the importer reads (attribute tables; with `geom` as their geometry when `wktAsGeometry`).
 */
function toGeoPackage(folder: string, file: string, wktAsGeometry: boolean): string {
  const out = join(dir, file);
  const names = readdirSync(folder);
  const wanted = new Set(KNOWN_TABLES);
  for (const shp of names.filter((n) => n.endsWith('.shp') && wanted.has(n.slice(0, -4)))) ogr2ogr('-append', out, join(folder, shp));
  for (const csv of names.filter((n) => n.endsWith('.csv') && wanted.has(n.slice(0, -4)))) {
    const geometry = wktAsGeometry ? ['-oo', 'GEOM_POSSIBLE_NAMES=geom', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:2154'] : [];
    ogr2ogr('-append', ...geometry, out, join(folder, csv));
  }
  return out;
}

const same = async (folder: string, gpkg: string) => {
  const expected = await importRequest({ folder }, { name: 'delivery' });
  const actual = await importRequest({ file: gpkg }, { name: 'delivery' });
  expect(actual.topology).toEqual(expected.topology);
  expect(actual.report).toEqual(expected.report);
  return expected;
};

describe.skipIf(!HAS_GDAL)('GraceTHD deliveries as a GeoPackage (converted by GDAL ogr2ogr)', () => {
  let demo: string;
  let v3: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    demo = toGeoPackage(DEMO, 'demo.gpkg', true);
    v3 = toGeoPackage(V3, 'v3.gpkg', true);
    const folders = tempFolders();
    app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports the v2 demo to exactly the topology and report of its folder', async () => {
    const { topology, report } = await same(DEMO, demo);
    expect(report.version).toBe('2.0.1');
    expect(topology.sections).toHaveLength(25);
    expect(report.findings.length).toBeGreaterThan(0);
    // The same from its bytes, given as a GeoPackage or sniffed among zip bytes (as the CLI gives any file).
    const bytes = new Uint8Array(readFileSync(demo));
    expect(await importRequest({ gpkg: bytes }, { name: 'delivery' })).toEqual(await importRequest({ zip: bytes }, { name: 'delivery' }));
    expect((await importRequest({ gpkg: bytes }, { name: 'delivery' })).topology).toEqual(topology);
    expect((await importRequest({ file: demo }, {})).topology.name).toBe('GraceTHD delivery demo');
  });

  it('imports the v3 fixture to exactly the topology and report of its folder, geometries as GeoPackage geometries or as WKT text', async () => {
    const { report } = await same(V3, v3);
    expect(report.version).toBe('3.x');
    await same(V3, toGeoPackage(V3, 'v3-wkt.gpkg', false));
  });

  it('is a topology file for analyse and the other commands (readTopologyFile)', async () => {
    const { name: folderName, ...folder } = await readTopologyFile(DEMO);
    const { name, ...gpkg } = await readTopologyFile(demo);
    expect(gpkg).toEqual(folder);
    expect([folderName, name]).toEqual(['GraceTHD delivery gracethd-demo', 'GraceTHD delivery demo']);
  });

  it('warns when a feature table is not in Lambert-93', async () => {
    const other = join(dir, 'wgs84.gpkg');
    copyFileSync(demo, other);
    const db = new Database(other);
    db.exec("UPDATE gpkg_geometry_columns SET srs_id = 4326 WHERE table_name = 't_noeud'");
    db.close();
    const { report } = await importRequest({ file: other }, {});
    expect(report.findings.find((f) => f.code === 'unexpected-crs')).toMatchObject({ severity: 'warning', where: 't_noeud', ids: ['t_noeud'] });
  });

  describe('corrupt GeoPackages: the clear error, exit 1 in the CLI, 400 in the API', () => {
    const corrupt = () => {
      const random = join(dir, 'random.gpkg');
      writeFileSync(random, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
      const plain = join(dir, 'plain.gpkg');
      rmSync(plain, { force: true });
      const db = new Database(plain);
      db.exec("CREATE TABLE t_noeud (nd_code TEXT); INSERT INTO t_noeud VALUES ('ND1')");
      db.close();
      const truncated = join(dir, 'truncated.gpkg');
      const bytes = readFileSync(demo);
      writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
      const blob = join(dir, 'bad-blob.gpkg');
      copyFileSync(demo, blob);
      const edit = new Database(blob);
      // GDAL's R-tree triggers call ST_* functions that plain SQLite lacks: stand-ins for the edit.
      for (const f of ['ST_IsEmpty', 'ST_MinX', 'ST_MaxX', 'ST_MinY', 'ST_MaxY']) edit.function(f, (_geometry: unknown) => 0);
      edit.exec("UPDATE t_cheminement SET geom = X'475800010000000000' WHERE fid = 3");
      edit.close();
      return [
        [random, 'not a GeoPackage: not an SQLite 3 file', '$', undefined],
        [plain, 'not a GeoPackage: an SQLite file without a gpkg_contents table', '$', undefined],
        [truncated, 'truncated or damaged', '$', undefined],
        [blob, 't_cheminement, fid 3: corrupt geometry blob: not a GeoPackage geometry: its first bytes are 0x4758, not "GP"', 't_cheminement', 'fid 3'],
      ] as const;
    };

    it('importRequest and the CLI', async () => {
      for (const [file, message, path, id] of corrupt()) {
        await expect(importRequest({ file }, {})).rejects.toMatchObject({ name: 'TopologyError', problems: [{ code: 'invalid-geopackage', path, ...(id && { id }) }] });
        await expect(importRequest({ file }, {})).rejects.toThrow(message);
        if (file.endsWith('random.gpkg')) continue; // the CLI gives a file's bytes: random bytes are read as a zip (invalid-delivery)
        const run = await runCli('import', 'gracethd', file, '--json');
        expect(run.code, run.stderr).toBe(1);
        expect(run.stderr).toContain(message);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
      const random = await runCli('import', 'gracethd', join(dir, 'random.gpkg'));
      expect(random.code).toBe(1);
    });

    it('POST /v1/import/gracethd', async () => {
      for (const [file, message, path, id] of corrupt()) {
        const res = await app.inject({
          method: 'POST', url: '/v1/import/gracethd', payload: readFileSync(file),
          headers: { 'content-type': 'application/geopackage+sqlite3', authorization: `Bearer ${TOKEN}` },
        });
        expect(res.statusCode, file).toBe(400);
        expect(res.json()).toMatchObject({ code: 'invalid-topology', details: [{ field: path, code: 'invalid-geopackage', ...(id && { id }) }] });
        expect(res.json().message).toContain(message);
      }
    });
  });

  it('POST /v1/import/gracethd takes a GeoPackage by its media type or its magic bytes, as the CLI does', async () => {
    const expected = await importRequest({ folder: DEMO }, { name: 'demo' });
    const body = readFileSync(demo);
    for (const type of ['application/geopackage+sqlite3', 'application/octet-stream', 'application/zip']) {
      const res = await app.inject({ method: 'POST', url: '/v1/import/gracethd?name=demo', payload: body, headers: { 'content-type': type, authorization: `Bearer ${TOKEN}` } });
      expect(res.statusCode, type).toBe(200);
      expect(res.json()).toEqual(JSON.parse(JSON.stringify({ topology: expected.topology, report: expected.report })));
    }
    const stored = await app.inject({ method: 'POST', url: '/v1/import/gracethd?id=demo-gpkg', payload: body, headers: { 'content-type': 'application/geopackage+sqlite3', authorization: `Bearer ${TOKEN}` } });
    expect(stored.statusCode).toBe(201);
    const cli = await runCli('import', 'gracethd', demo, '--json', '--name', 'demo');
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify({ topology: expected.topology, report: expected.report })));
  });
});
