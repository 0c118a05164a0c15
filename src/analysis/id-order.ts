/** Compares ids by UTF-16 code units: the order of `Array.prototype.sort()` without arguments. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The sorted order of a list of ids, computed once, so that any list of indices into it sorts
 * by id with a numeric sort instead of string comparisons.
 *
 * @example
 * const order = idOrder(['b', 'a', 'c']);
 * order.sorted([2, 0, 1]); // ['a', 'b', 'c']
 */
export function idOrder(ids: readonly string[]): IdOrder {
  const byRank = Int32Array.from(ids.keys()).sort((i, j) => compareIds(ids[i], ids[j]));
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
