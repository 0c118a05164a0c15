import { type SaturationBar, saturationChart } from './charts.js';
import { escapeHtml, type Html, htmlTable } from './html.js';
import { MAX_ROWS } from './part-resilience.js';
import type { ReportContext } from './report-context.js';

/**
 * Part 5, saturation: the strained sections (`saturation`'s `sections`, near or saturated) and
 * their load once the programme's desaturation works are done (each work's `after`).
 *
 * @example
 * const html = await saturationPart(reportContext(data, 'fr'));
 */
export async function saturationPart(ctx: ReportContext): Promise<Html> {
  const { m, fig, sources } = ctx;
  const { saturation, plan, rank } = sources;
  const all = saturation.sections.filter((s) => s.state === 'near' || s.state === 'saturated').length;
  const strained = saturation.sections.filter((s) => s.state === 'near' || s.state === 'saturated').slice(0, MAX_ROWS);
  const chosen = new Set(plan.selected.map((w) => w.id));
  const bars: SaturationBar[] = [];
  const rows = strained.map((s) => {
    const works = saturation.desaturationWorks.filter((w) => w.sections.some((x) => x.section === s.section && x.analysed));
    const work = works.find((w) => chosen.has(w.id)) ?? works[0];
    const inPlan = work !== undefined && chosen.has(work.id);
    const before = `saturation.sections[section=${s.section}].ratio`;
    const after = inPlan ? `saturation.desaturationWorks[id=${work.id}].sections[section=${s.section}].after.ratio` : before;
    bars.push({ label: `${s.section} ${ctx.endsText(s.section)}`, before: fig.value(before) ?? 0, after: fig.value(after) });
    const year = inPlan ? m.securedInYear(fig(`plan.selected[id=${work.id}].payments[0].year`)) : work ? m.left : '–';
    return [
      `<span class="ids">${escapeHtml(s.section)}</span>`, ctx.ends(s.section), escapeHtml(s.owner),
      fig(`saturation.sections[section=${s.section}].capacityFibres`), fig(`saturation.sections[section=${s.section}].loadFibres`), fig(before, 'pct'),
      work ? `${escapeHtml(work.label)} <span class="id">${escapeHtml(work.id)}</span>` : m.noWork,
      fig(after, 'pct'), year,
    ];
  });
  if (strained.length === 0) {
    return `<section class="part" id="saturation">\n<h2>${m.saturationTitle}</h2>\n<p class="lead">${m.saturationNone}</p>\n</section>`;
  }
  const chart = await saturationChart(bars, saturation.nearRatio, saturation.saturatedRatio, m);
  const together = rank.desaturationWorks.works.length
    ? `<p>${m.worksTogether(fig('rank.desaturationWorks.works|count'), fig('rank.desaturationWorks.together.sectionsCleared|count'),
        fig('rank.desaturationWorks.together.unblockedNros|count'), fig('rank.desaturationWorks.together.subscribersUnblocked'))}</p>`
    : '';
  return `<section class="part" id="saturation">
<h2>${m.saturationTitle}</h2>
<p class="lead">${m.saturationLead(fig('saturation.summary.sections.saturated'), fig('saturation.summary.sections.near'))}</p>
${together}
<figure class="chart">${chart}</figure>
${htmlTable(m.saturationCaption, m.saturationHeader, rows, [3, 4, 5, 7])}
${all > MAX_ROWS ? `<p class="small">${m.more(String(all - MAX_ROWS))}</p>` : ''}
</section>`;
}
