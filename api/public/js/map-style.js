// @ts-check
/** @import { NetworkOptions } from './types.js' */

/**
 * The MapLibre style of the map, as pure functions of what is shown: the vector tiles of the
 * topology (docs/tiles.md: layers `sections`, `sites`, `density`), an optional raster basemap,
 * and the overlays the panels draw. Overlays on the network (a cut, an NRO's critical sections,
 * a plan) are feature states of the tiles' features, keyed by their `id`: the map never needs the
 * geometry of a section to highlight it.
 */
import { networkQuery } from './api.js';
import { CRITICAL_COLORS, CUT_COLORS, LINK_COLOR, LOAD_STATE, NRO_STATUS, ownerColors } from './style.js';

/** @typedef {'saturation' | 'owner' | 'critical'} ColorMode */
/** @typedef {{ url: string, attribution: string }} Basemap */

/** The layers the legend can switch, and the style layers each one is drawn with. */
export const LAYER_GROUPS = {
  basemap: ['basemap'],
  density: ['density'],
  sections: ['sections', 'sections-planned'],
  links: ['links'],
  junction: ['site-junction'],
  nro: ['site-nro'],
  pop: ['site-pop'],
  headend: ['site-headend'],
  labels: [],
};
/** @typedef {keyof typeof LAYER_GROUPS} LayerKey */

/**
 * The layers that draw what a panel highlights, from feature states, by what they highlight.
 * They are shown only while something is highlighted: every one spans every feature of the
 * tiles, and even drawn at width 0 it costs a renderer without a GPU a third of a frame at 1e5.
 */
export const HIGHLIGHT_LAYERS = {
  plan: ['plan-sections'],
  focus: ['focus-sections'],
  cut: ['cut-sections-halo', 'cut-sections'],
  rings: ['site-rings'],
};
/** @typedef {keyof typeof HIGHLIGHT_LAYERS} HighlightKey */

/** The style layers a click or a hover can pick, sites first. */
export const PICKABLE = ['site-headend', 'site-pop', 'site-nro', 'site-junction', 'sections', 'sections-planned', 'links'];

/** The vector source's id. */
export const NETWORK = 'network';

/**
 * `/v1/topologies/somme/tiles.json?includePlanned=true`: the TileJSON of a topology under some network options.
 * @param {string} base
 * @param {string} topologyId
 * @param {NetworkOptions} network
 */
export function tilesJsonUrl(base, topologyId, network) {
  return `${base}/v1/topologies/${encodeURIComponent(topologyId)}/tiles.json${networkQuery(network)}`;
}

/** The first of some feature states that is set, else ''. @param {string | string[]} keys */
const firstState = (keys) => ['coalesce', ...[keys].flat().map((k) => ['feature-state', k]), ''];

/** A colour for a feature state, else transparent. @param {string | string[]} keys @param {Record<string, string>} colors */
function stateColor(keys, colors) {
  return ['match', firstState(keys), ...Object.entries(colors).flat(), 'rgba(0,0,0,0)'];
}

/** A number for a feature state, else `other`. @param {string | string[]} keys @param {Record<string, number>} values @param {number} other */
function stateNumber(keys, values, other) {
  return ['match', firstState(keys), ...Object.entries(values).flat(), other];
}

/** The feature states of the sites' rings, by overlay, the first set winning. */
export const RING_STATES = ['cutRing', 'routeRing', 'focusRing'];

/**
 * The colour of a section line for a colouring: its saturation state, its owner, or whether it is critical.
 * @param {ColorMode} mode
 * @param {readonly string[]} owners the sorted owners of the topology
 * @returns {any} a MapLibre expression
 */
export function sectionColor(mode, owners) {
  if (mode === 'owner') {
    const colors = ownerColors(owners);
    return colors.size ? ['match', ['get', 'owner'], ...[...colors].flat(), '#495057'] : '#495057';
  }
  if (mode === 'critical') return ['case', ['to-boolean', ['get', 'critical']], CRITICAL_COLORS.critical, CRITICAL_COLORS.other];
  return ['match', ['get', 'state'], 'saturated', LOAD_STATE.saturated.color, 'near', LOAD_STATE.near.color, 'ok', LOAD_STATE.ok.color, LOAD_STATE.unknown.color];
}

/** Wider lines as one zooms in; critical sections twice as wide. */
const SECTION_WIDTH = ['interpolate', ['linear'], ['zoom'], 5, ['case', ['to-boolean', ['get', 'critical']], 1.5, 0.6], 12, ['case', ['to-boolean', ['get', 'critical']], 5, 3]];

/**
 * The whole style of the map.
 * @param {object} options
 * @param {string} options.tilesUrl the TileJSON URL of the topology
 * @param {Basemap | null} options.basemap
 * @param {ColorMode} options.mode
 * @param {readonly string[]} options.owners
 * @param {number} options.maxSubscribers
 * @param {Set<string>} options.visible the legend's layers switched on
 * @param {Set<HighlightKey>} [options.highlighted] what the panels highlight now (nothing by default)
 * @returns {any} a MapLibre StyleSpecification
 */
export function mapStyle({ tilesUrl, basemap, mode, owners, maxSubscribers, visible, highlighted = new Set() }) {
  const max = Math.max(1, maxSubscribers);
  const source = { source: NETWORK };
  /** @param {string} key */
  const shown = (key) => ({ visibility: visible.has(key) ? 'visible' : 'none' });
  /** @param {HighlightKey} key */
  const lit = (key) => ({ visibility: highlighted.has(key) ? 'visible' : 'none' });
  const existing = ['!=', ['get', 'status'], 'planned'];
  const notCandidate = ['!', ['to-boolean', ['get', 'candidate']]];
  /** @type {any[]} */
  const layers = [
    { id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } },
    ...(basemap ? [{ id: 'basemap', type: 'raster', source: 'basemap', layout: shown('basemap'), paint: { 'raster-opacity': 0.75, 'raster-saturation': -0.6 } }] : []),
    {
      id: 'density', type: 'circle', ...source, 'source-layer': 'density', layout: shown('density'),
      paint: {
        'circle-color': '#4a6fa5', 'circle-opacity': 0.25,
        'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'sections']], 1, 2, 30, 14],
      },
    },
    {
      id: 'sections', type: 'line', ...source, 'source-layer': 'sections', filter: ['all', existing, notCandidate],
      layout: { ...shown('sections'), 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': sectionColor(mode, owners), 'line-width': SECTION_WIDTH, 'line-opacity': 0.9 },
    },
    {
      id: 'sections-planned', type: 'line', ...source, 'source-layer': 'sections', filter: ['all', ['!', existing], notCandidate],
      layout: shown('sections'),
      paint: { 'line-color': sectionColor(mode, owners), 'line-width': SECTION_WIDTH, 'line-dasharray': [3, 2], 'line-opacity': 0.9 },
    },
    {
      id: 'links', type: 'line', ...source, 'source-layer': 'sections', filter: ['to-boolean', ['get', 'candidate']],
      layout: { ...shown('links'), 'line-cap': 'round' },
      paint: { 'line-color': LINK_COLOR, 'line-width': 3, 'line-dasharray': [0.5, 2.5] },
    },
    // What the panels draw over the network, from feature states.
    {
      id: 'plan-sections', type: 'line', ...source, 'source-layer': 'sections', layout: lit('plan'),
      paint: { 'line-color': stateColor('plan', { work: 'rgba(112,72,232,0.35)', link: LINK_COLOR }), 'line-width': stateNumber('plan', { work: 11, link: 5 }, 0) },
    },
    {
      id: 'focus-sections', type: 'line', ...source, 'source-layer': 'sections', layout: lit('focus'),
      paint: { 'line-color': stateColor('focus', { critical: 'rgba(214,51,108,0.5)', work: 'rgba(214,51,108,0.5)' }), 'line-width': stateNumber('focus', { critical: 10, work: 10 }, 0) },
    },
    {
      id: 'cut-sections-halo', type: 'line', ...source, 'source-layer': 'sections', layout: lit('cut'),
      paint: {
        'line-color': stateColor('cut', { failed: CUT_COLORS.failed, saturating: 'rgba(224,49,49,0.35)', rerouted: 'rgba(16,152,173,0.4)' }),
        'line-width': stateNumber('cut', { failed: 8, saturating: 14, rerouted: 9 }, 0),
      },
    },
    {
      id: 'cut-sections', type: 'line', ...source, 'source-layer': 'sections', layout: lit('cut'),
      paint: { 'line-color': stateColor('cut', { failed: '#ffffff', saturating: CUT_COLORS.saturating }), 'line-width': stateNumber('cut', { failed: 2, saturating: 5 }, 0) },
    },
    { id: 'overlay-fill', type: 'fill', source: 'overlay', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#212529', 'fill-opacity': 0.08 } },
    {
      id: 'overlay-halo', type: 'line', source: 'overlay', filter: ['==', ['get', 'halo'], true],
      paint: { 'line-color': '#ffffff', 'line-width': 11, 'line-opacity': 0.9 },
    },
    {
      id: 'overlay-line', type: 'line', source: 'overlay', filter: ['all', ['!=', ['geometry-type'], 'Point'], ['!=', ['get', 'dashed'], true]],
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: { 'line-color': ['coalesce', ['get', 'color'], '#212529'], 'line-width': ['coalesce', ['get', 'width'], 2] },
    },
    {
      id: 'overlay-dashed', type: 'line', source: 'overlay', filter: ['==', ['get', 'dashed'], true],
      paint: { 'line-color': ['coalesce', ['get', 'color'], '#212529'], 'line-width': ['coalesce', ['get', 'width'], 2], 'line-dasharray': [2, 2] },
    },
    {
      id: 'site-junction', type: 'circle', ...source, 'source-layer': 'sites', filter: ['==', ['get', 'kind'], 'junction'], minzoom: 8,
      layout: shown('junction'),
      paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1.5, 13, 3.5], 'circle-color': '#ffffff', 'circle-stroke-color': '#495057', 'circle-stroke-width': 1 },
    },
    {
      id: 'site-nro', type: 'circle', ...source, 'source-layer': 'sites', filter: ['==', ['get', 'kind'], 'nro'], layout: shown('nro'),
      paint: {
        // Its area grows with its subscribers; small when zoomed out, where NROs crowd.
        'circle-radius': ['interpolate', ['linear'], ['zoom'],
          6, ['+', 1.5, ['*', 2.5, ['sqrt', ['/', ['min', ['coalesce', ['get', 'subscribers'], 0], max], max]]]],
          10, ['+', 4, ['*', 10, ['sqrt', ['/', ['min', ['coalesce', ['get', 'subscribers'], 0], max], max]]]]],
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 6, 0.5, 10, 1.2],
        'circle-color': ['match', ['coalesce', ['get', 'status'], ''], 'secured', NRO_STATUS.secured.color, 'single-homed', NRO_STATUS['single-homed'].color, 'isolated', NRO_STATUS.isolated.color, NRO_STATUS['not analysed'].color],
        'circle-opacity': 0.9, 'circle-stroke-color': '#1f2328',
      },
    },
    {
      id: 'site-pop', type: 'circle', ...source, 'source-layer': 'sites', filter: ['==', ['get', 'kind'], 'pop'], layout: shown('pop'),
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 6, 2.5, 10, 6], 'circle-color': '#ffffff', 'circle-stroke-color': '#1f2328',
        'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 6, 1.2, 10, 2.5],
      },
    },
    {
      id: 'site-headend', type: 'circle', ...source, 'source-layer': 'sites', filter: ['==', ['get', 'kind'], 'headend'], layout: shown('headend'),
      paint: { 'circle-radius': 8, 'circle-color': '#1f2328', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 },
    },
    {
      id: 'site-rings', type: 'circle', ...source, 'source-layer': 'sites', layout: lit('rings'),
      paint: {
        // 0 without a ring: a transparent circle still costs its whole square of pixels.
        'circle-radius': stateNumber(RING_STATES, { isolated: 13, failed: 13, focus: 13, critical: 13, secured: 13, route: 13 }, 0), 'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': stateColor(RING_STATES, { isolated: CUT_COLORS.isolated, failed: CUT_COLORS.failed, focus: '#1f2328', critical: CUT_COLORS.critical, secured: '#2b8a3e', route: '#0b7285' }),
        'circle-stroke-width': stateNumber(RING_STATES, { isolated: 3, failed: 4, focus: 3, critical: 3, secured: 3, route: 3 }, 0),
      },
    },
    {
      id: 'overlay-points', type: 'circle', source: 'overlay', filter: ['==', ['geometry-type'], 'Point'],
      paint: { 'circle-radius': ['coalesce', ['get', 'radius'], 4], 'circle-color': ['coalesce', ['get', 'fill'], '#ffffff'], 'circle-stroke-color': ['coalesce', ['get', 'color'], '#212529'], 'circle-stroke-width': 2 },
    },
  ];
  /** @type {Record<string, any>} */
  const sources = {
    [NETWORK]: { type: 'vector', url: tilesUrl, promoteId: 'id' },
    overlay: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
  };
  if (basemap) sources.basemap = { type: 'raster', tiles: [basemap.url], tileSize: 256, attribution: basemap.attribution, maxzoom: 19 };
  return { version: 8, sources, layers };
}

/**
 * What a click picked among the rendered features under it: a site before a section, a section
 * before a candidate link, and of several the nearest to the click; null on the empty map.
 * @param {{ layer: { id: string }, properties: Record<string, any> }[]} features
 * @param {(feature: any) => number} [distance] pixels from the click (default: all equal)
 * @returns {{ kind: 'site' | 'section' | 'link', id: string } | null}
 */
export function pickOf(features, distance = () => 0) {
  /** @param {string} layer */
  const kindOf = (layer) => (layer.startsWith('site-') ? 'site' : layer === 'links' ? 'link' : 'section');
  const RANK = { site: 0, section: 1, link: 2 };
  let best = null;
  let rank = [Infinity, Infinity];
  for (const f of features) {
    if (!PICKABLE.includes(f.layer.id) || f.properties?.id === undefined) continue;
    const r = [RANK[kindOf(f.layer.id)], distance(f)];
    if (r[0] < rank[0] || (r[0] === rank[0] && r[1] < rank[1])) {
      rank = r;
      best = f;
    }
  }
  return best ? { kind: kindOf(best.layer.id), id: String(best.properties.id) } : null;
}

/**
 * The [[west, south], [east, north]] extent of some GeoJSON geometries, or null when there is none.
 * @param {{ type: string, coordinates: any }[]} geometries
 * @returns {[[number, number], [number, number]] | null}
 */
export function extentOf(geometries) {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  /** @param {any} c */
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1]);
      n = Math.max(n, c[1]);
    } else for (const x of c) visit(x);
  };
  for (const g of geometries) if (g?.coordinates) visit(g.coordinates);
  return w <= e ? [[w, s], [e, n]] : null;
}

/**
 * The features of a query of rendered features, one per id (a line crossing tiles comes in
 * pieces: the first piece stands for it), in order of kind then id.
 * @template {{ properties: Record<string, any>, layer: { id: string } }} F
 * @param {F[]} features
 * @returns {F[]}
 */
export function uniqueFeatures(features) {
  /** @type {Map<string, F>} */
  const byId = new Map();
  for (const f of features) {
    const key = `${f.layer.id.startsWith('site-') ? 'site' : 'section'}/${f.properties.id}`;
    if (!byId.has(key)) byId.set(key, f);
  }
  return [...byId.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, f]) => f);
}
