// @ts-check
/** @import { Pick, TileJson } from './types.js' */
/** @import { Basemap, ColorMode, LayerKey } from './map-style.js' */

/**
 * The WebGL map (MapLibre GL JS) drawn from the topology's vector tiles: the network's layers
 * styled by kind, status, owner, saturation state, critical and candidate (map-style.js), an
 * optional raster basemap, and the overlays the panels draw. Overlays on the network are feature
 * states of the tiles' features (by id); drawn shapes (an area, a route, a link) are GeoJSON.
 */
import { dms } from './geo.js';
import { h, km, pct, localized } from './dom.js';
import { locale, onLanguage, t, tEnum } from './i18n.js';
import { maplibregl } from './maplibre.js';
import { extentOf, HIGHLIGHT_LAYERS, LAYER_GROUPS, mapStyle, NETWORK, PICKABLE, pickOf } from './map-style.js';

/** @typedef {'cut' | 'focus' | 'plan' | 'route'} Overlay */
/** The feature state of the sites' rings, by overlay. @type {Record<Overlay, string>} */
const RING = { cut: 'cutRing', focus: 'focusRing', plan: 'focusRing', route: 'routeRing' };

export const LAYERS = /** @type {LayerKey[]} */ (Object.keys(LAYER_GROUPS));

/** MapLibre's own words (its controls' titles, the canvas' label) and the messages they are taken from. */
const MAPLIBRE_WORDS = /** @type {const} */ ({
  'Map.Title': 'maplibre.map',
  'NavigationControl.ZoomIn': 'maplibre.zoomIn',
  'NavigationControl.ZoomOut': 'maplibre.zoomOut',
  'NavigationControl.ResetBearing': 'maplibre.resetBearing',
  'AttributionControl.ToggleAttribution': 'maplibre.toggleAttribution',
  'Marker.Title': 'maplibre.marker',
  'Popup.Close': 'maplibre.popupClose',
});

/** MapLibre's words in the map's language, as its `locale` option takes them. */
const maplibreLocale = () => Object.fromEntries(Object.entries(MAPLIBRE_WORDS).map(([id, key]) => [id, t(key)]));

export class MapView {
  /**
   * @param {HTMLElement} container
   * @param {{ basemap: Basemap | null }} options
   */
  constructor(container, { basemap }) {
    this.container = container;
    this.basemap = basemap;
    this.map = new maplibregl.Map({
      container,
      style: { version: 8, sources: {}, layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }] },
      center: [2.3, 46.6],
      zoom: 5,
      maxZoom: 18,
      boxZoom: false,
      dragRotate: false,
      pitchWithRotate: false,
      attributionControl: false,
      // Screenshots (tests, docs) read the canvas.
      canvasContextAttributes: { preserveDrawingBuffer: true },
      locale: maplibreLocale(),
    });
    this.map.touchZoomRotate.disableRotation();
    this.navigation = new maplibregl.NavigationControl({ showCompass: false });
    this.map.addControl(this.navigation, 'top-left');
    this.fitControl = new FitControl(() => this.fit());
    this.map.addControl(this.fitControl, 'top-left');
    this.map.addControl(new maplibregl.ScaleControl({ maxWidth: 160, unit: 'metric' }), 'bottom-left');
    this.attribution = this.attributionControl();
    this.map.addControl(this.attribution, 'bottom-right');
    this.coordinates = h('div', { className: 'fr-coordinates maplibregl-ctrl', 'aria-live': 'off' });
    /** The last position under the pointer, written again when the language switches. @type {{ lng: number, lat: number } | null} */
    this.pointer = null;
    localized(this.coordinates, () => this.coordinatesText());
    this.map.addControl({ onAdd: () => this.coordinates, onRemove: () => this.coordinates.remove() }, 'bottom-right');
    onLanguage(() => this.relabel());
    /** @type {Set<string>} */
    this.visible = new Set(LAYERS);
    /** @type {ColorMode} */
    this.colorMode = 'saturation';
    /** @type {{ pick: (pick: Pick) => void }} */
    this.handlers = { pick: () => {} };
    this.drawing = false;
    /** @type {TileJson | null} */
    this.tiles = null;
    /** @type {readonly string[]} */
    this.owners = [];
    this.maxSubscribers = 1;
    /** Feature states set, by overlay: `sections` or `sites` → id → state. @type {Record<Overlay, { sections: Map<string, string>, sites: Map<string, string> }>} */
    this.states = { cut: emptyStates(), focus: emptyStates(), plan: emptyStates(), route: emptyStates() };
    /** GeoJSON features drawn, by overlay. @type {Record<string, any[]>} */
    this.shapes = {};
    /** Labels of head-ends and POPs (HTML markers: no glyphs needed offline), by site id. @type {Map<string, import('maplibre-gl').Marker>} */
    this.labels = new Map();
    this.popup = new maplibregl.Popup({ closeButton: false, closeOnClick: false, maxWidth: '330px', className: 'fr-tooltip', offset: 10 });
    /** Whether the user moved the view since the topology was shown. */
    this.moved = false;
    this.map.on('movestart', (e) => {
      if (/** @type {any} */ (e).originalEvent) this.moved = true;
    });
    this.map.on('click', (e) => this.click(e));
    this.map.on('mousemove', (e) => this.hover(e));
    this.map.on('mouseout', () => this.popup.remove());
    this.map.on('idle', () => this.drawLabels());
    new ResizeObserver(() => this.map.resize()).observe(container);
    // For the browser tests and the benchmark: the map object itself.
    /** @type {any} */ (window).fibreMap = this;
  }

  /** The attribution: the basemap's, or the words saying there is none. */
  attributionControl() {
    return new maplibregl.AttributionControl({ compact: false, customAttribution: this.basemap ? this.basemap.attribution : t('map.attribution') });
  }

  /**
   * The map's own words in the new language: MapLibre's control titles and canvas label, the
   * attribution (a new control: MapLibre writes it once) and the zoom-to-network button; the
   * coordinates' line is `localized`, tooltips are made at each hover.
   */
  relabel() {
    Object.assign(/** @type {any} */ (this.map)._locale, maplibreLocale());
    this.map.getCanvas().setAttribute('aria-label', t('maplibre.map'));
    const container = this.map.getContainer();
    /** @type {[string, import('./messages.js').MessageKey][]} */
    const buttons = [['.maplibregl-ctrl-zoom-in', 'maplibre.zoomIn'], ['.maplibregl-ctrl-zoom-out', 'maplibre.zoomOut']];
    for (const [selector, key] of buttons) {
      const button = container.querySelector(selector);
      button?.setAttribute('title', t(key));
      button?.setAttribute('aria-label', t(key));
    }
    this.fitControl.relabel();
    // MapLibre puts a new bottom control first (nearest the corner's top): the coordinates go back above it.
    this.map.removeControl(this.attribution);
    this.attribution = this.attributionControl();
    this.map.addControl(this.attribution, 'bottom-right');
    container.querySelector('.maplibregl-ctrl-bottom-right')?.prepend(this.coordinates);
  }

  /** What the coordinates' line says: the position under the pointer, or how to get one. */
  coordinatesText() {
    const at = this.pointer;
    if (!at) return t('map.coordinatesHint');
    const west = t('map.west');
    /** @param {number} x */
    const degrees = (x) => x.toLocaleString(locale(), { minimumFractionDigits: 4, maximumFractionDigits: 4 });
    return t('map.coordinates', { lon: degrees(at.lng), lat: degrees(at.lat), dms: `${dms(at.lng, 'lon', { west })} ${dms(at.lat, 'lat')}` });
  }

  /**
   * `pick({ kind, id, additive })` when a section, site or link is clicked (shift: additive).
   * @param {(pick: Pick) => void} handler
   */
  onPick(handler) {
    this.handlers.pick = handler;
  }

  /**
   * Draws a topology from its TileJSON, replacing the previous one, fitted to its extent.
   * Resolves once the style is loaded (feature states can be set); `drawn` once the first
   * view is rendered.
   * @param {TileJson} tiles
   */
  async show(tiles) {
    this.tiles = tiles;
    for (const o of /** @type {Overlay[]} */ (Object.keys(this.states))) this.states[o] = emptyStates();
    this.shapes = {};
    this.container.dataset.drawn = 'false';
    this.moved = false;
    this.fit();
    const loaded = new Promise((resolve) => this.map.once('styledata', resolve));
    this.map.setStyle(this.style(), { diff: false });
    await loaded;
    this.map.once('idle', () => (this.container.dataset.drawn = 'true'));
    this.updateDataset();
  }

  /** The style for the current topology, colouring and layers. */
  style() {
    const tiles = /** @type {TileJson} */ (this.tiles);
    const style = mapStyle({ tilesUrl: '', basemap: this.basemap, mode: this.colorMode, owners: this.owners, maxSubscribers: this.maxSubscribers, visible: this.visible, highlighted: this.highlighted() });
    // The TileJSON is already read: its tiles, zooms and bounds go straight into the source.
    style.sources[NETWORK] = { type: 'vector', tiles: tiles.tiles, minzoom: tiles.minzoom ?? 0, maxzoom: tiles.maxzoom ?? 14, bounds: tiles.bounds, promoteId: 'id' };
    return style;
  }

  /** Fits the view to the network's extent. */
  fit() {
    const b = this.tiles?.bounds;
    if (!b) return;
    this.map.resize();
    this.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: { top: 30, left: 30, right: 30, bottom: 30 + this.legendHeight() }, animate: false, maxZoom: 13 });
  }

  legendHeight() {
    const legend = this.container.querySelector('.fr-legend');
    return legend ? Math.max(0, this.container.getBoundingClientRect().bottom - legend.getBoundingClientRect().top) : 0;
  }

  /**
   * @param {string} key
   * @param {boolean} on
   */
  setVisible(key, on) {
    if (on) this.visible.add(key);
    else this.visible.delete(key);
    for (const id of LAYER_GROUPS[/** @type {LayerKey} */ (key)] ?? []) if (this.map.getLayer(id)) this.map.setLayoutProperty(id, 'visibility', on ? 'visible' : 'none');
    if (key === 'labels') this.drawLabels();
    this.container.dataset[`layer${key[0].toUpperCase()}${key.slice(1)}`] = on ? 'on' : 'off';
  }

  /** @param {ColorMode} mode */
  setColorMode(mode) {
    this.colorMode = mode;
    this.restyle(['sections', 'sections-planned'], 'line-color');
    this.container.dataset.colorMode = mode;
  }

  /**
   * What the styling needs of the analysis, once its summary is read (the map draws before).
   * @param {{ owners: readonly string[], maxSubscribers: number }} legend
   */
  setLegend({ owners, maxSubscribers }) {
    this.owners = owners;
    this.maxSubscribers = maxSubscribers;
    this.restyle(['sections', 'sections-planned'], 'line-color');
    this.restyle(['site-nro'], 'circle-radius');
  }

  /**
   * Sets a paint property of some layers to what the style says now.
   * @param {string[]} layers
   * @param {string} property
   */
  restyle(layers, property) {
    if (!this.tiles) return;
    const style = this.style();
    for (const id of layers) {
      const layer = style.layers.find((/** @type {any} */ l) => l.id === id);
      if (layer && this.map.getLayer(id)) this.map.setPaintProperty(id, /** @type {any} */ (property), layer.paint[property]);
    }
  }

  /* ---------- picking and tooltips ---------- */

  /** @param {import('maplibre-gl').MapMouseEvent} e */
  featuresAt(e) {
    const { x, y } = e.point;
    const layers = PICKABLE.filter((id) => this.map.getLayer(id));
    return layers.length ? this.map.queryRenderedFeatures([[x - 5, y - 5], [x + 5, y + 5]], { layers }) : [];
  }

  /**
   * Pixels between a point feature and a point of the map (0 for lines: sites are what crowd).
   * @param {import('maplibre-gl').MapGeoJSONFeature} feature
   * @param {{ x: number, y: number }} point
   */
  pixelsFrom(feature, point) {
    if (feature.geometry.type !== 'Point') return 0;
    const p = this.map.project(/** @type {[number, number]} */ (feature.geometry.coordinates));
    return Math.hypot(p.x - point.x, p.y - point.y);
  }

  /** @param {import('maplibre-gl').MapMouseEvent} e */
  click(e) {
    if (this.drawing) return;
    const pick = pickOf(/** @type {any} */ (this.featuresAt(e)), (f) => this.pixelsFrom(f, e.point));
    if (pick && pick.kind !== 'link') this.handlers.pick({ ...pick, additive: Boolean(e.originalEvent?.shiftKey) });
  }

  /** @param {import('maplibre-gl').MapMouseEvent} e */
  hover(e) {
    this.pointer = { lng: e.lngLat.lng, lat: e.lngLat.lat };
    localized(this.coordinates, () => this.coordinatesText());
    if (this.drawing) return this.popup.remove();
    const features = this.featuresAt(e);
    const pick = pickOf(/** @type {any} */ (features), (f) => this.pixelsFrom(f, e.point));
    this.map.getCanvas().style.cursor = pick ? 'pointer' : '';
    if (!pick) return this.popup.remove();
    const f = /** @type {any} */ (features.find((x) => String(x.properties.id) === pick.id));
    this.popup.setLngLat(e.lngLat).setDOMContent(tooltip(pick.kind, f.properties)).addTo(this.map);
  }

  /**
   * Names of the head-ends and POPs of the view, as HTML markers (offline: no font glyphs to
   * fetch): every head-end, then POPs from zoom 8 where they do not overlap another label, at most 150.
   */
  drawLabels() {
    const on = this.visible.has('labels') && this.map.getSource(NETWORK);
    const layers = this.map.getZoom() >= 8 ? ['site-headend', 'site-pop'] : ['site-headend'];
    /** @type {Map<string, { name: string, kind: string, at: [number, number] }>} */
    const wanted = new Map();
    /** @type {{ x: number, y: number, w: number }[]} */
    const boxes = [];
    if (on) {
      const features = this.map.queryRenderedFeatures({ layers: layers.filter((l) => this.map.getLayer(l)) })
        .sort((a, b) => Number(a.properties.kind !== 'headend') - Number(b.properties.kind !== 'headend'));
      for (const f of features) {
        if (wanted.size >= 150) break;
        const p = /** @type {any} */ (f.properties);
        if (wanted.has(p.id)) continue;
        const at = /** @type {[number, number]} */ (/** @type {any} */ (f.geometry).coordinates);
        const name = shortName(p.name ?? p.id);
        const { x, y } = this.map.project(at);
        const w = 12 + 7 * name.length;
        if (p.kind !== 'headend' && boxes.some((b) => Math.abs(b.y - y) < 16 && x < b.x + b.w && b.x < x + w)) continue;
        boxes.push({ x, y, w });
        wanted.set(p.id, { name, kind: p.kind, at });
      }
    }
    for (const [id, marker] of this.labels) if (!wanted.has(id)) {
      marker.remove();
      this.labels.delete(id);
    }
    for (const [id, l] of wanted) if (!this.labels.has(id)) {
      const el = h('div', { className: `fr-label fr-label--${l.kind}`, dataset: { site: id }, 'aria-label': l.name }, l.name);
      this.labels.set(id, new maplibregl.Marker({ element: el, anchor: 'left', offset: [9, 0] }).setLngLat(l.at).addTo(this.map));
    }
  }

  /* ---------- overlays the panels draw ---------- */

  /**
   * Sets the feature states of an overlay, replacing what it showed.
   * @param {Overlay} overlay
   * @param {{ sections?: Iterable<[string, string]>, sites?: Iterable<[string, string]> }} states id → state
   */
  setStates(overlay, { sections = [], sites = [] }) {
    const old = this.states[overlay];
    const next = { sections: new Map(sections), sites: new Map(sites) };
    const key = { sections: overlay, sites: RING[overlay] };
    for (const layer of /** @type {const} */ (['sections', 'sites'])) {
      for (const id of old[layer].keys()) if (!next[layer].has(id)) this.map.removeFeatureState({ source: NETWORK, sourceLayer: layer, id }, key[layer]);
      for (const [id, state] of next[layer]) if (old[layer].get(id) !== state) this.map.setFeatureState({ source: NETWORK, sourceLayer: layer, id }, { [key[layer]]: state });
    }
    this.states[overlay] = next;
    this.showHighlights();
    this.updateDataset();
  }

  /** What the panels' feature states highlight now. @returns {Set<import('./map-style.js').HighlightKey>} */
  highlighted() {
    /** @type {Set<import('./map-style.js').HighlightKey>} */
    const on = new Set(/** @type {const} */ (['plan', 'focus', 'cut']).filter((o) => this.states[o].sections.size > 0));
    if (Object.values(this.states).some((s) => s.sites.size > 0)) on.add('rings');
    return on;
  }

  /** Shows the highlight layers that have something to draw, hides the others. */
  showHighlights() {
    const on = this.highlighted();
    for (const [key, ids] of Object.entries(HIGHLIGHT_LAYERS)) {
      const visibility = on.has(/** @type {import('./map-style.js').HighlightKey} */ (key)) ? 'visible' : 'none';
      for (const id of ids) if (this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== visibility) this.map.setLayoutProperty(id, 'visibility', visibility);
    }
  }

  /**
   * GeoJSON drawn over the map for an overlay (an area, a route, a link), replacing what it drew.
   * @param {string} overlay
   * @param {any[]} features
   */
  setShapes(overlay, features) {
    this.shapes[overlay] = features;
    const source = /** @type {import('maplibre-gl').GeoJSONSource | undefined} */ (this.map.getSource('overlay'));
    source?.setData({ type: 'FeatureCollection', features: Object.values(this.shapes).flat() });
  }

  /** @param {Overlay} overlay */
  clear(overlay) {
    this.setStates(overlay, {});
    this.setShapes(overlay, []);
    if (overlay === 'cut') this.dim(false);
  }

  /** Fades the network under a cut. @param {boolean} on */
  dim(on) {
    for (const id of ['sections', 'sections-planned']) if (this.map.getLayer(id)) this.map.setPaintProperty(id, 'line-opacity', on ? 0.45 : 0.9);
    this.container.classList.toggle('fr-cutting', on);
  }

  /**
   * Draws a cut: failed sections, failed and isolated sites, re-routed routes and sections that saturate.
   * @param {{ failedSections?: string[], failedSites?: string[], isolatedSites?: string[], rerouted?: { sections: string[] }[], saturating?: string[], polygon?: import('geojson').Polygon | null }} cut
   */
  showCut({ failedSections = [], failedSites = [], isolatedSites = [], rerouted = [], saturating = [], polygon = null }) {
    /** @type {Map<string, string>} */
    const sections = new Map();
    for (const r of rerouted) for (const id of r.sections) sections.set(id, 'rerouted');
    for (const id of saturating) sections.set(id, 'saturating');
    for (const id of failedSections) sections.set(id, 'failed');
    /** @type {Map<string, string>} */
    const sites = new Map(isolatedSites.map((id) => [id, 'isolated']));
    for (const id of failedSites) sites.set(id, 'failed');
    this.setStates('cut', { sections, sites });
    this.setShapes('cut', polygon ? [{ type: 'Feature', geometry: polygon, properties: { color: '#212529', width: 2, dashed: true } }] : []);
    this.dim(true);
  }

  /**
   * Zooms to an extent, or to a point.
   * @param {[[number, number], [number, number]] | [number, number] | null} where
   */
  zoomTo(where) {
    if (!where) return;
    if (typeof where[0] === 'number') this.map.flyTo({ center: /** @type {[number, number]} */ (where), zoom: Math.max(this.map.getZoom(), 11), duration: 500 });
    else this.map.fitBounds(/** @type {[[number, number], [number, number]]} */ (where), { padding: { top: 60, left: 60, right: 60, bottom: 60 + this.legendHeight() }, maxZoom: 13, duration: 500 });
  }

  /** @param {any[]} geometries */
  zoomToShapes(geometries) {
    this.zoomTo(extentOf(geometries));
  }

  /** What the overlays hold, on the map's element, for tests and assistive tools. */
  updateDataset() {
    const d = this.container.dataset;
    d.cutSections = String(this.states.cut.sections.size);
    d.cutSites = String(this.states.cut.sites.size);
    d.focusSections = String(this.states.focus.sections.size);
    d.planSections = String(this.states.plan.sections.size);
    d.routeSites = String(this.states.route.sites.size);
  }

  /**
   * The sites and sections of the current view, with their tile attributes, one per id.
   * @returns {import('maplibre-gl').MapGeoJSONFeature[]}
   */
  renderedFeatures() {
    const layers = PICKABLE.filter((id) => this.map.getLayer(id) && this.map.getLayoutProperty(id, 'visibility') !== 'none');
    return layers.length ? this.map.queryRenderedFeatures({ layers }) : [];
  }
}

/** @returns {{ sections: Map<string, string>, sites: Map<string, string> }} */
function emptyStates() {
  return { sections: new Map(), sites: new Map() };
}

/**
 * The tooltip of a feature, from its tile attributes.
 * @param {string} kind
 * @param {Record<string, any>} p
 */
function tooltip(kind, p) {
  const hint = h('div', { className: 'fr-hint' }, t('tip.hint'));
  if (kind === 'site') {
    return h('div', {},
      h('strong', {}, p.name || p.id), ` (${p.id})`,
      h('div', {}, `${tEnum('siteKind', p.kind)}${p.subscribers ? ` · ${t('tip.subscribers', { count: Number(p.subscribers) })}` : ''}`),
      p.status ? h('div', {}, tEnum('nroStatus', String(p.status))) : null,
      p.critical ? h('div', {}, t('tip.criticalSite')) : null,
      p.kind === 'headend' ? null : hint);
  }
  if (kind === 'link') {
    return h('div', {}, h('strong', {}, t('tip.link', { id: p.id })), h('div', {}, `${p.owner ?? ''} · ${km(Number(p.lengthM ?? 0))}`),
      h('div', { className: 'fr-hint' }, t('tip.candidate')));
  }
  return h('div', {},
    h('strong', {}, t('tip.section', { id: p.id })), p.status === 'planned' ? ` (${t('tip.planned')})` : '',
    h('div', {}, `${p.owner} · ${km(Number(p.lengthM ?? 0))}`),
    h('div', {}, t('tip.load', { ratio: p.loadRatio === undefined ? '–' : pct(Number(p.loadRatio)), state: tEnum('loadState', p.state ?? 'unknown') })),
    p.riskGroups ? h('div', {}, t('tip.riskGroups', { ids: String(p.riskGroups) })) : null,
    p.critical ? h('div', {}, t('section.critical')) : null,
    hint);
}

/**
 * Labels: the name without the parenthesised detail.
 * @param {string} name
 */
function shortName(name) {
  return name.replace(/\s*\(.*\)\s*$/, '');
}

/** A button under the zoom buttons: back to the whole network. */
class FitControl {
  /** @param {() => void} onFit */
  constructor(onFit) {
    this.onFit = onFit;
    this.button = h('button', { type: 'button', id: 'fit-network', onclick: () => this.onFit() }, '⤢');
    this.el = h('div', { className: 'maplibregl-ctrl maplibregl-ctrl-group fr-fit' }, this.button);
    this.relabel();
  }

  relabel() {
    this.button.title = t('map.fitTitle');
    this.button.setAttribute('aria-label', t('map.fitLabel'));
  }

  onAdd() {
    return this.el;
  }

  onRemove() {
    this.el.remove();
  }
}
