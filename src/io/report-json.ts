import { indexNames, reportRecords } from '../analysis/resilience-report.js';
import type { SortedIndices } from '../analysis/id-order.js';
import type { ResilienceAnalysis } from '../analysis/resilience-analysis.js';

const CHUNK = 1 << 20;
const bytesOf = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
const FIRST_ELEMENT = bytesOf('\n    ');
const NEXT_ELEMENT = bytesOf(',\n    ');
const SECTION = bytesOf('{"section":');
const SITE = bytesOf('{"site":');
const ISOLATED_NROS = bytesOf(',"isolatedNros":');
const SUBSCRIBERS_CUT = bytesOf(',"subscribersCut":');
const ISOLATED_SITES = bytesOf(',"isolatedSites":');

/**
 * The `analyse --json` document of an analysis as UTF-8 bytes, in chunks of about 1 MiB: the
 * same bytes as `jsonChunks(resilienceReportStream(analysis))`, written straight from the
 * network's indices. Each id is encoded once; no record object, no id string, no per-record
 * `JSON.stringify` — at 1e6 sections that writing is what a user waited for.
 *
 * @example
 * for (const chunk of reportJsonBytes(analysis)) process.stdout.write(chunk);
 */
export function* reportJsonBytes(analysis: ResilienceAnalysis): Generator<Uint8Array> {
  const { net } = analysis;
  const records = reportRecords(analysis, indexNames);
  const out = new ByteWriter();
  const sites = new QuotedIds(net.siteIds);
  const sections = new QuotedIds(net.sectionIds);
  const list = (ids: QuotedIds, indices: SortedIndices) => {
    out.byte(0x5b);
    for (let k = 0; k < indices.length; k++) {
      if (k) out.byte(0x2c);
      ids.write(out, indices[k]);
    }
    out.byte(0x5d);
  };
  const impact = (r: { isolatedNros: SortedIndices; subscribersCut: number; isolatedSites: SortedIndices }) => {
    out.constant(ISOLATED_NROS);
    list(sites, r.isolatedNros);
    out.constant(SUBSCRIBERS_CUT);
    out.ascii(String(r.subscribersCut));
    out.constant(ISOLATED_SITES);
    list(sites, r.isolatedSites);
    out.byte(0x7d);
  };
  /** One top-level field: a list written one element a line, as `jsonChunks` does. */
  function* field<T>(first: boolean, key: string, items: Iterable<T>, write: (item: T) => void): Generator<Uint8Array> {
    out.ascii(`${first ? '' : ','}\n  ${JSON.stringify(key)}: [`);
    let count = 0;
    for (const item of items) {
      out.constant(count++ ? NEXT_ELEMENT : FIRST_ELEMENT);
      write(item);
      if (out.full) yield out.take();
    }
    out.ascii(count ? '\n  ]' : ']');
  }

  out.byte(0x7b);
  yield* field(true, 'headends', records.headends, (v) => sites.write(out, v));
  yield* field(false, 'nros', records.nros, (r) => {
    out.ascii('{"id":');
    sites.write(out, r.id);
    if (r.name !== undefined) out.text(`,"name":${JSON.stringify(r.name)}`);
    out.ascii(`,"subscribers":${r.subscribers},"paths":${r.paths},"status":"${r.status}","criticalSections":`);
    list(sections, r.criticalSections);
    out.ascii(',"criticalSites":');
    list(sites, r.criticalSites);
    out.text(`,"sharedRiskGroups":${JSON.stringify(r.sharedRiskGroups)},"exposedBy":${JSON.stringify(r.exposedBy)}}`);
  });
  yield* field(false, 'bridges', records.bridges, (e) => sections.write(out, e));
  yield* field(false, 'articulationSites', records.articulationSites, (v) => sites.write(out, v));
  yield* field(false, 'cutImpact', records.cutImpact, (r) => {
    out.constant(SECTION);
    sections.write(out, r.section);
    impact(r);
  });
  yield* field(false, 'siteImpact', records.siteImpact, (r) => {
    out.constant(SITE);
    sites.write(out, r.site);
    impact(r);
  });
  yield* field(false, 'ownerImpact', records.ownerImpact, (r) => {
    out.text(`{"owner":${JSON.stringify(r.owner)},"sections":${r.sections},"lengthM":${JSON.stringify(r.lengthM)}`);
    impact(r);
  });
  out.ascii('\n}\n');
  if (out.length > 0) yield out.take();
}

/** Bytes written into chunks of about CHUNK; a chunk once handed out is never written again. */
class ByteWriter {
  private chunk = Buffer.allocUnsafe(CHUNK + (1 << 16));
  private at = 0;

  byte(b: number): void {
    this.room(1);
    this.chunk[this.at++] = b;
  }

  /** A string known to be ASCII (keys, numbers, statuses). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.chunk[this.at++] = s.charCodeAt(i);
  }

  /** Bytes written once for all. */
  constant(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.chunk.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** Any string, encoded as UTF-8. */
  text(s: string): void {
    this.room(Buffer.byteLength(s));
    this.at += this.chunk.write(s, this.at);
  }

  bytes(source: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    const { chunk } = this;
    let at = this.at;
    for (let i = from; i < to; i++) chunk[at++] = source[i];
    this.at = at;
  }

  /** Whether the chunk is full enough to hand out. */
  get full(): boolean {
    return this.at >= CHUNK;
  }

  get length(): number {
    return this.at;
  }

  /** The bytes written so far; the next ones go to a new chunk. */
  take(): Uint8Array {
    const done = this.chunk.subarray(0, this.at);
    this.chunk = Buffer.allocUnsafe(CHUNK + (1 << 16));
    this.at = 0;
    return done;
  }

  /** Makes room for `n` more bytes: a larger chunk when one record overflows the spare. */
  private room(n: number): void {
    if (this.at + n <= this.chunk.length) return;
    const larger = Buffer.allocUnsafe(Math.max(2 * this.chunk.length, this.at + n));
    larger.set(this.chunk.subarray(0, this.at));
    this.chunk = larger;
  }
}

/** Every id of a list as its JSON string, encoded once in one buffer. */
class QuotedIds {
  private readonly bytes: Uint8Array;
  private readonly offset: Int32Array;

  constructor(ids: readonly string[]) {
    this.offset = new Int32Array(ids.length + 1);
    // Most ids need no escaping and are ASCII: their JSON is the id between quotes.
    const quoted = ids.map((id) => JSON.stringify(id));
    const joined = quoted.join('');
    this.bytes = Buffer.from(joined, 'utf8');
    const ascii = this.bytes.length === joined.length;
    let at = 0;
    for (let i = 0; i < ids.length; i++) {
      this.offset[i] = at;
      at += ascii ? quoted[i].length : Buffer.byteLength(quoted[i]);
    }
    this.offset[ids.length] = at;
  }

  write(out: ByteWriter, i: number): void {
    out.bytes(this.bytes, this.offset[i], this.offset[i + 1]);
  }
}
