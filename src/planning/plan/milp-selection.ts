import type { LinearProblem, LinearRow, MilpResult, MilpSolver, MilpStatus } from '../milp/milp-solver.js';
import type { Selection } from './exact.js';
import { compareOutcome, type Item, memoised, type SetFunction, type Value } from './objective.js';
import type { LinkCut, PlanStructure } from './plan-structure.js';

export interface MilpSelectionOptions {
  solver: MilpSolver;
  /** Seconds for the three stages together. Default 30. */
  timeLimitS?: number;
  /** A feasible selection to start from (the greedy's): HiGHS's first incumbent. */
  start?: readonly string[];
  /** The NROs (ids) a set of ids secures, by the engine's analysis: to start the solver from a set. */
  securedBy: (ids: readonly string[]) => readonly string[];
}

export interface MilpSelection extends Selection {
  /** True when every stage was proved optimal and every NRO counted was checked secured. */
  proved: boolean;
  /** `optimal` when proved; else how the stage that stopped ended (`time-limit` mostly). */
  status: MilpStatus;
  /** (bound − score) / max(1, score) of the first stage: 0 when the score is proved the best. */
  gap: number;
  /** No selection under this budget scores more: the first stage's bound (at worst, the value of every candidate that fits). */
  bound: number;
  /** Solver seconds, every solve. */
  seconds: number;
  nodes: number;
  /** Solves in all: each is followed by the check of the NROs it counts secured. */
  rounds: number;
  /** Cuts added by those checks. */
  cutsAdded: number;
  warnings: string[];
}

/**
 * The best selection under a budget by a MILP (docs/analysis.md, "Planning"), from the plan's
 * linear structure: binary x per candidate and y per NRO, the bridge covers and cuts of the
 * links, the clearing sets of the works, solved lexicographically in three stages — maximise the
 * score; then, the score held at its optimum, the strained sections cleared; then, both held, the
 * lowest cost — each solve followed by the engine's check of the NROs it counts secured, every
 * violated cut added and the stage solved again until none (every cut is valid, so the answer is
 * optimal for the true objective). The time limit covers the three stages; on a time-out the best
 * selection found is returned with the first stage's bound and gap.
 *
 * @example
 * const result = milpSelection(items, 2_000_000, planStructure(topology, {}, objective, candidates), objective.value, { solver, securedBy });
 * [result.proved, result.gap]; // [true, 0]
 */
export function milpSelection(items: readonly Item[], budgetEur: number, structure: PlanStructure, value: SetFunction, options: MilpSelectionOptions): MilpSelection {
  const { solver } = options;
  const timeLimitS = options.timeLimitS ?? 30;
  const deadline = performance.now() + timeLimitS * 1000;
  const setValue = memoised(value);
  const layout = columns(items, structure);
  const base = baseRows(items, budgetEur, structure, layout);
  const cutRows: LinearRow[] = [];
  const cutKeys = new Set<string>();
  const addCut = (cut: LinkCut) => {
    const key = `${cut.nro}:${cut.need}:${[...cut.links].sort((a, b) => a - b).join(',')}`;
    if (cutKeys.has(key)) return false;
    cutKeys.add(key);
    cutRows.push(cutRow(cut, layout));
    return true;
  };
  for (const cut of structure.cuts) addCut(cut);
  const initialCuts = cutRows.length;

  const lower = Array.from({ length: layout.count }, (_, j) => (j < items.length && items[j].mandatory ? 1 : 0));
  const upper = Array.from({ length: layout.count }, (_, j) => (j < items.length && !items[j].mandatory && items[j].costEur > budgetEur ? 0 : 1));
  const integer = Array.from({ length: layout.count }, (_, j) => j < layout.t);
  const idsOf = (values: ArrayLike<number>) => items.filter((_, j) => values[j] > 0.5).map((i) => i.id);
  const startOf = (ids: readonly string[]) => startVector(ids, items, structure, layout, options.securedBy(ids), cutRows);
  const costOf = (ids: readonly string[]) => ids.reduce((t, id) => t + (items.find((i) => i.id === id)?.costEur ?? 0), 0);

  const seen: string[][] = [];
  const warnings: string[] = [];
  let seconds = 0;
  let nodes = 0;
  let rounds = 0;

  interface StageOutcome {
    result: MilpResult | undefined;
    ids: string[] | undefined;
    /** Solved to optimality and checked: no cut left. */
    proved: boolean;
    /** The tightest bound of the stage's solves. */
    bound: number | null;
  }

  const stage = (sense: LinearProblem['sense'], objective: number[], extra: LinearRow[], start: readonly string[]): StageOutcome => {
    let from = startOf(start);
    let bound: number | null = null;
    let last: MilpResult | undefined;
    for (;;) {
      const remaining = (deadline - performance.now()) / 1000;
      if (remaining <= 0.001) return { result: last, ids: undefined, proved: false, bound };
      const result = solver.solve({ sense, objective, lower, upper, integer, rows: [...base, ...cutRows, ...extra] }, { timeLimitS: remaining, start: from });
      rounds++;
      seconds += result.seconds;
      nodes += result.nodes;
      last = result;
      if (result.bound !== null) bound = bound === null ? result.bound : sense === 'maximize' ? Math.min(bound, result.bound) : Math.max(bound, result.bound);
      if (!result.values) return { result, ids: undefined, proved: false, bound };
      const ids = idsOf(result.values);
      seen.push(ids);
      const claimed = structure.nros.flatMap((_, n) => (result.values![layout.y + n] > 0.5 ? [n] : []));
      const violated = structure.violatedCuts(ids, claimed);
      if (violated.length === 0) return { result, ids, proved: result.status === 'optimal' && claimsHold(result.values, ids), bound };
      let added = 0;
      for (const cut of violated) if (addCut(cut)) added++;
      if (added === 0) {
        warnings.push('milp: a violated cut was already in the programme (numerical trouble): stopped checking');
        return { result, ids: undefined, proved: false, bound };
      }
      // The start stays feasible: every cut added is valid for any set, scored by the engine.
      from = startOf(start);
    }
  };

  // The works' side is exact when a section's state depends only on the works naming it, more of
  // them never worse (both saturation models): a model that breaks this is caught here.
  const claimsHold = (values: Float64Array, ids: readonly string[]) => {
    const truth = setValue(ids);
    const claimed = values.reduce((t, v, j) => t + v * scoreObjective[j], 0);
    const cleared = values.reduce((t, v, j) => t + v * clearedObjective[j], 0);
    const holds = claimed <= truth.score + 1e-6 * Math.max(1, Math.abs(truth.score)) && cleared <= truth.sectionsCleared + 1e-6;
    if (!holds) warnings.push('milp: the saturation model gives less than its clearing sets promised (not monotone?): not proved optimal');
    return holds;
  };
  const scoreObjective = new Array<number>(layout.count).fill(0);
  structure.nros.forEach((n, k) => {
    scoreObjective[layout.y + k] = n.subscribers;
  });
  structure.routes.forEach((r, k) => {
    scoreObjective[layout.u + k] = r.worth;
  });
  const scoreRow = (at: number): LinearRow => {
    const indices = scoreObjective.flatMap((v, j) => (v !== 0 ? [j] : []));
    // Subscribers are whole: with a whole weight, any score short of the optimum is short by ≥ 1.
    const integral = scoreObjective.every((v) => Number.isInteger(v));
    return { indices, values: indices.map((j) => scoreObjective[j]), lower: integral ? at - 0.5 : at - Math.max(1e-6, Math.abs(at) * 1e-9), upper: Number.POSITIVE_INFINITY };
  };
  const clearedObjective = new Array<number>(layout.count).fill(0);
  structure.sections.forEach((_, k) => {
    clearedObjective[layout.c + k] = 1;
  });
  const clearedRow = (at: number): LinearRow => {
    const indices = structure.sections.map((_, k) => layout.c + k);
    return { indices, values: indices.map(() => 1), lower: at - 0.5, upper: Number.POSITIVE_INFINITY };
  };
  const costObjective = new Array<number>(layout.count).fill(0);
  items.forEach((i, j) => {
    costObjective[j] = i.costEur;
  });

  const start = options.start ?? items.filter((i) => i.mandatory).map((i) => i.id);
  seen.push([...start]);
  const best = (sets: readonly string[][]) => {
    let top: Selection | undefined;
    for (const ids of sets) {
      const v = setValue(ids);
      const cost = costOf(ids);
      if (cost > budgetEur) continue;
      if (!top || compareOutcome(v, cost, top.value, top.costEur) > 0) top = { ids: [...ids], value: v, costEur: cost };
    }
    return top!;
  };

  // Stage 1: the score.
  const first = stage('maximize', scoreObjective, [], start);
  const afterFirst = best(seen);
  const score: Value = afterFirst.value;
  let proved = first.proved;
  // A stage stopped before HiGHS proved any bound still has one: the value is monotone, so no
  // selection beats every candidate that fits the budget on its own.
  const ceiling = setValue(items.filter((i) => i.mandatory || i.costEur <= budgetEur).map((i) => i.id)).score;
  const firstBound = first.proved ? score.score : Math.min(ceiling, first.bound ?? Number.POSITIVE_INFINITY);
  const stopped = (outcome: StageOutcome): MilpStatus => (outcome.result && outcome.result.status !== 'optimal' ? outcome.result.status : 'time-limit');
  let status: MilpStatus = first.proved ? 'optimal' : stopped(first);
  if (!first.proved) {
    warnings.push(status === 'time-limit' ? 'milp: the time limit stopped the first stage (the score): the best plan found, with its gap' : `milp: the first stage ended ${status}: the best plan found`);
  }

  // Stage 2: strained sections cleared, the score held.
  let second: StageOutcome | undefined;
  if (proved && structure.sections.length > 0) {
    second = stage('maximize', clearedObjective, [scoreRow(score.score)], afterFirst.ids);
    if (!second.proved) {
      proved = false;
      status = stopped(second);
      warnings.push(`milp: the second stage ended ${status}: sections cleared not proved the most`);
    }
  }
  const afterSecond = best(seen);
  // Stage 3: the lowest cost, both held.
  if (proved) {
    const extra = [scoreRow(afterSecond.value.score), ...(structure.sections.length > 0 ? [clearedRow(afterSecond.value.sectionsCleared)] : [])];
    const third = stage('minimize', costObjective, extra, afterSecond.ids);
    if (!third.proved) {
      proved = false;
      status = stopped(third);
      warnings.push(`milp: the third stage ended ${status}: the cost not proved the lowest`);
    }
  }
  const chosen = best(seen);

  const bound = Math.max(firstBound, chosen.value.score);
  const gap = first.proved ? 0 : Math.max(0, bound - chosen.value.score) / Math.max(1, Math.abs(chosen.value.score));
  return {
    ...chosen,
    proved,
    status,
    gap,
    bound: round(bound),
    seconds: round(seconds),
    nodes,
    rounds,
    cutsAdded: cutRows.length - initialCuts,
    warnings,
  };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Where each family of columns starts: x (candidates), y (NROs), t (bridges), w (sets of works), c (sections), u (routes). */
interface Layout {
  y: number;
  t: number;
  w: number;
  c: number;
  u: number;
  count: number;
  /** Column of each multi-work clearing set, by its key. */
  sets: Map<string, number>;
  setList: number[][];
}

const setKeyOf = (set: readonly number[]) => [...set].sort((a, b) => a - b).join(',');

function columns(items: readonly Item[], structure: PlanStructure): Layout {
  const sets = new Map<string, number>();
  const setList: number[][] = [];
  for (const s of structure.sections) {
    for (const set of s.sets) {
      if (set.length < 2) continue;
      const key = setKeyOf(set);
      if (!sets.has(key)) {
        sets.set(key, setList.length);
        setList.push(set);
      }
    }
  }
  const y = items.length;
  const t = y + structure.nros.length;
  const w = t + structure.bridges.length;
  const c = w + setList.length;
  const u = c + structure.sections.length;
  return { y, t, w, c, u, count: u + structure.routes.length, sets, setList };
}

const le0 = (indices: number[], values: number[]): LinearRow => ({ indices, values, lower: Number.NEGATIVE_INFINITY, upper: 0 });

function baseRows(items: readonly Item[], budgetEur: number, structure: PlanStructure, layout: Layout): LinearRow[] {
  const rows: LinearRow[] = [];
  const paid = items.flatMap((item, j) => (item.costEur !== 0 ? [j] : []));
  rows.push({ indices: paid, values: paid.map((j) => items[j].costEur), lower: Number.NEGATIVE_INFINITY, upper: budgetEur });
  structure.bridges.forEach((b, k) => {
    const t = layout.t + k;
    rows.push(le0([t, ...b.links], [1, ...b.links.map(() => -1)]));
    if (b.up >= 0) rows.push(le0([t, layout.t + b.up], [1, -1]));
  });
  structure.nros.forEach((n, k) => {
    if (n.bridge >= 0) rows.push(le0([layout.y + k, layout.t + n.bridge], [1, -1]));
  });
  layout.setList.forEach((set, k) => {
    for (const j of set) rows.push(le0([layout.w + k, j], [1, -1]));
  });
  structure.sections.forEach((s, k) => {
    const terms = s.sets.map((set) => (set.length === 1 ? set[0] : layout.w + layout.sets.get(setKeyOf(set))!));
    const unique = [...new Set(terms)];
    rows.push(le0([layout.c + k, ...unique], [1, ...unique.map(() => -1)]));
  });
  structure.routes.forEach((r, k) => {
    for (const s of r.sections) rows.push(le0([layout.u + k, layout.c + s], [1, -1]));
  });
  return rows;
}

function cutRow(cut: LinkCut, layout: Layout): LinearRow {
  const links = [...new Set(cut.links)];
  return { indices: [...links, layout.y + cut.nro], values: [...links.map(() => 1), -cut.need], lower: 0, upper: Number.POSITIVE_INFINITY };
}

/**
 * The full column vector of a set of ids, every auxiliary column at the value the set gives it:
 * y from the engine's analysis, the covers, sets, sections and routes from x. Feasible for every
 * valid cut, so a start HiGHS accepts.
 */
function startVector(ids: readonly string[], items: readonly Item[], structure: PlanStructure, layout: Layout, secured: readonly string[], cuts: readonly LinearRow[]): number[] {
  const v = new Array<number>(layout.count).fill(0);
  const chosen = new Set(ids);
  items.forEach((item, j) => {
    v[j] = chosen.has(item.id) ? 1 : 0;
  });
  const t = new Array<number>(structure.bridges.length).fill(-1);
  const cover = (k: number): number => {
    if (t[k] < 0) {
      const b = structure.bridges[k];
      t[k] = b.links.some((j) => v[j] === 1) && (b.up < 0 || cover(b.up) === 1) ? 1 : 0;
    }
    return t[k];
  };
  structure.bridges.forEach((_, k) => {
    v[layout.t + k] = cover(k);
  });
  const isSecured = new Set(secured);
  structure.nros.forEach((n, k) => {
    v[layout.y + k] = isSecured.has(n.id) && (n.bridge < 0 || t[n.bridge] === 1) ? 1 : 0;
  });
  // Safety: a y the cuts would refuse (not expected: the cuts are valid) is dropped.
  for (const row of cuts) {
    const activity = row.indices.reduce((s, j, i) => s + row.values[i] * v[j], 0);
    if (activity < row.lower) v[row.indices[row.indices.length - 1]] = 0;
  }
  layout.setList.forEach((set, k) => {
    v[layout.w + k] = set.every((j) => v[j] === 1) ? 1 : 0;
  });
  structure.sections.forEach((s, k) => {
    v[layout.c + k] = s.sets.some((set) => set.every((j) => v[j] === 1)) ? 1 : 0;
  });
  structure.routes.forEach((r, k) => {
    v[layout.u + k] = r.sections.every((s) => v[layout.c + s] === 1) ? 1 : 0;
  });
  return v;
}
