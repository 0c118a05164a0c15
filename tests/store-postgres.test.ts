import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { ApiError } from '../api/errors.js';
import { LISTENER_NAME, PostgresStore, type PostgresStoreOptions } from '../api/store/postgres-store.js';
import { openStore } from '../api/store/store.js';
import { TopologyStore } from '../api/store/topology-store.js';
import { DatabaseError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { tempFolders, tinyTopology } from './support/api.js';
import { hasPostgres, startPostgres, type TestPostgres } from './support/postgres.js';

/** The file of a version, by the store's definition: the topology stringified with two spaces, and a newline. */
const bytesOf = (topology: Topology) => `${JSON.stringify(topology, null, 2)}\n`;
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
/** `"<version>-<first 16 hex digits of the SHA-256 of the file>"`, as docs/api.md defines it. */
const etagOf = (version: number, topology: Topology) => `"${version}-${sha256(bytesOf(topology)).slice(0, 16)}"`;

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

/** Waits until `check` holds, polling every 5 ms; resolves to how long it took, ms. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
  return performance.now() - started;
}

describe.skipIf(!(await hasPostgres()))('the PostgreSQL store on a real server', () => {
  let server: TestPostgres;
  let sql: pg.Client;
  const opened: PostgresStore[] = [];
  let schemas = 0;

  beforeAll(async () => {
    server = await startPostgres();
    sql = new pg.Client(server.url);
    await sql.connect();
  }, 120_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await sql?.end();
    await server?.stop();
  });

  /** A schema of its own for each test, and a seed folder like topology/ (`handmade`, `rand`). */
  const fresh = () => ({ ...tempFolders(), url: `${server.url}?schema=t${++schemas}`, schema: `t${schemas}` });
  const open = async (url: string, seedDir: string, more: Partial<PostgresStoreOptions> = {}) => {
    const store = await PostgresStore.open({ url, seedDir, cacheDir: mkdtempSync(join(tmpdir(), 'fibre-pg-cache-')), ...more });
    opened.push(store);
    return store;
  };
  const rows = async (schema: string, id: string) =>
    (await sql.query(`SELECT version, sha256, document, summary, updated_at FROM ${schema}.versions WHERE id = $1 ORDER BY version`, [id])).rows;

  it('creates its schema, tables and migration record on first open, and opens an existing one as it is', async () => {
    const { url, seedDir, schema } = fresh();
    // Two servers starting together on an empty database: one creates the tables, the other finds them.
    await Promise.all([open(url, seedDir), open(url, seedDir)]);
    const tables = await sql.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`, [schema]);
    expect(tables.rows.map((r) => r.table_name)).toEqual(['migrations', 'topologies', 'versions']);
    const migrations = await sql.query(`SELECT version FROM ${schema}.migrations`);
    expect(migrations.rows).toEqual([{ version: 1 }]);
    await open(url, seedDir);
    expect((await sql.query(`SELECT count(*)::int AS n FROM ${schema}.migrations`)).rows[0].n).toBe(1);
    // Without ?schema=: fibre_store.
    const store = await open(server.url, seedDir);
    expect(store.schema).toBe('fibre_store');
    expect((await sql.query(`SELECT to_regclass('fibre_store.versions') AS t`)).rows[0].t).toBe('fibre_store.versions');
  });

  it('serves the seeds as version 1 exactly as the file store does, and numbers the writes after them', async () => {
    const { url, seedDir, dataDir } = fresh();
    const store = await open(url, seedDir);
    const files = await TopologyStore.open({ seedDir, dataDir });
    expect(await store.ids()).toEqual(['handmade', 'rand']);
    expect(await store.get('handmade')).toEqual(await files.get('handmade'));
    expect(await store.get('nothing')).toBeUndefined();
    expect(await store.get('../etc')).toBeUndefined();

    const seedFile = readFileSync(join(seedDir, 'handmade.json'), 'utf8');
    expect((await store.get('handmade'))!.etag).toBe(`"1-${sha256(seedFile).slice(0, 16)}"`);
    const replaced = await store.put('handmade', tinyTopology('v2'));
    expect(replaced).toMatchObject({ created: false, record: { version: 2, source: 'upload', etag: etagOf(2, tinyTopology('v2')) } });
    const created = await store.put('fresh', tinyTopology('fresh'));
    expect(created).toMatchObject({ created: true, record: { version: 1, etag: etagOf(1, tinyTopology('fresh')) } });
    expect(await store.ids()).toEqual(['fresh', 'handmade', 'rand']);
    // The file store, given the same writes, answers the same versions and entity tags.
    expect((await files.put('handmade', tinyTopology('v2'))).record.etag).toBe(replaced.record.etag);
    expect((await files.put('fresh', tinyTopology('fresh'))).record.etag).toBe(created.record.etag);
    await files.close();
  });

  it('stores the bytes it is given, their hash and the summary; the file the workers read holds the same bytes', async () => {
    const { url, seedDir, schema } = fresh();
    const store = await open(url, seedDir);
    const topology = tinyTopology('kept whole');
    const { record } = await store.put('whole', topology);
    const [row] = await rows(schema, 'whole');
    expect(row.document.toString('utf8')).toBe(bytesOf(topology));
    expect(row.sha256).toBe(sha256(bytesOf(topology)));
    // Counted by hand from tinyTopology: 4 sites, 1 head-end, 2 NROs of 1 000 and 500 subscribers, 4 sections of 56 km.
    const counts = { sites: 4, headends: 1, nros: 2, subscribers: 1500, sections: 4, lengthM: 56_000, redundancyLinks: 0, desaturationWorks: 0 };
    expect(row.summary).toEqual({ name: 'kept whole', counts });
    expect(record).toMatchObject({ summary: { name: 'kept whole', counts }, updatedAt: row.updated_at.toISOString() });
    expect(readFileSync(record.file, 'utf8')).toBe(bytesOf(topology));
    const chunks: Buffer[] = [];
    for await (const chunk of store.read(record)) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString('utf8')).toBe(bytesOf(topology));
    // Versions are immutable in the database itself.
    await expect(sql.query(`UPDATE ${schema}.versions SET summary = '{}' WHERE id = 'whole'`)).rejects.toThrow(/immutable/);
  });

  it('checks If-Match and If-None-Match against the version in the database', async () => {
    const { url, seedDir } = fresh();
    const store = await open(url, seedDir);
    const other = await open(url, seedDir);
    const seed = (await store.get('handmade'))!;
    expect((await apiError(store.put('handmade', tinyTopology(), { ifMatch: '"1-0000000000000000"' }))).statusCode).toBe(412);
    expect((await apiError(store.put('handmade', tinyTopology(), { ifNoneMatch: '*' }))).statusCode).toBe(412);
    expect((await apiError(store.put('nothing', tinyTopology(), { ifMatch: '*' }))).statusCode).toBe(412);
    const { record } = await store.put('handmade', tinyTopology('ok'), { ifMatch: `"x", ${seed.etag}` });
    expect(record.version).toBe(2);
    // Another server's store refuses the stale tag at once, whatever it has cached: the database decides.
    const stale = await apiError(other.put('handmade', tinyTopology('late'), { ifMatch: seed.etag }));
    expect(stale).toMatchObject({ statusCode: 412, code: 'precondition-failed' });
    expect(stale.details[0].message).toBe(`the current version is 2, ETag ${record.etag}`);
    expect((await other.put('handmade', tinyTopology('next'), { ifMatch: record.etag })).record.version).toBe(3);
    expect((await apiError(store.put('created', tinyTopology(), { ifNoneMatch: '*' }).then(() => store.put('created', tinyTopology(), { ifNoneMatch: '*' })))).statusCode).toBe(412);
  });

  it('serialises concurrent writes of one process: each stored once, versions 1..n, one winner per If-Match', async () => {
    const { url, seedDir, schema } = fresh();
    const store = await open(url, seedDir);
    const n = 40;
    const acks = await Promise.all(Array.from({ length: n }, (_, i) => store.put('burst', tinyTopology(`burst-${i}`))));
    expect(acks.map((a) => a.record.version).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect(acks.filter((a) => a.created)).toHaveLength(1);
    const stored = await rows(schema, 'burst');
    expect(stored.map((r) => r.version)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    for (const { record } of acks) {
      const row = stored[record.version - 1];
      expect(JSON.parse(row.document.toString('utf8')).name).toBe(record.summary.name);
      expect(`"${row.version}-${row.sha256.slice(0, 16)}"`).toBe(record.etag);
    }
    expect(await store.get('burst')).toMatchObject({ version: n });

    // Ten writers holding the same entity tag: one wins, nine get 412.
    const tag = (await store.get('burst'))!.etag;
    const outcomes = await Promise.all(Array.from({ length: 10 }, (_, i) =>
      store.put('burst', tinyTopology(`race-${i}`), { ifMatch: tag }).then(() => 'stored', (e: ApiError) => e.statusCode)));
    expect(outcomes.filter((o) => o === 'stored')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 412)).toHaveLength(9);
    expect((await rows(schema, 'burst')).length).toBe(n + 1);
  });

  it('hears the writes of another store on the database and drops its cached record; a write it does not hear of is not seen', async () => {
    const { url, seedDir, schema } = fresh();
    const reader = await open(url, seedDir);
    const writer = await open(url, seedDir);
    await writer.put('heard', tinyTopology('first'));
    // An id the reader does not know is looked up: seen at once, before any notification.
    expect(await reader.get('heard')).toMatchObject({ version: 1, summary: { name: 'first' } });
    await writer.put('heard', tinyTopology('second'));
    await eventually(async () => (await reader.get('heard'))?.version === 2);
    expect(await reader.ids()).toEqual(['handmade', 'heard', 'rand']);
    await writer.put('new-one', tinyTopology('new'));
    await eventually(async () => (await reader.ids()).includes('new-one'));

    // A version written behind the stores' back (no NOTIFY): the reader keeps serving what it cached…
    const third = tinyTopology('third');
    await sql.query(`INSERT INTO ${schema}.versions (id, version, sha256, document, summary) VALUES ('heard', 3, $1, $2, $3)`,
      [sha256(bytesOf(third)), Buffer.from(bytesOf(third)), JSON.stringify({ name: 'third', counts: {} })]);
    await sql.query(`UPDATE ${schema}.topologies SET current_version = 3 WHERE id = 'heard'`);
    await new Promise((r) => setTimeout(r, 100));
    expect(await reader.get('heard')).toMatchObject({ version: 2 });
    // …a store that never cached it reads the database…
    const late = await open(url, seedDir);
    const record = await late.get('heard');
    expect(record).toMatchObject({ version: 3, etag: etagOf(3, third) });
    expect(readFileSync(record!.file, 'utf8')).toBe(bytesOf(third));
    // …and the notification of version 3 makes the reader drop version 2.
    await sql.query(`SELECT pg_notify($1, 'heard,3')`, [schema]);
    await eventually(async () => (await reader.get('heard'))?.version === 3);
  });

  it('reads from the database while its listening connection is down, and caches again once it is back', async () => {
    const { url, seedDir } = fresh();
    const warnings: string[] = [];
    const store = await open(url, seedDir, { log: { warn: (_o, m) => warnings.push(m) } });
    const writer = await open(url, seedDir);
    await writer.put('outage', tinyTopology('before'));
    expect(await store.get('outage')).toMatchObject({ version: 1 });

    const killed = await sql.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [LISTENER_NAME]);
    expect(killed.rowCount).toBe(2);
    await eventually(async () => warnings.some((w) => w.startsWith('lost the connection')));
    // Written while nobody listens: nobody is told.
    await writer.put('outage', tinyTopology('during'));
    expect(await store.get('outage')).toMatchObject({ version: 2, summary: { name: 'during' } });
    await eventually(async () => warnings.some((w) => w.startsWith('listening again')));
    expect(await store.get('outage')).toMatchObject({ version: 2 });
    await writer.put('outage', tinyTopology('after'));
    await eventually(async () => (await store.get('outage'))?.version === 3);
  });

  it('is the same after a reopen: ids, versions, entity tags, summaries, dates; a lost or damaged cache file is written again', async () => {
    const { url, seedDir, schema } = fresh();
    const store = await open(url, seedDir);
    await store.put('handmade', tinyTopology('two'));
    await store.put('kept', tinyTopology('kept'));
    const before = await Promise.all(['handmade', 'kept', 'rand'].map((id) => store.get(id)));
    await store.close();
    await expect(store.get('kept')).rejects.toMatchObject({ statusCode: 503 });

    const cacheDir = mkdtempSync(join(tmpdir(), 'fibre-pg-cache-'));
    const reopened = await open(url, seedDir, { cacheDir });
    expect(await reopened.ids()).toEqual(['handmade', 'kept', 'rand']);
    const after = await Promise.all(['handmade', 'kept', 'rand'].map((id) => reopened.get(id)));
    for (const [i, record] of after.entries()) {
      const { file: _a, ...was } = before[i]!;
      const { file: _b, ...is } = record!;
      expect(is).toEqual(was);
      expect(readFileSync(record!.file, 'utf8')).toBe(readFileSync(before[i]!.file, 'utf8'));
    }
    // A damaged file in the cache folder is replaced by the database's bytes.
    const kept = after[1]!;
    writeFileSync(kept.file, 'damaged');
    const third = await open(url, seedDir, { cacheDir });
    expect(readFileSync((await third.get('kept'))!.file, 'utf8')).toBe(bytesOf(tinyTopology('kept')));
    // A document in the database that does not match its hash is refused.
    await sql.query(`ALTER TABLE ${schema}.versions DISABLE TRIGGER versions_are_immutable`);
    await sql.query(`UPDATE ${schema}.versions SET document = $1 WHERE id = 'kept'`, [Buffer.from('{}')]);
    await expect((await open(url, seedDir)).get('kept')).rejects.toThrow(/checksum/);
  });

  it('is the store of the API with FIBRE_DATABASE_URL: uploads and imported deliveries answer as with the file store, and the workers read them', async () => {
    const { url, seedDir, dataDir, schema } = fresh();
    const token = 'pg-api-token';
    const apps = await Promise.all([buildApp({ topologyDir: seedDir, dataDir, token, rateLimit: false, workers: 1 }),
      buildApp({ topologyDir: seedDir, dataDir: tempFolders().dataDir, databaseUrl: url, token, rateLimit: false, workers: 1 })]);
    try {
      const demo = join(import.meta.dirname, 'fixtures/gracethd-demo');
      const entries: Record<string, Uint8Array> = {};
      for (const name of readdirSync(demo)) entries[`livraison/${name}`] = new Uint8Array(readFileSync(join(demo, name)));
      const zip = Buffer.from(zipSync(entries));
      const answers = await Promise.all(apps.map(async (app) => {
        const headers = { authorization: `Bearer ${token}` };
        const put = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', payload: tinyTopology('over http'), headers });
        const imported = await app.inject({ method: 'POST', url: '/v1/import/gracethd?id=demo&name=demo', payload: zip, headers: { ...headers, 'content-type': 'application/zip' } });
        const again = await app.inject({ method: 'POST', url: '/v1/import/gracethd?id=demo', payload: zip, headers: { ...headers, 'content-type': 'application/zip', 'if-none-match': '*' } });
        const document = await app.inject('/v1/topologies/demo');
        const analysis = await app.inject('/v1/topologies/demo/analysis');
        return { put, imported, again, document, analysis };
      }));
      const [files, database] = answers;
      expect(database.put.statusCode).toBe(201);
      expect(database.put.headers.etag).toBe(files.put.headers.etag);
      expect(database.imported.statusCode).toBe(201);
      expect(database.imported.headers.etag).toBe(files.imported.headers.etag);
      expect(database.again.statusCode).toBe(412);
      expect(database.document.body).toBe(files.document.body);
      expect(database.analysis.statusCode).toBe(200);
      expect(database.analysis.json()).toEqual(files.analysis.json());
      const [row] = await rows(schema, 'demo');
      expect(row.document.toString('utf8')).toBe(files.document.body);
      expect(row.summary.name).toBe('demo');
    } finally {
      await Promise.all(apps.map((app) => app.close()));
    }
  }, 60_000);

  it('refuses to open, naming what is wrong, on a database it cannot use', async () => {
    const { seedDir } = fresh();
    const field = 'FIBRE_DATABASE_URL';
    await sql.query(`CREATE ROLE visitor LOGIN PASSWORD 'visitor-password'`);
    const visitor = server.url.replace(`${server.user}:${server.password}`, 'visitor:visitor-password');
    const newer = fresh();
    await (await open(newer.url, seedDir)).close();
    await sql.query(`INSERT INTO ${newer.schema}.migrations (version, description) VALUES (99, 'from the future')`);
    const cases: Array<[string, RegExp]> = [
      [server.url.replace(server.password, 'wrong'), /password authentication refused/],
      [server.url.replace(/\/fibre$/, '/nowhere'), /database does not exist/],
      [server.url.replace(`:${server.port}/`, `:${server.port === 1 ? 2 : 1}/`), /no server answers/],
      [`${visitor}?schema=visitors`, /permission denied/],
      [newer.url, /version 99, written by a newer fibre-resilience server/],
      ['mysql://me@db/rip', /expected a postgres:\/\/ URL/],
    ];
    for (const [url, words] of cases) {
      const error = await openStore({ dataDir: tempFolders().dataDir, seedDir, databaseUrl: url }).catch((e: unknown) => e);
      expect(error, url).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).field.startsWith(field)).toBe(true);
      expect((error as DatabaseError).message).toMatch(words);
      expect((error as DatabaseError).message).not.toContain(server.password);
    }
  });
});
