import { escapeHtml, type Html, htmlTable } from './html.js';
import { MAX_ROWS } from './part-resilience.js';
import type { ReportContext } from './report-context.js';

/**
 * Part 6, what each work buys: the redundancy links and the desaturation works as `rank` ranks
 * them, each with the subscriber-hours it avoids (`availability`) and its year in the plan; the
 * links proposed beyond the list; the planned head-end.
 *
 * @example
 * const html = worksPart(reportContext(data, 'en'));
 */
export function worksPart(ctx: ReportContext): Html {
  const { m, fig, sources } = ctx;
  const { rank, plan, availability } = sources;
  const years = new Map(plan.selected.map((w) => [w.id, w]));
  const inPlan = (id: string) => (years.has(id) ? m.securedInYear(fig(`plan.selected[id=${id}].payments[0].year`)) : m.left);
  const worth = new Set(availability.works.map((w) => w.id));
  const links = rank.links.links.slice(0, MAX_ROWS).map((l) => {
    const at = `rank.links.links[id=${l.id}]`;
    return [
      fig(`${at}.priority`),
      `${ctx.siteName(l.a)} – ${ctx.siteName(l.b)} <span class="id">${escapeHtml(l.id)}</span>`,
      fig(`${at}.lengthM`, 'km'), fig(`${at}.costEur`, 'eur'),
      l.buysNothing ? `<em>${m.buysNothing}</em>` : ctx.list(l.securedNros.map((n) => ctx.siteName(n)), 4),
      fig(`${at}.subscribersSecured`), fig(`${at}.eurPerSubscriber`, 'eur'),
      worth.has(l.id) ? fig(`availability.works[id=${l.id}].subscriberHoursAvoidedPerYear.expected`) : '–',
      inPlan(l.id),
    ];
  });
  const addNothing = rank.valueOrdering.addNothing.length
    ? `<p class="small">${m.addNothing(rank.valueOrdering.addNothing.map((id) => `<span class="id">${escapeHtml(id)}</span>`).join(', '), rank.valueOrdering.addNothing.length > 1)}</p>`
    : '';
  const works = rank.desaturationWorks.works.slice(0, MAX_ROWS).map((w) => {
    const at = `rank.desaturationWorks.works[id=${w.id}]`;
    const ratios = (side: 'before' | 'after') => w.sections.map((s) => fig(`${at}.sections[section=${s.section}].${side}.ratio`, 'pct')).join(', ');
    return [
      fig(`${at}.urgency`), `${escapeHtml(w.label)} <span class="id">${escapeHtml(w.id)}</span>`, escapeHtml(w.owner), fig(`${at}.costEur`, 'eur'),
      w.sectionsCleared.length ? `<span class="ids">${w.sectionsCleared.map(escapeHtml).join(', ')}</span>` : `<em>${m.noWork}</em>`,
      ratios('before'), ratios('after'), inPlan(w.id),
    ];
  });
  const proposed = rank.proposedLinks;
  const proposals = proposed.singleHomedNros.length === 0
    ? `<p>${m.proposalsNone}</p>`
    : `<p>${m.proposalsLead(fig('rank.proposedLinks.singleHomedNros|count'), ctx.list(proposed.singleHomedNros.map((n) => ctx.siteName(n))))}</p>
${htmlTable(m.proposalsCaption, m.proposalsHeader, proposed.links.slice(0, MAX_ROWS).map((l) => {
    const at = `rank.proposedLinks.links[id=${l.id}]`;
    return [ctx.site(l.forNro), ctx.site(l.b), fig(`${at}.lengthM`, 'km'), fig(`${at}.costEur`, 'eur'), fig(`${at}.subscribersSecured`), fig(`${at}.eurPerSubscriber`, 'eur')];
  }), [2, 3, 4, 5])}`;
  const headends = availability.works.filter((w) => w.kind === 'headend').map((w) => {
    const linksHours = 'availability.works[?kind=redundancyLink].subscriberHoursAvoidedPerYear.expected|sum';
    const hours = `availability.works[id=${w.id}].subscriberHoursAvoidedPerYear.expected`;
    return `<p>${m.headendWorth(ctx.site(w.id), fig(hours), fig(linksHours), (fig.value(hours) ?? 0) > (fig.value(linksHours) ?? 0))}</p>`;
  });
  return `<section class="part" id="works">
<h2>${m.rankingTitle}</h2>
${rank.links.links.length === 0 ? `<p>${m.noLinks}</p>` : `<p>${m.linksLead(fig('rank.links.links|count'), fig('rank.links.links.lengthM|sum', 'km'), fig('rank.links.links.costEur|sum', 'eur'))}</p>
${htmlTable(m.linksCaption, m.linksHeader, links, [0, 2, 3, 5, 6, 7])}`}
${addNothing}
${headends.join('\n')}
<div class="page-break">${works.length ? htmlTable(m.worksCaption, m.worksHeader, works, [0, 3, 5, 6]) : ''}</div>
<h3>${m.proposalsTitle}</h3>
${proposals}
</section>`;
}
