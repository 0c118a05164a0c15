import { createHash, randomBytes } from 'node:crypto';
import { readdir, stat, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Readable } from 'node:stream';
import pg from 'pg';
import { connectPostgres, databaseError, type PostgresTarget, postgresTarget } from '../../src/io/postgres-connection.js';
import { DatabaseError } from '../../src/model/errors.js';
import type { Topology } from '../../src/model/schema.js';
import { ApiError } from '../errors.js';
import { TEMP_SUFFIX } from './atomic-write.js';
import { nodeFs, type StoreFs } from './fs.js';
import { sha256Hex, type StoredDocument, storedDocument, type TopologySummary } from './topology-document.js';
import { checkPreconditions, etagOf, type Preconditions, readSeeds, type StoreLog, TOPOLOGY_ID, type TopologyRecord } from './topology-store.js';

/** The schema of the store's tables when the URL has no `?schema=`. */
export const DEFAULT_SCHEMA = 'fibre_store';

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database[?schema=name]`; the schema (default `fibre_store`) is created if absent. */
  url: string;
  /** Where each version is written once as a file for the workers (`record.file`): `<id>.v<N>.<sha256>.json`. */
  cacheDir: string;
  /** Folder of seed topologies, read-only version 1 as in the file store. */
  seedDir?: string;
  /** The setting the URL came from, named by every `DatabaseError`. Default `url`. */
  field?: string;
  /** Connections of the pool, besides the one that listens. Default 8. */
  connections?: number;
  /** Longest a write waits for the row lock of its topology (another server's write in progress) before a 409. Default 10 000 ms. */
  lockTimeoutMs?: number;
  /** How often the listening connection is checked, ms. Default 10 000. */
  heartbeatMs?: number;
  fs?: StoreFs;
  log?: StoreLog;
}

/** The schema's migrations: migration N brings the tables from version N-1 to N, in one transaction. */
const MIGRATIONS: ReadonlyArray<{ description: string; sql: (schema: string) => string; optional?: (schema: string) => string }> = [
  {
    description: 'topologies, their immutable versions and the current pointer',
    sql: (s) => `
      CREATE TABLE ${s}.topologies (
        id text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9]([A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$'),
        current_version integer,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${s}.versions (
        id text NOT NULL REFERENCES ${s}.topologies (id),
        version integer NOT NULL CHECK (version >= 1),
        sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        document bytea NOT NULL,
        summary jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      );
      ALTER TABLE ${s}.topologies ADD CONSTRAINT topologies_current_fkey FOREIGN KEY (id, current_version) REFERENCES ${s}.versions (id, version);
      CREATE FUNCTION ${s}.refuse_version_update() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'version % of topology % is immutable: write a new version', OLD.version, OLD.id; END $$;
      CREATE TRIGGER versions_are_immutable BEFORE UPDATE ON ${s}.versions FOR EACH ROW EXECUTE FUNCTION ${s}.refuse_version_update();
      COMMENT ON TABLE ${s}.topologies IS 'fibre-resilience: one row per uploaded topology; current_version is the version served';
      COMMENT ON TABLE ${s}.versions IS 'fibre-resilience: every stored version, never updated; document is the canonical file, sha256 its hash';`,
    // lz4 stores a national network's JSON four times faster than the default pglz, at a like size; a server built without it keeps pglz.
    optional: (s) => `ALTER TABLE ${s}.versions ALTER COLUMN document SET COMPRESSION lz4`,
  },
];

/** The document's bytes as they are: a binary result, not the hex text the driver decodes by default (5 times slower). */
const BYTEA = 17;
const rawBytea = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    (format === 'binary' && oid === BYTEA ? (value: Buffer) => value : pg.types.getTypeParser(oid, format as 'text')),
};

/** `application_name` of the connection that listens, as `pg_stat_activity` shows it. */
export const LISTENER_NAME = 'fibre-resilience store listener';

/** Temporary files of the cache older than this were left by a process that died while writing them. */
const STALE_TEMP_MS = 10 * 60_000;

interface VersionRow {
  version: number;
  sha256: string;
  summary: TopologySummary;
  updated_at: Date;
}

/**
 * Versioned topologies in PostgreSQL, for any number of API servers on one database. Each write
 * is one transaction that locks its topology's row (`SELECT … FOR UPDATE`), checks `If-Match` /
 * `If-None-Match` against the version the database holds, inserts the next version, moves the
 * current pointer and NOTIFYs `id,version`: concurrent writes from any server are serialised,
 * so none is lost or numbered twice, and a failed precondition is a 412 whatever server wrote.
 * Every server LISTENs and drops its cached record of a topology another one wrote; while the
 * listening connection is down, every read goes to the database. Each version is written once
 * per machine as a file of the cache folder (named by id, version and hash), read by the
 * workers and sent by `GET`. Seeds stay read-only version 1, from the topology folder.
 *
 * @example
 * const store = await PostgresStore.open({ url: 'postgres://fibre:…@db/rip', cacheDir: '.data/.postgres-cache', seedDir: 'topology' });
 * const { record } = await store.put('somme', topology, { ifMatch: '"1-3fa2…"' });
 * await store.close();
 */
export class PostgresStore {
  /** Which store this is: any number of servers on one database. */
  readonly kind = 'postgres' as const;
  /** The schema of the tables, also the channel of the notifications. */
  readonly schema: string;
  private readonly fs: StoreFs;
  private readonly tables: { topologies: string; versions: string };
  private readonly field: string;
  private seeds = new Map<string, TopologyRecord>();
  /** The current version of each topology read or written here, while it is known to be current. */
  private readonly latest = new Map<string, TopologyRecord>();
  /** The highest version of each topology notified: an older one read meanwhile is not cached. */
  private readonly newest = new Map<string, number>();
  /** Ids of the database's topologies: never shrinks (topologies are not deleted), complete while listening. */
  private readonly knownIds = new Set<string>();
  /** Cache files checked against their hash by this process. */
  private readonly verified = new Set<string>();
  private readonly materialising = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private listener?: pg.Client;
  /** Whether notifications are coming in: only then are cached records and ids trusted. */
  private listening = false;
  /** Bumped when the listening connection is lost or comes back: a read begun before is not cached. */
  private generation = 0;
  private retry?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private closed = false;

  private constructor(
    private readonly options: PostgresStoreOptions,
    private readonly target: PostgresTarget,
    private readonly pool: pg.Pool,
  ) {
    this.fs = options.fs ?? nodeFs;
    this.field = options.field ?? 'url';
    this.schema = target.schema ?? DEFAULT_SCHEMA;
    const s = quoteIdentifier(this.schema);
    this.tables = { topologies: `${s}.topologies`, versions: `${s}.versions` };
  }

  /**
   * Connects, creates or migrates the schema, reads the seeds and starts listening. Throws a
   * `DatabaseError` naming `field` when the database cannot be used (unreachable, credentials
   * refused, no such database, no right to create the schema, a schema of a newer server).
   */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const field = options.field ?? 'url';
    const target = postgresTarget(options.url, field);
    const pool = await connectPostgres(target, field, { max: options.connections ?? 8 });
    const store = new PostgresStore(options, target, pool);
    try {
      await store.database(() => migrate(pool, store.schema, field));
      if (options.seedDir) store.seeds = await readSeeds(options.seedDir, store.fs, options.log);
      await store.fs.mkdir(options.cacheDir, { recursive: true });
      await removeStaleTemporaryFiles(options.cacheDir);
      await store.database(() => store.listen());
    } catch (error) {
      await store.close();
      throw error;
    }
    options.log?.info?.({ database: target.display, schema: store.schema }, 'topology store: PostgreSQL');
    return store;
  }

  /** Lets the writes in progress finish, then stops listening and closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    clearTimeout(this.retry);
    clearInterval(this.heartbeat);
    const listener = this.listener;
    this.stopListening();
    await listener?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  /** Every topology id, seeds and uploads, sorted. */
  async ids(): Promise<string[]> {
    this.refuseWhenClosed();
    const ids = new Set(this.seeds.keys());
    const uploaded = this.listening ? this.knownIds : await this.database(() => this.uploadedIds());
    for (const id of uploaded) ids.add(id);
    return [...ids].sort();
  }

  /**
   * The current version of a topology, or undefined: from memory while listening, else from the
   * database, its file written to the cache folder first when this process has not checked it.
   * A version another server has just written is seen once its notification arrives (an id it
   * has just created, at once).
   */
  async get(id: string): Promise<TopologyRecord | undefined> {
    if (!TOPOLOGY_ID.test(id)) return undefined;
    this.refuseWhenClosed();
    if (this.listening) {
      const seed = this.seeds.get(id);
      if (seed && !this.knownIds.has(id)) return seed;
      const cached = this.latest.get(id);
      if (cached) return cached;
      // Neither a seed nor known: read, as the notification of its creation may still be on its way.
    }
    const generation = this.generation;
    const row = await this.database(async () => (await this.pool.query<VersionRow>(
      `SELECT v.version, v.sha256, v.summary, v.updated_at FROM ${this.tables.topologies} t
         JOIN ${this.tables.versions} v ON v.id = t.id AND v.version = t.current_version WHERE t.id = $1`, [id])).rows[0]);
    if (!row) return this.seeds.get(id);
    this.knownIds.add(id);
    const file = await this.materialise(id, row.version, row.sha256);
    const record = uploadRecord(id, row, file);
    this.remember(record, generation);
    return record;
  }

  /** The bytes of a version: its file (the cache's, or the seed's). */
  read(record: TopologyRecord): Readable {
    return this.fs.createReadStream(record.file);
  }

  /** Stores a new version of a valid topology, stringified, hashed and summarised here. Throws as `putDocument` does. */
  async put(id: string, topology: Topology, preconditions: Preconditions = {}): Promise<{ record: TopologyRecord; created: boolean }> {
    return this.putDocument(id, storedDocument(topology), preconditions);
  }

  /**
   * Stores a new version, in one transaction: the bytes as they are, their SHA-256 and summary.
   * Throws an `ApiError` 412 when a precondition fails against the database's current version,
   * 409 when another write holds the topology longer than `lockTimeoutMs`, 503 once closed; a
   * `DatabaseError` when the database cannot be reached (the version may then not be stored).
   */
  async putDocument(id: string, document: StoredDocument, preconditions: Preconditions = {}): Promise<{ record: TopologyRecord; created: boolean }> {
    if (!TOPOLOGY_ID.test(id)) throw new Error(`store: invalid topology id "${id}"`);
    this.refuseWhenClosed();
    const write = this.write(id, document, preconditions);
    this.inFlight.add(write);
    try {
      return await write;
    } finally {
      this.inFlight.delete(write);
    }
  }

  // Row lock rather than insert-and-retry on the (id, version) key: a write waits for the one
  // before it on its topology and then checks its precondition against what that one stored,
  // so an unconditional write never fails and a conditional one fails only with a true 412;
  // the lock is the row's, so writes to other topologies never wait.
  private async write(id: string, { bytes, sha256, summary }: StoredDocument, preconditions: Preconditions): Promise<{ record: TopologyRecord; created: boolean }> {
    const generation = this.generation;
    const { topologies, versions } = this.tables;
    const { row, created } = await this.transaction(async (client) => {
      await client.query(`SET LOCAL lock_timeout = ${Math.round(this.options.lockTimeoutMs ?? 10_000)}`);
      await client.query(`INSERT INTO ${topologies} (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, [id]);
      // The lock alone, then the version in a statement of its own: a statement that waited for the
      // lock sees the row as the write before it left it, but not that write's new version row.
      const locked = (await client.query<{ version: number | null }>(
        `SELECT current_version AS version FROM ${topologies} WHERE id = $1 FOR UPDATE`, [id])).rows[0].version;
      const hash = locked === null ? undefined
        : (await client.query<{ sha256: string }>(`SELECT sha256 FROM ${versions} WHERE id = $1 AND version = $2`, [id, locked])).rows[0].sha256;
      const current = locked !== null && hash !== undefined ? { version: locked, etag: etagOf(locked, hash) } : this.seeds.get(id);
      checkPreconditions(id, current, preconditions);
      const version = (current?.version ?? 0) + 1;
      const inserted = (await client.query<VersionRow>(
        `INSERT INTO ${versions} (id, version, sha256, document, summary) VALUES ($1, $2, $3, $4, $5)
           RETURNING version, sha256, summary, updated_at`,
        [id, version, sha256, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), JSON.stringify(summary)])).rows[0];
      await client.query(`UPDATE ${topologies} SET current_version = $2 WHERE id = $1`, [id, version]);
      // Delivered to every listener when the transaction commits, never before.
      await client.query('SELECT pg_notify($1, $2)', [this.schema, `${id},${version}`]);
      return { row: inserted, created: current === undefined };
    });
    this.knownIds.add(id);
    // The version is stored: a cache file that cannot be written now is written by the next read.
    const file = this.cacheFile(id, row.version, row.sha256);
    const record = uploadRecord(id, row, file);
    try {
      await this.materialise(id, row.version, row.sha256, bytes);
      this.remember(record, generation);
    } catch (error) {
      this.options.log?.error?.({ topology: id, version: row.version, err: error }, 'stored a version but could not write its cache file');
    }
    return { record, created };
  }

  /** Runs `work` in a transaction on a connection of the pool; an error rolls it back. */
  private async transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.database(() => this.pool.connect());
    let broken = false;
    // A connection lost between two statements is an 'error' event: without a listener, it would end the process.
    const lost = () => (broken = true);
    client.on('error', lost);
    try {
      await this.database(() => client.query('BEGIN'));
      const result = await this.database(() => work(client));
      await this.database(() => client.query('COMMIT'));
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw error;
    } finally {
      client.off('error', lost);
      client.release(broken);
    }
  }

  /** Runs database work; the driver's errors become a `DatabaseError` in words, or a 409 for a lock wait too long. */
  private async database<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ApiError || error instanceof DatabaseError) throw error;
      if ((error as { code?: string }).code === '55P03') {
        throw new ApiError(409, 'write-conflict', 'another write to this topology has held it too long; read it again and retry', [], { 'Retry-After': '1' });
      }
      if (!isDriverError(error)) throw error;
      throw databaseError(error, this.target, this.field);
    }
  }

  private refuseWhenClosed(): void {
    if (this.closed) throw new ApiError(503, 'shutting-down', 'the store is closed: the server is shutting down', [], { 'Retry-After': '5' });
  }

  private async uploadedIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(`SELECT id FROM ${this.tables.topologies} WHERE current_version IS NOT NULL`);
    return rows.map((r) => r.id);
  }

  /** Caches a record read or written at `generation`, unless the listener was lost since or a newer version was notified. */
  private remember(record: TopologyRecord, generation: number): void {
    if (!this.listening || generation !== this.generation) return;
    if (record.version < (this.newest.get(record.id) ?? 0)) return;
    const cached = this.latest.get(record.id);
    if (cached && cached.version >= record.version) return;
    this.latest.set(record.id, record);
  }

  /** A write of any server: `id,version`. */
  private notified(payload: string | undefined): void {
    const comma = payload?.lastIndexOf(',') ?? -1;
    if (!payload || comma < 0) return;
    const id = payload.slice(0, comma);
    const version = Number(payload.slice(comma + 1));
    if (!TOPOLOGY_ID.test(id) || !Number.isInteger(version)) return;
    this.knownIds.add(id);
    if (version > (this.newest.get(id) ?? 0)) this.newest.set(id, version);
    const cached = this.latest.get(id);
    if (cached && cached.version < version) this.latest.delete(id);
  }

  /** Opens the listening connection, then (re)reads the ids and drops every cached record: writes missed meanwhile are seen. */
  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.target.connectionString,
      application_name: LISTENER_NAME,
      keepAlive: true,
      connectionTimeoutMillis: 5_000,
      query_timeout: 5_000,
    });
    client.on('error', () => this.lostListener(client));
    client.on('end', () => this.lostListener(client));
    client.on('notification', (message) => this.notified(message.payload));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(this.schema)}`);
      this.listener = client;
      this.generation += 1;
      this.latest.clear();
      for (const id of await this.uploadedIds()) this.knownIds.add(id);
    } catch (error) {
      if (this.listener === client) this.listener = undefined;
      await client.end().catch(() => undefined);
      throw error;
    }
    if (this.closed && this.listener === client) {
      // Closed while this connection was being opened: close() could not end it.
      this.listener = undefined;
      await client.end().catch(() => undefined);
    }
    if (this.listener !== client) return;
    this.listening = true;
    clearInterval(this.heartbeat);
    // A connection that dies without a word (a cable, a firewall) would silently stop the notifications.
    this.heartbeat = setInterval(() => {
      client.query('SELECT 1').catch(() => this.lostListener(client));
    }, this.options.heartbeatMs ?? 10_000);
    this.heartbeat.unref();
  }

  private stopListening(): void {
    this.listener = undefined;
    this.listening = false;
    this.generation += 1;
    this.latest.clear();
  }

  private lostListener(client: pg.Client): void {
    if (this.listener !== client || this.closed) return;
    this.stopListening();
    clearInterval(this.heartbeat);
    client.end().catch(() => undefined);
    this.options.log?.warn({ database: this.target.display }, 'lost the connection that hears the other servers’ writes: every read goes to the database until it is back');
    this.reconnect(250);
  }

  private reconnect(delayMs: number): void {
    if (this.closed) return;
    this.retry = setTimeout(() => {
      this.listen().then(
        () => this.options.log?.warn({ database: this.target.display }, 'listening again for the other servers’ writes'),
        () => this.reconnect(Math.min(2 * delayMs, 5_000)),
      );
    }, delayMs);
    this.retry.unref();
  }

  private cacheFile(id: string, version: number, hash: string): string {
    return join(this.options.cacheDir, `${id}.v${version}.${hash}.json`);
  }

  /** Makes sure the version's file is in the cache folder, whole: checked once per process, written from `bytes` or the database. */
  private async materialise(id: string, version: number, hash: string, bytes?: Uint8Array): Promise<string> {
    const file = this.cacheFile(id, version, hash);
    if (this.verified.has(file)) return file;
    let pending = this.materialising.get(file);
    if (!pending) {
      pending = this.writeCacheFile(file, id, version, hash, bytes).finally(() => this.materialising.delete(file));
      this.materialising.set(file, pending);
    }
    await pending;
    return file;
  }

  private async writeCacheFile(file: string, id: string, version: number, hash: string, bytes?: Uint8Array): Promise<void> {
    // The bytes of a write were hashed by the worker that made them. Otherwise, another process of
    // this machine may have written the file: its name says what it holds, the hash checks it.
    if (bytes) await this.writeWhole(file, bytes);
    else if ((await this.hashFile(file).catch(() => undefined)) !== hash) await this.writeWhole(file, await this.document(id, version, hash));
    this.verified.add(file);
  }

  /** The bytes of a version, from the database, checked against their hash. */
  private async document(id: string, version: number, hash: string): Promise<Buffer> {
    // `binary` is the driver's, missing from its types.
    const query: pg.QueryConfig & { binary: boolean } = {
      text: `SELECT document FROM ${this.tables.versions} WHERE id = $1 AND version = $2`, values: [id, version], binary: true, types: rawBytea,
    };
    const data = await this.database(async () => (await this.pool.query<{ document: Buffer }>(query)).rows[0]?.document);
    if (!data || sha256Hex(data) !== hash) throw new Error(`store: ${id} v${version} in the database does not match its checksum`);
    return data;
  }

  /**
   * Writes a cache file beside its final name and renames it there: a reader never sees half a
   * file. Not synced: the database is the durable copy, and a file a power loss left torn fails
   * its hash check in the next process, which writes it again.
   */
  private async writeWhole(file: string, data: Uint8Array): Promise<void> {
    const temp = join(this.options.cacheDir, `.${basename(file)}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`);
    const handle = await this.fs.open(temp, 'wx');
    try {
      await handle.writeFile(data);
    } finally {
      await handle.close();
    }
    await this.fs.rename(temp, file).catch(async (error: unknown) => {
      await this.fs.unlink(temp).catch(() => undefined);
      throw error;
    });
  }

  private async hashFile(file: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.fs.createReadStream(file)) hash.update(chunk as Uint8Array);
    return hash.digest('hex');
  }
}

/**
 * Creates the schema and its tables when absent, or brings them to this server's version, under
 * an advisory lock so that servers starting together do not race. Refuses a schema written by a
 * newer server.
 */
async function migrate(pool: pg.Pool, schema: string, field: string): Promise<void> {
  const s = quoteIdentifier(schema);
  const client = await pool.connect();
  let broken = false;
  const lost = () => (broken = true);
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fibre-resilience store ${schema}`]);
    // Checked before creating: a user allowed to use a schema made for it need not be allowed to create one.
    if ((await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
    if ((await client.query('SELECT to_regclass($1) AS t', [`${s}.migrations`])).rows[0].t === null) {
      await client.query(`CREATE TABLE ${s}.migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    }
    const at = Number((await client.query(`SELECT coalesce(max(version), 0) AS version FROM ${s}.migrations`)).rows[0].version);
    if (at > MIGRATIONS.length) {
      throw new DatabaseError(`${field}.schema`, `the tables of schema ${schema} are at version ${at}, written by a newer fibre-resilience server (this one knows up to ${MIGRATIONS.length}): upgrade this server`);
    }
    for (let version = at + 1; version <= MIGRATIONS.length; version++) {
      const migration = MIGRATIONS[version - 1];
      await client.query(migration.sql(s));
      if (migration.optional) {
        await client.query('SAVEPOINT optional');
        await client.query(migration.optional(s)).then(() => client.query('RELEASE SAVEPOINT optional'), () => client.query('ROLLBACK TO SAVEPOINT optional'));
      }
      await client.query(`INSERT INTO ${s}.migrations (version, description) VALUES ($1, $2)`, [version, migration.description]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => (broken = true));
    throw error;
  } finally {
    client.off('error', lost);
    client.release(broken);
  }
}

/** Temporary files of cache writes that a dead process left (never renamed into place). */
async function removeStaleTemporaryFiles(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!name.startsWith('.') || !name.endsWith(TEMP_SUFFIX)) continue;
    const file = join(dir, name);
    const modified = await stat(file).then((s) => s.mtimeMs, () => Date.now());
    if (Date.now() - modified > STALE_TEMP_MS) await unlink(file).catch(() => undefined);
  }
}

function uploadRecord(id: string, row: VersionRow, file: string): TopologyRecord {
  return { id, version: row.version, etag: etagOf(row.version, row.sha256), source: 'upload', updatedAt: row.updated_at.toISOString(), summary: row.summary, file };
}

/** The schema name as SQL: `postgresTarget` lets only plain identifiers through, quoted to keep their case. */
const quoteIdentifier = (name: string) => `"${name}"`;

/** An error of the driver or of its socket, not of this code. */
function isDriverError(error: unknown): boolean {
  if (error instanceof pg.DatabaseError) return true;
  if (typeof (error as { code?: unknown } | null)?.code === 'string') return true;
  return /connection|terminated|timeout|pool after calling end/i.test(error instanceof Error ? error.message : String(error));
}
