import { escapeHtml, type Html, htmlTable } from './html.js';
import { networkMap } from './network-map.js';
import type { ReportContext } from './report-context.js';

/**
 * Part 1, the network: the map, the counts of the file and of the analysed network, and the
 * reconciliation and data-quality warnings (`validate`, `rank`'s rate warnings, the plan's).
 *
 * @example
 * const html = await networkPart(reportContext(data, 'fr'));
 */
export async function networkPart(ctx: ReportContext): Promise<Html> {
  const { m, fig, sources, data } = ctx;
  const map = await networkMap(data.topology, sources, m);
  const rows: Html[][] = [
    [m.countsRows.sites, fig('validate.counts.sites')],
    [`<span class="indent">${m.countsRows.nros}</span>`, fig('validate.counts.nros')],
    [`<span class="indent">${m.countsRows.headends}</span>`, fig('validate.counts.headends')],
    [m.countsRows.sections, fig('validate.counts.sections')],
    [m.countsRows.length, fig('validate.counts.lengthM', 'km')],
    [m.countsRows.subscribers, fig('validate.counts.subscribers')],
    [m.countsRows.links, fig('validate.counts.redundancyLinks')],
    [m.countsRows.works, fig('validate.counts.desaturationWorks')],
  ];
  const analysed = m.countsRows.analysed(fig('analysis.siteImpact|count + analysis.headends|count'), fig('analysis.cutImpact|count'));
  const warnings: Html[] = [
    ...sources.validate.warnings.map((w, i) => {
      const unit = w.field === 'costEur' ? 'eur' : 'm';
      const at = `validate.warnings[${i}]`;
      return m.totalsWarning(w.table as 'redundancyLinks', w.field as 'lengthM', fig(`${at}.declared`, unit), fig(`${at}.rowSum`, unit), fig(`${at}.difference`, unit));
    }),
    ...sources.rank.warnings.rates.map((w, i) => {
      const at = `rank.warnings.rates[${i}]`;
      const label = sources.rank.desaturationWorks.works.find((x) => x.id === w.id)?.label;
      const work = `${escapeHtml(w.id)}${label ? ` (${escapeHtml(label)})` : ''}`;
      return m.rateWarning(work, fig(`${at}.eurPerM`, 'eurpm'), fig(`${at}.departure`, 'pct'), w.eurPerM >= w.tableRate, fig(`${at}.tableRate`, 'eurpm'));
    }),
    ...sources.plan.warnings.map((w) => m.planWarning(`<span class="data">${escapeHtml(w)}</span>`)),
  ];
  return `<section class="part" id="network">
<h2>${m.networkTitle}</h2>
<p>${m.networkLead}</p>
<figure class="map">${map}<figcaption>${m.mapCaption}</figcaption></figure>
<div class="two">
${htmlTable(m.countsCaption, [...m.countsHeader], rows, [1])}
<div>
<p class="small">${analysed}</p>
<h3>${m.checksTitle}</h3>
<p class="small">${m.checksLead}</p>
<ul class="warnings">${(warnings.length ? warnings : [m.noWarning]).map((w) => `<li>${w}</li>`).join('')}</ul>
</div>
</div>
</section>`;
}
