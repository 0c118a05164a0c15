import { compareOutcome, type Item, memoised, type SetFunction, type Value } from './objective.js';
import { InvalidOptionError } from '../../model/errors.js';

export interface Selection {
  ids: string[];
  value: Value;
  costEur: number;
}

export interface ExactResult extends Selection {
  /** False only when the node limit stopped the search: the best set found, not proved optimal. */
  proved: boolean;
  nodes: number;
}

export interface ExactOptions {
  /** Stops the search after this many nodes. Default 2 000 000. */
  nodeLimit?: number;
  /** A known feasible selection to start from (prunes earlier). */
  incumbent?: Selection;
}

/**
 * The best subset of items under a budget, by branch and bound over include/exclude decisions.
 * The bound of a node is the value of its set plus every remaining item that still fits the
 * budget on its own: admissible for any monotone set function, synergies included, since any
 * completion is a subset of that set. Outcomes compare by value, then lower cost. Mandatory
 * items are in every set. Throws when the mandatory items alone exceed the budget.
 *
 * @example
 * exactSelection(items, 1_000_000, (ids) => ({ score: ids.length, sectionsCleared: 0 })).ids;
 */
export function exactSelection(items: readonly Item[], budgetEur: number, value: SetFunction, options: ExactOptions = {}): ExactResult {
  const nodeLimit = options.nodeLimit ?? 2_000_000;
  const forced = items.filter((i) => i.mandatory);
  const forcedCost = forced.reduce((t, i) => t + i.costEur, 0);
  if (forcedCost > budgetEur) throw new InvalidOptionError('mandatory', `plan-exact: mandatory works cost ${forcedCost} €, more than the budget of ${budgetEur} €`);
  const setValue = memoised(value);
  const base = forced.map((i) => i.id);
  const baseValue = setValue(base);
  // Branch on the items worth most per euro on their own first: good incumbents early.
  const free = items
    .filter((i) => !i.mandatory && i.costEur <= budgetEur - forcedCost)
    .map((i) => ({ item: i, alone: setValue([...base, i.id]) }))
    .sort((x, y) => perEur(y.alone.score - baseValue.score, y.item.costEur) - perEur(x.alone.score - baseValue.score, x.item.costEur) || x.item.costEur - y.item.costEur)
    .map((x) => x.item);

  let best: Selection = { ids: base, value: baseValue, costEur: forcedCost };
  if (options.incumbent && options.incumbent.costEur <= budgetEur && compareOutcome(options.incumbent.value, options.incumbent.costEur, best.value, best.costEur) > 0) {
    best = options.incumbent;
  }
  let nodes = 0;
  let proved = true;
  const chosen = [...base];

  const visit = (k: number, cost: number, current: Value) => {
    if (++nodes > nodeLimit) {
      proved = false;
      return;
    }
    if (compareOutcome(current, cost, best.value, best.costEur) > 0) best = { ids: [...chosen], value: current, costEur: cost };
    const room = budgetEur - cost;
    for (let j = k; j < free.length && proved; j++) {
      const item = free[j];
      if (item.costEur > room) continue;
      // Every set below here is `chosen` plus items from j on: bounded by adding all that fit.
      // No completion beats the incumbent: better value impossible, and equal value costs at least `cost`.
      const rest = free.slice(j).filter((i) => i.costEur <= room).map((i) => i.id);
      if (compareOutcome(setValue([...chosen, ...rest]), cost, best.value, best.costEur) <= 0) return;
      chosen.push(item.id);
      visit(j + 1, cost + item.costEur, setValue(chosen));
      chosen.pop();
    }
  };
  visit(0, forcedCost, baseValue);
  return { ...best, ids: [...best.ids], proved, nodes };
}

const perEur = (gain: number, cost: number) => (gain <= 0 ? 0 : cost > 0 ? gain / cost : Number.POSITIVE_INFINITY);
