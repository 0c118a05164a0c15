import type { CompiledNetwork } from '../graph/compile.js';
import { type HangingBranches, hangingBranches } from './hanging-branches.js';
import { MinHeap } from './heap.js';
import { type HeadendTree, treeVia } from './nearest-headend.js';

/**
 * The shortest-path tree towards the head-ends, repaired in place after one section or a set of
 * sections fails (a site, a risk group, an owner) and restored after: what the sweeps need to
 * give their searches exact distances for each failure without one Dijkstra over the whole
 * network per failure.
 *
 * Only the sites under a failed section in the tree can move: the union of the subtrees under
 * the failed tree sections is recomputed by a Dijkstra seeded from its neighbours outside it,
 * whose distances do not change; the sites of the tree-like branches (`hangingBranches`) are
 * left out of the Dijkstra and take their distance from the site they hang from after it. The
 * cost is the size of that union, and the result is what
 * `headendTree(net, dead)` gives, to the bit (Dijkstra on non-negative lengths takes the least
 * rounded sum over the paths, whatever the order it relaxes them in; `via` is canonical).
 *
 * @example
 * const repair = new HeadendTreeRepair(net, headendTree(net));
 * dead[e] = 1;
 * repair.cut(e, dead); // repair.distance and repair.via now describe the network less e
 * repair.restore();
 * dead[e] = 0;
 * for (const f of failed) dead[f] = 1;
 * repair.cutAll(failed, 0, failed.length, dead); // the network less every section of `failed`
 */
export class HeadendTreeRepair {
  readonly net: CompiledNetwork;
  /** The distances: intact, or repaired for the current failure. Read by reference. */
  readonly distance: Float64Array;
  /** The tree: intact, or repaired for the current failure. Read by reference. */
  readonly via: Int32Array;
  private readonly childOffset: Int32Array;
  private readonly children: Int32Array;
  /** Per site: the current failure's stamp when it lies in the union of subtrees. */
  private readonly inSubtree: Int32Array;
  /**
   * The sites recomputed for the current failure (`size` of them), each subtree in
   * breadth-first order from its top (a site after its intact parent).
   */
  readonly subtree: Int32Array;
  private readonly savedDistance: Float64Array;
  /** Aligned with `subtree`: each site's intact `via`. */
  readonly savedVia: Int32Array;
  /**
   * The sites of `subtree` left with a route, in the order the repair settled them
   * (`settledCount` of them): those off the branches by distance, non-decreasing, then the
   * branch sites, each after the site it hangs from.
   */
  readonly settled: Int32Array;
  /** Per site of the current union: 1 + its rank in `settled` (0 when left without a route); stale elsewhere. */
  private readonly rank: Int32Array;
  /**
   * True when, in the current failure, every site of `settled` comes after its parent in the
   * repaired tree when that parent lies in the union (false only on ties of rounded distances:
   * a section shorter than the rounding of the distance it is added to).
   */
  settledInOrder = true;
  private readonly heap = new MinHeap();
  /** The network's branches, whatever fails (a failure only takes sections away). */
  private readonly branches: HangingBranches;
  /** Per site: the current failure's stamp once a branch site has its distance. */
  private readonly derived: Int32Array;
  /** Scratch: a chain of branch sites up to one whose distance is known. */
  private readonly chain: Int32Array;
  private readonly one = new Int32Array(1);
  private size = 0;
  private settledSize = 0;
  private stamp = 0;

  constructor(net: CompiledNetwork, tree: HeadendTree) {
    const n = net.siteCount;
    this.net = net;
    this.distance = tree.distance.slice();
    this.via = tree.via.slice();
    const parent = (v: number) => {
      const e = this.via[v];
      return e < 0 ? -1 : net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    };
    this.childOffset = new Int32Array(n + 1);
    for (let v = 0; v < n; v++) if (parent(v) >= 0) this.childOffset[parent(v) + 1]++;
    for (let v = 0; v < n; v++) this.childOffset[v + 1] += this.childOffset[v];
    const cursor = this.childOffset.slice(0, n);
    this.children = new Int32Array(this.childOffset[n]);
    for (let v = 0; v < n; v++) if (parent(v) >= 0) this.children[cursor[parent(v)]++] = v;
    this.inSubtree = new Int32Array(n);
    this.subtree = new Int32Array(n);
    this.savedDistance = new Float64Array(n);
    this.savedVia = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.rank = new Int32Array(n);
    this.branches = hangingBranches(net);
    this.derived = new Int32Array(n);
    this.chain = new Int32Array(n);
  }

  /** The number of sites recomputed for the current failure (0 when none, or restored). */
  get subtreeSize(): number {
    return this.size;
  }

  /** The number of sites of `settled`. */
  get settledCount(): number {
    return this.settledSize;
  }

  /** True when site v lies in the union of subtrees of the current failure. */
  inUnion(v: number): boolean {
    return this.inSubtree[v] === this.stamp && this.size > 0;
  }

  /**
   * Repairs the tree for the failure of `section`, which `dead` must flag (with nothing else
   * changed since the tree was built or restored). Returns the number of sites recomputed.
   */
  cut(section: number, dead: Uint8Array): number {
    this.one[0] = section;
    return this.cutAll(this.one, 0, 1, dead);
  }

  /**
   * Repairs the tree for the failure of `sections[from … to)` together, which `dead` must flag
   * (with nothing else changed since the tree was built or restored). Returns the number of
   * sites recomputed.
   */
  cutAll(sections: ArrayLike<number>, from: number, to: number, dead: Uint8Array): number {
    if (this.size > 0) throw new Error('HeadendTreeRepair: restore() the previous cut first');
    const { net, distance, via, inSubtree } = this;
    const stamp = ++this.stamp;
    const sub = this.subtree;
    let size = 0;
    for (let i = from; i < to; i++) {
      const e = sections[i];
      const a = net.sectionFrom[e];
      const b = net.sectionTo[e];
      const top = via[a] === e ? a : via[b] === e ? b : -1;
      // A top already inside the union brings its subtree with it.
      if (top < 0 || inSubtree[top] === stamp) continue;
      const first = size;
      sub[size++] = top;
      inSubtree[top] = stamp;
      for (let k = first; k < size; k++) {
        const v = sub[k];
        for (let c = this.childOffset[v]; c < this.childOffset[v + 1]; c++) {
          const child = this.children[c];
          // A subtree met again was taken whole from its own top, earlier in this failure.
          if (inSubtree[child] === stamp) continue;
          sub[size++] = child;
          inSubtree[child] = stamp;
        }
      }
    }
    this.size = size;
    for (let k = 0; k < size; k++) {
      const v = sub[k];
      this.savedDistance[k] = distance[v];
      this.savedVia[k] = via[v];
      distance[v] = Number.POSITIVE_INFINITY;
    }
    this.recompute(dead, stamp);
    let ordered = true;
    for (let k = 0; k < size; k++) {
      const v = sub[k];
      const e = treeVia(net, distance, v, this.branches, dead);
      via[v] = e;
      if (e < 0 || !ordered) continue;
      const parent = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
      if (inSubtree[parent] === stamp && this.rank[parent] >= this.rank[v]) ordered = false;
    }
    this.settledInOrder = ordered;
    return size;
  }

  /** Puts back the intact tree. */
  restore(): void {
    for (let k = 0; k < this.size; k++) {
      this.distance[this.subtree[k]] = this.savedDistance[k];
      this.via[this.subtree[k]] = this.savedVia[k];
    }
    this.size = 0;
    this.settledSize = 0;
  }

  /**
   * Dijkstra inside the union of subtrees, seeded from the exact distances of the sites around
   * it, on the sites off the branches; then each branch site of the union from the site it
   * hangs from.
   */
  private recompute(dead: Uint8Array, stamp: number): void {
    const { adjOffset, adjSection, adjSite, lengthM } = this.net;
    const { distance, inSubtree, subtree, heap, settled } = this;
    const { peeled } = this.branches;
    let count = 0;
    heap.clear();
    for (let k = 0; k < this.size; k++) {
      const v = subtree[k];
      this.rank[v] = 0;
      if (peeled[v]) continue;
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = adjSite[i];
        if (dead[adjSection[i]] || inSubtree[w] === stamp) continue;
        const candidate = distance[w] + lengthM[adjSection[i]];
        if (candidate < distance[v]) distance[v] = candidate;
      }
      if (distance[v] < Number.POSITIVE_INFINITY) heap.push(distance[v], v);
    }
    while (heap.size > 0) {
      const v = heap.pop();
      const d = heap.lastKey;
      if (d > distance[v]) continue;
      settled[count++] = v;
      this.rank[v] = count;
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = adjSite[i];
        if (dead[adjSection[i]] || inSubtree[w] !== stamp || peeled[w]) continue;
        const candidate = d + lengthM[adjSection[i]];
        if (candidate < distance[w]) {
          distance[w] = candidate;
          heap.push(candidate, w);
        }
      }
    }
    for (let k = 0; k < this.size; k++) if (peeled[subtree[k]] && this.derived[subtree[k]] !== stamp) count = this.derive(subtree[k], dead, stamp, count);
    this.settledSize = count;
  }

  /**
   * The distance of branch site v of the union, and of the branch sites of the union it hangs
   * from that have none yet, first: over its arc up, the sum the Dijkstra would make (its only
   * way to a head-end). Those left with a route are appended to `settled` from `count`; returns
   * the new count.
   */
  private derive(v: number, dead: Uint8Array, stamp: number, count: number): number {
    const { adjSection, adjSite, lengthM } = this.net;
    const { distance, inSubtree, chain, derived, settled } = this;
    const { peeled, up } = this.branches;
    let length = 0;
    for (let x = v; ; ) {
      chain[length++] = x;
      const i = up[x];
      if (i < 0) break;
      const u = adjSite[i];
      if (!peeled[u] || inSubtree[u] !== stamp || derived[u] === stamp) break;
      x = u;
    }
    while (length > 0) {
      const x = chain[--length];
      derived[x] = stamp;
      const i = up[x];
      if (i < 0 || dead[adjSection[i]]) continue;
      const d = distance[adjSite[i]] + lengthM[adjSection[i]];
      if (d === Number.POSITIVE_INFINITY) continue;
      distance[x] = d;
      settled[count++] = x;
      this.rank[x] = count;
    }
    return count;
  }
}
