import { asciiConstant, type ByteTable, type ByteWriter, QuotedIds } from './byte-writer.js';

const ISOLATED_NROS = asciiConstant(',"isolatedNros":');
const SUBSCRIBERS_CUT = asciiConstant(',"subscribersCut":');
const ISOLATED_SITES = asciiConstant(',"isolatedSites":');
const NO_IMPACT = asciiConstant(',"isolatedNros":[],"subscribersCut":0,"isolatedSites":[]}');

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
  /** By site index: its rank in id order. */
  siteRank: Int32Array;
  /** The sites' JSON, each followed by a comma, by rank. */
  siteIds: ByteTable;
  /** By rank: 1 for an NRO. */
  nroByRank: Uint8Array;
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
  readonly siteIds: QuotedIds;
  private readonly scratch: Int32Array;
  /** What touching ahead read. */
  sink = 0;

  constructor(
    private readonly out: ByteWriter,
    readonly tables: ImpactTables,
  ) {
    this.siteIds = new QuotedIds(tables.siteIds);
    this.scratch = new Int32Array(tables.siteRank.length + 1);
  }

  /**
   * The rest of a record: the impact of losing the sites of the first `count` numbers of
   * `intervals`, [from, to) preorder pairs, their ranks sorted (they often come sorted).
   */
  write(intervals: Int32Array, count: number, subscribersCut: number): void {
    const { scratch } = this;
    const { preRank } = this.tables;
    if (count === 0 && subscribersCut === 0) {
      this.out.constant(NO_IMPACT);
      return;
    }
    let n = 0;
    let sorted = true;
    for (let k = 0; k < count; k += 2) {
      for (let x = intervals[k]; x < intervals[k + 1]; x++) {
        const r = preRank[x];
        if (n > 0 && r < scratch[n - 1]) sorted = false;
        scratch[n++] = r;
      }
    }
    if (!sorted) {
      if (n <= 16) {
        for (let i = 1; i < n; i++) {
          const r = scratch[i];
          let j = i;
          while (j > 0 && scratch[j - 1] > r) scratch[j] = scratch[--j];
          scratch[j] = r;
        }
      } else scratch.subarray(0, n).sort();
    }
    this.writeRanks(scratch, n, subscribersCut);
  }

  /** Keeps the reads of a loop that touches ahead (their values are never used, but the reads must not be left out). */
  touched(value: number): void {
    this.sink ^= value;
  }

  /** The rest of a record: the impact of losing the sites of the first `n` of these ranks, ascending. */
  writeRanks(ranks: Int32Array, n: number, subscribersCut: number): void {
    const { out, siteIds } = this;
    const { nroByRank } = this.tables;
    if (n === 0 && subscribersCut === 0) {
      out.constant(NO_IMPACT);
      return;
    }
    out.constant(ISOLATED_NROS);
    out.idListWhere(siteIds, nroByRank, ranks, 0, n);
    out.constant(SUBSCRIBERS_CUT);
    out.number(subscribersCut);
    out.constant(ISOLATED_SITES);
    out.idList(siteIds, ranks, 0, n);
    out.byte(0x7d);
  }
}

/**
 * How many records ahead a record loop touches what they read. On the 2-core machine this was
 * measured on, a random read costs some 150 ns and a `cutImpact` record several, one after the
 * other: touching them 16 records ahead (the record's own, then 8 ahead what those lead to,
 * then 2 ahead the ids' bytes) halved the time of the field. The touched values are kept
 * (`ImpactWriter.touched`) so that the reads are not left out.
 */
export const AHEAD = 16;
