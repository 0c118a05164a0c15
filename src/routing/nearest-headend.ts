import type { CompiledNetwork } from '../graph/compile.js';
import { MinHeap } from './heap.js';

/**
 * The length in metres of the shortest path from every site to its nearest head-end
 * (`Infinity` when no path exists): one Dijkstra from a virtual source joined to every
 * head-end at zero cost, O(m log n). Sections flagged in `deadSections` are left out.
 *
 * It is also the exact lower bound that guides every route search: removing sections only
 * lengthens paths, so it stays a consistent A* heuristic after any cut.
 *
 * @example
 * const toHeadend = distanceToHeadend(net);
 * toHeadend[net.siteIndex.get('NRO-CAY')!]; // 41250
 */
export function distanceToHeadend(net: CompiledNetwork, deadSections?: Uint8Array): Float64Array {
  const { adjOffset, adjSection, adjSite, lengthM } = net;
  const dist = new Float64Array(net.siteCount).fill(Number.POSITIVE_INFINITY);
  const heap = new MinHeap(Math.max(16, net.headends.length * 2));
  for (const h of net.headends) {
    dist[h] = 0;
    heap.push(0, h);
  }
  while (heap.size > 0) {
    const v = heap.pop();
    const d = heap.lastKey;
    if (d > dist[v]) continue;
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      const e = adjSection[i];
      if (deadSections !== undefined && deadSections[e]) continue;
      const w = adjSite[i];
      const candidate = d + lengthM[e];
      if (candidate < dist[w]) {
        dist[w] = candidate;
        heap.push(candidate, w);
      }
    }
  }
  return dist;
}
