import { fromGeojsonVt } from '@maplibre/vt-pbf';
import GeoJSONVT from 'geojson-vt';
import KDBush from 'kdbush';
import { LRUCache } from 'lru-cache';
import { SITE_KINDS } from '../../src/graph/compile.js';
import type { NetworkRequest } from '../../src/requests/bounds.js';
import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import type { BuildPhase } from './build-progress.js';
import { NRO_STATUSES, STATES, type TileAttributes, tileAttributes } from './attributes.js';
import { displayZooms, fullDetailZoom, MAX_ZOOM } from './display-zoom.js';
import { LOCAL_TILE, tileLocalLines } from './tile-local.js';
import { linePositions, mercatorX, mercatorY, type NetworkGeometry, networkGeometry, segmentMeetsBox } from './geometry.js';

export const EXTENT = 4096;
/** Pixels of a tile's extent drawn beyond each edge, so that lines and symbols join across tiles. */
const BUFFER = 64;
/** Density cells per tile side below the full-detail zoom (cells of 256 of the 4096 units). */
const DENSITY_CELLS = 16;
/** Areas whose list of sections is kept. */
const AREAS = 1_024;
/** An area is a tile this many zooms above the full-detail zoom (each holds 8 × 8 tiles of that zoom): listing one scans every section. */
const AREA_LEVELS = 3;
/**
 * geojson-vt's simplification tolerance, pixels. 0: no simplification, and above all no line
 * dropped for being shorter than the tolerance (geojson-vt drops those), so that every section
 * of a tile is drawn (or, zoomed out, counted in `density`).
 */
const TOLERANCE = 0;
/** Bytes of encoded tiles kept per index. */
const TILE_BYTES = 64 * 2 ** 20;

type Props = Record<string, string | number | boolean>;
type TileFeature = { id?: number; type: 1 | 2; geometry: number[][] | number[][][]; tags: Props };

/** What `tiles.json` says of an index. */
export interface TileIndexInfo {
  name: string;
  bounds: [number, number, number, number];
  /** The full-detail zoom: every section and site from here on. */
  fullZoom: number;
  maxzoom: number;
  counts: { sections: number; sites: number; backboneSections: number };
  buildMs: number;
}

/**
 * The vector tiles of one network (a topology version under one set of network options): the
 * attributes computed once, the zoom from which each feature is drawn, a point index of section
 * midpoints and of sites (kdbush), and, built lazily per area (a tile 3 zooms above the full-detail one) and
 * kept for the AREAS most recently used, the list of sections crossing it. Each tile is cut by
 * geojson-vt from the few sections that cross it, and encoded by vt-pbf; the last TILE_BYTES of
 * encoded tiles are kept.
 */
export class TileIndex {
  readonly info: TileIndexInfo;
  private readonly attributes: TileAttributes;
  private readonly geometry: NetworkGeometry;
  private readonly candidate: Uint8Array;
  private readonly sectionZoom: Uint8Array;
  private readonly siteZoom: Uint8Array;
  private readonly midpoints: KDBush;
  private readonly sitePoints: KDBush;
  /** The sections drawn below the full-detail zoom, by display zoom; those drawn at zoom z are the first backboneUpTo[z]. */
  private readonly backbone: Int32Array;
  private readonly backboneUpTo: Int32Array;
  private readonly areas = new LRUCache<string, Int32Array>({ max: AREAS });
  private readonly areaZoom: number;
  private readonly tiles = new LRUCache<string, { bytes: Uint8Array | null }>({ maxSize: TILE_BYTES, sizeCalculation: (t) => Math.max(64, t.bytes?.byteLength ?? 0) });

  constructor(workspace: NetworkWorkspace, network: NetworkRequest, onPhase?: (phase: BuildPhase) => void) {
    const started = performance.now();
    const loaded = workspace.network(network);
    const { net } = loaded;
    this.attributes = tileAttributes(loaded, onPhase);
    onPhase?.('tiling');
    this.geometry = networkGeometry(workspace.topology, net);
    const g = this.geometry;
    const links = new Set((workspace.topology.redundancyLinks ?? []).map((l) => l.id));
    this.candidate = Uint8Array.from(net.sectionIds, (id) => (links.has(id) ? 1 : 0));
    const [w, s, e, n] = g.bounds;
    const extent = [mercatorX(w), mercatorY(n), mercatorX(e), mercatorY(s)];
    const fullZoom = fullDetailZoom(g, net.sectionCount, extent);
    ({ sectionZoom: this.sectionZoom, siteZoom: this.siteZoom } = displayZooms(this.attributes, g, this.candidate, fullZoom, extent));

    this.midpoints = new KDBush(Math.max(1, net.sectionCount));
    for (let i = 0; i < net.sectionCount; i++) this.midpoints.add(g.mid[2 * i], g.mid[2 * i + 1]);
    if (net.sectionCount === 0) this.midpoints.add(-1, -1);
    this.midpoints.finish();
    this.sitePoints = new KDBush(Math.max(1, net.siteCount));
    for (let v = 0; v < net.siteCount; v++) this.sitePoints.add(g.sitePoint[2 * v], g.sitePoint[2 * v + 1]);
    if (net.siteCount === 0) this.sitePoints.add(-1, -1);
    this.sitePoints.finish();

    this.areaZoom = Math.max(0, fullZoom - AREA_LEVELS);
    this.backbone = Int32Array.from({ length: net.sectionCount }, (_, i) => i)
      .filter((i) => this.sectionZoom[i] < fullZoom)
      .sort((a, b) => this.sectionZoom[a] - this.sectionZoom[b] || a - b);
    this.backboneUpTo = new Int32Array(Math.max(1, fullZoom));
    for (const i of this.backbone) this.backboneUpTo[this.sectionZoom[i]]++;
    for (let z = 1; z < fullZoom; z++) this.backboneUpTo[z] += this.backboneUpTo[z - 1];
    const backboneSections = this.backbone.length;
    this.info = {
      name: workspace.topology.name,
      bounds: g.bounds,
      fullZoom,
      maxzoom: Math.max(MAX_ZOOM, fullZoom),
      counts: { sections: net.sectionCount, sites: net.siteCount, backboneSections },
      buildMs: Math.round(performance.now() - started),
    };
  }

  /** The encoded tile (a Mapbox Vector Tile), or null when it holds nothing. */
  tile(z: number, x: number, y: number): Uint8Array | null {
    const key = `${z}/${x}/${y}`;
    const hit = this.tiles.get(key);
    if (hit) return hit.bytes;
    const layers: Record<string, { features: TileFeature[] }> = {
      sections: { features: this.sectionsOf(z, x, y) },
      sites: { features: this.sitesOf(z, x, y) },
    };
    if (z < this.info.fullZoom) layers.density = { features: this.densityOf(z, x, y) };
    for (const [name, layer] of Object.entries(layers)) if (layer.features.length === 0) delete layers[name];
    const bytes = Object.keys(layers).length === 0 ? null : fromGeojsonVt(layers as never, { version: 2, extent: EXTENT });
    this.tiles.set(key, { bytes });
    return bytes;
  }

  /** The sections drawn in a tile, tiled by geojson-vt from just those crossing it (no tiling state is kept between tiles). */
  private sectionsOf(z: number, x: number, y: number): TileFeature[] {
    const box = tileBox(z, x, y, BUFFER / EXTENT);
    let candidates: ArrayLike<number>;
    if (z < this.info.fullZoom) {
      candidates = this.backbone.subarray(0, this.backboneUpTo[z]);
    } else {
      const shift = z - this.areaZoom;
      candidates = this.area(this.areaZoom, x >> shift, y >> shift);
    }
    const features = [];
    for (let i = 0; i < candidates.length; i++) {
      const e = candidates[i];
      if (!this.crosses(e, box)) continue;
      const pieces = tileLocalLines(linePositions(this.geometry, e), z, x, y, BUFFER / EXTENT);
      if (pieces.length === 0) continue;
      features.push({ type: 'Feature' as const, id: e, geometry: { type: 'MultiLineString' as const, coordinates: pieces }, properties: this.sectionProperties(e) });
    }
    if (features.length === 0) return [];
    const { z: lz, x: lx, y: ly } = LOCAL_TILE;
    const tiler = new GeoJSONVT({ type: 'FeatureCollection', features }, { maxZoom: lz, indexMaxZoom: 0, extent: EXTENT, buffer: BUFFER, tolerance: TOLERANCE });
    return (tiler.getTile(lz, lx, ly)?.features ?? []) as TileFeature[];
  }

  /** Whether a section's line meets a Mercator box. */
  private crosses(e: number, [x0, y0, x1, y1]: readonly number[]): boolean {
    const { box, offset, merc } = this.geometry;
    if (box[4 * e] > x1 || box[4 * e + 2] < x0 || box[4 * e + 1] > y1 || box[4 * e + 3] < y0) return false;
    for (let k = offset[e]; k < offset[e + 1] - 1; k++) {
      if (segmentMeetsBox(merc[2 * k], merc[2 * k + 1], merc[2 * k + 2], merc[2 * k + 3], x0, y0, x1, y1)) return true;
    }
    return false;
  }

  /** The sections crossing one area (a tile of zoom areaZoom, and its buffer): the candidates of every deep tile inside it. */
  private area(zoom: number, ax: number, ay: number): Int32Array {
    const key = `${ax}/${ay}`;
    const hit = this.areas.get(key);
    if (hit) return hit;
    const box = tileBox(zoom, ax, ay, BUFFER / EXTENT);
    const found: number[] = [];
    for (let e = 0; e < this.attributes.loaded.net.sectionCount; e++) if (this.crosses(e, box)) found.push(e);
    const area = Int32Array.from(found);
    this.areas.set(key, area);
    return area;
  }

  private sitesOf(z: number, x: number, y: number): TileFeature[] {
    const [x0, y0, x1, y1] = tileBox(z, x, y, BUFFER / EXTENT);
    const scale = 2 ** z * EXTENT;
    const deep = z >= this.info.fullZoom;
    return this.sitePoints.range(x0, y0, x1, y1)
      .filter((v) => v < this.attributes.loaded.net.siteCount && (deep || this.siteZoom[v] <= z))
      .map((v) => ({
        id: v,
        type: 1 as const,
        geometry: [[Math.round(this.geometry.sitePoint[2 * v] * scale - x * EXTENT), Math.round(this.geometry.sitePoint[2 * v + 1] * scale - y * EXTENT)]],
        tags: this.siteProperties(v),
      }));
  }

  /** One point per cell of a 16 × 16 grid: the sections (by midpoint) and sites of the cell not drawn at this zoom. */
  private densityOf(z: number, x: number, y: number): TileFeature[] {
    const box = tileBox(z, x, y, 0);
    const scale = 2 ** z * EXTENT;
    const cellSize = EXTENT / DENSITY_CELLS;
    const cells = DENSITY_CELLS * DENSITY_CELLS;
    const [sections, lengthM, sites, sx, sy, n] = Array.from({ length: 6 }, () => new Float64Array(cells));
    const add = (mx: number, my: number, length: number, isSite: boolean) => {
      const px = mx * scale - x * EXTENT;
      const py = my * scale - y * EXTENT;
      if (px < 0 || py < 0 || px >= EXTENT || py >= EXTENT) return;
      const cell = Math.floor(py / cellSize) * DENSITY_CELLS + Math.floor(px / cellSize);
      if (isSite) sites[cell]++;
      else {
        sections[cell]++;
        lengthM[cell] += length;
      }
      sx[cell] += px;
      sy[cell] += py;
      n[cell]++;
    };
    const { net } = this.attributes.loaded;
    const { mid, sitePoint } = this.geometry;
    for (const e of this.within(this.midpoints, net.sectionCount, box)) {
      if (this.sectionZoom[e] > z) add(mid[2 * e], mid[2 * e + 1], net.lengthM[e], false);
    }
    for (const v of this.within(this.sitePoints, net.siteCount, box)) {
      if (this.siteZoom[v] > z) add(sitePoint[2 * v], sitePoint[2 * v + 1], 0, true);
    }
    const features: TileFeature[] = [];
    for (let cell = 0; cell < cells; cell++) {
      if (n[cell] === 0) continue;
      features.push({
        type: 1,
        geometry: [[Math.round(sx[cell] / n[cell]), Math.round(sy[cell] / n[cell])]],
        tags: { sections: sections[cell], lengthM: Math.round(lengthM[cell]), sites: sites[cell] },
      });
    }
    return features;
  }

  /** The points of a kdbush index in a Mercator box: every one, without a search, when the box holds the whole network. */
  private within(points: KDBush, count: number, [x0, y0, x1, y1]: readonly number[]): Iterable<number> {
    const [w, s, e, n] = this.geometry.bounds;
    if (x0 <= mercatorX(w) && x1 >= mercatorX(e) && y0 <= mercatorY(n) && y1 >= mercatorY(s)) {
      return { [Symbol.iterator]: function* () { for (let i = 0; i < count; i++) yield i; } };
    }
    return points.range(x0, y0, x1, y1).filter((i) => i < count);
  }

  private sectionProperties(e: number): Props {
    const { net } = this.attributes.loaded;
    const record = this.geometry.records[e];
    const ratio = this.attributes.loadRatio[e];
    return {
      id: net.sectionIds[e],
      owner: net.owners[net.sectionOwner[e]],
      status: this.candidate[e] || ('status' in record && record.status === 'planned') ? 'planned' : 'existing',
      state: STATES[this.attributes.state[e]],
      ...(!Number.isNaN(ratio) && { loadRatio: ratio }),
      critical: this.attributes.criticalSection[e] === 1,
      candidate: this.candidate[e] === 1,
      riskGroups: ('riskGroups' in record && record.riskGroups ? record.riskGroups : []).join(','),
      lengthM: net.lengthM[e],
    };
  }

  private siteProperties(v: number): Props {
    const { net } = this.attributes.loaded;
    const site = this.geometry.sites[v];
    const status = NRO_STATUSES[this.attributes.nroStatus[v]];
    return {
      id: site.id,
      kind: SITE_KINDS[net.siteKind[v]],
      ...(site.name !== undefined && { name: site.name }),
      ...(status && { status }),
      subscribers: net.subscribers[v],
      critical: this.attributes.criticalSite[v] === 1,
    };
  }
}

/** The Mercator box of a tile, widened by `margin` tiles on each side. */
function tileBox(z: number, x: number, y: number, margin: number): [number, number, number, number] {
  const n = 2 ** z;
  return [(x - margin) / n, (y - margin) / n, (x + 1 + margin) / n, (y + 1 + margin) / n];
}
