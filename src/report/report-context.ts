import type { ReportLang } from './figures.js';
import { escapeHtml, type FigurePrinter, figurePrinter, type Html } from './html.js';
import { messagesOf } from './languages.js';
import type { Messages } from './messages.js';
import { shortName } from './network-map.js';
import type { ReportData, ReportSources } from './report-data.js';

/** What every part of the report is written from: the answers, the words of the language, the figure printer and the names. */
export interface ReportContext {
  data: ReportData;
  sources: ReportSources;
  m: Messages;
  fig: FigurePrinter;
  /** A site as a reader knows it: its short name, with an NRO's code or `POP` after it (`Cayeux-sur-Mer <span class="id">CAY</span>`). */
  site(id: string): Html;
  /** A site's name alone, escaped. */
  siteName(id: string): Html;
  /** The two ends of a section by name (`Quend – Rue`). */
  ends(section: string): Html;
  /** The same as plain text, for a chart. */
  endsText(section: string): string;
  /** A section's owner, escaped. */
  owner(section: string): Html;
  /** A list of names, at most `max`, then "and N more". */
  list(items: readonly Html[], max?: number): Html;
}

/** The code a planner calls a site by: `NRO-CAY` → `CAY`, `POP-ABBEVILLE` stays. */
const code = (id: string) => id.replace(/^NRO-/, '');

/**
 * The context of one report in one language.
 *
 * @example
 * const ctx = reportContext(data, 'fr');
 * ctx.fig('plan.costEur', 'eur');
 */
export function reportContext(data: ReportData, lang: ReportLang): ReportContext {
  const m = messagesOf(lang);
  const fig = figurePrinter(data.sources as unknown as Record<string, unknown>, lang);
  const sites = new Map(data.topology.sites.map((s) => [s.id, s]));
  const sections = new Map(data.topology.sections.map((s) => [s.id, s]));
  const links = new Map((data.topology.redundancyLinks ?? []).map((l) => [l.id, l]));
  const plainName = (id: string) => shortName(sites.get(id)?.name ?? id);
  const siteName = (id: string) => escapeHtml(plainName(id));
  // The seed calls an NRO by its code (CAY, FCT): it follows the name; a POP is said to be one; other sites go by their name.
  const site = (id: string) => {
    const s = sites.get(id);
    if (!s?.name) return `<span class="id">${escapeHtml(id)}</span>`;
    const tag = s.kind === 'nro' ? code(id) : s.kind === 'pop' ? 'POP' : '';
    return tag ? `${siteName(id)} <span class="id">${escapeHtml(tag)}</span>` : siteName(id);
  };
  const endsText = (id: string) => {
    const s = sections.get(id) ?? links.get(id);
    if (!s) return '';
    const [a, b] = 'from' in s ? [s.from, s.to] : [s.a, s.b];
    return `${plainName(a)} – ${plainName(b)}`;
  };
  const list = (items: readonly Html[], max = 6) =>
    items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} ${m.more(String(items.length - max))}`;
  return {
    data,
    sources: data.sources,
    m,
    fig,
    site,
    siteName,
    ends: (id) => escapeHtml(endsText(id)),
    endsText,
    owner: (id) => escapeHtml(sections.get(id)?.owner ?? links.get(id)?.owner ?? ''),
    list,
  };
}
