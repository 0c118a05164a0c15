import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wgs84ToLambert93 } from '../src/io/lambert93.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';
import { hasPostgres, startPostgres, type TestPostgres } from './support/postgres.js';
import { runCli } from './support/run-cli.js';

/**
 * QGIS's own PostgreSQL provider, headless (`scripts/qgis/read-postgis.py` with the system
 * python3 and Debian's python3-qgis), opens every result table of `export postgis` from the
 * database, once per geometry column, as a planner's QGIS does from its PostgreSQL connection:
 * valid, in its CRS, with its spatial index, every feature and every attribute. The values are
 * compared with the database's rows (read with pg) and, for the NROs, with a brute-force reading
 * of the analysis rules; the points with the topology's coordinates.
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../scripts/qgis/read-postgis.py');
const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'qgis-runtime-')) };
const POSTGRES = await hasPostgres();
const QGIS = spawnSync(PYTHON, ['-c', 'import qgis.core'], { env, timeout: 60_000 }).status === 0;
if (!POSTGRES) console.warn('tests/postgis-qgis.test.ts: skipped: PostgreSQL 15 + PostGIS 3 not found (.ci/run installs them)');
else if (!QGIS) console.warn('tests/postgis-qgis.test.ts: skipped: /usr/bin/python3 cannot import qgis.core (apt-get install qgis python3-qgis)');
const run = promisify(execFile);

type Value = string | number | boolean | null | Value[];
interface ReadLayer {
  table: string;
  column: string;
  valid: boolean;
  crs?: string;
  geometryType?: string;
  featureCount?: number;
  spatialIndex?: boolean;
  fields?: Array<[string, string]>;
  features?: Array<{ attributes: Record<string, Value>; hasGeometry: boolean; wkt: string | null }>;
}

const TABLES: Record<string, { key: string[]; type: string }> = {
  nros: { key: ['id'], type: 'Point' },
  critical_sections: { key: ['section'], type: 'LineString' },
  section_saturation: { key: ['section'], type: 'LineString' },
  cuts: { key: ['section'], type: 'LineString' },
  plan: { key: ['work', 'year'], type: 'MultiLineString' },
};
const COLUMNS = { geom_2154: 'EPSG:2154', geom_4326: 'EPSG:4326' } as const;

describe.skipIf(!POSTGRES || !QGIS)('QGIS opens every result table of export postgis from its PostgreSQL connection', () => {
  let server: TestPostgres;
  let db: pg.Client;
  let layers: ReadLayer[];
  const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;

  beforeAll(async () => {
    server = await startPostgres();
    const url = await server.createDatabase('qgis');
    const exported = await runCli('export', 'postgis', SOMME_FILE, `${url}?schema=results`, '--budget', '3884950', '--years', '3');
    if (exported.code !== 0) throw new Error(exported.stderr);
    db = new pg.Client(url);
    await db.connect();
    const specs = Object.entries(TABLES).flatMap(([table, { key }]) => Object.keys(COLUMNS).map((column) => `${table}:${column}:${key.join(',')}`));
    const { stdout } = await run(PYTHON, [SCRIPT, '127.0.0.1', String(server.port), 'qgis', server.user, 'results', ...specs], {
      env: { ...env, PGPASSWORD: server.password }, maxBuffer: 256 * 2 ** 20, timeout: 300_000,
    });
    layers = stdout.trim().split('\n').map((line) => JSON.parse(line) as ReadLayer);
  }, 300_000);
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it('opens each table once per geometry column: valid, in EPSG:2154 and EPSG:4326, of one geometry type, with its GIST index', () => {
    expect(layers.map((l) => `${l.table}.${l.column}`)).toEqual(Object.keys(TABLES).flatMap((t) => Object.keys(COLUMNS).map((c) => `${t}.${c}`)));
    for (const layer of layers) {
      const where = `${layer.table}.${layer.column}`;
      expect(layer.valid, where).toBe(true);
      expect(layer.crs, where).toBe(COLUMNS[layer.column as keyof typeof COLUMNS]);
      expect(layer.geometryType, where).toBe(TABLES[layer.table].type);
      expect(layer.spatialIndex, where).toBe(true);
      expect(layer.features!.length, where).toBe(layer.featureCount);
      expect(layer.features!.every((f) => f.hasGeometry), where).toBe(true);
    }
  });

  it('reads every row with every attribute as the database holds it', async () => {
    for (const layer of layers) {
      const where = `${layer.table}.${layer.column}`;
      const other = layer.column === 'geom_2154' ? 'geom_4326' : 'geom_2154';
      const { rows } = await db.query(`SELECT * FROM results.${layer.table}`);
      const columns = (await db.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position', ['results', layer.table]))
        .rows.map((r) => r.column_name as string).filter((c) => !c.startsWith('geom_'));
      // QGIS lists the other geometry column as an attribute too.
      expect(layer.fields!.map(([name]) => name), where).toEqual([...columns, other]);
      expect(layer.featureCount, where).toBe(rows.length);
      const key = (row: Record<string, unknown>) => TABLES[layer.table].key.map((k) => String(row[k])).join('/');
      const read = new Map(layer.features!.map((f) => [key(f.attributes), f.attributes]));
      expect(read.size, where).toBe(rows.length);
      for (const row of rows) {
        const attributes = read.get(key(row))!;
        expect(Object.fromEntries(columns.map((c) => [c, attributes[c]])), `${where} ${key(row)}`).toEqual(Object.fromEntries(columns.map((c) => [c, row[c]])));
      }
    }
    expect(layers.find((l) => l.table === 'plan')!.featureCount).toBeGreaterThan(10);
  });

  it('reads every NRO’s status and what cuts it off as the analysis rules give them, at its place in both CRSs', () => {
    const expected = bruteForceReport(somme);
    const sites = new Map(somme.sites.map((s) => [s.id, s]));
    for (const column of ['geom_2154', 'geom_4326'] as const) {
      const layer = layers.find((l) => l.table === 'nros' && l.column === column)!;
      const byId = new Map(layer.features!.map((f) => [f.attributes.id as string, f]));
      expect([...byId.keys()].sort()).toEqual(expected.nros.map((n) => n.id));
      for (const n of expected.nros) {
        const { attributes, wkt } = byId.get(n.id)!;
        expect({
          status: attributes.status, paths: attributes.paths, subscribers: attributes.subscribers, critical_sections: attributes.critical_sections,
          critical_sites: attributes.critical_sites, shared_risk_groups: attributes.shared_risk_groups, exposed_by: attributes.exposed_by,
        }, n.id).toEqual({
          status: n.status, paths: n.paths, subscribers: n.subscribers, critical_sections: n.criticalSections,
          critical_sites: n.criticalSites, shared_risk_groups: n.sharedRiskGroups, exposed_by: n.exposedBy,
        });
        const [x, y] = /^Point \(([-\d.]+) ([-\d.]+)\)$/.exec(wkt!)!.slice(1).map(Number);
        const site = sites.get(n.id)!;
        const [ex, ey] = column === 'geom_4326' ? [site.lon, site.lat] : wgs84ToLambert93([site.lon, site.lat]);
        expect(Math.hypot(x - ex, y - ey), `${n.id} ${column}`).toBeLessThan(column === 'geom_4326' ? 1e-9 : 0.001);
      }
    }
  });
});
