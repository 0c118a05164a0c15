import { lineLength } from '../../import/gracethd/geometry.js';
import type { XY } from '../../import/gracethd/tables.js';
import { wgs84ToLambert93 } from '../../io/lambert93.js';
import type { Section, Site } from '../../model/schema.js';

/** A site's position in Lambert-93 metres (EPSG:2154, to the millimetre). */
export const siteXY = (site: Pick<Site, 'lon' | 'lat'>): XY => wgs84ToLambert93([site.lon, site.lat]) as XY;

/** A section's line in Lambert-93: its geometry, else the straight line between its sites. */
export function sectionLine(section: Section, from: XY, to: XY): XY[] {
  return section.geometry ? section.geometry.map((p) => wgs84ToLambert93(p) as XY) : [from, to];
}

/** How `lineOfLength` changed a line. */
export type LineFit = 'kept' | 'lengthened' | 'shortened';

/** Lengths as the importer rounds the length of a geometry: to the centimetre. */
const cm = (metres: number) => Math.round(metres * 100);

/**
 * A line whose planar length is `lengthM` (to the centimetre, as the importer measures a v3
 * pathway, which has no length field): the line itself when it already is; else, when it is
 * shorter, its longest segment bent into a circular arc (16 chords) of the missing length; when
 * it is longer, the line cut at `lengthM` from its start (its far end then falls short of its
 * node). Pure.
 *
 * @example
 * lineOfLength([[0, 0], [100, 0]], 120).fit; // 'lengthened'
 */
export function lineOfLength(line: readonly XY[], lengthM: number): { points: XY[]; fit: LineFit } {
  const drawn = lineLength(line);
  if (cm(drawn) === cm(lengthM)) return { points: [...line], fit: 'kept' };
  if (lengthM < drawn) return { points: cutAt(line, lengthM), fit: 'shortened' };
  let longest = 0;
  let best = -1;
  for (let i = 1; i < line.length; i++) {
    const d = Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
    if (d > best) [best, longest] = [d, i];
  }
  // Both ends on one point: out and back along the x axis.
  if (best <= 0) return { points: [line[0], [line[0][0] + lengthM / 2, line[0][1]], line[line.length - 1]], fit: 'lengthened' };
  const arc = arcOfLength(line[longest - 1], line[longest], best + (lengthM - drawn));
  return { points: [...line.slice(0, longest - 1), ...arc, ...line.slice(longest + 1)], fit: 'lengthened' };
}

const CHORDS = 16;

/** The chords of a circular arc from `a` to `b` whose polyline length is `target` (> |ab|). */
function arcOfLength(a: XY, b: XY, target: number): XY[] {
  const c = Math.hypot(b[0] - a[0], b[1] - a[1]);
  const polyline = (theta: number) => (CHORDS * c * Math.sin(theta / (2 * CHORDS))) / Math.sin(theta / 2);
  let [lo, hi] = [1e-9, 2 * Math.PI - 1e-9];
  for (let k = 0; k < 200 && hi - lo > 1e-15; k++) {
    const mid = (lo + hi) / 2;
    if (polyline(mid) < target) lo = mid;
    else hi = mid;
  }
  const theta = (lo + hi) / 2;
  const r = c / (2 * Math.sin(theta / 2));
  const u: XY = [(b[0] - a[0]) / c, (b[1] - a[1]) / c];
  const n: XY = [-u[1], u[0]];
  const m: XY = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
  const centre: XY = [m[0] - n[0] * r * Math.cos(theta / 2), m[1] - n[1] * r * Math.cos(theta / 2)];
  const points: XY[] = [a];
  for (let k = 1; k < CHORDS; k++) {
    const phi = -theta / 2 + (theta * k) / CHORDS;
    points.push([centre[0] + r * (Math.sin(phi) * u[0] + Math.cos(phi) * n[0]), centre[1] + r * (Math.sin(phi) * u[1] + Math.cos(phi) * n[1])]);
  }
  points.push(b);
  return points;
}

/** The first `lengthM` metres of a line. */
function cutAt(line: readonly XY[], lengthM: number): XY[] {
  const points: XY[] = [line[0]];
  let left = lengthM;
  for (let i = 1; i < line.length; i++) {
    const [p, q] = [line[i - 1], line[i]];
    const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
    if (d >= left) {
      const t = d === 0 ? 0 : left / d;
      points.push([p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t]);
      return points;
    }
    points.push(q);
    left -= d;
  }
  return points;
}
