import type { CompiledNetwork } from '../../src/graph/compile.js';
import type { RedundancyLink, Section, Site, Topology } from '../../src/model/schema.js';

/** Web Mercator of a longitude, in [0, 1] from the antimeridian eastwards. */
export const mercatorX = (lon: number) => lon / 360 + 0.5;
/** Web Mercator of a latitude, in [0, 1] from the north (tile rows grow southwards). */
export function mercatorY(lat: number): number {
  const sin = Math.sin((Math.max(-85.0511, Math.min(85.0511, lat)) * Math.PI) / 180);
  return 0.5 - (0.25 * Math.log((1 + sin) / (1 - sin))) / Math.PI;
}

/**
 * Where every analysed section and site of a network lies, as flat arrays by index in the
 * compiled network: a section's line is `lonLat[2·offset[e]] …` (its geometry, or a straight
 * line between its sites), with its Mercator bounding box and midpoint.
 */
export interface NetworkGeometry {
  /** By section: the topology's record (a section, or the redundancy link it was made from). */
  records: (Section | RedundancyLink)[];
  sites: Site[];
  offset: Int32Array;
  lonLat: Float64Array;
  /** The same vertices in Web Mercator (x, y in [0, 1]), computed once. */
  merc: Float64Array;
  /** By section: minX, minY, maxX, maxY in Mercator units. */
  box: Float64Array;
  /** By section: the Mercator point halfway along the line's vertices. */
  mid: Float64Array;
  /** By site: Mercator x, y. */
  sitePoint: Float64Array;
  /** CRS84 extent of the network. */
  bounds: [number, number, number, number];
}

export function networkGeometry(topology: Topology, net: CompiledNetwork): NetworkGeometry {
  const sites: Site[] = new Array(net.siteCount);
  const byId = new Map<string, Site>();
  for (const s of topology.sites) {
    byId.set(s.id, s);
    const v = net.siteIndex.get(s.id);
    if (v !== undefined) sites[v] = s;
  }
  const records: (Section | RedundancyLink)[] = new Array(net.sectionCount);
  for (const s of topology.sections) {
    const e = net.sectionIndex.get(s.id);
    if (e !== undefined) records[e] = s;
  }
  for (const l of topology.redundancyLinks ?? []) {
    const e = net.sectionIndex.get(l.id);
    if (e !== undefined && records[e] === undefined) records[e] = l;
  }
  // A section's own geometry, or null for a straight line between its sites.
  const geometryOf = (e: number): number[][] | null => {
    const r = records[e];
    return 'geometry' in r && r.geometry && r.geometry.length >= 2 ? r.geometry : null;
  };
  const offset = new Int32Array(net.sectionCount + 1);
  for (let e = 0; e < net.sectionCount; e++) offset[e + 1] = offset[e] + (geometryOf(e)?.length ?? 2);
  const lonLat = new Float64Array(2 * offset[net.sectionCount]);
  const merc = new Float64Array(2 * offset[net.sectionCount]);
  const box = new Float64Array(4 * net.sectionCount);
  const mid = new Float64Array(2 * net.sectionCount);
  const bounds: [number, number, number, number] = [180, 90, -180, -90];
  const extend = (lon: number, lat: number) => {
    bounds[0] = Math.min(bounds[0], lon);
    bounds[1] = Math.min(bounds[1], lat);
    bounds[2] = Math.max(bounds[2], lon);
    bounds[3] = Math.max(bounds[3], lat);
  };
  for (let e = 0; e < net.sectionCount; e++) {
    const line = geometryOf(e);
    const from = offset[e];
    if (line) {
      for (let i = 0; i < line.length; i++) {
        lonLat[2 * (from + i)] = line[i][0];
        lonLat[2 * (from + i) + 1] = line[i][1];
      }
    } else {
      const a = sites[net.sectionFrom[e]];
      const b = sites[net.sectionTo[e]];
      lonLat[2 * from] = a.lon;
      lonLat[2 * from + 1] = a.lat;
      lonLat[2 * from + 2] = b.lon;
      lonLat[2 * from + 3] = b.lat;
    }
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = from; k < offset[e + 1]; k++) {
      const lon = lonLat[2 * k];
      const lat = lonLat[2 * k + 1];
      extend(lon, lat);
      const x = mercatorX(lon);
      const y = mercatorY(lat);
      merc[2 * k] = x;
      merc[2 * k + 1] = y;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    box[4 * e] = x0;
    box[4 * e + 1] = y0;
    box[4 * e + 2] = x1;
    box[4 * e + 3] = y1;
    const last = offset[e + 1] - from - 1;
    const m = from + Math.floor(last / 2);
    const mB = from + Math.ceil(last / 2);
    mid[2 * e] = mercatorX((lonLat[2 * m] + lonLat[2 * mB]) / 2);
    mid[2 * e + 1] = mercatorY((lonLat[2 * m + 1] + lonLat[2 * mB + 1]) / 2);
  }
  const sitePoint = new Float64Array(2 * net.siteCount);
  sites.forEach((s, v) => {
    sitePoint[2 * v] = mercatorX(s.lon);
    sitePoint[2 * v + 1] = mercatorY(s.lat);
    extend(s.lon, s.lat);
  });
  if (net.siteCount === 0) bounds.splice(0, 4, -180, -85, 180, 85);
  return { records, sites, offset, lonLat, merc, box, mid, sitePoint, bounds };
}

/** A section's line as GeoJSON positions. */
export function linePositions(g: NetworkGeometry, e: number): number[][] {
  const out: number[][] = [];
  for (let k = g.offset[e]; k < g.offset[e + 1]; k++) out.push([g.lonLat[2 * k], g.lonLat[2 * k + 1]]);
  return out;
}

/**
 * The tiles (row-major within `grid`) of zoom `z` that a section's line crosses, each once per
 * segment, walked exactly cell by cell (Amanatides and Woo's traversal): with `budget`, whether
 * every one has fewer than `budget` in `counts` (stopping at the first full one); without, adds 1
 * to each in `counts`. No callback: the display zooms walk every backbone section at every zoom.
 */
export function tilesCrossed(g: NetworkGeometry, e: number, z: number, grid: TileGrid, counts: Int32Array, budget?: number): boolean {
  const n = 2 ** z;
  const { merc } = g;
  const { x0, y0, width, height } = grid;
  let last = -1;
  for (let k = g.offset[e]; k < g.offset[e + 1] - 1; k++) {
    const ax = merc[2 * k] * n;
    const ay = merc[2 * k + 1] * n;
    const dx = merc[2 * k + 2] * n - ax;
    const dy = merc[2 * k + 3] * n - ay;
    let cx = Math.floor(ax);
    let cy = Math.floor(ay);
    const ex = Math.floor(ax + dx);
    const ey = Math.floor(ay + dy);
    const sx = Math.sign(ex - cx);
    const sy = Math.sign(ey - cy);
    // The segment's parameter at its next vertical and horizontal cell edge, and per cell.
    let tx = sx === 0 ? Infinity : ((sx > 0 ? cx + 1 : cx) - ax) / dx;
    let ty = sy === 0 ? Infinity : ((sy > 0 ? cy + 1 : cy) - ay) / dy;
    const stepX = sx === 0 ? Infinity : Math.abs(1 / dx);
    const stepY = sy === 0 ? Infinity : Math.abs(1 / dy);
    for (let left = Math.abs(ex - cx) + Math.abs(ey - cy); ; left--) {
      const tile = Math.max(0, Math.min(height - 1, cy - y0)) * width + Math.max(0, Math.min(width - 1, cx - x0));
      if (tile !== last) {
        last = tile;
        if (budget === undefined) counts[tile]++;
        else if (counts[tile] >= budget) return false;
      }
      if (left === 0) break;
      if (cy === ey || (cx !== ex && tx < ty)) {
        cx += sx;
        tx += stepX;
      } else {
        cy += sy;
        ty += stepY;
      }
    }
  }
  return true;
}

/** The tiles of one zoom that cover a Mercator extent, numbered row-major. */
export class TileGrid {
  readonly x0: number;
  readonly y0: number;
  readonly width: number;
  readonly height: number;

  constructor(readonly z: number, box: readonly number[]) {
    const n = 2 ** z;
    const clamp = (v: number) => Math.max(0, Math.min(n - 1, Math.floor(v * n)));
    this.x0 = clamp(box[0]);
    this.y0 = clamp(box[1]);
    this.width = clamp(box[2]) - this.x0 + 1;
    this.height = clamp(box[3]) - this.y0 + 1;
  }

  get size(): number {
    return this.width * this.height;
  }

  index(x: number, y: number): number {
    const cx = Math.max(0, Math.min(this.width - 1, x - this.x0));
    const cy = Math.max(0, Math.min(this.height - 1, y - this.y0));
    return cy * this.width + cx;
  }
}

/** Whether the segment (ax, ay)–(bx, by) meets the rectangle (Liang–Barsky). */
export function segmentMeetsBox(ax: number, ay: number, bx: number, by: number, x0: number, y0: number, x1: number, y1: number): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = bx - ax;
  const dy = by - ay;
  for (const [p, q] of [[-dx, ax - x0], [dx, x1 - ax], [-dy, ay - y0], [dy, y1 - ay]] as const) {
    if (p === 0) {
      if (q < 0) return false;
    } else {
      const t = q / p;
      if (p < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
      if (t0 > t1) return false;
    }
  }
  return true;
}
