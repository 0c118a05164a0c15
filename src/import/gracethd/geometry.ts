import type { XY } from './tables.js';

export const distance = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Length of a polyline in metres (planar Lambert-93: within 0.1 % of the ground in France). */
export function lineLength(points: readonly XY[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distance(points[i - 1], points[i]);
  return total;
}

/** Finds the nearest located node to a position within a radius, on a grid of that radius. */
export class NodeGrid {
  private readonly cells = new Map<string, Array<[string, XY]>>();
  private readonly size: number;

  constructor(
    nodes: ReadonlyMap<string, XY>,
    readonly radius: number,
  ) {
    this.size = Math.max(radius, 1);
    for (const [code, xy] of nodes) {
      const key = this.key(Math.floor(xy[0] / this.size), Math.floor(xy[1] / this.size));
      const cell = this.cells.get(key);
      if (cell) cell.push([code, xy]);
      else this.cells.set(key, [[code, xy]]);
    }
  }

  /** The nearest node within the radius (ties broken by code), skipping `exclude`. */
  nearest(xy: XY, exclude?: string): { node: string; distanceM: number } | undefined {
    const cx = Math.floor(xy[0] / this.size);
    const cy = Math.floor(xy[1] / this.size);
    let best: { node: string; distanceM: number } | undefined;
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const [code, p] of this.cells.get(this.key(cx + dx, cy + dy)) ?? []) {
          if (code === exclude) continue;
          const d = distance(xy, p);
          if (d > this.radius) continue;
          if (!best || d < best.distanceM || (d === best.distanceM && code < best.node)) best = { node: code, distanceM: d };
        }
      }
    }
    return best;
  }

  private key(x: number, y: number) {
    return `${x},${y}`;
  }
}
