import { bboxClip } from '@turf/bbox-clip';
import { mercatorX, mercatorY } from './geometry.js';

/**
 * The tile geojson-vt is asked for: a target tile z/x/y is drawn as tile 2/1/1, so that
 * geojson-vt cuts it in two steps from the whole world instead of z (each step re-cuts every
 * feature), and away from the antimeridian, which geojson-vt wraps.
 */
export const LOCAL_TILE = { z: 2, x: 1, y: 1 } as const;

const inverseX = (X: number) => (X - 0.5) * 360;
const inverseY = (Y: number) => (360 / Math.PI) * Math.atan(Math.exp(Math.PI * (1 - 2 * Y))) - 90;

/**
 * A line (CRS84 positions) as it is inside tile z/x/y and its buffer (`margin`, in tiles), moved
 * to LOCAL_TILE: the pieces within the buffered tile (turf's bboxClip), with longitudes and
 * latitudes such that their Web Mercator position in LOCAL_TILE is their position in z/x/y.
 */
export function tileLocalLines(line: number[][], z: number, x: number, y: number, margin: number): number[][][] {
  const n = 2 ** z;
  const local = line.map(([lon, lat]) => [mercatorX(lon) * n - x, mercatorY(lat) * n - y]);
  const clipped = bboxClip({ type: 'LineString', coordinates: local }, [-margin, -margin, 1 + margin, 1 + margin]).geometry;
  const pieces = clipped.type === 'LineString' ? [clipped.coordinates as number[][]] : (clipped.coordinates as number[][][]);
  const scale = 2 ** LOCAL_TILE.z;
  return pieces
    .filter((piece) => piece.length >= 2)
    .map((piece) => piece.map(([u, v]) => [inverseX((LOCAL_TILE.x + u) / scale), inverseY((LOCAL_TILE.y + v) / scale)]));
}
