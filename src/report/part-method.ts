import { escapeHtml, type Html, htmlTable } from './html.js';
import type { ReportContext } from './report-context.js';

/**
 * The command line that gives an answer, with the report's network options: what a planner runs to check a figure.
 *
 * @example
 * commandOf(ctx, 'analyse'); // 'fibre-resilience analyse FILE --json'
 */
export function commandOf(ctx: ReportContext, command: string, extra = ''): string {
  const { network } = ctx.data.request;
  const options = [
    ...network.headends.map((h) => `--headend ${h}`),
    ...(network.includePlanned ? ['--include-planned'] : []),
    ...network.withLinks.map((l) => `--with-link ${l}`),
  ];
  return ['fibre-resilience', command, 'FILE', extra, ...options, '--json'].filter(Boolean).join(' ');
}

/** A command line that breaks between its words only (never inside `--years`), commands joined by ` ; ` one under the other. */
const commandHtml = (command: string) =>
  command.split(' ; ').map((line) => line.split(' ').map((word) => `<span class="word">${escapeHtml(word)}</span>`).join(' ')).join('<br>');

/** The plan's options as `plan` takes them. */
function planOptions(ctx: ReportContext): string {
  const { plan } = ctx.data.request;
  const quote = (s: string) => (/[\s"]/.test(s) ? `"${s.replace(/"/g, '\\"')}"` : s);
  const funding = typeof plan.funding === 'string' ? plan.funding : plan.funding?.map((f) => `${f.source}=${f.share}`).join(',');
  return [
    `--budget ${plan.budgetEur}`,
    plan.years !== undefined ? `--years ${plan.years}` : '',
    plan.yearlyCapEur !== undefined ? `--yearly-cap ${plan.yearlyCapEur}` : '',
    plan.yearlyBudgetsEur !== undefined ? `--yearly-budgets ${plan.yearlyBudgetsEur.join(',')}` : '',
    funding !== undefined ? `--funding ${quote(funding)}` : '',
  ].filter(Boolean).join(' ');
}

/**
 * Parts 8 and 9: the method and its assumptions in plain words, and where every figure is read.
 *
 * @example
 * const html = methodPart(reportContext(data, 'en'));
 */
export function methodPart(ctx: ReportContext): Html {
  const { m, fig, sources, data } = ctx;
  const model = sources.availability.model;
  const installation = model.defaultInstallation;
  const headends = ctx.list(sources.analysis.headends.map((h) => ctx.site(h)), 8);
  const rows: Array<[string, string]> = [
    [m.sourcesRows.network, `${commandOf(ctx, 'validate')} ; ${commandOf(ctx, 'rank')}`],
    [m.sourcesRows.nros, commandOf(ctx, 'analyse')],
    [m.sourcesRows.cuts, commandOf(ctx, 'cut', '--owner NAME --reroute')],
    [m.sourcesRows.saturation, commandOf(ctx, 'saturation')],
    [m.sourcesRows.ranking, commandOf(ctx, 'rank')],
    [m.sourcesRows.plan, commandOf(ctx, 'plan', planOptions(ctx))],
    [m.sourcesRows.outage, commandOf(ctx, 'availability')],
  ];
  const provenance = data.topology.provenance ?? data.topology.description;
  return `<section class="part" id="method">
<h2>${m.methodTitle}</h2>
<p>${m.methodSecured}</p>
<p>${m.methodNetwork(data.request.network.includePlanned, headends)}</p>
<p>${m.methodSaturation(fig('saturation.fibresPerRoute'), fig('saturation.nearRatio', 'pct'), fig('saturation.saturatedRatio', 'pct'))}</p>
<p>${m.methodRanking}</p>
<p>${m.methodPlan}</p>
<p>${m.methodAvailability(
    fig(`availability.model.installations.${installation}.cutsPer1000KmYear`, 'dec'), fig(`availability.model.installations.${installation}.mttrHours`, 'dec'),
    fig('availability.model.siteKinds.pop.ratePerYear', 'dec'), fig('availability.model.siteKinds.pop.mttrHours', 'dec'),
  )}</p>
<p>${m.methodLimits}</p>
</section>
<section class="part" id="sources">
<h2>${m.sourcesTitle}</h2>
<p>${m.sourcesLead}</p>
${htmlTable('', [...m.sourcesHeader], rows.map(([part, command]) => [part, `<code>${commandHtml(command)}</code>`]))}
<p class="small">${m.traceNote}</p>
${provenance ? `<p class="small">${m.provenance}</p>\n<blockquote class="data">${escapeHtml(provenance)}</blockquote>` : ''}
</section>`;
}
