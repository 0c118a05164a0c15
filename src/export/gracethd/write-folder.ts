import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { XY } from '../../import/gracethd/tables.js';
import type { GracethdTable } from './table.js';

/** A geometry as WKT, full precision (the importer's CSV geometry column, see read-delivery.ts). */
export function toWkt(type: 'Point' | 'LineString', points: readonly XY[]): string {
  const xy = (p: XY) => `${p[0]} ${p[1]}`;
  return type === 'Point' ? `POINT (${xy(points[0])})` : `LINESTRING (${points.map(xy).join(', ')})`;
}

/** The CSV text of a table: `;`-separated, a header line, the geometry as a WKT column (Lambert-93). */
export function tableCsv(table: GracethdTable): string {
  const g = table.geometry;
  const header = g ? [...table.columns, g.column] : table.columns;
  const rows = g ? table.rows.map((row, i) => [...row, toWkt(g.type, g.shapes[i])]) : table.rows;
  return stringify([header, ...rows], { delimiter: ';', record_delimiter: '\n' });
}

/**
 * Writes a delivery as a folder of CSV tables (`t_noeud.csv`…), UTF-8, one per table, with the
 * geometry of spatial tables in a WKT column (EPSG:2154): the form `import gracethd DIR` reads.
 * Returns the files written.
 */
export async function writeGracethdFolder(dir: string, tables: readonly GracethdTable[]): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  for (const table of tables) {
    const file = join(dir, `${table.name}.csv`);
    await writeFile(file, tableCsv(table));
    files.push(file);
  }
  return files;
}
