/** Compares ids by UTF-16 code units: the order of `Array.prototype.sort()` without arguments. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const orderOfList = new WeakMap<readonly string[], IdOrder>();

/**
 * The sorted order of a list of ids, computed once per list (a network's ids never change:
 * a cut on a large network no longer sorts them all again), so that any list of indices into
 * it sorts by id with a numeric sort instead of string comparisons.
 *
 * @example
 * const order = idOrder(['b', 'a', 'c']);
 * order.sorted([2, 0, 1]); // ['a', 'b', 'c']
 */
export function idOrder(ids: readonly string[]): IdOrder {
  let order = orderOfList.get(ids);
  if (!order) {
    order = computedOrder(ids);
    orderOfList.set(ids, order);
  }
  return order;
}

function computedOrder(ids: readonly string[]): IdOrder {
  const byRank = indicesById(ids);
  const rank = new Int32Array(ids.length);
  for (let r = 0; r < byRank.length; r++) rank[byRank[r]] = r;
  return {
    rank,
    byRank,
    sorted(indices: ArrayLike<number>): string[] {
      if (indices.length === 0) return [];
      return Array.from(ranksInOrder(indices), (r) => ids[byRank[r]]);
    },
    sortedIndices(indices: ArrayLike<number>): SortedIndices {
      if (indices.length === 0) return NO_INDICES;
      const ranks = ranksInOrder(indices);
      for (let k = 0; k < ranks.length; k++) ranks[k] = byRank[ranks[k]];
      return ranks;
    },
  };

  /**
   * The ranks of `indices`, ascending. The lists of a report are mostly short: an insertion sort
   * into a plain array. A list of more than a 32nd of the ids (an owner's cut isolates most of a
   * national network) is counted into rank order, linear in the ids; others are sorted.
   */
  function ranksInOrder(indices: ArrayLike<number>): number[] | Int32Array {
    const n = indices.length;
    if (n <= SHORT) {
      const ranks: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = rank[indices[i]];
        let j = i;
        while (j > 0 && ranks[j - 1] > r) ranks[j] = ranks[--j];
        ranks[j] = r;
      }
      return ranks;
    }
    if (n <= ids.length >> 5) return Int32Array.from(indices, (i) => rank[i]).sort();
    const count = new Int32Array(ids.length);
    for (let k = 0; k < n; k++) count[rank[indices[k]]]++;
    const ranks = new Int32Array(n);
    let at = 0;
    for (let r = 0; r < count.length; r++) for (let c = count[r]; c > 0; c--) ranks[at++] = r;
    return ranks;
  }
}

/**
 * The indices of `ids` in id order (equal ids by index): a multikey quicksort on UTF-16 code
 * units (Bentley and Sedgewick), which reads each id's characters once per level where a
 * comparison sort compares whole ids some 20 times each: about half the time on a national
 * network's ids.
 */
function indicesById(ids: readonly string[]): Int32Array {
  const a = new Int32Array(ids.length);
  for (let i = 0; i < a.length; i++) a[i] = i;
  multikeySort(ids, a, 0, a.length, 0);
  return a;
}

function charAt(ids: readonly string[], i: number, d: number): number {
  const id = ids[i];
  return d < id.length ? id.charCodeAt(d) : -1;
}

/** Sorts a[lo … hi) whose ids agree on their first `d` code units. */
function multikeySort(ids: readonly string[], a: Int32Array, lo: number, hi: number, d: number): void {
  while (hi - lo > SHORT) {
    const x = charAt(ids, a[lo], d);
    const y = charAt(ids, a[(lo + hi) >> 1], d);
    const z = charAt(ids, a[hi - 1], d);
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i < gt) {
      const v = a[i];
      const c = charAt(ids, v, d);
      if (c < pivot) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (c > pivot) {
        a[i] = a[--gt];
        a[gt] = v;
      } else i++;
    }
    multikeySort(ids, a, lo, lt, d);
    multikeySort(ids, a, gt, hi, d);
    if (pivot < 0) {
      // equal ids, by index
      if (gt - lt > 1) a.subarray(lt, gt).sort();
      return;
    }
    lo = lt;
    hi = gt;
    d++;
  }
  for (let i = lo + 1; i < hi; i++) {
    const v = a[i];
    const id = ids[v];
    let j = i;
    for (; j > lo; j--) {
      const w = ids[a[j - 1]];
      if (w < id || (w === id && a[j - 1] < v)) break;
      a[j] = a[j - 1];
    }
    a[j] = v;
  }
}

export interface IdOrder {
  /** Position of each index in id order. */
  readonly rank: Int32Array;
  /** Index at each position of id order. */
  readonly byRank: Int32Array;
  /** The ids of `indices`, sorted by id. */
  sorted(indices: ArrayLike<number>): string[];
  /** `indices` sorted by id (a list that must not be changed: the empty one is shared). */
  sortedIndices(indices: ArrayLike<number>): SortedIndices;
}

/** Indices in id order: a small array or a typed one. */
export type SortedIndices = readonly number[] | Int32Array;

const SHORT = 16;
const NO_INDICES: readonly number[] = Object.freeze([]);
