import type { Selection } from './exact.js';
import { compareOutcome, type Item, type SetFunction, setKey, type Value } from './objective.js';

export interface GreedyResult extends Selection {
  /** 'greedy' or 'best single' when one affordable work alone (with the mandatory ones) beat the greedy set. */
  chosenBy: 'greedy' | 'best single';
  evaluations: number;
}

export interface GreedyOptions {
  /** When no single item adds anything, pairs are tried while at most this many remain. Default 40. */
  maxPairSearch?: number;
}

/**
 * Lazy greedy (CELF) for a budget: repeatedly takes the affordable item with the best marginal
 * gain per euro, recomputing a gain only when its stale value reaches the top of the queue.
 * Then compares with the best single affordable item and keeps the better (the fallback that
 * bounds the greedy's loss on a knapsack). When no item adds anything alone, the best pair
 * per euro is tried, so two links that only secure together are found. Gains are compared
 * score per euro first, then sections cleared per euro. Exact laziness needs a submodular
 * objective; with synergies this is a heuristic, which is why the plan names its method.
 *
 * @example
 * lazyGreedySelection(items, 2_000_000, objective.value).ids;
 */
export function lazyGreedySelection(items: readonly Item[], budgetEur: number, value: SetFunction, options: GreedyOptions = {}): GreedyResult {
  const maxPairSearch = options.maxPairSearch ?? 40;
  const cache = new Map<string, Value>();
  const valueOf = (ids: readonly string[]) => {
    const key = setKey(ids);
    let v = cache.get(key);
    if (!v) cache.set(key, (v = value(ids)));
    return v;
  };
  const forced = items.filter((i) => i.mandatory);
  const chosen = forced.map((i) => i.id);
  let cost = forced.reduce((t, i) => t + i.costEur, 0);
  if (cost > budgetEur) throw new Error(`plan-greedy: mandatory works cost ${cost} €, more than the budget of ${budgetEur} €`);
  const base: Selection = { ids: [...chosen], value: valueOf(chosen), costEur: cost };
  let current = base.value;

  type Entry = { item: Item; gain: Gain; round: number };
  let queue: Entry[] = items.filter((i) => !i.mandatory && i.costEur <= budgetEur - cost).map((item) => ({ item, gain: gainOf(valueOf([...chosen, item.id]), current, item.costEur), round: 0 }));
  let round = 0;
  for (;;) {
    queue = queue.filter((e) => e.item.costEur <= budgetEur - cost);
    if (queue.length === 0) break;
    queue.sort((x, y) => compareGain(y.gain, x.gain) || x.item.costEur - y.item.costEur);
    const top = queue[0];
    if (top.round !== round) {
      top.gain = gainOf(valueOf([...chosen, top.item.id]), current, top.item.costEur);
      top.round = round;
      continue;
    }
    if (top.gain.positive) {
      take([top.item]);
      continue;
    }
    const pair = queue.length <= maxPairSearch ? bestPair(queue.map((e) => e.item), chosen, current, budgetEur - cost, valueOf) : undefined;
    if (!pair) break;
    take(pair);
  }

  function take(taken: Item[]) {
    for (const item of taken) {
      chosen.push(item.id);
      cost += item.costEur;
    }
    current = valueOf(chosen);
    queue = queue.filter((e) => !taken.includes(e.item));
    round++;
  }

  let result: Selection = { ids: [...chosen], value: current, costEur: cost };
  let chosenBy: GreedyResult['chosenBy'] = 'greedy';
  for (const item of items) {
    if (item.mandatory || base.costEur + item.costEur > budgetEur) continue;
    const single = { ids: [...base.ids, item.id], value: valueOf([...base.ids, item.id]), costEur: base.costEur + item.costEur };
    if (compareOutcome(single.value, single.costEur, result.value, result.costEur) > 0) {
      result = single;
      chosenBy = 'best single';
    }
  }
  return { ...result, chosenBy, evaluations: cache.size };
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

function bestPair(items: readonly Item[], chosen: readonly string[], current: Value, room: number, valueOf: (ids: readonly string[]) => Value): Item[] | undefined {
  let best: { pair: Item[]; gain: Gain } | undefined;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const cost = items[i].costEur + items[j].costEur;
      if (cost > room) continue;
      const gain = gainOf(valueOf([...chosen, items[i].id, items[j].id]), current, cost);
      if (gain.positive && (!best || compareGain(gain, best.gain) > 0)) best = { pair: [items[i], items[j]], gain };
    }
  }
  return best?.pair;
}
