import { bucket } from '../graph/bucket.js';
import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import { compareIds, idOrder, type IdOrder, type SortedIndices } from './id-order.js';
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
 * How a report names sites and sections: by id (the records above), or by index into the
 * network (`reportRecords` with `indexNames`, for a writer that has each id's bytes at hand).
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
 * Names by index: each list the indices in id order.
 *
 * @example
 * const records = reportRecords(analysis, indexNames);
 * records.bridges; // the section indices, sorted by id
 */
export const indexNames = ({ sites, sections }: ReportOrders): Names<number, SortedIndices> => ({
  site: (v) => v,
  section: (e) => e,
  sites: (indices) => sites.sortedIndices(indices),
  sections: (indices) => sections.sortedIndices(indices),
});

/**
 * The records of the report of an analysis, sorted as docs/analysis.md says, with sites and
 * sections named as `names` says; the long lists are lazy, each record made when it is read.
 */
export function reportRecords<One, Many>(analysis: ResilienceAnalysis, names: (orders: ReportOrders) => Names<One, Many>): ReportRecords<One, Many> {
  const { net, tree } = analysis;
  const sites = idOrder(net.siteIds);
  const sections = idOrder(net.sectionIds);
  const as = names({ sites, sections });
  const bridges: number[] = [];
  analysis.bridgeChild.forEach((child, e) => {
    if (child >= 0) bridges.push(e);
  });
  const articulation: number[] = [];
  analysis.articulation.forEach((flag, x) => {
    if (flag) articulation.push(tree.order[x]);
  });
  const nroIndices = Int32Array.from(sites.byRank).filter((v) => net.siteKind[v] === KIND_NRO);
  const siteCandidates = Int32Array.from(net.siteIds.keys()).filter((v) => !net.isHeadend[v]);
  const sectionOrder = byImpact(analysis.sectionSubscribersCut, sections, Int32Array.from(net.sectionIds.keys()));
  const siteSubscribersCut = Float64Array.from(net.siteIds, (_, v) => (tree.pre[v] > 0 ? analysis.siteSubscribersCut[tree.pre[v]] : 0));
  const siteOrder = byImpact(siteSubscribersCut, sites, siteCandidates);
  const groupsOf = nroRiskGroups(analysis);

  return {
    headends: as.sites(net.headends),
    nros: mapLazily(nroIndices, (v) => nroRecord(analysis, as, groupsOf, v)),
    bridges: as.sections(bridges),
    articulationSites: as.sites(articulation),
    // The fields written out rather than spread: at 1e6 sections a spread per record cost a second.
    cutImpact: mapLazily(sectionOrder, (e) => {
      const { isolatedNros, subscribersCut, isolatedSites } = impactOf(analysis, as, analysis.bridgeChild[e] < 0 ? [] : [subtreeOf(analysis.bridgeChild[e])], analysis.sectionSubscribersCut[e]);
      return { section: as.section(e), isolatedNros, subscribersCut, isolatedSites };
    }),
    siteImpact: mapLazily(siteOrder, (v) => {
      const { isolatedNros, subscribersCut, isolatedSites } = impactOf(analysis, as, siteIntervals(v), siteSubscribersCut[v]);
      return { site: as.site(v), isolatedNros, subscribersCut, isolatedSites };
    }),
    ownerImpact: { [Symbol.iterator]: () => ownerImpacts(analysis, as)[Symbol.iterator]() },
  };

  function subtreeOf(x: number): [number, number] {
    return [x, x + tree.size[x]];
  }

  /** The site itself and the subtrees of its children that reach nothing above it. */
  function siteIntervals(v: number): Array<[number, number]> {
    const x = tree.pre[v];
    if (x < 0) return [];
    const intervals: Array<[number, number]> = [[x, x + 1]];
    for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
      const y = tree.pre[net.adjSite[i]];
      const isChild = tree.parent[y] === x && tree.parentSection[y] === net.adjSection[i];
      if (isChild && tree.low[y] >= x) intervals.push(subtreeOf(y));
    }
    return intervals;
  }
}

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

/** The preorders found by a `nearest…` pointer array from preorder `x` up to the source. */
function chain({ tree }: ResilienceAnalysis, nearest: Int32Array, x: number): number[] {
  const found: number[] = [];
  if (x < 0) return found;
  for (let c = nearest[x]; c >= 0; c = tree.parent[c] > 0 ? nearest[tree.parent[c]] : -1) found.push(c);
  return found;
}

/** The impact of losing the sites whose preorders lie in the given disjoint intervals. */
function impactOf<Many>({ net, tree }: ResilienceAnalysis, as: Names<unknown, Many>, intervals: Array<[number, number]>, subscribersCut: number): ImpactOf<Many> {
  if (intervals.length === 0) return { isolatedNros: as.sites([]), subscribersCut, isolatedSites: as.sites([]) };
  const isolated: number[] = [];
  for (const [from, to] of intervals) for (let x = from; x < to; x++) isolated.push(tree.order[x]);
  return {
    isolatedNros: as.sites(isolated.filter((v) => net.siteKind[v] === KIND_NRO)),
    subscribersCut,
    isolatedSites: as.sites(isolated),
  };
}

function nroRiskGroups({ net, riskGroupIsolated }: ResilienceAnalysis): Map<number, number[]> {
  const groupsOf = new Map<number, number[]>();
  riskGroupIsolated.forEach((isolated, g) => {
    for (const v of isolated) {
      if (net.siteKind[v] !== KIND_NRO) continue;
      const list = groupsOf.get(v);
      if (list) list.push(g);
      else groupsOf.set(v, [g]);
    }
  });
  return groupsOf;
}

/**
 * `indices` sorted by `value` descending, then by id: the ids in id order, then a stable radix
 * sort by value in two passes of 16 bits (values are whole counts of subscribers below 2^32),
 * linear where a comparison sort of a national network's sections took a second; a comparison
 * sort for other values.
 */
function byImpact(value: Float64Array, order: IdOrder, indices: Int32Array): Int32Array {
  let max = 0;
  let whole = true;
  for (const i of indices) {
    const x = value[i];
    if (x > max) max = x;
    if (!Number.isInteger(x) || x < 0) whole = false;
  }
  if (!whole || max >= 2 ** 32) return indices.slice().sort((a, b) => value[b] - value[a] || order.rank[a] - order.rank[b]);
  const wanted = new Uint8Array(order.rank.length);
  for (const i of indices) wanted[i] = 1;
  let sorted = new Int32Array(indices.length);
  let at = 0;
  for (const i of order.byRank) if (wanted[i]) sorted[at++] = i;
  // Each pass is stable: by the low 16 bits of (max − value), then by the high ones.
  let next = new Int32Array(indices.length);
  for (const shift of [0, 16]) {
    const count = new Int32Array(65_537);
    for (const i of sorted) count[(((max - value[i]) >>> shift) & 0xffff) + 1]++;
    for (let d = 1; d < count.length; d++) count[d] += count[d - 1];
    for (const i of sorted) next[count[((max - value[i]) >>> shift) & 0xffff]++] = i;
    [sorted, next] = [next, sorted];
  }
  return sorted;
}

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
