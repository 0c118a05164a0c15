import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { QUESTIONS } from '../api/jobs/questions.js';
import { importGracethdFromPostgres } from '../src/import/gracethd/read-postgis.js';
import { importRequest } from '../src/requests/import.js';
import { tempFolders } from './support/api.js';
import { hasPostgres, startPostgres, type TestPostgres } from './support/postgres.js';
import { runCli } from './support/run-cli.js';

/**
 * A GraceTHD delivery loaded into PostGIS as an operator loads one, with GDAL's ogr2ogr, then
 * read in place (`import gracethd postgres://…?schema=…`): the same topology and the same
 * data-quality report as importing its files — the reference is the file import, which the
 * other GraceTHD tests check against the delivery itself. A real PostgreSQL 15 + PostGIS 3 on a
 * temporary folder (tests/support/postgres.ts).
 */
const POSTGRES = await hasPostgres();
if (!POSTGRES) console.warn('tests/gracethd-postgis.test.ts: skipped: PostgreSQL 15 + PostGIS 3 not found (.ci/run installs them)');
const V2 = join(import.meta.dirname, 'fixtures/gracethd-demo');
const V3 = join(import.meta.dirname, 'fixtures/gracethd-v3');
const TOKEN = 'postgis-token';
const run = promisify(execFile);
/** The API route needs POSTGIS_QUESTIONS spread into QUESTIONS (api/jobs/questions.ts). */
const API_READY = 'gracethd-database-import' in QUESTIONS;
if (POSTGRES && !API_READY) console.warn('tests/gracethd-postgis.test.ts: API tests skipped: api/jobs/questions.ts does not spread POSTGIS_QUESTIONS yet');

/** A port on which nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe.skipIf(!POSTGRES)('GraceTHD deliveries read in place from PostGIS (loaded by ogr2ogr)', () => {
  let server: TestPostgres;
  let url: string;
  let client: pg.Client;
  const at = (schema: string) => `${url}?schema=${schema}`;

  /**
   * Loads the delivery's tables (its shapefiles, and its CSV files, which GDAL reads as text)
   * into a new schema, each file a table, as `ogr2ogr -f PostgreSQL` makes it: an `ogc_fid`
   * primary key in the file's order, the geometry in `wkb_geometry` (or `geom`, a CSV's WKT column
   * read as a geometry unless `wkt`), fields lower-cased. `only`: these files alone.
   */
  async function load(folder: string, schema: string, options: { wkt?: boolean; srs?: string; only?: RegExp } = {}) {
    // A client of its own: loads run side by side.
    const own = new pg.Client(url);
    await own.connect();
    await own.query(`CREATE SCHEMA ${schema}`).finally(() => own.end());
    const target = `PG:host=127.0.0.1 port=${server.port} dbname=gracethd user=${server.user}`;
    const env = { ...process.env, PGPASSWORD: server.password };
    const names = readdirSync(folder);
    const files = names.filter((f) => /^[tl]_.*\.(shp|csv)$/.test(f) && !(f.endsWith('.csv') && names.includes(f.replace(/csv$/, 'shp'))) && (!options.only || options.only.test(f)));
    await Promise.all(files.map((file) => {
      const geometry = file.endsWith('.csv') && !options.wkt ? ['-oo', 'GEOM_POSSIBLE_NAMES=geom', '-oo', 'KEEP_GEOM_COLUMNS=NO', '-a_srs', 'EPSG:2154'] : [];
      const srs = options.srs && file.endsWith('.shp') ? ['-t_srs', options.srs] : [];
      return run('ogr2ogr', ['-f', 'PostgreSQL', target, join(folder, file), '-lco', `SCHEMA=${schema}`, ...geometry, ...srs], { env });
    }));
  }

  /** Copies the tables of a loaded schema into a new one, rows in the same order, keys and indexes included (`only`: these tables). */
  async function copy(from: string, to: string, only?: RegExp) {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${to}`);
    const { rows } = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename", [from]);
    for (const { tablename } of rows.filter((r) => !only || only.test(r.tablename))) {
      await client.query(`CREATE TABLE ${to}.${tablename} (LIKE ${from}.${tablename} INCLUDING ALL); INSERT INTO ${to}.${tablename} SELECT * FROM ${from}.${tablename} ORDER BY ogc_fid`);
    }
  }

  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase('gracethd');
    client = new pg.Client(url);
    await client.connect();
    await Promise.all([load(V2, 'demo_v2'), load(V3, 'demo_v3'), load(V3, 'demo_v3_wkt', { wkt: true }), load(V2, 'demo_wgs84', { srs: 'EPSG:4326', only: /\.shp$/ })]);
    await copy('demo_v2', 'demo_wgs84', /^(?!t_noeud$|t_cheminement$)/);
    await copy('demo_v2', 'demo_upper');
    await client.query(`ALTER TABLE demo_upper.t_noeud RENAME COLUMN nd_code TO "ND_CODE"; ALTER TABLE demo_upper.t_noeud RENAME TO "T_NOEUD";
      ALTER TABLE demo_upper.t_cheminement RENAME COLUMN cm_code TO "CM_Code"; ALTER TABLE demo_upper.t_cheminement RENAME TO "T_Cheminement"`);
    await copy('demo_v2', 'demo_srid0');
    await client.query('ALTER TABLE demo_srid0.t_noeud ALTER COLUMN wkb_geometry TYPE geometry(Point, 0) USING ST_SetSRID(wkb_geometry, 0)');
    await client.query('CREATE SCHEMA other; CREATE TABLE other.parcels (id int PRIMARY KEY, geom geometry(Point, 2154)); CREATE TABLE other.owners (name text)');
    await client.query('CREATE SCHEMA half; CREATE TABLE half.t_noeud AS SELECT * FROM demo_v2.t_noeud');
  }, 180_000);
  afterAll(async () => {
    await client?.end();
    await server?.stop();
  });

  it('imports the v2 demo to exactly the topology and report of its files', async () => {
    const files = await importRequest({ folder: V2 }, { name: 'demo' });
    const database = await importRequest({ database: at('demo_v2') }, { name: 'demo' });
    expect(database.topology).toEqual(files.topology);
    expect(database.report).toEqual(files.report);
    expect(database.report.version).toBe('2.0.1');
    expect(database.topology.sections).toHaveLength(25);
    expect(database.report.findings.length).toBeGreaterThan(5);
  });

  it('imports the v3 fixture to exactly the topology and report of its files, geometries as PostGIS geometries or as WKT text', async () => {
    const files = await importRequest({ folder: V3 }, { name: 'demo' });
    for (const schema of ['demo_v3', 'demo_v3_wkt']) {
      const database = await importRequest({ database: at(schema) }, { name: 'demo' });
      expect(database.topology, schema).toEqual(files.topology);
      expect(database.report, schema).toEqual(files.report);
    }
    expect(files.report.version).toBe('3.x');
    const { rows } = await client.query("SELECT type FROM geometry_columns WHERE f_table_schema = 'demo_v3' AND f_table_name = 't_cheminement'");
    expect(rows).toHaveLength(1);
  });

  it('matches table and column names without regard to case, and searches several schemas in turn', async () => {
    const files = await importRequest({ folder: V2 }, { name: 'demo' });
    const upper = await importRequest({ database: at('demo_upper') }, { name: 'demo' });
    expect(upper.topology).toEqual(files.topology);
    expect(upper.report).toEqual(files.report);
    // half holds only t_noeud: t_cheminement and the rest come from demo_v2, as a search_path would.
    const split = await importRequest({ database: at('half,demo_v2') }, { name: 'demo' });
    expect(split.topology).toEqual(files.topology);
  });

  it('transforms geometries stored in another SRID to Lambert-93 with PostGIS, and says so in the report', async () => {
    const files = await importRequest({ folder: V2 }, { name: 'demo' });
    const { topology, report } = await importRequest({ database: at('demo_wgs84') }, { name: 'demo' });
    const { rows } = await client.query("SELECT srid FROM geometry_columns WHERE f_table_schema = 'demo_wgs84' ORDER BY f_table_name");
    expect(rows.map((r) => r.srid)).toEqual([4326, 4326]);
    expect(topology.sites.map((s) => s.id)).toEqual(files.topology.sites.map((s) => s.id));
    topology.sites.forEach((s, i) => {
      expect(Math.abs(s.lon - files.topology.sites[i].lon), s.id).toBeLessThan(1e-9);
      expect(Math.abs(s.lat - files.topology.sites[i].lat), s.id).toBeLessThan(1e-9);
    });
    expect(topology.sections.map(({ geometry: _, ...s }) => s)).toEqual(files.topology.sections.map(({ geometry: _, ...s }) => s));
    const crs = report.findings.filter((f) => f.code === 'unexpected-crs');
    expect(crs.map((f) => [f.severity, f.where]).sort()).toEqual([['info', 't_cheminement'], ['info', 't_noeud']]);
    expect(crs.find((f) => f.where === 't_noeud')!.items[0].detail).toBe('demo_wgs84.t_noeud.wkb_geometry is stored in EPSG:4326 (SRID 4326) on 27 row(s)');
    expect(report.findings.filter((f) => f.code !== 'unexpected-crs')).toEqual(files.report.findings);
  });

  it('takes geometries without an SRID as Lambert-93, with a warning', async () => {
    const files = await importRequest({ folder: V2 }, { name: 'demo' });
    const { topology, report } = await importRequest({ database: at('demo_srid0') }, { name: 'demo' });
    // The same, but for the provenance's count of findings: one more.
    expect({ ...topology, provenance: '' }).toEqual({ ...files.topology, provenance: '' });
    expect(topology.provenance).toMatch(`${files.report.findings.length + 1} data-quality finding(s)`);
    expect(report.findings.find((f) => f.code === 'unexpected-crs')).toMatchObject({
      severity: 'warning', where: 't_noeud', items: [{ id: 't_noeud', detail: 'demo_srid0.t_noeud.wkb_geometry has no SRID (0) on 27 row(s)' }],
    });
  });

  it('reads in place through the CLI: `import gracethd postgres://…?schema=…` prints what importing the files prints', async () => {
    const files = await runCli('import', 'gracethd', V2, '--json');
    const database = await runCli('import', 'gracethd', at('demo_v2'), '--json');
    expect(database.code, database.stderr).toBe(0);
    const [a, b] = [JSON.parse(database.stdout), JSON.parse(files.stdout)];
    expect(a.topology.name).toBe('GraceTHD delivery gracethd.demo_v2');
    expect({ ...a.topology, name: b.topology.name }).toEqual(b.topology);
    expect(a.report).toEqual(b.report);
    const text = await runCli('import', 'gracethd', at('demo_v3'), '--view', 'local');
    expect(text.code).toBe(0);
    expect(text.stderr).toMatch(/GraceTHD 3\.x/);
  });

  it('is the first step of the round trip: a delivery in PostGIS analysed in place, its results written back to PostGIS', async () => {
    const exported = await runCli('export', 'postgis', at('demo_v2'), at('demo_results'), '--json');
    expect(exported.code, exported.stderr).toBe(0);
    const analysis = JSON.parse((await runCli('analyse', V2, '--json')).stdout);
    const { rows } = await client.query('SELECT id, status, critical_sections FROM demo_results.nros ORDER BY id');
    expect(rows).toEqual(analysis.nros.map((n: { id: string; status: string; criticalSections: string[] }) => ({ id: n.id, status: n.status, critical_sections: n.criticalSections })));
    const cuts = await client.query('SELECT count(*)::int AS n FROM demo_results.cuts');
    expect(cuts.rows[0].n).toBe(analysis.cutImpact.length);
  });

  describe('bad input: what is wrong, in words, exit 1', () => {
    it('a schema that is not GraceTHD, one without t_cheminement, one that does not exist, none named', async () => {
      const cases: Array<[string, RegExp]> = [
        [at('other'), /schema "other" of postgres:\/\/fibre:\*\*\*@127\.0\.0\.1:\d+\/gracethd holds neither t_noeud nor t_cheminement: not a GraceTHD schema .*it holds: owners, parcels/],
        [at('half'), /schema "half" of .* holds no t_cheminement \(a GraceTHD delivery needs t_noeud and t_cheminement\); GraceTHD tables found: t_noeud/],
        [at('nowhere'), /schema "nowhere" does not exist \(schemas: demo_results, demo_srid0, demo_upper, demo_v2, demo_v3, demo_v3_wkt, demo_wgs84, half, other, public\)/],
        [url, /name the schema that holds the GraceTHD tables: …\?schema=NAME/],
        [at('a;b'), /schema "a;b" is not a plain SQL identifier/],
      ];
      for (const [target, message] of cases) {
        const result = await runCli('import', 'gracethd', target);
        expect(result.code, target).toBe(1);
        expect(result.stderr, target).toMatch(message);
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
      await expect(importRequest({ database: at('other') }, {})).rejects.toMatchObject({ name: 'TopologyError', problems: [{ code: 'missing-table', path: 'other', id: 't_noeud' }] });
      await expect(importRequest({ database: at('nowhere') }, {})).rejects.toMatchObject({ name: 'DatabaseError', field: 'url.schema', code: '3F000' });
    });

    it('an unreachable server, refused credentials, a database that does not exist: never the password', async () => {
      const port = await closedPort();
      const cases: Array<[string, RegExp]> = [
        [at('demo_v2').replace(`:${server.port}/`, `:${port}/`), /no server answers at this host and port/],
        [at('demo_v2').replace(server.password, 'not-the-password'), /password authentication refused \(check the user and password\)/],
        [at('demo_v2').replace('/gracethd?', '/nowhere?'), /the database does not exist/],
      ];
      for (const [target, message] of cases) {
        const result = await runCli('import', 'gracethd', target);
        expect(result.code, target).toBe(1);
        expect(result.stderr).toMatch(message);
        expect(result.stderr).not.toContain(server.password);
        expect(result.stderr).not.toContain('not-the-password');
      }
    });

    it('the bounds of every container: tables, bytes, rows and time', async () => {
      const cases: Array<[Parameters<typeof importGracethdFromPostgres>[1], string, string]> = [
        [{ limits: { maxEntries: 3 } }, 'too-many-entries', 'maxEntries'],
        [{ limits: { maxLineBytes: 64 } }, 'line-too-long', 'maxLineBytes'],
        [{ limits: { maxEntryBytes: 2_000 } }, 'too-large', 'maxEntryBytes'],
        [{ limits: { maxTotalBytes: 20_000 } }, 'too-large', 'maxTotalBytes'],
        [{ limits: { deadlineMs: 1 } }, 'deadline-exceeded', 'deadlineMs'],
      ];
      for (const [options, code, bound] of cases) {
        await expect(importGracethdFromPostgres(at('demo_v2'), options), bound).rejects.toMatchObject({ name: 'TopologyError', problems: [{ code, id: bound }] });
      }
    });
  });

  describe.skipIf(!API_READY)('POST /v1/import/gracethd with a JSON body: a schema of the server’s own GraceTHD database', () => {
    let app: FastifyInstance;
    const post = (target: FastifyInstance, body: unknown, query = '') =>
      target.inject({ method: 'POST', url: `/v1/import/gracethd${query}`, payload: body as Record<string, unknown>, headers: { authorization: `Bearer ${TOKEN}` } });
    const build = (gracethdDatabaseUrl?: string) => {
      const folders = tempFolders();
      return buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, gracethdDatabaseUrl });
    };
    beforeAll(async () => {
      app = await build(`${url}?schema=store`);
    });
    afterAll(() => app?.close());

    it('imports the schema as the files import, and stores it under an id', async () => {
      const files = await importRequest({ folder: V2 }, { name: 'demo' });
      const res = await post(app, { schema: 'demo_v2', name: 'demo' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual(JSON.parse(JSON.stringify({ topology: files.topology, report: files.report })));
      const query = await post(app, { schema: 'demo_v3' }, '?view=local&name=v3');
      expect(query.statusCode).toBe(200);
      expect(query.json().topology.name).toBe('v3');
      const stored = await post(app, { schema: 'demo_v2' }, '?id=from-postgis');
      expect(stored.statusCode).toBe(201);
      expect(stored.json().stored).toMatchObject({ id: 'from-postgis', version: 1, counts: { sections: 25 } });
      expect((await app.inject('/v1/topologies/from-postgis/analysis')).statusCode).toBe(200);
    });

    it('takes only a schema of its own database, never a URL, and names what is wrong without the address', async () => {
      const cases: Array<[unknown, number, string, string, RegExp]> = [
        [{ schema: 'other' }, 400, 'invalid-topology', 'other', /the server’s GraceTHD database holds neither t_noeud nor t_cheminement: not a GraceTHD schema/],
        [{ schema: 'nowhere' }, 400, 'invalid-request', 'schema', /the server’s GraceTHD database: schema "nowhere" does not exist/],
        [{ schema: 'a;b' }, 400, 'invalid-request', 'schema', /expected a schema name/],
        [{ schema: 'demo_v2', url: `postgres://attacker@198.51.100.1/x` }, 400, 'invalid-request', 'request', /unrecognized key/i],
        [{ schema: 'demo_v2', name: 'a' }, 400, 'invalid-request', 'name', /given in the body and as name in the query/],
      ];
      for (const [body, status, code, field, message] of cases) {
        const res = await post(app, body, (body as { name?: string }).name ? '?name=b' : '');
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
        expect(res.json(), JSON.stringify(body)).toMatchObject({ code, details: [{ field }] });
        expect(res.json().message).toMatch(message);
        expect(res.body).not.toContain('127.0.0.1');
        expect(res.body).not.toContain(server.password);
      }
      const noToken = await app.inject({ method: 'POST', url: '/v1/import/gracethd', payload: { schema: 'demo_v2' } });
      expect(noToken.statusCode).toBe(401);
    });

    it('a database that does not answer or refuses the server is a 503; a server without one takes no JSON body (415)', async () => {
      const port = await closedPort();
      for (const bad of [`${url.replace(`:${server.port}/`, `:${port}/`)}`, url.replace(server.password, 'not-the-password')]) {
        const broken = await build(bad);
        try {
          const res = await post(broken, { schema: 'demo_v2' });
          expect(res.statusCode, bad).toBe(503);
          expect(res.json()).toMatchObject({ code: 'database-unavailable', details: [{ field: 'FIBRE_GRACETHD_DATABASE_URL' }] });
          expect(res.json().message).toMatch(/^the server’s GraceTHD database: (no server answers|password authentication refused)/);
          expect(res.body).not.toContain('not-the-password');
          expect(res.body).not.toContain(String(port));
        } finally {
          await broken.close();
        }
      }
      const none = await build();
      try {
        const res = await post(none, { schema: 'demo_v2' });
        expect(res.statusCode).toBe(415);
        expect(res.json().message).toMatch(/FIBRE_GRACETHD_DATABASE_URL/);
      } finally {
        await none.close();
      }
    });
  });
});
