import { idOrder } from '../analysis/id-order.js';
import { reportPlan } from '../analysis/resilience-report.js';
import type { ResilienceAnalysis } from '../analysis/resilience-analysis.js';
import { bucket } from '../graph/bucket.js';
import { KIND_NRO } from '../graph/compile.js';
import { QuotedIds } from './byte-writer.js';
import type { ImpactTables } from './impact-json.js';

/** A list of JSON strings as typed arrays: see `QuotedIds`. */
export interface QuotedTable {
  bytes: Uint8Array;
  offset: Int32Array;
}

/**
 * Everything the `analyse --json` document is written from, as typed arrays only: any part of
 * it can be written on any thread from these alone. Names are held by rank in id order (a
 * sorted list reads them in order); lists and orders are those of `reportPlan`.
 */
export interface ReportTables extends ImpactTables {
  siteCount: number;
  sectionCount: number;
  sectionRank: Int32Array;
  sectionIds: QuotedTable;
  ownerRank: Int32Array;
  owners: QuotedTable;
  riskGroupRank: Int32Array;
  riskGroups: QuotedTable;
  /** Head-ends, bridges and articulation sites, each in id order. */
  headends: Int32Array;
  bridges: Int32Array;
  articulationSites: Int32Array;
  /** NROs in id order; their names as JSON (an empty entry for none) and risk groups (CSR), by position. */
  nros: Int32Array;
  nroNames: QuotedTable;
  nroGroupOffset: Int32Array;
  nroGroups: Int32Array;
  subscribers: Float64Array;
  /** By preorder: the depth-first tree and the analysis's pointer chains. */
  parent: Int32Array;
  parentSection: Int32Array;
  order: Int32Array;
  nearestBridge: Int32Array;
  nearestSeparation: Int32Array;
  /** `cutImpact` and `siteImpact` orders with what each record cuts. */
  sectionOrder: Int32Array;
  sectionSubscribersCut: Float64Array;
  bridgeChild: Int32Array;
  siteOrder: Int32Array;
  siteSubscribersCut: Float64Array;
  /** Sites by rank, for lists counted out in id order. */
  siteByRank: Int32Array;
  /** Each owner's sections (CSR), their count and length; and the network the owners' search walks. */
  sectionOwner: Int32Array;
  ownerOffset: Int32Array;
  ownerSections: Int32Array;
  ownerLengthM: Float64Array;
  adjOffset: Int32Array;
  adjSection: Int32Array;
  adjSite: Int32Array;
  headendSites: Int32Array;
}

/**
 * The tables of an analysis's report.
 *
 * @example
 * const tables = reportTables(analysis);
 * tables.sectionOrder[0]; // the section whose cut costs the most subscribers
 */
export function reportTables(analysis: ResilienceAnalysis): ReportTables {
  const { net, tree } = analysis;
  const plan = reportPlan(analysis);
  const siteRank = plan.sites.rank;
  const ownerOrder = idOrder(net.owners);
  const riskGroupOrder = idOrder(net.riskGroups);
  const nroByRank = new Uint8Array(net.siteCount);
  for (let r = 0; r < net.siteCount; r++) nroByRank[r] = net.siteKind[plan.sites.byRank[r]] === KIND_NRO ? 1 : 0;
  const preRank = new Int32Array(tree.order.length);
  for (let x = 1; x < tree.order.length; x++) preRank[x] = siteRank[tree.order[x]];
  const sites = QuotedIds.of(net.siteIds, plan.sites.byRank);
  const sections = QuotedIds.of(net.sectionIds, plan.sections.byRank);
  const owners = QuotedIds.of(net.owners, ownerOrder.byRank);
  const riskGroups = QuotedIds.of(net.riskGroups, riskGroupOrder.byRank);
  const nroNames = quotedNames(Array.from(plan.nros, (v) => net.siteNames[v]));
  const nroGroupLists = Array.from(plan.nros, (v) => plan.groupsOf.get(v) ?? []);
  const nroGroupOffset = new Int32Array(plan.nros.length + 1);
  for (let k = 0; k < nroGroupLists.length; k++) nroGroupOffset[k + 1] = nroGroupOffset[k] + nroGroupLists[k].length;
  const ownerLengthM = new Float64Array(net.owners.length);
  for (let e = 0; e < net.sectionCount; e++) ownerLengthM[net.sectionOwner[e]] += net.lengthM[e];
  const everySection = new Int32Array(net.sectionCount);
  for (let e = 0; e < net.sectionCount; e++) everySection[e] = e;
  const byOwner = bucket(net.owners.length, net.sectionOwner, everySection);
  return {
    siteCount: net.siteCount,
    sectionCount: net.sectionCount,
    pre: tree.pre,
    size: tree.size,
    low: tree.low,
    preRank,
    nroByRank,
    siteRank,
    siteBytes: sites.bytes,
    siteOffset: sites.offset,
    sectionRank: plan.sections.rank,
    sectionIds: sections,
    ownerRank: ownerOrder.rank,
    owners,
    riskGroupRank: riskGroupOrder.rank,
    riskGroups,
    headends: Int32Array.from(plan.sites.sortedIndices(net.headends)),
    bridges: Int32Array.from(plan.sections.sortedIndices(plan.bridges)),
    articulationSites: Int32Array.from(plan.sites.sortedIndices(plan.articulationSites)),
    nros: plan.nros,
    nroNames,
    nroGroupOffset,
    nroGroups: Int32Array.from(nroGroupLists.flat()),
    subscribers: net.subscribers,
    parent: tree.parent,
    parentSection: tree.parentSection,
    order: tree.order,
    nearestBridge: analysis.nearestBridge,
    nearestSeparation: analysis.nearestSeparation,
    sectionOrder: plan.sectionOrder,
    sectionSubscribersCut: analysis.sectionSubscribersCut,
    bridgeChild: analysis.bridgeChild,
    siteOrder: plan.siteOrder,
    siteSubscribersCut: plan.siteSubscribersCut,
    siteByRank: plan.sites.byRank,
    sectionOwner: net.sectionOwner,
    ownerOffset: byOwner.offset,
    ownerSections: byOwner.items,
    ownerLengthM,
    adjOffset: net.adjOffset,
    adjSection: net.adjSection,
    adjSite: net.adjSite,
    headendSites: net.headends,
  };
}

/** Names as JSON strings, an empty entry for none. */
function quotedNames(names: readonly (string | undefined)[]): QuotedTable {
  const quoted = names.map((name) => (name === undefined ? '' : JSON.stringify(name)));
  const offset = new Int32Array(names.length + 1);
  for (let k = 0; k < quoted.length; k++) offset[k + 1] = offset[k] + Buffer.byteLength(quoted[k]);
  return { bytes: Buffer.from(quoted.join('')), offset };
}
