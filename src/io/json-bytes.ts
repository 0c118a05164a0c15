/**
 * JSON read straight from its UTF-8 bytes, to the very value `JSON.parse` gives, for the
 * documents of a national network: two million flat objects whose keys repeat and whose
 * string values are mostly ids met again and again (a section's ends, its owner, a site's
 * kind). There, `JSON.parse` of the decoded text took 4.3 s of a 1e6-section document
 * (2.3 s here): objects whose shape it rediscovers key by key, a new string for every value.
 *
 * Here each object is built by a constructor compiled once per sequence of keys (an object
 * literal, the shape V8 gives it at once), keys are matched against those of the object
 * before, a value that a field repeats (a kind, an owner, a status) is made once while it
 * keeps coming, and short strings are cut from one Latin-1 view of the bytes. Numbers of at most 15 digits and 22 decimals are the quotient of two exact integers, which
 * IEEE division rounds as `JSON.parse` does; any other goes through `Number`.
 *
 * Whatever this reader does not take (a syntax error, a duplicate or `__proto__` key, nesting
 * deeper than it recurses) makes it answer `undefined`: the caller then parses the text with
 * `JSON.parse`, whose error message is the one users see.
 *
 * @example
 * jsonFromBytes(Buffer.from('{"a":[1,"x"]}')); // { a: [1, 'x'] }
 * jsonFromBytes(Buffer.from('{"a":01}')); // undefined: JSON.parse says why
 */
export function jsonFromBytes(bytes: Uint8Array): unknown {
  try {
    const read = bytesReader(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length));
    return read();
  } catch (error) {
    if (error === NOT_TAKEN || error instanceof RangeError) return undefined;
    throw error;
  }
}

const NOT_TAKEN = Symbol('not taken');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
/** Slots of the cache of recent strings: small enough to stay in the processor's cache. */
const RECENT = 1 << 12;
const MAX_DIGITS = 15;
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** A node of the tree of key sequences: the keys so far and the constructor of an object of exactly these. */
interface Shape {
  keys: string[];
  next: Map<string, Shape>;
  build?: (values: unknown[], base: number) => object;
  /** The bytes of the last key, when plain ASCII: most objects of a list repeat the keys of the one before. */
  keyBytes?: Uint8Array;
  /** The child last taken from here. */
  hint?: Shape;
}

/** The reader of one document: closures over its position, the fastest state V8 gives a byte loop. */
function bytesReader(bytes: Uint8Array): () => unknown {
  const length = bytes.length;
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  const root: Shape = { keys: [], next: new Map() };
  /** Values of the objects being read, innermost last, up to `top`. */
  const stack: unknown[] = [];
  let top = 0;
  /** A direct-mapped cache of the strings last made: kinds, owners and statuses are made once. */
  const recent: string[] = new Array(RECENT).fill('');
  let at = 0;

  /** The next byte that is not white space, skipped to. Documents written compactly have none: one test. */
  const space = () => {
    let c = bytes[at];
    if (c > 0x20) return c;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = bytes[++at];
    return c;
  };

  const value = (): unknown => {
    const c = space();
    if (c === QUOTE) return string();
    if (c === 0x7b) return object();
    if (c === 0x5b) return array();
    if (c === 0x74) return literal('true', true);
    if (c === 0x66) return literal('false', false);
    if (c === 0x6e) return literal('null', null);
    return number();
  };

  const object = (): object => {
    at++;
    let shape = root;
    const base = top;
    if (space() === 0x7d) at++;
    else {
      for (;;) {
        if (space() !== QUOTE) throw NOT_TAKEN;
        shape = keyAfter(shape);
        if (space() !== 0x3a) throw NOT_TAKEN;
        at++;
        const member = value();
        stack[top++] = member;
        const c = space();
        at++;
        if (c === 0x7d) break;
        if (c !== 0x2c) throw NOT_TAKEN;
      }
    }
    shape.build ??= constructorOf(shape.keys);
    const made = shape.build(stack, base);
    top = base;
    return made;
  };

  /** The shape once the key at the position is read: the hinted one when its bytes are there. */
  const keyAfter = (shape: Shape): Shape => {
    const hint = shape.hint;
    const expected = hint?.keyBytes;
    if (expected) {
      const from = at + 1;
      let k = 0;
      while (k < expected.length && bytes[from + k] === expected[k]) k++;
      if (k === expected.length && bytes[from + k] === QUOTE) {
        at = from + k + 1;
        return hint as Shape;
      }
    }
    const key = string();
    let next = shape.next.get(key);
    if (!next) {
      if (key === '__proto__' || shape.keys.includes(key)) throw NOT_TAKEN;
      const plain = /^[\x20-\x7e]*$/.test(key) && !/["\\]/.test(key);
      next = { keys: [...shape.keys, key], next: new Map(), ...(plain && { keyBytes: Uint8Array.from(key, (c) => c.charCodeAt(0)) }) };
      shape.next.set(key, next);
    }
    shape.hint = next;
    return next;
  };

  const array = (): unknown[] => {
    const items: unknown[] = [];
    at++;
    if (space() === 0x5d) {
      at++;
      return items;
    }
    for (;;) {
      items.push(value());
      const c = space();
      at++;
      if (c === 0x5d) return items;
      if (c !== 0x2c) throw NOT_TAKEN;
    }
  };

  const literal = (word: string, made: boolean | null): boolean | null => {
    for (let i = 0; i < word.length; i++) if (bytes[at + i] !== word.charCodeAt(i)) throw NOT_TAKEN;
    at += word.length;
    return made;
  };

  /** A string at its opening quote: shared by bytes when it holds neither escape nor non-ASCII byte. */
  const string = (): string => {
    const start = ++at;
    let i = start;
    let c = bytes[i];
    while (c !== QUOTE) {
      // Past the end, `c` is undefined and fails the first test.
      if (!(c >= 0x20 && c < 0x80) || c === BACKSLASH) return unusualString(start);
      c = bytes[++i];
    }
    at = i + 1;
    return sharedString(start, i);
  };

  /** A string with escapes or UTF-8 sequences, made as `JSON.parse` makes it, never shared. */
  const unusualString = (start: number): string => {
    let i = start;
    let escaped = false;
    for (let c = bytes[i]; c !== QUOTE; c = bytes[++i]) {
      if (c < 0x20 || i >= length) throw NOT_TAKEN;
      if (c === BACKSLASH) {
        escaped = true;
        i++;
      }
    }
    at = i + 1;
    const text = decoder.decode(bytes.subarray(start, i));
    if (!escaped) return text;
    try {
      return JSON.parse(`"${text}"`);
    } catch {
      throw NOT_TAKEN;
    }
  };

  /**
   * The string of plain ASCII bytes [from, to): the one made last for a slot of the cache when
   * it holds these bytes. The slot is chosen by the length and the first and last bytes, which
   * tell apart the few values a field repeats; a miss only makes a new string.
   */
  const sharedString = (from: number, to: number): string => {
    const size = to - from;
    const slot = size === 0 ? 0 : Math.imul(size ^ (bytes[from] << 8) ^ (bytes[to - 1] << 16) ^ (bytes[Math.max(to - 2, from)] << 24), 0x9e3779b1) >>> 20;
    const known = recent[slot];
    if (known.length === size) {
      let same = true;
      for (let k = 0; k < size && same; k++) same = known.charCodeAt(k) === bytes[from + k];
      if (same) return known;
    }
    const text = latin1(from, to);
    recent[slot] = text;
    return text;
  };

  // Short strings are cut from one Latin-1 view of the whole document: V8 copies a substring of
  // fewer than 13 characters in generated code, where a decoder's call costs three times as much.
  // A longer substring would keep the whole view alive: those are decoded.
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1', 0, length);
  const latin1 = (from: number, to: number): string => (to - from < 13 ? view.substring(from, to) : decoder.decode(bytes.subarray(from, to)));

  /** A number as the JSON grammar writes it: `-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`. */
  const number = (): number => {
    const start = at;
    let i = start;
    const negative = bytes[i] === 0x2d;
    if (negative) i++;
    let c = bytes[i];
    if (!(c >= 0x30 && c <= 0x39)) throw NOT_TAKEN;
    let mantissa = 0;
    let digits = 0;
    if (c === 0x30) c = bytes[++i];
    else {
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        digits++;
        c = bytes[++i];
      }
    }
    let decimals = 0;
    if (c === 0x2e) {
      c = bytes[++i];
      if (!(c >= 0x30 && c <= 0x39)) throw NOT_TAKEN;
      while (c >= 0x30 && c <= 0x39) {
        mantissa = mantissa * 10 + (c - 0x30);
        if (mantissa > 0) digits++;
        decimals++;
        c = bytes[++i];
      }
    }
    let exact = digits <= MAX_DIGITS && decimals < EXACT_POWERS.length;
    if (c === 0x65 || c === 0x45) {
      exact = false;
      c = bytes[++i];
      if (c === 0x2b || c === 0x2d) c = bytes[++i];
      if (!(c >= 0x30 && c <= 0x39)) throw NOT_TAKEN;
      while (c >= 0x30 && c <= 0x39) c = bytes[++i];
    }
    at = i;
    if (!exact) return Number(latin1(start, i));
    const made = decimals ? mantissa / EXACT_POWERS[decimals] : mantissa;
    return negative ? -made : made;
  };

  return () => {
    const made = value();
    space();
    if (at !== length) throw NOT_TAKEN;
    return made;
  };
}

/**
 * An object literal of these keys in this order, filled from `values[base …]`: the object
 * `JSON.parse` makes of the same members, with its final shape from the start.
 */
function constructorOf(keys: readonly string[]): (values: unknown[], base: number) => object {
  const members = keys.map((key, k) => `${JSON.stringify(key)}: v[b + ${k}]`).join(', ');
  return new Function('v', 'b', `return { ${members} };`) as (values: unknown[], base: number) => object;
}
