// @ts-check
/** Coordinates as the map shows them under the pointer. */

/**
 * `50.1054` → `50°06′N`; `1.8333` → `1°50′E`; west is `W`, or `O` (ouest) with `{ west: 'O' }`.
 * @param {number} value
 * @param {'lat' | 'lon'} axis
 * @param {{ west?: string }} [options]
 * @example dms(-0.5, 'lon', { west: 'O' }); // '0°30′O'
 */
export function dms(value, axis, { west = 'W' } = {}) {
  const hemi = axis === 'lat' ? (value >= 0 ? 'N' : 'S') : value >= 0 ? 'E' : west;
  const abs = Math.abs(value);
  let deg = Math.floor(abs);
  let min = Math.round((abs - deg) * 60);
  if (min === 60) {
    deg += 1;
    min = 0;
  }
  return `${deg}°${String(min).padStart(2, '0')}′${hemi}`;
}
