const CHUNK = 1 << 20;

/**
 * The bytes of an ASCII string.
 *
 * @example
 * bytesOf('[]'); // Uint8Array [91, 93]
 */
export const bytesOf = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

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

  /** A number as JSON writes it: whole counts digit by digit, the others through JSON. */
  number(x: number): void {
    if (!(x >= 0 && x < 2 ** 31 && x === Math.floor(x))) {
      this.ascii(JSON.stringify(x));
      return;
    }
    this.room(10);
    const { chunk } = this;
    let digits = 1;
    for (let rest = x; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    let rest = x;
    do {
      chunk[--at] = 0x30 + (rest % 10);
      rest = Math.floor(rest / 10);
    } while (rest > 0);
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

/**
 * Every id of a list as its JSON string, encoded once in one buffer, in a given order: typed
 * arrays only, so that a worker thread can be handed them.
 *
 * @example
 * const ids = QuotedIds.of(['b', 'a'], Int32Array.of(1, 0));
 * ids.write(out, 0); // writes "a"
 */
export class QuotedIds {
  constructor(
    readonly bytes: Uint8Array,
    /** Where the k-th id starts; one more entry for the end. */
    readonly offset: Int32Array,
  ) {}

  /** The ids at `order[0]`, `order[1]`, …, each as `JSON.stringify` writes it. */
  static of(ids: readonly string[], order: Int32Array): QuotedIds {
    const offset = new Int32Array(order.length + 1);
    let bytes = Buffer.allocUnsafe(16 * order.length + 64);
    let at = 0;
    for (let k = 0; k < order.length; k++) {
      const id = ids[order[k]];
      offset[k] = at;
      if (at + 6 * id.length + 2 > bytes.length) {
        const larger = Buffer.allocUnsafe(2 * bytes.length + 6 * id.length + 2);
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
      } else at += bytes.write(JSON.stringify(id), at);
    }
    offset[order.length] = at;
    return new QuotedIds(bytes.subarray(0, at), offset);
  }

  /** Writes the k-th id. */
  write(out: ByteWriter, k: number): void {
    out.bytes(this.bytes, this.offset[k], this.offset[k + 1]);
  }
}

const FIRST_ELEMENT = bytesOf('\n    ');
const NEXT_ELEMENT = bytesOf(',\n    ');

/**
 * One field of a document whose lists hold one element a line, as `jsonChunks` writes them;
 * yields each chunk as it fills.
 *
 * @example
 * yield* listField(out, true, 'bridges', bridges.length, (k) => sections.write(out, k));
 */
export function* listField(out: ByteWriter, first: boolean, key: string, count: number, write: (k: number) => void): Generator<Uint8Array> {
  out.ascii(`${first ? '' : ','}\n  ${JSON.stringify(key)}: [`);
  for (let k = 0; k < count; k++) {
    out.constant(k ? NEXT_ELEMENT : FIRST_ELEMENT);
    write(k);
    if (out.full) yield out.take();
  }
  out.ascii(count ? '\n  ]' : ']');
}
