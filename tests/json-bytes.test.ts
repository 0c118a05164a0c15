import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TopologyError } from '../src/model/errors.js';
import { jsonFromBytes } from '../src/io/json-bytes.js';
import { parseJSON, parseJSONBytes } from '../src/io/read-topology.js';
import { fibreNetwork } from '../bench/generate.js';
import { prng } from '../bench/prng.js';

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The reference: what `JSON.parse` makes of the text, compared with its keys' order and prototypes. */
function expectSameAsJsonParse(text: string): void {
  const reference = JSON.parse(text);
  const read = parseJSONBytes(utf8(text), 'doc.json');
  expect(read).toStrictEqual(reference);
  expect(JSON.stringify(read)).toBe(JSON.stringify(reference));
  expect(sameNumbers(read, reference)).toBe(true);
}

/** Every number the same double, -0 included. */
function sameNumbers(a: unknown, b: unknown): boolean {
  if (typeof a === 'number') return Object.is(a, b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameNumbers(x, b[i]));
  if (a && typeof a === 'object') {
    const keys = Object.keys(a);
    return Object.getPrototypeOf(a) === Object.prototype && keys.every((k) => sameNumbers((a as never)[k], (b as never)[k]));
  }
  return a === b;
}

function randomJson(random: () => number): string {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const space = () => pick(['', '', '', ' ', '\n  ', '\t', '\r\n']);
  const strings = ['id', 'S-1', 'NRO-100001', 'Amiens – Nord', 'é', '\u2028', '💡', 'a"b', 'back\\slash', 'tab\there', '\u0000', 'a very long identifier of a site', '', '__proto', '0', '12', 'kind'];
  const string = () => (random() < 0.2 ? `"\\u00${pick(['41', 'e9', '2F'])}${pick(['', 'x'])}"` : JSON.stringify(pick(strings)));
  const numbers = () => pick([
    () => String(Math.floor(random() * 1e6)),
    () => (random() * 360 - 180).toFixed(Math.floor(random() * 8)),
    () => String(random() * 10 ** Math.floor(random() * 30 - 15)),
    () => pick(['-0', '0', '-0.0', '1e3', '1E-7', '2.5e+300', '123456789012345678', '0.1234567890123456789', '9007199254740993', '1.7976931348623157e308', '5e-324', '0.0000000000000000000000001']),
  ])();
  const value = (depth: number): string => {
    const r = random();
    if (depth > 4 || r < 0.3) return random() < 0.5 ? string() : numbers();
    if (r < 0.35) return pick(['true', 'false', 'null']);
    if (r < 0.6) return `[${space()}${Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1)).join(`${space()},${space()}`)}${space()}]`;
    const keys = [...new Set(Array.from({ length: Math.floor(random() * 5) }, () => string()))];
    return `{${space()}${keys.map((k) => `${k}${space()}:${space()}${value(depth + 1)}`).join(`,${space()}`)}${space()}}`;
  };
  return `${space()}${value(0)}${space()}`;
}

describe('jsonFromBytes: JSON.parse straight from the bytes', () => {
  it('gives the same value as JSON.parse on 3 000 random documents (escapes, UTF-8, numbers of every form, whitespace)', () => {
    const random = prng(14);
    let taken = 0;
    for (let k = 0; k < 3_000; k++) {
      const text = randomJson(random);
      // A random document may repeat a key written two ways ("\u0041" and "A"): JSON.parse is then the reference too.
      if (jsonFromBytes(utf8(text)) !== undefined) taken++;
      expectSameAsJsonParse(text);
    }
    expect(taken).toBeGreaterThan(2_500);
  });

  it('reads every number as JSON.parse rounds it', () => {
    const random = prng(7);
    const digitsOf = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');
    for (let k = 0; k < 20_000; k++) {
      const whole = String(Math.floor(random() * 10 ** Math.floor(random() * 10)));
      const fraction = digitsOf(Math.floor(random() * 25));
      const text = `[${random() < 0.5 ? '-' : ''}${whole}${fraction ? `.${fraction}` : ''}]`;
      const read = jsonFromBytes(utf8(text)) as number[];
      expect(Object.is(read[0], JSON.parse(text)[0]), text).toBe(true);
    }
  });

  it('reads the Somme network and a generated one as JSON.parse does, objects with the same keys in the same order', () => {
    const generated = JSON.stringify(fibreNetwork({ sections: 20_000, seed: 3 }));
    for (const text of [readFileSync('topology/somme.json', 'utf8'), generated]) {
      const read = jsonFromBytes(utf8(text));
      expect(read).toStrictEqual(JSON.parse(text));
      expect(JSON.stringify(read)).toBe(JSON.stringify(JSON.parse(text)));
    }
  });

  it('leaves to JSON.parse what it does not take, so that the error is the one JSON.parse gives', () => {
    for (const text of ['', ' ', '{', '[1,]', '{"a":1,}', '01', '1.', '.5', '-', '+1', '"\u0001"', '"abc', '{"a" 1}', '[1 2]', 'tru', 'nul', '\uFEFF{}', '{"a":1}x', '"\\x"', 'NaN', '[1e]']) {
      expect(jsonFromBytes(utf8(text))).toBeUndefined();
      let message = '';
      try {
        parseJSON(text, 'doc.json');
      } catch (error) {
        message = (error as TopologyError).problems[0].message;
      }
      expect(() => parseJSONBytes(utf8(text), 'doc.json')).toThrow(TopologyError);
      try {
        parseJSONBytes(utf8(text), 'doc.json');
      } catch (error) {
        expect((error as TopologyError).problems).toEqual([{ path: '$', code: 'invalid-json', message }]);
      }
    }
  });

  it('gives a duplicate key and __proto__ to JSON.parse: the last value wins, __proto__ is an own field', () => {
    for (const text of ['{"a":1,"b":2,"a":3}', '{"__proto__":{"x":1}}', '[{"a":1},{"a":1,"a":2}]']) {
      expect(jsonFromBytes(utf8(text))).toBeUndefined();
      expectSameAsJsonParse(text);
    }
    expect(Object.hasOwn(parseJSONBytes(utf8('{"__proto__":1}'), 'doc.json') as object, '__proto__')).toBe(true);
  });

  it('reads a UTF-8 string beginning with a byte order mark as JSON.parse does, mark kept', () => {
    expectSameAsJsonParse('["\uFEFFNRO", "\uFEFF"]');
    expectSameAsJsonParse(Buffer.from([0x5b, 0x22, 0xc3, 0x28, 0x22, 0x5d]).toString('utf8'));
    // An invalid UTF-8 sequence in a string: U+FFFD as the decoder of readFile(…, 'utf8') makes it.
    const bytes = Uint8Array.from([0x5b, 0x22, 0x61, 0xc3, 0x28, 0xff, 0x22, 0x5d]);
    expect(jsonFromBytes(bytes)).toEqual(JSON.parse(Buffer.from(bytes).toString('utf8')));
  });

  it('reads a nesting deeper than its recursion through JSON.parse', () => {
    // Deeper than the reader's recursion: JSON.parse reads it.
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    let depth = 0;
    for (let a = parseJSONBytes(utf8(deep), 'deep.json') as unknown[]; Array.isArray(a); a = a[0] as unknown[]) depth++;
    expect(depth).toBe(200_000);
  });
});
