import { z } from 'zod';
import { loadMilpSolver } from '../planning/milp/milp-solver.js';
import { parseFunding } from '../planning/plan/funding.js';
import { type Plan, PLAN_METHODS, type PlanMethod, planInvestments } from '../planning/plan/plan.js';
import { Ids, NetworkRequest } from './bounds.js';
import type { NetworkWorkspace } from './network-workspace.js';
import { scenarioOf } from './rank.js';
import { parseRequest } from './request-error.js';

/** Longest programme a plan spreads works over, in years. */
export const MAX_YEARS = 50;
/** Most candidates the branch and bound may be asked to take: past about 40 it no longer ends in seconds. */
export const MAX_EXACT_LIMIT = 40;
/** Longest the MILP may be given, seconds. */
export const MAX_TIME_LIMIT_S = 300;
const MAX_EUR = 1e12;

const Euros = z.number().min(0).max(MAX_EUR);

const Funding = z.union([
  z.string().max(2_000).describe('as the CLI’s --funding: "France Relance=0.5,Région=0.227,Own funds=0.273"'),
  z.array(z.strictObject({ source: z.string().min(1).max(200), share: z.number().min(0).max(1) })).min(1).max(50),
]);

/** The budget and rules of a programme of works (the body of `POST …/plans`). */
export const PlanBody = z.strictObject({
  budgetEur: Euros.describe('total budget, € HT'),
  years: z.number().int().min(1).max(MAX_YEARS).optional().describe('number of years (default 1, or the number of yearly budgets)'),
  yearlyCapEur: Euros.optional().describe('cap on each year’s spending (default the budget spread evenly)'),
  yearlyBudgetsEur: z.array(Euros).min(1).max(MAX_YEARS).optional().describe('one budget per year, instead of years and yearlyCapEur'),
  funding: Funding.optional().describe('funding shares applied to each year’s cost (default the A.2 action of the seed)'),
  mandatory: Ids(1_000).default([]).describe('ids of works forced into the plan'),
  mandatoryPriority: z.number().int().min(0).max(1_000).optional().describe('links of priority ≤ this and works of urgency ≤ this are forced in'),
  saturationWeight: z.number().min(0).max(1e6).optional().describe('weight of saturation cleared against subscribers secured'),
  objective: z.enum(['subscribers', 'subscriber-hours']).optional()
    .describe('subscribers (default): subscribers secured, then saturation cleared; subscriber-hours: expected subscriber-hours of outage avoided a year under the topology’s failure model (docs/availability.md)'),
  exactLimit: z.number().int().min(0).max(MAX_EXACT_LIMIT).optional()
    .describe(`without the MILP: branch and bound up to this many candidates (at most ${MAX_EXACT_LIMIT}), lazy greedy above (default 25)`),
  method: z.enum(PLAN_METHODS as [PlanMethod, ...PlanMethod[]]).optional()
    .describe('auto (default): the MILP (HiGHS) for the subscribers objective, else branch and bound up to exactLimit candidates, lazy greedy above; or milp, branch-and-bound, greedy'),
  timeLimitS: z.number().positive().max(MAX_TIME_LIMIT_S).optional()
    .describe(`seconds the MILP may take, its three stages together (default 30, at most ${MAX_TIME_LIMIT_S}); on a time-out the best plan found and its gap`),
  startYear: z.number().int().min(1900).max(2200).optional()
    .describe('calendar year of the programme’s year 1 (default the smallest deploymentYear of the NROs): an NRO counts only once in service'),
  propose: z.boolean().optional().describe('also take as candidates new links proposed by geometry for every NRO single-homed in the baseline'),
  perNro: z.number().int().min(1).max(20).optional().describe('with propose: links proposed per single-homed NRO (default 3)'),
  detourFactor: z.number().min(1).max(10).optional().describe('with propose: route length = straight line × this (default 1.3)'),
  eurPerM: z.number().min(0).max(100_000).optional().describe('with propose: cost per metre of a proposed link, € HT (default 25)'),
});

/** `plan`: the network, the budget and the rules. */
export const PlanRequest = PlanBody.extend({ network: NetworkRequest.prefault({}) })
  .refine((r) => !(r.yearlyCapEur !== undefined && r.yearlyBudgetsEur !== undefined), {
    message: 'give a yearly cap or yearly budgets, not both', path: ['yearlyBudgetsEur'],
  })
  .refine((r) => r.propose === true || (r.perNro === undefined && r.detourFactor === undefined && r.eurPerM === undefined), {
    message: 'perNro, detourFactor and eurPerM shape the proposed links: give them with propose', path: ['propose'],
  })
  // Subscriber-hours are not linear: hundreds of candidates would leave only the greedy, minutes of availability analyses.
  .refine((r) => !(r.propose === true && r.objective === 'subscriber-hours'), {
    message: 'proposals are planned with the subscribers objective (the MILP); the subscriber-hours objective takes the topology’s own works', path: ['propose'],
  });
export type PlanRequest = z.input<typeof PlanRequest>;

/**
 * The works that secure the most subscribers and clear the most saturation under a budget, by
 * year, with their funding (docs/analysis.md), chosen by the MILP (HiGHS, loaded once per
 * process). Out-of-domain rules (a mandatory work over the budget…) throw `InvalidOptionError`
 * naming the field.
 *
 * @example
 * (await planRequest(workspace, { budgetEur: 3_884_950, years: 3 })).years.map((y) => y.costEur);
 */
export async function planRequest(workspace: NetworkWorkspace, input: PlanRequest): Promise<Plan> {
  const request = parseRequest(PlanRequest, input, 'plan');
  const { network, funding, mandatoryPriority, propose, perNro, detourFactor, eurPerM, ...rules } = request;
  const solver = await loadMilpSolver();
  return workspace.network(network).memo(JSON.stringify(['plan', request]), () => planInvestments(workspace.topology, {
    ...scenarioOf(network),
    ...rules,
    funding: typeof funding === 'string' ? parseFunding(funding) : funding,
    mandatoryRank: mandatoryPriority,
    ...(propose && { propose: { perNro, detourFactor, eurPerM } }),
    solver,
  }));
}
