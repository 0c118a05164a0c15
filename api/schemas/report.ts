import { z } from 'zod';
import { ReportRequest } from '../../src/requests/report.js';
import { fromQuery, NetworkQuery } from './common.js';

const { budgetEur, years, yearlyCapEur, yearlyBudgetsEur, funding, lang } = ReportRequest.shape;

/** `1294984,1294983` → `[1294984, 1294983]`: the CLI's `--yearly-budgets`, as one query parameter. */
const commaNumbers = (v: unknown) => (typeof v === 'string' ? v.split(/[,;]/).map((x) => (x.trim() === '' ? Number.NaN : Number(x))) : v);

/**
 * The query string of `GET …/report`: the network options, the plan's budget, years and funding,
 * the language, and `format=pdf` (or `Accept: application/pdf`) for the PDF; strict, with the
 * request's own bounds.
 */
export const ReportQuery = NetworkQuery.extend({
  budgetEur: fromQuery(budgetEur).describe(budgetEur.description ?? ''),
  years: fromQuery(years).describe(years.description ?? ''),
  yearlyCapEur: fromQuery(yearlyCapEur).describe('cap on each year’s spending, € HT (default the budget spread evenly)'),
  yearlyBudgetsEur: z.preprocess(commaNumbers, yearlyBudgetsEur).describe('one budget per year, comma-separated (`1300000,1300000,1284950`), instead of years and yearlyCapEur'),
  funding: funding.describe('funding shares, as the CLI’s --funding: `France Relance=0.5,Région=0.227,Autofinancement=0.273` (default the seed’s A.2 action)'),
  lang: lang.removeDefault().optional().describe(lang.description ?? ''),
  format: z.enum(['html', 'pdf']).optional().describe('html (default) or pdf; also chosen by `Accept: application/pdf`'),
}).strict();
export type ReportQuery = z.infer<typeof ReportQuery>;
