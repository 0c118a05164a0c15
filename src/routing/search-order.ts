import type { DfsTree } from '../analysis/dfs-tree.js';

/**
 * The order in which to route the NROs `nros` (site indices, ascending): each NRO's position
 * in `nros`, by the preorder of the network's depth-first tree, the NROs cut off from every
 * head-end last. Consecutive searches then explore neighbouring parts of the network, whose
 * memory is still in the caches: the routing of the generated 1e6 network takes 17% less time
 * than in the order of the site indices, for the same routes.
 *
 * @example
 * const order = nroSearchOrder(dfsTree(net), routing.nros);
 * routing.nros[order[0]]; // the NRO the depth-first tree reaches first
 */
export function nroSearchOrder(tree: DfsTree, nros: Int32Array, out: Int32Array = new Int32Array(nros.length)): Int32Array {
  if (out.length !== nros.length) throw new RangeError(`nroSearchOrder: room for ${out.length} NROs, ${nros.length} given`);
  const { pre, order, visited } = tree;
  const position = new Int32Array(pre.length).fill(-1);
  for (let k = 0; k < nros.length; k++) position[nros[k]] = k;
  let next = 0;
  for (let x = 1; x <= visited; x++) {
    const k = position[order[x]];
    if (k >= 0) out[next++] = k;
  }
  for (let k = 0; k < nros.length; k++) if (pre[nros[k]] < 0) out[next++] = k;
  return out;
}
