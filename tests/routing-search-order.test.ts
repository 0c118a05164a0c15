import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { dfsTree } from '../src/analysis/dfs-tree.js';
import { compileNetwork, KIND_NRO } from '../src/graph/compile.js';
import { nroSearchOrder } from '../src/routing/search-order.js';
import { tinyNetwork } from './support/tiny-network.js';

function nrosOf(net: ReturnType<typeof compileNetwork>): Int32Array {
  const nros: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (net.siteKind[v] === KIND_NRO) nros.push(v);
  return Int32Array.from(nros);
}

describe('the order the routing searches the NROs in', () => {
  it('follows the depth-first tree from the head-ends, the NROs cut off from them last', () => {
    // H → B → A first (s1 is H's first section), then H → P → C; D has no section.
    const net = compileNetwork(
      tinyNetwork(['H:headend', 'A', 'B', 'P:pop', 'C', 'D'], [['s1', 'H', 'B', 10], ['s2', 'B', 'A', 10], ['s3', 'H', 'P', 10], ['s4', 'P', 'C', 10]]),
    );
    const nros = nrosOf(net);
    expect(Array.from(nros, (v) => net.siteIds[v])).toEqual(['A', 'B', 'C', 'D']);
    expect(Array.from(nroSearchOrder(dfsTree(net), nros), (k) => net.siteIds[nros[k]])).toEqual(['B', 'A', 'C', 'D']);
  });

  it('lists every NRO once, by rising preorder, on a generated network', () => {
    const net = compileNetwork(fibreNetwork({ sections: 3_000, seed: 5 }));
    const nros = nrosOf(net);
    const tree = dfsTree(net);
    const order = nroSearchOrder(tree, nros);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from(nros, (_, k) => k));
    const pre = Array.from(order, (k) => tree.pre[nros[k]]);
    const connected = pre.filter((x) => x >= 0);
    expect(pre.slice(0, connected.length)).toEqual(connected);
    for (let i = 1; i < connected.length; i++) expect(connected[i]).toBeGreaterThan(connected[i - 1]);
  });

  it('refuses room for another number of NROs', () => {
    const net = compileNetwork(tinyNetwork(['H:headend', 'A'], [['s1', 'H', 'A', 10]]));
    expect(() => nroSearchOrder(dfsTree(net), nrosOf(net), new Int32Array(2))).toThrow(RangeError);
  });
});
