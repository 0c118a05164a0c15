import { dfsTree } from '../analysis/dfs-tree.js';
import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';

/**
 * The `paths` figure of docs/analysis.md for every site of a compiled network (0 isolated,
 * 1 single-homed, 2 secured), without the rest of the report: the depth-first tree of the
 * analysis and one pass in preorder. Linear; the plan evaluates thousands of link sets and
 * calls this, not the full report.
 *
 * @example
 * const net = compileNetwork(topology, { withLinks: ['R-01'] });
 * nroPaths(net)[net.siteIndex.get('NRO-CAY')!]; // 2 once R-01 secures Cayeux
 */
export function nroPaths(net: CompiledNetwork): Uint8Array {
  const { order, parent, low, visited } = dfsTree(net);
  const paths = new Uint8Array(net.siteCount);
  const byPreorder = new Uint8Array(visited + 1);
  for (let x = 1; x <= visited; x++) {
    const p = parent[x];
    byPreorder[x] = p > 0 && (low[x] > p || byPreorder[p] === 1) ? 1 : 2;
    paths[order[x]] = byPreorder[x];
  }
  return paths;
}

/**
 * Ids and subscribers of the NROs whose `paths` is 2, given `nroPaths` of the same network.
 *
 * @example
 * securedNros(net, nroPaths(net)).get('NRO-CAY'); // 2400 when Cayeux is secured
 */
export function securedNros(net: CompiledNetwork, paths: Uint8Array): Map<string, number> {
  const secured = new Map<string, number>();
  for (let v = 0; v < net.siteCount; v++) {
    if (net.siteKind[v] === KIND_NRO && paths[v] === 2) secured.set(net.siteIds[v], net.subscribers[v]);
  }
  return secured;
}
