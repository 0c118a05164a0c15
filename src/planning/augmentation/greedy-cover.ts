import { assess, type AugmentationInstance } from './augmentation-instance.js';
import { type CutPool, violatedCuts } from './augmentation-cuts.js';

/**
 * The heuristic of `propose` for the targets that secure every required site: a greedy cover of
 * the known cuts (each time the candidate of least cost per cut it newly helps to cover), the
 * engine's analysis of the result adding the cuts it still violates, until none; then the prune
 * pass. `chosen` is completed in place (it may hold links already: a repair). Returns the
 * number of analyses.
 *
 * @example
 * const chosen = new Uint8Array(instance.candidates.length);
 * greedyAugmentation(instance, pool, required, chosen); // chosen now meets the target for every required site
 */
export function greedyAugmentation(instance: AugmentationInstance, pool: CutPool, required: readonly number[], chosen: Uint8Array): number {
  let analyses = 0;
  for (;;) {
    coverCuts(instance, pool, chosen);
    analyses++;
    if (pool.add(violatedCuts(instance, assess(instance, chosen), required)) === 0) break;
  }
  return analyses + pruneAugmentation(instance, pool, required, chosen);
}

/**
 * Chooses candidates until every cut of the pool holds: lazily, the least cost per cut still
 * short of its demand that the candidate crosses (a gain only falls as others are chosen, so a
 * stale ratio is a lower bound and the candidate on top, once refreshed, is the best).
 *
 * @example
 * coverCuts(instance, pool, chosen);
 * pool.counts(chosen).every((count, k) => count >= pool.cuts[k].demand); // true
 */
export function coverCuts(instance: AugmentationInstance, pool: CutPool, chosen: Uint8Array): void {
  const counts = pool.counts(chosen);
  const short = (k: number) => counts[k] < pool.cuts[k].demand;
  const gain = (l: number) => {
    let g = 0;
    for (const k of pool.ofLink[l]) if (short(k)) g++;
    return g;
  };
  const heap = new MinHeap();
  for (let l = 0; l < chosen.length; l++) {
    if (chosen[l]) continue;
    const g = gain(l);
    if (g > 0) heap.push(instance.costs[l] / g, l);
  }
  let missing = 0;
  for (let k = 0; k < pool.cuts.length; k++) if (short(k)) missing++;
  while (missing > 0) {
    const top = heap.pop();
    if (top === undefined) throw new Error('augmentation: a cut no candidate can satisfy (an unsecurable site was required)');
    const l = top.item;
    const g = gain(l);
    if (g === 0) continue;
    const ratio = instance.costs[l] / g;
    if (ratio > top.key && heap.size > 0 && ratio > heap.peekKey()) {
      heap.push(ratio, l);
      continue;
    }
    chosen[l] = 1;
    for (const k of pool.ofLink[l]) {
      counts[k]++;
      if (counts[k] === pool.cuts[k].demand) missing--;
    }
  }
}

/**
 * Drops, dearest first, every chosen link that adds nothing given the rest: one whose cuts all
 * have a link to spare, and without which the engine's analysis still finds the target met.
 * Such links are tried together — all those the cuts allow at once, in one analysis — and a
 * refused batch is halved until each link is tried alone; a refused drop adds the cuts it
 * violated, so later checks know them, and a link once refused stays (dropping others only
 * makes it more needed). Returns the analyses made.
 *
 * @example
 * pruneAugmentation(instance, pool, required, chosen); // chosen keeps only links the target needs
 */
export function pruneAugmentation(instance: AugmentationInstance, pool: CutPool, required: readonly number[], chosen: Uint8Array): number {
  const order = [...chosen.keys()].filter((l) => chosen[l]).sort((x, y) => instance.costs[y] - instance.costs[x] || y - x);
  const kept = new Set<number>();
  let analyses = 0;
  /** Of `links`, dearest first, those that can go together by the known cuts. */
  const spareable = (links: readonly number[]) => {
    const counts = pool.counts(chosen);
    const batch: number[] = [];
    for (const l of links) {
      if (!chosen[l] || kept.has(l) || pool.ofLink[l].some((k) => counts[k] <= pool.cuts[k].demand)) continue;
      batch.push(l);
      for (const k of pool.ofLink[l]) counts[k]--;
    }
    return batch;
  };
  const attempt = (batch: readonly number[]): void => {
    for (const l of batch) chosen[l] = 0;
    analyses++;
    const cuts = violatedCuts(instance, assess(instance, chosen), required);
    if (cuts.length === 0) return;
    for (const l of batch) chosen[l] = 1;
    pool.add(cuts);
    if (batch.length === 1) {
      kept.add(batch[0]);
      return;
    }
    const half = batch.length >> 1;
    for (const part of [batch.slice(0, half), batch.slice(half)]) {
      const again = spareable(part);
      if (again.length > 0) attempt(again);
    }
  };
  for (let batch = spareable(order); batch.length > 0; batch = spareable(order)) attempt(batch);
  return analyses;
}

/** A binary min-heap of (key, item). */
export class MinHeap {
  private readonly keys: number[] = [];
  private readonly items: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  peekKey(): number {
    return this.keys[0];
  }

  push(key: number, item: number): void {
    const { keys, items } = this;
    let i = keys.length;
    keys.push(key);
    items.push(item);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!(keys[p] > key || (keys[p] === key && items[p] > item))) break;
      keys[i] = keys[p];
      items[i] = items[p];
      i = p;
    }
    keys[i] = key;
    items[i] = item;
  }

  pop(): { key: number; item: number } | undefined {
    const { keys, items } = this;
    if (keys.length === 0) return undefined;
    const top = { key: keys[0], item: items[0] };
    const lastKey = keys.pop()!;
    const lastItem = items.pop()!;
    const n = keys.length;
    if (n === 0) return top;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && (keys[c + 1] < keys[c] || (keys[c + 1] === keys[c] && items[c + 1] < items[c]))) c++;
      if (!(keys[c] < lastKey || (keys[c] === lastKey && items[c] < lastItem))) break;
      keys[i] = keys[c];
      items[i] = items[c];
      i = c;
    }
    keys[i] = lastKey;
    items[i] = lastItem;
    return top;
  }
}
