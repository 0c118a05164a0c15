import type { CompiledNetwork } from '../graph/compile.js';
import type { CycleEquivalence } from './cycle-equivalence.js';
import { heaviestAtWanted, IntervalPairs, wantedByPreorder } from './interval-pairs.js';
import { before, type ElementKeys, PairLists } from './pair-order.js';

export interface SectionPairsOptions {
  /** Weight of each section; a pair weighs the product. Default 1 each. */
  sectionWeight?: Float64Array;
  /** Heaviest pairs listed per wanted site. Default 5. */
  top?: number;
}

/** The pairs of sections whose joint failure, and neither's alone, cuts a site off. */
export interface SectionPairs {
  /** By site index: how many such pairs (0 for a site not connected, or a head-end). */
  readonly count: Float64Array;
  /** By site index: the sum over those pairs of the product of the sections' weights. */
  readonly weight: Float64Array;
  /** For each wanted site, in the order given: its heaviest pairs of positive weight (by section key, see `ElementKeys`). */
  readonly top: PairLists;
}

/**
 * Counts and weighs, for every site, the pairs of sections that together cut it off, in
 * O(n + m) from the cycle-equivalence classes, and lists the heaviest pairs of each wanted site.
 *
 * In a class with tree sections t1 … tk from the top down (the site below t_i at preorder z_i)
 * and maybe a non-tree section g, failing t_i and t_j (i < j) cuts off subtree(z_i) minus
 * subtree(z_j), and failing t_i and g cuts off subtree(z_i). So a site is cut off by the pairs
 * (one section of the class above it, one not above it, g counting as not above): if a of the
 * class's T sections are above it, a·(T − a) pairs. The sum over classes is carried down the
 * tree in preorder, each site adding what its own tree section changes.
 *
 * The heaviest pairs: each class splits the tree into regions (the sites with the same
 * sections of the class above them), whose heaviest pairs come from the heaviest sections
 * above and below; a sweep in preorder keeps the pairs of the regions holding the current site
 * in a heap and reads the heaviest at each wanted site.
 *
 * @example
 * const pairs = sectionPairs(net, cycleEquivalence(net), elementKeys(net), nroIndices);
 * pairs.count[net.siteIndex.get('NRO-NES')!]; // 6 on the Somme network
 */
export function sectionPairs(net: CompiledNetwork, eq: CycleEquivalence, keys: ElementKeys, wanted: ArrayLike<number>, options: SectionPairsOptions = {}): SectionPairs {
  const top = options.top ?? 5;
  const weightOf = options.sectionWeight;
  const { tree, treeClass, classAbove, classCount, memberOffset, members, classNonTree } = eq;
  const { parent, parentSection, order, visited } = tree;

  const totalCount = new Float64Array(classCount);
  const totalWeight = new Float64Array(classCount);
  for (let c = 0; c < classCount; c++) {
    const g = classNonTree[c];
    totalCount[c] = memberOffset[c + 1] - memberOffset[c] + (g >= 0 ? 1 : 0);
    let w = g >= 0 ? (weightOf ? weightOf[g] : 1) : 0;
    for (let k = memberOffset[c]; k < memberOffset[c + 1]; k++) w += weightOf ? weightOf[parentSection[members[k]]] : 1;
    totalWeight[c] = w;
  }

  // By preorder: pairs so far, and the class's count and weight above and at the site.
  const pairsAt = new Float64Array(visited + 1);
  const weightAt = new Float64Array(visited + 1);
  const aboveCount = new Float64Array(visited + 1);
  const aboveWeight = new Float64Array(visited + 1);
  const count = new Float64Array(net.siteCount);
  const weight = new Float64Array(net.siteCount);
  for (let x = 1; x <= visited; x++) {
    const p = parent[x];
    let pairs = pairsAt[p];
    let sum = weightAt[p];
    const c = treeClass[x];
    if (c >= 0) {
      const up = classAbove[x];
      const a = up >= 0 ? aboveCount[up] : 0;
      const wa = up >= 0 ? aboveWeight[up] : 0;
      const w = weightOf ? weightOf[parentSection[x]] : 1;
      // (a + 1)(T − a − 1) − a(T − a), and the same with weights.
      pairs += totalCount[c] - 2 * a - 1;
      sum += w * (totalWeight[c] - 2 * wa - w);
      aboveCount[x] = a + 1;
      aboveWeight[x] = wa + w;
    }
    pairsAt[x] = pairs;
    weightAt[x] = sum;
    const v = order[x];
    count[v] = pairs;
    // Rounding in the running sum must not leave a ghost weight where there is no pair.
    weight[v] = pairs > 0 ? Math.max(0, sum) : 0;
  }

  return { count, weight, top: heaviestPairs(eq, keys, wanted, top, weightOf) };
}

/** The heaviest pairs of each wanted site (see `sectionPairs`). */
function heaviestPairs(eq: CycleEquivalence, keys: ElementKeys, wanted: ArrayLike<number>, top: number, weightOf?: Float64Array): PairLists {
  const { tree, classCount, memberOffset, members, classNonTree } = eq;
  const { parentSection, size } = tree;
  if (top === 0 || classCount === 0) return new PairLists(wanted.length, top);

  // A region is skipped unless it holds a wanted site.
  const { holdsWanted } = wantedByPreorder(tree, wanted);
  const entries = new IntervalPairs();
  const sectionWeight = (e: number) => (weightOf ? weightOf[e] : 1);
  const below = new SortedElements(top);
  const above = new SortedElements(top);
  const products = new Products(top);
  let belowWeights = new Float64Array(0);
  let belowKeys = new Int32Array(0);
  let belowLengths = new Int32Array(0);

  for (let c = 0; c < classCount; c++) {
    const first = memberOffset[c];
    const k = memberOffset[c + 1] - first;
    const g = classNonTree[c];
    const z = (i: number) => members[first + i];
    const end = (i: number) => z(i) + size[z(i)];
    if (!holdsWanted(z(0), end(0))) continue;

    // The heaviest sections below each region, from the bottom up: region i (0-based) has
    // members i+1 … k-1 and g below it.
    if (belowLengths.length < k) {
      belowLengths = new Int32Array(2 * k);
      belowWeights = new Float64Array(2 * k * top);
      belowKeys = new Int32Array(2 * k * top);
    }
    below.clear();
    if (g >= 0) below.insert(sectionWeight(g), keys.section(g));
    for (let i = k - 1; i >= 0; i--) {
      below.copyTo(belowWeights, belowKeys, i * top);
      belowLengths[i] = below.length;
      below.insert(sectionWeight(parentSection[z(i)]), keys.section(parentSection[z(i)]));
    }

    above.clear();
    for (let i = 0; i < k; i++) {
      above.insert(sectionWeight(parentSection[z(i)]), keys.section(parentSection[z(i)]));
      const last = i === k - 1;
      if (last && g < 0) break;
      // The region: subtree(z_i) minus subtree(z_{i+1}), two preorder intervals.
      const from1 = z(i);
      const to1 = last ? end(i) : z(i + 1);
      const from2 = last ? 0 : end(i + 1);
      const to2 = last ? 0 : end(i);
      const first1 = holdsWanted(from1, to1);
      const second = holdsWanted(from2, to2);
      if (!first1 && !second) continue;
      products.clear();
      const offset = i * top;
      for (let a = 0; a < above.length; a++) {
        for (let b = 0; b < belowLengths[i] && (a + 1) * (b + 1) <= top; b++) {
          products.offer(above.weights[a] * belowWeights[offset + b], above.keys[a], belowKeys[offset + b]);
        }
      }
      for (let p = 0; p < products.length; p++) {
        if (first1) entries.add(from1, to1, products.weight[p], products.low[p], products.high[p]);
        if (second) entries.add(from2, to2, products.weight[p], products.low[p], products.high[p]);
      }
    }
  }

  return heaviestAtWanted(entries, tree, wanted, top);
}

/** The `limit` heaviest pairs offered so far, heaviest first (see `before`), in reused typed arrays. */
class Products {
  readonly weight: Float64Array;
  readonly low: Int32Array;
  readonly high: Int32Array;
  length = 0;

  constructor(readonly limit: number) {
    this.weight = new Float64Array(limit);
    this.low = new Int32Array(limit);
    this.high = new Int32Array(limit);
  }

  clear() {
    this.length = 0;
  }

  offer(weight: number, a: number, b: number) {
    if (!(weight > 0)) return;
    const low = Math.min(a, b);
    const high = Math.max(a, b);
    let at = this.length;
    if (at === this.limit) {
      if (!before(weight, low, high, this.weight[at - 1], this.low[at - 1], this.high[at - 1])) return;
      at--;
    } else this.length++;
    while (at > 0 && before(weight, low, high, this.weight[at - 1], this.low[at - 1], this.high[at - 1])) {
      this.weight[at] = this.weight[at - 1];
      this.low[at] = this.low[at - 1];
      this.high[at] = this.high[at - 1];
      at--;
    }
    this.weight[at] = weight;
    this.low[at] = low;
    this.high[at] = high;
  }
}

/** The `limit` heaviest elements inserted so far (positive weights only), heaviest first, equal weights by key. */
class SortedElements {
  readonly weights: Float64Array;
  readonly keys: Int32Array;
  length = 0;

  constructor(readonly limit: number) {
    this.weights = new Float64Array(limit);
    this.keys = new Int32Array(limit);
  }

  clear() {
    this.length = 0;
  }

  insert(weight: number, key: number) {
    if (!(weight > 0) || this.limit === 0) return;
    let at = this.length;
    const goesBefore = (j: number) => weight > this.weights[j] || (weight === this.weights[j] && key < this.keys[j]);
    if (at === this.limit) {
      if (!goesBefore(at - 1)) return;
      at--;
    } else this.length++;
    while (at > 0 && goesBefore(at - 1)) {
      this.weights[at] = this.weights[at - 1];
      this.keys[at] = this.keys[at - 1];
      at--;
    }
    this.weights[at] = weight;
    this.keys[at] = key;
  }

  copyTo(weights: Float64Array, keys: Int32Array, offset: number) {
    weights.set(this.weights.subarray(0, this.length), offset);
    keys.set(this.keys.subarray(0, this.length), offset);
  }
}
