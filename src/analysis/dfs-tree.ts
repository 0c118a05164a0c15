import type { CompiledNetwork } from '../graph/compile.js';

/**
 * A depth-first tree of the part of the network connected to the head-ends, grown from a
 * virtual source joined to every head-end by uncuttable links. Preorder 0 is the source;
 * sites are numbered 1…visited in preorder, so a subtree is one interval of preorders.
 */
export interface DfsTree {
  /** Preorder of each site, -1 when it is not connected to any head-end. */
  readonly pre: Int32Array;
  /** Site at each preorder (index 0, the source, holds -1). */
  readonly order: Int32Array;
  /** Parent site, -1 under the source. */
  readonly parent: Int32Array;
  /** Section to the parent, -1 under the source. */
  readonly parentSection: Int32Array;
  /** Sites in the subtree, the site itself included. */
  readonly size: Int32Array;
  /** Lowest preorder reached from the subtree through one non-tree link (0: the source). */
  readonly low: Int32Array;
  /** Number of connected sites. */
  readonly visited: number;
}

/**
 * Grows the depth-first tree with an explicit stack (no recursion, so 1e6-site chains are
 * fine). A site's parent section is skipped by section id, not by site, so two parallel
 * sections close a cycle as they should. The uncuttable source links count twice, which makes
 * them never bridges: head-ends start with `low` 0.
 *
 * @example
 * const tree = dfsTree(net);
 * tree.pre[net.siteIndex.get('NRO-CAY')!] >= 0; // connected
 */
export function dfsTree(net: CompiledNetwork): DfsTree {
  const n = net.siteCount;
  const { adjOffset, adjSection, adjSite, isHeadend } = net;
  const pre = new Int32Array(n).fill(-1);
  const order = new Int32Array(n + 1).fill(-1);
  const parent = new Int32Array(n).fill(-1);
  const parentSection = new Int32Array(n).fill(-1);
  const size = new Int32Array(n);
  const low = new Int32Array(n);
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  let counter = 1;

  const visit = (v: number, from: number, section: number) => {
    pre[v] = counter;
    order[counter++] = v;
    parent[v] = from;
    parentSection[v] = section;
    low[v] = isHeadend[v] ? 0 : pre[v];
    size[v] = 1;
    cursor[v] = adjOffset[v];
  };

  for (const root of net.headends) {
    if (pre[root] >= 0) continue;
    visit(root, -1, -1);
    let top = 0;
    stack[0] = root;
    while (top >= 0) {
      const v = stack[top];
      if (cursor[v] < adjOffset[v + 1]) {
        const i = cursor[v]++;
        const section = adjSection[i];
        if (section === parentSection[v]) continue;
        const w = adjSite[i];
        if (pre[w] < 0) {
          visit(w, v, section);
          stack[++top] = w;
        } else if (pre[w] < low[v]) {
          low[v] = pre[w];
        }
      } else {
        top--;
        const p = parent[v];
        if (p >= 0) {
          if (low[v] < low[p]) low[p] = low[v];
          size[p] += size[v];
        }
      }
    }
  }
  return { pre, order, parent, parentSection, size, low, visited: counter - 1 };
}

/** True when the tree section above `child` is a bridge: nothing below it reaches above it. */
export function isBridgeAbove(tree: DfsTree, child: number): boolean {
  const p = tree.parent[child];
  return p >= 0 && tree.low[child] > tree.pre[p];
}

/**
 * True when the failure of `child`'s parent site cuts `child`'s subtree off. Head-ends are never
 * counted as failing sites (DESIGN.md §4).
 */
export function isSeparatedByParent(net: CompiledNetwork, tree: DfsTree, child: number): boolean {
  const p = tree.parent[child];
  return p >= 0 && !net.isHeadend[p] && tree.low[child] >= tree.pre[p];
}
