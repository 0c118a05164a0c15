import { dfsTree, type DfsTree } from '../analysis/dfs-tree.js';
import { bucket } from '../graph/bucket.js';
import type { CompiledNetwork } from '../graph/compile.js';

/**
 * The sections of a network sorted into cycle-equivalence classes: two sections are in the
 * same class when every cycle through one goes through the other, i.e. when together, and
 * neither alone, they cut something off. The network is taken with its head-ends joined to
 * one source by links that cannot fail (docs/analysis.md), so "cut off" means from every
 * head-end. Only the part connected to a head-end is classified.
 *
 * The tree sections of a class lie on one path from the source, one under the other; a class
 * holds at most one non-tree section, and when it does every tree section of the class is
 * covered by it alone.
 */
export interface CycleEquivalence {
  readonly tree: DfsTree;
  /** By preorder: the class of the tree section above the site, -1 for a bridge or a link to the source. */
  readonly treeClass: Int32Array;
  /** By preorder: the nearest ancestor preorder whose tree section is in the same class, -1 for the topmost. */
  readonly classAbove: Int32Array;
  readonly classCount: number;
  /** The tree sections of class c, as the preorders of the sites below them, ascending: `members[memberOffset[c] … memberOffset[c+1])`. */
  readonly memberOffset: Int32Array;
  readonly members: Int32Array;
  /** The non-tree section of each class, -1 when it has none (or when it is a head-end's link to the source). */
  readonly classNonTree: Int32Array;
  /**
   * Every non-tree link as (descendant preorder, ancestor preorder) and its section: the
   * network's non-tree sections, then each head-end's second link to the source (ancestor 0,
   * section -1) for the head-ends reached from another one.
   */
  readonly linkDescendant: Int32Array;
  readonly linkAncestor: Int32Array;
  readonly linkSection: Int32Array;
}

/**
 * Classifies every section by cycle equivalence in time O((n + m) α(n)), deterministically.
 *
 * For the tree section above site x, `count(x)` is the number of non-tree links covering it
 * (joining x's subtree to a proper ancestor of x) and `high(x)` the highest-placed (largest
 * preorder) ancestor such a link reaches. The tree sections above a and above x, a an ancestor
 * of x, are equivalent iff their covering sets are equal, iff count(a) = count(x) and
 * high(x) < a: every link covering x then covers a, and there are as many. So x's class-mate
 * above it can only be its nearest ancestor of the same count. A tree section covered by one
 * link only is equivalent to that link, named by the XOR of the covering links' numbers.
 * (Random XOR labels would give the same classes with a small chance of collision; counts
 * and high points give them exactly.)
 *
 * @example
 * const eq = cycleEquivalence(net);
 * const x = eq.tree.pre[net.siteIndex.get('NRO-CAY')!];
 * eq.treeClass[x]; // -1 when the section above NRO-CAY is a bridge
 */
export function cycleEquivalence(net: CompiledNetwork, tree: DfsTree = dfsTree(net)): CycleEquivalence {
  const { pre, parent, parentSection, size, visited } = tree;
  const slots = visited + 1;

  // Non-tree links as (descendant, ancestor) preorders: the network's own, then the second
  // link to the source of each head-end that the search reached from another one.
  const descendant: number[] = [];
  const ancestor: number[] = [];
  const linkSection: number[] = [];
  // Read through the adjacency (each section once, from its deeper end), so that a network
  // view without some sections (networkWithout) is classified right.
  const { adjOffset, adjSection, adjSite } = net;
  for (let v = 0; v < net.siteCount; v++) {
    const a = pre[v];
    if (a < 0) continue;
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      const e = adjSection[i];
      const b = pre[adjSite[i]];
      if (b >= a || parentSection[a] === e) continue;
      descendant.push(a);
      ancestor.push(b);
      linkSection.push(e);
    }
  }
  for (const h of net.headends) {
    const x = pre[h];
    if (x > 0 && parent[x] !== 0) {
      descendant.push(x);
      ancestor.push(0);
      linkSection.push(-1);
    }
  }
  const links = descendant.length;

  // Covering counts and XORs: a link counts in every subtree holding its descendant end and
  // not its ancestor end.
  const count = new Int32Array(slots);
  const xor = new Int32Array(slots);
  for (let k = 0; k < links; k++) {
    count[descendant[k]]++;
    count[ancestor[k]]--;
    xor[descendant[k]] ^= k;
    xor[ancestor[k]] ^= k;
  }
  for (let x = visited; x >= 1; x--) {
    count[parent[x]] += count[x];
    xor[parent[x]] ^= xor[x];
  }

  const high = highPoints(tree, ancestor, descendant);

  // Nearest ancestor of the same count, kept per count along the current path.
  const nearestOfCount = new Int32Array(links + 1).fill(-1);
  const saved = new Int32Array(slots);
  const path = new Int32Array(slots);
  const treeClass = new Int32Array(slots).fill(-1);
  const classAbove = new Int32Array(slots).fill(-1);
  const nonTree: number[] = [];
  let depth = 0;
  for (let x = 1; x <= visited; x++) {
    while (depth > 0 && path[depth - 1] + size[path[depth - 1]] <= x) {
      const s = path[--depth];
      nearestOfCount[count[s]] = saved[s];
    }
    const c = count[x];
    saved[x] = nearestOfCount[c];
    nearestOfCount[c] = x;
    path[depth++] = x;
    if (c === 0 || parent[x] === 0) continue;
    const a = saved[x];
    if (a > 0 && parent[a] !== 0 && high[x] < a) {
      classAbove[x] = a;
      treeClass[x] = treeClass[a];
    } else {
      treeClass[x] = nonTree.length;
      nonTree.push(-1);
    }
    if (c === 1) nonTree[treeClass[x]] = linkSection[xor[x]];
  }

  const classCount = nonTree.length;
  const inClass: number[] = [];
  const classes: number[] = [];
  for (let x = 1; x <= visited; x++) {
    if (treeClass[x] < 0) continue;
    inClass.push(x);
    classes.push(treeClass[x]);
  }
  const { offset: memberOffset, items: members } = bucket(classCount, classes, inClass);
  return {
    tree,
    treeClass,
    classAbove,
    classCount,
    memberOffset,
    members,
    classNonTree: Int32Array.from(nonTree),
    linkDescendant: Int32Array.from(descendant),
    linkAncestor: Int32Array.from(ancestor),
    linkSection: Int32Array.from(linkSection),
  };
}

/**
 * By preorder: the largest ancestor preorder reached by a non-tree link from the subtree of x
 * that covers the tree section above x, -1 when none does. Links taken by descending ancestor,
 * each settles the still unsettled sites on its path with a union-find: O(m α(n)).
 */
function highPoints({ parent, visited }: DfsTree, ancestor: readonly number[], descendant: readonly number[]): Int32Array {
  const slots = visited + 1;
  const byAncestor = bucket(slots, ancestor, Int32Array.from(ancestor.keys()));
  const high = new Int32Array(slots).fill(-1);
  const next = Int32Array.from({ length: slots }, (_, x) => x);
  for (let y = visited; y >= 0; y--) {
    for (let k = byAncestor.offset[y]; k < byAncestor.offset[y + 1]; k++) {
      let z = descendant[byAncestor.items[k]];
      for (;;) {
        while (next[z] !== z) {
          next[z] = next[next[z]];
          z = next[z];
        }
        if (z <= y) break;
        high[z] = y;
        next[z] = parent[z];
        z = parent[z];
      }
    }
  }
  return high;
}
