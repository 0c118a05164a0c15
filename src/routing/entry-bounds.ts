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
  return entryBoundsFrom(net, new HeadendTreeRepair(net, tree), new Uint8Array(net.sectionCount));
}

/**
 * `entryBounds` from a repair of the intact tree that the caller already has (restored after),
 * with `dead` (all 0) as its scratch, left all 0.
 *
 * @example
 * const bounds = entryBoundsFrom(net, sweepTree, sweepDead); // no second repair of the tree
 */
export function entryBoundsFrom(net: CompiledNetwork, repair: HeadendTreeRepair, dead: Uint8Array): EntryBounds | null {
  const entries = boundEntries(net);
  if (!entries) return null;
  const distance = Array.from(entries, (q) => {
    const closed = new Float64Array(net.siteCount);
    entryDistanceInto(net, repair, dead, q, closed);
    return closed;
  });
  return { entryOf: entryIndex(net.siteCount, entries), distance };
}

/**
 * The entries of `entryBounds`: the sites next to a head-end that are not head-ends, in site
 * order; null beyond `MAX_ENTRIES` or without any.
 *
 * @example
 * boundEntries(net)?.length; // 3 on a network whose head-end has three neighbours
 */
export function boundEntries(net: CompiledNetwork): Int32Array | null {
  const { adjOffset, adjSite, isHeadend } = net;
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
  return entries.length === 0 ? null : Int32Array.from(entries);
}

/**
 * `entryOf` of the bounds over `entries`: each entry's index in the list, -1 elsewhere.
 *
 * @example
 * entryIndex(4, Int32Array.of(2)); // Int32Array [-1, -1, 0, -1]
 */
export function entryIndex(siteCount: number, entries: Int32Array): Int32Array {
  const entryOf = new Int32Array(siteCount).fill(-1);
  for (let j = 0; j < entries.length; j++) entryOf[entries[j]] = j;
  return entryOf;
}

/**
 * The distances from every site to the head-ends without entry `q` (none of its sections),
 * into `out`: a repair of the intact tree `repair`, restored after, with `dead` (all 0) as
 * its scratch, left all 0.
 *
 * @example
 * entryDistanceInto(net, new HeadendTreeRepair(net, tree), new Uint8Array(net.sectionCount), q, out);
 */
export function entryDistanceInto(net: CompiledNetwork, repair: HeadendTreeRepair, dead: Uint8Array, q: number, out: Float64Array): void {
  const sections = net.adjSection.subarray(net.adjOffset[q], net.adjOffset[q + 1]);
  for (const e of sections) dead[e] = 1;
  repair.cutAll(sections, 0, sections.length, dead);
  out.set(repair.distance);
  repair.restore();
  for (const e of sections) dead[e] = 0;
}
