import { readdir, readFile } from 'node:fs/promises';
import { unzipSync } from 'fflate';
import { join, relative } from 'node:path';
import { TopologyError } from '../../model/errors.js';
import { FindingCollector } from './quality-report.js';
import { readDbf, readShapefile, parseWkt } from './read-shapes.js';
import { DEFAULT_ENCODING, decodeText, encodingFromCpg, parseCsv, sniffCsvEncoding } from './read-tables.js';
import { importError, type Table, type TableName, TABLES, type Tables, type XY } from './tables.js';

/** Files of a delivery by path relative to its folder (or inside its zip). */
export type DeliveryFiles = Map<string, Uint8Array>;

const EXTENSIONS = ['csv', 'shp', 'dbf', 'cpg', 'prj'];
const WANTED = new Set(TABLES.flatMap((t) => EXTENSIONS.map((e) => `${t}.${e}`)));
/** Names of a geometry column in a table delivered as CSV (WKT, Lambert-93). */
const WKT_FIELDS = ['geom', 'wkt', 'the_geom', 'geometry'];

/**
 * Reads the tables the importer uses from the files of a delivery. File names are matched
 * without regard to case or folder, so a delivery may be flat or split in subfolders. Each
 * table is read from its shapefile when there is one (attributes from the .dbf, in the
 * encoding its .cpg names, else CP1252), else from its CSV (UTF-8 when valid, else CP1252;
 * a WKT column `geom` gives its geometry), else from a lone .dbf.
 */
export async function readDelivery(files: DeliveryFiles, findings: FindingCollector): Promise<Tables> {
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
  for (const name of TABLES) {
    const table = await readTable(name, byName, findings);
    if (table) tables[name] = table;
    else {
      findings.add('missing-table', 'info', 'delivery', 'table absent from the delivery: what it would give is left out', {
        id: name,
        detail: '',
      });
    }
  }
  return tables;
}

async function readTable(
  name: TableName,
  files: Map<string, { path: string; bytes: Uint8Array }>,
  findings: FindingCollector,
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
 * Reads the files of a delivery folder (and its subfolders) that the importer uses. I/O only;
 * `readDelivery` does the parsing.
 */
export async function readDeliveryFolder(dir: string): Promise<DeliveryFiles> {
  const files: DeliveryFiles = new Map();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !WANTED.has(entry.name.toLowerCase())) continue;
    const path = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    files.set(relative(dir, path), new Uint8Array(await readFile(path)));
  }
  return files;
}

/** Largest total uncompressed size of the tables taken from a zip (the rest is never inflated). */
export const MAX_UNZIPPED_BYTES = 512 * 1024 * 1024;

/**
 * The files of a delivery sent as a zip: only the tables the importer uses are inflated, and
 * their declared sizes must stay under `maxBytes` (a zip bomb is refused before inflating).
 */
export function deliveryFilesFromZip(zip: Uint8Array, maxBytes = MAX_UNZIPPED_BYTES): DeliveryFiles {
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(zip, {
      filter: (file) => {
        const wanted = WANTED.has(file.name.split('/').pop()!.toLowerCase());
        if (wanted) total += file.originalSize;
        if (total > maxBytes) throw importError(`the tables of the zip hold over ${maxBytes} bytes uncompressed`, 'too-large');
        return wanted;
      },
    });
  } catch (error) {
    if (error instanceof TopologyError) throw error;
    throw importError(`not a readable zip archive: ${(error as Error).message}`);
  }
  return new Map(Object.entries(entries));
}
