import { cachedIdOrder, idOrder, indicesByBytes, knownIdOrder } from '../analysis/id-order.js';
import { type IdRanks, type PlanInputs, planInputs, reportLists } from '../analysis/resilience-report.js';
import type { ResilienceAnalysis } from '../analysis/resilience-analysis.js';
import { bucket } from '../graph/bucket.js';
import { shared as sharedCopy, type SharedArray, sharedZeros, type Zeros } from '../parallel/threads.js';
import { type ByteTable, PADDING, quotedIds, reorderedTable } from './byte-writer.js';
import type { ImpactTables } from './impact-json.js';

/**
 * Everything the `analyse --json` document is written from, as typed arrays only: any part of
 * it can be written on any thread from these alone. Ids are held by rank in id order (a
 * sorted list reads them in order), each id's JSON followed by a comma (`quotedIds`); lists
 * and orders are those of `reportPlan`, made by `tablesFrom`.
 */
export interface ReportTables extends ImpactTables {
  siteCount: number;
  sectionCount: number;
  sectionRank: Int32Array;
  sectionIds: ByteTable;
  ownerRank: Int32Array;
  owners: ByteTable;
  riskGroupRank: Int32Array;
  riskGroups: ByteTable;
  /** The ranks of the head-ends, bridges and articulation sites, ascending. */
  headendRanks: Int32Array;
  bridgeRanks: Int32Array;
  articulationRanks: Int32Array;
  /** NROs in id order; their names as JSON, no comma (an empty entry for none) and risk groups (CSR), by position. */
  nros: Int32Array;
  nroNames: ByteTable;
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
  /** Sites and sections by rank, for lists counted out in id order. */
  siteByRank: Int32Array;
  sectionByRank: Int32Array;
  /** Each owner's sections (CSR), their count and length. */
  sectionOwner: Int32Array;
  ownerOffset: Int32Array;
  ownerSections: Int32Array;
  ownerLengthM: Float64Array;
}

/**
 * What the tables are made from: the analysis's typed arrays and its network's strings
 * encoded (`reportInputs`), so that any thread can make the tables (`tablesFrom`).
 */
export interface ReportInputs extends PlanInputs {
  /** The sites' and sections' JSON, each followed by a comma, by index. */
  siteIds: ByteTable;
  sectionIds: ByteTable;
  /** Their id orders when their JSON does not sort as they do (some id not printable ASCII), else none: sorted from the JSON. */
  siteByRank?: Int32Array;
  sectionByRank?: Int32Array;
  /** Owners and risk groups, few: their JSON by rank, and their ranks. */
  owners: ByteTable;
  ownerRank: Int32Array;
  riskGroups: ByteTable;
  riskGroupRank: Int32Array;
  /** The sites' names as JSON, no comma, by index (an empty entry for none); none when no site has a name. */
  siteNames?: ByteTable;
  size: Int32Array;
  low: Int32Array;
  parent: Int32Array;
  parentSection: Int32Array;
  nearestBridge: Int32Array;
  nearestSeparation: Int32Array;
  subscribers: Float64Array;
  sectionOwner: Int32Array;
  lengthM: Float64Array;
  /** Each owner's sections (CSR): those of owner o are `ownerSections[ownerOffset[o] … ownerOffset[o + 1])`. */
  ownerOffset: Int32Array;
  ownerSections: Int32Array;
  adjOffset: Int32Array;
  adjSection: Int32Array;
  adjSite: Int32Array;
  headends: Int32Array;
}

/**
 * The tables of an analysis's report.
 *
 * @example
 * const tables = reportTables(analysis);
 * tables.sectionOrder[0]; // the section whose cut costs the most subscribers
 */
export function reportTables(analysis: ResilienceAnalysis): ReportTables {
  const tables = tablesFrom(reportInputs(analysis));
  // The orders sorted here serve the network's next lists too.
  knownIdOrder(analysis.net.siteIds, tables.siteByRank, tables.siteRank);
  knownIdOrder(analysis.net.sectionIds, tables.sectionByRank, tables.sectionRank);
  return tables;
}

/** The sites' and sections' ids encoded (`reportIds`): what sorting them reads. */
export type ReportIds = Pick<ReportInputs, 'siteIds' | 'sectionIds' | 'siteByRank' | 'sectionByRank'>;

/**
 * The sites' and sections' ids encoded, each once, and their orders when known already or
 * when their JSON does not sort as they do; in shared memory with `shared`.
 *
 * @example
 * const ids = reportIds(analysis, true); // for a worker to sort while the rest is encoded
 */
export function reportIds(analysis: ResilienceAnalysis, shared = false): ReportIds {
  const { net } = analysis;
  const share = shared ? sharedCopy : <T>(array: T) => array;
  const sites = quotedIds(net.siteIds, undefined, shared);
  const sections = quotedIds(net.sectionIds, undefined, shared);
  return {
    siteIds: sites.table,
    sectionIds: sections.table,
    siteByRank: knownOrder(net.siteIds, sites.plain, share),
    sectionByRank: knownOrder(net.sectionIds, sections.plain, share),
  };
}

/**
 * The inputs of an analysis's tables: what needs its strings (each id encoded once, `ids`), on
 * the thread that holds them; in shared memory with `shared` (the analysis's arrays copied
 * there). An id order the network already knows is given, not sorted again.
 *
 * @example
 * const inputs = reportInputs(analysis, true); // for a worker's `tablesFrom`
 */
export function reportInputs(analysis: ResilienceAnalysis, shared = false, ids = reportIds(analysis, shared)): ReportInputs {
  const { net, tree } = analysis;
  const share = shared ? sharedCopy : <T>(array: T) => array;
  const ownerOrder = idOrder(net.owners);
  const riskGroupOrder = idOrder(net.riskGroups);
  const plan = planInputs(analysis);
  const everySection = new Int32Array(net.sectionCount);
  for (let e = 0; e < net.sectionCount; e++) everySection[e] = e;
  const byOwner = bucket(net.owners.length, net.sectionOwner, everySection);
  return {
    ...(Object.fromEntries(Object.entries(plan).map(([key, value]) => [key, typeof value === 'number' ? value : share(value as SharedArray)])) as unknown as PlanInputs),
    ...ids,
    owners: shareTable(quotedIds(net.owners, ownerOrder.byRank).table, share),
    ownerRank: share(ownerOrder.rank),
    riskGroups: shareTable(quotedIds(net.riskGroups, riskGroupOrder.byRank).table, share),
    riskGroupRank: share(riskGroupOrder.rank),
    siteNames: quotedNames(net.siteNames, share),
    size: share(tree.size),
    low: share(tree.low),
    parent: share(tree.parent),
    parentSection: share(tree.parentSection),
    nearestBridge: share(analysis.nearestBridge),
    nearestSeparation: share(analysis.nearestSeparation),
    subscribers: share(net.subscribers),
    sectionOwner: share(net.sectionOwner),
    lengthM: share(net.lengthM),
    ownerOffset: share(byOwner.offset),
    ownerSections: share(byOwner.items),
    adjOffset: share(net.adjOffset),
    adjSection: share(net.adjSection),
    adjSite: share(net.adjSite),
    headends: share(net.headends),
  };
}

/** Zero-filled arrays of exactly the length asked (`sharedZeros` makes one of at least 1), in shared memory or not. */
function zerosIn(shared: boolean): Zeros {
  if (!shared) return (Kind, length) => new Kind(length);
  return <T extends Uint8Array | Int32Array | Float64Array>(Kind: { new (buffer: SharedArrayBuffer): T }, length: number, bytes: number) => sharedZeros(Kind, length, bytes).subarray(0, length) as T;
}

/** A list's id order to give (`ReportInputs.siteByRank`): the one known, else sorted here unless its JSON sorts. */
function knownOrder(ids: readonly string[], plain: boolean, share: <T extends SharedArray>(array: T) => T): Int32Array | undefined {
  const known = cachedIdOrder(ids);
  if (known) return share(known.byRank);
  return plain ? undefined : share(idOrder(ids).byRank);
}

/** A list's id order and its ids' JSON in that order (`orderedIds`). */
export interface OrderedIds extends IdRanks {
  ids: ByteTable;
}

/**
 * The sites' or the sections' id order (sorted from their JSON unless given, as for ids that
 * are printable ASCII) and their JSON in that order, from the inputs alone: on any thread,
 * in shared memory with `shared`.
 *
 * @example
 * const sites = orderedIds(inputs.siteIds, inputs.siteByRank);
 */
export function orderedIds(byIndex: ByteTable, known: Int32Array | undefined, shared = false): OrderedIds {
  const zeros = zerosIn(shared);
  // Each entry is `"id",`: the id's own bytes lie one after its start, two before its end.
  const byRank = known ?? indicesByBytes(byIndex.bytes, byIndex.offset, 1, 2);
  const rank = zeros(Int32Array, byRank.length, 4);
  for (let r = 0; r < byRank.length; r++) rank[byRank[r]] = r;
  const kept = zeros(Int32Array, byRank.length, 4);
  kept.set(byRank);
  return { rank, byRank: kept, ids: reorderedTable(byIndex, byRank, zeros) };
}

/**
 * The tables from their inputs and the two id orders, typed arrays only: on any thread, in
 * shared memory with `shared` (the inputs' own arrays are used as they are).
 *
 * @example
 * const tables = tablesFrom(inputs, true); // in a worker, for both threads
 */
export function tablesFrom(
  inputs: ReportInputs,
  shared = false,
  sites = orderedIds(inputs.siteIds, inputs.siteByRank, shared),
  sections = orderedIds(inputs.sectionIds, inputs.sectionByRank, shared),
): ReportTables {
  const zeros = zerosIn(shared);
  const keep = shared ? sharedCopy : <T>(array: T) => array;
  const plan = reportLists(inputs, sites, sections);
  const { siteCount, sectionCount, order, size } = inputs;
  const siteRank = sites.rank;
  const nroRanks = new Int32Array(plan.nros.length);
  for (let k = 0; k < plan.nros.length; k++) nroRanks[k] = siteRank[plan.nros[k]];
  const nroByRank = zeros(Uint8Array, siteCount, 1);
  for (let k = 0; k < nroRanks.length; k++) nroByRank[nroRanks[k]] = 1;
  const preRank = zeros(Int32Array, order.length, 4);
  for (let x = 1; x < order.length; x++) preRank[x] = siteRank[order[x]];
  const ownerLengthM = zeros(Float64Array, inputs.ownerRank.length, 8);
  for (let e = 0; e < sectionCount; e++) ownerLengthM[inputs.sectionOwner[e]] += inputs.lengthM[e];
  return {
    siteCount,
    sectionCount,
    pre: inputs.pre,
    size,
    low: inputs.low,
    preRank,
    siteRank,
    siteIds: sites.ids,
    nroByRank,
    sectionRank: sections.rank,
    sectionIds: sections.ids,
    ownerRank: inputs.ownerRank,
    owners: inputs.owners,
    riskGroupRank: inputs.riskGroupRank,
    riskGroups: inputs.riskGroups,
    headendRanks: ranksOf(inputs.headends, siteRank, zeros),
    bridgeRanks: ranksOf(plan.bridges, sections.rank, zeros),
    articulationRanks: ranksOf(plan.articulationSites, siteRank, zeros),
    nros: keep(plan.nros),
    nroNames: inputs.siteNames ? reorderedTable(inputs.siteNames, plan.nros, zeros) : { bytes: zeros(Uint8Array, PADDING, 1), offset: zeros(Int32Array, plan.nros.length + 1, 4) },
    ...nroGroups(plan.nros, plan.groupsOf, keep),
    subscribers: inputs.subscribers,
    parent: inputs.parent,
    parentSection: inputs.parentSection,
    order,
    nearestBridge: inputs.nearestBridge,
    nearestSeparation: inputs.nearestSeparation,
    sectionOrder: keep(plan.sectionOrder),
    sectionSubscribersCut: inputs.sectionSubscribersCut,
    bridgeChild: inputs.bridgeChild,
    siteOrder: keep(plan.siteOrder),
    siteSubscribersCut: keep(plan.siteSubscribersCut),
    siteByRank: sites.byRank,
    sectionByRank: sections.byRank,
    sectionOwner: inputs.sectionOwner,
    ownerOffset: inputs.ownerOffset,
    ownerSections: inputs.ownerSections,
    ownerLengthM,
  };
}

/** The ranks of some indices, ascending: marked by rank, then read in order. */
function ranksOf(indices: Int32Array, rank: Int32Array, zeros: Zeros): Int32Array {
  const marked = new Uint8Array(rank.length);
  for (let k = 0; k < indices.length; k++) marked[rank[indices[k]]] = 1;
  const ranks = zeros(Int32Array, indices.length, 4);
  let at = 0;
  for (let r = 0; r < marked.length; r++) if (marked[r]) ranks[at++] = r;
  return ranks;
}

/** Each NRO's risk groups (CSR), by position among the NROs. */
function nroGroups(nros: Int32Array, groupsOf: Map<number, number[]>, share: <T extends SharedArray>(array: T) => T): { nroGroupOffset: Int32Array; nroGroups: Int32Array } {
  const offset = new Int32Array(nros.length + 1);
  const groups: number[] = [];
  if (groupsOf.size > 0) {
    for (let k = 0; k < nros.length; k++) {
      const list = groupsOf.get(nros[k]);
      if (list) for (const g of list) groups.push(g);
      offset[k + 1] = groups.length;
    }
  }
  return { nroGroupOffset: share(offset), nroGroups: share(Int32Array.from(groups)) };
}

const shareTable = (table: ByteTable, share: <T extends SharedArray>(array: T) => T): ByteTable => ({ bytes: share(table.bytes), offset: share(table.offset) });

/** The sites' names as JSON strings, no comma, by index, an empty entry for none; none when no site has one. */
function quotedNames(names: readonly (string | undefined)[], share: <T extends SharedArray>(array: T) => T): ByteTable | undefined {
  if (names.every((name) => name === undefined)) return undefined;
  const offset = new Int32Array(names.length + 1);
  const quoted: string[] = [];
  for (let v = 0; v < names.length; v++) {
    const name = names[v];
    if (name !== undefined) quoted.push(JSON.stringify(name));
    offset[v + 1] = offset[v] + (name === undefined ? 0 : Buffer.byteLength(quoted[quoted.length - 1]));
  }
  const bytes = new Uint8Array(offset[names.length] + PADDING);
  Buffer.from(bytes.buffer).write(quoted.join(''));
  return { bytes: share(bytes), offset: share(offset) };
}
