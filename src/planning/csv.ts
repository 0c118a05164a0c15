/**
 * CSV that a French spreadsheet (Excel, LibreOffice with a French locale) opens as columns
 * without an import dialog: UTF-8 with a byte-order mark (so accents survive), `;` between
 * fields (the comma is the decimal separator there), CRLF line ends, numbers with a decimal
 * comma and no thousands separator (a grouped `3 290 450` would be read as text), fields
 * quoted when they hold `;`, `"` or a line break. Text that a spreadsheet would take for a
 * formula (starting with `=`, `+`, `-` or `@`) is prefixed with `'`.
 *
 * @example
 * frenchCsv(['id', '€/m'], [['R-01', 24.99]]); // '\ufeffid;€/m\r\nR-01;24,99\r\n'
 */
export function frenchCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<CsvCell>>): string {
  const line = (cells: ReadonlyArray<CsvCell>) => cells.map(csvCell).join(';');
  return `\ufeff${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

export type CsvCell = string | number | boolean | null | undefined;

/**
 * One field: numbers with a decimal comma (at most 6 decimals), booleans as oui/non, empty for null.
 *
 * @example
 * csvCell(24.99953); // '24,99953'
 */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return '';
    return String(Math.round(value * 1e6) / 1e6).replace('.', ',');
  }
  const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
