import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { topologyFromJSON } from '../../src/io/read-topology.js';
import type { Topology } from '../../src/model/schema.js';
import { ApiError } from '../errors.js';
import { atomicWrite, syncDirectory, TEMP_SUFFIX } from './atomic-write.js';
import { type DataDirLock, lockDataDir } from './data-dir-lock.js';
import { isMissing, nodeFs, type StoreFs } from './fs.js';
import { SeedReader } from './seed-file.js';
import { sha256Hex, type StoredDocument, storedDocument, summarise, type TopologySummary } from './topology-document.js';

export { StoreLockedError } from './data-dir-lock.js';
export type { StoredDocument, TopologySummary } from './topology-document.js';

/** Topology ids: a file name without extension, safe as a folder name and in a URL. */
export const TOPOLOGY_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9])?$/;

/** One version of one topology, as the store serves it. */
export interface TopologyRecord {
  id: string;
  /** 1 for a seed file; each write adds one. */
  version: number;
  /** Strong HTTP entity tag of this version: `"<version>-<sha256 prefix>"`. */
  etag: string;
  /** `seed`: read-only file of the topology folder; `upload`: written through the API. */
  source: 'seed' | 'upload';
  /** When this version was written (uploads only). */
  updatedAt?: string;
  /** Name, description and counts, recorded when the version was written (or the seed read): no request parses the document. */
  summary: TopologySummary;
  /** The file of this version: the document itself, read by the workers and sent as it is by `GET`. */
  file: string;
}

export interface Preconditions {
  /** `If-Match` header: the version must be one of these entity tags (or exist, for `*`). */
  ifMatch?: string;
  /** `If-None-Match` header: `*` to create only. */
  ifNoneMatch?: string;
}

export interface StoreOptions {
  /** Where uploads are kept: `<dataDir>/<id>/v<N>.json` and `<dataDir>/<id>/current`. */
  dataDir: string;
  /** Folder of seed topologies (`*.json` fibre-topology documents; `*.schema.json` skipped). */
  seedDir?: string;
  fs?: StoreFs;
  log?: StoreLog;
}

/** Where a store reports what it skipped, repaired or lost (Fastify's pino logger, in the API). */
export interface StoreLog {
  warn(object: object, message: string): void;
  error?(object: object, message: string): void;
  info?(object: object, message: string): void;
}

interface Pointer {
  version: number;
  sha256: string;
  updatedAt: string;
  /** Absent from the pointers written before summaries were recorded: added when the store opens. */
  summary?: TopologySummary;
}

const CURRENT = 'current';

/** The open stores of this process by data folder: they share its lock, and each tells the others of its writes. */
const openStores = new Map<string, Set<TopologyStore>>();
const sha256 = sha256Hex;

/**
 * The strong entity tag of a version: `"<version>-<first 16 hex digits of its SHA-256>"`, the
 * same for every store.
 *
 * @example
 * etagOf(2, '3fa2b1c4d5e6f708' + '0'.repeat(48)); // '"2-3fa2b1c4d5e6f708"'
 */
export const etagOf = (version: number, hash: string): string => `"${version}-${hash.slice(0, 16)}"`;

/**
 * Versioned topologies on disk. Seeds come read-only from the topology folder as version 1;
 * every write stores a new immutable `v<N>.json` and then moves the `current` pointer, each
 * with an atomic, durable write, so a crash leaves the previous version served. One writer per
 * topology at a time (a second concurrent write is a 409), and one server process per data
 * folder: `open` locks it and throws a `StoreLockedError` when another process holds it.
 *
 * @example
 * const store = await TopologyStore.open({ dataDir: '.data', seedDir: 'topology' });
 * const { record } = await store.put('somme', topology, { ifMatch: '"1-3fa2…"' });
 * // The API hands over what a worker made of the body: the canonical bytes, their hash, the summary.
 * await store.putDocument('somme', storedDocument(topology), { ifMatch: record.etag });
 */
export class TopologyStore {
  /** Which store this is: the file store, one server process per data folder. */
  readonly kind = 'file' as const;
  private readonly fs: StoreFs;
  private readonly seeds = new Map<string, TopologyRecord>();
  private readonly latest = new Map<string, TopologyRecord>();
  private readonly writing = new Set<string>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private lock?: DataDirLock;
  private closed = false;
  /**
   * The version pointer of every upload, by id, while this process holds the data folder: read
   * once when the store opens and kept by every write (of this store or of another store of this
   * process), so that a request reads no file to find a version. Undefined: read them from disk.
   */
  private pointers?: Map<string, Pointer>;

  private constructor(private readonly options: StoreOptions) {
    this.fs = options.fs ?? nodeFs;
  }

  /**
   * Opens the store on its data folder, created if needed, and locks the folder for this process.
   * Throws a `StoreLockedError` when another server process holds the folder.
   */
  static async open(options: StoreOptions): Promise<TopologyStore> {
    const store = new TopologyStore(options);
    await store.fs.mkdir(options.dataDir, { recursive: true });
    store.lock = await lockDataDir(options.dataDir, options.log);
    try {
      await store.removeTemporaryFiles();
      await store.addMissingSummaries();
      if (options.seedDir) await store.loadSeeds(options.seedDir);
      await store.keepPointers();
    } catch (error) {
      await store.lock.release();
      throw error;
    }
    return store;
  }

  /** Lets the writes in progress finish, then unlocks the data folder. Reads still work; writes are refused. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    // Reads still work, from disk: once unlocked, the folder may be written by another process.
    this.forgetPointers();
    await this.lock?.release();
  }

  /** Every topology id, seeds and uploads, sorted. */
  async ids(): Promise<string[]> {
    const ids = new Set(this.seeds.keys());
    for (const id of this.keptPointers()?.keys() ?? await this.uploadedIds()) ids.add(id);
    return [...ids].sort();
  }

  /**
   * The current version of a topology, or undefined. Reads only the small version pointer: the
   * summary is in it, and the version file is checked against its checksum once per process,
   * streamed (the event loop keeps turning), never parsed.
   */
  async get(id: string): Promise<TopologyRecord | undefined> {
    if (!TOPOLOGY_ID.test(id)) return undefined;
    const kept = this.keptPointers();
    const pointer = kept ? kept.get(id) : await this.readPointer(id);
    if (!pointer) return this.seeds.get(id);
    const etag = etagOf(pointer.version, pointer.sha256);
    const cached = this.latest.get(id);
    if (cached && cached.version === pointer.version && cached.etag === etag) return cached;
    const file = this.versionFile(id, pointer.version);
    const hash = await this.hashFile(file);
    if (hash !== pointer.sha256) throw new Error(`store: ${id} v${pointer.version} does not match its checksum`);
    const summary = pointer.summary ?? summarise(topologyFromJSON(JSON.parse(await this.fs.readFile(file, 'utf8'))));
    const record = uploadRecord(id, pointer.version, etag, pointer.updatedAt, summary, file);
    this.latest.set(id, record);
    return record;
  }

  /** The bytes of a version, as they are on disk: its document. */
  read(record: TopologyRecord): Readable {
    return this.fs.createReadStream(record.file);
  }

  /**
   * Stores a new version of a valid topology, stringified, hashed and summarised here, on the
   * calling thread (see `putDocument` for the API's writes). Throws as `putDocument` does.
   */
  async put(id: string, topology: Topology, preconditions: Preconditions = {}): Promise<{ record: TopologyRecord; created: boolean }> {
    return this.putDocument(id, storedDocument(topology), preconditions);
  }

  /**
   * Stores a new version: the bytes of a valid topology's canonical document as they are (never
   * parsed nor re-stringified), with their SHA-256 and summary — what a worker made of an
   * upload (`storedDocument`). Throws an `ApiError` 412 when a precondition fails, 409 when
   * another write to the same topology is in progress, 503 once the store is closed or has lost
   * the lock of its data folder.
   */
  async putDocument(id: string, document: StoredDocument, preconditions: Preconditions = {}): Promise<{ record: TopologyRecord; created: boolean }> {
    if (!TOPOLOGY_ID.test(id)) throw new Error(`store: invalid topology id "${id}"`);
    if (this.closed) throw new ApiError(503, 'shutting-down', 'the store is closed: the server is shutting down', [], { 'Retry-After': '5' });
    const lost = this.lock?.lost();
    if (lost) {
      throw new ApiError(503, 'store-unavailable', `the data folder is no longer locked by this server (${lost.message}); writes are refused`, [],
        { 'Retry-After': '5' });
    }
    if (this.writing.has(id)) {
      throw new ApiError(409, 'write-conflict', `topology "${id}" is being written by another request; read it again and retry`,
        [{ field: 'id', in: 'path', id, message: 'another write to this topology is in progress' }]);
    }
    this.writing.add(id);
    const write = this.write(id, document, preconditions);
    this.inFlight.add(write);
    try {
      return await write;
    } finally {
      this.inFlight.delete(write);
      this.writing.delete(id);
    }
  }

  /** The write itself, once `put` has made it the only one of this topology. */
  private async write(id: string, { bytes, sha256: hash, summary }: StoredDocument, preconditions: Preconditions): Promise<{ record: TopologyRecord; created: boolean }> {
    const current = await this.get(id);
    checkPreconditions(id, current, preconditions);
    const version = (current?.version ?? 0) + 1;
    const dir = join(this.options.dataDir, id);
    const made = await this.fs.mkdir(dir, { recursive: true });
    if (made !== undefined) await syncDirectory(this.fs, this.options.dataDir);
    await atomicWrite(this.fs, dir, `v${version}.json`, bytes);
    const updatedAt = new Date().toISOString();
    const pointer: Pointer = { version, sha256: hash, updatedAt, summary };
    try {
      await atomicWrite(this.fs, dir, CURRENT, `${JSON.stringify(pointer)}\n`);
    } catch (error) {
      // The pointer may or may not be on disk now: from here on, the disk says.
      for (const store of this.siblings()) store.pointers = undefined;
      throw error;
    }
    for (const store of this.siblings()) store.pointers?.set(id, pointer);
    const record = uploadRecord(id, version, etagOf(version, hash), updatedAt, summary, this.versionFile(id, version));
    this.latest.set(id, record);
    return { record, created: current === undefined };
  }

  /** The pointers kept in memory, when they can be trusted: this process still holds the folder. */
  private keptPointers(): Map<string, Pointer> | undefined {
    if (this.pointers && this.lock?.lost()) this.forgetPointers();
    return this.pointers;
  }

  /** Reads every upload's pointer once, and joins the stores of this process on the folder. */
  private async keepPointers(): Promise<void> {
    const pointers = new Map<string, Pointer>();
    for (const id of await this.uploadedIds()) {
      const pointer = await this.readPointer(id).catch(() => undefined);
      if (pointer) pointers.set(id, pointer);
    }
    this.pointers = pointers;
    const stores = openStores.get(resolve(this.options.dataDir)) ?? new Set();
    stores.add(this);
    openStores.set(resolve(this.options.dataDir), stores);
  }

  private forgetPointers(): void {
    this.pointers = undefined;
    const stores = openStores.get(resolve(this.options.dataDir));
    stores?.delete(this);
    if (stores?.size === 0) openStores.delete(resolve(this.options.dataDir));
  }

  /** This store and the other open stores of this process on its folder. */
  private siblings(): Iterable<TopologyStore> {
    return new Set([this, ...(openStores.get(resolve(this.options.dataDir)) ?? [])]);
  }

  private versionFile(id: string, version: number): string {
    return join(this.options.dataDir, id, `v${version}.json`);
  }

  /** SHA-256 of a file, read in chunks. */
  private async hashFile(file: string): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of this.fs.createReadStream(file)) hash.update(chunk as Uint8Array);
    return hash.digest('hex');
  }

  /**
   * Pointers written before summaries were recorded: each current version is read, checked and
   * summarised once, at start-up, and its pointer rewritten (same version, checksum and date),
   * so that no request ever parses a document.
   */
  private async addMissingSummaries(): Promise<void> {
    for (const id of await this.uploadedIds()) {
      const pointer = await this.readPointer(id);
      if (!pointer || pointer.summary) continue;
      try {
        const text = await this.fs.readFile(this.versionFile(id, pointer.version), 'utf8');
        if (sha256(text) !== pointer.sha256) throw new Error(`store: ${id} v${pointer.version} does not match its checksum`);
        const summarised: Pointer = { ...pointer, summary: summarise(topologyFromJSON(JSON.parse(text))) };
        await atomicWrite(this.fs, join(this.options.dataDir, id), CURRENT, `${JSON.stringify(summarised)}\n`);
        this.options.log?.warn({ topology: id, version: pointer.version }, 'recorded the summary of a version stored by an older server');
      } catch (error) {
        // Left as it is: reading it fails as it did before, with its own error.
        this.options.log?.warn({ topology: id, version: pointer.version, err: error }, 'could not summarise a version stored by an older server');
      }
    }
  }

  private async readPointer(id: string): Promise<Pointer | undefined> {
    let text: string;
    try {
      text = await this.fs.readFile(join(this.options.dataDir, id, CURRENT), 'utf8');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    const pointer = JSON.parse(text) as Pointer;
    if (!Number.isInteger(pointer.version) || typeof pointer.sha256 !== 'string') {
      throw new Error(`store: ${id}/${CURRENT} is not a version pointer`);
    }
    return pointer;
  }

  private async uploadedIds(): Promise<string[]> {
    const ids: string[] = [];
    for (const name of await this.fs.readdir(this.options.dataDir)) {
      if (TOPOLOGY_ID.test(name) && (await this.readPointer(name).catch(() => undefined))) ids.push(name);
    }
    return ids;
  }

  /** Temporary files left by a crash in the middle of a write: never published, safe to delete. */
  private async removeTemporaryFiles(): Promise<void> {
    for (const name of await this.fs.readdir(this.options.dataDir)) {
      if (!TOPOLOGY_ID.test(name)) continue;
      const dir = join(this.options.dataDir, name);
      const files = await this.fs.readdir(dir).catch(() => [] as string[]);
      for (const file of files) {
        if (file.startsWith('.') && file.endsWith(TEMP_SUFFIX)) {
          await this.fs.unlink(join(dir, file));
          this.options.log?.warn({ topology: name, file }, 'removed the temporary file of an interrupted write');
        }
      }
    }
  }

  private async loadSeeds(seedDir: string): Promise<void> {
    for (const [id, record] of await readSeeds(seedDir, this.fs, this.options.log)) this.seeds.set(id, record);
  }
}

/**
 * The seed topologies of a topology folder, read-only version 1 of their id (the file name):
 * only `fibre-topology/1` `*.json` documents, `*.schema.json` skipped; files that are not JSON,
 * not valid or not named by a valid id are skipped with a warning. Each file is served as it is.
 *
 * @example
 * const seeds = await readSeeds('topology');
 * seeds.get('somme'); // { id: 'somme', version: 1, etag: '"1-…"', source: 'seed', summary, file: 'topology/somme.json' }
 */
export async function readSeeds(seedDir: string, fs: StoreFs = nodeFs, log?: StoreOptions['log']): Promise<Map<string, TopologyRecord>> {
  const seeds = new Map<string, TopologyRecord>();
  let names: string[];
  try {
    names = await fs.readdir(seedDir);
  } catch (error) {
    if (isMissing(error)) {
      log?.warn({ seedDir }, 'topology folder not found: no seed topologies');
      return seeds;
    }
    throw error;
  }
  const reader = new SeedReader(fs);
  try {
    for (const name of names.sort()) {
      if (!name.endsWith('.json') || name.endsWith('.schema.json')) continue;
      const id = name.slice(0, -'.json'.length);
      const file = join(seedDir, name);
      const seed = await reader.read(file);
      if (seed.kind === 'unreadable' || seed.kind === 'other-format') continue;
      if (seed.kind === 'not-json') {
        log?.warn({ file: name }, 'skipped a topology-folder file that is not valid JSON');
        continue;
      }
      if (!TOPOLOGY_ID.test(id)) {
        log?.warn({ file: name }, `skipped a topology whose file name is not a valid id (${TOPOLOGY_ID})`);
        continue;
      }
      if (seed.kind === 'invalid') log?.warn({ file: name, problems: seed.problems }, `skipped an invalid topology: ${seed.message}`);
      else seeds.set(id, { id, version: 1, etag: etagOf(1, seed.sha256), source: 'seed', summary: seed.summary, file });
    }
  } finally {
    await reader.close();
  }
  return seeds;
}

function uploadRecord(id: string, version: number, etag: string, updatedAt: string, summary: TopologySummary, file: string): TopologyRecord {
  return { id, version, etag, source: 'upload', updatedAt, summary, file };
}

/**
 * RFC 9110 conditional write: `If-Match` needs the current entity tag, `If-None-Match: *` needs no
 * current version. Throws an `ApiError` 412 whose detail gives the current version and ETag.
 *
 * @example
 * checkPreconditions('somme', { version: 2, etag: '"2-3fa2b1c4d5e6f708"' }, { ifMatch: '"1-0badc0ffee000000"' }); // throws 412
 */
export function checkPreconditions(id: string, current: Pick<TopologyRecord, 'version' | 'etag'> | undefined, { ifMatch, ifNoneMatch }: Preconditions): void {
  const fail = (message: string, field: string) => {
    throw new ApiError(412, 'precondition-failed', message, [
      { field, in: 'header', id, message: current ? `the current version is ${current.version}, ETag ${current.etag}` : 'the topology does not exist yet' },
    ]);
  };
  if (ifMatch !== undefined) {
    const tags = ifMatch.split(',').map((t) => t.trim());
    if (!current) fail(`topology "${id}" does not exist: If-Match cannot match`, 'If-Match');
    else if (!tags.includes('*') && !tags.includes(current.etag)) {
      fail(`topology "${id}" has changed: If-Match ${ifMatch} is not the current ETag ${current.etag}`, 'If-Match');
    }
  }
  if (ifNoneMatch !== undefined && current) {
    const tags = ifNoneMatch.split(',').map((t) => t.trim());
    if (tags.includes('*') || tags.includes(current.etag)) fail(`topology "${id}" already exists (version ${current.version})`, 'If-None-Match');
  }
}
