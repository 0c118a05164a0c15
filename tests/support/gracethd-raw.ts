/**
 * An independent, deliberately naive reader of the demo delivery's files, so that the tests
 * check the importer against the bytes rather than against itself: CSV rows split on `;`,
 * dBase records sliced by the header's field widths, shapefile points and line ends read from
 * the record layout of the ESRI specification.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type RawRow = Record<string, string>;

/** Rows of a `;`-separated CSV without quoted separators (true of the demo's t_* tables). */
export function rawCsv(dir: string, table: string): RawRow[] {
  const [header, ...lines] = readFileSync(join(dir, `${table}.csv`), 'utf8').split(/\r?\n/).filter((l) => l !== '');
  const names = header.split(';');
  return lines.map((line) => Object.fromEntries(line.split(';').map((v, i) => [names[i], v.trim()])));
}

/** Records of a .dbf (UTF-8 text), fields by name, values trimmed, empty when null. */
export function rawDbf(dir: string, table: string): RawRow[] {
  const b = readFileSync(join(dir, `${table}.dbf`));
  const count = b.readUInt32LE(4);
  const headerLength = b.readUInt16LE(8);
  const recordLength = b.readUInt16LE(10);
  const fields: Array<{ name: string; length: number }> = [];
  for (let o = 32; b[o] !== 0x0d; o += 32) {
    fields.push({ name: b.subarray(o, o + 11).toString('latin1').replace(/\0.*$/, ''), length: b[o + 16] });
  }
  const rows: RawRow[] = [];
  for (let r = 0; r < count; r++) {
    let o = headerLength + r * recordLength + 1; // deletion flag
    const row: RawRow = {};
    for (const f of fields) {
      const text = b.subarray(o, o + f.length).toString('utf8').trim();
      row[f.name] = /^\*+$/.test(text) ? '' : text; // dBase writes a null number as asterisks
      o += f.length;
    }
    rows.push(row);
  }
  return rows;
}

/** Number of records a .shx indexes (100-byte header, 8 bytes a record). */
export function rawShxCount(dir: string, table: string): number {
  const b = readFileSync(join(dir, `${table}.shx`));
  return (b.readUInt32BE(24) * 2 - 100) / 8;
}

/** For each record of a .shp: its points (x, y), in file order. Point (1) and PolyLine (3) only. */
export function rawShp(dir: string, table: string): Array<Array<[number, number]>> {
  const b = readFileSync(join(dir, `${table}.shp`));
  const end = b.readUInt32BE(24) * 2;
  const shapes: Array<Array<[number, number]>> = [];
  for (let o = 100; o < end; ) {
    const length = b.readUInt32BE(o + 4) * 2;
    const c = o + 8;
    const type = b.readInt32LE(c);
    if (type === 1) shapes.push([[b.readDoubleLE(c + 4), b.readDoubleLE(c + 12)]]);
    else if (type === 3) {
      const parts = b.readInt32LE(c + 36);
      const points = b.readInt32LE(c + 40);
      const first = c + 44 + 4 * parts;
      const list: Array<[number, number]> = [];
      for (let i = 0; i < points; i++) list.push([b.readDoubleLE(first + 16 * i), b.readDoubleLE(first + 16 * i + 8)]);
      shapes.push(list);
    } else shapes.push([]);
    o = c + length;
  }
  return shapes;
}

export const dist = (a: readonly number[], b: readonly number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]);
