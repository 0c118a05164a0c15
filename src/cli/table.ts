/**
 * Formats rows as a plain-text table with a header line; numbers are right-aligned.
 *
 * @example
 * table(['NRO', 'subscribers'], [['NRO-CAY', 2400]]);
 * // NRO      subscribers
 * // NRO-CAY         2400
 */
export function table(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map(cell))];
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((r) => typeof r[c] === 'number'));
  const widths = header.map((_, c) => cells.reduce((width, r) => Math.max(width, [...(r[c] ?? '')].length), 0));
  const line = (r: string[]) =>
    r
      .map((value, c) => (numeric[c] ? value.padStart(widths[c]) : value.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return `${cells.map(line).join('\n')}\n`;
}

const cell = (value: string | number) => (typeof value === 'number' ? formatNumber(value) : value);

/** Thousands separated by a thin space, as French engineering documents print them. */
export function formatNumber(value: number): string {
  const [whole, fraction] = String(Math.round(value * 100) / 100).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f');
  return fraction ? `${grouped}.${fraction}` : grouped;
}

/** A comma-separated list, or a dash when empty. */
export const list = (ids: readonly string[], max = 6): string =>
  ids.length === 0 ? '–' : ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} … (+${ids.length - max})`;
