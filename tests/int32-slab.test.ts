import { describe, expect, it } from 'vitest';
import { Int32Slab } from '../src/routing/int32-slab.js';

describe('Int32Slab', () => {
  it('hands out zero-filled arrays that never overlap, within a block and across blocks', () => {
    const slab = new Int32Slab(8);
    const arrays = [slab.take(3), slab.take(5), slab.take(2), slab.take(20), slab.take(0), slab.take(4)];
    expect(arrays.map((a) => a.length)).toEqual([3, 5, 2, 20, 0, 4]);
    for (const a of arrays) expect(Array.from(a).every((x) => x === 0)).toBe(true);
    for (const [k, a] of arrays.entries()) a.fill(k + 1);
    for (const [k, a] of arrays.entries()) expect(Array.from(a)).toEqual(new Array(a.length).fill(k + 1));
    // The first two share a block; the third does not fit in what is left, the fourth is longer than a block.
    expect(arrays[0].buffer).toBe(arrays[1].buffer);
    expect(arrays[2].buffer).not.toBe(arrays[1].buffer);
    expect(arrays[3].buffer).not.toBe(arrays[2].buffer);
    expect(arrays[3].buffer.byteLength).toBe(20 * 4);
  });
});
