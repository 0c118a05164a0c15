// @ts-check
/** Plane geometry for the background: the outline of the area the sites cover, and a graticule. */

/** @typedef {[number, number]} Point2 An [x, y] (or [lon, lat]) pair. */

/**
 * Convex hull of [x, y] points (Andrew's monotone chain), counter-clockwise, without repeating the first point.
 * @param {readonly Point2[]} points
 * @returns {Point2[]}
 */
export function convexHull(points) {
  const pts = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  if (pts.length < 3) return pts;
  /** @type {(o: Point2, a: Point2, b: Point2) => number} */
  const cross = (o, a, b) => (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  /** @param {Point2[]} list */
  const half = (list) => {
    /** @type {Point2[]} */
    const out = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2], out[out.length - 1], p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(pts), ...half([...pts].reverse())];
}

/**
 * The hull pushed outwards by `marginM` metres: each vertex moves away from the centroid, so the
 * outermost sites sit inside the outline rather than on it. Coordinates are [lon, lat].
 * @param {readonly Point2[]} lonLats
 * @param {number} marginM
 * @returns {Point2[]}
 */
export function paddedHull(lonLats, marginM) {
  const hull = convexHull(lonLats);
  if (hull.length < 3) return hull;
  const cx = hull.reduce((s, p) => s + p[0], 0) / hull.length;
  const cy = hull.reduce((s, p) => s + p[1], 0) / hull.length;
  const mPerLat = 111_320;
  const mPerLon = 111_320 * Math.cos((cy * Math.PI) / 180);
  return hull.map(([x, y]) => {
    const dx = (x - cx) * mPerLon;
    const dy = (y - cy) * mPerLat;
    const d = Math.hypot(dx, dy) || 1;
    return [x + ((dx / d) * marginM) / mPerLon, y + ((dy / d) * marginM) / mPerLat];
  });
}

/**
 * A round step in degrees giving a few graticule lines over `span` degrees.
 * @param {number} span
 */
export function graticuleStep(span) {
  const steps = [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 5, 10];
  return steps.find((s) => span / s <= 8) ?? 10;
}

/**
 * A graticule line: its [lat, lng] ends, and the longitude (meridian) or latitude (parallel) it marks.
 * @typedef {{ kind: 'meridian' | 'parallel', value: number, coords: [Point2, Point2] }} GraticuleLine
 */

/**
 * Graticule meridians and parallels covering a [west, south, east, north] box.
 * @param {[number, number, number, number]} box
 * @returns {{ step: number, lines: GraticuleLine[] }}
 */
export function graticule([west, south, east, north]) {
  const step = graticuleStep(Math.max(east - west, north - south));
  /** @type {GraticuleLine[]} */
  const lines = [];
  /** @param {number} x */
  const round = (x) => Math.round(x / step) * step;
  for (let lon = Math.ceil(west / step) * step; lon <= east + 1e-9; lon += step) lines.push({ kind: 'meridian', value: round(lon), coords: [[south, lon], [north, lon]] });
  for (let lat = Math.ceil(south / step) * step; lat <= north + 1e-9; lat += step) lines.push({ kind: 'parallel', value: round(lat), coords: [[lat, west], [lat, east]] });
  return { step, lines };
}

/**
 * `50.1054` → `50°06′N`; `1.8333` → `1°50′E`.
 * @param {number} value
 * @param {'lat' | 'lon'} axis
 */
export function dms(value, axis) {
  const hemi = axis === 'lat' ? (value >= 0 ? 'N' : 'S') : value >= 0 ? 'E' : 'W';
  const abs = Math.abs(value);
  let deg = Math.floor(abs);
  let min = Math.round((abs - deg) * 60);
  if (min === 60) {
    deg += 1;
    min = 0;
  }
  return `${deg}°${String(min).padStart(2, '0')}′${hemi}`;
}

/**
 * Area of a [lon, lat] ring in km² (equirectangular at its mean latitude: fine for a département).
 * @param {readonly Point2[]} ring
 */
export function areaKm2(ring) {
  if (ring.length < 3) return 0;
  const lat0 = (ring.reduce((s, p) => s + p[1], 0) / ring.length) * (Math.PI / 180);
  const kx = 111.32 * Math.cos(lat0);
  const ky = 111.32;
  let twice = 0;
  for (let i = 0; i < ring.length; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % ring.length];
    twice += x1 * kx * (y2 * ky) - x2 * kx * (y1 * ky);
  }
  return Math.abs(twice) / 2;
}
