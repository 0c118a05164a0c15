import proj4 from 'proj4';

/** RGF93 / Lambert-93 (EPSG:2154), as published by IGN. */
const LAMBERT_93 =
  '+proj=lcc +lat_0=46.5 +lon_0=3 +lat_1=49 +lat_2=44 +x_0=700000 +y_0=6600000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';
const toWgs84 = proj4(LAMBERT_93, 'WGS84');

/**
 * Reprojects a Lambert-93 position (metres) to CRS84 longitude/latitude, rounded to 1e-9°
 * (a tenth of a millimetre).
 *
 * @example
 * lambert93ToWgs84([649828, 6977487]); // ≈ [2.3023, 49.8941], Amiens
 */
export function lambert93ToWgs84(position: readonly number[]): number[] {
  const [lon, lat] = toWgs84.forward([position[0], position[1]]);
  return [round9(lon), round9(lat)];
}

/** The inverse of `lambert93ToWgs84`, in metres rounded to the millimetre. */
export function wgs84ToLambert93(position: readonly number[]): number[] {
  const [x, y] = toWgs84.inverse([position[0], position[1]]);
  return [Math.round(x * 1000) / 1000, Math.round(y * 1000) / 1000];
}

const round9 = (value: number) => Math.round(value * 1e9) / 1e9;
