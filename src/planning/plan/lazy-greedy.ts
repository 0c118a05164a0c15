import type { Selection } from './exact.js';
import { compareOutcome, type Item, memoised, type SetFunction, type Value } from './objective.js';
import { InvalidOptionError } from '../../model/errors.js';

export interface GreedyResult extends Selection {
  /** 'greedy' or 'best single' when one affordable work alone (with the mandatory ones) beat the greedy set. */
  chosenBy: 'greedy' | 'best single';
  evaluations: number;
}

export interface GreedyOptions {
  /** When no single item adds anything, pairs are tried while at most this many remain. Default 40. */
  maxPairSearch?: number;
  /**
   * Sets of items worth considering together (the works that clear every strained section of
   * one route, say): offered to the greedy beside single items, at the cost of their items not
   * yet chosen. The answer to objectives whose gains only show when a group is complete.
   */
  bundles?: ReadonlyArray<readonly string[]>;
}

/**
 * Lazy greedy (CELF) for a budget: repeatedly takes the affordable candidate — a single item or
 * a bundle — with the best marginal gain per euro, recomputing a gain only when its stale value
 * reaches the top of the queue. Then compares with the best single affordable candidate and
 * keeps the better (the fallback that bounds the greedy's loss on a knapsack). When nothing
 * adds anything, the best pair per euro is tried, so two links that only secure together are
 * found. Gains are compared score per euro first, then sections cleared per euro. Exact
 * laziness needs a submodular objective; with synergies this is a heuristic, which is why the
 * plan names its method.
 *
 * @example
 * lazyGreedySelection(items, 2_000_000, objective.value).ids;
 */
export function lazyGreedySelection(items: readonly Item[], budgetEur: number, value: SetFunction, options: GreedyOptions = {}): GreedyResult {
  const maxPairSearch = options.maxPairSearch ?? 40;
  const setValue = memoised(value);
  const byId = new Map(items.map((i) => [i.id, i]));
  const forced = items.filter((i) => i.mandatory);
  const chosen = forced.map((i) => i.id);
  const taken = new Set(chosen);
  let cost = forced.reduce((t, i) => t + i.costEur, 0);
  if (cost > budgetEur) throw new InvalidOptionError('mandatory', `plan-greedy: mandatory works cost ${cost} €, more than the budget of ${budgetEur} €`);
  const base: Selection = { ids: [...chosen], value: setValue(chosen), costEur: cost };
  let current = base.value;

  type Entry = { ids: string[]; gain: Gain; round: number };
  const fresh = (ids: string[]) => ids.filter((id) => !taken.has(id));
  const costOf = (ids: readonly string[]) => ids.reduce((t, id) => t + byId.get(id)!.costEur, 0);
  const gainFor = (ids: string[]) => gainOf(setValue([...chosen, ...ids]), current, costOf(ids));
  const candidates = [
    ...items.filter((i) => !i.mandatory).map((i) => [i.id]),
    ...(options.bundles ?? []).map((b) => [...new Set(b)].filter((id) => byId.has(id))).filter((b) => b.length > 1),
  ];
  let queue: Entry[] = candidates.map((ids) => ({ ids, gain: gainFor(fresh(ids)), round: 0 }));
  let round = 0;
  for (;;) {
    queue = queue.filter((e) => {
      const rest = fresh(e.ids);
      return rest.length > 0 && costOf(rest) <= budgetEur - cost;
    });
    if (queue.length === 0) break;
    queue.sort((x, y) => compareGain(y.gain, x.gain) || costOf(fresh(x.ids)) - costOf(fresh(y.ids)));
    const top = queue[0];
    if (top.round !== round) {
      top.gain = gainFor(fresh(top.ids));
      top.round = round;
      continue;
    }
    if (top.gain.positive) {
      take(fresh(top.ids));
      continue;
    }
    const singles = queue.filter((e) => e.ids.length === 1).map((e) => byId.get(e.ids[0])!);
    const pair = singles.length <= maxPairSearch ? bestPair(singles, chosen, current, budgetEur - cost, setValue) : undefined;
    if (!pair) break;
    take(pair.map((i) => i.id));
  }

  function take(ids: string[]) {
    for (const id of ids) {
      chosen.push(id);
      taken.add(id);
      cost += byId.get(id)!.costEur;
    }
    current = setValue(chosen);
    round++;
  }

  let result: Selection = { ids: [...chosen], value: current, costEur: cost };
  let chosenBy: GreedyResult['chosenBy'] = 'greedy';
  for (const ids of candidates) {
    const extra = ids.filter((id) => !byId.get(id)!.mandatory);
    const single = { ids: [...base.ids, ...extra], value: setValue([...base.ids, ...extra]), costEur: base.costEur + costOf(extra) };
    if (single.costEur > budgetEur) continue;
    if (compareOutcome(single.value, single.costEur, result.value, result.costEur) > 0) {
      result = single;
      chosenBy = 'best single';
    }
  }
  return { ...result, chosenBy, evaluations: setValue.evaluations };
}

interface Gain {
  score: number;
  cleared: number;
  positive: boolean;
}

function gainOf(next: Value, current: Value, cost: number): Gain {
  const ds = next.score - current.score;
  const dc = next.sectionsCleared - current.sectionsCleared;
  const per = (d: number) => (d <= 0 ? 0 : cost > 0 ? d / cost : Number.POSITIVE_INFINITY);
  return { score: per(ds), cleared: ds >= 0 ? per(dc) : 0, positive: ds > 0 || (ds === 0 && dc > 0) };
}

const compareGain = (a: Gain, b: Gain) => Number(a.positive) - Number(b.positive) || a.score - b.score || a.cleared - b.cleared;

function bestPair(items: readonly Item[], chosen: readonly string[], current: Value, room: number, setValue: (ids: readonly string[]) => Value): Item[] | undefined {
  let best: { pair: Item[]; gain: Gain } | undefined;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const cost = items[i].costEur + items[j].costEur;
      if (cost > room) continue;
      const gain = gainOf(setValue([...chosen, items[i].id, items[j].id]), current, cost);
      if (gain.positive && (!best || compareGain(gain, best.gain) > 0)) best = { pair: [items[i], items[j]], gain };
    }
  }
  return best?.pair;
}
