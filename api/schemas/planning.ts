import { z } from 'zod';
import { documentOnly, named } from './registry.js';

const positive = (description: string) => z.coerce.number().positive().optional().describe(description);

export const RankingQuery = z.object({
  detourFactor: positive('proposed links: route length = straight line × this (default 1.3)'),
  eurPerM: positive('proposed links: cost per metre, € HT (default 25)'),
  perNro: z.coerce.number().int().positive().optional().describe('proposed links: candidates per single-homed NRO (default 2)'),
});

const Rows = z.array(z.looseObject({}));

/** The `rank --json` document (documented by its main fields; sent as the engine returns it). */
export const Rankings = named('Rankings', documentOnly(z.object({
  links: z.looseObject({ links: Rows, baseline: z.looseObject({}) }).describe('the seed’s redundancy links by priority, then €/m, each with what it secures on its own'),
  valueOrdering: z.looseObject({}).describe('the links in the order that secures the most subscribers per euro'),
  desaturationWorks: z.looseObject({ model: z.string(), works: Rows }).describe('desaturation works by urgency, then €/m, with the sections they relieve'),
  proposedLinks: z.looseObject({ links: Rows }).describe('new candidate links for the NROs still single-homed'),
  warnings: z.object({ totals: Rows, rates: Rows }).describe('declared totals and rates that differ from the rows'),
})), 'Redundancy links and desaturation works ranked, and new links proposed: the same JSON as `fibre-resilience rank --json`.');

const Funding = z.union([
  z.string().describe('as the CLI’s --funding: "France Relance=0.5,Région=0.227,Own funds=0.273"'),
  z.array(z.strictObject({ source: z.string().min(1), share: z.number().min(0).max(1) })),
]);

export const PlanRequest = named('PlanRequest', z.strictObject({
  budgetEur: z.number().min(0).describe('total budget, € HT'),
  years: z.number().int().min(1).optional().describe('number of years (default 1, or the number of yearly budgets)'),
  yearlyCapEur: z.number().min(0).optional().describe('cap on each year’s spending (default the budget spread evenly)'),
  yearlyBudgetsEur: z.array(z.number().min(0)).min(1).optional().describe('one budget per year, instead of years and yearlyCapEur'),
  funding: Funding.optional().describe('funding shares applied to each year’s cost (default the A.2 action of the seed)'),
  mandatory: z.array(z.string().min(1)).optional().describe('ids of works forced into the plan'),
  mandatoryPriority: z.number().int().min(0).optional().describe('links of priority ≤ this and works of urgency ≤ this are forced in'),
  saturationWeight: z.number().min(0).optional().describe('weight of saturation cleared against subscribers secured'),
  exactLimit: z.number().int().min(0).optional().describe('exact search up to this many candidates, lazy greedy above (default 25)'),
}).refine((r) => !(r.yearlyCapEur !== undefined && r.yearlyBudgetsEur !== undefined), {
  message: 'yearlyCapEur and yearlyBudgetsEur: choose one', path: ['yearlyBudgetsEur'],
}), 'The budget and rules of a plan (the options of `fibre-resilience plan`).');

/** The `plan --json` document. */
export const Plan = named('Plan', documentOnly(z.looseObject({
  method: z.string(),
  optimal: z.boolean(),
  budgetEur: z.number(),
  costEur: z.number(),
  selected: Rows.describe('the works selected, each with its payments by year'),
  years: Rows.describe('each year: cap, cost, works, funding'),
  funding: z.looseObject({}),
  notSelected: Rows,
  warnings: z.array(z.string()),
})), 'The best set of works under the budget, by year, with its funding: the same JSON as `fibre-resilience plan --json`.');
