import { z } from 'zod';
import { REPORT_LANGS, type ReportLang } from '../report/figures.js';
import { reportData } from '../report/report-data.js';
import { reportHtml } from '../report/report-html.js';
import { NetworkRequest } from './bounds.js';
import type { NetworkWorkspace } from './network-workspace.js';
import { PlanBody } from './plan.js';
import { parseRequest } from './request-error.js';

/** Years of the programme a report plans when the request names none: the seed's programme runs three years. */
export const REPORT_DEFAULT_YEARS = 3;

const { budgetEur, years, yearlyCapEur, yearlyBudgetsEur, funding } = PlanBody.shape;

/** `report`: the network, the plan's budget, years and funding, and the language. */
export const ReportRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  budgetEur: budgetEur.optional().describe('the plan’s total budget, € HT (default: the cost of every candidate work)'),
  years: years.describe(`number of years of the programme (default ${REPORT_DEFAULT_YEARS}, or the number of yearly budgets)`),
  yearlyCapEur,
  yearlyBudgetsEur,
  funding,
  lang: z.enum(REPORT_LANGS as [ReportLang, ...ReportLang[]]).default('fr').describe('language of the report: fr (default) or en'),
}).refine((r) => !(r.yearlyCapEur !== undefined && r.yearlyBudgetsEur !== undefined), {
  message: 'give a yearly cap or yearly budgets, not both', path: ['yearlyBudgetsEur'],
});
export type ReportRequest = z.input<typeof ReportRequest>;

/**
 * The committee report (docs/report.md) as one self-contained HTML document: every figure read
 * from the answers of `analyse`, `saturation`, `rank`, `plan`, `availability`, `validate` and
 * `cut --owner --reroute` on the same network. Without a budget, the plan may spend what every
 * candidate work costs; without years, three.
 *
 * @example
 * const { html } = await reportRequest(workspace, { budgetEur: 3_884_950, years: 3 });
 */
export async function reportRequest(workspace: NetworkWorkspace, input: ReportRequest): Promise<{ html: string }> {
  const { network, lang, budgetEur: budget, years: asked, yearlyCapEur: cap, yearlyBudgetsEur: budgets, funding: shares } = parseRequest(ReportRequest, input, 'report');
  const { topology } = workspace;
  const everything = [...(topology.redundancyLinks ?? []), ...(topology.desaturationWorks ?? [])].reduce((t, w) => t + w.costEur, 0);
  const plan = {
    budgetEur: budget ?? everything,
    years: asked ?? (budgets === undefined ? REPORT_DEFAULT_YEARS : undefined),
    ...(cap !== undefined && { yearlyCapEur: cap }),
    ...(budgets !== undefined && { yearlyBudgetsEur: budgets }),
    ...(shares !== undefined && { funding: shares }),
  };
  const data = await reportData(workspace, { network, plan });
  return { html: await reportHtml(data, { lang }) };
}
