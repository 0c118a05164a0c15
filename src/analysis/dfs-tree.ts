import type { CompiledNetwork } from '../graph/compile.js';

/**
 * A depth-first tree of the part of the network connected to the head-ends, grown from a
 * virtual source joined to every head-end by uncuttable links. Preorder 0 is the source;
 * connected sites are numbered 1…visited in preorder, so a subtree is one interval of
 * preorders. Every array but `pre` is indexed by preorder, so that passes over the tree read
 * memory in order.
 */
export interface DfsTree {
  /** Preorder of each site, -1 when it is not connected to any head-end. */
  readonly pre: Int32Array;
  /** Site at each preorder (index 0, the source, holds -1). */
  readonly order: Int32Array;
  /** Preorder of the parent; 0 (the source) above the head-ends the search started from. */
  readonly parent: Int32Array;
  /** Section to the parent, -1 under the source. */
  readonly parentSection: Int32Array;
  /** Sites in the subtree, the site itself included. */
  readonly size: Int32Array;
  /** Lowest preorder reached from the subtree through one non-tree link (0: the source). */
  readonly low: Int32Array;
  /**
   * Subscribers of the sites before each preorder (length visited + 2), so that the
   * subscribers of any subtree [x, x + size) are one difference.
   */
  readonly subscribersBefore: Float64Array;
  /** Number of connected sites. */
  readonly visited: number;
  /** Every non-tree section once, as (descendant preorder, ancestor preorder), unsorted. */
  readonly backFrom: Int32Array;
  readonly backTo: Int32Array;
}

/**
 * Grows the depth-first tree with an explicit stack (no recursion, so 1e6-site chains are
 * fine). A site's parent section is skipped by section id, not by site, so two parallel
 * sections close a cycle as they should. The uncuttable source links count twice, which makes
 * them never bridges: head-ends start with `low` 0.
 *
 * @example
 * const tree = dfsTree(net);
 * tree.pre[net.siteIndex.get('NRO-CAY')!] > 0; // connected
 */
export function dfsTree(net: CompiledNetwork): DfsTree {
  const n = net.siteCount;
  const { adjOffset, adjSection, adjSite, isHeadend } = net;
  const pre = new Int32Array(n).fill(-1);
  const order = new Int32Array(n + 1).fill(-1);
  const parent = new Int32Array(n + 1);
  const parentSection = new Int32Array(n + 1).fill(-1);
  const size = new Int32Array(n + 1);
  const low = new Int32Array(n + 1);
  const cursor = new Int32Array(n + 1);
  const subscribersBefore = new Float64Array(n + 2);
  const { subscribers } = net;
  // Non-tree sections are few in collection networks: grown by doubling, not sized m.
  let backFrom = new Int32Array(1024);
  let backTo = new Int32Array(1024);
  let backs = 0;
  let counter = 1;

  for (const root of net.headends) {
    if (pre[root] >= 0) continue;
    // The site on top of the stack lives in locals (x, its cursor i and end, parent section and
    // low); the arrays are written only when another site is pushed over it or it is popped.
    let x = counter++;
    pre[root] = x;
    order[x] = root;
    subscribersBefore[x + 1] = subscribersBefore[x] + subscribers[root];
    size[x] = 1;
    let i = adjOffset[root];
    let last = adjOffset[root + 1];
    let up = -1;
    let lowest = 0;
    // The sites pushed and not yet finished are the path from this root to x: x's parent is the one below it.
    const start = x;
    for (;;) {
      if (i < last) {
        const section = adjSection[i];
        const w = adjSite[i++];
        if (section === up) continue;
        const y = pre[w];
        if (y < 0) {
          const z = counter++;
          pre[w] = z;
          order[z] = w;
          subscribersBefore[z + 1] = subscribersBefore[z] + subscribers[w];
          parent[z] = x;
          parentSection[z] = section;
          size[z] = 1;
          if (adjOffset[w + 1] - adjOffset[w] === 1) {
            // A leaf (its one section is the way in): finished at once, never pushed.
            low[z] = isHeadend[w] ? 0 : z;
            if (low[z] < lowest) lowest = low[z];
            size[x]++;
            continue;
          }
          cursor[x] = i;
          low[x] = lowest;
          x = z;
          i = adjOffset[w];
          last = adjOffset[w + 1];
          up = section;
          lowest = isHeadend[w] ? 0 : z;
        } else if (y < x) {
          if (backs === backFrom.length) [backFrom, backTo] = [grown(backFrom), grown(backTo)];
          backFrom[backs] = x;
          backTo[backs++] = y;
          if (y < lowest) lowest = y;
        }
      } else {
        low[x] = lowest;
        if (x === start) break;
        const p = parent[x];
        size[p] += size[x];
        x = p;
        i = cursor[x];
        last = adjOffset[order[x] + 1];
        up = parentSection[x];
        lowest = Math.min(low[x], lowest);
      }
    }
  }
  return {
    pre,
    order,
    parent,
    parentSection,
    size,
    low,
    subscribersBefore: subscribersBefore.subarray(0, counter + 1),
    visited: counter - 1,
    backFrom: backFrom.subarray(0, backs),
    backTo: backTo.subarray(0, backs),
  };
}

function grown(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
