import { ownerChart } from './charts.js';
import { escapeHtml, type Html, htmlTable } from './html.js';
import type { ReportContext } from './report-context.js';

/** Rows a table of the report holds at most: it fits on a page. */
export const MAX_ROWS = 28;

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Part 2, the NROs not secured: what each one hangs on (`analyse`), its expected outage
 * (`availability`), the links that would secure it (`rank`) and the year the plan does.
 *
 * @example
 * const html = nrosPart(reportContext(data, 'fr'));
 */
export function nrosPart(ctx: ReportContext): Html {
  const { m, fig, sources } = ctx;
  const { analysis, rank, plan } = sources;
  const weak = analysis.nros.filter((n) => n.status !== 'secured').sort((a, b) => b.subscribers - a.subscribers || byId(a.id, b.id));
  const lead = weak.length === 0
    ? m.nrosNone
    : m.nrosLead(
        fig('analysis.nros[?status!=secured]|count'), fig('analysis.nros|count'), fig('analysis.nros[?status!=secured].subscribers|sum'),
        fig('analysis.nros[?status!=secured].subscribers|sum / analysis.nros.subscribers|sum', 'pct'),
      );
  const outage = new Set(sources.availability.nros.map((n) => n.nro));
  const rows = weak.slice(0, MAX_ROWS).map((n) => {
    const at = `analysis.nros[id=${n.id}]`;
    const links = rank.links.links.filter((l) => l.securedNros.includes(n.id)).map((l) => escapeHtml(l.id));
    const year = plan.years.findIndex((y) => y.securedNros.includes(n.id));
    const when = year < 0 ? m.notInPlan : m.securedInYear(fig(plan.years[year].calendarYear !== undefined ? `plan.years[${year}].calendarYear` : `plan.years[${year}].year`));
    return [
      `${ctx.site(n.id)}${n.status === 'isolated' ? ` <em>(${m.isolated})</em>` : ''}`,
      fig(`${at}.subscribers`),
      `<span class="ids">${n.criticalSections.map(escapeHtml).join(', ')}</span>`,
      n.criticalSites.map((s) => ctx.siteName(s)).join(', '),
      n.exposedBy.map(escapeHtml).join(', '),
      outage.has(n.id) ? fig(`availability.nros[nro=${n.id}].unavailabilityMinPerYear.lower`, 'min') : '–',
      links.length ? `<span class="ids">${links.join(', ')}</span>` : m.noLink,
      when,
    ];
  });
  const shared = analysis.nros.filter((n) => n.status === 'secured' && n.sharedRiskGroups.length > 0)
    .map((n) => `${ctx.site(n.id)} (${m.riskGroup(n.sharedRiskGroups.map((g) => `<span class="data">${escapeHtml(g)}</span>`).join(', '))})`);
  return `<section class="part" id="nros">
<h2>${m.nrosTitle}</h2>
<p class="lead">${lead}</p>
${weak.length ? `<p>${m.nrosHow}</p>\n${htmlTable(m.nrosCaption, m.nrosHeader, rows, [1, 5])}` : ''}
${weak.length > MAX_ROWS ? `<p class="small">${m.more(String(weak.length - MAX_ROWS))}</p>` : ''}
${shared.length ? `<p>${m.sharedRisk(ctx.list(shared))}</p>` : ''}
</section>`;
}

/**
 * Part 3, the worst cuts: of a section and of a site (`analyse`'s single-cut tables).
 *
 * @example
 * const html = cutsPart(reportContext(data, 'fr'));
 */
export function cutsPart(ctx: ReportContext): Html {
  const { m, fig, sources } = ctx;
  const { analysis } = sources;
  const kinds = new Map(ctx.data.topology.sites.map((s) => [s.id, s.kind]));
  const sectionCuts = analysis.cutImpact.filter((c) => c.subscribersCut > 0).slice(0, 8).map((c) => {
    const at = `analysis.cutImpact[section=${c.section}]`;
    return [
      `<span class="ids">${escapeHtml(c.section)}</span>`, ctx.ends(c.section), ctx.owner(c.section),
      ctx.list(c.isolatedNros.map((n) => ctx.siteName(n)), 4), fig(`${at}.subscribersCut`),
    ];
  });
  // A site's own failure cuts that site off: what the committee needs are the sites others hang on.
  const siteCuts = analysis.siteImpact.filter((c) => c.subscribersCut > 0 && (kinds.get(c.site) !== 'nro' || c.isolatedNros.length > 1)).slice(0, 6).map((c) => [
    ctx.site(c.site), ctx.list(c.isolatedNros.map((n) => ctx.siteName(n)), 5), fig(`analysis.siteImpact[site=${c.site}].subscribersCut`),
  ]);
  return `<section class="part" id="cuts">
<h2>${m.cutsTitle}</h2>
<p>${m.cutsLead}</p>
${sectionCuts.length ? htmlTable(m.sectionCutsCaption, m.sectionCutsHeader, sectionCuts, [4]) : `<p>${m.noSectionCut}</p>`}
${siteCuts.length ? htmlTable(m.siteCutsCaption, m.siteCutsHeader, siteCuts, [2]) : ''}
</section>`;
}

/**
 * Part 4, the dependence on each conduit owner: what is lost with all its conduits (`analyse`'s
 * `ownerImpact`, and `cut --owner --reroute`), a chart.
 *
 * @example
 * const html = await ownersPart(reportContext(data, 'fr'));
 */
export async function ownersPart(ctx: ReportContext): Promise<Html> {
  const { m, fig, sources } = ctx;
  const { analysis } = sources;
  const ownerRows = analysis.ownerImpact.map((o) => {
    const at = `analysis.ownerImpact[owner=${o.owner}]`;
    const cut = `cuts.owners[owner=${o.owner}].reroute`;
    return [
      escapeHtml(o.owner), fig(`${at}.sections`), fig(`${at}.lengthM`, 'km'), fig(`${at}.isolatedNros|count`), fig(`${at}.subscribersCut`),
      fig(`${cut}.rerouted|count`), fig(`${cut}.unprotected|count`), fig(`${cut}.sections|count`), fig(`${cut}.loadedFurther|count`),
    ];
  });
  const example = sources.cuts.owners.find((o) => o.subscribersCut === 0 && (o.reroute?.rerouted.length ?? 0) > 0);
  const reading = example
    ? `<p class="small">${m.ownersReading(escapeHtml(example.owner), fig(`cuts.owners[owner=${example.owner}].reroute.rerouted|count`), fig(`cuts.owners[owner=${example.owner}].reroute.loadedFurther|count`))}</p>`
    : '';
  const chart = await ownerChart(sources, m);
  return `<section class="part" id="owners">
<h2>${m.ownersTitle}</h2>
<p>${m.ownersLead}</p>
<figure class="chart">${chart}</figure>
${htmlTable(m.ownersCaption, m.ownersHeader, ownerRows, [1, 2, 3, 4, 5, 6, 7, 8])}
${reading}
</section>`;
}
