import { sectionCutIntervals } from '../analysis/resilience-report.js';
import { reachedUnderGroups, type SearchedNetwork, SEARCH_BATCH } from '../analysis/risk-group-isolation.js';
import { ByteWriter, bytesOf, listField, QuotedIds } from './byte-writer.js';
import { ImpactWriter, siteImpactField } from './impact-json.js';
import type { ReportTables } from './report-tables.js';

const SECTION = bytesOf('{"section":');
const NRO_ID = bytesOf('{"id":');
const NAME = bytesOf(',"name":');
const SUBSCRIBERS = bytesOf(',"subscribers":');
const PATHS = ['isolated', 'single-homed', 'secured'].map((status, paths) => bytesOf(`,"paths":${paths},"status":"${status}","criticalSections":`));
const CRITICAL_SITES = bytesOf(',"criticalSites":');
const SHARED_RISK_GROUPS = bytesOf(',"sharedRiskGroups":');
const EXPOSED_BY = bytesOf(',"exposedBy":');
const OWNER = bytesOf('{"owner":');
const SECTIONS = bytesOf(',"sections":');
const LENGTH = bytesOf(',"lengthM":');
const EMPTY = bytesOf('[]');

/**
 * The `analyse --json` document in parts that any thread writes from the tables alone, and
 * that make the document one after the other: the head (head-ends, NROs, bridges,
 * articulation sites), `cutImpact`, `siteImpact`, then `ownerImpact` and the end.
 */
export const REPORT_PARTS = 4;

/**
 * One part of the document, in chunks of about 1 MiB, the last one holding the part's end.
 *
 * @example
 * const document = Array.from({ length: REPORT_PARTS }, (_, part) => [...reportPart(tables, part)]).flat();
 */
export function* reportPart(tables: ReportTables, part: number): Generator<Uint8Array> {
  const out = new ByteWriter();
  if (part === 0) yield* head(out, tables);
  else if (part === 1) yield* cutImpact(out, tables);
  else if (part === 2) yield* siteImpactField(out, tables, tables.siteOrder, tables.siteSubscribersCut);
  else if (part === 3) yield* ownerImpact(out, tables);
  else throw new RangeError(`reportPart: no part ${part}`);
  if (out.length > 0) yield out.take();
}

function* head(out: ByteWriter, t: ReportTables): Generator<Uint8Array> {
  const sites = new QuotedIds(t.siteBytes, t.siteOffset);
  const sections = new QuotedIds(t.sectionIds.bytes, t.sectionIds.offset);
  const owners = new QuotedIds(t.owners.bytes, t.owners.offset);
  const riskGroups = new QuotedIds(t.riskGroups.bytes, t.riskGroups.offset);
  const names = new QuotedIds(t.nroNames.bytes, t.nroNames.offset);
  const scratch = new Int32Array(Math.max(t.siteCount, t.riskGroupRank.length, t.ownerRank.length) + 1);
  const chainRoom = t.siteCount + 1;
  const criticalSections = new Int32Array(chainRoom);
  const criticalSites = new Int32Array(chainRoom);
  const exposedBy = new Int32Array(t.ownerRank.length + 1);
  /** indices[from … to), written in id order. */
  const smallList = (ids: QuotedIds, rank: Int32Array, indices: ArrayLike<number>, from: number, to: number) => {
    if (to === from) {
      out.constant(EMPTY);
      return;
    }
    const n = to - from;
    ranksInOrder(indices, from, to, rank, scratch);
    out.byte(0x5b);
    for (let k = 0; k < n; k++) {
      if (k) out.byte(0x2c);
      ids.write(out, scratch[k]);
    }
    out.byte(0x5d);
  };
  const nro = (k: number) => {
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
    out.constant(NRO_ID);
    sites.write(out, t.siteRank[v]);
    if (t.nroNames.offset[k + 1] > t.nroNames.offset[k]) {
      out.constant(NAME);
      names.write(out, k);
    }
    out.constant(SUBSCRIBERS);
    out.number(t.subscribers[v]);
    out.constant(PATHS[x < 0 ? 0 : sectionCount > 0 ? 1 : 2]);
    smallList(sections, t.sectionRank, criticalSections, 0, sectionCount);
    out.constant(CRITICAL_SITES);
    smallList(sites, t.siteRank, criticalSites, 0, siteCount);
    out.constant(SHARED_RISK_GROUPS);
    smallList(riskGroups, t.riskGroupRank, t.nroGroups, t.nroGroupOffset[k], t.nroGroupOffset[k + 1]);
    out.constant(EXPOSED_BY);
    smallList(owners, t.ownerRank, exposedBy, 0, ownerCount);
    out.byte(0x7d);
  };
  out.byte(0x7b);
  yield* listField(out, true, 'headends', t.headends.length, (k) => sites.write(out, t.siteRank[t.headends[k]]));
  yield* listField(out, false, 'nros', t.nros.length, nro);
  yield* listField(out, false, 'bridges', t.bridges.length, (k) => sections.write(out, t.sectionRank[t.bridges[k]]));
  yield* listField(out, false, 'articulationSites', t.articulationSites.length, (k) => sites.write(out, t.siteRank[t.articulationSites[k]]));
}

function* cutImpact(out: ByteWriter, t: ReportTables): Generator<Uint8Array> {
  const sections = new QuotedIds(t.sectionIds.bytes, t.sectionIds.offset);
  const impacts = new ImpactWriter(out, t);
  const subtree = new Int32Array(2);
  const cuts = { bridgeChild: t.bridgeChild, tree: { size: t.size } };
  yield* listField(out, false, 'cutImpact', t.sectionOrder.length, (k) => {
    const e = t.sectionOrder[k];
    out.constant(SECTION);
    sections.write(out, t.sectionRank[e]);
    impacts.write(subtree, sectionCutIntervals(cuts, e, subtree), t.sectionSubscribersCut[e]);
  });
}

/**
 * Every owner's conduits cut at once: one search per 32 owners (`reachedUnderGroups`), the
 * sites each cuts off counted out in id order, worst owner first, then by owner.
 */
function* ownerImpact(out: ByteWriter, t: ReportTables): Generator<Uint8Array> {
  const owners = t.ownerRank.length;
  const net: SearchedNetwork = { siteCount: t.siteCount, sectionCount: t.sectionCount, headends: t.headendSites, adjOffset: t.adjOffset, adjSection: t.adjSection, adjSite: t.adjSite };
  const groups = { offset: t.ownerOffset, sections: t.ownerSections };
  const isolated: number[][] = Array.from({ length: owners }, () => []);
  const subscribersCut = new Float64Array(owners);
  for (let first = 0; first < owners; first += SEARCH_BATCH) {
    const batch = Array.from({ length: Math.min(SEARCH_BATCH, owners - first) }, (_, b) => first + b);
    const reached = reachedUnderGroups(net, groups, batch);
    const all = batch.length === 32 ? -1 : (1 << batch.length) - 1;
    for (let r = 0; r < t.siteCount; r++) {
      const v = t.siteByRank[r];
      if (t.pre[v] <= 0) continue;
      for (let lost = ~reached[v] & all; lost !== 0; lost &= lost - 1) {
        const o = first + 31 - Math.clz32(lost & -lost);
        isolated[o].push(r);
        subscribersCut[o] += t.subscribers[v];
      }
    }
  }
  const order = Array.from({ length: owners }, (_, o) => o).sort((a, b) => subscribersCut[b] - subscribersCut[a] || t.ownerRank[a] - t.ownerRank[b]);
  const names = new QuotedIds(t.owners.bytes, t.owners.offset);
  const impacts = new ImpactWriter(out, t);
  yield* listField(out, false, 'ownerImpact', owners, (k) => {
    const o = order[k];
    out.constant(OWNER);
    names.write(out, t.ownerRank[o]);
    out.constant(SECTIONS);
    out.number(t.ownerOffset[o + 1] - t.ownerOffset[o]);
    out.constant(LENGTH);
    out.number(t.ownerLengthM[o]);
    impacts.writeRanks(isolated[o], isolated[o].length, subscribersCut[o]);
  });
  out.ascii('\n}\n');
}

/** Writes the ranks of indices[from … to) (a few) into `into`, ascending. */
function ranksInOrder(indices: ArrayLike<number>, from: number, to: number, rank: Int32Array, into: Int32Array): void {
  for (let i = 0; i < to - from; i++) {
    const r = rank[indices[from + i]];
    let j = i;
    while (j > 0 && into[j - 1] > r) into[j] = into[--j];
    into[j] = r;
  }
}
