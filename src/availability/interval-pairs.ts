import type { DfsTree } from '../analysis/dfs-tree.js';
import { bucket } from '../graph/bucket.js';
import { before, PairLists } from './pair-order.js';

/**
 * The wanted sites by preorder (`wantedAt[x]`: the position in `wanted` of the site at
 * preorder x, or -1), and whether a preorder interval holds one.
 *
 * @example
 * wantedByPreorder(tree, nros).holdsWanted(1, tree.visited + 1); // true when some NRO is connected
 */
export function wantedByPreorder(tree: DfsTree, wanted: ArrayLike<number>) {
  const { pre, visited } = tree;
  const wantedAt = new Int32Array(visited + 2).fill(-1);
  const wantedBefore = new Int32Array(visited + 2);
  for (let i = 0; i < wanted.length; i++) if (pre[wanted[i]] > 0) wantedAt[pre[wanted[i]]] = i;
  for (let x = 0; x <= visited; x++) wantedBefore[x + 1] = wantedBefore[x] + (wantedAt[x] >= 0 ? 1 : 0);
  return {
    wantedAt,
    holdsWanted: (from: number, to: number) => from < to && wantedBefore[to] > wantedBefore[from],
  };
}

/**
 * The heaviest pairs of each wanted site, from pairs each valid over a preorder interval of
 * the depth-first tree (the sites a pair cuts off): one sweep in preorder holds the pairs of
 * the intervals around the current site in a heap, the ended ones dropped as they surface,
 * and reads the `top` heaviest at each wanted site. O((P + W·top) log P) for P pairs and W
 * wanted sites.
 *
 * @example
 * const pairs = new IntervalPairs();
 * pairs.add(4, 9, 0.5, 1, 7); // sections of keys 1 and 7 cut off preorders 4 … 8
 * heaviestAtWanted(pairs, tree, nros, 5);
 */
export function heaviestAtWanted(entries: IntervalPairs, tree: DfsTree, wanted: ArrayLike<number>, top: number): PairLists {
  const lists = new PairLists(wanted.length, top);
  const { visited } = tree;
  const { wantedAt } = wantedByPreorder(tree, wanted);
  const n = entries.size;
  if (n === 0 || top === 0) return lists;
  const { offset, items: byStart } = bucket(visited + 2, entries.start.subarray(0, n), Int32Array.from({ length: n }, (_, i) => i));
  const { end, weight, low, high } = entries;
  const heap = new Int32Array(n);
  let length = 0;
  const better = (i: number, j: number) => before(weight[i], low[i], high[i], weight[j], low[j], high[j]);
  const push = (i: number) => {
    let at = length++;
    while (at > 0) {
      const up = (at - 1) >> 1;
      if (!better(i, heap[up])) break;
      heap[at] = heap[up];
      at = up;
    }
    heap[at] = i;
  };
  const pop = (): number => {
    const best = heap[0];
    const last = heap[--length];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= length) break;
      if (child + 1 < length && better(heap[child + 1], heap[child])) child++;
      if (!better(heap[child], last)) break;
      heap[at] = heap[child];
      at = child;
    }
    heap[at] = last;
    return best;
  };

  const taken = new Int32Array(top);
  for (let x = 1; x <= visited; x++) {
    for (let k = offset[x]; k < offset[x + 1]; k++) push(byStart[k]);
    const w = wantedAt[x];
    if (w < 0) continue;
    let count = 0;
    while (length > 0 && count < top) {
      const best = pop();
      if (end[best] <= x) continue;
      taken[count++] = best;
    }
    for (let k = 0; k < count; k++) {
      const i = taken[k];
      lists.append(w, weight[i], low[i], high[i]);
      push(i);
    }
  }
  return lists;
}

/** Pairs each valid over a preorder interval [start, end), by the keys of their elements; grown as they come. */
export class IntervalPairs {
  size = 0;
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  weight = new Float64Array(1024);
  low = new Int32Array(1024);
  high = new Int32Array(1024);

  add(start: number, end: number, weight: number, low: number, high: number): void {
    if (this.size === this.start.length) this.grow();
    const i = this.size++;
    this.start[i] = start;
    this.end[i] = end;
    this.weight[i] = weight;
    this.low[i] = low;
    this.high[i] = high;
  }

  private grow() {
    const bigger = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.start = bigger(this.start);
    this.end = bigger(this.end);
    this.weight = bigger(this.weight);
    this.low = bigger(this.low);
    this.high = bigger(this.high);
  }
}

