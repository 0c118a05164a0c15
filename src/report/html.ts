import { type FigureFormat, type FigureSources, figureValue, formatFigure, type ReportLang } from './figures.js';

/**
 * Text made safe for HTML, attributes included.
 *
 * @example
 * escapeHtml('Albert jusqu\'au NRO'); // 'Albert jusqu&#39;au NRO'
 */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A piece of HTML, already escaped: what the report's messages return and take. */
export type Html = string;

/** Prints figures read from the answers, each marked with where it was read (`data-figure`) and how it is printed (`data-format`). */
export interface FigurePrinter {
  /** The figure at `path` in the answers (see `figureValue`), printed and marked. */
  (path: string, format?: FigureFormat): Html;
  /** The value itself, for choices the text makes (a plural, a branch); never printed as such. */
  value(path: string): number | null;
}

/**
 * The figure printer of one report.
 *
 * @example
 * const fig = figurePrinter({ plan }, 'fr');
 * fig('plan.costEur', 'eur'); // '<span class="fig" data-figure="plan.costEur" data-format="eur">3 472 037 €</span>'
 */
export function figurePrinter(sources: FigureSources, lang: ReportLang): FigurePrinter {
  const print = (path: string, format: FigureFormat = 'int') =>
    `<span class="fig" data-figure="${escapeHtml(path)}" data-format="${format}">${escapeHtml(formatFigure(figureValue(sources, path), format, lang))}</span>`;
  return Object.assign(print, { value: (path: string) => figureValue(sources, path) });
}

/**
 * A table: a caption, a header row and rows of cells (HTML), numeric columns right-aligned.
 *
 * @example
 * htmlTable('Owners', ['owner', 'sections'], [['SMSN', '99']], [1]);
 */
export function htmlTable(caption: Html, header: Html[], rows: Html[][], numeric: readonly number[] = []): Html {
  const align = (c: number) => (numeric.includes(c) ? ' class="num"' : '');
  const head = header.map((h, c) => `<th${align(c)}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell, c) => `<td${align(c)}>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table>\n<caption>${caption}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
