import { SITE_KINDS } from '../../src/graph/compile.js';
import { STATES, type TileAttributes } from './attributes.js';
import { type NetworkGeometry, TileGrid, tilesCrossed } from './geometry.js';

/** Deepest zoom tiles are generated at; the map overzooms beyond. At least this, deeper when the full-detail zoom is. */
export const MAX_ZOOM = 14;
/** The full-detail zoom is the first where no tile is crossed by more than this many sections. */
export const FULL_DETAIL_SECTIONS = 4_000;
/**
 * Below it, at most this many backbone sections are drawn across a cell of a quarter of a tile's
 * side, 128 px on the map (the others go to `density`). Counted per cell rather than per tile so
 * that the cut-off follows the network and not the tile edges; about 250 sections to a tile.
 */
export const BACKBONE_SECTIONS_PER_CELL = 60;
/** Tiles per side of a cell, as a power of two: 2 → a quarter of a tile. */
const SECTION_CELL_SHIFT = 2;
/** Below it, at most one site is drawn in a cell of 1/32 of a tile's side (16 px on the map): never two circles on top of each other. */
const SITE_CELL_SHIFT = 5;
/** Never aggregated: below the full-detail zoom, a feature whose display zoom is this is in `density`. */
export const ONLY_FULL = 255;

const JUNCTION = SITE_KINDS.indexOf('junction');
const CORE = new Set([SITE_KINDS.indexOf('headend'), SITE_KINDS.indexOf('pop')]);

/**
 * How much a section matters zoomed out; 0 for a section that is only drawn at full detail.
 * Candidate links first, then the core (head-end and POP to head-end and POP), saturated, near,
 * then critical sections and those joining two sites that are not junctions.
 */
export function sectionPriority(a: TileAttributes, candidate: Uint8Array, e: number): number {
  const { net } = a.loaded;
  const [u, v] = [net.siteKind[net.sectionFrom[e]], net.siteKind[net.sectionTo[e]]];
  if (candidate[e]) return 6;
  if (CORE.has(u) && CORE.has(v)) return 5;
  if (a.state[e] === STATES.indexOf('saturated')) return 4;
  if (a.state[e] === STATES.indexOf('near')) return 3;
  if (a.criticalSection[e]) return 2;
  if (u !== JUNCTION && v !== JUNCTION) return 1;
  return 0;
}

/** Head-ends, then POPs, then NROs (by subscribers); junctions only at full detail. */
function sitePriority(a: TileAttributes, v: number): number {
  const kind = SITE_KINDS[a.loaded.net.siteKind[v]];
  return kind === 'headend' ? 3 : kind === 'pop' ? 2 : kind === 'nro' ? 1 : 0;
}

/**
 * The full-detail zoom: the first zoom (from 0) at which no tile is crossed by more than
 * FULL_DETAIL_SECTIONS sections, estimated on a sample of at most 100 000 sections.
 */
export function fullDetailZoom(g: NetworkGeometry, sectionCount: number, extent: readonly number[]): number {
  const stride = Math.max(1, Math.ceil(sectionCount / 100_000));
  for (let z = 0; z < 16; z++) {
    const grid = new TileGrid(z, extent);
    const counts = new Int32Array(grid.size);
    for (let e = 0; e < sectionCount; e += stride) tilesCrossed(g, e, z, grid, counts);
    let worst = 0;
    for (const count of counts) worst = Math.max(worst, count * stride);
    if (worst <= FULL_DETAIL_SECTIONS) return z;
  }
  return 16;
}

/**
 * The zoom from which each section and site is drawn (ONLY_FULL: from the full-detail zoom on).
 * Zoom by zoom, the most important first, a feature is drawn once every cell it crosses has
 * room; what is drawn at a zoom is drawn at every deeper one and takes its room there first, so
 * no cell ever holds more than its budget.
 */
export function displayZooms(a: TileAttributes, g: NetworkGeometry, candidate: Uint8Array, full: number, extent: readonly number[]) {
  const { net } = a.loaded;
  const sectionZoom = new Uint8Array(net.sectionCount).fill(ONLY_FULL);
  const siteZoom = new Uint8Array(net.siteCount).fill(ONLY_FULL);
  const priority = Uint8Array.from({ length: net.sectionCount }, (_, e) => sectionPriority(a, candidate, e));
  const order = Int32Array.from({ length: net.sectionCount }, (_, e) => e)
    .filter((e) => priority[e] > 0)
    .sort((x, y) => priority[y] - priority[x] || net.lengthM[y] - net.lengthM[x] || x - y);
  const sitePriorities = Uint8Array.from({ length: net.siteCount }, (_, v) => sitePriority(a, v));
  const siteOrder = Int32Array.from({ length: net.siteCount }, (_, v) => v)
    .filter((v) => sitePriorities[v] > 0)
    .sort((x, y) => sitePriorities[y] - sitePriorities[x] || net.subscribers[y] - net.subscribers[x] || x - y);

  for (let z = 0; z < full; z++) {
    // What is drawn from higher up takes its room first, then the rest by importance.
    const cz = z + SECTION_CELL_SHIFT;
    const grid = new TileGrid(cz, extent);
    const counts = new Int32Array(grid.size);
    for (const e of order) if (sectionZoom[e] < z) tilesCrossed(g, e, cz, grid, counts);
    for (const e of order) {
      if (sectionZoom[e] < z || !tilesCrossed(g, e, cz, grid, counts, BACKBONE_SECTIONS_PER_CELL)) continue;
      sectionZoom[e] = z;
      tilesCrossed(g, e, cz, grid, counts);
    }
    const sz = z + SITE_CELL_SHIFT;
    const n = 2 ** sz;
    const cells = new TileGrid(sz, extent);
    const cellOf = (v: number) => cells.index(Math.floor(g.sitePoint[2 * v] * n), Math.floor(g.sitePoint[2 * v + 1] * n));
    const taken = new Uint8Array(cells.size);
    for (const v of siteOrder) if (siteZoom[v] < z) taken[cellOf(v)] = 1;
    for (const v of siteOrder) {
      const cell = cellOf(v);
      if (siteZoom[v] < z || taken[cell]) continue;
      siteZoom[v] = z;
      taken[cell] = 1;
    }
  }
  return { sectionZoom, siteZoom };
}
