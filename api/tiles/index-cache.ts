import { LRUCache } from 'lru-cache';
import type { NetworkRequest } from '../../src/requests/bounds.js';
import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { ApiError } from '../errors.js';
import type { BuildPhase } from './build-progress.js';
import { TileIndex } from './tile-index.js';

/** Tile indexes a worker keeps: a pan or a zoom never recomputes the analysis, the saturation or the index. */
export const INDEXES = 2;

/** What a tile worker answers for a tile of an index it does not hold (never built, dropped, or the worker replaced): the main thread builds it again. */
export const NOT_BUILT = 'tiles-not-built';

const indexes = new LRUCache<string, TileIndex>({ max: INDEXES });

/**
 * An index's key: the topology version (`id etag`, from the main thread) and the options. Not
 * the workspace: a tile needs no workspace (a national one may not fit the worker's cache, and
 * reading it again for each tile would take seconds), the index holds what it draws.
 */
const keyOf = (version: string, network: NetworkRequest) =>
  JSON.stringify([version, [...new Set(network.headends)].sort(), network.includePlanned, [...new Set(network.withLinks)].sort()]);

/** Builds (or finds) the tile index of a topology version (its workspace) under some network options; `onPhase` hears each phase. */
export function buildTileIndex(workspace: NetworkWorkspace, version: string, network: NetworkRequest, onPhase?: (phase: BuildPhase) => void): TileIndex {
  const key = keyOf(version, network);
  let index = indexes.get(key);
  if (!index) {
    index = new TileIndex(workspace, network, onPhase);
    indexes.set(key, index);
  }
  return index;
}

/** The tile index already built, or a 503 `tiles-not-built` (the main thread then starts a build). */
export function builtTileIndex(version: string, network: NetworkRequest): TileIndex {
  const index = indexes.get(keyOf(version, network));
  if (!index) throw new ApiError(503, NOT_BUILT, 'this tile worker holds no tile index for this version and these options', [{ field: 'tiles', message: 'not built' }]);
  return index;
}
