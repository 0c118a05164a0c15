import { compareIds } from '../../analysis/id-order.js';
import type { Topology } from '../../model/schema.js';
import { linkUnavailable } from '../link-scenario.js';
import { exactSelection } from './exact.js';
import { A2_FUNDING, type FundingShare, splitFunding } from './funding.js';
import { lazyGreedySelection } from './lazy-greedy.js';
import { type Item, type ObjectiveOptions, type PlanValue, planObjective } from './objective.js';
import { type Schedule, scheduleByYear } from './schedule.js';
import { InvalidOptionError } from '../../model/errors.js';

export interface PlanOptions extends ObjectiveOptions {
  /** Total budget, € HT. */
  budgetEur: number;
  /** Number of years. Default 1, or the number of yearly budgets. */
  years?: number;
  /** Cap on each year's spending. Default the budget split evenly over the years in whole euros (the odd euros on the first years). */
  yearlyCapEur?: number;
  /** One budget per year, instead of `years` and `yearlyCapEur`. */
  yearlyBudgetsEur?: readonly number[];
  /** Funding shares applied to each year's cost. Default the A.2 action of the seed. */
  funding?: readonly FundingShare[];
  /** Ids of works forced into the plan. */
  mandatory?: readonly string[];
  /** Links of priority ≤ this and works of urgency ≤ this are forced into the plan. */
  mandatoryRank?: number;
  /** Exact search up to this many candidates, lazy greedy above. Default 25. */
  exactLimit?: number;
  /** Node limit of the exact search. Default 2 000 000. */
  nodeLimit?: number;
}

export interface PlannedWork {
  id: string;
  kind: 'redundancy link' | 'desaturation work';
  label: string;
  rank: number;
  costEur: number;
  mandatory: boolean;
  payments: Array<{ year: number; amountEur: number }>;
}

export interface Plan {
  method: 'exact (branch and bound)' | 'lazy greedy with best-single fallback';
  /** True when the method proved the selection optimal. */
  optimal: boolean;
  objective: string;
  saturationModel: string;
  budgetEur: number;
  /** What the selection could spend: the budget, or the sum of yearly caps when smaller. */
  spendableEur: number;
  candidates: number;
  evaluations: number;
  selected: PlannedWork[];
  notSelected: Array<{ id: string; kind: PlannedWork['kind']; costEur: number; reason: string }>;
  value: PlanValue;
  costEur: number;
  years: Array<{ year: number; capEur: number; costEur: number; works: string[]; funding: Array<{ source: string; amountEur: number }> }>;
  funding: { shares: FundingShare[]; totals: Array<{ source: string; amountEur: number }> };
  warnings: string[];
}

/**
 * The best set of works under a budget (docs/analysis.md, "Planning"): redundancy links and desaturation works
 * as candidates, valued by `planObjective`; exact branch and bound for up to `exactLimit`
 * candidates, lazy greedy with a best-single fallback above; then scheduled by year under the
 * caps and split across funding sources year by year.
 *
 * @example
 * const plan = planInvestments(topology, { budgetEur: 3_884_950, years: 3 });
 * plan.method; // 'exact (branch and bound)'
 * plan.years.map((y) => y.costEur);
 */
export function planInvestments(topology: Topology, options: PlanOptions): Plan {
  const { budgetEur } = options;
  if (!(budgetEur >= 0)) throw new InvalidOptionError('budgetEur', `plan: budget must be ≥ 0, got ${budgetEur}`);
  const caps = yearlyCaps(options);
  const spendableEur = Math.min(budgetEur, caps.reduce((t, c) => t + c, 0));
  const funding = options.funding ?? A2_FUNDING;
  const warnings: string[] = [];
  if (spendableEur < budgetEur) warnings.push(`the yearly caps allow ${spendableEur} € in all, less than the budget of ${budgetEur} €`);

  const mandatoryIds = new Set(options.mandatory ?? []);
  const rankLimit = options.mandatoryRank ?? 0;
  const candidates: Array<Item & { kind: PlannedWork['kind']; label: string; rank: number }> = [];
  for (const l of topology.redundancyLinks ?? []) {
    const why = linkUnavailable(topology, l, options);
    if (why) {
      warnings.push(`link ${l.id} left out: ${why}`);
      if (mandatoryIds.has(l.id)) throw new InvalidOptionError('mandatory', `plan: mandatory link ${l.id} cannot be analysed: ${why}`);
      continue;
    }
    candidates.push({ id: l.id, costEur: l.costEur, kind: 'redundancy link', label: `${l.a} – ${l.b}`, rank: l.priority, mandatory: mandatoryIds.has(l.id) || l.priority <= rankLimit });
  }
  for (const w of topology.desaturationWorks ?? []) {
    candidates.push({ id: w.id, costEur: w.costEur, kind: 'desaturation work', label: w.label, rank: w.urgency, mandatory: mandatoryIds.has(w.id) || w.urgency <= rankLimit });
  }
  for (const id of mandatoryIds) if (!candidates.some((c) => c.id === id)) throw new InvalidOptionError('mandatory', `plan: mandatory work "${id}" is neither a redundancy link nor a desaturation work`);

  const forcedCost = candidates.filter((c) => c.mandatory).reduce((t, c) => t + c.costEur, 0);
  if (forcedCost > spendableEur) throw new InvalidOptionError('mandatory', `plan: mandatory works cost ${forcedCost} €, more than the ${spendableEur} € that can be spent`);
  const objective = planObjective(topology, options);
  const exact = candidates.length <= (options.exactLimit ?? 25);
  let ids: string[];
  let optimal: boolean;
  const greedy = lazyGreedySelection(candidates, spendableEur, objective.value, { bundles: objective.bundles() });
  if (exact) {
    const result = exactSelection(candidates, spendableEur, objective.value, { nodeLimit: options.nodeLimit, incumbent: greedy });
    ids = result.ids;
    optimal = result.proved;
    if (!result.proved) warnings.push(`the exact search stopped at its node limit: the best set found, not proved optimal`);
  } else {
    ids = greedy.ids;
    optimal = false;
  }
  const chosen = new Set(ids);
  const value = objective.figures(ids);
  const empty = objective.figures([]);
  const alone = (id: string) => objective.figures([id]).score - empty.score;
  const selectedCandidates = candidates.filter((c) => chosen.has(c.id));
  const schedule: Schedule = scheduleByYear(
    selectedCandidates.map((c) => ({ id: c.id, costEur: c.costEur, mandatory: c.mandatory ?? false, rank: c.rank, valuePerEur: c.costEur > 0 ? alone(c.id) / c.costEur : 0 })),
    caps,
  );
  const payments = new Map(schedule.works.map((w) => [w.id, w.payments]));
  const costEur = selectedCandidates.reduce((t, c) => t + c.costEur, 0);
  const years = schedule.years.map((y) => ({ year: y.year, capEur: y.capEur, costEur: y.costEur, works: y.works.map((w) => w.id), funding: splitFunding(y.costEur, funding) }));
  const totals = funding.map((f, i) => ({ source: f.source, amountEur: years.reduce((t, y) => t + y.funding[i].amountEur, 0) }));

  return {
    method: exact ? 'exact (branch and bound)' : 'lazy greedy with best-single fallback',
    optimal,
    objective: objective.name,
    saturationModel: objective.model,
    budgetEur,
    spendableEur,
    candidates: candidates.length,
    evaluations: objective.evaluations(),
    selected: schedule.works.map((w) => {
      const c = candidates.find((x) => x.id === w.id)!;
      return { id: c.id, kind: c.kind, label: c.label, rank: c.rank, costEur: c.costEur, mandatory: c.mandatory ?? false, payments: payments.get(c.id) ?? [] };
    }),
    notSelected: candidates
      .filter((c) => !chosen.has(c.id))
      .map((c) => ({ id: c.id, kind: c.kind, costEur: c.costEur, reason: reasonLeftOut(c, ids, costEur, spendableEur, objective) }))
      .sort((a, b) => compareIds(a.id, b.id)),
    value,
    costEur,
    years,
    funding: { shares: [...funding], totals },
    warnings,
  };
}

function reasonLeftOut(c: Item, ids: string[], costEur: number, spendableEur: number, objective: ReturnType<typeof planObjective>): string {
  const now = objective.value(ids);
  const more = objective.value([...ids, c.id]);
  if (more.score === now.score && more.sectionsCleared === now.sectionsCleared) return 'adds nothing to the selected works';
  if (costEur + c.costEur > spendableEur) return `does not fit: ${spendableEur - costEur} € left`;
  return 'a better use of the budget was found';
}

/**
 * The cap of each year from the options.
 *
 * @example
 * yearlyCaps({ budgetEur: 3_884_950, years: 3 }); // [1294984, 1294983, 1294983]
 */
export function yearlyCaps(options: Pick<PlanOptions, 'budgetEur' | 'years' | 'yearlyCapEur' | 'yearlyBudgetsEur'>): number[] {
  if (options.yearlyBudgetsEur) {
    if (options.yearlyBudgetsEur.length === 0 || options.yearlyBudgetsEur.some((b) => !(b >= 0))) throw new InvalidOptionError('yearlyBudgetsEur', 'plan: yearly budgets must be ≥ 0, at least one');
    if (options.years !== undefined && options.years !== options.yearlyBudgetsEur.length) {
      throw new InvalidOptionError('yearlyBudgetsEur', `plan: ${options.years} years but ${options.yearlyBudgetsEur.length} yearly budgets`);
    }
    return [...options.yearlyBudgetsEur];
  }
  const years = options.years ?? 1;
  if (!(Number.isInteger(years) && years >= 1)) throw new InvalidOptionError('years', `plan: years must be a positive integer, got ${years}`);
  if (options.yearlyCapEur === undefined) {
    // The budget in equal whole euros, the odd euros on the first years: the caps add up to it.
    const each = Math.floor(options.budgetEur / years);
    const odd = options.budgetEur - each * years;
    return Array.from({ length: years }, (_, y) => each + (y < Math.floor(odd) ? 1 : 0) + (y === years - 1 ? odd - Math.floor(odd) : 0));
  }
  const cap = options.yearlyCapEur;
  if (!(cap >= 0)) throw new InvalidOptionError('yearlyCapEur', `plan: yearly cap must be ≥ 0, got ${cap}`);
  return Array.from({ length: years }, () => cap);
}
