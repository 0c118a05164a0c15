import { z } from 'zod';
import { Installation, SiteKind } from '../model/schema.js';
import { geometricCandidates } from '../planning/augmentation/geometric-candidates.js';
import { type Augmentation, type AugmentationTarget, minCostAugmentation } from '../planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver } from '../planning/milp/milp-solver.js';
import { NetworkRequest } from './bounds.js';
import type { NetworkWorkspace } from './network-workspace.js';
import { scenarioOf } from './rank.js';
import { parseRequest } from './request-error.js';

/** Longest a request may let the solver run, seconds. */
export const MAX_TIME_LIMIT_S = 300;
/** Largest radius a request may ask for, metres: beyond, a national network has millions of pairs. */
export const MAX_RADIUS_M = 100_000;
const MAX_EUR = 1e12;

const Rate = z.number().min(0).max(100_000);
/** € per metre: one rate, or one per kind of works. */
const RateTable = z.union([Rate, z.strictObject(Object.fromEntries(Installation.options.map((i) => [i, Rate.optional()])) as Record<Installation, z.ZodOptional<typeof Rate>>)]);

/** The question of `POST …/proposals` (the options of `fibre-resilience propose`). */
export const ProposeBody = z.strictObject({
  target: z.enum(['every-nro', 'risk-groups', 'every-site', 'share']).optional()
    .describe('every-nro (default): every NRO secured; risk-groups: and cut off by no single risk group; every-site: every analysed site secured; share: a share of the subscribers not secured today (default when share or budgetEur is given)'),
  share: z.number().min(0).max(1).optional().describe('target share: the share (0…1) of the subscribers of the NROs not secured today to secure (default 1, or 0 with a budget)'),
  budgetEur: z.number().min(0).max(MAX_EUR).optional().describe('target share: the most subscribers within this budget, € HT'),
  radiusM: z.number().min(0).max(MAX_RADIUS_M).optional().describe('candidates: sites within this straight-line distance of each other, metres (default 15 000)'),
  detourFactor: z.number().min(1).max(10).optional().describe('candidates: route length = straight line × this (default 1.3)'),
  eurPerM: RateTable.optional().describe('candidates: € HT per metre, one rate or one per kind of works (default duct 25, buried 60, aerial 12, facade 20, bridge 150)'),
  ownerEurPerM: z.record(z.string().min(1).max(200), RateTable).refine((r) => Object.keys(r).length <= 50, 'at most 50 owners').optional()
    .describe('candidates: € HT per metre by owner, over eurPerM'),
  owner: z.string().min(1).max(200).optional().describe('candidates: owner of the new links (default SMSN)'),
  installation: Installation.optional().describe('candidates: how the new links would be laid (default duct)'),
  kinds: z.array(SiteKind).min(1).max(4).optional().describe('candidates: kinds of site a new link joins (default headend, pop, nro)'),
  includeTopologyLinks: z.boolean().optional().describe('the topology’s own redundancy links are candidates too (default true)'),
  includeRentableConduits: z.boolean().optional().describe('the topology’s rentable conduits are candidates (default true)'),
  timeLimitS: z.number().positive().max(MAX_TIME_LIMIT_S).optional().describe(`seconds the solver may take in all (default 30, at most ${MAX_TIME_LIMIT_S})`),
  exactLimit: z.number().int().min(0).max(100_000).optional().describe('candidates above which the MILP is not tried: greedy and LP lower bound (default 25 000)'),
});

/** `propose`: the network, the target, how candidates are made. */
export const ProposeRequest = ProposeBody.extend({ network: NetworkRequest.prefault({}) }).superRefine((r, context) => {
  if (r.target !== undefined && r.target !== 'share') {
    for (const field of ['share', 'budgetEur'] as const) {
      if (r[field] !== undefined) context.addIssue({ code: 'custom', path: [field], message: `${field} goes with the target share, not ${r.target}` });
    }
  }
});
export type ProposeRequest = z.input<typeof ProposeRequest>;

/**
 * The cheapest set of new links that secures every NRO (or meets another target), how far the
 * topology's own list is from it, and each link's figures as in the seed's table
 * (docs/proposals.md): candidates by geometry, then the minimum-cost augmentation by MILP.
 * A budget below the cheapest set reaching the share throws `InvalidOptionError('budgetEur')`
 * saying what that set costs.
 *
 * @example
 * (await proposeRequest(workspace, { radiusM: 20_000 })).costEur;
 */
export async function proposeRequest(workspace: NetworkWorkspace, input: ProposeRequest): Promise<Augmentation> {
  const request = parseRequest(ProposeRequest, input, 'propose');
  const { network, target, share, budgetEur, timeLimitS, exactLimit, ...geometry } = request;
  const solver = await loadMilpSolver();
  const scenario = scenarioOf(network);
  return workspace.network(network).memo(JSON.stringify(['proposals', request]), () => {
    const candidates = geometricCandidates(workspace.topology, { ...scenario, ...geometry });
    return minCostAugmentation(workspace.topology, { ...scenario, candidates, solver, target: targetOf(target, share, budgetEur), timeLimitS, exactLimit });
  });
}

/** The target of a request: share when a share or a budget is given, else every NRO. */
function targetOf(kind: ProposeRequest['target'], share: number | undefined, budgetEur: number | undefined): AugmentationTarget {
  const resolved = kind ?? (share !== undefined || budgetEur !== undefined ? 'share' : 'every-nro');
  if (resolved !== 'share') return { kind: resolved };
  return { kind: 'share', share: share ?? (budgetEur !== undefined ? 0 : 1), ...(budgetEur !== undefined && { budgetEur }) };
}
