import type { CompiledNetwork } from '../graph/compile.js';

/** The tree-like branches of a network (`hangingBranches`). */
export interface HangingBranches {
  /** Per site: 1 when it lies on a branch. */
  readonly peeled: Uint8Array;
  /** The branch sites in the order they were peeled: a site after every site that hangs from it. */
  readonly order: Int32Array;
  /**
   * Per site: the arc (adjacency index) from a branch site to the site it hangs from, -1 when
   * it hangs from none (nothing left around it: it reaches no head-end) and off the branches.
   */
  readonly up: Int32Array;
}

/**
 * The sites of the tree-like branches: repeatedly, every site that is not a head-end and has at
 * most one section left (failed sections left out) is peeled off. A branch site reaches the
 * head-ends only over its arc up: every other section at it leads to sites that hang from it.
 * So what remains holds every shortest path between the sites that remain (a path into a
 * branch comes back the same way), and a branch site's route to a head-end is its arc up, then
 * that site's route; that stays true when more sections fail. O(n + m).
 *
 * @example
 * const { peeled, up } = hangingBranches(net);
 * peeled[net.siteIndex.get('NRO-CAY')!]; // 1: a spur
 */
export function hangingBranches(net: CompiledNetwork, deadSections?: Uint8Array): HangingBranches {
  const n = net.siteCount;
  const { adjOffset, adjSite, adjSection, isHeadend } = net;
  const live = new Int32Array(n);
  for (let v = 0; v < n; v++) {
    let count = 0;
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) if (!deadSections?.[adjSection[i]]) count++;
    live[v] = count;
  }
  const peeled = new Uint8Array(n);
  const order = new Int32Array(n);
  const up = new Int32Array(n).fill(-1);
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
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      const w = adjSite[i];
      if (deadSections?.[adjSection[i]] || peeled[w]) continue;
      up[v] = i;
      if (--live[w] <= 1 && !isHeadend[w]) {
        peeled[w] = 1;
        order[count++] = w;
      }
    }
  }
  return { peeled, order: order.subarray(0, count), up };
}
