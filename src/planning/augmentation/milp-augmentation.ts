import type { LinearProblem, LinearRow, MilpSolver, MilpStatus } from '../milp/milp-solver.js';
import { assess, type AugmentationInstance } from './augmentation-instance.js';
import { type CutPool, violatedCuts } from './augmentation-cuts.js';

/**
 * One stage of the lexicographic objective: least cost, fewest links, or most subscribers,
 * with the bounds the earlier stages fixed.
 */
export interface AugmentationStage {
  objective: 'cost' | 'count' | 'subscribers';
  /** Σ cost · x ≤ this. */
  costCap?: number;
  /** Σ subscribers · y ≥ this (share targets). */
  subscribersFloor?: number;
}

/** What the cut loop works on: the instance, its cuts, the solver, and who must meet the requirement. */
export interface CutLoop {
  instance: AugmentationInstance;
  pool: CutPool;
  solver: MilpSolver;
  /** The sites every solution must bring to the requirement (targets without a share). */
  required: readonly number[];
  /** Share targets: the sites that may be chosen (one binary y each), by subscribers. */
  share?: readonly number[];
}

/**
 * The MILP of the known cuts: binary x_l per candidate; without a share, `Σ_{l∈δ(S)} x_l ≥ d_S`
 * per cut; with one, binary y_r per site that may be secured, z_S ∈ [0, 1] per cut with
 * `Σ_{l∈δ(S)} x_l ≥ d_S · z_S` and `y_r ≤ z_S` for each site of S — then the stage's objective
 * and bounds.
 *
 * @example
 * solver.solve(augmentationProblem(loop, { objective: 'cost' })).objective; // a lower bound on the cheapest augmentation
 */
export function augmentationProblem({ instance, pool, share }: CutLoop, stage: AugmentationStage): LinearProblem {
  const n = instance.candidates.length;
  const y = new Map((share ?? []).map((r, i) => [r, n + i]));
  const zStart = n + y.size;
  const columns = share ? zStart + pool.cuts.length : n;
  const objective = new Array<number>(columns).fill(0);
  const integer = new Array<boolean>(columns).fill(true);
  for (let l = 0; l < n; l++) objective[l] = stage.objective === 'cost' ? instance.costs[l] : stage.objective === 'count' ? 1 : 0;
  if (stage.objective === 'subscribers') for (const [r, j] of y) objective[j] = instance.full.subscribers[r];
  const rows: LinearRow[] = [];
  pool.cuts.forEach((cut, k) => {
    const links = [...cut.links];
    if (!share) {
      rows.push({ indices: links, values: links.map(() => 1), lower: cut.demand, upper: Number.POSITIVE_INFINITY });
      return;
    }
    const z = zStart + k;
    integer[z] = false;
    rows.push({ indices: [...links, z], values: [...links.map(() => 1), -cut.demand], lower: 0, upper: Number.POSITIVE_INFINITY });
    for (const r of cut.sites) {
      const j = y.get(r);
      if (j !== undefined) rows.push({ indices: [j, z], values: [1, -1], lower: Number.NEGATIVE_INFINITY, upper: 0 });
    }
  });
  const every = Array.from({ length: n }, (_, l) => l);
  if (stage.costCap !== undefined) rows.push({ indices: every, values: [...instance.costs], lower: Number.NEGATIVE_INFINITY, upper: stage.costCap });
  if (stage.subscribersFloor !== undefined && share) {
    rows.push({ indices: [...y.values()], values: [...y.keys()].map((r) => instance.full.subscribers[r]), lower: stage.subscribersFloor, upper: Number.POSITIVE_INFINITY });
  }
  return { sense: stage.objective === 'subscribers' ? 'maximize' : 'minimize', objective, integer, rows };
}

/** How a stage's cut loop ended. */
export interface StageOutcome {
  /** `optimal`: proved, and checked by the engine; `time-limit`: out of time (the incumbent, if any, unchecked). */
  status: MilpStatus;
  /** The chosen candidates (checked by the engine when `verified`), or null. */
  chosen: Uint8Array | null;
  verified: boolean;
  /** The best bound proved on the stage's optimum over every round (each round relaxes the true problem). */
  bound: number | null;
  rounds: number;
  seconds: number;
  nodes: number;
}

/**
 * Solves a stage, checks the solution with the engine's analysis, adds the cuts it violates,
 * and solves again, until the solution meets the target (then it is optimal: every cut added
 * is valid) or the time runs out. `start` is a solution meeting the target and the stage's
 * bounds, handed to the solver each round.
 *
 * @example
 * const outcome = solveStage(loop, { objective: 'cost' }, greedy, performance.now() + 30_000);
 * outcome.status === 'optimal' && outcome.verified; // the cheapest augmentation
 */
export function solveStage(loop: CutLoop, stage: AugmentationStage, start: Uint8Array | undefined, deadline: number): StageOutcome {
  const outcome: StageOutcome = { status: 'time-limit', chosen: null, verified: false, bound: null, rounds: 0, seconds: 0, nodes: 0 };
  const maximise = stage.objective === 'subscribers';
  const n = loop.instance.candidates.length;
  const startMeets = start && loop.share ? assess(loop.instance, start).meets : undefined;
  for (;;) {
    const timeLimitS = (deadline - performance.now()) / 1000;
    if (timeLimitS < 0.01) return outcome;
    const problem = augmentationProblem(loop, stage);
    const result = loop.solver.solve(problem, { timeLimitS, ...(start && { start: startValues(loop, start, startMeets) }) });
    outcome.rounds++;
    outcome.seconds += result.seconds;
    outcome.nodes += result.nodes;
    outcome.status = result.status;
    if (result.bound !== null) {
      outcome.bound = outcome.bound === null ? result.bound : maximise ? Math.min(outcome.bound, result.bound) : Math.max(outcome.bound, result.bound);
    }
    outcome.chosen = result.values ? Uint8Array.from(result.values.subarray(0, n), (v) => (v > 0.5 ? 1 : 0)) : null;
    outcome.verified = false;
    if (!outcome.chosen) return outcome;
    const asked = loop.share ? loop.share.filter((_, i) => result.values![n + i] > 0.5) : loop.required;
    const cuts = violatedCuts(loop.instance, assess(loop.instance, outcome.chosen), asked);
    if (cuts.length === 0) {
      outcome.verified = true;
      return outcome;
    }
    if (result.status !== 'optimal') return outcome;
    loop.pool.add(cuts);
  }
}

/** A chosen set as a start for the solver: its x, the y of the sites it secures, the z of the cuts it meets. */
function startValues({ pool, share }: CutLoop, chosen: Uint8Array, meets: Uint8Array | undefined): number[] {
  const values = Array.from(chosen);
  if (!share || !meets) return values;
  for (const r of share) values.push(meets[r]);
  const counts = pool.counts(chosen);
  pool.cuts.forEach((cut, k) => {
    values.push(counts[k] >= cut.demand ? 1 : 0);
  });
  return values;
}
