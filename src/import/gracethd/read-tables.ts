import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { importError, type Row, type Value } from './tables.js';

/** The encoding of a .dbf when its .cpg is missing: dBase files from French GIS tools are CP1252. */
export const DEFAULT_ENCODING = 'windows-1252';

const CPG_ALIASES: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  '65001': 'utf-8',
  '1252': 'windows-1252',
  cp1252: 'windows-1252',
  'ansi 1252': 'windows-1252',
  'windows-1252': 'windows-1252',
  'iso-8859-1': 'iso-8859-1',
  iso88591: 'iso-8859-1',
  '88591': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'iso-8859-15': 'iso-8859-15',
  iso885915: 'iso-8859-15',
  '885915': 'iso-8859-15',
};

/**
 * The encoding a .cpg file names, as a WHATWG label both iconv-lite and TextDecoder accept;
 * `undefined` when the .cpg names an encoding this importer does not know.
 *
 * @example
 * encodingFromCpg('UTF-8\n'); // 'utf-8'
 * encodingFromCpg('ANSI 1252'); // 'windows-1252'
 */
export function encodingFromCpg(cpg: string): string | undefined {
  return CPG_ALIASES[cpg.trim().toLowerCase().replace(/_/g, '-')];
}

/**
 * The encoding of a CSV file that has no .cpg beside it: UTF-8 when the bytes are valid UTF-8
 * (with or without a BOM), else CP1252.
 */
export function sniffCsvEncoding(bytes: Uint8Array): string {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return 'utf-8';
  } catch {
    return DEFAULT_ENCODING;
  }
}

/** Bytes to text in the given encoding, without a leading BOM. */
export function decodeText(bytes: Uint8Array, encoding: string): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), encoding).replace(/^\uFEFF/, '');
}

/**
 * Parses a GraceTHD CSV table: `;`-separated, a header line, optional double quotes. Field
 * names are lower-cased; values are trimmed and empty ones become null.
 *
 * @example
 * parseCsv('cm_code;cm_long\nCM1;12.5\nCM2;\n', 't_cheminement.csv');
 * // [{ cm_code: 'CM1', cm_long: '12.5' }, { cm_code: 'CM2', cm_long: null }]
 */
export function parseCsv(text: string, file: string): Row[] {
  let records: string[][];
  try {
    records = parse(text, { delimiter: ';', relax_column_count: true, skip_empty_lines: true, bom: true });
  } catch (error) {
    throw importError(`${file}: not a ;-separated CSV table: ${(error as Error).message}`);
  }
  const [header, ...lines] = records;
  if (!header) return [];
  const names = header.map((name) => name.trim().toLowerCase());
  return lines.map((cells) => {
    const row: Row = {};
    names.forEach((name, i) => {
      row[name] = clean(cells[i]);
    });
    return row;
  });
}

/** A raw value as the importer stores it: trimmed text, null when empty. */
export function clean(value: unknown): Value {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  const text = String(value).trim();
  return text === '' ? null : text;
}
