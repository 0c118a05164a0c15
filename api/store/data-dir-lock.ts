import { realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import * as lockfile from 'proper-lockfile';

/** The lock of a data folder: a directory inside it, refreshed by its holder (proper-lockfile). */
export const LOCK_NAME = '.fibre-server.lock';
/** A lock not refreshed for this long belongs to a dead process (kill -9, power loss) and is taken over. */
export const LOCK_STALE_MS = 5_000;
/** How often the holder refreshes the lock's mtime. */
export const LOCK_UPDATE_MS = 1_000;

/** The data folder is held by another server process: this one must not start on it. */
export class StoreLockedError extends Error {
  readonly dataDir: string;
  readonly lockPath: string;

  constructor(dataDir: string, lockPath: string) {
    super(
      `the data folder ${dataDir} is in use by another fibre-resilience server process (lock ${lockPath}): ` +
        'stop that server, or give this one its own FIBRE_DATA_DIR. One data folder serves one server process; ' +
        'a PostgreSQL store will be the way to run several servers on the same data.',
    );
    this.name = 'StoreLockedError';
    this.dataDir = dataDir;
    this.lockPath = lockPath;
  }
}

/** This process's hold on a data folder. */
export interface DataDirLock {
  /** The lock directory. */
  readonly path: string;
  /** Set when the lock was lost (another process took the folder over): writes must stop. */
  lost(): Error | undefined;
  /** Gives this hold back; the folder is unlocked once every hold of this process is released. */
  release(): Promise<void>;
}

export interface LockLog {
  warn(object: object, message: string): void;
  error?(object: object, message: string): void;
}

interface Holder {
  count: number;
  path: string;
  unlock: () => Promise<void>;
  lost?: Error;
}

// The lock is between processes; stores of one process (tests, a restart in place) share its hold.
const holders = new Map<string, Promise<Holder>>();
const releasing = new Map<string, Promise<void>>();

/**
 * Locks `dataDir` (which must exist) for this process, or throws a `StoreLockedError` when a live
 * server process holds it. A lock whose holder died is taken over once it is `LOCK_STALE_MS` old.
 *
 * @example
 * const lock = await lockDataDir('.data');
 * try { ... } finally { await lock.release(); }
 */
export async function lockDataDir(dataDir: string, log?: LockLog): Promise<DataDirLock> {
  const key = await realpath(dataDir);
  let holder: Holder;
  for (;;) {
    await releasing.get(key);
    let pending = holders.get(key);
    if (!pending) {
      pending = acquire(key, resolve(dataDir), log);
      holders.set(key, pending);
      pending.catch(() => holders.get(key) === pending && holders.delete(key));
    }
    holder = await pending;
    // Unless the last hold was released while this one waited.
    if (holders.get(key) === pending) break;
  }
  holder.count += 1;
  let released = false;
  return {
    path: holder.path,
    lost: () => holder.lost,
    release: async () => {
      if (released) return;
      released = true;
      if (--holder.count > 0) return;
      holders.delete(key);
      // A lost lock belongs to another process now: leave it alone.
      const done = holder.lost ? Promise.resolve() : holder.unlock().catch(() => undefined);
      releasing.set(key, done);
      await done;
      releasing.delete(key);
    },
  };
}

/** Locks `dir` (a real path); errors name the folder as the caller wrote it, `shown`. */
async function acquire(dir: string, shown: string, log: LockLog | undefined): Promise<Holder> {
  const holder: Holder = { count: 0, path: join(dir, LOCK_NAME), unlock: async () => undefined };
  const onCompromised = (error: Error) => {
    holder.lost = error;
    log?.error?.({ lock: holder.path, err: error }, 'lost the lock of the data folder: writes are refused until it is taken back');
    // Usually a stalled process whose lock nobody took: take it back unless another server holds it now.
    tryLock(dir, holder.path, onCompromised).then(
      (unlock) => {
        holder.unlock = unlock;
        holder.lost = undefined;
        log?.warn({ lock: holder.path }, 'took the lock of the data folder back');
      },
      () => undefined,
    );
  };
  holder.unlock = await waitForLock(dir, shown, holder.path, onCompromised);
  return holder;
}

/**
 * Takes the lock, waiting while its holder looks dead: a live holder refreshes its mtime every
 * `LOCK_UPDATE_MS`, so an mtime that moves means another server runs (refuse now), and one that
 * stays still becomes stale and is taken over by proper-lockfile.
 */
async function waitForLock(dir: string, shown: string, path: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  const deadline = Date.now() + LOCK_STALE_MS + 2 * LOCK_UPDATE_MS;
  let seen: number | undefined;
  for (;;) {
    try {
      return await tryLock(dir, path, onCompromised);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ELOCKED') throw error;
    }
    const mtime = await stat(path).then((s) => s.mtimeMs, () => undefined);
    if ((seen !== undefined && mtime !== undefined && mtime !== seen) || Date.now() > deadline) throw new StoreLockedError(shown, path);
    // The first wait spans two refreshes of a live holder; then poll until the lock turns stale.
    await sleep(seen === undefined ? 2 * LOCK_UPDATE_MS : LOCK_UPDATE_MS / 4);
    seen ??= mtime;
  }
}

function tryLock(dir: string, path: string, onCompromised: (error: Error) => void): Promise<() => Promise<void>> {
  return lockfile.lock(dir, { lockfilePath: path, realpath: false, stale: LOCK_STALE_MS, update: LOCK_UPDATE_MS, onCompromised });
}
