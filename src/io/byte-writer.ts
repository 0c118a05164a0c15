import { shared as sharedCopy, type Zeros } from '../parallel/threads.js';

const CHUNK = 1 << 20;
const SPARE = 1 << 16;
/** Copies at least this long go through `TypedArray.set`; shorter ones 4 bytes at a time, cheaper than the call. */
const LONG_COPY = 256;
/**
 * Bytes a table holds past its last string: copies read and write 4 bytes at a time, up to 3
 * past a string's end (the bytes written past it are written over next).
 */
export const PADDING = 4;


/** Byte strings one after the other, then `PADDING` bytes: the k-th is `bytes[offset[k] … offset[k + 1])`. */
export interface ByteTable {
  bytes: Uint8Array;
  offset: Int32Array;
}

/**
 * Bytes written again and again (keys, punctuation), read 4 at a time.
 *
 * @example
 * out.constant(asciiConstant('"isolatedSites":'));
 */
export class Constant {
  readonly view: DataView;
  readonly length: number;

  constructor(text: string) {
    const bytes = new Uint8Array(text.length + PADDING);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    this.view = new DataView(bytes.buffer);
    this.length = text.length;
  }
}

/**
 * The constant of an ASCII string.
 *
 * @example
 * asciiConstant('[]').length; // 2
 */
export const asciiConstant = (text: string): Constant => new Constant(text);

/** A `ByteTable` of ids as one thread reads it: the bytes through a `DataView`, 4 at a time. */
export class QuotedIds {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly offset: Int32Array;

  constructor(table: ByteTable) {
    this.bytes = table.bytes;
    this.view = new DataView(table.bytes.buffer, table.bytes.byteOffset, table.bytes.length);
    this.offset = table.offset;
  }
}

/**
 * JSON written as bytes into chunks of about 1 MiB; a chunk once handed out is never written
 * again.
 *
 * @example
 * const out = new ByteWriter();
 * out.ascii('{"n":');
 * out.number(42);
 * out.byte(0x7d);
 * out.take(); // the bytes of {"n":42}
 */
export class ByteWriter {
  private chunk: Uint8Array = Buffer.allocUnsafe(CHUNK + SPARE);
  private view = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.length);
  private at = 0;

  byte(b: number): void {
    if (this.at >= this.chunk.length) this.grow(1);
    this.chunk[this.at++] = b;
  }

  /** A string known to be ASCII (keys, numbers, statuses). */
  ascii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.chunk[this.at++] = s.charCodeAt(i);
  }

  /** A number as JSON writes it: whole counts digit by digit, the others through JSON. */
  number(x: number): void {
    if (!(x >= 0 && x < 2 ** 31 && x === Math.floor(x))) {
      this.ascii(JSON.stringify(x));
      return;
    }
    this.room(10);
    const { chunk } = this;
    let digits = 1;
    for (let rest = x; rest >= 10; rest = (rest / 10) | 0) digits++;
    let at = this.at + digits;
    this.at = at;
    let rest = x | 0;
    do {
      const next = (rest / 10) | 0;
      chunk[--at] = 0x30 + rest - 10 * next;
      rest = next;
    } while (rest > 0);
  }

  constant(c: Constant): void {
    this.copy(c.view, 0, c.length);
  }

  /** source[from … to), byte by byte. */
  bytes(source: Uint8Array, from: number, to: number): void {
    this.room(to - from);
    const { chunk } = this;
    let at = this.at;
    for (let i = from; i < to; i++) chunk[at++] = source[i];
    this.at = at;
  }

  /** The k-th id of a table of ids each followed by a comma (`quotedIds`). */
  id(ids: QuotedIds, k: number): void {
    const from = ids.offset[k];
    this.copy(ids.view, from, ids.offset[k + 1] - 1 - from);
  }

  /**
   * `[`, the ids of ranks[from … to) in that order, `]`, from a table of ids each followed by a
   * comma (`quotedIds`): each run of consecutive ranks is one range of it, copied at once.
   */
  idList(ids: QuotedIds, ranks: Int32Array, from: number, to: number): void {
    const { offset } = ids;
    this.byte(0x5b);
    let k = from;
    while (k < to) {
      const first = ranks[k++];
      let next = first + 1;
      while (k < to && ranks[k] === next) {
        next++;
        k++;
      }
      this.range(ids, offset[first], offset[next]);
    }
    // The last id's separator becomes the end of the list.
    if (to > from) this.at--;
    this.byte(0x5d);
  }

  /** `idList` of the ranks that `keep` marks (1), the others left out. */
  idListWhere(ids: QuotedIds, keep: Uint8Array, ranks: Int32Array, from: number, to: number): void {
    const { offset } = ids;
    this.byte(0x5b);
    let any = false;
    let k = from;
    while (k < to) {
      const first = ranks[k++];
      if (!keep[first]) continue;
      let next = first + 1;
      while (k < to && ranks[k] === next && keep[next]) {
        next++;
        k++;
      }
      this.range(ids, offset[first], offset[next]);
      any = true;
    }
    if (any) this.at--;
    this.byte(0x5d);
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
    this.chunk = Buffer.allocUnsafe(CHUNK + SPARE);
    this.view = new DataView(this.chunk.buffer, this.chunk.byteOffset, this.chunk.length);
    this.at = 0;
    return done;
  }

  /** ids.bytes[from … to): at once when long. */
  private range(ids: QuotedIds, from: number, to: number): void {
    if (to - from < LONG_COPY) {
      this.copy(ids.view, from, to - from);
      return;
    }
    this.room(to - from);
    this.chunk.set(ids.bytes.subarray(from, to), this.at);
    this.at += to - from;
  }

  /** n bytes of `source` from `from`, 4 at a time (the source has `PADDING` bytes past its end). */
  private copy(source: DataView, from: number, n: number): void {
    if (this.at + n + PADDING > this.chunk.length) this.grow(n + PADDING);
    const { view, at } = this;
    for (let i = 0; i < n; i += 4) view.setInt32(at + i, source.getInt32(from + i, true), true);
    this.at = at + n;
  }

  private room(n: number): void {
    if (this.at + n > this.chunk.length) this.grow(n);
  }

  /** A larger chunk when one record overflows the spare. */
  private grow(n: number): void {
    const larger = Buffer.allocUnsafe(Math.max(2 * this.chunk.length, this.at + n));
    larger.set(this.chunk.subarray(0, this.at));
    this.chunk = larger;
    this.view = new DataView(larger.buffer, larger.byteOffset, larger.length);
  }
}

/**
 * Every id of a list as its JSON string followed by a comma, encoded once in one table, in a
 * given order (every id in order when none is given), and whether each one's JSON is its
 * characters between quotes, all printable ASCII: then the bytes between the quotes sort as
 * the ids do. Typed arrays only (in shared memory with `shared`), so that a worker thread can be
 * handed them; a run of ids next
 * to each other in the order is one range of bytes, a list's items with their commas.
 *
 * @example
 * const { table } = quotedIds(['b', 'a'], Int32Array.of(1, 0));
 * table.bytes; // the bytes of "a","b", then the padding
 */
export function quotedIds(ids: readonly string[], order?: Int32Array, shared = false): { table: ByteTable; plain: boolean } {
  const count = order ? order.length : ids.length;
  const offset = new Int32Array(count + 1);
  let bytes = Buffer.allocUnsafe(16 * count + 64);
  let at = 0;
  let allPlain = true;
  for (let k = 0; k < count; k++) {
    const id = ids[order ? order[k] : k];
    offset[k] = at;
    if (at + 6 * id.length + 3 + PADDING > bytes.length) {
      const larger = Buffer.allocUnsafe(2 * bytes.length + 6 * id.length + 3 + PADDING);
      larger.set(bytes.subarray(0, at));
      bytes = larger;
    }
    // Most ids are printable ASCII without quote or backslash: their JSON is the id between quotes.
    let end = at;
    bytes[end++] = 0x22;
    let plain = true;
    for (let i = 0; i < id.length && plain; i++) {
      const c = id.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) plain = false;
      else bytes[end++] = c;
    }
    if (plain) {
      bytes[end++] = 0x22;
      at = end;
    } else {
      at += bytes.write(JSON.stringify(id), at);
      allPlain = false;
    }
    bytes[at++] = 0x2c;
  }
  offset[count] = at;
  bytes.fill(0, at, at + PADDING);
  const table = { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, at + PADDING), offset };
  return { table: shared ? { bytes: sharedCopy(table.bytes), offset: sharedCopy(offset) } : table, plain: allPlain };
}

/**
 * A table's strings in another order: the k-th is the `order[k]`-th of `table` (empty for a
 * negative one), in arrays that `zeros` makes (`sharedZeros` for shared memory).
 *
 * @example
 * reorderedTable(quotedIds(['a', 'b']).table, Int32Array.of(1, -1, 0)); // "b","a",
 */
export function reorderedTable({ bytes, offset }: ByteTable, order: Int32Array, zeros: Zeros = (Kind, length) => new Kind(length)): ByteTable {
  // Room for the entries chosen: at most the whole table.
  let length = 0;
  for (let k = 0; k < order.length; k++) if (order[k] >= 0) length += offset[order[k] + 1] - offset[order[k]];
  const into = zeros(Uint8Array, length + PADDING, 1);
  const at = zeros(Int32Array, order.length + 1, 4);
  const source = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const target = new DataView(into.buffer, into.byteOffset, into.length);
  let end = 0;
  for (let k = 0; k < order.length; k++) {
    at[k] = end;
    const i = order[k];
    if (i < 0) continue;
    const from = offset[i];
    const n = offset[i + 1] - from;
    // 4 bytes at a time: the bytes written past an entry are written over by the next.
    for (let b = 0; b < n; b += 4) target.setInt32(end + b, source.getInt32(from + b, true), true);
    end += n;
  }
  at[order.length] = end;
  into.fill(0, end);
  return { bytes: into, offset: at };
}

/**
 * One field of a document whose lists hold one element a line, as `jsonChunks` writes them;
 * yields each chunk as it fills.
 *
 * @example
 * yield* listField(out, true, 'bridges', bridges.length, (k) => out.id(sections, k));
 */
export function* listField(out: ByteWriter, first: boolean, key: string, count: number, write: (k: number) => void): Generator<Uint8Array> {
  yield* listRange(out, first, key, count, 0, count, write);
}

/**
 * Elements from … to of such a list field: its key when `from` is 0, its end when `to` is the
 * count, each element's first bytes `opening` (ASCII) when given. The ranges of a field
 * written one after the other write the field.
 *
 * @example
 * yield* listRange(out, false, 'cutImpact', sections.length, 0, 1000, writeSection, '{"section":');
 */
export function* listRange(out: ByteWriter, first: boolean, key: string, count: number, from: number, to: number, write: (k: number) => void, opening = ''): Generator<Uint8Array> {
  if (from === 0) out.ascii(`${first ? '' : ','}\n  ${JSON.stringify(key)}: [`);
  const firstElement = asciiConstant(`\n    ${opening}`);
  const nextElement = asciiConstant(`,\n    ${opening}`);
  for (let k = from; k < to; k++) {
    out.constant(k ? nextElement : firstElement);
    write(k);
    if (out.full) yield out.take();
  }
  if (to === count) out.ascii(count ? '\n  ]' : ']');
}
