import { bucket } from '../graph/bucket.js';
import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import type { DfsTree } from './dfs-tree.js';
import { compareIds, idOrder, type IdOrder } from './id-order.js';
import { type ResilienceAnalysis, resilienceAnalysis, type ResilienceOptions } from './resilience-analysis.js';
import { groupIsolation } from './risk-group-isolation.js';

export type NroStatus = 'isolated' | 'single-homed' | 'secured';

export interface NroResilience {
  id: string;
  name?: string;
  subscribers: number;
  paths: 0 | 1 | 2;
  status: NroStatus;
  criticalSections: string[];
  criticalSites: string[];
  sharedRiskGroups: string[];
  exposedBy: string[];
}

export interface Impact {
  isolatedNros: string[];
  subscribersCut: number;
  isolatedSites: string[];
}

export type SectionImpact = { section: string } & Impact;
export type SiteImpact = { site: string } & Impact;
export type OwnerImpact = { owner: string; sections: number; lengthM: number } & Impact;

/** The `analyse --json` document of docs/cli.md. */
export interface ResilienceReport {
  headends: string[];
  nros: NroResilience[];
  bridges: string[];
  articulationSites: string[];
  cutImpact: SectionImpact[];
  siteImpact: SiteImpact[];
  /** What the network loses if every conduit of one owner fails (docs/analysis.md). */
  ownerImpact: OwnerImpact[];
}

/**
 * How a report names sites and sections: by id (the records above), or any other way a
 * reader of `reportRecords` needs.
 * Lists are always in id order.
 */
export interface Names<One, Many> {
  site(v: number): One;
  section(e: number): One;
  sites(indices: ArrayLike<number>): Many;
  sections(indices: ArrayLike<number>): Many;
}

/** The records of a report, whatever names sites and sections. */
export interface ReportRecords<One, Many> {
  headends: Many;
  nros: Iterable<Omit<NroResilience, 'id' | 'criticalSections' | 'criticalSites'> & { id: One; criticalSections: Many; criticalSites: Many }>;
  bridges: Many;
  articulationSites: Many;
  cutImpact: Iterable<{ section: One } & ImpactOf<Many>>;
  siteImpact: Iterable<{ site: One } & ImpactOf<Many>>;
  ownerImpact: Iterable<{ owner: string; sections: number; lengthM: number } & ImpactOf<Many>>;
}
export interface ImpactOf<Many> {
  isolatedNros: Many;
  subscribersCut: number;
  isolatedSites: Many;
}

/** The same document with its long lists produced one record at a time, for streaming. */
export type ResilienceReportStream = Pick<ResilienceReport, 'headends' | 'bridges' | 'articulationSites'> & {
  nros: Iterable<NroResilience>;
  cutImpact: Iterable<SectionImpact>;
  siteImpact: Iterable<SiteImpact>;
  ownerImpact: Iterable<OwnerImpact>;
};

export type { ResilienceOptions };

const STATUS: readonly NroStatus[] = ['isolated', 'single-homed', 'secured'];

/**
 * Every figure of docs/analysis.md for one network as the JSON records of docs/cli.md: the resilience of
 * every NRO, the bridges and articulation sites, and the single-cut tables of every section
 * and every site, sorted as docs/analysis.md says.
 *
 * @example
 * const report = resilienceReport(compileNetwork(topology));
 * report.nros.filter((n) => n.status === 'single-homed');
 */
export function resilienceReport(net: CompiledNetwork, options: ResilienceOptions = {}): ResilienceReport {
  return materialisedReport(resilienceReportStream(resilienceAnalysis(net, options)));
}

/** Reads every record of a report stream into arrays. */
export function materialisedReport(stream: ResilienceReportStream): ResilienceReport {
  return {
    ...stream,
    nros: [...stream.nros],
    cutImpact: [...stream.cutImpact],
    siteImpact: [...stream.siteImpact],
    ownerImpact: [...stream.ownerImpact],
  };
}

/**
 * The report of an analysis with its long lists as lazy iterables: the sort orders are
 * computed here, each record when it is read.
 */
export function resilienceReportStream(analysis: ResilienceAnalysis): ResilienceReportStream {
  const { net } = analysis;
  return reportRecords(analysis, ({ sites, sections }) => ({
    site: (v) => net.siteIds[v],
    section: (e) => net.sectionIds[e],
    sites: (indices) => sites.sorted(indices),
    sections: (indices) => sections.sorted(indices),
  }));
}

/** The id orders a report sorts by. */
export interface ReportOrders {
  sites: IdOrder;
  sections: IdOrder;
}

/**
 * The records of the report of an analysis, sorted as docs/analysis.md says, with sites and
 * sections named as `names` says; the long lists are lazy, each record made when it is read.
 */
export function reportRecords<One, Many>(analysis: ResilienceAnalysis, names: (orders: ReportOrders) => Names<One, Many>): ReportRecords<One, Many> {
  const plan = reportPlan(analysis);
  const { net } = analysis;
  const as = names(plan);
  const intervals = new Int32Array(2 * net.siteCount + 2);
  let count = 0;
  const impact = (subscribersCut: number) => impactOf(analysis, as, intervals.subarray(0, count), subscribersCut);

  return {
    headends: as.sites(net.headends),
    nros: mapLazily(plan.nros, (v) => nroRecord(analysis, as, plan.groupsOf, v)),
    bridges: as.sections(plan.bridges),
    articulationSites: as.sites(plan.articulationSites),
    // The fields written out rather than spread: at 1e6 sections a spread per record cost a second.
    cutImpact: mapLazily(plan.sectionOrder, (e) => {
      count = sectionCutIntervals(analysis, e, intervals);
      const { isolatedNros, subscribersCut, isolatedSites } = impact(analysis.sectionSubscribersCut[e]);
      return { section: as.section(e), isolatedNros, subscribersCut, isolatedSites };
    }),
    siteImpact: mapLazily(plan.siteOrder, (v) => {
      count = siteCutIntervals(analysis, v, intervals);
      const { isolatedNros, subscribersCut, isolatedSites } = impact(plan.siteSubscribersCut[v]);
      return { site: as.site(v), isolatedNros, subscribersCut, isolatedSites };
    }),
    ownerImpact: { [Symbol.iterator]: () => ownerImpacts(analysis, as)[Symbol.iterator]() },
  };
}

/** A list's id order as ranks: the position of each index, and the index at each position. */
export interface IdRanks {
  readonly rank: Int32Array;
  readonly byRank: Int32Array;
}

/** The lists and orders of a report, by index. */
export interface ReportLists {
  /** NRO site indices, by id. */
  nros: Int32Array;
  /** Bridge section indices, by index. */
  bridges: Int32Array;
  /** Articulation site indices, by preorder. */
  articulationSites: Int32Array;
  /** Section indices in `cutImpact` order. */
  sectionOrder: Int32Array;
  /** Site indices in `siteImpact` order (every site but the head-ends). */
  siteOrder: Int32Array;
  /** By site index: subscribers cut by the site alone, its own included. */
  siteSubscribersCut: Float64Array;
  /** The risk groups that cut off each NRO, by index. */
  groupsOf: Map<number, number[]>;
}

/** What a report is made from, in its orders: computed once, whoever writes the records. */
export interface ReportPlan extends ReportOrders, ReportLists {}

/**
 * What a report's lists are made from: typed arrays of the analysis and its network only, the
 * same in a worker thread. The sites each risk group cuts off are one CSR list.
 */
export interface PlanInputs {
  siteCount: number;
  sectionCount: number;
  siteKind: Uint8Array;
  isHeadend: Uint8Array;
  /** The tree's preorder of each site, and the site at each preorder. */
  pre: Int32Array;
  order: Int32Array;
  bridgeChild: Int32Array;
  articulation: Uint8Array;
  sectionSubscribersCut: Float64Array;
  /** By preorder, as the analysis holds it. */
  siteSubscribersCut: Float64Array;
  riskIsolatedOffset: Int32Array;
  riskIsolatedSites: Int32Array;
}

/**
 * The orders and lists of a report: id orders, the records' sort orders, bridges,
 * articulation sites and each NRO's risk groups.
 *
 * @example
 * const plan = reportPlan(analysis);
 * net.sectionIds[plan.sectionOrder[0]]; // the section whose cut costs the most subscribers
 */
export function reportPlan(analysis: ResilienceAnalysis): ReportPlan {
  const sites = idOrder(analysis.net.siteIds);
  const sections = idOrder(analysis.net.sectionIds);
  return { sites, sections, ...reportLists(planInputs(analysis), sites, sections) };
}

/**
 * The plan's inputs of an analysis, its own arrays (the risk groups' lists joined in one).
 *
 * @example
 * reportLists(planInputs(analysis), idOrder(net.siteIds), idOrder(net.sectionIds));
 */
export function planInputs(analysis: ResilienceAnalysis): PlanInputs {
  const { net, tree, riskGroupIsolated } = analysis;
  const riskIsolatedOffset = new Int32Array(riskGroupIsolated.length + 1);
  for (let g = 0; g < riskGroupIsolated.length; g++) riskIsolatedOffset[g + 1] = riskIsolatedOffset[g] + riskGroupIsolated[g].length;
  const riskIsolatedSites = new Int32Array(riskIsolatedOffset[riskGroupIsolated.length]);
  for (let g = 0; g < riskGroupIsolated.length; g++) riskIsolatedSites.set(riskGroupIsolated[g], riskIsolatedOffset[g]);
  return {
    siteCount: net.siteCount,
    sectionCount: net.sectionCount,
    siteKind: net.siteKind,
    isHeadend: net.isHeadend,
    pre: tree.pre,
    order: tree.order,
    bridgeChild: analysis.bridgeChild,
    articulation: analysis.articulation,
    sectionSubscribersCut: analysis.sectionSubscribersCut,
    siteSubscribersCut: analysis.siteSubscribersCut,
    riskIsolatedOffset,
    riskIsolatedSites,
  };
}

/**
 * The lists and orders of a report from typed arrays alone, the ids' orders given as ranks:
 * any thread can make them.
 *
 * @example
 * const { sectionOrder } = reportLists(planInputs(analysis), idOrder(net.siteIds), idOrder(net.sectionIds));
 */
export function reportLists(inputs: PlanInputs, sites: IdRanks, sections: IdRanks): ReportLists {
  const { siteCount, sectionCount, bridgeChild, articulation, order, pre } = inputs;
  // Loops written out: a test function per index cost more than the test.
  const bridges = new Int32Array(sectionCount);
  let bridgeCount = 0;
  for (let e = 0; e < sectionCount; e++) if (bridgeChild[e] >= 0) bridges[bridgeCount++] = e;
  const articulationSites = new Int32Array(articulation.length);
  let articulationCount = 0;
  for (let x = 0; x < articulation.length; x++) if (articulation[x] === 1) articulationSites[articulationCount++] = order[x];
  const nros = new Int32Array(siteCount);
  let nroCount = 0;
  for (let r = 0; r < siteCount; r++) {
    const v = sites.byRank[r];
    if (inputs.siteKind[v] === KIND_NRO) nros[nroCount++] = v;
  }
  const siteSubscribersCut = new Float64Array(siteCount);
  for (let v = 0; v < siteCount; v++) if (pre[v] > 0) siteSubscribersCut[v] = inputs.siteSubscribersCut[pre[v]];
  const everySection = new Int32Array(sectionCount);
  for (let e = 0; e < sectionCount; e++) everySection[e] = e;
  const notHeadends = new Int32Array(siteCount);
  let notHeadendCount = 0;
  for (let v = 0; v < siteCount; v++) if (!inputs.isHeadend[v]) notHeadends[notHeadendCount++] = v;
  return {
    nros: nros.slice(0, nroCount),
    bridges: bridges.slice(0, bridgeCount),
    articulationSites: articulationSites.slice(0, articulationCount),
    sectionOrder: byImpact(inputs.sectionSubscribersCut, sections, everySection),
    siteOrder: byImpact(siteSubscribersCut, sites, notHeadends.subarray(0, notHeadendCount)),
    siteSubscribersCut,
    groupsOf: nroRiskGroups(inputs),
  };
}

/**
 * The preorder intervals a section's cut cuts off, as [from, to) pairs written into `into`:
 * the subtree below a bridge, nothing for the others. Returns how many numbers it wrote.
 *
 * @example
 * const subtree = new Int32Array(2);
 * sectionCutIntervals(analysis, e, subtree); // 2 for a bridge (subtree[0] … subtree[1]), 0 otherwise
 */
export function sectionCutIntervals({ bridgeChild, tree }: { bridgeChild: Int32Array; tree: Pick<DfsTree, 'size'> }, e: number, into: Int32Array): number {
  const x = bridgeChild[e];
  if (x < 0) return 0;
  into[0] = x;
  into[1] = x + tree.size[x];
  return 2;
}

/**
 * The preorder intervals a site's failure cuts off, as [from, to) pairs written into `into`
 * (room for two more than twice its sections): the site itself and the subtrees of its
 * children that reach nothing above it. Returns how many numbers it wrote.
 *
 * @example
 * const intervals = new Int32Array(2 * net.siteCount + 2);
 * const n = siteCutIntervals(analysis, v, intervals); // intervals[0] = pre[v], intervals[1] = pre[v] + 1, …
 */
export function siteCutIntervals({ tree }: { tree: Pick<DfsTree, 'pre' | 'size' | 'low'> }, v: number, into: Int32Array): number {
  const x = tree.pre[v];
  return x < 0 ? 0 : preorderCutIntervals(tree, x, into);
}

/**
 * `siteCutIntervals` of the site of preorder x (connected).
 *
 * @example
 * preorderCutIntervals(analysis.tree, analysis.tree.pre[v], intervals); // siteCutIntervals(analysis, v, intervals)
 */
export function preorderCutIntervals(tree: Pick<DfsTree, 'size' | 'low'>, x: number, into: Int32Array): number {
  into[0] = x;
  into[1] = x + 1;
  let n = 2;
  // Its children's subtrees follow it in preorder, one after the other.
  for (let y = x + 1; y < x + tree.size[x]; y += tree.size[y]) {
    if (tree.low[y] < x) continue;
    into[n++] = y;
    into[n++] = y + tree.size[y];
  }
  return n;
}

/** One NRO's record. */
function nroRecord<One, Many>(analysis: ResilienceAnalysis, as: Names<One, Many>, groupsOf: Map<number, number[]>, v: number) {
  const { net, tree } = analysis;
  const x = tree.pre[v];
  const criticalSections = chain(analysis, analysis.nearestBridge, x).map((c) => tree.parentSection[c]);
  const criticalSites = chain(analysis, analysis.nearestSeparation, x).map((c) => tree.order[tree.parent[c]]);
  const paths = x < 0 ? 0 : criticalSections.length > 0 ? 1 : 2;
  const owners = [...new Set(criticalSections.map((e) => net.owners[net.sectionOwner[e]]))];
  return {
    id: as.site(v),
    ...(net.siteNames[v] !== undefined && { name: net.siteNames[v] }),
    subscribers: net.subscribers[v],
    paths: paths as 0 | 1 | 2,
    status: STATUS[paths],
    criticalSections: as.sections(criticalSections),
    criticalSites: as.sites(criticalSites),
    sharedRiskGroups: (groupsOf.get(v) ?? []).map((g) => net.riskGroups[g]).sort(compareIds),
    exposedBy: owners.sort(compareIds),
  };
}

/** The preorders found by a `nearest…` pointer array from preorder `x` up to the source (into `found`, emptied first). */
function chain({ tree }: ResilienceAnalysis, nearest: Int32Array, x: number, found: number[] = []): number[] {
  found.length = 0;
  if (x < 0) return found;
  for (let c = nearest[x]; c >= 0; c = tree.parent[c] > 0 ? nearest[tree.parent[c]] : -1) found.push(c);
  return found;
}

/** The impact of losing the sites whose preorders lie in the given disjoint [from, to) intervals. */
function impactOf<Many>({ net, tree }: ResilienceAnalysis, as: Names<unknown, Many>, intervals: Int32Array, subscribersCut: number): ImpactOf<Many> {
  if (intervals.length === 0) return { isolatedNros: as.sites([]), subscribersCut, isolatedSites: as.sites([]) };
  const isolated: number[] = [];
  for (let k = 0; k < intervals.length; k += 2) for (let x = intervals[k]; x < intervals[k + 1]; x++) isolated.push(tree.order[x]);
  return {
    isolatedNros: as.sites(isolated.filter((v) => net.siteKind[v] === KIND_NRO)),
    subscribersCut,
    isolatedSites: as.sites(isolated),
  };
}

function nroRiskGroups({ siteKind, riskIsolatedOffset, riskIsolatedSites }: PlanInputs): Map<number, number[]> {
  const groupsOf = new Map<number, number[]>();
  for (let g = 0; g + 1 < riskIsolatedOffset.length; g++) {
    for (let i = riskIsolatedOffset[g]; i < riskIsolatedOffset[g + 1]; i++) {
      const v = riskIsolatedSites[i];
      if (siteKind[v] !== KIND_NRO) continue;
      const list = groupsOf.get(v);
      if (list) list.push(g);
      else groupsOf.set(v, [g]);
    }
  }
  return groupsOf;
}

/**
 * `indices` sorted by `value` descending, then by id: the ids in id order, then a stable radix
 * sort by value (values are whole counts of subscribers below 2^32), linear where a comparison
 * sort of a national network's sections took a second; a comparison sort for other values.
 * Digits of 11 bits, and only those where some keys differ: a pass of 16 bits scattered its
 * writes over 65 536 places, most of them missing the cache.
 */
function byImpact(value: Float64Array, order: IdRanks, indices: Int32Array): Int32Array {
  let max = 0;
  let whole = true;
  for (let k = 0; k < indices.length; k++) {
    const x = value[indices[k]];
    if (x > max) max = x;
    if (!Number.isInteger(x) || x < 0) whole = false;
  }
  if (!whole || max >= 2 ** 32) return indices.slice().sort((a, b) => value[b] - value[a] || order.rank[a] - order.rank[b]);
  const { byRank } = order;
  const wanted = new Uint8Array(byRank.length);
  if (indices.length === byRank.length) wanted.fill(1);
  else for (let k = 0; k < indices.length; k++) wanted[indices[k]] = 1;
  // In id order, (key max − value, index) pairs side by side: a pass reads and writes one array.
  let pairs = new Uint32Array(2 * indices.length);
  let at = 0;
  let or = 0;
  let and = -1;
  for (let r = 0; r < byRank.length; r++) {
    const i = byRank[r];
    if (!wanted[i]) continue;
    const key = max - value[i];
    or |= key;
    and &= key;
    pairs[at++] = key;
    pairs[at++] = i;
  }
  const n = at / 2;
  // The bits where some keys differ.
  const differ = or ^ and;
  let next = new Uint32Array(2 * n);
  const count = new Int32Array(DIGIT_VALUES + 1);
  // Each pass is stable: by the lowest digit first.
  for (let shift = 0; shift < 32; shift += DIGIT_BITS) {
    if (((differ >>> shift) & DIGIT_MASK) === 0) continue;
    count.fill(0);
    for (let k = 0; k < n; k++) count[((pairs[2 * k] >>> shift) & DIGIT_MASK) + 1]++;
    for (let d = 1; d < count.length; d++) count[d] += count[d - 1];
    for (let k = 0; k < n; k++) {
      const key = pairs[2 * k];
      const to = 2 * count[(key >>> shift) & DIGIT_MASK]++;
      next[to] = key;
      next[to + 1] = pairs[2 * k + 1];
    }
    [pairs, next] = [next, pairs];
  }
  const sorted = new Int32Array(n);
  for (let k = 0; k < n; k++) sorted[k] = pairs[2 * k + 1];
  return sorted;
}

const DIGIT_BITS = 11;
const DIGIT_VALUES = 1 << DIGIT_BITS;
const DIGIT_MASK = DIGIT_VALUES - 1;

function mapLazily<T>(indices: Int32Array, record: (i: number) => T): Iterable<T> {
  return {
    *[Symbol.iterator]() {
      for (const i of indices) yield record(i);
    },
  };
}

/**
 * The impact of losing every conduit of each owner at once, worst first: which owners the
 * network depends on. Computed when read, as one group of sections per owner.
 */
function ownerImpacts<Many>(analysis: ResilienceAnalysis, as: Names<unknown, Many>) {
  const { net, tree } = analysis;
  const lengthM = new Float64Array(net.owners.length);
  for (let e = 0; e < net.sectionCount; e++) lengthM[net.sectionOwner[e]] += net.lengthM[e];
  const { offset, items: sections } = bucket(net.owners.length, net.sectionOwner, Int32Array.from(net.sectionOwner.keys()));
  const isolated = groupIsolation(net, tree, { offset, sections });
  const impacts = net.owners.map((owner, o) => {
    let subscribersCut = 0;
    for (const v of isolated[o]) subscribersCut += net.subscribers[v];
    return {
      owner,
      sections: offset[o + 1] - offset[o],
      lengthM: lengthM[o],
      isolatedNros: as.sites(isolated[o].filter((v) => net.siteKind[v] === KIND_NRO)),
      subscribersCut,
      isolatedSites: as.sites(isolated[o]),
    };
  });
  return impacts.sort((a, b) => b.subscribersCut - a.subscribersCut || compareIds(a.owner, b.owner));
}
