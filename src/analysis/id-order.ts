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
    order = computedOrder(ids, indicesById(ids));
    orderOfList.set(ids, order);
  }
  return order;
}

/**
 * `idOrder(ids)` if it was computed already, else undefined.
 *
 * @example
 * cachedIdOrder(net.siteIds)?.byRank;
 */
export function cachedIdOrder(ids: readonly string[]): IdOrder | undefined {
  return orderOfList.get(ids);
}

/**
 * `idOrder(ids)` when the order is known already (`byRank`, the indices in id order, as
 * `indicesByBytes` gives them; `rank` too, when at hand), kept for the next `idOrder(ids)`; the
 * order kept wins.
 *
 * @example
 * knownIdOrder(['b', 'a'], Int32Array.of(1, 0)).rank; // Int32Array [1, 0]
 */
export function knownIdOrder(ids: readonly string[], byRank: Int32Array, rank?: Int32Array): IdOrder {
  let order = orderOfList.get(ids);
  if (!order) {
    order = computedOrder(ids, byRank, rank);
    orderOfList.set(ids, order);
  }
  return order;
}

function computedOrder(ids: readonly string[], byRank: Int32Array, known?: Int32Array): IdOrder {
  const rank = known ?? new Int32Array(ids.length);
  if (!known) for (let r = 0; r < byRank.length; r++) rank[byRank[r]] = r;
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
 * The indices of `ids` in id order (equal ids by index). Ids whose code units are all one byte
 * (U+0001 … U+00FF) are sorted by those bytes (`indicesByBytes`); others by a multikey
 * quicksort on UTF-16 code units (Bentley and Sedgewick), which reads each id's characters
 * once per level where a comparison sort compares whole ids some 20 times each.
 */
function indicesById(ids: readonly string[]): Int32Array {
  const bytes = latin1(ids);
  if (bytes) return indicesByBytes(bytes.bytes, bytes.offset, 0, 0);
  const a = new Int32Array(ids.length);
  for (let i = 0; i < a.length; i++) a[i] = i;
  multikeySort(ids, a, 0, a.length, 0);
  return a;
}

/** Each id's code units as one byte each, or undefined when one is 0 or above 0xFF. */
function latin1(ids: readonly string[]): { bytes: Uint8Array; offset: Int32Array } | undefined {
  const offset = new Int32Array(ids.length + 1);
  let length = 0;
  for (let i = 0; i < ids.length; i++) {
    length += ids[i].length;
    offset[i + 1] = length;
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    for (let j = 0; j < id.length; j++) {
      const c = id.charCodeAt(j);
      if (c === 0 || c > 0xff) return undefined;
      bytes[at++] = c;
    }
  }
  return { bytes, offset };
}

/** Bytes of an id a sort key holds: 8 from some depth, 0 past the id's end. */
const KEY_BYTES = 8;

/**
 * The indices of the ids `bytes[offset[i] + head … offset[i + 1] - tail)` (none holding a 0
 * byte) in the order of their bytes, equal ids by index: the id order of ids whose code units
 * are those bytes (U+0001 … U+00FF; printable ASCII ids between quotes in JSON), from typed
 * arrays alone (a worker thread sorts them as well). Each id's first 8 bytes make a key
 * (two 32-bit words, with the id's index beside them), sorted by a stable radix sort; the keys
 * of each run of ids equal so far are remade from the next 8 bytes and sorted again: one round
 * for the numbered ids of a national network's sections, 5 times faster than the multikey
 * quicksort on their strings.
 *
 * @example
 * indicesByBytes(Buffer.from('"b","a",'), Int32Array.of(0, 4, 8), 1, 2); // Int32Array [1, 0]
 */
export function indicesByBytes(bytes: Uint8Array, offset: Int32Array, head: number, tail: number): Int32Array {
  const n = offset.length - 1;
  // Key k: keys[3k] the bytes 4 … 7 of the window, keys[3k + 1] the bytes 0 … 3, keys[3k + 2] the index.
  const keys = new Uint32Array(3 * n);
  const scratch = new Uint32Array(3 * n);
  const counts = new Int32Array((1 << 16) + 1);
  const word = (from: number, end: number) => {
    if (end - from >= 4) return ((bytes[from] << 24) | (bytes[from + 1] << 16) | (bytes[from + 2] << 8) | bytes[from + 3]) >>> 0;
    let w = 0;
    for (let b = 0; b < 4; b++) w = w * 256 + (from + b < end ? bytes[from + b] : 0);
    return w;
  };
  const keyAt = (k: number, i: number, depth: number) => {
    const from = offset[i] + head + depth;
    const end = offset[i + 1] - tail;
    keys[3 * k] = word(from + 4, end);
    keys[3 * k + 1] = word(from, end);
    keys[3 * k + 2] = i;
  };
  for (let i = 0; i < n; i++) keyAt(i, i, 0);
  radixSortKeys(keys, scratch, 0, n, counts);
  const runs = [0, n, 0];
  while (runs.length > 0) {
    const depth = runs.pop() as number;
    const to = runs.pop() as number;
    for (let start = runs.pop() as number; start < to; ) {
      const low = keys[3 * start];
      const high = keys[3 * start + 1];
      let end = start + 1;
      while (end < to && keys[3 * end] === low && keys[3 * end + 1] === high) end++;
      // Ids equal so far and none at its end (its last key byte would be 0): by the next bytes.
      if (end - start > 1 && (low & 0xff) !== 0) {
        for (let k = start; k < end; k++) keyAt(k, keys[3 * k + 2], depth + KEY_BYTES);
        if (end - start <= SHORT) sortKeys(keys, start, end);
        else radixSortKeys(keys, scratch, start, end, counts);
        runs.push(start, end, depth + KEY_BYTES);
      }
      start = end;
    }
  }
  const indices = new Int32Array(n);
  for (let k = 0; k < n; k++) indices[k] = keys[3 * k + 2];
  return indices;
}

/**
 * Sorts keys start … end − 1 by their 8 bytes, stable: passes from the last byte, of 16 bits
 * for many keys, 8 for fewer, only on the digits where the keys differ (not on the ids'
 * common prefix). `counts` has room for 2^16 + 1 counts.
 */
function radixSortKeys(keys: Uint32Array, scratch: Uint32Array, start: number, end: number, counts: Int32Array): void {
  // The bits where some keys differ, in each word.
  let lowOr = 0;
  let lowAnd = -1;
  let highOr = 0;
  let highAnd = -1;
  for (let k = start; k < end; k++) {
    lowOr |= keys[3 * k];
    lowAnd &= keys[3 * k];
    highOr |= keys[3 * k + 1];
    highAnd &= keys[3 * k + 1];
  }
  const differ = [lowOr ^ lowAnd, highOr ^ highAnd];
  const bits = end - start >= 1 << 14 ? 16 : 8;
  const mask = (1 << bits) - 1;
  const count = counts.subarray(0, mask + 2);
  let from = keys;
  let to = scratch;
  for (let digit = 0; digit < 64 / bits; digit++) {
    // Word 0 holds the low bytes of the key, word 1 the high ones.
    const half = digit < 32 / bits ? 0 : 1;
    const shift = (digit * bits) % 32;
    if (((differ[half] >>> shift) & mask) === 0) continue;
    count.fill(0);
    for (let k = start; k < end; k++) count[((from[3 * k + half] >>> shift) & mask) + 1]++;
    for (let d = 1; d < count.length; d++) count[d] += count[d - 1];
    for (let k = start; k < end; k++) {
      const at = 3 * (start + count[(from[3 * k + half] >>> shift) & mask]++);
      to[at] = from[3 * k];
      to[at + 1] = from[3 * k + 1];
      to[at + 2] = from[3 * k + 2];
    }
    [from, to] = [to, from];
  }
  if (from !== keys) keys.set(from.subarray(3 * start, 3 * end), 3 * start);
}

/** Sorts the few keys start … end − 1 by their bytes, then by index. */
function sortKeys(keys: Uint32Array, start: number, end: number): void {
  for (let k = start + 1; k < end; k++) {
    const low = keys[3 * k];
    const high = keys[3 * k + 1];
    const index = keys[3 * k + 2];
    let j = k;
    for (; j > start; j--) {
      const h = keys[3 * j - 2];
      const l = keys[3 * j - 3];
      if (h < high || (h === high && (l < low || (l === low && keys[3 * j - 1] < index)))) break;
      keys[3 * j] = l;
      keys[3 * j + 1] = h;
      keys[3 * j + 2] = keys[3 * j - 1];
    }
    keys[3 * j] = low;
    keys[3 * j + 1] = high;
    keys[3 * j + 2] = index;
  }
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
