import { KIND_NRO } from '../../graph/compile.js';
import { InvalidOptionError } from '../../model/errors.js';
import type { MilpSolver, MilpStatus } from '../milp/milp-solver.js';
import { type AugmentationInstance, meetsOf } from './augmentation-instance.js';
import type { CutPool } from './augmentation-cuts.js';
import { greedyAugmentation, pruneAugmentation } from './greedy-cover.js';
import { augmentationProblem, type AugmentationStage, type CutLoop, solveStage, type StageOutcome } from './milp-augmentation.js';
import { securedSubscribers, shareAugmentation } from './share-greedy.js';

/**
 * The stages of `minCostAugmentation` (docs/proposals.md): the greedy set, then the MILP's
 * lexicographic stages with their cut loops, or the LP relaxation's bound beyond the exact limit.
 */

/** The share target as the stages read it. */
export interface ShareTarget {
  share: number;
  budgetEur?: number;
}

/** One run's shared state: what every stage reads and the figures it adds to. */
export interface Run {
  instance: AugmentationInstance;
  pool: CutPool;
  solver: MilpSolver;
  deadline: number;
  timeLimitS: number;
  exact: boolean;
  warnings: string[];
  stats: { status: MilpStatus | 'not run'; seconds: number; nodes: number; rounds: number; analyses: number };
}

/** A stage's chosen set and what is proved of it. */
export interface SetAnswer {
  chosen: Uint8Array;
  optimal: boolean;
  lowerBoundEur: number;
  gap?: number;
  subscribersBound?: number;
  need?: number;
}

/**
 * The cost of a chosen set.
 *
 * @example
 * costOf(instance, chosen); // Σ of the chosen candidates' costEur
 */
export const costOf = (instance: AugmentationInstance, chosen: Uint8Array) => {
  let cost = 0;
  for (let l = 0; l < chosen.length; l++) if (chosen[l]) cost += instance.costs[l];
  return cost;
};

/** How much over a cost a cap allows: half a euro when every cost is whole, a relative hair otherwise. */
function slack(instance: AugmentationInstance, cost: number): number {
  return instance.costs.every(Number.isInteger) ? 0.5 : 1e-9 * Math.max(1, cost) + 1e-6;
}

function solved(run: Run, loop: CutLoop, stage: AugmentationStage, start: Uint8Array): StageOutcome {
  const outcome = solveStage(loop, stage, start, run.deadline);
  run.stats.seconds += outcome.seconds;
  run.stats.nodes += outcome.nodes;
  run.stats.rounds += outcome.rounds;
  return outcome;
}

const proved = (o: StageOutcome) => o.status === 'optimal' && o.verified && o.chosen !== null;

/**
 * The LP relaxation's optimum of a stage over the known cuts, or null when the solver did not
 * prove it in time: what is left of the time limit, and at least a third of it (a bound is worth
 * the wait even when the greedy took the time).
 */
function relaxedBound(run: Run, loop: CutLoop, stage: AugmentationStage): number | null {
  const timeLimitS = Math.max(run.timeLimitS / 3, (run.deadline - performance.now()) / 1000);
  const result = run.solver.solve(augmentationProblem(loop, stage), { relax: true, timeLimitS });
  run.stats.seconds += result.seconds;
  run.stats.rounds++;
  if (result.status !== 'optimal') run.warnings.push(`the LP relaxation stopped (${result.status}): no lower bound proved`);
  return result.status === 'optimal' ? result.bound : null;
}

/**
 * Every required site secured: greedy, then the MILP's stages (least cost, fewest links), or the LP bound.
 *
 * @example
 * coverSet(run, securable).chosen; // the cheapest set, then the one of fewest links among them
 */
export function coverSet(run: Run, required: readonly number[]): SetAnswer {
  const { instance, pool } = run;
  const n = instance.candidates.length;
  const greedy = new Uint8Array(n);
  run.stats.analyses += greedyAugmentation(instance, pool, required, greedy);
  if (required.length === 0) return { chosen: greedy, optimal: true, lowerBoundEur: 0 };
  const loop: CutLoop = { instance, pool, solver: run.solver, required };
  if (!run.exact) return { chosen: greedy, optimal: false, lowerBoundEur: relaxedBound(run, loop, { objective: 'cost' }) ?? 0 };

  const first = solved(run, loop, { objective: 'cost' }, greedy);
  run.stats.status = first.status;
  if (!proved(first)) {
    let best: Uint8Array = greedy;
    if (first.chosen) {
      const repaired = first.chosen.slice();
      run.stats.analyses += first.verified ? pruneAugmentation(instance, pool, required, repaired) : greedyAugmentation(instance, pool, required, repaired);
      if (costOf(instance, repaired) < costOf(instance, greedy)) best = repaired;
    }
    const bound = first.bound ?? relaxedBound(run, loop, { objective: 'cost' }) ?? 0;
    const cost = costOf(instance, best);
    run.warnings.push(`the solver stopped (${first.status}) before proving the cheapest set: the best set found, gap ${percent(cost > 0 ? (cost - bound) / cost : 0)}`);
    return { chosen: best, optimal: false, lowerBoundEur: bound };
  }
  const cheapest = costOf(instance, first.chosen!);
  return { chosen: fewestLinks(run, loop, first.chosen!, { costCap: cheapest + slack(instance, cheapest) }), optimal: true, lowerBoundEur: cheapest };
}

/** Among the sets of the optimal cost, one of fewest links (the start when the solver runs out of time). */
function fewestLinks(run: Run, loop: CutLoop, start: Uint8Array, bounds: Omit<AugmentationStage, 'objective'>): Uint8Array {
  const outcome = solved(run, loop, { objective: 'count', ...bounds }, start);
  if (proved(outcome) && costOf(run.instance, outcome.chosen!) <= (bounds.costCap ?? Number.POSITIVE_INFINITY)) return outcome.chosen!;
  run.warnings.push(`fewest links among the cheapest sets not proved (${outcome.status}): the cheapest set found first`);
  return start;
}

/**
 * The share target: the cheapest set securing the share; with a budget, then the most
 * subscribers within it, the cheapest of those, the fewest links. A share the candidates cannot
 * reach, or a budget below the cheapest set reaching it, throws `InvalidOptionError`.
 *
 * @example
 * shareSet(run, securable, { share: 0.5 }, 42_000).chosen; // the cheapest set securing 21 000 subscribers
 */
export function shareSet(run: Run, securable: readonly number[], target: ShareTarget, notSecured: number): SetAnswer {
  const { instance, pool } = run;
  const net = instance.full;
  const n = instance.candidates.length;
  const share = securable.filter((v) => net.siteKind[v] === KIND_NRO);
  const reachable = share.reduce((s, v) => s + net.subscribers[v], 0);
  const need = Math.max(0, Math.ceil(target.share * notSecured - 1e-9));
  if (need > reachable) {
    throw new InvalidOptionError('share', `augmentation: at most ${percent(notSecured > 0 ? reachable / notSecured : 1)} of the ${notSecured} subscribers not secured today can be secured by these candidates (${reachable}); ${percent(target.share)} asked`);
  }
  const loop: CutLoop = { instance, pool, solver: run.solver, required: [], share };
  const greedy = new Uint8Array(n);
  shareAugmentation(instance, pool, share, greedy, { need });
  let cheapest: Uint8Array = greedy;
  let optimal = !run.exact ? false : need === 0;
  let lowerBoundEur = need === 0 ? 0 : Number.NaN;
  if (need > 0 && run.exact) {
    const first = solved(run, loop, { objective: 'cost', subscribersFloor: need }, greedy);
    run.stats.status = first.status;
    if (proved(first)) {
      cheapest = first.chosen!;
      optimal = true;
      lowerBoundEur = costOf(instance, cheapest);
    } else {
      if (first.chosen && first.verified && securedSubscribers(instance, share, meetsOf(instance, first.chosen)) >= need && costOf(instance, first.chosen) < costOf(instance, greedy)) cheapest = first.chosen;
      lowerBoundEur = first.bound ?? Number.NaN;
      run.warnings.push(`the solver stopped (${first.status}) before proving the cheapest set for the share: the best set found`);
    }
  }
  if (Number.isNaN(lowerBoundEur)) lowerBoundEur = relaxedBound(run, loop, { objective: 'cost', subscribersFloor: need }) ?? 0;
  const cheapestCost = costOf(instance, cheapest);

  if (target.budgetEur === undefined) {
    const chosen = optimal && need > 0 ? fewestLinks(run, loop, cheapest, { costCap: cheapestCost + slack(instance, cheapestCost), subscribersFloor: need }) : cheapest;
    return { chosen, optimal, lowerBoundEur, need };
  }

  const budget = target.budgetEur;
  if (cheapestCost > budget + slack(instance, budget)) {
    const what = `the cheapest set securing ${percent(target.share)} of the ${notSecured} subscribers not secured today`;
    const message = optimal
      ? `${what} costs ${cheapestCost} €: the cheapest feasible budget`
      : `${what} found costs ${cheapestCost} € (none costs less than ${Math.ceil(lowerBoundEur)} €): the cheapest feasible budget found`;
    throw new InvalidOptionError('budgetEur', `augmentation: a budget of ${budget} € is too small: ${message}`);
  }
  const within = cheapest.slice();
  shareAugmentation(instance, pool, share, within, { need, budgetEur: budget });
  const caps = { costCap: budget + slack(instance, budget), subscribersFloor: need };
  let best: Uint8Array = within;
  let most = securedSubscribers(instance, share, meetsOf(instance, within));
  let subscribersBound: number;
  let mostProved = false;
  if (run.exact) {
    const outcome = solved(run, loop, { objective: 'subscribers', ...caps }, within);
    run.stats.status = outcome.status;
    if (outcome.chosen && outcome.verified) {
      const reached = securedSubscribers(instance, share, meetsOf(instance, outcome.chosen));
      if (reached > most || (reached === most && costOf(instance, outcome.chosen) < costOf(instance, best))) [best, most] = [outcome.chosen, reached];
    }
    mostProved = proved(outcome);
    subscribersBound = mostProved ? most : Math.max(most, outcome.bound ?? reachable);
    if (!mostProved) run.warnings.push(`the solver stopped (${outcome.status}) before proving the most subscribers within the budget: the best set found`);
  } else {
    subscribersBound = Math.max(most, Math.floor((relaxedBound(run, loop, { objective: 'subscribers', ...caps }) ?? reachable) + 1e-6));
  }
  // The cheapest set of those securing as many subscribers, then the fewest links.
  let bound = 0;
  let costProved = false;
  if (run.exact && mostProved) {
    const outcome = solved(run, loop, { objective: 'cost', costCap: caps.costCap, subscribersFloor: most }, best);
    if (proved(outcome) && securedSubscribers(instance, share, meetsOf(instance, outcome.chosen!)) >= most) {
      best = outcome.chosen!;
      bound = costOf(instance, best);
      costProved = true;
      const cost = bound;
      best = fewestLinks(run, loop, best, { costCap: cost + slack(instance, cost), subscribersFloor: most });
    } else bound = outcome.bound ?? 0;
  } else bound = relaxedBound(run, loop, { objective: 'cost', costCap: caps.costCap, subscribersFloor: most }) ?? 0;
  return {
    chosen: best,
    optimal: mostProved && costProved,
    lowerBoundEur: bound,
    gap: most > 0 ? (subscribersBound - most) / most : 0,
    subscribersBound,
    need,
  };
}

export const percent = (x: number) => `${Math.round(x * 1000) / 10} %`;
