import type { Geometry, Position } from 'geojson';
import wkx from 'wkx';

/**
 * The GeoPackage binary geometry encoding (OGC 12-128r18, §2.1.3 "GeoPackageBinary"): a header
 * (magic `GP`, version, flags, srs_id, optional envelope) followed by the geometry as standard
 * (ISO) WKB. Pure functions over bytes; `geopackage.ts` reads and writes the tables.
 */

/** A geometry blob that cannot be decoded: `reason` says what is wrong with it. */
export class GeometryBlobError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'GeometryBlobError';
  }
}

/** What a GeoPackage geometry header says. */
export interface GeometryHeader {
  /** 0 for GeoPackage 1.x. */
  version: number;
  /** Byte order of the header's srs_id and envelope (the WKB carries its own). */
  littleEndian: boolean;
  /** The empty-geometry flag. */
  empty: boolean;
  srsId: number;
  /** [minx, maxx, miny, maxy] (then minz, maxz, minm, maxm when present), or none. */
  envelope: number[];
  /** Where the WKB starts in the blob. */
  wkbOffset: number;
}

/** Envelope sizes, in doubles, by the envelope contents indicator of the flags (bits 1-3). */
const ENVELOPE_DOUBLES = [0, 4, 6, 6, 8];
const FLAG_LITTLE_ENDIAN = 0x01;
const FLAG_EMPTY = 0x10;
const FLAG_EXTENDED = 0x20;

/**
 * Parses the header of a GeoPackage geometry blob.
 *
 * @throws GeometryBlobError when the magic is not `GP`, the version is not 0, the envelope
 * indicator is invalid, the reserved flag bits are set, or the blob is shorter than its header.
 * @example
 * parseGeometryHeader(blob); // { version: 0, littleEndian: true, empty: false, srsId: 2154, envelope: [], wkbOffset: 8 }
 */
export function parseGeometryHeader(blob: Uint8Array): GeometryHeader {
  if (blob.length < 8) throw new GeometryBlobError(`a geometry blob of ${blob.length} bytes is shorter than a GeoPackage header (8 bytes)`);
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new GeometryBlobError(`not a GeoPackage geometry: its first bytes are 0x${hex(blob.subarray(0, 2))}, not "GP"`);
  const version = blob[2];
  if (version !== 0) throw new GeometryBlobError(`GeoPackage geometry header version ${version}: only version 0 (GeoPackage 1.x) is defined`);
  const flags = blob[3];
  if (flags & 0xc0) throw new GeometryBlobError(`GeoPackage geometry flags 0x${flags.toString(16)}: reserved bits 6-7 set`);
  if (flags & FLAG_EXTENDED) throw new GeometryBlobError('extended GeoPackage geometry (flag X): not supported');
  const indicator = (flags >> 1) & 0x07;
  if (indicator >= ENVELOPE_DOUBLES.length) throw new GeometryBlobError(`GeoPackage geometry envelope indicator ${indicator}: invalid (0 to 4)`);
  const littleEndian = (flags & FLAG_LITTLE_ENDIAN) !== 0;
  const doubles = ENVELOPE_DOUBLES[indicator];
  const wkbOffset = 8 + 8 * doubles;
  if (blob.length < wkbOffset) throw new GeometryBlobError(`a geometry blob of ${blob.length} bytes is shorter than its header and envelope (${wkbOffset} bytes)`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const envelope: number[] = [];
  for (let i = 0; i < doubles; i++) envelope.push(view.getFloat64(8 + 8 * i, littleEndian));
  return { version, littleEndian, empty: (flags & FLAG_EMPTY) !== 0, srsId: view.getInt32(4, littleEndian), envelope, wkbOffset };
}

/**
 * Decodes a GeoPackage geometry blob to a GeoJSON geometry (coordinates as in the WKB, Z and M
 * kept as further ordinates): Point, LineString, Polygon, their Multi forms and
 * GeometryCollection. An empty geometry (flag set, or a point of NaN coordinates as GDAL
 * writes it) is `null`.
 *
 * @throws GeometryBlobError for a bad header, or a WKB that does not parse or is not a
 * geometry type of the GeoPackage core.
 */
export function decodeGeometry(blob: Uint8Array): Geometry | null {
  const header = parseGeometryHeader(blob);
  if (header.empty) return null;
  const wkb = Buffer.from(blob.buffer, blob.byteOffset + header.wkbOffset, blob.byteLength - header.wkbOffset);
  if (wkb.length < 5) throw new GeometryBlobError(`the WKB after the header is ${wkb.length} bytes long: no geometry`);
  if (wkb[0] > 1) throw new GeometryBlobError(`the WKB after the header starts with byte order ${wkb[0]}: not WKB`);
  let geometry: wkx.Geometry;
  try {
    geometry = wkx.Geometry.parse(wkb);
  } catch (error) {
    const message = error instanceof RangeError ? 'the WKB is truncated' : (error as Error).message;
    throw new GeometryBlobError(`unreadable WKB: ${message}`);
  }
  const json = geometry.toGeoJSON() as Geometry;
  return isEmpty(json) ? null : json;
}

function isEmpty(geometry: Geometry): boolean {
  if (geometry.type === 'GeometryCollection') return geometry.geometries.every(isEmpty);
  if (geometry.type === 'Point') return geometry.coordinates.length < 2 || geometry.coordinates.some((c) => Number.isNaN(c));
  return geometry.coordinates.length === 0;
}

/**
 * Encodes a GeoJSON geometry (2D: further ordinates are dropped) as a little-endian
 * GeoPackage blob of `srsId`: an envelope [minx, maxx, miny, maxy] for every geometry but a
 * point, as GDAL writes them. Returns the blob and that envelope (of a point, the point twice).
 *
 * @example
 * encodeGeometry({ type: 'Point', coordinates: [652000, 6862000] }, 2154).blob.subarray(0, 4); // 'G', 'P', 0, 1
 */
export function encodeGeometry(geometry: Geometry, srsId: number): { blob: Uint8Array; envelope: [number, number, number, number] } {
  const flat = flatten(geometry);
  const wkb = wkx.Geometry.parseGeoJSON(flat).toWkb();
  const envelope = envelopeOf(flat);
  const withEnvelope = geometry.type !== 'Point';
  const header = Buffer.alloc(withEnvelope ? 40 : 8);
  header.write('GP', 0, 'latin1');
  header[2] = 0;
  header[3] = FLAG_LITTLE_ENDIAN | (withEnvelope ? 1 << 1 : 0);
  header.writeInt32LE(srsId, 4);
  if (withEnvelope) for (const [i, value] of envelope.entries()) header.writeDoubleLE(value, 8 + 8 * i);
  return { blob: new Uint8Array(Buffer.concat([header, wkb])), envelope };
}

/** The geometry with its positions cut to [x, y]. */
function flatten(geometry: Geometry): Geometry {
  const xy = (p: Position): Position => [p[0], p[1]];
  switch (geometry.type) {
    case 'Point':
      return { type: 'Point', coordinates: xy(geometry.coordinates) };
    case 'MultiPoint':
    case 'LineString':
      return { type: geometry.type, coordinates: geometry.coordinates.map(xy) } as Geometry;
    case 'MultiLineString':
    case 'Polygon':
      return { type: geometry.type, coordinates: geometry.coordinates.map((line) => line.map(xy)) } as Geometry;
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((polygon) => polygon.map((ring) => ring.map(xy))) };
    case 'GeometryCollection':
      return { type: 'GeometryCollection', geometries: geometry.geometries.map(flatten) };
  }
}

/** [minx, maxx, miny, maxy] of a geometry (the order of the GeoPackage envelope). */
export function envelopeOf(geometry: Geometry): [number, number, number, number] {
  const env: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
  const walk = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number') {
      env[0] = Math.min(env[0], value[0]);
      env[1] = Math.max(env[1], value[0]);
      env[2] = Math.min(env[2], value[1]);
      env[3] = Math.max(env[3], value[1]);
      return;
    }
    for (const item of value) walk(item);
  };
  const visit = (g: Geometry) => {
    if (g.type === 'GeometryCollection') {
      g.geometries.forEach(visit);
      return;
    }
    walk(g.coordinates);
  };
  visit(geometry);
  return env;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
