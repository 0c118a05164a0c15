import { fundingChart } from './charts.js';
import { escapeHtml, type Html, htmlTable } from './html.js';
import { MAX_ROWS } from './part-resilience.js';
import type { ReportContext } from './report-context.js';

/**
 * A work as a reader names it: a link by the sites it joins, a desaturation work by its label; its id after.
 *
 * @example
 * workName(ctx, { id: 'R-06', kind: 'redundancy link', label: 'NRO-HAM – NRO-CRO' }); // 'Ham – Croix-Moligneaux <span class="id">R-06</span>'
 */
export function workName(ctx: ReportContext, work: { id: string; kind: string; label: string }): Html {
  const name = work.kind === 'redundancy link' && ctx.ends(work.id) ? ctx.ends(work.id) : escapeHtml(work.label);
  return `${name} <span class="id">${escapeHtml(work.id)}</span>`;
}

const ADDS_NOTHING = 'adds nothing to the selected works';

/**
 * Why the plan leaves a work out, in the reader's words: for a work that adds nothing, what the
 * rankings say of it — the NROs a link would secure are secured by the links chosen, a
 * desaturation work relieves no strained section (its sections' load before it).
 */
function whyLeftOut(ctx: ReportContext, work: { id: string; kind: string; reason: string }, left: Html): Html {
  const { m, fig, sources } = ctx;
  if (work.reason === ADDS_NOTHING && work.kind === 'redundancy link') {
    const link = sources.rank.links.links.find((l) => l.id === work.id);
    const secured = new Set(sources.plan.value.securedNros);
    if (link && link.securedNros.length > 0 && link.securedNros.every((n) => secured.has(n))) return m.reasonCovered(ctx.list(link.securedNros.map((n) => ctx.siteName(n))));
  }
  if (work.reason === ADDS_NOTHING && work.kind === 'desaturation work') {
    const ranked = sources.rank.desaturationWorks.works.find((w) => w.id === work.id);
    if (ranked?.buysNothing) {
      const at = `rank.desaturationWorks.works[id=${work.id}]`;
      return m.reasonNoStrain(ranked.sections.map((s) => m.loadedAt(escapeHtml(s.section), fig(`${at}.sections[section=${s.section}].before.ratio`, 'pct'))).join(', '));
    }
  }
  return m.reason(work.reason, left);
}

/**
 * Part 7, the programme year by year (`plan`): what it buys, each year's spending and funding
 * (a chart), the works of each year, what is left out and why, and how sure the choice is.
 *
 * @example
 * const html = await planPart(reportContext(data, 'fr'));
 */
export async function planPart(ctx: ReportContext): Promise<Html> {
  const { m, fig, sources } = ctx;
  const { plan } = sources;
  if (plan.candidates === 0) return `<section class="part" id="plan">\n<h2>${m.planTitle}</h2>\n<p class="lead">${m.planNone}</p>\n</section>`;
  const sameCap = plan.years.every((y) => y.capEur === plan.years[0].capEur);
  const caps = sameCap ? m.capEach(fig('plan.years[0].capEur', 'eur')) : m.capList(plan.years.map((_, i) => fig(`plan.years[${i}].capEur`, 'eur')).join(', '));
  const lead = m.planLead(
    fig('plan.budgetEur', 'eur'), fig('plan.years|count'), caps, fig('plan.selected|count'), fig('plan.costEur', 'eur'),
    fig('plan.value.securedNros|count'), fig('plan.value.subscribersSecured'), fig('plan.value.clearedSections|count'),
  );
  const yearName = (i: number) => m.yearLabel(fig(plan.years[i].calendarYear !== undefined ? `plan.years[${i}].calendarYear` : `plan.years[${i}].year`));
  const funders = plan.funding.shares.map((s) => `<span class="data">${escapeHtml(s.source)}</span>`);
  const yearRows = plan.years.map((y, i) => [
    yearName(i), fig(`plan.years[${i}].capEur`, 'eur'), fig(`plan.years[${i}].costEur`, 'eur'),
    ...y.funding.map((_, f) => fig(`plan.years[${i}].funding[${f}].amountEur`, 'eur')),
    fig(`plan.years[${i}].securedNros|count`), fig(`plan.years[${i}].subscribersSecured`),
  ]);
  yearRows.push([
    `<strong>${m.total}</strong>`, fig('plan.years.capEur|sum', 'eur'), `<strong>${fig('plan.costEur', 'eur')}</strong>`,
    ...plan.funding.totals.map((_, f) => `<strong>${fig(`plan.funding.totals[${f}].amountEur`, 'eur')}</strong>`), '', '',
  ]);
  const numeric = Array.from({ length: yearRows[0].length - 1 }, (_, c) => c + 1);
  const shares = plan.funding.shares.map((s, i) => `${escapeHtml(s.source)} ${fig(`plan.funding.shares[${i}].share`, 'pct')}`).join(', ');
  const selected = new Map(plan.selected.map((w) => [w.id, w]));
  const workRows = plan.years.flatMap((y, i) => y.works.map((id) => {
    const w = selected.get(id)!;
    return [yearName(i), workName(ctx, w), m.kind(w.kind), fig(`plan.selected[id=${id}].rank`), fig(`plan.selected[id=${id}].costEur`, 'eur')];
  }));
  const left = fig('plan.spendableEur - plan.costEur', 'eur');
  const labels = new Map([...(ctx.data.topology.desaturationWorks ?? []).map((w) => [w.id, w.label] as const)]);
  const notSelected = plan.notSelected.map((w) => [
    workName(ctx, { id: w.id, kind: w.kind, label: labels.get(w.id) ?? w.id }), m.kind(w.kind), fig(`plan.notSelected[id=${w.id}].costEur`, 'eur'), whyLeftOut(ctx, w, left),
  ]);
  const milp = plan.solver !== null;
  const proof = m.planProof(plan.optimal, milp, plan.gap === null ? null : fig('plan.gap', 'pct'));
  const chart = await fundingChart(sources, m);
  return `<section class="part" id="plan">
<h2>${m.planTitle}</h2>
<p class="lead">${lead}</p>
<p>${m.fundingKey(shares)} ${proof}</p>
<figure class="chart">${chart}</figure>
${htmlTable(m.yearsCaption, m.yearsHeader(funders), yearRows, numeric)}
${htmlTable(m.worksByYearCaption, m.worksByYearHeader, workRows.slice(0, MAX_ROWS), [3, 4])}
${workRows.length > MAX_ROWS ? `<p class="small">${m.more(String(workRows.length - MAX_ROWS))}</p>` : ''}
<h3>${m.notSelectedTitle}</h3>
${notSelected.length ? htmlTable(m.notSelectedCaption, m.notSelectedHeader, notSelected, [2]) : ''}
<p>${m.unspent(left)}</p>
</section>`;
}
