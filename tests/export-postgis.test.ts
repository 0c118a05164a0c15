import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { QUESTIONS } from '../api/jobs/questions.js';
import { fibreNetwork } from '../bench/generate.js';
import { wgs84ToLambert93 } from '../src/io/lambert93.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE, tempFolders } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';
import { hasPostgres, startPostgres, type TestPostgres } from './support/postgres.js';
import { cliJson, runCli } from './support/run-cli.js';

/**
 * `export postgis`: the results as PostGIS tables. The tables' rows are checked against the
 * CLI's `--json` figures (the same questions), against a brute-force reading of the analysis
 * rules (tests/support/brute-force.ts) and the saturation's definitions, and their geometries
 * against the topology's coordinates, projected to Lambert-93 by src/io/lambert93.ts rather
 * than by PostGIS. A real PostgreSQL 15 + PostGIS 3 (tests/support/postgres.ts).
 */
const POSTGRES = await hasPostgres();
if (!POSTGRES) console.warn('tests/export-postgis.test.ts: skipped: PostgreSQL 15 + PostGIS 3 not found (.ci/run installs them)');
const BUDGET = ['--budget', '3884950', '--years', '3'];
const TOKEN = 'export-token';
/** The API route needs POSTGIS_QUESTIONS spread into QUESTIONS and postgisExportRoutes registered (api/app.ts). */
const API_READY = 'postgis-export' in QUESTIONS && readFileSync(join(import.meta.dirname, '../api/app.ts'), 'utf8').includes('postgisExportRoutes');
if (POSTGRES && !API_READY) console.warn('tests/export-postgis.test.ts: API tests skipped: api/app.ts and api/jobs/questions.ts do not serve the PostGIS export yet');

const GEOMETRY: Record<string, string> = { nros: 'POINT', critical_sections: 'LINESTRING', section_saturation: 'LINESTRING', cuts: 'LINESTRING', plan: 'MULTILINESTRING' };
const TABLES = Object.keys(GEOMETRY);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface PlanJson {
  funding: { shares: Array<{ source: string; share: number }> };
  years: Array<{ year: number; costEur: number }>;
  selected: Array<{ id: string; kind: string; costEur: number; payments: Array<{ year: number; amountEur: number }> }>;
}

describe.skipIf(!POSTGRES)('export postgis: the results as PostGIS tables', () => {
  let server: TestPostgres;
  let url: string;
  let db: pg.Client;
  const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;
  const at = (schema: string) => `${url}?schema=${schema}`;
  const rows = async (sql: string, values: unknown[] = []) => (await db.query(sql, values)).rows;

  beforeAll(async () => {
    server = await startPostgres();
    url = await server.createDatabase('results');
    db = new pg.Client(url);
    await db.connect();
    const run = await runCli('export', 'postgis', SOMME_FILE, at('results'), ...BUDGET, '--json');
    if (run.code !== 0) throw new Error(run.stderr);
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await server?.stop();
  });

  it('writes each table with geom_2154 and geom_4326 of one type and SRID, a GIST index on each, a primary key and comments', async () => {
    const columns = await rows("SELECT f_table_name AS t, f_geometry_column AS c, srid, type FROM geometry_columns WHERE f_table_schema = 'results' ORDER BY 1, 2");
    expect(columns).toEqual([...TABLES].sort().flatMap((t) => [
      { t, c: 'geom_2154', srid: 2154, type: GEOMETRY[t] },
      { t, c: 'geom_4326', srid: 4326, type: GEOMETRY[t] },
    ]));
    const gist = await rows("SELECT tablename AS t, indexdef FROM pg_indexes WHERE schemaname = 'results' AND indexdef LIKE '%USING gist%' ORDER BY 1, 2");
    expect(gist.map((g) => `${g.t} ${/\((\w+)\)$/.exec(g.indexdef)![1]}`)).toEqual([...TABLES].sort().flatMap((t) => [`${t} geom_2154`, `${t} geom_4326`]));
    const keys = await rows(`SELECT c.relname AS t, pg_get_constraintdef(k.oid) AS def FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
      JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'results' AND k.contype = 'p' ORDER BY 1`);
    expect(keys).toEqual([
      { t: 'critical_sections', def: 'PRIMARY KEY (section)' }, { t: 'cuts', def: 'PRIMARY KEY (section)' }, { t: 'nros', def: 'PRIMARY KEY (id)' },
      { t: 'plan', def: 'PRIMARY KEY (work, year)' }, { t: 'section_saturation', def: 'PRIMARY KEY (section)' },
    ]);
    for (const t of TABLES) {
      const [{ comment }] = await rows("SELECT obj_description(format('results.%I', $1::text)::regclass, 'pg_class') AS comment", [t]);
      expect(comment.startsWith('fibre-resilience: '), t).toBe(true);
      expect(comment, t).toContain(`Topology «${somme.name}»; head-ends HE-AMIENS; exported by fibre-resilience on `);
      const uncommented = await rows(`SELECT a.attname FROM pg_attribute a WHERE a.attrelid = format('results.%I', $1::text)::regclass AND a.attnum > 0
        AND NOT a.attisdropped AND col_description(a.attrelid, a.attnum) IS NULL`, [t]);
      expect(uncommented, t).toEqual([]);
    }
  });

  it('holds as many rows as the CLI’s --json figures: NROs, bridges, single cuts, section loads, plan payments', async () => {
    const analysis = await cliJson<{ nros: unknown[]; bridges: unknown[]; cutImpact: unknown[] }>('analyse', SOMME_FILE, '--json');
    const saturation = await cliJson<{ sections: unknown[] }>('saturation', SOMME_FILE, '--json');
    const plan = await cliJson<PlanJson>('plan', SOMME_FILE, ...BUDGET, '--json');
    const count = async (t: string) => (await rows(`SELECT count(*)::int AS n FROM results.${t}`))[0].n;
    expect(await count('nros')).toBe(analysis.nros.length);
    expect(await count('critical_sections')).toBe(analysis.bridges.length);
    expect(await count('cuts')).toBe(analysis.cutImpact.length);
    expect(await count('section_saturation')).toBe(saturation.sections.length);
    expect(await count('plan')).toBe(plan.selected.reduce((n, w) => n + w.payments.length, 0));
    expect([analysis.nros.length, analysis.bridges.length, analysis.cutImpact.length, saturation.sections.length]).toEqual([63, 25, 135, 135]);
  });

  it('gives every NRO, critical section and single cut as the analysis rules do (brute force)', async () => {
    const expected = bruteForceReport(somme);
    const nros = await rows('SELECT id, name, subscribers, status, paths, critical_sections, critical_sites, shared_risk_groups, exposed_by, kind FROM results.nros ORDER BY id');
    expect(nros).toEqual(expected.nros.map((n) => ({
      id: n.id, name: n.name ?? null, subscribers: n.subscribers, status: n.status, paths: n.paths, critical_sections: n.criticalSections,
      critical_sites: n.criticalSites, shared_risk_groups: n.sharedRiskGroups, exposed_by: n.exposedBy, kind: 'nro',
    })));
    expect(nros.filter((n) => n.status === 'single-homed').length).toBeGreaterThan(10);
    const sections = new Map(somme.sections.map((s) => [s.id, s]));
    const cut = (c: (typeof expected.cutImpact)[number]) => {
      const s = sections.get(c.section)!;
      return { section: c.section, from_site: s.from, to_site: s.to, owner: s.owner, length_m: s.lengthM, isolated_nros: c.isolatedNros, isolated_site_count: c.isolatedSites.length, subscribers_cut: c.subscribersCut };
    };
    const bySection = (a: { section: string }, b: { section: string }) => (a.section < b.section ? -1 : 1);
    const critical = await rows('SELECT section, from_site, to_site, owner, length_m, isolated_nros, isolated_site_count, subscribers_cut FROM results.critical_sections ORDER BY section');
    expect(critical).toEqual(expected.cutImpact.filter((c) => expected.bridges.includes(c.section)).map(cut).sort(bySection));
    const cuts = await rows('SELECT section, from_site, to_site, owner, length_m, isolated_nros, isolated_site_count, subscribers_cut, bridge FROM results.cuts ORDER BY section');
    expect(cuts).toEqual(expected.cutImpact.map((c) => ({ ...cut(c), bridge: expected.bridges.includes(c.section) })).sort(bySection));
  });

  it('gives every section’s saturation by its definitions, now and once the desaturation works on it are done', async () => {
    const saturation = await rows('SELECT * FROM results.section_saturation');
    const works = somme.desaturationWorks ?? [];
    const state = (ratio: number | null) => (ratio === null ? 'unknown' : ratio >= 1 ? 'saturated' : ratio >= 0.8 ? 'near' : 'ok');
    for (const s of saturation) {
      const section = somme.sections.find((x) => x.id === s.section)!;
      const on = works.filter((w) => w.sections.includes(s.section));
      expect(s.owner, s.section).toBe(section.owner);
      expect(s.capacity_fibres).toBe(section.capacityFibres ?? null);
      expect(s.used_fibres).toBe(section.usedFibres ?? 0);
      expect(s.routed_fibres).toBe(2 * s.routes);
      expect(s.load_fibres).toBe(s.used_fibres + s.routed_fibres);
      expect(s.ratio).toBe(s.capacity_fibres === null ? null : s.load_fibres / s.capacity_fibres);
      expect(s.state).toBe(state(s.ratio));
      expect(s.works).toEqual(on.map((w) => w.id));
      if (s.capacity_fibres === null) continue;
      const after = s.capacity_fibres + on.reduce((n, w) => n + (w.addedCapacityFibres ?? 0), 0);
      expect(s.capacity_after_works, s.section).toBe(after);
      expect(s.ratio_after_works).toBeCloseTo(s.load_fibres / after, 12);
      expect(s.state_after_works).toBe(state(s.load_fibres / after));
    }
    expect(saturation.filter((s) => s.state === 'saturated' && s.state_after_works === 'ok').length).toBeGreaterThan(3);
  });

  it('gives the plan as the CLI’s plan: a row per work and year paid, each year’s payment split by source', async () => {
    const plan = await cliJson<PlanJson>('plan', SOMME_FILE, ...BUDGET, '--json');
    const table = await rows('SELECT work, year, kind, cost_eur, paid_eur, paid_years, funding_sources, funding_eur FROM results.plan ORDER BY work, year');
    const expected = plan.selected.flatMap((w) => w.payments.map((p) => ({
      work: w.id, year: p.year, kind: w.kind, cost_eur: w.costEur, paid_eur: p.amountEur, paid_years: w.payments.map((x) => x.year), funding_sources: plan.funding.shares.map((s) => s.source),
    }))).sort((a, b) => (a.work < b.work ? -1 : a.work > b.work ? 1 : a.year - b.year));
    expect(table.map(({ funding_eur: _, ...row }) => row)).toEqual(expected);
    for (const row of table) expect(row.funding_eur.reduce((t: number, x: number) => t + x, 0), row.work).toBe(row.paid_eur);
    for (const y of plan.years) expect(table.filter((r) => r.year === y.year).reduce((t, r) => t + r.paid_eur, 0)).toBe(y.costEur);
    // A desaturation work of the plan relieves its sections in state_after_plan.
    const relieved = await rows("SELECT section FROM results.section_saturation WHERE state IN ('near', 'saturated') AND state_after_plan = 'ok'");
    const planned = new Set(plan.selected.filter((w) => w.kind === 'desaturation work').map((w) => w.id));
    const covered = new Set((somme.desaturationWorks ?? []).filter((w) => planned.has(w.id)).flatMap((w) => w.sections));
    expect(relieved.map((r) => r.section).every((s) => covered.has(s))).toBe(true);
  });

  it('places every geometry where the topology says, in both CRSs; a spatial query finds the sections at each NRO', async () => {
    const nros = await rows('SELECT id, ST_X(geom_4326) AS lon, ST_Y(geom_4326) AS lat, ST_X(geom_2154) AS x, ST_Y(geom_2154) AS y FROM results.nros');
    const sites = new Map(somme.sites.map((s) => [s.id, s]));
    for (const n of nros) {
      const site = sites.get(n.id)!;
      expect([n.lon, n.lat], n.id).toEqual([site.lon, site.lat]);
      const [x, y] = wgs84ToLambert93([site.lon, site.lat]);
      expect(Math.hypot(n.x - x, n.y - y), n.id).toBeLessThan(0.001);
    }
    const [{ worst }] = await rows('SELECT max(ST_HausdorffDistance(ST_Transform(geom_4326, 2154), geom_2154)) AS worst FROM results.cuts');
    expect(worst).toBeLessThan(1e-6);
    const touching = await rows(`SELECT n.id, array_agg(c.section ORDER BY c.section) AS sections FROM results.nros n
      JOIN results.cuts c ON ST_DWithin(c.geom_2154, n.geom_2154, 1) GROUP BY n.id ORDER BY n.id`);
    const analysed = somme.sections.filter((s) => (s.status ?? 'existing') === 'existing');
    expect(touching).toEqual(nros.map((n) => n.id).sort().map((id) => ({ id, sections: analysed.filter((s) => s.from === id || s.to === id).map((s) => s.id).sort() })));
  });

  it('replaces its own tables in one go, drops the plan without a budget, and never drops a table it did not write', async () => {
    const again = await cliJson<{ tables: Array<{ name: string; rows: number }>; dropped: string[] }>('export', 'postgis', SOMME_FILE, at('results'), '--json');
    expect(again.tables.map((t) => t.name)).toEqual(['nros', 'critical_sections', 'section_saturation', 'cuts']);
    expect(again.dropped).toEqual(['plan']);
    expect((await rows("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'results'"))[0].n).toBe(4);
    expect((await rows('SELECT count(*)::int AS n FROM results.cuts'))[0].n).toBe(135);
    await db.query('CREATE SCHEMA mine; CREATE TABLE mine.cuts (section text PRIMARY KEY)');
    const refused = await runCli('export', 'postgis', SOMME_FILE, at('mine'));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/schema "mine" holds a table "cuts" that fibre-resilience did not write: export to another schema, or drop it first/);
    expect((await rows("SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'mine'"))[0].n).toBe(1);
    const written = await runCli('export', 'postgis', SOMME_FILE, at('results'), ...BUDGET);
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/Wrote 5 tables to schema "results" of postgres:\/\/fibre:\*\*\*@127\.0\.0\.1:\d+\/results/);
  });

  describe('bad input: what is wrong, in words', () => {
    it('exit 1: no schema, an unreachable server, refused credentials, a database without PostGIS — never the password', async () => {
      const port = await closedPort();
      await db.query('CREATE DATABASE plain');
      const cases: Array<[string, RegExp]> = [
        [url, /name the schema to write the tables in: …\?schema=NAME/],
        [at('x').replace(`:${server.port}/`, `:${port}/`), /no server answers at this host and port/],
        [at('x').replace(server.password, 'not-the-password'), /password authentication refused/],
        [at('x').replace('/results?', '/plain?'), /PostGIS is not installed in this database/],
        [at('a;b'), /schema "a;b" is not a plain SQL identifier/],
      ];
      for (const [target, message] of cases) {
        const result = await runCli('export', 'postgis', SOMME_FILE, target);
        expect(result.code, target).toBe(1);
        expect(result.stderr, target).toMatch(message);
        expect(result.stderr).not.toContain('not-the-password');
        expect(result.stderr).not.toMatch(/\n\s+at /);
      }
    });

    it('exit 2: the plan’s options named by their flags, a target that is not a URL', async () => {
      const cases: Array<[string[], RegExp]> = [
        [['--budget', '1000', '--yearly-cap', '10', '--yearly-budgets', '5,5'], /--yearly-budgets: give a yearly cap or yearly budgets, not both/],
        [['--budget', '1000', '--objective', 'nothing'], /--objective: /],
        [['--budget=-5'], /--budget: expected an amount in euros/],
      ];
      for (const [options, message] of cases) {
        const result = await runCli('export', 'postgis', SOMME_FILE, at('results'), ...options);
        expect(result.code, options.join(' ')).toBe(2);
        expect(result.stderr).toMatch(message);
      }
      const file = await runCli('export', 'postgis', SOMME_FILE, 'out.gpkg');
      expect(file.code).toBe(2);
      expect(file.stderr).toMatch(/the target must be a postgres:\/\/ URL with \?schema=NAME/);
      const misplaced = await runCli('export', 'gracethd', SOMME_FILE, '-o', 'x.gpkg', '--budget', '5');
      expect(misplaced.code).toBe(2);
      expect(misplaced.stderr).toMatch(/--budget is an option of export postgis/);
    });
  });

  it('writes a 10 000-section generated network, as many rows as its analysis', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fibre-export-postgis-')), 'generated.json');
    writeFileSync(file, JSON.stringify({ ...fibreNetwork({ sections: 10_000, seed: 7 }), name: 'generated 1e4' }));
    const started = performance.now();
    const written = await cliJson<{ tables: Array<{ name: string; rows: number }>; ms: { compute: number; write: number } }>('export', 'postgis', file, at('generated'), '--json');
    const ms = Math.round(performance.now() - started);
    const analysis = await cliJson<{ nros: unknown[]; bridges: unknown[]; cutImpact: unknown[] }>('analyse', file, '--json');
    expect(Object.fromEntries(written.tables.map((t) => [t.name, t.rows]))).toEqual({
      nros: analysis.nros.length, critical_sections: analysis.bridges.length, section_saturation: analysis.cutImpact.length, cuts: analysis.cutImpact.length,
    });
    expect((await rows('SELECT count(*)::int AS n FROM generated.cuts'))[0].n).toBe(analysis.cutImpact.length);
    expect(analysis.cutImpact.length).toBeGreaterThan(9_000);
    console.log(`export postgis of 10 000 generated sections: ${ms} ms (compute ${written.ms.compute} ms, write ${written.ms.write} ms)`);
  }, 120_000);

  describe.skipIf(!API_READY)('POST /v1/topologies/{id}/exports/postgis: into the server’s own results database', () => {
    let app: FastifyInstance;
    const build = (resultsDatabaseUrl?: string) => {
      const folders = tempFolders();
      copyFileSync(SOMME_FILE, join(folders.seedDir, 'somme.json'));
      return buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, resultsDatabaseUrl });
    };
    const post = (target: FastifyInstance, id: string, body: unknown, token = TOKEN) =>
      target.inject({ method: 'POST', url: `/v1/topologies/${id}/exports/postgis`, payload: body as Record<string, unknown>, headers: { authorization: `Bearer ${token}` } });
    beforeAll(async () => {
      app = await build(url);
    });
    afterAll(() => app?.close());

    it('writes the tables of the CLI into the schema named, as a job, with the token', async () => {
      const res = await post(app, 'somme', { schema: 'api_results', plan: { budgetEur: 3_884_950, years: 3 } });
      expect(res.statusCode, res.body).toBe(200);
      const answer = res.json();
      expect(answer).toMatchObject({ database: 'the server’s results database', schema: 'api_results', dropped: [] });
      for (const t of answer.tables as Array<{ name: string; rows: number }>) {
        expect((await rows(`SELECT count(*)::int AS n FROM api_results.${t.name}`))[0].n, t.name).toBe(t.rows);
        expect((await rows(`SELECT count(*)::int AS n FROM results.${t.name}`))[0].n, t.name).toBe(t.rows);
      }
      expect(answer.tables.map((t: { name: string }) => t.name)).toEqual(TABLES);
      expect((await post(app, 'somme', { schema: 'api_results' }, 'wrong')).statusCode).toBe(401);
      expect((await app.inject({ method: 'POST', url: '/v1/topologies/somme/exports/postgis', payload: { schema: 'x' } })).statusCode).toBe(401);
    });

    it('refuses a URL, an unknown topology, a bad schema; a database that does not answer is a 503; without a results database the route is not served', async () => {
      for (const [id, body, status] of [
        ['somme', { schema: 'x', url: 'postgres://attacker@198.51.100.1/x' }, 400],
        ['somme', { schema: 'a;b' }, 400],
        ['somme', { schema: 'x', plan: { budgetEur: 5, yearlyCapEur: 1, yearlyBudgetsEur: [1] } }, 400],
        ['nowhere', { schema: 'x' }, 404],
      ] as const) {
        const res = await post(app, id, body);
        expect(res.statusCode, JSON.stringify(body)).toBe(status);
      }
      const port = await closedPort();
      const broken = await build(url.replace(`:${server.port}/`, `:${port}/`));
      try {
        const res = await post(broken, 'somme', { schema: 'x' });
        expect(res.statusCode).toBe(503);
        expect(res.json()).toMatchObject({ code: 'database-unavailable', details: [{ field: 'FIBRE_RESULTS_DATABASE_URL' }] });
        expect(res.json().message).toMatch(/^the server’s results database: no server answers/);
        expect(res.body).not.toContain(String(port));
      } finally {
        await broken.close();
      }
      const none = await build();
      try {
        expect((await post(none, 'somme', { schema: 'x' })).statusCode).toBe(404);
      } finally {
        await none.close();
      }
    });

    it('never writes into the schema of the server’s topology store (FIBRE_DATABASE_URL in the same database)', async () => {
      const folders = tempFolders();
      const shared = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, databaseUrl: `${url}?schema=store`, resultsDatabaseUrl: url });
      try {
        const res = await post(shared, 'handmade', { schema: 'store' });
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'invalid-request', details: [{ field: 'schema' }] });
        expect((await post(shared, 'handmade', { schema: 'handmade_results' })).statusCode).toBe(200);
      } finally {
        await shared.close();
      }
    });
  });
});
