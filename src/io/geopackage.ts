import { closeSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import { InvalidOptionError, TopologyError } from '../model/errors.js';
import { isSqliteHeader } from './file-signature.js';
import { decodeGeometry, encodeGeometry, GeometryBlobError } from './geopackage-binary.js';

/**
 * GeoPackage (OGC 12-128r18, versions 1.0 to 1.4) reading and writing with better-sqlite3:
 * the feature and attribute tables that `gpkg_contents` lists, their rows as text, their
 * geometries as GeoJSON, their CRS. Pure I/O: nothing here knows GraceTHD.
 *
 * A GeoPackage is an SQLite 3 file with `gpkg_spatial_ref_sys` (the CRSs), `gpkg_contents`
 * (the tables and their kind: `features`, `attributes`, `tiles`…), `gpkg_geometry_columns`
 * (each feature table's geometry column, type and srs_id); geometries are blobs of a `GP`
 * header followed by WKB (`geopackage-binary.ts`).
 */

/** The media type of a GeoPackage (IANA). */
export const GEOPACKAGE_MEDIA_TYPE = 'application/geopackage+sqlite3';

export { isSqliteFile, isSqliteHeader } from './file-signature.js';

/** A GeoPackage: its path, or its bytes (an upload). */
export type GeoPackageSource = string | Uint8Array;

/** The CRS of a table, from `gpkg_spatial_ref_sys`. */
export interface GeoPackageCrs {
  srsId: number;
  /** `organization:organization_coordsys_id`, upper-case organisation: `EPSG:2154`. `null` for the undefined CRSs (srs_id -1 and 0, organisation NONE). */
  code: string | null;
  name: string;
  /** The WKT definition (`undefined` as the spec writes it for the undefined CRSs). */
  definition: string;
}

/** A column of a table as `PRAGMA table_info` declares it. */
export interface GeoPackageColumn {
  name: string;
  /** The declared type: `TEXT`, `TEXT(254)`, `INTEGER`, `REAL`, `DATE`… (upper-case). */
  type: string;
}

/** A row's attributes: every column but the integer primary key and the geometry column. */
export type GeoPackageRow = Record<string, string | null>;

export interface GeoPackageTable {
  /** The name in `gpkg_contents.table_name`, as written (case kept). */
  name: string;
  dataType: 'features' | 'attributes';
  /** The attribute columns, in table order (the primary key and geometry column left out). */
  columns: GeoPackageColumn[];
  /**
   * The rows in primary-key order. Values are text: TEXT as stored, INTEGER in full (64-bit
   * exact), REAL as JavaScript writes it (`12.5`), BLOB as lower-case hexadecimal, NULL as null.
   */
  rows: GeoPackageRow[];
  /** Feature tables: the geometry column (`gpkg_geometry_columns`). */
  geometryColumn?: { name: string; type: string; z: number; m: number };
  /** Feature tables: `geometries[i]` is row i's geometry, null when NULL or empty. */
  geometries?: Array<Geometry | null>;
  /** The table's CRS (feature tables; attribute tables may name one in gpkg_contents). */
  crs: GeoPackageCrs | null;
}

/** Bounds on reading a GeoPackage, so that a hostile or broken file fails fast. */
export interface GeoPackageLimits {
  /** Most tables `gpkg_contents` may list (read or not). Default 10 000. */
  maxTables: number;
  /** Most rows read from one table. Default 10 000 000. */
  maxRows: number;
  /** Most bytes of values (text, blobs, 8 per number) read from one table. Default 512 MiB. */
  maxTableBytes: number;
  /** Most bytes of values read from all tables. Default 1 GiB. */
  maxTotalBytes: number;
  /** Most bytes of values of one row. Default 16 MiB. */
  maxRowBytes: number;
}

const MIB = 1024 * 1024;
export const DEFAULT_GEOPACKAGE_LIMITS: Readonly<GeoPackageLimits> = Object.freeze({
  maxTables: 10_000,
  maxRows: 10_000_000,
  maxTableBytes: 512 * MIB,
  maxTotalBytes: 1024 * MIB,
  maxRowBytes: 16 * MIB,
});

export interface ReadGeoPackageOptions {
  /** Which tables to read, by their name in gpkg_contents; default all. The others are listed, not read. */
  tables?: (name: string) => boolean;
  /** Bounds (see `GeoPackageLimits`); the defaults for those left out. */
  limits?: Partial<GeoPackageLimits>;
  /** Called between tables and every 1 000 rows with what is being read; throws to stop (a deadline). */
  check?: (where: string) => void;
  /** The name of the source in messages; default the file's name, or `the GeoPackage` for bytes. */
  label?: string;
  /** The key of each column in the rows (e.g. lower case); default its name. Each row is built once, with these keys. */
  columnKey?: (name: string) => string;
  /** Each value as the rows hold it (e.g. trimmed); default the text of the value. */
  value?: (text: string | null) => string | null;
}

/**
 * Problem codes: `invalid-geopackage` (not SQLite, no gpkg_contents, a table it lists is
 * missing, a corrupt page, a bad geometry blob: `path` the table, `id` the row), `not-found`,
 * and for the bounds `too-many-entries` (maxTables) and `too-large` (the others; `id` names
 * the bound).
 */
function geopackageError(message: string, code = 'invalid-geopackage', where: { path?: string; id?: string } = {}): TopologyError {
  return new TopologyError(message, [{ path: where.path ?? '$', ...(where.id !== undefined && { id: where.id }), code, message }]);
}

/**
 * Reads the feature and attribute tables of a GeoPackage (tile tables and others are left
 * out), opened read-only, under `options.limits`.
 *
 * @throws TopologyError `invalid-geopackage` (with the table and row concerned), `not-found`,
 * `too-many-entries` or `too-large`; never a raw SQLite error.
 * @example
 * const tables = readGeoPackage('livraison.gpkg', { tables: (name) => name.startsWith('t_') });
 * tables.get('t_noeud')?.crs?.code; // 'EPSG:2154'
 */
export function readGeoPackage(source: GeoPackageSource, options: ReadGeoPackageOptions = {}): Map<string, GeoPackageTable> {
  const label = options.label ?? (typeof source === 'string' ? basename(source) : 'the GeoPackage');
  const limits = { ...DEFAULT_GEOPACKAGE_LIMITS, ...definedOnly(options.limits ?? {}) };
  const db = openReadOnly(source, label);
  try {
    return readTables(db, label, limits, options);
  } catch (error) {
    if (error instanceof TopologyError) throw error;
    throw geopackageError(`${label}: not a readable GeoPackage: ${(error as Error).message}`);
  } finally {
    db.close();
  }
}

const definedOnly = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

function openReadOnly(source: GeoPackageSource, label: string): Database.Database {
  const head = typeof source === 'string' ? firstBytes(source, label) : source.subarray(0, 100);
  if (!isSqliteHeader(head)) {
    throw geopackageError(`${label}: not a GeoPackage: not an SQLite 3 file (it does not start with "SQLite format 3")`);
  }
  try {
    if (typeof source === 'string') return new Database(source, { readonly: true, fileMustExist: true });
    // A database in WAL mode (header bytes 18-19 = 2) cannot be opened from memory: read it as a rollback-journal one.
    const bytes = Buffer.from(source);
    if (bytes.length > 19 && (bytes[18] === 2 || bytes[19] === 2)) bytes[18] = bytes[19] = 1;
    return new Database(bytes, { readonly: true });
  } catch (error) {
    throw geopackageError(`${label}: not a readable GeoPackage: ${(error as Error).message}`);
  }
}

function firstBytes(path: string, label: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw geopackageError(`${label}: no such file`, 'not-found');
  }
  try {
    const head = new Uint8Array(100);
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  } finally {
    closeSync(fd);
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface ContentsRow {
  table_name: string;
  data_type: string;
  srs_id: number | null;
}

function readTables(db: Database.Database, label: string, limits: GeoPackageLimits, options: ReadGeoPackageOptions): Map<string, GeoPackageTable> {
  // Views and triggers of the file run with the restrictions of untrusted schemas, and nothing is written.
  db.pragma('trusted_schema = OFF');
  db.pragma('query_only = ON');
  const schema = new Map<string, string>();
  for (const row of sqlite(label, '$', () => db.prepare("SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')").all() as Array<{ name: string; type: string }>)) {
    schema.set(row.name.toLowerCase(), row.type);
  }
  if (!schema.has('gpkg_contents')) throw geopackageError(`${label}: not a GeoPackage: an SQLite file without a gpkg_contents table`);
  const count = sqlite(label, 'gpkg_contents', () => (db.prepare('SELECT count(*) AS n FROM gpkg_contents').get() as { n: number }).n);
  if (count > limits.maxTables) {
    throw geopackageError(`${label}: gpkg_contents lists ${count} tables, over the bound of ${limits.maxTables} (maxTables)`, 'too-many-entries', { id: 'maxTables' });
  }
  const contents = sqlite(label, 'gpkg_contents', () => db.prepare('SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY table_name').all() as ContentsRow[]);
  const geometryColumns = new Map<string, { column_name: string; geometry_type_name: string; srs_id: number; z: number; m: number }>();
  if (schema.has('gpkg_geometry_columns')) {
    const rows = sqlite(label, 'gpkg_geometry_columns', () => db.prepare('SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns').all());
    for (const row of rows as Array<{ table_name: string; column_name: string; geometry_type_name: string; srs_id: number; z: number; m: number }>) {
      geometryColumns.set(row.table_name.toLowerCase(), row);
    }
  }
  const crsOf = crsReader(db, label, schema.has('gpkg_spatial_ref_sys'));
  const tables = new Map<string, GeoPackageTable>();
  const total = { bytes: 0 };
  for (const entry of contents) {
    if (entry.data_type !== 'features' && entry.data_type !== 'attributes') continue;
    if (options.tables && !options.tables(entry.table_name)) continue;
    options.check?.(entry.table_name);
    const type = schema.get(entry.table_name.toLowerCase());
    if (type === undefined) throw geopackageError(`${label}: gpkg_contents lists ${entry.table_name}, which the file does not hold`, 'invalid-geopackage', { path: entry.table_name });
    if (type !== 'table') throw geopackageError(`${label}: ${entry.table_name} is a view: only tables are read`, 'invalid-geopackage', { path: entry.table_name });
    const geometry = entry.data_type === 'features' ? geometryColumns.get(entry.table_name.toLowerCase()) : undefined;
    if (entry.data_type === 'features' && !geometry) {
      throw geopackageError(`${label}: feature table ${entry.table_name} has no row in gpkg_geometry_columns`, 'invalid-geopackage', { path: entry.table_name });
    }
    const srsId = geometry?.srs_id ?? entry.srs_id;
    tables.set(entry.table_name, readTable(db, label, entry, geometry, srsId === null ? null : crsOf(srsId, entry.table_name), limits, total, options));
  }
  return tables;
}

/** Runs an SQLite call, turning its errors (a corrupt page, a file that is no database) into `invalid-geopackage`. */
function sqlite<T>(label: string, path: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw sqliteError(label, path, error);
  }
}

/** An SQLite error as `invalid-geopackage` naming where it was met; its text only adds a hint for a damaged file. */
function sqliteError(label: string, path: string, error: unknown, id?: string): TopologyError {
  if (error instanceof TopologyError) return error;
  const at = id ? `${path}, ${id}` : path === '$' ? 'its schema' : path;
  const reason = (error as Error).message;
  const hint = /malformed|not a database/i.test(reason) ? ' (the file is truncated or damaged)' : '';
  return geopackageError(`${label}: not a readable GeoPackage (${at}): ${reason}${hint}`, 'invalid-geopackage', { path, ...(id && { id }) });
}

function crsReader(db: Database.Database, label: string, present: boolean): (srsId: number, table: string) => GeoPackageCrs {
  const cache = new Map<number, GeoPackageCrs>();
  return (srsId, table) => {
    const known = cache.get(srsId);
    if (known) return known;
    const row = present
      ? (sqlite(label, 'gpkg_spatial_ref_sys', () => db.prepare('SELECT srs_name, organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(srsId)) as
          | { srs_name: string; organization: string; organization_coordsys_id: number; definition: string }
          | undefined)
      : undefined;
    if (!row) throw geopackageError(`${label}: ${table} names srs_id ${srsId}, which gpkg_spatial_ref_sys does not define`, 'invalid-geopackage', { path: table });
    const organization = String(row.organization).toUpperCase();
    const crs: GeoPackageCrs = {
      srsId,
      code: organization === 'NONE' || srsId === -1 || srsId === 0 ? null : `${organization}:${row.organization_coordsys_id}`,
      name: String(row.srs_name),
      definition: String(row.definition),
    };
    cache.set(srsId, crs);
    return crs;
  };
}

function readTable(
  db: Database.Database,
  label: string,
  entry: ContentsRow,
  geometry: { column_name: string; geometry_type_name: string; z: number; m: number } | undefined,
  crs: GeoPackageCrs | null,
  limits: GeoPackageLimits,
  total: { bytes: number },
  { check, columnKey, value: cellValue }: ReadGeoPackageOptions,
): GeoPackageTable {
  const name = entry.table_name;
  const info = sqlite(label, name, () => db.prepare(`PRAGMA table_info(${quote(name)})`).all() as Array<{ name: string; type: string; pk: number }>);
  const primary = info.filter((c) => c.pk > 0);
  const rowid = primary.length === 1 && primary[0].type.toUpperCase() === 'INTEGER' ? primary[0].name : undefined;
  const geometryName = geometry?.column_name.toLowerCase();
  if (geometry && !info.some((c) => c.name.toLowerCase() === geometryName)) {
    throw geopackageError(`${label}: ${name} has no column ${geometry.column_name}, its geometry column in gpkg_geometry_columns`, 'invalid-geopackage', { path: name });
  }
  const columns = info.filter((c) => c.name !== rowid && c.name.toLowerCase() !== geometryName).map((c) => ({ name: c.name, type: c.type.toUpperCase() }));
  const geometryColumn = info.find((c) => c.name.toLowerCase() === geometryName)?.name;
  const selected = [...(rowid ? [rowid] : []), ...(geometryColumn ? [geometryColumn] : []), ...columns.map((c) => c.name)];
  const sql = `SELECT ${selected.map(quote).join(', ')} FROM ${quote(name)}${rowid ? ` ORDER BY ${quote(rowid)}` : ''}`;
  const table: GeoPackageTable = {
    name,
    dataType: entry.data_type as 'features' | 'attributes',
    columns,
    rows: [],
    ...(geometry && {
      geometryColumn: { name: geometry.column_name, type: String(geometry.geometry_type_name).toUpperCase(), z: geometry.z, m: geometry.m },
      geometries: [],
    }),
    crs,
  };
  const first = (rowid ? 1 : 0) + (geometryColumn ? 1 : 0);
  const keys = columns.map((c) => (columnKey ? columnKey(c.name) : c.name));
  let tableBytes = 0;
  let index = 0;
  const rowLabel = (values: unknown[] | undefined) => (rowid && values ? `${rowid} ${String(values[0])}` : `row ${index + 1}`);
  const statement = sqlite(label, name, () => db.prepare(sql).raw(true).safeIntegers(true));
  const iterator = statement.iterate() as IterableIterator<unknown[]>;
  // The statement is ended however reading stops, so that the connection can close.
  try {
    for (;;) {
      let next: IteratorResult<unknown[]>;
      try {
        next = iterator.next();
      } catch (error) {
        throw sqliteError(label, name, error, `after ${rowLabel(undefined)}`);
      }
      if (next.done) break;
      const values = next.value;
      if (index >= limits.maxRows) {
        throw geopackageError(`${label}: ${name} holds over ${limits.maxRows} rows (maxRows)`, 'too-large', { path: name, id: 'maxRows' });
      }
      if (index % 1000 === 0) check?.(name);
      const row: GeoPackageRow = {};
      let rowBytes = 0;
      for (let i = 0; i < keys.length; i++) {
        const value = values[first + i];
        rowBytes += sizeOf(value);
        row[keys[i]] = cellValue ? cellValue(text(value)) : text(value);
      }
      if (geometryColumn) {
        const blob = values[rowid ? 1 : 0];
        rowBytes += sizeOf(blob);
        table.geometries!.push(geometryOf(blob, label, name, rowLabel(values)));
      }
      tableBytes += rowBytes;
      total.bytes += rowBytes;
      const bound = rowBytes > limits.maxRowBytes ? 'maxRowBytes' : tableBytes > limits.maxTableBytes ? 'maxTableBytes' : total.bytes > limits.maxTotalBytes ? 'maxTotalBytes' : undefined;
      if (bound) {
        const what = bound === 'maxRowBytes' ? `${rowLabel(values)} of ${name} holds` : bound === 'maxTableBytes' ? `${name} holds` : `the tables read hold`;
        throw geopackageError(`${label}: ${what} over ${limits[bound]} bytes of values (${bound}), passed at ${name}`, 'too-large', { path: name, id: bound });
      }
      table.rows.push(row);
      index++;
    }
  } finally {
    iterator.return?.();
  }
  return table;
}

function sizeOf(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (value instanceof Uint8Array) return value.length;
  return value === null || value === undefined ? 0 : 8;
}

function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return String(value);
}

function geometryOf(value: unknown, label: string, table: string, row: string): Geometry | null {
  if (value === null || value === undefined) return null;
  if (!(value instanceof Uint8Array)) {
    throw geopackageError(`${label}: ${table}, ${row}: the geometry is a ${typeof value === 'bigint' ? 'number' : typeof value}, not a GeoPackage geometry blob`, 'invalid-geopackage', { path: table, id: row });
  }
  try {
    return decodeGeometry(value);
  } catch (error) {
    if (!(error instanceof GeometryBlobError)) throw error;
    throw geopackageError(`${label}: ${table}, ${row}: corrupt geometry blob: ${error.reason}`, 'invalid-geopackage', { path: table, id: row });
  }
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Field types a layer may declare (GeoPackage §1.1.1.1.1 data types). */
export type GeoPackageFieldType = 'TEXT' | 'INTEGER' | 'REAL' | 'BOOLEAN' | 'DATE' | 'DATETIME' | 'BLOB';

/** Geometry types a feature layer may declare (GeoPackage core). `GEOMETRY` takes any. */
export type GeoPackageGeometryType = 'POINT' | 'LINESTRING' | 'POLYGON' | 'MULTIPOINT' | 'MULTILINESTRING' | 'MULTIPOLYGON' | 'GEOMETRYCOLLECTION' | 'GEOMETRY';

/** A value to write: text, a number, a 64-bit integer, a boolean (stored 1/0), bytes, or null. */
export type GeoPackageValue = string | number | bigint | boolean | Uint8Array | null;

export interface GeoPackageField {
  /** A column name, unique in the layer (case-insensitively), not the primary key nor the geometry column. */
  name: string;
  type: GeoPackageFieldType;
}

export interface GeoPackageFeature {
  /** Values by field name; a field left out is NULL. */
  properties: Record<string, GeoPackageValue | undefined>;
  /** A GeoJSON geometry in the layer's CRS (2D: further ordinates are dropped); null or absent for none. */
  geometry?: Geometry | null;
}

export interface GeoPackageLayer {
  /** The table name: letters, digits and `_`, starting with a letter, not `gpkg_…` nor `rtree_…`. */
  name: string;
  /** Its `gpkg_contents.description`. */
  description?: string;
  /** The geometry type of a feature layer; leave it out for an attribute table (no geometry). */
  geometryType?: GeoPackageGeometryType;
  /** The geometry column of a feature layer. Default `geom`. */
  geometryColumn?: string;
  /** The EPSG code of the layer's CRS: 2154 (RGF93 / Lambert-93, the default) or 4326 (WGS 84). */
  srs?: 2154 | 4326;
  fields: readonly GeoPackageField[];
  features: readonly GeoPackageFeature[];
}

export interface WriteGeoPackageOptions {
  /** Whether feature layers get an R-tree spatial index (extension `gpkg_rtree_index`). Default true. */
  spatialIndex?: boolean;
}

const WKT_2154 =
  'PROJCS["RGF93 v1 / Lambert-93",GEOGCS["RGF93 v1",DATUM["Reseau_Geodesique_Francais_1993_v1",SPHEROID["GRS 1980",6378137,298.257222101,AUTHORITY["EPSG","7019"]],AUTHORITY["EPSG","6171"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4171"]],PROJECTION["Lambert_Conformal_Conic_2SP"],' +
  'PARAMETER["latitude_of_origin",46.5],PARAMETER["central_meridian",3],PARAMETER["standard_parallel_1",49],PARAMETER["standard_parallel_2",44],PARAMETER["false_easting",700000],' +
  'PARAMETER["false_northing",6600000],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH],AUTHORITY["EPSG","2154"]]';
const WKT_4326 =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],' +
  'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

/** The CRSs the spec requires (4326, -1, 0) and Lambert-93. */
const SPATIAL_REF_SYS: ReadonlyArray<[string, number, string, number, string, string]> = [
  ['WGS 84 geodetic', 4326, 'EPSG', 4326, WKT_4326, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid'],
  ['Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system'],
  ['Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system'],
  ['RGF93 v1 / Lambert-93', 2154, 'EPSG', 2154, WKT_2154, 'RGF93 v1 / Lambert-93 (France), metres'],
];

/** The GeoJSON types each declared geometry type takes. */
const ACCEPTS: Record<GeoPackageGeometryType, readonly string[] | null> = {
  POINT: ['Point'],
  LINESTRING: ['LineString'],
  POLYGON: ['Polygon'],
  MULTIPOINT: ['MultiPoint'],
  MULTILINESTRING: ['MultiLineString'],
  MULTIPOLYGON: ['MultiPolygon'],
  GEOMETRYCOLLECTION: ['GeometryCollection'],
  GEOMETRY: null,
};
const FIELD_TYPES = new Set<string>(['TEXT', 'INTEGER', 'REAL', 'BOOLEAN', 'DATE', 'DATETIME', 'BLOB']);
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** 'GPKG' (GeoPackage 1.2 and later) and version 1.3.0. */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10300;

/**
 * Writes `layers` as a new GeoPackage 1.3 at `file` (replacing a file there; written to a
 * temporary file beside it, then renamed): `gpkg_spatial_ref_sys` (EPSG:4326, the undefined
 * CRSs, EPSG:2154), `gpkg_contents` with each layer's extent, `gpkg_geometry_columns`, one table
 * per layer (`fid INTEGER PRIMARY KEY AUTOINCREMENT`, the geometry column, the fields in
 * order) and, unless `options.spatialIndex` is false, an R-tree index per feature layer with
 * the triggers of the `gpkg_rtree_index` extension. GDAL, QGIS and `readGeoPackage` read it.
 *
 * @throws InvalidOptionError for a layer name, field, type or geometry that the layer cannot
 * hold (naming the layer and the feature).
 * @example
 * writeGeoPackage('sections.gpkg', [{
 *   name: 'sections', geometryType: 'LINESTRING', fields: [{ name: 'id', type: 'TEXT' }, { name: 'length_m', type: 'REAL' }],
 *   features: [{ properties: { id: 'S1', length_m: 120.5 }, geometry: { type: 'LineString', coordinates: [[652000, 6862000], [652100, 6862050]] } }],
 * }]);
 */
export function writeGeoPackage(file: string, layers: readonly GeoPackageLayer[], options: WriteGeoPackageOptions = {}): void {
  checkLayers(layers);
  const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
  const db = new Database(temporary);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${USER_VERSION}`);
    db.transaction(() => {
      createCoreTables(db);
      for (const layer of layers) writeLayer(db, layer, options.spatialIndex ?? true);
    })();
    db.close();
    renameSync(temporary, file);
  } catch (error) {
    if (db.open) db.close();
    rmSync(temporary, { force: true });
    throw error;
  }
}

function checkLayers(layers: readonly GeoPackageLayer[]): void {
  const names = new Set<string>();
  for (const layer of layers) {
    const at = `layers[${layer.name}]`;
    if (!NAME.test(layer.name) || /^(gpkg|rtree|sqlite)_/i.test(layer.name)) {
      throw new InvalidOptionError('layers', `${at}: a layer name is letters, digits and _, starting with a letter, and not gpkg_, rtree_ nor sqlite_…`);
    }
    if (names.has(layer.name.toLowerCase())) throw new InvalidOptionError('layers', `${at}: two layers have this name`);
    names.add(layer.name.toLowerCase());
    if (layer.srs !== undefined && layer.srs !== 2154 && layer.srs !== 4326) throw new InvalidOptionError('layers', `${at}: srs ${layer.srs}: only 2154 and 4326 are written`);
    if (layer.geometryType !== undefined && !(layer.geometryType in ACCEPTS)) throw new InvalidOptionError('layers', `${at}: geometry type ${layer.geometryType} is not one of ${Object.keys(ACCEPTS).join(', ')}`);
    const taken = new Set(['fid', ...(layer.geometryType ? [(layer.geometryColumn ?? 'geom').toLowerCase()] : [])]);
    if (layer.geometryColumn !== undefined && !NAME.test(layer.geometryColumn)) throw new InvalidOptionError('layers', `${at}: geometry column ${layer.geometryColumn}: letters, digits and _`);
    for (const field of layer.fields) {
      if (!NAME.test(field.name)) throw new InvalidOptionError('layers', `${at}: field ${field.name}: a field name is letters, digits and _, starting with a letter`);
      if (taken.has(field.name.toLowerCase())) throw new InvalidOptionError('layers', `${at}: field ${field.name} is used twice (fid and the geometry column included)`);
      if (!FIELD_TYPES.has(field.type)) throw new InvalidOptionError('layers', `${at}: field ${field.name}: type ${field.type} is not one of ${[...FIELD_TYPES].join(', ')}`);
      taken.add(field.name.toLowerCase());
    }
  }
}

function createCoreTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
      z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL,
      max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL, CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, matrix_width INTEGER NOT NULL, matrix_height INTEGER NOT NULL,
      tile_width INTEGER NOT NULL, tile_height INTEGER NOT NULL, pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL,
      CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level), CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
    CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
      CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
  `);
  const insert = db.prepare('INSERT INTO gpkg_spatial_ref_sys (srs_name, srs_id, organization, organization_coordsys_id, definition, description) VALUES (?, ?, ?, ?, ?, ?)');
  for (const row of SPATIAL_REF_SYS) insert.run(...row);
}

function writeLayer(db: Database.Database, layer: GeoPackageLayer, spatialIndex: boolean): void {
  const srs = layer.srs ?? 2154;
  const geom = layer.geometryType ? (layer.geometryColumn ?? 'geom') : undefined;
  const columns = [
    '"fid" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL',
    ...(geom ? [`${quote(geom)} ${layer.geometryType}`] : []),
    ...layer.fields.map((f) => `${quote(f.name)} ${f.type}`),
  ];
  db.exec(`CREATE TABLE ${quote(layer.name)} (${columns.join(', ')})`);
  const names = [...(geom ? [geom] : []), ...layer.fields.map((f) => f.name)];
  const insert = db.prepare(`INSERT INTO ${quote(layer.name)} (${names.map(quote).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
  const accepts = layer.geometryType ? ACCEPTS[layer.geometryType] : null;
  const extent: [number, number, number, number] = [Infinity, -Infinity, Infinity, -Infinity];
  const envelopes: Array<[number, number, number, number] | null> = [];
  layer.features.forEach((feature, i) => {
    let blob: Uint8Array | null = null;
    let envelope: [number, number, number, number] | null = null;
    if (feature.geometry) {
      if (!geom) throw new InvalidOptionError('layers', `layers[${layer.name}].features[${i}]: a geometry in an attribute table (no geometryType)`);
      if (accepts && !accepts.includes(feature.geometry.type)) {
        throw new InvalidOptionError('layers', `layers[${layer.name}].features[${i}]: a ${feature.geometry.type} in a ${layer.geometryType} layer`);
      }
      ({ blob, envelope } = encodeGeometry(feature.geometry, srs));
      extent[0] = Math.min(extent[0], envelope[0]);
      extent[1] = Math.max(extent[1], envelope[1]);
      extent[2] = Math.min(extent[2], envelope[2]);
      extent[3] = Math.max(extent[3], envelope[3]);
    }
    envelopes.push(envelope);
    const values = layer.fields.map((f) => sqlValue(feature.properties[f.name], layer.name, i, f.name));
    insert.run(...(geom ? [blob] : []), ...values);
  });
  const hasExtent = Number.isFinite(extent[0]);
  db.prepare('INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    layer.name,
    geom ? 'features' : 'attributes',
    layer.name,
    layer.description ?? '',
    ...(hasExtent ? [extent[0], extent[2], extent[1], extent[3]] : [null, null, null, null]),
    geom ? srs : null,
  );
  if (!geom) return;
  db.prepare('INSERT INTO gpkg_geometry_columns (table_name, column_name, geometry_type_name, srs_id, z, m) VALUES (?, ?, ?, ?, 0, 0)').run(layer.name, geom, layer.geometryType, srs);
  if (spatialIndex) writeSpatialIndex(db, layer.name, geom, envelopes);
}

function sqlValue(value: GeoPackageValue | undefined, layer: string, index: number, field: string): string | number | bigint | Buffer | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Uint8Array) return Buffer.from(value);
  if (typeof value === 'number' && !Number.isFinite(value)) throw new InvalidOptionError('layers', `layers[${layer}].features[${index}].${field}: ${value} is not a finite number`);
  return value;
}

/** The R-tree of the `gpkg_rtree_index` extension (GeoPackage 1.2/1.3 triggers), filled from the envelopes computed while writing. */
function writeSpatialIndex(db: Database.Database, table: string, column: string, envelopes: ReadonlyArray<[number, number, number, number] | null>): void {
  const rtree = `rtree_${table}_${column}`;
  const [t, c, r] = [quote(table), quote(column), quote(rtree)];
  db.exec(`CREATE VIRTUAL TABLE ${r} USING rtree(id, minx, maxx, miny, maxy)`);
  const insert = db.prepare(`INSERT INTO ${r} VALUES (?, ?, ?, ?, ?)`);
  envelopes.forEach((envelope, i) => {
    if (envelope) insert.run(i + 1, ...envelope);
  });
  const bounds = `NEW."fid", ST_MinX(NEW.${c}), ST_MaxX(NEW.${c}), ST_MinY(NEW.${c}), ST_MaxY(NEW.${c})`;
  db.exec(`
    CREATE TRIGGER ${quote(`${rtree}_insert`)} AFTER INSERT ON ${t} WHEN (NEW.${c} NOT NULL AND NOT ST_IsEmpty(NEW.${c}))
      BEGIN INSERT OR REPLACE INTO ${r} VALUES (${bounds}); END;
    CREATE TRIGGER ${quote(`${rtree}_update1`)} AFTER UPDATE OF ${c} ON ${t} WHEN OLD."fid" = NEW."fid" AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
      BEGIN INSERT OR REPLACE INTO ${r} VALUES (${bounds}); END;
    CREATE TRIGGER ${quote(`${rtree}_update2`)} AFTER UPDATE OF ${c} ON ${t} WHEN OLD."fid" = NEW."fid" AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
      BEGIN DELETE FROM ${r} WHERE id = OLD."fid"; END;
    CREATE TRIGGER ${quote(`${rtree}_update3`)} AFTER UPDATE ON ${t} WHEN OLD."fid" != NEW."fid" AND (NEW.${c} NOTNULL AND NOT ST_IsEmpty(NEW.${c}))
      BEGIN DELETE FROM ${r} WHERE id = OLD."fid"; INSERT OR REPLACE INTO ${r} VALUES (${bounds}); END;
    CREATE TRIGGER ${quote(`${rtree}_update4`)} AFTER UPDATE ON ${t} WHEN OLD."fid" != NEW."fid" AND (NEW.${c} ISNULL OR ST_IsEmpty(NEW.${c}))
      BEGIN DELETE FROM ${r} WHERE id IN (OLD."fid", NEW."fid"); END;
    CREATE TRIGGER ${quote(`${rtree}_delete`)} AFTER DELETE ON ${t} WHEN OLD.${c} NOT NULL
      BEGIN DELETE FROM ${r} WHERE id = OLD."fid"; END;
  `);
  db.prepare("INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')").run(table, column);
}
