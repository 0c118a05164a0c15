import type { CompiledNetwork } from '../graph/compile.js';
import { MinHeap } from './heap.js';

/** Shortest paths from every site to its nearest head-end: a shortest-path tree towards the head-ends. */
export interface HeadendTree {
  /** Length in metres of the shortest path to the nearest head-end; `Infinity` when none. */
  readonly distance: Float64Array;
  /**
   * The first section of that path (towards the head-end); -1 at head-ends and unreachable
   * sites. Canonical: of the sections that start a shortest path, the lowest index, so that
   * two computations of the same distances give the same tree.
   */
  readonly via: Int32Array;
}

/**
 * One Dijkstra from a virtual source joined to every head-end at zero cost, O(m log n):
 * the shortest path from every site to its nearest head-end, as distances and a tree.
 * Sections flagged in `deadSections` are left out.
 *
 * The distance is also the exact lower bound that guides every route search: removing more
 * sections only lengthens paths, so it stays a consistent A* heuristic after any further cut.
 *
 * The tree-like branches are peeled off first (`hangingBranches`): a site of one section left,
 * not a head-end, reaches the head-ends only through it. The Dijkstra runs on what is left
 * (under a third of the sites of a collection network), and each branch site then takes its
 * distance from the site it hangs from, in the same sum the Dijkstra would have made: the
 * distances are the same to the bit.
 *
 * @example
 * const { distance, via } = headendTree(net);
 * distance[net.siteIndex.get('NRO-CAY')!]; // 41250
 */
export function headendTree(net: CompiledNetwork, deadSections?: Uint8Array): HeadendTree {
  const { adjOffset, adjSection, adjSite, lengthM } = net;
  const distance = new Float64Array(net.siteCount).fill(Number.POSITIVE_INFINITY);
  const via = new Int32Array(net.siteCount);
  const heap = new MinHeap(Math.max(16, net.headends.length * 2));
  // Each arc's length in adjacency order, dead arcs infinite: read in turn, not at random by section.
  const arcLength = new Float64Array(adjSection.length);
  for (let i = 0; i < adjSection.length; i++) arcLength[i] = deadSections?.[adjSection[i]] ? Number.POSITIVE_INFINITY : lengthM[adjSection[i]];
  const branches = hangingBranches(net, arcLength);
  const { peeled, order, up } = branches;
  for (const h of net.headends) {
    distance[h] = 0;
    heap.push(0, h);
  }
  while (heap.size > 0) {
    const v = heap.pop();
    const d = heap.lastKey;
    if (d > distance[v]) continue;
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      const w = adjSite[i];
      if (peeled[w]) continue;
      const candidate = d + arcLength[i];
      if (candidate < distance[w]) {
        distance[w] = candidate;
        heap.push(candidate, w);
      }
    }
  }
  // Down each branch from the site it hangs from: the last peeled first.
  for (let k = branches.count - 1; k >= 0; k--) {
    const v = order[k];
    const i = up[k];
    if (i >= 0) distance[v] = distance[adjSite[i]] + arcLength[i];
  }
  for (let v = 0; v < net.siteCount; v++) via[v] = canonicalVia(net, distance, v, deadSections);
  return { distance, via };
}

/** The sites `hangingBranches` peels off, in the order it does, each with the arc it hangs by. */
interface HangingBranches {
  /** Per site: 1 when peeled. */
  peeled: Uint8Array;
  /** The peeled sites, in peeling order (a site after every site that hangs from it). */
  order: Int32Array;
  /** Aligned with `order`: the arc (adjacency index) from the peeled site to the one it hangs from; -1 when none was left (a site cut off). */
  up: Int32Array;
  count: number;
}

/**
 * The sites of the tree-like branches: repeatedly, every site that is not a head-end and has
 * at most one live section left (an arc of finite length) is peeled off. What remains holds
 * every shortest path between the sites that remain (a path into a branch comes back the
 * same way); a peeled site's shortest route to a head-end is its arc up, then that site's.
 */
function hangingBranches(net: CompiledNetwork, arcLength: Float64Array): HangingBranches {
  const n = net.siteCount;
  const { adjOffset, adjSite, isHeadend } = net;
  const live = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    let count = 0;
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) if (arcLength[i] !== Number.POSITIVE_INFINITY) count++;
    live[v] = count;
  }
  const peeled = new Uint8Array(n);
  const order = new Int32Array(n);
  const up = new Int32Array(n);
  let count = 0;
  // `order` doubles as the queue: the sites found peelable are appended, then each is peeled in turn.
  for (let v = 0; v < n; v++) {
    if (live[v] <= 1 && !isHeadend[v]) {
      peeled[v] = 1;
      order[count++] = v;
    }
  }
  for (let k = 0; k < count; k++) {
    const v = order[k];
    let arc = -1;
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      if (arcLength[i] === Number.POSITIVE_INFINITY || peeled[adjSite[i]]) continue;
      arc = i;
      const w = adjSite[i];
      if (--live[w] <= 1 && !isHeadend[w]) {
        peeled[w] = 1;
        order[count++] = w;
      }
    }
    up[k] = arc;
  }
  return { peeled, order, up, count };
}

/**
 * The lowest-index section that starts a shortest path from `v` to a head-end (exactly tight:
 * d(v) = len + d(w)), or -1 at head-ends and unreachable sites.
 */
export function canonicalVia(net: CompiledNetwork, distance: Float64Array, v: number, deadSections?: Uint8Array): number {
  const d = distance[v];
  if (d === 0 || d === Number.POSITIVE_INFINITY) return -1;
  let best = -1;
  for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
    const e = net.adjSection[i];
    if (deadSections?.[e] || (best >= 0 && e >= best)) continue;
    if (distance[net.adjSite[i]] + net.lengthM[e] === d) best = e;
  }
  return best;
}

/**
 * The distance from every site to its nearest head-end (`headendTree(…).distance`).
 *
 * @example
 * distanceToHeadend(net)[net.headends[0]]; // 0
 */
export function distanceToHeadend(net: CompiledNetwork, deadSections?: Uint8Array): Float64Array {
  return headendTree(net, deadSections).distance;
}
