import { describe, expect, it } from 'vitest';
import { prng } from '../bench/prng.js';
import { idOrder } from '../src/analysis/id-order.js';

describe('idOrder (lists of indices sorted by id)', () => {
  const random = prng(5);
  // ids of every shape: numbered, accented, astral, sharing prefixes
  const ids = Array.from({ length: 5_000 }, (_, i) => [`S-${i}`, `s-${i * 7}`, `É-${i}`, `NRO-${i % 97}-${i}`, `𝔸${i}`][i % 5]);
  const order = idOrder(ids);

  // sizes for each way of sorting: none or one, a few (insertion), many (sorted), most of the ids (counted)
  for (const n of [0, 1, 2, 15, 16, 17, 150, 156, 157, 2_000, 5_000, 12_000]) {
    it(`sorts ${n} indices as the default sort orders their ids (duplicates kept)`, () => {
      const indices = Int32Array.from({ length: n }, () => Math.floor(random() * ids.length));
      const expected = Array.from(indices, (i) => ids[i]).sort();
      expect(order.sorted(indices)).toEqual(expected);
      expect(Array.from(order.sortedIndices(indices), (i) => ids[i])).toEqual(expected);
    });
  }
});

describe('idOrder.byRank (every id in order)', () => {
  const random = prng(9);
  const alphabet = ['a', 'b', 'S', '-', '0', '9', 'é', '𝔸', '\u0000', ''];
  const shapes: Array<[string, string[]]> = [
    ['numbered ids sharing a prefix', Array.from({ length: 20_000 }, (_, i) => `S-${(i * 7919) % 20_011}`)],
    // sorted by their bytes 8 at a time: equal over several rounds, some repeated, some prefixes of others
    ['long ids sharing long prefixes', Array.from({ length: 30_000 }, (_, i) => `NRO-AMIENS-NORD-${(i * 7919) % 9_973}${i % 3 ? '' : '-b'}`)],
    ['short random ids, with duplicates and prefixes of others', Array.from({ length: 5_000 }, () => Array.from({ length: Math.floor(random() * 5) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''))],
    ['one id', ['x']],
    ['none', []],
  ];
  for (const [name, ids] of shapes) {
    it(`is the order of a comparison sort by code units, equal ids by index: ${name}`, () => {
      const expected = Array.from(ids.keys()).sort((i, j) => (ids[i] < ids[j] ? -1 : ids[i] > ids[j] ? 1 : i - j));
      expect(Array.from(idOrder(ids).byRank)).toEqual(expected);
    });
  }
});
