import type { CompiledNetwork } from '../graph/compile.js';
import { HeadendTreeRepair } from './headend-tree-repair.js';
import type { HeadendTree } from './nearest-headend.js';
import type { EntryBounds } from './shortest-pair.js';

/** Beyond this many entries the bounds cost more memory than they save time (one distance array each). */
export const MAX_ENTRIES = 16;

/**
 * The `EntryBounds` of a network: for each site next to a head-end (not a head-end itself),
 * the distances to the head-ends without it, from a repair of the intact tree under its
 * sections (the entries' subtrees about cover the network once: about one Dijkstra in all).
 * Null beyond `MAX_ENTRIES` entries or without any.
 *
 * @example
 * const bounds = entryBounds(net, headendTree(net));
 * bounds?.distance[bounds.entryOf[v]][w]; // from w to a head-end, not through entry v
 */
export function entryBounds(net: CompiledNetwork, tree: HeadendTree): EntryBounds | null {
  const { adjOffset, adjSection, adjSite, isHeadend } = net;
  const entries: number[] = [];
  for (let q = 0; q < net.siteCount; q++) {
    if (isHeadend[q]) continue;
    for (let i = adjOffset[q]; i < adjOffset[q + 1]; i++) {
      if (!isHeadend[adjSite[i]]) continue;
      entries.push(q);
      break;
    }
    if (entries.length > MAX_ENTRIES) return null;
  }
  if (entries.length === 0) return null;
  const entryOf = new Int32Array(net.siteCount).fill(-1);
  const repair = new HeadendTreeRepair(net, tree);
  const dead = new Uint8Array(net.sectionCount);
  const distance = entries.map((q, j) => {
    entryOf[q] = j;
    const sections = adjSection.subarray(adjOffset[q], adjOffset[q + 1]);
    for (const e of sections) dead[e] = 1;
    repair.cutAll(sections, 0, sections.length, dead);
    const closed = repair.distance.slice();
    repair.restore();
    for (const e of sections) dead[e] = 0;
    return closed;
  });
  return { entryOf, distance };
}
