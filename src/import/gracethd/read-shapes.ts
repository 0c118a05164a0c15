import wkx from 'wkx';
import type { Geometry } from 'geojson';
import { clean } from './read-tables.js';
import { importError, type Row, type XY } from './tables.js';

/** Loaded on first use, not at every command's start. */
const shapefileModule = () => import('shapefile');

export interface ShapeTable {
  rows: Row[];
  shapes: Array<XY[] | null>;
  /** Rows whose geometry had several parts, joined end to end. */
  multipart: number[];
}

/**
 * Reads a shapefile (.shp geometry, .dbf attributes) with mbostock's `shapefile` reader.
 * Field names are lower-cased and values kept as text (null when empty), as from a CSV.
 * Points give one position, lines their vertices; a multi-part line is joined end to end
 * and its row index listed in `multipart`.
 */
export async function readShapefile(shp: Uint8Array, dbf: Uint8Array | undefined, encoding: string, file: string): Promise<ShapeTable> {
  const shapefile = await shapefileModule();
  let features: Awaited<ReturnType<typeof shapefile.read>>['features'];
  try {
    ({ features } = await shapefile.read(shp, dbf, { encoding }));
  } catch (error) {
    throw importError(`${file}: not a readable shapefile: ${(error as Error).message}`);
  }
  const table: ShapeTable = { rows: [], shapes: [], multipart: [] };
  features.forEach((feature, i) => {
    const row: Row = {};
    for (const [key, value] of Object.entries(feature.properties ?? {})) row[key.toLowerCase()] = clean(value);
    const { points, parts } = positions(feature.geometry);
    table.rows.push(row);
    table.shapes.push(points);
    if (parts > 1) table.multipart.push(i);
  });
  return table;
}

/** Reads the attributes of a lone .dbf, for a table delivered without CSV nor geometry. */
export async function readDbf(dbf: Uint8Array, encoding: string, file: string): Promise<Row[]> {
  try {
    const source = await (await shapefileModule()).openDbf(dbf, { encoding });
    const rows: Row[] = [];
    for (let r = await source.read(); !r.done; r = await source.read()) {
      const row: Row = {};
      for (const [key, value] of Object.entries(r.value as Record<string, unknown>)) row[key.toLowerCase()] = clean(value);
      rows.push(row);
    }
    return rows;
  } catch (error) {
    throw importError(`${file}: not a readable dBase file: ${(error as Error).message}`);
  }
}

/**
 * The positions of a GeoJSON geometry as the importer keeps them (a shapefile's, or a
 * GeoPackage's): a point gives one, a line its vertices, a multi-part line its parts joined end
 * to end (`parts` > 1); a polygon or an empty geometry gives none.
 */
export function positions(geometry: Geometry | null): { points: XY[] | null; parts: number } {
  if (!geometry) return { points: null, parts: 0 };
  const xy = (p: number[]): XY => [p[0], p[1]];
  switch (geometry.type) {
    case 'Point':
      return { points: [xy(geometry.coordinates)], parts: 1 };
    case 'MultiPoint':
      return { points: geometry.coordinates.slice(0, 1).map(xy), parts: geometry.coordinates.length };
    case 'LineString':
      return { points: geometry.coordinates.map(xy), parts: 1 };
    case 'MultiLineString':
      return { points: geometry.coordinates.flat().map(xy), parts: geometry.coordinates.length };
    default:
      return { points: null, parts: 0 };
  }
}

/**
 * Parses a WKT or EWKT POINT, LINESTRING or MULTILINESTRING (with or without an `SRID=…;`
 * prefix, any case; Z and M ordinates dropped, with or without the Z keyword) with `wkx`: the
 * geometry column of a table delivered as CSV. Returns null points for an empty, unreadable
 * or other geometry.
 *
 * @example
 * parseWkt('LINESTRING (667464.18 6677752.45, 667499.43 6677742.29)');
 * // { points: [[667464.18, 6677752.45], [667499.43, 6677742.29]], parts: 1 }
 */
export function parseWkt(text: string | null): { points: XY[] | null; parts: number } {
  const none = { points: null, parts: 0 };
  if (!text) return none;
  // wkx reads upper-case keywords and spaces only.
  const wkt = text.trim().replace(/\s+/g, ' ').toUpperCase();
  // Old OGC WKT writes 3D coordinates without the Z keyword: `POINT (1 2 3)`.
  const geometry = readWkt(wkt) ?? readWkt(withDimension(wkt, 'Z')) ?? readWkt(withDimension(wkt, 'ZM'));
  const lines = geometry && wktLines(geometry);
  if (!lines) return none;
  const points = lines.flat().map((p): XY => [p.x, p.y]);
  if (points.length === 0 || points.some((p) => !Number.isFinite(p[0]) || !Number.isFinite(p[1]))) return none;
  return { points, parts: lines.length };
}

function readWkt(wkt: string): wkx.Geometry | null {
  try {
    return wkx.Geometry.parse(wkt);
  } catch {
    return null;
  }
}

const withDimension = (wkt: string, dimension: string) => wkt.replace(/^((?:SRID=\d+;)? ?[A-Z]+) ?\(/, `$1 ${dimension} (`);

function wktLines(geometry: wkx.Geometry): wkx.Point[][] | null {
  if (geometry instanceof wkx.Point) return [[geometry]];
  if (geometry instanceof wkx.LineString) return [geometry.points];
  if (geometry instanceof wkx.MultiLineString) return geometry.lineStrings.map((line) => line.points);
  return null;
}
