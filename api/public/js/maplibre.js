// @ts-check
/**
 * MapLibre GL JS, loaded by the page as a classic script (`/vendor/maplibre/maplibre-gl.js`,
 * from the project's own node_modules) and typed from its package for the type check.
 */
export const maplibregl = /** @type {typeof import('maplibre-gl')} */ (/** @type {any} */ (globalThis).maplibregl);
