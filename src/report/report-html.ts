import { type ReportLang, REPORT_LANGS } from './figures.js';
import { escapeHtml, type Html } from './html.js';
import { methodPart } from './part-method.js';
import { planPart } from './part-plan.js';
import { cutsPart, nrosPart, ownersPart } from './part-resilience.js';
import { saturationPart } from './part-saturation.js';
import { networkPart } from './part-network.js';
import { worksPart } from './part-works.js';
import { type ReportContext, reportContext } from './report-context.js';
import type { ReportData } from './report-data.js';
import { REPORT_CSS } from './report-style.js';
import { InvalidOptionError } from '../model/errors.js';

export interface ReportHtmlOptions {
  /** Language of the report: `fr` (default) or `en`. */
  lang?: ReportLang;
}

/**
 * The report as one self-contained HTML document: inline CSS, the map and the charts as inline
 * SVG rendered on the server, no script, no external URL, the system's fonts. Written for a
 * syndicate's committee: the key figures first, then the network, the NROs not secured, the
 * worst cuts and the dependence on owners, saturation, what each work buys, the programme year
 * by year, the method and the sources. Every figure is read from `data.sources` and marked with
 * where (`data-figure`).
 *
 * @example
 * const html = await reportHtml(await reportData(workspace, request), { lang: 'fr' });
 */
export async function reportHtml(data: ReportData, options: ReportHtmlOptions = {}): Promise<string> {
  const lang = options.lang ?? 'fr';
  if (!REPORT_LANGS.includes(lang)) throw new InvalidOptionError('lang', `report: lang must be one of ${REPORT_LANGS.join(', ')}, got "${String(lang)}"`);
  const ctx = reportContext(data, lang);
  const parts = [
    await networkPart(ctx),
    nrosPart(ctx),
    cutsPart(ctx),
    await ownersPart(ctx),
    await saturationPart(ctx),
    worksPart(ctx),
    await planPart(ctx),
    methodPart(ctx),
  ];
  const body = `${cover(ctx)}\n${parts.join('\n')}`;
  const { m } = ctx;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(m.title)} — ${escapeHtml(data.topology.name)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${lang === 'fr' ? frenchSpacing(body) : body}
</body>
</html>
`;
}

/** The cover: title, the network's name, the key figures, how the document is made, the contents. */
function cover(ctx: ReportContext): Html {
  const { m, fig, sources } = ctx;
  const { analysis, plan } = sources;
  const weak = analysis.nros.filter((n) => n.status !== 'secured');
  const secured = new Set(plan.value.securedNros);
  const left = weak.filter((n) => !secured.has(n.id));
  const worst = analysis.cutImpact[0];
  const strained = sources.saturation.summary.sections.saturated + sources.saturation.summary.sections.near;
  const items = [
    m.keyNetwork(fig('analysis.nros.subscribers|sum'), fig('analysis.nros|count'), fig('analysis.cutImpact|count'), fig('analysis.ownerImpact.lengthM|sum', 'km'), fig('analysis.ownerImpact|count')),
    weak.length
      ? m.keyNotSecured(fig('analysis.nros[?status!=secured]|count'), fig('analysis.nros[?status!=secured].subscribers|sum'),
          fig('analysis.nros[?status!=secured].subscribers|sum / analysis.nros.subscribers|sum', 'pct'))
      : m.keyAllSecured,
    ...(worst && worst.subscribersCut > 0 ? [m.keyWorstCut(`${escapeHtml(worst.section)} (${ctx.ends(worst.section)})`, fig('analysis.cutImpact[0].subscribersCut'))] : []),
    strained > 0 ? m.keySaturation(fig('saturation.summary.sections.saturated'), fig('saturation.summary.sections.near')) : m.keyNoSaturation,
    plan.candidates > 0
      ? m.keyPlan(fig('plan.selected|count'), fig('plan.costEur', 'eur'), fig('plan.years|count'), fig('plan.budgetEur', 'eur'),
          fig('plan.value.securedNros|count'), fig('plan.value.subscribersSecured'), fig('plan.value.clearedSections|count'))
      : m.keyNoWorks,
    ...(weak.length && plan.candidates > 0 ? [left.length
      ? m.keyLeft(fig('analysis.nros[?status!=secured]|count - plan.value.securedNros|count'), ctx.list(left.map((n) => ctx.siteName(n.id))), sources.rank.proposedLinks.links.length > 0)
      : m.keyNoneLeft] : []),
    ...(plan.candidates > 0
      ? [m.keyFunding(plan.funding.totals.map((t, i) => `${escapeHtml(t.source)} ${fig(`plan.funding.totals[${i}].amountEur`, 'eur')} (${fig(`plan.funding.shares[${i}].share`, 'pct')})`).join(', '))]
      : []),
    m.keyOutage(fig('availability.network.subscriberHoursPerYear.lower')),
  ];
  const contents = [m.networkTitle, m.nrosTitle, m.cutsTitle, m.ownersTitle, m.saturationTitle, m.rankingTitle, m.planTitle, m.methodTitle, m.sourcesTitle];
  return `<section class="cover">
<h1>${escapeHtml(m.title)}</h1>
<p class="subtitle">${m.subtitle(`<span class="data">${escapeHtml(ctx.data.topology.name)}</span>`)}</p>
<div class="brief">
<h2>${m.inBrief}</h2>
<ul>${items.map((i) => `<li>${i}</li>`).join('\n')}</ul>
</div>
<p class="small">${m.coverNote}</p>
<div class="contents"><h3>${m.contents}</h3><ol>${contents.map((c) => `<li>${c}</li>`).join('')}</ol></div>
</section>`;
}

/**
 * French spacing in the text of the document (not in tags, charts or code): a narrow no-break
 * space before `:` `;` `!` `?` and inside « ».
 */
function frenchSpacing(html: string): string {
  return html.split(/(<svg[\s\S]*?<\/svg>|<code>[\s\S]*?<\/code>|<[^>]+>)/).map((part, i) => (i % 2 === 1 ? part
    : part.replace(/ ([:;!?»])/g, '\u202f$1').replace(/« /g, '«\u202f'))).join('');
}
