import { compareIds } from '../../analysis/id-order.js';
import { KIND_NRO, SITE_KINDS } from '../../graph/compile.js';
import { InvalidOptionError } from '../../model/errors.js';
import type { SiteKind, Topology } from '../../model/schema.js';
import type { MilpSolver, MilpStatus } from '../milp/milp-solver.js';
import type { ScenarioOptions } from '../link-scenario.js';
import { type Assessment, assess, augmentationInstance, type AugmentationInstance, meetsOf } from './augmentation-instance.js';
import { CutPool, violatedCuts } from './augmentation-cuts.js';
import { costOf, coverSet, type Run, shareSet } from './augmentation-stages.js';
import type { AugmentationCandidate, CandidateSource } from './geometric-candidates.js';
import { type Proposal, proposalFigures } from './proposal-figures.js';

/**
 * What the set of new links must achieve (docs/proposals.md):
 * * `every-nro`: every NRO secured (two section-disjoint paths to the head-ends);
 * * `risk-groups`: every NRO secured and cut off by no single risk group;
 * * `every-site`: every analysed site secured (NetworkX's k_edge_augmentation(k = 2) once the head-ends are one node);
 * * `share`: the cheapest set securing that share of the subscribers of the NROs not secured
 *   today; with `budgetEur`, the most subscribers within the budget (at least that share).
 */
export type AugmentationTarget =
  | { kind: 'every-nro' }
  | { kind: 'risk-groups' }
  | { kind: 'every-site' }
  | { kind: 'share'; share: number; budgetEur?: number };

export interface AugmentationOptions extends ScenarioOptions {
  /** The links that may be built (`geometricCandidates`). */
  candidates: readonly AugmentationCandidate[];
  /** The MILP solver (`loadMilpSolver()`). */
  solver: MilpSolver;
  /** Default every NRO secured. */
  target?: AugmentationTarget;
  /** Seconds the solver may take in all, every stage and round. Default 30. */
  timeLimitS?: number;
  /** Above this many candidates the MILP is not tried: the greedy set and the LP relaxation's bound. Default 25 000: the MILP, given the time limit, always at least matches the greedy set. */
  exactLimit?: number;
}

/** A site the target asks for that no set of the candidates can bring to it, and why. */
export interface UnsecurableSite {
  id: string;
  kind: SiteKind;
  subscribers: number;
  why: string;
}

/** The topology's own redundancy links (the candidates of source `topology`) against the proposed set. */
export interface ListComparison {
  links: number;
  costEur: number;
  lengthM: number;
  /** Whether building every one of them reaches the target (for a share: its subscribers, within the budget if any). */
  meetsTarget: boolean;
  securedNros: number;
  subscribersSecured: number;
  /** Sites of the target they leave short of it, though some set of candidates would not. */
  unmet: string[];
  /** Those of them that the proposed set holds. */
  kept: string[];
}

/** The `propose --json` document. */
export interface Augmentation {
  /** `MILP (HiGHS …)` or `greedy with LP lower bound (HiGHS …)`. */
  method: string;
  /** True when the cost (with a budget: the subscribers) is proved optimal. */
  optimal: boolean;
  costEur: number;
  lengthM: number;
  /** No set meeting the target (with a budget: securing as many subscribers) costs less. */
  lowerBoundEur: number;
  /** (cost − lower bound) / cost; with a budget, (subscribers bound − subscribers) / subscribers. 0 when proved. */
  gap: number;
  target: AugmentationTarget;
  /** Number of candidates, and by source. */
  candidates: number;
  candidatesBySource: Record<CandidateSource, number>;
  /** The proposed links, best value first. */
  links: Proposal[];
  /** NROs that reach the target with the links and did not without. */
  securedNros: string[];
  subscribersSecured: number;
  /** Subscribers of the NROs short of the target today (a share is of these). */
  subscribersNotSecured: number;
  /** Sites the target asks for that do not reach it today and can. */
  required: number;
  /** With a budget: no set within it secures more subscribers. */
  subscribersBound?: number;
  unsecurable: UnsecurableSite[];
  topologyLinks: ListComparison | null;
  solver: { name: string; status: MilpStatus | 'not run'; seconds: number; nodes: number; rounds: number; cuts: number; analyses: number };
  warnings: string[];
}

const TARGETS = ['every-nro', 'risk-groups', 'every-site', 'share'] as const;

/**
 * The cheapest set of candidate links that meets the target (docs/proposals.md). Exact by MILP
 * up to `exactLimit` candidates: binary x per candidate, one cut constraint
 * `|δ_G(S)| + Σ_{l∈δ(S)} x_l ≥ 2` per set S of sites holding a required site and no head-end,
 * starting from the baseline's bridges (each bridge's side away from the head-ends, a preorder
 * interval of the depth-first tree) and the components of isolated sites (and, against risk
 * groups, the components each group's failure cuts off), then the engine's analysis of the
 * solution adding each cut it violates, until none. Least cost, then fewest links. Beyond
 * `exactLimit`: greedy cover and prune, with the LP relaxation's optimum as the lower bound.
 * Sites no set of candidates can bring to the target are listed in `unsecurable`; the rest are.
 * Out-of-domain options throw `InvalidOptionError` naming the field; a budget below the
 * cheapest set reaching the share says what that set costs.
 *
 * @example
 * const solver = await loadMilpSolver();
 * const result = minCostAugmentation(topology, { candidates: geometricCandidates(topology), solver });
 * result.costEur; // the cheapest set securing every NRO
 */
export function minCostAugmentation(topology: Topology, options: AugmentationOptions): Augmentation {
  const target = options.target ?? { kind: 'every-nro' };
  const timeLimitS = options.timeLimitS ?? 30;
  const exactLimit = options.exactLimit ?? 25_000;
  checkOptions(target, timeLimitS, exactLimit);
  const deadline = performance.now() + timeLimitS * 1000;
  const { solver } = options;
  const scenario: ScenarioOptions = { headends: options.headends, includePlanned: options.includePlanned, baseLinks: options.baseLinks };
  const instance = augmentationInstance(topology, options.candidates, scenario, target.kind === 'risk-groups' ? 'secured-and-groups' : 'secured');
  const n = instance.candidates.length;
  const net = instance.full;
  const baseline = assess(instance, new Uint8Array(n));
  const everything = assess(instance, new Uint8Array(n).fill(1));
  const asked = (v: number) => (target.kind === 'every-site' ? !net.isHeadend[v] : net.siteKind[v] === KIND_NRO);
  const short: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (asked(v) && !baseline.meets[v]) short.push(v);
  const securable = short.filter((v) => everything.meets[v]);
  const unsecurable = short.filter((v) => !everything.meets[v]).map((v) => unsecurableSite(instance, everything, v));
  const pool = new CutPool(n);
  pool.add(violatedCuts(instance, baseline, securable));
  const exact = n <= exactLimit;
  const run: Run = { instance, pool, solver, deadline, timeLimitS, exact, warnings: [], stats: { status: 'not run', seconds: 0, nodes: 0, rounds: 0, analyses: 0 } };
  if (!exact) run.warnings.push(`${n} candidates, more than the exact limit of ${exactLimit}: greedy set, lower bound by the LP relaxation`);
  if (unsecurable.length > 0) run.warnings.push(`${unsecurable.length} site(s) no set of these candidates can bring to the target: see unsecurable`);

  const subscribersNotSecured = short.reduce((s, v) => s + (net.siteKind[v] === KIND_NRO ? net.subscribers[v] : 0), 0);
  const answer = target.kind === 'share'
    ? shareSet(run, securable, target, subscribersNotSecured)
    : coverSet(run, securable);

  const { chosen } = answer;
  const meets = meetsOf(instance, chosen);
  const securedNros: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (meets[v] && !baseline.meets[v] && net.siteKind[v] === KIND_NRO) securedNros.push(v);
  const { proposals, warnings } = proposalFigures(instance, chosen, baseline);
  const costEur = costOf(instance, chosen);
  const lowerBoundEur = Math.min(costEur, Math.max(0, answer.lowerBoundEur));
  const bySource: Record<CandidateSource, number> = { topology: 0, 'rentable conduit': 0, geometry: 0 };
  for (const c of instance.candidates) bySource[c.source]++;
  return {
    method: `${exact ? 'MILP' : 'greedy with LP lower bound'} (${solver.name})`,
    optimal: answer.optimal,
    costEur,
    lengthM: proposals.reduce((s, p) => s + p.lengthM, 0),
    lowerBoundEur,
    gap: answer.gap ?? (costEur > 0 ? (costEur - lowerBoundEur) / costEur : 0),
    target,
    candidates: n,
    candidatesBySource: bySource,
    links: proposals,
    securedNros: securedNros.map((v) => net.siteIds[v]).sort(compareIds),
    subscribersSecured: securedNros.reduce((s, v) => s + net.subscribers[v], 0),
    subscribersNotSecured,
    required: securable.length,
    ...(answer.subscribersBound !== undefined && { subscribersBound: answer.subscribersBound }),
    unsecurable: unsecurable.sort((x, y) => compareIds(x.id, y.id)),
    topologyLinks: listComparison(instance, baseline.meets, securable, chosen, target.kind === 'share' ? { need: answer.need ?? 0, budgetEur: target.budgetEur } : undefined),
    solver: { name: solver.name, ...run.stats, cuts: pool.cuts.length },
    warnings: [...run.warnings, ...warnings],
  };
}

function checkOptions(target: AugmentationTarget, timeLimitS: number, exactLimit: number): void {
  if (!TARGETS.includes(target.kind)) throw new InvalidOptionError('target', `augmentation: unknown target "${String(target.kind)}"; expected ${TARGETS.join(', ')}`);
  if (!(Number.isFinite(timeLimitS) && timeLimitS > 0)) throw new InvalidOptionError('timeLimitS', `augmentation: the time limit must be a number of seconds > 0, got ${timeLimitS}`);
  if (!(Number.isInteger(exactLimit) && exactLimit >= 0)) throw new InvalidOptionError('exactLimit', `augmentation: exactLimit must be a whole number ≥ 0, got ${exactLimit}`);
  if (target.kind !== 'share') return;
  const { share, budgetEur } = target;
  if (!(typeof share === 'number' && share >= 0 && share <= 1)) throw new InvalidOptionError('share', `augmentation: the share must be between 0 and 1, got ${share}`);
  if (budgetEur !== undefined && !(Number.isFinite(budgetEur) && budgetEur >= 0)) throw new InvalidOptionError('budgetEur', `augmentation: the budget must be a finite number of euros ≥ 0, got ${budgetEur}`);
}

function unsecurableSite(instance: AugmentationInstance, everything: Assessment, v: number): UnsecurableSite {
  const net = instance.full;
  const { tree, nearestBridge, riskGroupIsolated } = everything.analysis;
  const x = tree.pre[v];
  const site = { id: net.siteIds[v], kind: SITE_KINDS[net.siteKind[v]], subscribers: net.subscribers[v] };
  if (x < 0) return { ...site, why: 'isolated even with every candidate built: no candidate joins its part of the network to the head-ends' };
  const critical: string[] = [];
  for (let c = nearestBridge[x]; c >= 0; c = tree.parent[c] > 0 ? nearestBridge[tree.parent[c]] : -1) critical.push(net.sectionIds[tree.parentSection[c]]);
  if (critical.length > 0) {
    const list = critical.sort(compareIds);
    return { ...site, why: `single-homed even with every candidate built: ${list.slice(0, 5).join(', ')}${list.length > 5 ? ` and ${list.length - 5} more` : ''} stay critical` };
  }
  const groups = riskGroupIsolated.flatMap((isolated, g) => (isolated.includes(v) ? [net.riskGroups[g]] : [])).sort(compareIds);
  return { ...site, why: `cut off by risk group ${groups.join(', ')} even with every candidate built` };
}

function listComparison(instance: AugmentationInstance, baseline: Uint8Array, securable: readonly number[], chosen: Uint8Array, share: { need: number; budgetEur?: number } | undefined): ListComparison | null {
  const listed = new Uint8Array(instance.candidates.length);
  instance.candidates.forEach((c, l) => {
    if (c.source === 'topology') listed[l] = 1;
  });
  if (!listed.includes(1)) return null;
  const net = instance.full;
  const meets = meetsOf(instance, listed);
  const secured: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (meets[v] && !baseline[v] && net.siteKind[v] === KIND_NRO) secured.push(v);
  const subscribersSecured = secured.reduce((s, v) => s + net.subscribers[v], 0);
  const unmet = securable.filter((v) => !meets[v]).map((v) => net.siteIds[v]).sort(compareIds);
  const ids = (flags: Uint8Array) => instance.candidates.filter((_, l) => flags[l]);
  const costEur = ids(listed).reduce((s, c) => s + c.costEur, 0);
  return {
    links: ids(listed).length,
    costEur,
    lengthM: ids(listed).reduce((s, c) => s + c.lengthM, 0),
    meetsTarget: share === undefined ? unmet.length === 0 : subscribersSecured >= share.need && costEur <= (share.budgetEur ?? Number.POSITIVE_INFINITY),
    securedNros: secured.length,
    subscribersSecured,
    unmet,
    kept: ids(listed.map((f, l) => f & chosen[l])).map((c) => c.id).sort(compareIds),
  };
}

