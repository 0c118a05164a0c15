import { type Options, stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/** A number with a decimal comma, at most 6 decimals, no thousands separator; empty when not finite. */
const frenchNumber = (value: number): string => (Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6).replace('.', ',') : '');

const FRENCH: Options = {
  delimiter: ';',
  record_delimiter: '\r\n',
  // Quotes only what needs it: a field holding `;`, `"`, CR or LF (a lone CR or LF is not
  // quoted by default once record_delimiter is set).
  quoted: false,
  quote_record_delimiter: true,
  escape_formulas: true,
  cast: { number: frenchNumber, boolean: (value) => (value ? 'oui' : 'non') },
};

/**
 * CSV that a French spreadsheet (Excel, LibreOffice with a French locale) opens as columns
 * without an import dialog, written with `csv-stringify`: UTF-8 with a byte-order mark (so
 * accents survive), `;` between fields (the comma is the decimal separator there), CRLF line
 * ends, numbers with a decimal comma and no thousands separator (a grouped `3 290 450` would
 * be read as text), fields quoted when they hold `;`, `"` or a line break. Text that a
 * spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`, a tab or a CR) is
 * prefixed with `'`.
 *
 * @example
 * frenchCsv(['id', '€/m'], [['R-01', 24.99]]); // '\ufeffid;€/m\r\nR-01;24,99\r\n'
 */
export function frenchCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  return stringify([header, ...rows] as CsvCell[][], { ...FRENCH, bom: true });
}

/**
 * One field as `frenchCsv` writes it: numbers with a decimal comma (at most 6 decimals),
 * booleans as oui/non, empty for null, quoted and disarmed as a field of the file.
 *
 * @example
 * csvCell(24.99953); // '24,99953'
 */
export function csvCell(value: CsvCell): string {
  return stringify([[value]], { ...FRENCH, eof: false });
}
