import { dfsTree } from '../analysis/dfs-tree.js';
import type { CompiledNetwork } from '../graph/compile.js';

/**
 * For every section that is a bridge (its failure cuts sites off every head-end), the end site
 * on the side cut off; -1 for the other sections. From the analysis's depth-first tree, O(n + m).
 *
 * No route search ever needs to cross a bridge towards that side: nothing there reaches a
 * head-end except back over the same bridge. The router uses it to skip the dead-end
 * branches that hang off busy sites, which stays true after any failure. Computed once per
 * network and shared: the array must not be written to.
 *
 * @example
 * const away = bridgeFarSides(net);
 * away[net.sectionIndex.get('S-017')!]; // the site index of NRO-CAY: S-017 is its only link
 */
export function bridgeFarSides(net: CompiledNetwork): Int32Array {
  let away = farSides.get(net);
  if (!away) {
    away = computeFarSides(net);
    farSides.set(net, away);
  }
  return away;
}

/** One answer per network (a compiled network never changes): the routing, the sweep and every re-route share it. Read only. */
const farSides = new WeakMap<CompiledNetwork, Int32Array>();

function computeFarSides(net: CompiledNetwork): Int32Array {
  const tree = dfsTree(net);
  const away = new Int32Array(net.sectionCount).fill(-1);
  for (let x = 1; x <= tree.visited; x++) {
    const parent = tree.parent[x];
    if (parent > 0 && tree.low[x] > parent) away[tree.parentSection[x]] = tree.order[x];
  }
  return away;
}
