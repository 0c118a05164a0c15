import { idOrder } from '../analysis/id-order.js';
import type { CompiledNetwork } from '../graph/compile.js';

export type ElementKind = 'section' | 'site' | 'riskGroup';

/** An element that can fail: a section, a site or a risk group, by its index in the network. */
export interface ElementRef {
  kind: ElementKind;
  index: number;
}

/**
 * Every failing element of a network numbered in one order, the order pairs are listed in
 * when they weigh the same: sections, then sites, then risk groups, each kind by id.
 */
export interface ElementKeys {
  /** Key of section e, of site v, of risk group g. */
  section(e: number): number;
  site(v: number): number;
  riskGroup(g: number): number;
  /** The element of a key. */
  element(key: number): ElementRef;
}

/**
 * The keys of a network's elements (id orders computed once per network).
 *
 * @example
 * const keys = elementKeys(net);
 * keys.element(keys.site(3)); // { kind: 'site', index: 3 }
 */
export function elementKeys(net: CompiledNetwork): ElementKeys {
  const sections = idOrder(net.sectionIds);
  const sites = idOrder(net.siteIds);
  const groups = idOrder(net.riskGroups);
  const m = net.sectionCount;
  const n = net.siteCount;
  return {
    section: (e) => sections.rank[e],
    site: (v) => m + sites.rank[v],
    riskGroup: (g) => m + n + groups.rank[g],
    element(key) {
      if (key < m) return { kind: 'section', index: sections.byRank[key] };
      if (key < m + n) return { kind: 'site', index: sites.byRank[key - m] };
      return { kind: 'riskGroup', index: groups.byRank[key - m - n] };
    },
  };
}

/**
 * A bounded list of the heaviest pairs seen, heaviest first, equal weights by the keys of
 * the pair's first then second element (first = the smaller key). Pairs of weight 0 are
 * never kept: they cannot happen.
 *
 * @example
 * const best = new TopPairs(2);
 * best.offer(0.5, 3, 1); best.offer(0.5, 0, 2); best.offer(0.1, 4, 5);
 * best.weight; // [0.5, 0.5]; best.low: [0, 1]
 */
export class TopPairs {
  readonly weight: number[] = [];
  /** Smaller key of each pair. */
  readonly low: number[] = [];
  readonly high: number[] = [];

  constructor(readonly limit: number) {}

  clear(): void {
    this.weight.length = 0;
    this.low.length = 0;
    this.high.length = 0;
  }

  /** Keeps the pair if it is among the `limit` heaviest so far. */
  offer(weight: number, a: number, b: number): void {
    if (!(weight > 0) || this.limit === 0) return;
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    let at = this.weight.length;
    if (at === this.limit) {
      if (!before(weight, low, high, this.weight[at - 1], this.low[at - 1], this.high[at - 1])) return;
      at--;
      this.weight.pop();
      this.low.pop();
      this.high.pop();
    }
    while (at > 0 && before(weight, low, high, this.weight[at - 1], this.low[at - 1], this.high[at - 1])) at--;
    this.weight.splice(at, 0, weight);
    this.low.splice(at, 0, low);
    this.high.splice(at, 0, high);
  }
}

/**
 * Short lists of pairs in flat typed arrays, heaviest first, `limit` slots per owner (an
 * NRO): owner i's pairs are at i·limit … i·limit + length[i] − 1, by keys as in `TopPairs`.
 */
export class PairLists {
  readonly length: Int32Array;
  readonly weight: Float64Array;
  readonly low: Int32Array;
  readonly high: Int32Array;

  constructor(
    readonly owners: number,
    readonly limit: number,
  ) {
    this.length = new Int32Array(owners);
    this.weight = new Float64Array(owners * limit);
    this.low = new Int32Array(owners * limit);
    this.high = new Int32Array(owners * limit);
  }

  /** Appends a pair to owner i's list; pairs come heaviest first, and beyond the limit are dropped. */
  append(i: number, weight: number, low: number, high: number): void {
    const k = this.length[i];
    if (k === this.limit) return;
    const at = i * this.limit + k;
    this.weight[at] = weight;
    this.low[at] = low;
    this.high[at] = high;
    this.length[i] = k + 1;
  }
}

/** True when pair (w1, a1, b1) comes before pair (w2, a2, b2): heavier, or as heavy and smaller keys. */
export function before(w1: number, a1: number, b1: number, w2: number, a2: number, b2: number): boolean {
  return w1 > w2 || (w1 === w2 && (a1 < a2 || (a1 === a2 && b1 < b2)));
}
