import { preorderCutIntervals } from '../analysis/resilience-report.js';
import { type BridgeTree, reachedAlongBridges } from '../analysis/reach-along-bridges.js';
import { reachedUnderGroups, type SearchedNetwork, SEARCH_BATCH } from '../analysis/risk-group-isolation.js';
import { asciiConstant, ByteWriter, listRange, QuotedIds } from './byte-writer.js';
import { AHEAD, ImpactWriter } from './impact-json.js';
import type { ReportInputs, ReportTables } from './report-tables.js';

const NAME = asciiConstant(',"name":');
const SUBSCRIBERS = asciiConstant(',"subscribers":');
const PATHS = ['isolated', 'single-homed', 'secured'].map((status, paths) => asciiConstant(`,"paths":${paths},"status":"${status}","criticalSections":`));
const CRITICAL_SITES = asciiConstant(',"criticalSites":');
const SHARED_RISK_GROUPS = asciiConstant(',"sharedRiskGroups":');
const EXPOSED_BY = asciiConstant(',"exposedBy":');
const SECTIONS = asciiConstant(',"sections":');
const LENGTH = asciiConstant(',"lengthM":');

/** The fields of the document, in its order. */
const HEADENDS = 0;
const NROS = 1;
const BRIDGES = 2;
const ARTICULATION_SITES = 3;
const CUT_IMPACT = 4;
const SITE_IMPACT = 5;
const OWNER_IMPACT = 6;
const FIELDS = 7;

/**
 * About how much of the document one piece holds, in ids written (some 12 bytes each): a few
 * MB, small enough for two threads that take pieces in turn to end about together.
 */
const PIECE_COST = 1 << 18;

/**
 * The `analyse --json` document cut into pieces that any thread writes from the tables alone
 * and that make the document one after the other: each a range of the elements of one field
 * (head-ends, NROs, bridges, articulation sites, `cutImpact`, `siteImpact`, `ownerImpact`),
 * the first holding the field's key, the last its end. Three numbers a piece: the field, the
 * first element and the one after the last.
 *
 * @example
 * const pieces = reportPieces(tables);
 * pieces.length / 3; // about one piece per 3 MB of the document
 */
export function reportPieces(t: ReportTables): Int32Array {
  const pieces: number[] = [];
  const cut = (field: number, count: number, cost: (k: number) => number) => {
    let from = 0;
    let sum = 0;
    for (let k = 0; k < count; k++) {
      sum += cost(k);
      if (sum >= PIECE_COST && k + 1 < count) {
        pieces.push(field, from, k + 1);
        from = k + 1;
        sum = 0;
      }
    }
    pieces.push(field, from, count);
  };
  cut(HEADENDS, t.headendRanks.length, () => 1);
  cut(NROS, t.nros.length, () => 12);
  cut(BRIDGES, t.bridgeRanks.length, () => 1);
  cut(ARTICULATION_SITES, t.articulationRanks.length, () => 1);
  // An impact's sites are listed twice at most (the NROs among them): a section's subtree, at
  // most a site's (its children that reach above it through a back link are not cut off).
  cut(CUT_IMPACT, t.sectionOrder.length, (k) => {
    const x = t.bridgeChild[t.sectionOrder[k]];
    return x < 0 ? 2 : 2 + 2 * t.size[x];
  });
  const intervals = new Int32Array(2 * t.siteCount + 2);
  cut(SITE_IMPACT, t.siteOrder.length, (k) => {
    const x = t.pre[t.siteOrder[k]];
    if (x < 0 || t.size[x] <= 64) return x < 0 ? 2 : 2 + 2 * t.size[x];
    // Few sites have a large subtree: theirs are counted.
    const n = preorderCutIntervals(t, x, intervals);
    let sites = 0;
    for (let i = 0; i < n; i += 2) sites += intervals[i + 1] - intervals[i];
    return 2 + 2 * sites;
  });
  for (let o = 0; o < t.ownerRank.length; o++) pieces.push(OWNER_IMPACT, o, o + 1);
  if (t.ownerRank.length === 0) pieces.push(OWNER_IMPACT, 0, 0);
  return Int32Array.from(pieces);
}

/**
 * What every owner's conduits cut at once leaves reached: bit `o % 32` of
 * `reached[floor(o / 32) * siteCount + v]` is set when site v stays reached without owner o's
 * sections. One search per 32 owners (`reachedUnderGroups`), from the network and its owners'
 * sections alone (`ReportInputs`): a thread can search while another makes the tables.
 *
 * @example
 * const reached = ownersReached(reportInputs(analysis));
 */
export function ownersReached(t: SearchedNetwork & Pick<ReportInputs, 'ownerOffset' | 'ownerSections'> & Partial<BridgeTree>, into?: Int32Array): Int32Array {
  const owners = t.ownerOffset.length - 1;
  const net: SearchedNetwork = { siteCount: t.siteCount, sectionCount: t.sectionCount, headends: t.headends, adjOffset: t.adjOffset, adjSection: t.adjSection, adjSite: t.adjSite };
  const groups = { offset: t.ownerOffset, sections: t.ownerSections };
  // With the tree and its bridges, the search runs only inside the parts no bridge splits.
  const { pre, order, parent, parentSection, nearestBridge, bridgeChild } = t;
  const tree = pre && order && parent && parentSection && nearestBridge && bridgeChild ? { pre, order, parent, parentSection, nearestBridge, bridgeChild } : undefined;
  const reached = into ?? new Int32Array(Math.ceil(owners / SEARCH_BATCH) * t.siteCount);
  for (let first = 0; first < owners; first += SEARCH_BATCH) {
    const batch = Array.from({ length: Math.min(SEARCH_BATCH, owners - first) }, (_, b) => first + b);
    reached.set(tree ? reachedAlongBridges(net, groups, batch, tree) : reachedUnderGroups(net, groups, batch), (first / SEARCH_BATCH) * t.siteCount);
  }
  return reached;
}

/** The owners' cuts: the sites each cuts off, the subscribers each cuts, the owners worst first. */
export interface OwnerCuts {
  /** By batch of 32 owners then by rank: bit `o % 32` set when owner o's cut cuts off the site. */
  lostByRank: Int32Array;
  subscribersCut: Float64Array;
  order: Int32Array;
}

/**
 * The owners' cuts from what each leaves reached (`ownersReached`): the sites each cuts off by
 * rank, the subscribers each cuts off, summed in id order of the sites, and the owners worst
 * first, then by owner.
 *
 * @example
 * const owners = ownerCuts(tables, ownersReached(inputs));
 * owners.order[0]; // the owner whose conduits cut the most subscribers
 */
export function ownerCuts(t: ReportTables, reached: Int32Array): OwnerCuts {
  const owners = t.ownerRank.length;
  const { siteCount, siteByRank, pre, subscribers } = t;
  const lostByRank = new Int32Array(reached.length);
  const subscribersCut = new Float64Array(owners);
  for (let first = 0; first < owners; first += SEARCH_BATCH) {
    const base = (first / SEARCH_BATCH) * siteCount;
    const all = owners - first >= 32 ? -1 : (1 << (owners - first)) - 1;
    for (let r = 0; r < siteCount; r++) {
      const v = siteByRank[r];
      if (pre[v] > 0) lostByRank[base + r] = ~reached[base + v] & all;
    }
    for (let r = 0; r < siteCount; r++) {
      for (let lost = lostByRank[base + r]; lost !== 0; lost &= lost - 1) subscribersCut[first + 31 - Math.clz32(lost & -lost)] += subscribers[siteByRank[r]];
    }
  }
  const order = Int32Array.from({ length: owners }, (_, o) => o).sort((a, b) => subscribersCut[b] - subscribersCut[a] || t.ownerRank[a] - t.ownerRank[b]);
  return { lostByRank, subscribersCut, order };
}

/**
 * Writes pieces of the document (`reportPieces`) into its own chunks of about 1 MiB, with the
 * scratch arrays the records need made once for all pieces.
 *
 * @example
 * const writer = new ReportWriter(tables, () => ownerCuts(tables, ownersReached(inputs)));
 * for (let p = 0; p < pieces.length; p += 3) yield* writer.piece(pieces[p], pieces[p + 1], pieces[p + 2]);
 * yield writer.out.take();
 */
export class ReportWriter {
  readonly out = new ByteWriter();
  private readonly impacts: ImpactWriter;
  private readonly scratch: Int32Array;
  private readonly criticalSections: Int32Array;
  private readonly criticalSites: Int32Array;
  private readonly exposedBy: Int32Array;
  private readonly subtree = new Int32Array(2);
  private readonly intervals: Int32Array;
  private readonly siteIds: QuotedIds;
  private readonly sectionIds: QuotedIds;
  private readonly ownerIds: QuotedIds;
  private readonly riskGroupIds: QuotedIds;

  private owners: OwnerCuts | undefined;

  /** `ownersOf` gives the owners' cuts when the first of their pieces is written. */
  constructor(
    private readonly t: ReportTables,
    private readonly ownersOf: () => OwnerCuts,
  ) {
    this.intervals = new Int32Array(2 * t.siteCount + 2);
    this.siteIds = new QuotedIds(t.siteIds);
    this.sectionIds = new QuotedIds(t.sectionIds);
    this.ownerIds = new QuotedIds(t.owners);
    this.riskGroupIds = new QuotedIds(t.riskGroups);
    this.impacts = new ImpactWriter(this.out, t);
    this.scratch = new Int32Array(Math.max(t.siteCount, t.riskGroupRank.length, t.ownerRank.length) + 1);
    this.criticalSections = new Int32Array(t.siteCount + 1);
    this.criticalSites = new Int32Array(t.siteCount + 1);
    this.exposedBy = new Int32Array(t.ownerRank.length + 1);
  }

  /** Elements from … to of one field, yielding each chunk as it fills. */
  *piece(field: number, from: number, to: number): Generator<Uint8Array> {
    const { out, t } = this;
    if (field === HEADENDS) {
      if (from === 0) out.byte(0x7b);
      yield* listRange(out, true, 'headends', t.headendRanks.length, from, to, (k) => out.id(this.siteIds, t.headendRanks[k]));
    } else if (field === NROS) yield* listRange(out, false, 'nros', t.nros.length, from, to, (k) => this.nro(k), '{"id":');
    else if (field === BRIDGES) yield* listRange(out, false, 'bridges', t.bridgeRanks.length, from, to, (k) => out.id(this.sectionIds, t.bridgeRanks[k]));
    else if (field === ARTICULATION_SITES) yield* listRange(out, false, 'articulationSites', t.articulationRanks.length, from, to, (k) => out.id(this.siteIds, t.articulationRanks[k]));
    else if (field === CUT_IMPACT) yield* listRange(out, false, 'cutImpact', t.sectionOrder.length, from, to, (k) => this.cut(k), '{"section":');
    else if (field === SITE_IMPACT) yield* listRange(out, false, 'siteImpact', t.siteOrder.length, from, to, (k) => this.site(k), '{"site":');
    else if (field === OWNER_IMPACT) {
      yield* listRange(out, false, 'ownerImpact', t.ownerRank.length, from, to, (k) => this.owner(k), '{"owner":');
      if (to === t.ownerRank.length) out.ascii('\n}\n');
    } else throw new RangeError(`ReportWriter: no field ${field} of ${FIELDS}`);
  }

  private nro(k: number): void {
    const { out, t, criticalSections, criticalSites, exposedBy } = this;
    // Touched ahead, as `cut` does: the NRO, then the first links of its chains.
    const last = t.nros.length - 1;
    let ahead = t.nros[Math.min(k + AHEAD, last)];
    let touched = t.pre[ahead] ^ (t.subscribers[ahead] > 0 ? 1 : 0);
    ahead = t.pre[t.nros[Math.min(k + AHEAD / 2, last)]];
    if (ahead > 0) touched ^= t.nearestBridge[ahead] ^ t.nearestSeparation[ahead];
    ahead = t.pre[t.nros[Math.min(k + 2, last)]];
    if (ahead > 0) {
      const c = t.nearestBridge[ahead];
      const d = t.nearestSeparation[ahead];
      if (c >= 0) touched ^= t.parent[c] ^ t.parentSection[c];
      if (d >= 0) touched ^= t.parent[d];
    }
    this.impacts.touched(touched);
    const v = t.nros[k];
    const x = t.pre[v];
    let sectionCount = 0;
    let ownerCount = 0;
    for (let c = x < 0 ? -1 : t.nearestBridge[x]; c >= 0; c = t.parent[c] > 0 ? t.nearestBridge[t.parent[c]] : -1) {
      const e = t.parentSection[c];
      criticalSections[sectionCount++] = e;
      const owner = t.sectionOwner[e];
      let known = false;
      for (let i = 0; i < ownerCount && !known; i++) known = exposedBy[i] === owner;
      if (!known) exposedBy[ownerCount++] = owner;
    }
    let siteCount = 0;
    for (let c = x < 0 ? -1 : t.nearestSeparation[x]; c >= 0; c = t.parent[c] > 0 ? t.nearestSeparation[t.parent[c]] : -1) criticalSites[siteCount++] = t.order[t.parent[c]];
    out.id(this.siteIds, t.siteRank[v]);
    if (t.nroNames.offset[k + 1] > t.nroNames.offset[k]) {
      out.constant(NAME);
      out.bytes(t.nroNames.bytes, t.nroNames.offset[k], t.nroNames.offset[k + 1]);
    }
    out.constant(SUBSCRIBERS);
    out.number(t.subscribers[v]);
    out.constant(PATHS[x < 0 ? 0 : sectionCount > 0 ? 1 : 2]);
    this.smallList(this.sectionIds, t.sectionRank, criticalSections, 0, sectionCount);
    out.constant(CRITICAL_SITES);
    this.smallList(this.siteIds, t.siteRank, criticalSites, 0, siteCount);
    out.constant(SHARED_RISK_GROUPS);
    this.smallList(this.riskGroupIds, t.riskGroupRank, t.nroGroups, t.nroGroupOffset[k], t.nroGroupOffset[k + 1]);
    out.constant(EXPOSED_BY);
    this.smallList(this.ownerIds, t.ownerRank, exposedBy, 0, ownerCount);
    out.byte(0x7d);
  }

  /** The ids of indices[from … to) (a few), in id order. */
  private smallList(ids: QuotedIds, rank: Int32Array, indices: Int32Array, from: number, to: number): void {
    const { scratch } = this;
    for (let i = 0; i < to - from; i++) {
      const r = rank[indices[from + i]];
      let j = i;
      while (j > 0 && scratch[j - 1] > r) scratch[j] = scratch[--j];
      scratch[j] = r;
    }
    this.out.idList(ids, scratch, 0, to - from);
  }

  /**
   * The k-th `cutImpact` record. Its section and sites lie anywhere in the tables: what the
   * next records read is touched ahead (`AHEAD`), so that the reads of several records overlap.
   */
  private cut(k: number): void {
    const { out, t, subtree, sectionIds, siteIds } = this;
    const { sectionOrder, bridgeChild, sectionRank, sectionSubscribersCut, size, preRank, nroByRank } = t;
    const last = sectionOrder.length - 1;
    let e = sectionOrder[Math.min(k + AHEAD, last)];
    let touched = bridgeChild[e] ^ sectionRank[e] ^ (sectionSubscribersCut[e] > 0 ? 1 : 0);
    e = sectionOrder[Math.min(k + AHEAD / 2, last)];
    let x = bridgeChild[e];
    touched ^= sectionIds.offset[sectionRank[e]];
    if (x >= 0) touched ^= size[x] ^ preRank[x];
    e = sectionOrder[Math.min(k + 2, last)];
    x = bridgeChild[e];
    touched ^= sectionIds.bytes[sectionIds.offset[sectionRank[e]]];
    if (x >= 0) touched ^= siteIds.offset[preRank[x]] ^ nroByRank[preRank[x]];
    e = sectionOrder[Math.min(k + 1, last)];
    x = bridgeChild[e];
    if (x >= 0) touched ^= siteIds.bytes[siteIds.offset[preRank[x]]];
    this.impacts.touched(touched);
    e = sectionOrder[k];
    out.id(sectionIds, sectionRank[e]);
    x = bridgeChild[e];
    subtree[0] = x;
    subtree[1] = x < 0 ? x : x + size[x];
    this.impacts.write(subtree, x < 0 ? 0 : 2, sectionSubscribersCut[e]);
  }

  /** The k-th `siteImpact` record, touching ahead as `cut` does. */
  private site(k: number): void {
    const { out, t, siteIds, intervals } = this;
    const { siteOrder, pre, size, low, preRank, siteRank, siteSubscribersCut, nroByRank } = t;
    const last = siteOrder.length - 1;
    let v = siteOrder[Math.min(k + AHEAD, last)];
    let touched = pre[v] ^ siteRank[v] ^ (siteSubscribersCut[v] > 0 ? 1 : 0);
    v = siteOrder[Math.min(k + AHEAD / 2, last)];
    let x = pre[v];
    touched ^= siteIds.offset[siteRank[v]];
    if (x > 0) touched ^= size[x] ^ low[x] ^ preRank[x];
    v = siteOrder[Math.min(k + 2, last)];
    x = pre[v];
    touched ^= siteIds.bytes[siteIds.offset[siteRank[v]]] ^ nroByRank[siteRank[v]];
    if (x > 0 && x + 1 < low.length) touched ^= low[x + 1] ^ size[x + 1];
    this.impacts.touched(touched);
    v = siteOrder[k];
    x = pre[v];
    out.id(siteIds, siteRank[v]);
    this.impacts.write(intervals, x < 0 ? 0 : preorderCutIntervals(t, x, intervals), siteSubscribersCut[v]);
  }

  /** The k-th owner's record, worst first: the sites it cuts off counted out in id order. */
  private owner(k: number): void {
    const { out, t, scratch } = this;
    this.owners ??= this.ownersOf();
    const { lostByRank, subscribersCut, order } = this.owners;
    const o = order[k];
    const base = Math.floor(o / SEARCH_BATCH) * t.siteCount;
    const bit = 1 << o % SEARCH_BATCH;
    let n = 0;
    for (let r = 0; r < t.siteCount; r++) if (lostByRank[base + r] & bit) scratch[n++] = r;
    out.id(this.ownerIds, t.ownerRank[o]);
    out.constant(SECTIONS);
    out.number(t.ownerOffset[o + 1] - t.ownerOffset[o]);
    out.constant(LENGTH);
    out.number(t.ownerLengthM[o]);
    this.impacts.writeRanks(scratch, n, subscribersCut[o]);
  }
}
