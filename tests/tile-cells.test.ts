import { describe, expect, it } from 'vitest';
import { type NetworkGeometry, TileGrid, tilesCrossed } from '../api/tiles/geometry.js';
import { prng } from '../bench/prng.js';

/** Whether the segment a–b meets the open square [x0, x0 + 1] × [y0, y0 + 1], by clipping its parameter on each axis. */
function meetsCell(ax: number, ay: number, bx: number, by: number, x0: number, y0: number): boolean {
  let [t0, t1] = [0, 1];
  for (const [p, q] of [[ax - bx, ax - x0], [bx - ax, x0 + 1 - ax], [ay - by, ay - y0], [by - ay, y0 + 1 - ay]]) {
    if (p === 0) {
      if (q <= 0) return false;
    } else if (p < 0) t0 = Math.max(t0, q / p);
    else t1 = Math.min(t1, q / p);
  }
  return t0 < t1;
}

describe('tilesCrossed (the cells a line crosses, walked exactly)', () => {
  it('counts every cell a polyline meets, and only those, against a test of every cell', () => {
    const random = prng(7);
    const wrong: string[] = [];
    let met = 0;
    const z = 6;
    const n = 2 ** z;
    for (let trial = 0; trial < 300; trial++) {
      // a polyline of 1 to 4 segments in Mercator units, some short, some across many cells, off the cell edges
      const points = 2 + Math.floor(random() * 4);
      const span = random() < 0.5 ? 0.02 : 0.5;
      const merc = new Float64Array(2 * points);
      merc[0] = 0.25 + random() * 0.5;
      merc[1] = 0.25 + random() * 0.5;
      for (let i = 1; i < points; i++) {
        merc[2 * i] = Math.min(0.999, Math.max(0.001, merc[2 * i - 2] + (random() - 0.5) * span));
        merc[2 * i + 1] = Math.min(0.999, Math.max(0.001, merc[2 * i - 1] + (random() - 0.5) * span));
      }
      const g = { offset: Int32Array.of(0, points), merc } as unknown as NetworkGeometry;
      const grid = new TileGrid(z, [0, 0, 0.999, 0.999]);
      const counts = new Int32Array(grid.size);
      tilesCrossed(g, 0, z, grid, counts);
      const expected = new Int32Array(grid.size);
      for (let i = 0; i + 1 < points; i++) {
        for (let y = 0; y < n; y++) {
          for (let x = 0; x < n; x++) {
            if (meetsCell(merc[2 * i] * n, merc[2 * i + 1] * n, merc[2 * i + 2] * n, merc[2 * i + 3] * n, x, y)) expected[grid.index(x, y)]++;
          }
        }
      }
      // each segment counts a cell once; a cell met by two segments in a row is counted once (the walk goes on from where it is)
      met += expected.filter((c) => c > 0).length;
      for (let t = 0; t < grid.size; t++) if (counts[t] > 0 !== expected[t] > 0) wrong.push(`trial ${trial}, cell ${t}: ${counts[t]} against ${expected[t]}`);
    }
    expect(wrong).toEqual([]);
    expect(met).toBeGreaterThan(2_000);
  });

  it('with a budget, says whether every cell crossed has room, without counting', () => {
    const merc = Float64Array.of(0.1, 0.1, 0.9, 0.1);
    const g = { offset: Int32Array.of(0, 2), merc } as unknown as NetworkGeometry;
    const grid = new TileGrid(2, [0, 0, 0.999, 0.999]);
    const counts = new Int32Array(grid.size);
    expect(tilesCrossed(g, 0, 2, grid, counts, 1)).toBe(true);
    expect([...counts]).toEqual(new Array(16).fill(0));
    counts[grid.index(2, 0)] = 1;
    expect(tilesCrossed(g, 0, 2, grid, counts, 1)).toBe(false);
    expect(tilesCrossed(g, 0, 2, grid, counts, 2)).toBe(true);
  });
});
