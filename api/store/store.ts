import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Topology } from '../../src/model/schema.js';
import type { StoreFs } from './fs.js';
import { PostgresStore } from './postgres-store.js';
import type { StoredDocument } from './topology-document.js';
import { type Preconditions, type StoreLog, TopologyStore, type TopologyRecord } from './topology-store.js';

export type { Preconditions, StoreLog, TopologyRecord } from './topology-store.js';

/** What a write answers: the version stored, and whether it created the topology. */
export interface WriteResult {
  record: TopologyRecord;
  created: boolean;
}

/**
 * Versioned topologies, as the app and the routes use them: the file store (one server per data
 * folder, the embedded default) or the PostgreSQL store (any number of servers on one database).
 * Both serve seeds as read-only version 1, compute the same entity tags, check `If-Match` and
 * `If-None-Match` (412) and hand the workers a file per version (`record.file`).
 */
export interface Store {
  /** `file` or `postgres`. */
  readonly kind: 'file' | 'postgres';
  /** Every topology id, seeds and uploads, sorted. */
  ids(): Promise<string[]>;
  /** The current version of a topology, or undefined. */
  get(id: string): Promise<TopologyRecord | undefined>;
  /** The bytes of a version: its document. */
  read(record: TopologyRecord): Readable;
  /** Stores a new version of a valid topology (stringified, hashed and summarised on the calling thread). */
  put(id: string, topology: Topology, preconditions?: Preconditions): Promise<WriteResult>;
  /** Stores a new version from its canonical bytes, hash and summary (`storedDocument`, made in a worker). */
  putDocument(id: string, document: StoredDocument, preconditions?: Preconditions): Promise<WriteResult>;
  /** Lets the writes in progress finish, then lets go of the data folder or the database. */
  close(): Promise<void>;
}

export interface OpenStoreOptions {
  /** The file store's folder; with a database, the default parent of the cache of version files (`<dataDir>/.postgres-cache`). */
  dataDir: string;
  /** Folder of seed topologies, read-only. */
  seedDir?: string;
  /** `postgres://user:password@host:port/database[?schema=name]`: the PostgreSQL store. Unset: the file store. */
  databaseUrl?: string;
  /** Where the PostgreSQL store writes each version as a file for the workers. Default `<dataDir>/.postgres-cache`. */
  cacheDir?: string;
  /** The setting the URL came from, named in the messages of a `DatabaseError`. Default `FIBRE_DATABASE_URL`. */
  field?: string;
  fs?: StoreFs;
  log?: StoreLog;
}

/**
 * Opens the store the options name: the PostgreSQL store when `databaseUrl` is set, else the
 * file store on `dataDir`. Throws a `DatabaseError` (unreachable server, refused credentials,
 * missing database, schema written by a newer server) or a `StoreLockedError` (data folder held
 * by another process): nothing is left open then.
 *
 * @example
 * const store = await openStore({ dataDir: '.data', seedDir: 'topology', databaseUrl: process.env.FIBRE_DATABASE_URL });
 * const record = await store.get('somme');
 * await store.close();
 */
export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const { dataDir, seedDir, databaseUrl, fs, log } = options;
  if (databaseUrl === undefined) return TopologyStore.open({ dataDir, seedDir, fs, log });
  return PostgresStore.open({
    url: databaseUrl,
    seedDir,
    cacheDir: options.cacheDir ?? join(dataDir, '.postgres-cache'),
    field: options.field ?? 'FIBRE_DATABASE_URL',
    fs,
    log,
  });
}
