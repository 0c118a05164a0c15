import type { Highs } from 'highs';
import { InvalidOptionError } from '../../model/errors.js';

/** One linear constraint: `lower ≤ Σ values[k] · x[indices[k]] ≤ upper` (±Infinity for none). */
export interface LinearRow {
  indices: readonly number[];
  values: readonly number[];
  lower: number;
  upper: number;
}

/** A mixed-integer linear programme over columns 0…n−1. */
export interface LinearProblem {
  sense: 'minimize' | 'maximize';
  /** Objective coefficient of each column. */
  objective: readonly number[];
  /** Bounds of each column; default [0, 1]. */
  lower?: readonly number[];
  upper?: readonly number[];
  /** Columns that must take whole values; default every column (a 0–1 programme with the default bounds). */
  integer?: readonly boolean[];
  rows: readonly LinearRow[];
}

export interface MilpOptions {
  /** Seconds the solver may run; default 30. */
  timeLimitS?: number;
  /** Stop once the proven relative gap is at most this; default 1e-9 (solve to optimality). */
  relativeGap?: number;
  /** A feasible assignment of every column to start from (the greedy plan, say). */
  start?: readonly number[];
  /** Ignore integrality: the LP relaxation, whose optimum bounds the programme's. */
  relax?: boolean;
}

/**
 * How a solve ended: `optimal` (proved within `relativeGap`), `time-limit` (the best solution
 * found, if any, and the bound proved so far), `infeasible`, `unbounded`, `error`.
 */
export type MilpStatus = 'optimal' | 'time-limit' | 'infeasible' | 'unbounded' | 'error';

export interface MilpResult {
  status: MilpStatus;
  /** The best solution found, or null when none was. */
  values: Float64Array | null;
  /** Its objective value, or null. */
  objective: number | null;
  /** The best bound proved on the optimum (for a maximisation, no solution is worth more). */
  bound: number | null;
  /** |bound − objective| / max(1, |objective|): 0 when proved optimal, null without a solution. */
  gap: number | null;
  /** Branch-and-bound nodes (0 for an LP). */
  nodes: number;
  seconds: number;
}

/** A MILP solver: HiGHS (`loadMilpSolver`), or anything answering the same. */
export interface MilpSolver {
  /** Named in every plan it solves, with its version. */
  readonly name: string;
  solve(problem: LinearProblem, options?: MilpOptions): MilpResult;
}

let loading: Promise<MilpSolver> | undefined;

/**
 * HiGHS compiled to WebAssembly (npm `highs`), loaded once per process (about 70 ms). Solves are
 * synchronous: the API runs them in its workers, never on the main thread.
 *
 * @example
 * const solver = await loadMilpSolver();
 * solver.solve({ sense: 'maximize', objective: [3, 2, 4], rows: [{ indices: [0, 1, 2], values: [2, 3, 5], lower: -Infinity, upper: 7.5 }] }).values;
 * // Float64Array [1, 0, 1]
 */
export function loadMilpSolver(): Promise<MilpSolver> {
  loading ??= import('highs').then(async (module) => highsSolver(await (module.default as unknown as () => Promise<Highs>)()));
  return loading;
}

const VERSION = '1.15.3';

function highsSolver(highs: Highs): MilpSolver {
  const { modelStatus, objectiveSense, variableType } = highs.constants;
  return {
    name: `HiGHS ${VERSION} (WebAssembly, npm highs)`,
    solve(problem, options = {}) {
      const n = problem.objective.length;
      const timeLimitS = options.timeLimitS ?? 30;
      if (!(timeLimitS > 0)) throw new InvalidOptionError('timeLimitS', `milp: the time limit must be > 0 s, got ${timeLimitS}`);
      const starts = [0];
      const indices: number[] = [];
      const values: number[] = [];
      for (const row of problem.rows) {
        for (let k = 0; k < row.indices.length; k++) {
          indices.push(row.indices[k]);
          values.push(row.values[k]);
        }
        starts.push(indices.length);
      }
      const bound = (v: number) => (v === Number.POSITIVE_INFINITY ? highs.infinity : v === Number.NEGATIVE_INFINITY ? -highs.infinity : v);
      const integer = options.relax ? undefined : Array.from({ length: n }, (_, j) => (problem.integer?.[j] ?? true ? variableType.integer : variableType.continuous));
      const model = highs.createModel({
        numCols: n,
        numRows: problem.rows.length,
        sense: problem.sense === 'maximize' ? objectiveSense.maximize : objectiveSense.minimize,
        colCost: [...problem.objective],
        colLower: Array.from({ length: n }, (_, j) => bound(problem.lower?.[j] ?? 0)),
        colUpper: Array.from({ length: n }, (_, j) => bound(problem.upper?.[j] ?? 1)),
        rowLower: problem.rows.map((r) => bound(r.lower)),
        rowUpper: problem.rows.map((r) => bound(r.upper)),
        matrix: { format: 'csr', numRows: problem.rows.length, numCols: n, starts, indices, values },
        ...(integer && { integrality: integer }),
      });
      try {
        model.options.set({ output_flag: false, time_limit: timeLimitS, mip_rel_gap: options.relativeGap ?? 1e-9, mip_abs_gap: 1e-9 });
        if (options.start && !options.relax) model.setSolution({ colValue: [...options.start] });
        model.run();
        const status = model.getModelStatus();
        const seconds = model.getRunTime();
        const mip = integer !== undefined;
        const nodes = mip ? Number(model.info.get('mip_node_count')) : 0;
        const primal = model.info.get('primal_solution_status');
        const hasSolution = status === modelStatus.optimal || Number(primal) === 2;
        const solution = hasSolution ? Float64Array.from(model.getSolution().colValue) : null;
        const objective = solution ? model.getObjectiveValue() : null;
        const dual = mip ? Number(model.info.get('mip_dual_bound')) : objective;
        const proved = status === modelStatus.optimal ? (mip ? dual : objective) : mip && Number.isFinite(dual) ? dual : null;
        const gap = objective === null || proved === null ? null : status === modelStatus.optimal ? 0 : Math.abs(proved - objective) / Math.max(1, Math.abs(objective));
        return { status: statusOf(status, modelStatus), values: solution, objective, bound: proved, gap, nodes, seconds };
      } finally {
        model.dispose();
      }
    },
  };
}

function statusOf(status: number, codes: Highs['constants']['modelStatus']): MilpStatus {
  if (status === codes.optimal) return 'optimal';
  if (status === codes.infeasible) return 'infeasible';
  if (status === codes.unbounded || status === codes.unboundedOrInfeasible) return 'unbounded';
  if (status === codes.timeLimit || status === codes.interrupted || status === codes.iterationLimit || status === codes.solutionLimit) return 'time-limit';
  return 'error';
}
