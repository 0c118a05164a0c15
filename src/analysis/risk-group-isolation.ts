import type { CompiledNetwork } from '../graph/compile.js';
import type { DfsTree } from './dfs-tree.js';
import { MaskSpread } from './mask-spread.js';

export interface RiskGroupOptions {
  /**
   * Groups cutting more tree sections than this, or of more than 64 times this many sections,
   * are settled by one search over the network instead of the fragment method (whose cost
   * grows with the square of the tree sections cut). Default 64.
   */
  maxTreeCuts?: number;
}

/** Sections that fail together, in CSR form: group g is sections[offset[g] … offset[g+1]). */
export interface SectionGroups {
  readonly offset: Int32Array;
  readonly sections: Int32Array;
}

/**
 * For every risk group, the connected sites its failure (all its sections at once) cuts off.
 *
 * @example
 * const isolated = riskGroupIsolation(net, dfsTree(net));
 * isolated[net.riskGroups.indexOf('trench-D925')]; // Int32Array of site indices
 */
export function riskGroupIsolation(net: CompiledNetwork, tree: DfsTree, options: RiskGroupOptions = {}): Int32Array[] {
  return groupIsolation(net, tree, { offset: net.riskOffset, sections: net.riskSections }, options);
}

/**
 * For every group of sections that fail together (a risk group, all of an owner's conduits),
 * the connected sites its failure cuts off.
 *
 * Only what a group's sections can affect is examined. Its tree sections split the depth-first
 * tree into fragments, each a preorder interval minus the intervals of the fragments below it.
 * Two fragments stay joined when a surviving non-tree section runs between them; as every
 * non-tree section joins a site to one of its ancestors, that is a count of points in a
 * rectangle of (descendant preorder, ancestor preorder), answered for all groups at once by
 * one sweep with a Fenwick tree. The source's links to the head-ends are such points too.
 * A group that cuts more tree sections than `maxTreeCuts` is settled by one search instead.
 *
 * @example
 * groupIsolation(net, dfsTree(net), { offset: Int32Array.of(0, 2), sections: Int32Array.of(4, 7) })[0];
 */
export function groupIsolation(net: CompiledNetwork, tree: DfsTree, groups: SectionGroups, options: RiskGroupOptions = {}): Int32Array[] {
  const maxTreeCuts = options.maxTreeCuts ?? 64;
  const queries = new RectangleQueries();
  const plans: (GroupPlan | Int32Array)[] = [];

  const seen = new Uint8Array(net.sectionCount);
  const searched: number[] = [];
  const { pre, parent, parentSection } = tree;
  const { sectionFrom, sectionTo } = net;
  // Most groups are a few sections whose tree sections cut separate subtrees: classified here
  // without a split of their own (at 1e6 sections, 18 000 groups of two cost 20 µs each).
  const cuts: number[] = [];
  for (let g = 0; g + 1 < groups.offset.length; g++) {
    const from = groups.offset[g];
    const to = groups.offset[g + 1];
    // A group of thousands of sections (an owner's conduits) is searched without splitting it first.
    if (to - from > maxTreeCuts * 64) {
      plans.push(NONE);
      searched.push(g);
      continue;
    }
    cuts.length = 0;
    let backs = 0;
    for (let i = from; i < to; i++) {
      const e = groups.sections[i];
      if (seen[e]) continue;
      seen[e] = 1;
      const a = pre[sectionFrom[e]];
      const b = pre[sectionTo[e]];
      if (a < 0) continue;
      if (parentSection[b] === e && parent[b] === a) cuts.push(b);
      else if (parentSection[a] === e && parent[a] === b) cuts.push(a);
      else backs++;
    }
    for (let i = from; i < to; i++) seen[groups.sections[i]] = 0;
    if (cuts.length === 0) {
      plans.push(NONE);
      continue;
    }
    if (cuts.length === 2) {
      if (cuts[1] < cuts[0]) cuts.reverse();
    } else if (cuts.length > 2) cuts.sort((x, y) => x - y);
    if (backs === 0 && areDisjointSubtrees(tree, cuts)) plans.push(isolatedSubtrees(tree, cuts));
    else if (cuts.length > maxTreeCuts) {
      plans.push(NONE);
      searched.push(g);
    } else plans.push(planGroup(tree, splitGroup(net, tree, groups.sections.subarray(from, to), seen), queries));
  }
  for (let k = 0; k < searched.length; k += SEARCH_BATCH) {
    const batch = searched.slice(k, k + SEARCH_BATCH);
    isolatedBySearch(net, tree, groups, batch).forEach((isolated, b) => {
      plans[batch[b]] = isolated;
    });
  }

  // The sweep over every non-tree section only when a group needs it: a cut of one section does not.
  if (plans.every((plan) => plan instanceof Int32Array)) return plans as Int32Array[];
  const counts = queries.answer(nonTreePoints(net, tree));
  return plans.map((plan) => (plan instanceof Int32Array ? plan : isolatedFragments(tree, plan, queries, counts)));
}

interface GroupSplit {
  /** Preorders of the sites whose tree section to their parent is in the group, ascending. */
  cuts: number[];
  /** The group's non-tree sections as (descendant preorder, ancestor preorder). */
  backX: number[];
  backY: number[];
}

interface GroupPlan extends GroupSplit {
  /** Parent fragment of each fragment, -1 for the root fragment (the one holding the source). */
  parentFragment: Int32Array;
  /** Preorder intervals [start, end) of each fragment's own sites. */
  segments: number[][];
  /** First and last+1 query of this group, and the fragment pair each query joins. */
  firstQuery: number;
  pairs: number[];
}

/** Splits a group's sections; `seen` is all zeros before and after (a section listed twice counts once). */
function splitGroup(net: CompiledNetwork, tree: DfsTree, members: Int32Array, seen: Uint8Array): GroupSplit {
  const { pre, parent, parentSection } = tree;
  const cuts: number[] = [];
  const backX: number[] = [];
  const backY: number[] = [];
  for (const e of members) {
    if (seen[e]) continue;
    seen[e] = 1;
    const a = pre[net.sectionFrom[e]];
    const b = pre[net.sectionTo[e]];
    if (a < 0) continue;
    if (parentSection[b] === e && parent[b] === a) cuts.push(b);
    else if (parentSection[a] === e && parent[a] === b) cuts.push(a);
    else {
      backX.push(Math.max(a, b));
      backY.push(Math.min(a, b));
    }
  }
  for (const e of members) seen[e] = 0;
  cuts.sort((x, y) => x - y);
  return { cuts, backX, backY };
}

function planGroup(tree: DfsTree, split: GroupSplit, queries: RectangleQueries): GroupPlan {
  const { size } = tree;
  const { cuts } = split;
  const t = cuts.length;
  const end = (k: number) => cuts[k] + size[cuts[k]];
  const parentFragment = new Int32Array(t).fill(-1);
  const childStarts: number[][] = cuts.map(() => []);
  const stack: number[] = [];
  for (let k = 0; k < t; k++) {
    while (stack.length && end(stack[stack.length - 1]) <= cuts[k]) stack.pop();
    if (stack.length) {
      parentFragment[k] = stack[stack.length - 1];
      childStarts[parentFragment[k]].push(k);
    }
    stack.push(k);
  }

  const segments = cuts.map((c, k) => {
    const own: number[] = [];
    let from = c;
    for (const child of childStarts[k]) {
      if (cuts[child] > from) own.push(from, cuts[child]);
      from = end(child);
    }
    if (end(k) > from) own.push(from, end(k));
    return own;
  });

  const firstQuery = queries.size;
  const pairs: number[] = [];
  for (let k = 0; k < t; k++) {
    let below = k;
    for (let above = parentFragment[k]; ; above = parentFragment[above]) {
      const yLow = above < 0 ? 0 : cuts[above];
      const yHigh = cuts[below];
      const own = segments[k];
      for (let i = 0; i < own.length; i += 2) {
        queries.add(own[i], own[i + 1], yLow, yHigh);
        pairs.push(k, above);
      }
      if (above < 0) break;
      below = above;
    }
  }
  // The fields written out: a spread per group cost more than the rest of the plan.
  return { cuts: split.cuts, backX: split.backX, backY: split.backY, parentFragment, segments, firstQuery, pairs };
}

function isolatedFragments(tree: DfsTree, plan: GroupPlan, queries: RectangleQueries, counts: Int32Array): Int32Array {
  const t = plan.cuts.length;
  const root = t;
  const leader = Int32Array.from({ length: t + 1 }, (_, i) => i);
  const find = (x: number): number => {
    while (leader[x] !== x) x = leader[x] = leader[leader[x]];
    return x;
  };
  for (let q = 0; q < plan.pairs.length / 2; q++) {
    const query = plan.firstQuery + q;
    let count = counts[query];
    if (count > 0) count -= ownBackSectionsIn(plan, queries.rect(query));
    if (count > 0) {
      const a = find(plan.pairs[2 * q]);
      const b = find(plan.pairs[2 * q + 1] < 0 ? root : plan.pairs[2 * q + 1]);
      if (a !== b) leader[a] = b;
    }
  }
  const isolated: number[] = [];
  for (let k = 0; k < t; k++) {
    if (find(k) === find(root)) continue;
    const own = plan.segments[k];
    for (let i = 0; i < own.length; i += 2) for (let x = own[i]; x < own[i + 1]; x++) isolated.push(tree.order[x]);
  }
  return isolated.length ? Int32Array.from(isolated) : NONE;
}

/** The group's own non-tree sections fail with it: they must not join fragments. */
function ownBackSectionsIn(plan: GroupSplit, [x1, x2, y1, y2]: number[]): number {
  let n = 0;
  for (let i = 0; i < plan.backX.length; i++) {
    if (plan.backX[i] >= x1 && plan.backX[i] < x2 && plan.backY[i] >= y1 && plan.backY[i] < y2) n++;
  }
  return n;
}

/** True when no cut site lies in the subtree of another (cuts ascending by preorder). */
function areDisjointSubtrees({ size }: DfsTree, cuts: readonly number[]): boolean {
  for (let k = 1; k < cuts.length; k++) if (cuts[k] < cuts[k - 1] + size[cuts[k - 1]]) return false;
  return true;
}

/**
 * The common case of separate subtrees and no non-tree section in the group: a subtree is
 * cut off exactly when nothing in it reaches above its root, which `low` already says.
 */
function isolatedSubtrees({ low, size, order }: DfsTree, cuts: readonly number[]): Int32Array {
  let total = 0;
  for (const c of cuts) if (low[c] >= c) total += size[c];
  if (total === 0) return NONE;
  const isolated = new Int32Array(total);
  let at = 0;
  for (const c of cuts) {
    if (low[c] < c) continue;
    const end = c + size[c];
    if (end - c >= 64) {
      isolated.set(order.subarray(c, end), at);
      at += end - c;
    } else for (let x = c; x < end; x++) isolated[at++] = order[x];
  }
  return isolated;
}

/** Groups settled by one search share it: one bit of a 32-bit mask each. */
export const SEARCH_BATCH = 32;

/** The connected sites each of up to 32 groups cuts off, by one search for all of them. */
function isolatedBySearch(net: CompiledNetwork, tree: DfsTree, groups: SectionGroups, batch: readonly number[]): Int32Array[] {
  const reached = reachedUnderGroups(net, groups, batch);
  const all = batch.length === 32 ? -1 : (1 << batch.length) - 1;
  const isolated: number[][] = batch.map(() => []);
  for (let x = 1; x <= tree.visited; x++) {
    const v = tree.order[x];
    for (let lost = ~reached[v] & all; lost !== 0; lost &= lost - 1) isolated[31 - Math.clz32(lost & -lost)].push(v);
  }
  return isolated.map((sites) => Int32Array.from(sites));
}

/** What a search over the network reads of it: plain typed arrays, the same in a worker thread. */
export type SearchedNetwork = Pick<CompiledNetwork, 'siteCount' | 'sectionCount' | 'headends' | 'adjOffset' | 'adjSection' | 'adjSite'>;

/**
 * For up to 32 groups of sections (`batch`, indices into `groups`), the sites each group's
 * failure leaves reached from a head-end, by one search for all of them: bit b of a site's
 * mask is set when it stays reached without the sections of `batch[b]`. A section passes on the
 * bits of the groups it is not in, and a site is queued again only when it gains a bit, so
 * this costs about one breadth-first search, not one per group (an owner's cut is one).
 *
 * @example
 * const reached = reachedUnderGroups(net, owners, [0, 1]);
 * reached[v] & 0b10; // 0 when losing every section of owner 1 cuts v off
 */
export function reachedUnderGroups(net: SearchedNetwork, groups: SectionGroups, batch: readonly number[]): Int32Array {
  if (batch.length > SEARCH_BATCH) throw new RangeError(`reachedUnderGroups: ${batch.length} groups, at most ${SEARCH_BATCH} at once`);
  const { adjSection } = net;
  const all = batch.length === 32 ? -1 : (1 << batch.length) - 1;
  const failedIn = new Int32Array(net.sectionCount);
  batch.forEach((g, b) => {
    for (let i = groups.offset[g]; i < groups.offset[g + 1]; i++) failedIn[groups.sections[i]] |= 1 << b;
  });
  // Read in adjacency order, the masks stay beside the sites they lead to.
  const passing = new Int32Array(adjSection.length);
  for (let i = 0; i < passing.length; i++) passing[i] = ~failedIn[adjSection[i]];
  const spread = new MaskSpread(net, passing);
  for (const h of net.headends) spread.start(h, all);
  spread.run();
  return spread.reached;
}

/**
 * Every non-tree section as (descendant preorder, ancestor preorder), and each head-end's
 * second link to the source as (its preorder, 0), by ascending descendant. Head-ends are
 * always connected, being where the search starts.
 */
function nonTreePoints(net: CompiledNetwork, tree: DfsTree): { x: Int32Array; y: Int32Array } {
  const { backFrom, backTo, pre } = tree;
  const backs = backFrom.length;
  const from = new Int32Array(backs + net.headends.length);
  const to = new Int32Array(from.length);
  from.set(backFrom);
  to.set(backTo);
  for (let k = 0; k < net.headends.length; k++) from[backs + k] = pre[net.headends[k]];
  const byX = ascendingBy(from);
  const x = new Int32Array(from.length);
  const y = new Int32Array(from.length);
  for (let k = 0; k < byX.length; k++) {
    x[k] = from[byX[k]];
    y[k] = to[byX[k]];
  }
  return { x, y };
}

/**
 * The indices of `keys` (non-negative integers) in ascending key order: one native sort of
 * exact float keys, with no array as large as the key range.
 */
function ascendingBy(keys: ArrayLike<number>): Int32Array {
  const n = keys.length;
  const composite = new Float64Array(n);
  for (let i = 0; i < n; i++) composite[i] = keys[i] * n + i;
  composite.sort();
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = composite[i] % n;
  return order;
}

/** Counts of points in rectangles [x1, x2) × [y1, y2), answered offline in one sweep. */
class RectangleQueries {
  private readonly rects: number[] = [];

  get size() {
    return this.rects.length / 4;
  }

  add(x1: number, x2: number, y1: number, y2: number) {
    this.rects.push(x1, x2, y1, y2);
  }

  rect(q: number): number[] {
    return this.rects.slice(4 * q, 4 * q + 4);
  }

  /** Points must come by ascending x. */
  answer(points: { x: Int32Array; y: Int32Array }): Int32Array {
    const q = this.size;
    const counts = new Int32Array(q);
    if (q === 0) return counts;
    // Each rectangle is four corners of "points with x < X and y < Y", signed, swept by X
    // over a Fenwick tree indexed by the distinct y of the points.
    const cornerX = new Int32Array(4 * q);
    for (let c = 0; c < 4 * q; c++) cornerX[c] = this.cornerX(c);
    const corners = ascendingBy(cornerX);
    const ys = distinct(points.y);
    const fenwick = new Int32Array(ys.length + 1);
    let p = 0;
    for (const c of corners) {
      const X = cornerX[c];
      while (p < points.x.length && points.x[p] < X) {
        for (let i = lowerBound(ys, points.y[p]) + 1; i <= ys.length; i += i & -i) fenwick[i]++;
        p++;
      }
      let below = 0;
      for (let i = lowerBound(ys, this.cornerY(c)); i > 0; i -= i & -i) below += fenwick[i];
      const corner = c & 3;
      counts[c >> 2] += corner === 0 || corner === 3 ? below : -below;
    }
    return counts;
  }

  // Corner k of rectangle q: 0 (x2,y2) +, 1 (x1,y2) −, 2 (x2,y1) −, 3 (x1,y1) +.
  private cornerX(c: number) {
    const k = c & 3;
    return this.rects[4 * (c >> 2) + (k === 1 || k === 3 ? 0 : 1)];
  }

  private cornerY(c: number) {
    const k = c & 3;
    return this.rects[4 * (c >> 2) + (k === 2 || k === 3 ? 2 : 3)];
  }
}

/** The distinct values of a list, ascending. */
function distinct(values: Int32Array): Int32Array {
  const sorted = values.slice().sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i];
  return sorted.subarray(0, n);
}

/**
 * Number of values of the ascending `values` that are below `value` (binary search).
 *
 * @example
 * lowerBound([1, 3, 3, 7], 3); // 1
 */
export function lowerBound(values: ArrayLike<number>, value: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (values[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

const NONE = new Int32Array(0);
