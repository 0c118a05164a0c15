import { randomUUID } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { NetworkRequest } from '../../src/requests/bounds.js';
import { ApiError } from '../errors.js';
import type { TopologyRef } from '../jobs/job.js';
import { BUILD_PHASES, type BuildPhase, listenToPhases } from './build-progress.js';
import { INDEXES } from './index-cache.js';
import type { TileIndexInfo } from './tile-index.js';

/** How a build is run: in the tile worker, under its own deadline, cancelled by `signal`. */
export type RunBuild = (ref: TopologyRef, network: NetworkRequest, build: string, signal: AbortSignal) => Promise<TileIndexInfo>;

export interface TileBuildsOptions {
  run: RunBuild;
  /** The build's deadline (FIBRE_API_TILE_BUILD_MS), for its error message. */
  buildMs: number;
  /** How long the request that starts a build waits for it before answering 503 `tiles-building` (a small network answers at once). */
  waitMs?: number;
  log?: { error(object: object, message: string): void };
}

interface Building {
  state: 'building';
  build: string;
  ref: TopologyRef;
  phase: BuildPhase;
  started: number;
  controller: AbortController;
  done: Promise<void>;
}
type Entry = Building | { state: 'failed'; ref: TopologyRef; error: ApiError };

/** The request that starts a build waits this long for it: a small network's tiles.json is a 200 straight away. */
export const BUILD_WAIT_MS = 500;

/** Network options in a canonical order, for keys. */
const optionsKey = (n: NetworkRequest) => JSON.stringify([[...new Set(n.headends)].sort(), n.includePlanned, [...new Set(n.withLinks)].sort()]);

/**
 * The tile index builds of the tile worker, seen from the main thread (docs/tiles.md, "Building"):
 * the first request for a version and set of options starts a background build and, until it is
 * done, every request answers 503 `tiles-building` with its phase and the seconds elapsed; then
 * the index's info (ready, kept for the INDEXES most recently used, as the worker keeps them). A
 * failed build is told once, to the next request. At most one build per version and options; a
 * request for a newer version of a topology cancels the builds of its older versions.
 */
export class TileBuilds {
  private readonly pending = new Map<string, Entry>();
  private readonly ready = new LRUCache<string, { ref: TopologyRef; info: TileIndexInfo }>({ max: INDEXES });
  private readonly byBuild = new Map<string, Building>();
  private readonly stopListening: () => void;

  constructor(private readonly options: TileBuildsOptions) {
    this.stopListening = listenToPhases(({ build, phase }) => {
      const entry = this.byBuild.get(build);
      if (entry && BUILD_PHASES.indexOf(phase) > BUILD_PHASES.indexOf(entry.phase)) entry.phase = phase;
    });
  }

  /** The info of the built index, or throws: 503 `tiles-building` (with Retry-After), or the build's failure (once). */
  async info(ref: TopologyRef, network: NetworkRequest): Promise<TileIndexInfo> {
    this.supersede(ref);
    const key = `${ref.id}\n${ref.etag}\n${optionsKey(network)}`;
    const hit = this.ready.get(key);
    if (hit) return hit.info;
    let entry = this.pending.get(key);
    if (!entry) {
      entry = this.start(key, ref, network);
      await Promise.race([entry.done, new Promise((resolve) => setTimeout(resolve, this.options.waitMs ?? BUILD_WAIT_MS).unref())]);
      const built = this.ready.get(key);
      if (built) return built.info;
      entry = this.pending.get(key) ?? entry;
    }
    if (entry.state === 'failed') {
      this.pending.delete(key);
      throw entry.error;
    }
    throw buildingError(entry);
  }

  /** The tile worker no longer holds this index (dropped, or the worker replaced): the next request builds it again. */
  forget(ref: TopologyRef, network: NetworkRequest): void {
    this.ready.delete(`${ref.id}\n${ref.etag}\n${optionsKey(network)}`);
  }

  /** Builds running or waiting for the tile worker. */
  get building(): number {
    return this.byBuild.size;
  }

  /** Cancels every build. */
  close(): void {
    this.stopListening();
    for (const entry of this.byBuild.values()) entry.controller.abort();
    this.byBuild.clear();
    this.pending.clear();
  }

  private start(key: string, ref: TopologyRef, network: NetworkRequest): Building {
    const build = randomUUID();
    const controller = new AbortController();
    const entry: Building = { state: 'building', build, ref, phase: 'reading', started: performance.now(), controller, done: Promise.resolve() };
    entry.done = this.options.run(ref, network, build, controller.signal).then(
      (info) => {
        if (this.byBuild.get(build) !== entry) return;
        this.ready.set(key, { ref, info });
        this.pending.delete(key);
      },
      (error: unknown) => {
        if (this.byBuild.get(build) !== entry) return;
        const failure = this.failure(ref, error);
        // A build stopped by its deadline or a fault took its worker, and every index in it, along.
        if (failure.code === 'tiles-build-failed') this.ready.clear();
        this.pending.set(key, { state: 'failed', ref, error: failure });
      },
    ).finally(() => {
      if (this.byBuild.get(build) === entry) this.byBuild.delete(build);
    });
    this.pending.set(key, entry);
    this.byBuild.set(build, entry);
    return entry;
  }

  /** A request for a version of a topology: the builds and indexes of its other versions go (a running build's worker is stopped). */
  private supersede(ref: TopologyRef): void {
    for (const [key, entry] of this.pending) {
      if (entry.ref.id !== ref.id || entry.ref.etag === ref.etag) continue;
      this.pending.delete(key);
      if (entry.state === 'building') {
        this.byBuild.delete(entry.build);
        entry.controller.abort();
        // Stopping a running job replaces its worker: the indexes it held are gone.
        this.ready.clear();
      }
    }
    const older = [...this.ready.entries()].filter(([, { ref: other }]) => other.id === ref.id && other.etag !== ref.etag);
    for (const [key] of older) this.ready.delete(key);
  }

  private failure(ref: TopologyRef, error: unknown): ApiError {
    const apiError = error instanceof ApiError ? error : new ApiError(500, 'internal-error', String((error as Error)?.message ?? error));
    if (apiError.statusCode < 500 || apiError.code === 'busy') return apiError;
    this.options.log?.error({ err: error, topology: ref.id }, 'a tile index build failed');
    const reason = apiError.code === 'deadline-exceeded'
      ? `it took more than ${this.options.buildMs / 1000} s and was stopped (FIBRE_API_TILE_BUILD_MS)`
      : `${apiError.message}${apiError.details[0] ? ` (${apiError.details[0].message})` : ''}`;
    return new ApiError(503, 'tiles-build-failed', `building the tiles of "${ref.id}" failed: ${reason}; the next request starts a new build`,
      [{ field: 'tiles', code: apiError.code, message: reason }]);
  }
}

/** The 503 of a build under way: its phase and the seconds elapsed, and when to ask again. */
function buildingError(entry: Building): ApiError {
  const elapsed = Math.floor((performance.now() - entry.started) / 1000);
  const retry = elapsed < 10 ? 2 : 5;
  const message = `phase ${entry.phase} (of ${BUILD_PHASES.join(', ')}), ${elapsed} s elapsed`;
  return new ApiError(503, 'tiles-building', `the tiles of "${entry.ref.id}" are being built: ${message}; retry in ${retry} s`,
    [{ field: 'tiles', code: entry.phase, message }], { 'Retry-After': String(retry) });
}
