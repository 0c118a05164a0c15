import { z } from 'zod';
import { PlanBody } from '../../src/requests/plan.js';
import { RankRequest } from '../../src/requests/rank.js';
import { FormatQuery, fromQuery, NetworkQuery } from './common.js';
import { documentOnly, named } from './registry.js';

const { detourFactor, eurPerM, perNro, objective } = RankRequest.shape;

/** The options of `rank`, as query parameters, with the request's own bounds. */
export const RankingQuery = z.object({
  detourFactor: fromQuery(detourFactor).describe(detourFactor.description ?? ''),
  eurPerM: fromQuery(eurPerM).describe(eurPerM.description ?? ''),
  perNro: fromQuery(perNro).describe(perNro.description ?? ''),
  objective: objective.removeDefault().optional().describe(objective.description ?? ''),
});

/** The query string of `GET …/rankings`; strict: an unknown parameter is a 400 naming it. */
export const RankingsQuery = NetworkQuery.extend(RankingQuery.shape).extend(FormatQuery.shape).strict();

/** The query string of `POST …/plans`; strict. */
export const PlanQuery = NetworkQuery.extend(FormatQuery.shape).strict();

const Rows = z.array(z.looseObject({}));

/** The `rank --json` document (documented by its main fields; sent as the engine returns it). */
export const Rankings = named('Rankings', documentOnly(z.object({
  links: z.looseObject({ links: Rows, baseline: z.looseObject({}) }).describe('the seed’s redundancy links by priority, then €/m, each with what it secures on its own'),
  valueOrdering: z.looseObject({}).describe('the links in the order that secures the most subscribers per euro'),
  desaturationWorks: z.looseObject({ model: z.string(), works: Rows }).describe('desaturation works by urgency, then €/m, with the sections they relieve'),
  proposedLinks: z.looseObject({ links: Rows }).describe('new candidate links for the NROs still single-homed'),
  warnings: z.object({ totals: Rows, rates: Rows }).describe('declared totals and rates that differ from the rows'),
})), 'Redundancy links and desaturation works ranked, and new links proposed: the same JSON as `fibre-resilience rank --json`.');

export const PlanRequest = named('PlanRequest', PlanBody, 'The budget and rules of a plan (the options of `fibre-resilience plan`).');

/** The `plan --json` document. */
export const Plan = named('Plan', documentOnly(z.looseObject({
  method: z.string().describe('MILP (HiGHS 1.15.3), exact (branch and bound) or lazy greedy with best-single fallback'),
  optimal: z.boolean().describe('true only when the method proved the selection optimal'),
  gap: z.number().nullable().describe('(bound − score) / max(1, score): 0 when proved, null when the method gives no bound'),
  bound: z.number().nullable().describe('no selection under this budget scores more'),
  solver: z.looseObject({ name: z.string(), status: z.string(), seconds: z.number(), nodes: z.number(), rounds: z.number() }).nullable()
    .describe('the MILP solver’s record: status (optimal, time-limit…), seconds, branch-and-bound nodes, rounds of solve and check'),
  budgetEur: z.number(),
  costEur: z.number(),
  selected: Rows.describe('the works selected, each with its payments by year'),
  years: Rows.describe('each year: cap, cost, works, funding, and what is secured and in service at its end'),
  funding: z.looseObject({}),
  notSelected: Rows,
  warnings: z.array(z.string()),
})), 'The best set of works under the budget, by year, with its funding: the same JSON as `fibre-resilience plan --json`.');
