import { InvalidOptionError } from '../model/errors.js';

/**
 * How a figure is printed: a whole number, a number to two decimals at most, euros, a ratio as
 * a percentage, metres, metres as kilometres, minutes, euros per metre.
 */
export type FigureFormat = 'int' | 'dec' | 'eur' | 'pct' | 'm' | 'km' | 'min' | 'eurpm';
export type ReportLang = 'fr' | 'en';
export const REPORT_LANGS: readonly ReportLang[] = ['fr', 'en'];

/** The answers a report's figures are read from, by name (`analysis`, `plan`, …). */
export type FigureSources = Readonly<Record<string, unknown>>;

/**
 * The value at a figure's path in the answers. A path names an answer and walks it: `.key`
 * (on a list, the key of every element), `[2]`, `[id=R-06]` (the first element whose field is
 * one of the values), `[?status=single-homed,isolated]` and `[?status!=secured]` (the elements
 * whose field is, or is not, one of the values), then optionally `|count` or `|sum`. Two paths
 * may be joined by ` - `, ` + ` or ` / `. A figure is thereby read, never recomputed: the same
 * path read in the CLI's `--json` answer gives the same number. `null` when the answer holds
 * null there (a € per subscriber with no subscriber).
 *
 * @example
 * figureValue({ analysis }, 'analysis.nros[?status=single-homed].subscribers|sum'); // 42000
 * figureValue({ plan }, 'plan.spendableEur - plan.costEur'); // 412913
 */
export function figureValue(sources: FigureSources, path: string): number | null {
  const parts = path.split(/ ([-+/]) /);
  let value = termValue(sources, parts[0]);
  for (let i = 1; i < parts.length; i += 2) {
    const right = termValue(sources, parts[i + 1]);
    if (value === null || right === null) return null;
    const op = parts[i];
    value = op === '-' ? value - right : op === '+' ? value + right : right === 0 ? null : value / right;
  }
  return value;
}

const STEP = /^(?:\.([\w-]+)|\[(\d+)\]|\[(\?)?([\w-]+)(!?=)([^\]]*)\])/;

function termValue(sources: FigureSources, term: string): number | null {
  const [walk, reduce] = term.split('|');
  const root = /^[a-zA-Z]+/.exec(walk)?.[0];
  if (!root || !(root in sources)) throw new InvalidOptionError('figure', `report: figure "${term}" names no answer`);
  let value: unknown = sources[root];
  let rest = walk.slice(root.length);
  while (rest.length > 0) {
    const m = STEP.exec(rest);
    if (!m) throw new InvalidOptionError('figure', `report: cannot read "${rest}" in figure "${term}"`);
    rest = rest.slice(m[0].length);
    value = step(value, m, term);
  }
  if (reduce === 'count') return listOf(value, term).length;
  if (reduce === 'sum') return flatten(listOf(value, term)).reduce((t: number, x) => t + Number(x), 0);
  if (reduce !== undefined) throw new InvalidOptionError('figure', `report: unknown reduction "|${reduce}" in figure "${term}"`);
  if (value === null) return null;
  if (typeof value !== 'number') throw new InvalidOptionError('figure', `report: figure "${term}" is not a number (${JSON.stringify(value)?.slice(0, 40)})`);
  return value;
}

function step(value: unknown, m: RegExpExecArray, term: string): unknown {
  const [, key, index, filter, field, op, values] = m;
  if (key !== undefined) {
    if (Array.isArray(value)) return value.map((x) => (x as Record<string, unknown>)[key]);
    return (value as Record<string, unknown> | undefined)?.[key];
  }
  const list = listOf(value, term);
  if (index !== undefined) return list[Number(index)];
  const wanted = new Set(values.split(','));
  const matches = (x: unknown) => wanted.has(String((x as Record<string, unknown>)[field])) === (op === '=');
  if (filter) return list.filter(matches);
  const found = list.find(matches);
  if (found === undefined) throw new InvalidOptionError('figure', `report: no element with ${field}${op}${values} in figure "${term}"`);
  return found;
}

const flatten = (list: unknown[]): unknown[] => list.flatMap((x) => (Array.isArray(x) ? flatten(x) : [x]));

function listOf(value: unknown, term: string): unknown[] {
  if (!Array.isArray(value)) throw new InvalidOptionError('figure', `report: figure "${term}" walks a list that is not one`);
  return value;
}

const LOCALE: Record<ReportLang, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * A figure as the reader sees it: `1 294 984 €`, `87,5 %`, `855 km` in French (narrow
 * no-break spaces between thousands, a decimal comma), `1,294,984 €`, `87.5%` in English; a
 * dash for null.
 *
 * @example
 * formatFigure(0.875, 'pct', 'fr'); // '87,5 %'
 */
export function formatFigure(value: number | null, format: FigureFormat, lang: ReportLang): string {
  if (value === null || !Number.isFinite(value)) return '–';
  const number = (x: number, digits: number) =>
    new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(x);
  const unit = (text: string, symbol: string) => (lang === 'fr' || symbol !== '%' ? `${text}\u00a0${symbol}` : `${text}${symbol}`);
  switch (format) {
    case 'int':
      return number(value, 0);
    case 'dec':
      return new Intl.NumberFormat(LOCALE[lang], { maximumFractionDigits: 2 }).format(value);
    case 'm':
      return unit(number(value, 0), 'm');
    case 'eur':
      return unit(number(value, 0), '€');
    case 'eurpm':
      return unit(number(value, 2), '€/m');
    case 'min':
      return unit(number(value, 0), 'min');
    case 'km': {
      const km = value / 1000;
      return unit(number(km, Math.abs(km) >= 100 ? 0 : 1), 'km');
    }
    case 'pct': {
      const pct = Math.round(value * 1000) / 10;
      return unit(number(pct, Number.isInteger(pct) ? 0 : 1), '%');
    }
  }
}
