import { type CompiledNetwork, type IdLookup, KIND_NRO } from '../graph/compile.js';
import { UnknownReferenceError } from '../model/errors.js';
import { idOrder } from './id-order.js';
import { reachableSites } from './reachability.js';
import type { ResilienceAnalysis } from './resilience-analysis.js';
import { groupIsolation } from './risk-group-isolation.js';

/** What fails together in a cut (docs/analysis.md). Ids refer to analysed elements. */
export interface Cut {
  sections?: readonly string[];
  sites?: readonly string[];
  riskGroups?: readonly string[];
  owners?: readonly string[];
}

export interface CutImpact {
  isolatedSites: string[];
  isolatedNros: string[];
  subscribersCut: number;
  /** Every section that failed, whatever named it. */
  failedSections: string[];
  failedSites: string[];
}

export interface CutImpactOptions {
  /**
   * The network's analysis, when at hand: a cut of sections only is then settled from its
   * depth-first tree (`groupIsolation`, the risk groups' method), in time of the order of what
   * is cut rather than a search of the whole network.
   */
  analysis?: ResilienceAnalysis;
}

/**
 * The impact of a cut: the sites connected to a head-end before it and not after (a failed
 * site counts, head-ends never), their NROs and the subscribers they carry. One search over
 * the network after the cut, or, for a cut of sections with the analysis at hand, the tree.
 *
 * @example
 * cutImpact(net, { owners: ['Level 3'] }).isolatedNros;
 */
export function cutImpact(net: CompiledNetwork, cut: Cut, options: CutImpactOptions = {}): CutImpact {
  const failed = failedElements(net, cut);
  const isolated: number[] = [];
  let subscribersCut = 0;
  if (options.analysis && failed.sites.length === 0) {
    if (options.analysis.net !== net) throw new RangeError('cutImpact: the analysis is of another network');
    const sections = Int32Array.from(failed.sections);
    for (const v of groupIsolation(net, options.analysis.tree, { offset: Int32Array.of(0, sections.length), sections })[0]) {
      isolated.push(v);
      subscribersCut += net.subscribers[v];
    }
  } else {
    const before = connectedSites(net);
    const after = reachableSites(net, { sections: flagsOf(failed.sections, net.sectionCount), sites: flagsOf(failed.sites, net.siteCount) });
    for (let v = 0; v < net.siteCount; v++) {
      if (before[v] && !after[v] && !net.isHeadend[v]) {
        isolated.push(v);
        subscribersCut += net.subscribers[v];
      }
    }
  }
  const sites = idOrder(net.siteIds);
  return {
    isolatedSites: sites.sorted(isolated),
    isolatedNros: sites.sorted(isolated.filter((v) => net.siteKind[v] === KIND_NRO)),
    subscribersCut,
    failedSections: idOrder(net.sectionIds).sorted(failed.sections),
    failedSites: sites.sorted(failed.sites),
  };
}

const connectedOf = new WeakMap<CompiledNetwork, Uint8Array>();

/** The sites a head-end reaches with nothing cut, searched once per network. */
function connectedSites(net: CompiledNetwork): Uint8Array {
  let connected = connectedOf.get(net);
  if (!connected) {
    connected = reachableSites(net);
    connectedOf.set(net, connected);
  }
  return connected;
}

/**
 * The indices of the failed sections and sites, each once, in ascending order: found from the
 * ids named (a cut of a few ids costs nothing of the network's size), every section scanned
 * only for a cut of owners.
 */
function failedElements(net: CompiledNetwork, cut: Cut): { sections: number[]; sites: number[] } {
  const sections = new Set<number>();
  const sites = new Set<number>();
  for (const id of cut.sections ?? []) sections.add(lookup(net.sectionIndex, 'sections', id, 'section'));
  for (const id of cut.sites ?? []) sites.add(lookup(net.siteIndex, 'sites', id, 'site'));
  const groupIndex = cut.riskGroups?.length ? indexOf(net.riskGroups) : new Map<string, number>();
  for (const id of cut.riskGroups ?? []) {
    const g = lookup(groupIndex, 'riskGroups', id, 'risk group');
    for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) sections.add(net.riskSections[k]);
  }
  const ownerIndex = cut.owners?.length ? indexOf(net.owners) : new Map<string, number>();
  const owners = new Set((cut.owners ?? []).map((id) => lookup(ownerIndex, 'owners', id, 'owner')));
  if (owners.size > 0) {
    for (let e = 0; e < net.sectionCount; e++) if (owners.has(net.sectionOwner[e])) sections.add(e);
  }
  const ascending = (set: Set<number>) => Array.from(set).sort((a, b) => a - b);
  return { sections: ascending(sections), sites: ascending(sites) };
}

function flagsOf(indices: readonly number[], size: number): Uint8Array {
  const flags = new Uint8Array(size);
  for (const i of indices) flags[i] = 1;
  return flags;
}

function lookup(index: IdLookup, field: string, id: string, what: string): number {
  const i = index.get(id);
  if (i === undefined) {
    throw new UnknownReferenceError(field, id, `cutImpact: no analysed ${what} "${id}"`);
  }
  return i;
}

const indexOf = (values: readonly string[]) => new Map(values.map((v, i) => [v, i]));
