import { type DfsTree, dfsTree } from '../analysis/dfs-tree.js';
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

/**
 * `bridgeFarSides(net)` when it is already known (computed, or handed over by
 * `keepBridgeFarSides`), else undefined: for a caller that can have it computed elsewhere.
 */
export function knownBridgeFarSides(net: CompiledNetwork): Int32Array | undefined {
  return farSides.get(net);
}

/**
 * Records `away`, computed by `farSidesOf` for `net` (on another thread, say), as
 * what `bridgeFarSides(net)` answers from now on.
 *
 * @example
 * farSidesOf(dfsTree(view), data.farSide); keepBridgeFarSides(net, data.farSide);
 */
export function keepBridgeFarSides(net: CompiledNetwork, away: Int32Array): void {
  if (away.length !== net.sectionCount) throw new RangeError(`keepBridgeFarSides: ${away.length} entries for ${net.sectionCount} sections`);
  farSides.set(net, away);
}

/** One answer per network (a compiled network never changes): the routing, the sweep and every re-route share it. Read only. */
const farSides = new WeakMap<CompiledNetwork, Int32Array>();

function computeFarSides(net: CompiledNetwork): Int32Array {
  return farSidesOf(dfsTree(net), new Int32Array(net.sectionCount));
}

/**
 * What `bridgeFarSides` answers, read off the network's depth-first tree into `away` (one
 * entry per section): for a caller that needs the tree for more, or fills shared memory.
 *
 * @example
 * const tree = dfsTree(net);
 * farSidesOf(tree, data.farSide); // then keepBridgeFarSides(net, data.farSide)
 */
export function farSidesOf(tree: DfsTree, away: Int32Array): Int32Array {
  away.fill(-1);
  for (let x = 1; x <= tree.visited; x++) {
    const parent = tree.parent[x];
    if (parent > 0 && tree.low[x] > parent) away[tree.parentSection[x]] = tree.order[x];
  }
  return away;
}
