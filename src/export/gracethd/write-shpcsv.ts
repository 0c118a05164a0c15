import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type { GeoPackageFieldType } from '../../io/geopackage.js';
import type { GracethdExport } from './gracethd-tables.js';
import type { Cell, GracethdTable } from './table.js';
import { exportMapping } from './version.js';
import { tableCsv } from './write-folder.js';
import { gracethdFieldTypes } from './write-geopackage.js';

// Loaded on first use: with its dependencies it took a seventh of every command's start.
const require = createRequire(import.meta.url);
const writeShapefile: typeof import('@mapbox/shp-write').write = (...args) => (require('@mapbox/shp-write') as typeof import('@mapbox/shp-write')).write(...args);

/**
 * The ESRI WKT of RGF93 / Lambert-93 (EPSG:2154), as ArcGIS and QGIS write it in a .prj. GDAL
 * (3.6) identifies it as EPSG:2154 (`ID["EPSG",2154]`); the importer's check of a .prj
 * (read-delivery.ts) finds "Lambert_93" in it.
 */
export const LAMBERT93_PRJ =
  'PROJCS["RGF_1993_Lambert_93",GEOGCS["GCS_RGF_1993",DATUM["D_RGF_1993",SPHEROID["GRS_1980",6378137.0,298.257222101]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Lambert_Conformal_Conic"],' +
  'PARAMETER["False_Easting",700000.0],PARAMETER["False_Northing",6600000.0],PARAMETER["Central_Meridian",3.0],' +
  'PARAMETER["Standard_Parallel_1",49.0],PARAMETER["Standard_Parallel_2",44.0],PARAMETER["Latitude_Of_Origin",46.5],UNIT["Meter",1.0]]';

/** What the .cpg beside each .dbf says: its text fields are UTF-8. */
export const SHAPEFILE_CPG = 'UTF-8';

/** dBase limits: a field name of 10 characters, a text field of 254 bytes, a number of 18 characters (shp-write's `N(18,3)`). */
const DBF_NAME_CHARS = 10;
const DBF_TEXT_BYTES = 254;
const DBF_NUMBER_CHARS = 18;

/** The five files of one table as a shapefile. */
export interface ShapefileFiles {
  shp: Uint8Array;
  shx: Uint8Array;
  dbf: Uint8Array;
  prj: string;
  cpg: string;
}

const bytesOf = (view: DataView): Uint8Array => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

/**
 * Whether a column is written as a dBase number: a REAL or INTEGER field of the mapping whose
 * every value is a number whose text (the cell) fits the 18 characters of shp-write's `N(18,3)`
 * and reads back as itself. Otherwise it stays text, so that no digit is cut.
 */
function numericColumn(table: GracethdTable, k: number, type: GeoPackageFieldType | undefined): boolean {
  if (type !== 'REAL' && type !== 'INTEGER') return false;
  return table.rows.every((row) => {
    const v = row[k];
    return v === null || (v.length <= DBF_NUMBER_CHARS && Number.isFinite(Number(v)) && String(Number(v)) === v);
  });
}

/**
 * A text cell as shp-write's dBase writer takes it: it writes each character's code as one
 * byte, so the UTF-8 bytes of the text are given as a "binary string" (one character per
 * byte) — the .cpg then says UTF-8. Throws beyond the 254 bytes of a dBase text field.
 */
function dbfText(value: string, where: string): string {
  const utf8 = Buffer.from(value, 'utf8');
  if (utf8.length > DBF_TEXT_BYTES) throw new Error(`exportGracethd: ${where} is ${utf8.length} bytes of UTF-8, over the ${DBF_TEXT_BYTES} of a dBase text field`);
  return utf8.toString('latin1');
}

/**
 * A table with a geometry as a shapefile, with `@mapbox/shp-write`: points (POINT) or lines
 * (POLYLINE, one part each) in Lambert-93, the attributes in a dBase III .dbf — text `C(254)`
 * in UTF-8, the mapping's numeric fields `N(18,3)` (see `numericColumn`), an empty cell a blank
 * field — a .prj (`LAMBERT93_PRJ`) and a .cpg (`SHAPEFILE_CPG`). Throws for a field name over
 * the 10 characters of dBase, or a text over 254 bytes.
 */
export function tableShapefile(table: GracethdTable, types: ReadonlyMap<string, GeoPackageFieldType>): ShapefileFiles {
  const g = table.geometry;
  if (!g) throw new Error(`exportGracethd: ${table.name} has no geometry: it is written as CSV`);
  for (const name of table.columns) {
    if (name.length > DBF_NAME_CHARS || !/^[\x21-\x7e]+$/.test(name)) {
      throw new Error(`exportGracethd: field ${table.name}.${name} does not fit a dBase field name (${DBF_NAME_CHARS} ASCII characters)`);
    }
  }
  const numeric = table.columns.map((name, k) => numericColumn(table, k, types.get(`${table.name}.${name}`)));
  const record = (row: readonly Cell[], i: number): Record<string, string | number | null> => {
    const out: Record<string, string | number | null> = {};
    table.columns.forEach((name, k) => {
      const v = row[k];
      out[name] = v === null ? null : numeric[k] ? Number(v) : dbfText(v, `${table.name}.${name} of row ${i + 1}`);
    });
    return out;
  };
  const records = table.rows.map(record);
  // shp-write takes its dBase fields from the records: an empty table is written with one
  // blank record, which is then cut off the .dbf (its header says 0 records).
  const typed = table.columns.map((_, k) => (numeric[k] ? '0' : ''));
  const geometries = g.type === 'Point' ? g.shapes.map((s) => s[0]) : g.shapes.map((s) => [s]);
  let files: ShapefileFiles | undefined;
  writeShapefile(records.length > 0 ? records : [record(typed, 0)], g.type === 'Point' ? 'POINT' : 'POLYLINE', geometries, (error, data) => {
    if (error) throw error;
    files = { shp: bytesOf(data.shp), shx: bytesOf(data.shx), dbf: bytesOf(data.dbf), prj: LAMBERT93_PRJ, cpg: SHAPEFILE_CPG };
  });
  if (!files) throw new Error(`exportGracethd: shp-write wrote no ${table.name}.shp`);
  if (records.length === 0) files = emptied(files);
  return files;
}

/** An empty table's files: the extent of the .shp and .shx zero (not shp-write's ±MAX_VALUE), the .dbf without its record. */
function emptied(files: ShapefileFiles): ShapefileFiles {
  const [shp, shx] = [new Uint8Array(files.shp), new Uint8Array(files.shx)];
  for (const bytes of [shp, shx]) new DataView(bytes.buffer).setFloat64(36, 0, true);
  for (const bytes of [shp, shx]) for (const at of [44, 52, 60]) new DataView(bytes.buffer).setFloat64(at, 0, true);
  const header = new DataView(files.dbf.buffer, files.dbf.byteOffset, files.dbf.byteLength).getUint16(8, true);
  const dbf = new Uint8Array(header + 1);
  dbf.set(files.dbf.subarray(0, header));
  new DataView(dbf.buffer).setUint32(4, 0, true);
  dbf[header] = 0x1a;
  return { ...files, shp, shx, dbf };
}

/**
 * Writes a v2 export as a GraceTHD v2 SHP/CSV delivery, the `db_shpcsv` layout of GraceTHD-MCD
 * (as its demo, `shpcsv-in/`): every table with a geometry (t_noeud points, t_cheminement lines)
 * as a shapefile — `.shp`, `.shx`, `.dbf` (UTF-8), `.prj` (ESRI WKT of RGF93 / Lambert-93,
 * EPSG:2154), `.cpg` (UTF-8) — and every other table as `NAME.csv`: `;`-separated, a header
 * line, UTF-8 without BOM, LF line ends, quoted only where a value holds `;`, `"` or a line
 * break (the demo's values never do). The form `import gracethd DIR` reads (read-delivery.ts).
 * Returns the files written. Throws for a v3 export (GraceTHD v3 has no SHP/CSV form: write
 * a GeoPackage).
 */
export async function writeGracethdShpCsv(dir: string, exported: GracethdExport): Promise<string[]> {
  if (exported.version === '3') throw new Error('exportGracethd: GraceTHD v3 is delivered as a GeoPackage, not SHP/CSV');
  const types = gracethdFieldTypes(exportMapping(exported.version));
  const written: Array<[string, Uint8Array | string]> = [];
  for (const table of exported.tables) {
    if (!table.geometry) {
      written.push([`${table.name}.csv`, tableCsv(table)]);
      continue;
    }
    const files = tableShapefile(table, types);
    for (const ext of ['shp', 'shx', 'dbf', 'prj', 'cpg'] as const) written.push([`${table.name}.${ext}`, files[ext]]);
  }
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  for (const [name, content] of written) {
    const path = join(dir, name);
    await writeFile(path, content);
    paths.push(path);
  }
  return paths;
}
