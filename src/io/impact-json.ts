import { siteCutIntervals } from '../analysis/resilience-report.js';
import { type ByteWriter, bytesOf, listField, QuotedIds } from './byte-writer.js';

const SITE = bytesOf('{"site":');
const ISOLATED_NROS = bytesOf(',"isolatedNros":');
const SUBSCRIBERS_CUT = bytesOf(',"subscribersCut":');
const ISOLATED_SITES = bytesOf(',"isolatedSites":');
const NO_IMPACT = bytesOf(',"isolatedNros":[],"subscribersCut":0,"isolatedSites":[]}');

/**
 * What writing an impact reads, by rank of the sites in id order where a sorted list reads
 * it: typed arrays only, the same in a worker thread.
 */
export interface ImpactTables {
  /** Preorder of each site, -1 when it is not connected. */
  pre: Int32Array;
  /** By preorder: subtree sizes and `low` of the depth-first tree. */
  size: Int32Array;
  low: Int32Array;
  /** By preorder: the site's rank in id order. */
  preRank: Int32Array;
  /** By rank: 1 for an NRO. */
  nroByRank: Uint8Array;
  /** By site index: its rank in id order. */
  siteRank: Int32Array;
  /** The sites' JSON strings, by rank. */
  siteBytes: Uint8Array;
  siteOffset: Int32Array;
}

/**
 * Writes impacts: `{…,"isolatedNros":[…],"subscribersCut":n,"isolatedSites":[…]}` after a
 * record's key, for the sites of preorder intervals, each list in id order.
 *
 * @example
 * const impacts = new ImpactWriter(out, tables);
 * impacts.write(Int32Array.of(4, 9), 2, 1200); // the sites of preorders 4 … 8
 */
export class ImpactWriter {
  readonly sites: QuotedIds;
  private readonly scratch: Int32Array;

  constructor(
    private readonly out: ByteWriter,
    readonly tables: ImpactTables,
  ) {
    this.sites = new QuotedIds(tables.siteBytes, tables.siteOffset);
    this.scratch = new Int32Array(tables.siteRank.length + 1);
  }

  /** The rest of a record: the impact of losing the sites of the first `count` numbers of `intervals`, [from, to) preorder pairs. */
  write(intervals: Int32Array, count: number, subscribersCut: number): void {
    const { out, scratch } = this;
    const { preRank } = this.tables;
    if (count === 0 && subscribersCut === 0) {
      out.constant(NO_IMPACT);
      return;
    }
    let n = 0;
    for (let k = 0; k < count; k += 2) for (let x = intervals[k]; x < intervals[k + 1]; x++) scratch[n++] = preRank[x];
    sortPrefix(scratch, n);
    this.writeRanks(scratch, n, subscribersCut);
  }

  /** The rest of a record: the impact of losing the sites of the first `n` of these ranks, ascending. */
  writeRanks(ranks: ArrayLike<number>, n: number, subscribersCut: number): void {
    const { out, sites } = this;
    const { nroByRank } = this.tables;
    if (n === 0 && subscribersCut === 0) {
      out.constant(NO_IMPACT);
      return;
    }
    out.constant(ISOLATED_NROS);
    out.byte(0x5b);
    let first = true;
    for (let k = 0; k < n; k++) {
      const r = ranks[k];
      if (!nroByRank[r]) continue;
      if (!first) out.byte(0x2c);
      first = false;
      sites.write(out, r);
    }
    out.byte(0x5d);
    out.constant(SUBSCRIBERS_CUT);
    out.number(subscribersCut);
    out.constant(ISOLATED_SITES);
    out.byte(0x5b);
    for (let k = 0; k < n; k++) {
      if (k) out.byte(0x2c);
      sites.write(out, ranks[k]);
    }
    out.byte(0x5d);
    out.byte(0x7d);
  }
}

/**
 * The `siteImpact` field of `analyse --json`, its sites in the given order, each record as
 * `jsonChunks` writes it: from typed arrays alone, so that a worker thread can write it while
 * the main thread writes the fields before it.
 *
 * @example
 * for (const chunk of siteImpactField(out, tables, plan.siteOrder, plan.siteSubscribersCut)) send(chunk);
 */
export function* siteImpactField(out: ByteWriter, tables: ImpactTables, siteOrder: Int32Array, siteSubscribersCut: Float64Array): Generator<Uint8Array> {
  const impacts = new ImpactWriter(out, tables);
  const intervals = new Int32Array(2 * tables.siteRank.length + 2);
  const tree = { pre: tables.pre, size: tables.size, low: tables.low };
  yield* listField(out, false, 'siteImpact', siteOrder.length, (k) => {
    const v = siteOrder[k];
    out.constant(SITE);
    impacts.sites.write(out, tables.siteRank[v]);
    impacts.write(intervals, siteCutIntervals({ tree }, v, intervals), siteSubscribersCut[v]);
  });
}

/** Sorts a[0 … n) ascending: an insertion sort for the few of most records. */
function sortPrefix(a: Int32Array, n: number): void {
  if (n > 16) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i;
    while (j > 0 && a[j - 1] > v) a[j] = a[--j];
    a[j] = v;
  }
}
