import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type GeoPackageLimits, type GeoPackageSource, type GeoPackageTable, readGeoPackage } from '../../io/geopackage.js';
import { TopologyError } from '../../model/errors.js';
import type { FindingCollector } from './quality-report.js';
import { ByteBudget, Deadline, DEFAULT_READ_LIMITS, isTextFile, LineGuard, limitError, type ReadLimits, readLimits } from './read-limits.js';
import { readDbf, readShapefile, parseWkt, positions } from './read-shapes.js';
import { clean, DEFAULT_ENCODING, decodeText, encodingFromCpg, parseCsv, sniffCsvEncoding } from './read-tables.js';
import { readZip } from './read-zip.js';
import { importError, type Row, type Table, type Tables, type XY } from './tables.js';
import { MAPPINGS, mappingTables } from './versions/index.js';

/** Files of a delivery by path relative to its folder (or inside its zip). */
export type DeliveryFiles = Map<string, Uint8Array>;

const EXTENSIONS = ['csv', 'shp', 'dbf', 'cpg', 'prj'];
/**
 * Every table any version's mapping reads, and the tables that mark a version (see
 * `detect-version.ts`); every other file of a delivery is ignored.
 */
export const KNOWN_TABLES: readonly string[] = [
  ...new Set(Object.values(MAPPINGS).flatMap((m) => [...mappingTables(m), ...m.markerTables])),
];
const WANTED = new Set(KNOWN_TABLES.flatMap((t) => EXTENSIONS.map((e) => `${t}.${e}`)));
/** Names of a geometry column in a table delivered as CSV (WKT, Lambert-93): the mappings' first. */
const WKT_FIELDS = [...new Set([...Object.values(MAPPINGS).flatMap((m) => m.geometryColumns), 'geom', 'wkt', 'the_geom', 'geometry'])];

/**
 * Reads every table of `KNOWN_TABLES` that the delivery holds. File names are matched
 * without regard to case or folder, so a delivery may be flat or split in subfolders. Each
 * table is read from its shapefile when there is one (attributes from the .dbf, in the
 * encoding its .cpg names, else CP1252), else from its CSV (UTF-8 when valid, else CP1252;
 * a WKT column `geom` gives its geometry), else from a lone .dbf. Tables the delivery lacks
 * are simply absent: which of them the detected version expects is reported by the importer.
 * Stops with `deadline-exceeded` once `deadline` has passed (checked between tables and rows).
 */
export async function readDelivery(files: DeliveryFiles, findings: FindingCollector, deadline = new Deadline(DEFAULT_READ_LIMITS.deadlineMs)): Promise<Tables> {
  const byName = new Map<string, { path: string; bytes: Uint8Array }>();
  for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const name = path.split(/[\\/]/).pop()!.toLowerCase();
    if (!WANTED.has(name)) continue;
    const previous = byName.get(name);
    if (previous) {
      throw importError(`${name} appears twice (${previous.path}, ${path}): give the files of one delivery`);
    }
    byName.set(name, { path, bytes });
  }
  const tables: Tables = {};
  for (const name of KNOWN_TABLES) {
    if (!EXTENSIONS.some((e) => byName.has(`${name}.${e}`))) continue;
    await deadline.pace(name);
    const table = await readTable(name, byName, findings, deadline);
    if (table) tables[name] = table;
  }
  return tables;
}

async function readTable(
  name: string,
  files: Map<string, { path: string; bytes: Uint8Array }>,
  findings: FindingCollector,
  deadline: Deadline,
): Promise<Table | undefined> {
  const file = (ext: string) => files.get(`${name}.${ext}`)?.bytes;
  const shp = file('shp');
  const dbf = file('dbf');
  const cpg = file('cpg');
  const dbfEncoding = () => {
    const named = cpg && encodingFromCpg(decodeText(cpg, 'ascii'));
    if (!named) {
      const why = cpg ? `its .cpg names "${decodeText(cpg, 'ascii').trim()}", not an encoding this importer knows` : 'no .cpg';
      findings.add('encoding-assumed', 'info', `${name}.dbf`, `text fields decoded as ${DEFAULT_ENCODING}`, { id: `${name}.dbf`, detail: why });
    }
    return named ?? DEFAULT_ENCODING;
  };
  if (shp) {
    if (!dbf) throw importError(`${name}.shp has no ${name}.dbf: its attributes are missing`);
    checkProjection(name, file('prj'), findings);
    const read = await readShapefile(shp, dbf, dbfEncoding(), `${name}.shp`);
    for (const i of read.multipart) {
      findings.add('multipart-geometry', 'warning', `${name}.shp`, 'geometry of several parts, joined end to end', {
        id: rowId(read.rows[i]) ?? `row ${i + 1}`,
        detail: '',
      });
    }
    return { file: `${name}.shp`, rows: read.rows, shapes: read.shapes };
  }
  const csv = file('csv');
  if (csv) {
    const encoding = cpg ? dbfEncoding() : sniffCsvEncoding(csv);
    if (!cpg && encoding !== 'utf-8') {
      findings.add('encoding-assumed', 'info', `${name}.csv`, `not valid UTF-8: decoded as ${encoding}`, { id: `${name}.csv`, detail: '' });
    }
    const rows = parseCsv(decodeText(csv, encoding), `${name}.csv`);
    const wkt = WKT_FIELDS.find((f) => rows.length > 0 && f in rows[0]);
    if (!wkt) return { file: `${name}.csv`, rows };
    const shapes: Array<XY[] | null> = rows.map((row) => {
      deadline.check(`${name}.csv`);
      const { points, parts } = parseWkt(row[wkt]);
      if (parts > 1) {
        findings.add('multipart-geometry', 'warning', `${name}.csv`, 'geometry of several parts, joined end to end', {
          id: rowId(row) ?? '?',
          detail: '',
        });
      }
      return points;
    });
    return { file: `${name}.csv`, rows, shapes };
  }
  if (dbf) return { file: `${name}.dbf`, rows: await readDbf(dbf, dbfEncoding(), `${name}.dbf`) };
  return undefined;
}

/** The first field of a GraceTHD row is its code (nd_code, cm_code…). */
const rowId = (row: Record<string, string | null> | undefined) => (row ? Object.values(row)[0] : null);

function checkProjection(name: string, prj: Uint8Array | undefined, findings: FindingCollector): void {
  const text = prj ? decodeText(prj, 'latin1') : '';
  if (/Lambert[_ -]?93|RGF[_ ]?93|2154/i.test(text)) return;
  findings.add('unexpected-crs', 'warning', `${name}.prj`, 'coordinates taken as Lambert-93 (EPSG:2154), as GraceTHD requires', {
    id: `${name}.prj`,
    detail: prj ? `the .prj does not name Lambert-93: ${text.slice(0, 80)}` : 'no .prj',
  });
}

/**
 * Reads the files of a delivery folder (and its subfolders) that the importer uses, under
 * `limits` (see `ReadLimits`): at most `maxEntries` files in the folder, the table files'
 * sizes (taken before reading them) under `maxEntryBytes` and `maxTotalBytes`, their lines
 * under `maxLineBytes`. I/O only; `readDelivery` does the parsing.
 *
 * @example
 * const files = await readDeliveryFolder('livraison', { maxEntryBytes: 64 * 1024 * 1024 });
 */
export async function readDeliveryFolder(
  dir: string,
  limits: Partial<ReadLimits> = {},
  deadline = new Deadline(readLimits(limits).deadlineMs),
): Promise<DeliveryFiles> {
  const bounds = readLimits(limits);
  const all = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile());
  if (all.length > bounds.maxEntries) {
    throw limitError(`${dir} holds ${all.length} files, over the bound of ${bounds.maxEntries} (maxEntries)`, 'too-many-entries', '$', 'maxEntries');
  }
  const paths = all
    .filter((entry) => WANTED.has(entry.name.toLowerCase()))
    .map((entry) => join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name));
  const sizes = new ByteBudget(bounds);
  for (const path of paths) {
    const { size } = await stat(path);
    sizes.add(relative(dir, path), size, size);
  }
  const budget = new ByteBudget(bounds);
  const files: DeliveryFiles = new Map();
  for (const path of paths) {
    const name = relative(dir, path);
    await deadline.pace(name);
    const bytes = new Uint8Array(await readFile(path));
    checkFile(name, bytes, budget, bounds);
    files.set(name, bytes);
  }
  return files;
}

/**
 * Checks files already in memory (the entry point for an upload unpacked elsewhere) against
 * `limits` as `readDeliveryFolder` does; throws the same typed errors.
 */
export function checkDeliveryFiles(files: DeliveryFiles, limits: Partial<ReadLimits> = {}): void {
  const bounds = readLimits(limits);
  if (files.size > bounds.maxEntries) {
    throw limitError(`the delivery holds ${files.size} files, over the bound of ${bounds.maxEntries} (maxEntries)`, 'too-many-entries', '$', 'maxEntries');
  }
  const budget = new ByteBudget(bounds);
  for (const [path, bytes] of files) if (isWanted(path)) checkFile(path, bytes, budget, bounds);
}

function checkFile(path: string, bytes: Uint8Array, budget: ByteBudget, limits: ReadLimits): void {
  budget.add(path, bytes.length, bytes.length);
  if (isTextFile(path)) new LineGuard(limits.maxLineBytes, path).push(bytes);
}

const isWanted = (path: string) => WANTED.has(path.split(/[\\/]/).pop()!.toLowerCase());

/**
 * The files of a delivery sent as a zip: only the tables the importer uses are inflated, each
 * streamed under `limits` (see `ReadLimits` and `readZip`): a bound on the entries of the
 * archive, on each table's real inflated size and on their total, on the length of a CSV
 * line, and on time. A size that its headers misstate, or a CRC-32 mismatch, is a
 * `corrupt-archive` error; bytes that are no zip at all, `invalid-delivery`.
 *
 * @example
 * const files = await deliveryFilesFromZip(zip, { maxTotalBytes: 256 * 1024 * 1024 });
 */
export async function deliveryFilesFromZip(
  zip: Uint8Array,
  limits: Partial<ReadLimits> = {},
  deadline = new Deadline(readLimits(limits).deadlineMs),
): Promise<DeliveryFiles> {
  return readZip(zip, isWanted, readLimits(limits), deadline, isTextFile);
}

/** The bounds of `ReadLimits` that a GeoPackage's are read under, by the name of the GeoPackage bound. */
const GEOPACKAGE_BOUNDS: Record<keyof GeoPackageLimits, keyof ReadLimits | undefined> = {
  maxTables: 'maxEntries',
  maxTableBytes: 'maxEntryBytes',
  maxTotalBytes: 'maxTotalBytes',
  maxRowBytes: 'maxLineBytes',
  maxRows: undefined,
};

/**
 * Reads the tables of `KNOWN_TABLES` from a GeoPackage (its path or its bytes): a table
 * `t_noeud` of the GeoPackage is the delivery's `t_noeud.shp`/`.csv` (names matched without
 * regard to case; two tables of one name are refused). Attributes are read as from a
 * shapefile (field names lower-cased, values trimmed text, null when empty; GeoPackage text is
 * UTF-8, so no encoding is assumed); a feature table's geometry gives the positions, an
 * attribute table's WKT column `geom` (as in a CSV) too. A feature table whose CRS is not
 * EPSG:2154 is an `unexpected-crs` warning (coordinates taken as Lambert-93, as for a .prj).
 *
 * Bounds: `maxEntries` on the tables gpkg_contents lists, `maxEntryBytes` on the values read
 * from one table, `maxTotalBytes` on all, `maxLineBytes` on one row, `deadlineMs` on time.
 * A file that is not a GeoPackage, or a corrupt page or geometry blob, is an
 * `invalid-geopackage` error naming the table and row.
 *
 * @example
 * const tables = readGeoPackageDelivery('livraison.gpkg', new FindingCollector());
 */
export function readGeoPackageDelivery(
  source: GeoPackageSource,
  findings: FindingCollector,
  limits: Partial<ReadLimits> = {},
  deadline = new Deadline(readLimits(limits).deadlineMs),
): Tables {
  const bounds = readLimits(limits);
  const known = new Set(KNOWN_TABLES);
  let read: Map<string, GeoPackageTable>;
  try {
    read = readGeoPackage(source, {
      tables: (name) => known.has(name.toLowerCase()),
      limits: { maxTables: bounds.maxEntries, maxTableBytes: bounds.maxEntryBytes, maxTotalBytes: bounds.maxTotalBytes, maxRowBytes: bounds.maxLineBytes },
      check: (where) => deadline.check(where),
      columnKey: (name) => name.toLowerCase(),
      value: clean,
    });
  } catch (error) {
    if (!(error instanceof TopologyError)) throw error;
    const [problem] = error.problems;
    const bound = GEOPACKAGE_BOUNDS[problem.id as keyof GeoPackageLimits];
    const code = bound === 'maxLineBytes' ? 'line-too-long' : problem.code;
    throw importError(error.message, code, { path: problem.path, ...((bound ?? problem.id) !== undefined && { id: bound ?? problem.id }) });
  }
  const byName = new Map<string, GeoPackageTable>();
  for (const table of read.values()) {
    const name = table.name.toLowerCase();
    const previous = byName.get(name);
    if (previous) throw importError(`${name} appears twice in the GeoPackage (${previous.name}, ${table.name}): give the tables of one delivery`);
    byName.set(name, table);
  }
  const tables: Tables = {};
  for (const name of KNOWN_TABLES) {
    const table = byName.get(name);
    if (table) tables[name] = geoPackageTable(name, table, findings, deadline);
  }
  return tables;
}

function geoPackageTable(name: string, table: GeoPackageTable, findings: FindingCollector, deadline: Deadline): Table {
  // Read with lower-case keys and cleaned values: the rows are used as they are.
  const rows: Row[] = table.rows;
  const multipart = (i: number) =>
    findings.add('multipart-geometry', 'warning', name, 'geometry of several parts, joined end to end', { id: rowId(rows[i]) ?? `row ${i + 1}`, detail: '' });
  if (table.geometries) {
    const code = table.crs?.code ?? null;
    if (code !== 'EPSG:2154' && !/Lambert[_ -]?93|RGF[_ ]?93/i.test(table.crs?.name ?? '')) {
      findings.add('unexpected-crs', 'warning', name, 'coordinates taken as Lambert-93 (EPSG:2154), as GraceTHD requires', {
        id: name,
        detail: `the GeoPackage gives ${code ?? 'no CRS'}${table.crs ? ` (srs_id ${table.crs.srsId}, ${table.crs.name})` : ''}`,
      });
    }
    const shapes = table.geometries.map((geometry, i) => {
      if (i % 1000 === 0) deadline.check(name);
      const { points, parts } = positions(geometry);
      if (parts > 1) multipart(i);
      return points;
    });
    return { file: name, rows, shapes };
  }
  const wkt = WKT_FIELDS.find((f) => rows.length > 0 && f in rows[0]);
  if (!wkt) return { file: name, rows };
  const shapes = rows.map((row, i) => {
    if (i % 1000 === 0) deadline.check(name);
    const { points, parts } = parseWkt(row[wkt]);
    if (parts > 1) multipart(i);
    return points;
  });
  return { file: name, rows, shapes };
}
