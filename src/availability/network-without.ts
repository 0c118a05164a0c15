import type { CompiledNetwork } from '../graph/compile.js';

/** What fails: flags by section index and by site index. */
export interface FailedElements {
  /** 1 for each failed section. */
  sections?: Uint8Array;
  /** 1 for each failed site: its sections fail with it, and a failed head-end is no longer one. */
  sites?: Uint8Array;
}

/**
 * The network less some sections and sites, without compiling it again: every index stays
 * (a failed section keeps its number and ends, a failed site stays, with no section), only
 * the adjacency, the head-ends and the risk groups' sections are filtered. The kernels that
 * read sections through the adjacency (the depth-first tree, the analysis, searches, cycle
 * equivalence) see the failed elements as gone; `sectionFrom`/`sectionTo` still give a failed
 * section's ends. Linear in the network; the input is not changed.
 *
 * @example
 * const failed = new Uint8Array(net.sectionCount);
 * failed[net.sectionIndex.get('S-017')!] = 1;
 * resilienceAnalysis(networkWithout(net, { sections: failed }));
 */
export function networkWithout(net: CompiledNetwork, failed: FailedElements): CompiledNetwork {
  const deadSite = failed.sites ?? new Uint8Array(net.siteCount);
  const deadSection = new Uint8Array(net.sectionCount);
  if (failed.sections) deadSection.set(failed.sections);
  for (let e = 0; e < net.sectionCount; e++) {
    if (deadSite[net.sectionFrom[e]] || deadSite[net.sectionTo[e]]) deadSection[e] = 1;
  }

  const { adjOffset, adjSection, adjSite } = net;
  const offset = new Int32Array(net.siteCount + 1);
  let kept = 0;
  for (let i = 0; i < adjSection.length; i++) if (!deadSection[adjSection[i]]) kept++;
  const section = new Int32Array(kept);
  const site = new Int32Array(kept);
  let at = 0;
  for (let v = 0; v < net.siteCount; v++) {
    for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
      if (deadSection[adjSection[i]]) continue;
      section[at] = adjSection[i];
      site[at++] = adjSite[i];
    }
    offset[v + 1] = at;
  }

  const riskOffset = new Int32Array(net.riskOffset.length);
  const riskSections: number[] = [];
  for (let g = 0; g + 1 < net.riskOffset.length; g++) {
    for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) {
      if (!deadSection[net.riskSections[k]]) riskSections.push(net.riskSections[k]);
    }
    riskOffset[g + 1] = riskSections.length;
  }

  const headends = net.headends.filter((h) => !deadSite[h]);
  const isHeadend = new Uint8Array(net.siteCount);
  for (const h of headends) isHeadend[h] = 1;

  return {
    siteCount: net.siteCount,
    sectionCount: net.sectionCount,
    siteIds: net.siteIds,
    siteIndex: net.siteIndex,
    siteNames: net.siteNames,
    siteKind: net.siteKind,
    subscribers: net.subscribers,
    isHeadend,
    headends,
    sectionIds: net.sectionIds,
    get sectionIndex() {
      return net.sectionIndex;
    },
    sectionFrom: net.sectionFrom,
    sectionTo: net.sectionTo,
    lengthM: net.lengthM,
    sectionOwner: net.sectionOwner,
    owners: net.owners,
    capacityFibres: net.capacityFibres,
    usedFibres: net.usedFibres,
    adjOffset: offset,
    adjSection: section,
    adjSite: site,
    riskGroups: net.riskGroups,
    riskOffset,
    riskSections: Int32Array.from(riskSections),
  };
}
