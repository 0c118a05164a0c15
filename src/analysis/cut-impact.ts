import { type CompiledNetwork, type IdLookup, KIND_NRO } from '../graph/compile.js';
import { UnknownReferenceError } from '../model/errors.js';
import { idOrder } from './id-order.js';
import { reachableSites } from './reachability.js';

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

/**
 * The impact of a cut: the sites connected to a head-end before it and not after (a failed
 * site counts, head-ends never), their NROs and the subscribers they carry. One search over
 * the network before and one after.
 *
 * @example
 * cutImpact(net, { owners: ['Level 3'] }).isolatedNros;
 */
export function cutImpact(net: CompiledNetwork, cut: Cut): CutImpact {
  const failed = failedElements(net, cut);
  const before = connectedSites(net);
  const after = reachableSites(net, failed);
  const isolated: number[] = [];
  let subscribersCut = 0;
  for (let v = 0; v < net.siteCount; v++) {
    if (before[v] && !after[v] && !net.isHeadend[v]) {
      isolated.push(v);
      subscribersCut += net.subscribers[v];
    }
  }
  const sites = idOrder(net.siteIds);
  return {
    isolatedSites: sites.sorted(isolated),
    isolatedNros: sites.sorted(isolated.filter((v) => net.siteKind[v] === KIND_NRO)),
    subscribersCut,
    failedSections: idOrder(net.sectionIds).sorted(indicesOf(failed.sections)),
    failedSites: sites.sorted(indicesOf(failed.sites)),
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

function failedElements(net: CompiledNetwork, cut: Cut) {
  const sections = new Uint8Array(net.sectionCount);
  const sites = new Uint8Array(net.siteCount);
  for (const id of cut.sections ?? []) sections[lookup(net.sectionIndex, 'sections', id, 'section')] = 1;
  for (const id of cut.sites ?? []) sites[lookup(net.siteIndex, 'sites', id, 'site')] = 1;
  const groupIndex = indexOf(net.riskGroups);
  for (const id of cut.riskGroups ?? []) {
    const g = lookup(groupIndex, 'riskGroups', id, 'risk group');
    for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) sections[net.riskSections[k]] = 1;
  }
  const ownerIndex = indexOf(net.owners);
  const owners = new Set((cut.owners ?? []).map((id) => lookup(ownerIndex, 'owners', id, 'owner')));
  if (owners.size > 0) {
    for (let e = 0; e < net.sectionCount; e++) if (owners.has(net.sectionOwner[e])) sections[e] = 1;
  }
  return { sections, sites };
}

function lookup(index: IdLookup, field: string, id: string, what: string): number {
  const i = index.get(id);
  if (i === undefined) {
    throw new UnknownReferenceError(field, id, `cutImpact: no analysed ${what} "${id}"`);
  }
  return i;
}

const indexOf = (values: readonly string[]) => new Map(values.map((v, i) => [v, i]));

function indicesOf(flags: Uint8Array): number[] {
  const found: number[] = [];
  flags.forEach((flag, i) => {
    if (flag) found.push(i);
  });
  return found;
}
