import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';

/**
 * The `paths` figure of DESIGN.md §4 for every site of a compiled network (0 isolated,
 * 1 single-homed, 2 secured), without the rest of the report: one iterative depth-first search
 * from a virtual source joined to every head-end (bridges by low-link), then one pass in
 * preorder. Linear; the plan evaluates thousands of link sets and calls this, not the full
 * report. Self-contained on purpose; the tests hold it to `resilienceReport`.
 *
 * @example
 * const net = compileNetwork(topology, { withLinks: ['R-01'] });
 * nroPaths(net)[net.siteIndex.get('NRO-CAY')!]; // 2 once R-01 secures Cayeux
 */
export function nroPaths(net: CompiledNetwork): Uint8Array {
  const n = net.siteCount;
  const { adjOffset, adjSection, adjSite, isHeadend } = net;
  const pre = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const parent = new Int32Array(n).fill(-1);
  const parentSection = new Int32Array(n).fill(-1);
  const cursor = new Int32Array(n);
  const stack = new Int32Array(n);
  const order = new Int32Array(n);
  let counter = 0;
  const visit = (v: number, from: number, section: number) => {
    pre[v] = counter + 1;
    order[counter++] = v;
    parent[v] = from;
    parentSection[v] = section;
    low[v] = isHeadend[v] ? 0 : pre[v];
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
        if (adjSection[i] === parentSection[v]) continue;
        const w = adjSite[i];
        if (pre[w] < 0) {
          visit(w, v, adjSection[i]);
          stack[++top] = w;
        } else if (pre[w] < low[v]) {
          low[v] = pre[w];
        }
      } else {
        top--;
        const p = parent[v];
        if (p >= 0 && low[v] < low[p]) low[p] = low[v];
      }
    }
  }
  const paths = new Uint8Array(n);
  for (let x = 0; x < counter; x++) {
    const v = order[x];
    const p = parent[v];
    const bridgeAbove = p >= 0 && low[v] > pre[p];
    paths[v] = bridgeAbove || (p >= 0 && paths[p] === 1) ? 1 : 2;
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
