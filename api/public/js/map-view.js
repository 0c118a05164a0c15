// @ts-check
/** @import { Line, Pick, ReroutedRoute, Site } from './types.js' */
/** @import { NetworkModel } from './model.js' */
/** @import { PathStyle } from './style.js' */

/**
 * The Leaflet map: an offline light background (outline of the area the sites cover, graticule,
 * scale bar, coordinates under the pointer), the network's layers, and the overlays the panels
 * draw (cut, NRO focus, plan). No tile layer: nothing is fetched but the API.
 */
import * as L from '/vendor/leaflet/leaflet-src.esm.js';
import { dms, graticule, paddedHull, areaKm2 } from './geo.js';
import { h, fmt, km, pct, label } from './dom.js';
import { CUT_COLORS, LINK_STYLE, NRO_STATUS, nroRadius, ownerColors, sectionStyle } from './style.js';

/** @typedef {'cut' | 'focus' | 'plan'} Overlay */

/** The layers the legend can switch, in drawing order. */
export const LAYERS = ['background', 'sections', 'links', 'junction', 'nro', 'pop', 'headend', 'labels'];

export class MapView {
  /** @param {HTMLElement} container */
  constructor(container) {
    this.container = container;
    this.map = L.map(container, {
      zoomSnap: 0.25,
      zoomDelta: 0.5,
      minZoom: 5,
      maxZoom: 16,
      preferCanvas: false,
      attributionControl: true,
      keyboard: true,
    });
    // The header may change height (status line): keep Leaflet's idea of the map's size right.
    new ResizeObserver(() => this.map.invalidateSize({ pan: false })).observe(container);
    this.map.attributionControl.setPrefix('Leaflet · no background tiles: the map works offline');
    const panes = { background: 200, sections: 410, links: 420, highlight: 430, hits: 440, sites: 450, focus: 460 };
    for (const [name, z] of Object.entries(panes)) this.map.createPane(name).style.zIndex = String(z);
    this.map.getPane('background')?.classList.add('fr-pane-background');
    this.map.getPane('sections')?.classList.add('fr-pane-sections');
    new FitControl(/** @type {L.ControlOptions} */ ({ position: 'topleft', onFit: () => this.fit() })).addTo(this.map);
    L.control.scale({ metric: true, imperial: false, maxWidth: 160, position: 'bottomleft' }).addTo(this.map);
    this.coordinates = new CoordinatesControl({ position: 'bottomright' }).addTo(this.map);
    /** @type {Record<string, L.LayerGroup>} */
    this.groups = Object.fromEntries(LAYERS.map((key) => [key, L.layerGroup()]));
    this.hits = L.layerGroup();
    /** @type {Record<Overlay, L.LayerGroup>} */
    this.overlays = { cut: L.layerGroup().addTo(this.map), focus: L.layerGroup().addTo(this.map), plan: L.layerGroup().addTo(this.map) };
    this.visible = new Set(LAYERS);
    this.graticule = L.layerGroup();
    this.map.on('moveend', () => this.drawGraticule());
    /** @type {{ pick: (pick: Pick) => void }} */
    this.handlers = { pick: () => {} };
    this.colorMode = 'saturation';
    this.drawing = false;
    /** The topology drawn; `show` sets it before anything reads it. */
    this.model = /** @type {NetworkModel} */ (/** @type {unknown} */ (null));
    /** @type {Map<string, string>} */
    this.owners = new Map();
    /** @type {Map<string, L.Polyline>} */
    this.sectionLines = new Map();
    /** @type {Map<string, L.Layer>} */
    this.siteMarkers = new Map();
    /** @type {Map<string, L.Polyline>} */
    this.linkLines = new Map();
    /** @type {L.LatLngBounds | undefined} */
    this.bounds = undefined;
    /** @type {number | undefined} */
    this.areaKm2 = undefined;
    this.fitted = false;
  }

  /**
   * `pick({ kind, id, additive })` when a section, site or link is clicked (shift: additive).
   * @param {(pick: Pick) => void} handler
   */
  onPick(handler) {
    this.handlers.pick = handler;
  }

  /**
   * Draws a topology, replacing the previous one, and fits the view to it.
   * @param {NetworkModel} model
   */
  show(model) {
    this.model = model;
    this.owners = ownerColors(model.owners);
    for (const group of [...Object.values(this.groups), this.hits, ...Object.values(this.overlays)]) group.clearLayers();
    this.sectionLines = new Map();
    this.siteMarkers = new Map();
    this.linkLines = new Map();
    this.drawBackground(model);
    this.drawSections(model);
    this.drawLinks(model);
    this.drawSites(model);
    for (const key of LAYERS) this.setVisible(key, this.visible.has(key));
    this.container.dataset.sitesDrawn = String(this.siteMarkers.size);
    this.container.dataset.sectionsDrawn = String(this.sectionLines.size);
    this.container.dataset.linksDrawn = String(this.linkLines.size);
    this.fit();
  }

  /** Fits the view to the sites, clear of the legend at the bottom of the map. */
  fit() {
    if (!this.bounds?.isValid()) return;
    this.map.invalidateSize({ pan: false });
    this.fitted = true;
    this.map.fitBounds(this.bounds, { ...this.padding(), animate: false });
  }

  /**
   * Fitting padding that keeps what is fitted clear of the legend at the bottom of the map.
   * @returns {{ paddingTopLeft: [number, number], paddingBottomRight: [number, number] }}
   */
  padding() {
    const legend = this.container.querySelector('.fr-legend');
    const below = legend ? this.container.getBoundingClientRect().bottom - legend.getBoundingClientRect().top : 0;
    return { paddingTopLeft: [28, 28], paddingBottomRight: [28, 12 + below] };
  }

  /**
   * @param {string} key
   * @param {boolean} on
   */
  setVisible(key, on) {
    if (on) this.visible.add(key);
    else this.visible.delete(key);
    const group = this.groups[key];
    if (on) group.addTo(this.map);
    else group.remove();
    if (key === 'sections') {
      if (on) this.hits.addTo(this.map);
      else this.hits.remove();
    }
    this.container.dataset[`layer${key[0].toUpperCase()}${key.slice(1)}`] = on ? 'on' : 'off';
  }

  /** @param {string} mode */
  setColorMode(mode) {
    this.colorMode = mode;
    for (const [id, line] of this.sectionLines) line.setStyle(leafletStyle(sectionStyle(this.model, /** @type {import('./types.js').Section} */ (this.model.sections.get(id)), mode, this.owners)));
  }

  /** @param {NetworkModel} model */
  drawBackground(model) {
    const lonLats = [...model.sites.values()].map((s) => /** @type {[number, number]} */ ([s.lon, s.lat]));
    if (lonLats.length === 0) return;
    const hull = paddedHull(lonLats, 2500);
    const ring = hull.map(([lon, lat]) => L.latLng(lat, lon));
    this.bounds = L.latLngBounds(lonLats.map(([lon, lat]) => L.latLng(lat, lon)));
    const outline = L.polygon(ring, {
      pane: 'background', color: '#8a8f98', weight: 1.5, dashArray: '6 4', fillColor: '#ffffff', fillOpacity: 0.85, interactive: false,
    });
    this.groups.background.addLayer(outline);
    this.areaKm2 = Math.round(areaKm2(hull));
    this.groups.background.addLayer(this.graticule);
    this.drawGraticule();
  }

  /** Meridians and parallels at a round step for the current view, labelled at its top and left edges. */
  drawGraticule() {
    this.graticule.clearLayers();
    if (!this.map.options.center && !this.fitted) return;
    const view = this.map.getBounds();
    const { lines } = graticule([view.getWest(), view.getSouth(), view.getEast(), view.getNorth()]);
    for (const line of lines) {
      const meridian = line.kind === 'meridian';
      this.graticule.addLayer(L.polyline(line.coords, { pane: 'background', color: '#c5cad3', weight: 1, interactive: false }));
      this.graticule.addLayer(L.tooltip({ permanent: true, direction: meridian ? 'bottom' : 'right', className: 'fr-graticule-label', interactive: false, pane: 'background', offset: [0, 0] })
        .setLatLng(meridian ? [view.getNorth(), line.value] : [line.value, view.getWest()])
        .setContent(dms(line.value, meridian ? 'lon' : 'lat')));
    }
  }

  /** @param {NetworkModel} model */
  drawSections(model) {
    for (const section of model.sections.values()) {
      const latLngs = model.line(section);
      const line = L.polyline(latLngs, leafletStyle({ pane: 'sections', interactive: false, className: 'fr-section', ...sectionStyle(model, section, this.colorMode, this.owners) }));
      this.groups.sections.addLayer(line);
      this.sectionLines.set(section.id, line);
      const hit = L.polyline(latLngs, { pane: 'hits', weight: 14, opacity: 0, color: '#000', className: 'fr-hit' });
      hit.bindTooltip(() => this.sectionTooltip(section.id), { sticky: true, className: 'fr-tooltip' });
      hit.on('click', (e) => this.pick('section', section.id, e));
      hit.on('mouseover', () => line.setStyle({ weight: (line.options.weight ?? 3) + 3 }));
      hit.on('mouseout', () => line.setStyle({ weight: model.bridges.has(section.id) ? 5 : 3 }));
      this.hits.addLayer(hit);
      line.on('add', () => line.getElement()?.setAttribute('data-section', section.id));
      hit.on('add', () => {
        const el = hit.getElement();
        el?.setAttribute('data-section', section.id);
        el?.setAttribute('aria-label', `section ${section.id}`);
      });
    }
  }

  /** @param {NetworkModel} model */
  drawLinks(model) {
    for (const link of model.links.values()) {
      const line = L.polyline(model.line(link), { pane: 'links', className: 'fr-link', ...LINK_STYLE });
      line.bindTooltip(() => this.linkTooltip(link.id), { sticky: true, className: 'fr-tooltip' });
      line.on('add', () => line.getElement()?.setAttribute('data-link', link.id));
      this.groups.links.addLayer(line);
      this.linkLines.set(link.id, line);
    }
  }

  /** @param {NetworkModel} model */
  drawSites(model) {
    for (const site of model.sites.values()) {
      const marker = this.siteMarker(model, site);
      marker.bindTooltip(() => this.siteTooltip(site.id), { className: 'fr-tooltip', direction: 'top', offset: [0, -6] });
      marker.on('click', (e) => this.pick('site', site.id, e));
      marker.on('add', () => marker.getElement()?.setAttribute('data-site', site.id));
      this.groups[site.kind in this.groups ? site.kind : 'junction'].addLayer(marker);
      this.siteMarkers.set(site.id, marker);
      if (site.kind === 'headend' || site.kind === 'pop') {
        this.groups.labels.addLayer(L.tooltip({ permanent: true, direction: 'right', offset: [7, 0], className: `fr-label fr-label--${site.kind}`, interactive: false })
          .setLatLng([site.lat, site.lon]).setContent(shortName(site)));
      }
    }
  }

  /**
   * @param {NetworkModel} model
   * @param {Site} site
   * @returns {L.Marker | L.CircleMarker}
   */
  siteMarker(model, site) {
    const planned = model.status(site) === 'planned';
    const common = { pane: 'sites', className: `fr-site fr-site--${site.kind}` };
    if (site.kind === 'headend' || site.kind === 'pop') {
      const size = site.kind === 'headend' ? 16 : 12;
      return L.marker([site.lat, site.lon], {
        pane: 'sites',
        title: `${site.kind === 'headend' ? 'Head-end' : 'POP'} ${label(site)}`,
        alt: label(site),
        // Leaflet positions the icon with a CSS transform: the shape is an inner element.
        icon: L.divIcon({ className: 'fr-marker', html: `<span class="fr-icon fr-icon--${site.kind}${planned ? ' fr-icon--planned' : ''}"></span>`, iconSize: [size, size] }),
      });
    }
    if (site.kind === 'nro') {
      const status = model.nroStatus(site.id);
      return L.circleMarker([site.lat, site.lon], leafletStyle({
        ...common,
        radius: nroRadius(site.subscribers ?? 0, model.maxSubscribers),
        color: '#1f2328',
        weight: 1.2,
        fillColor: NRO_STATUS[status].color,
        fillOpacity: 0.9,
        dashArray: planned ? '3 3' : null,
      }));
    }
    return L.circleMarker([site.lat, site.lon], leafletStyle({ ...common, radius: 3, color: '#495057', weight: 1, fillColor: '#ffffff', fillOpacity: 1, dashArray: planned ? '2 2' : null }));
  }

  /**
   * @param {string} kind
   * @param {string} id
   * @param {L.LeafletMouseEvent} event
   */
  pick(kind, id, event) {
    if (this.drawing) return;
    L.DomEvent.stopPropagation(event);
    this.handlers.pick({ kind, id, additive: Boolean(event.originalEvent?.shiftKey) });
  }

  /* ---------- overlays the panels draw ---------- */

  /** @param {Overlay} overlay */
  clear(overlay) {
    this.overlays[overlay].clearLayers();
    if (overlay === 'cut') this.container.classList.remove('fr-cutting');
  }

  /**
   * A section drawn over the network in an overlay, with `style`.
   * @param {Overlay} overlay
   * @param {string} id
   * @param {PathStyle} style
   */
  addSectionOverlay(overlay, id, style) {
    const item = this.model.sections.get(id) ?? this.model.links.get(id);
    if (!item) return null;
    const line = L.polyline(this.model.line(item), leafletStyle({ pane: 'highlight', interactive: false, ...style }));
    this.overlays[overlay].addLayer(line);
    return line;
  }

  /**
   * A straight line between sites, in an overlay.
   * @param {Overlay} overlay
   * @param {string[]} siteIds
   * @param {PathStyle} style
   */
  addLineOverlay(overlay, siteIds, style) {
    const line = L.polyline(siteIds.map((id) => this.model.latLng(id)), leafletStyle({ pane: 'highlight', interactive: false, ...style }));
    this.overlays[overlay].addLayer(line);
    return line;
  }

  /**
   * A ring around a site, in an overlay.
   * @param {Overlay} overlay
   * @param {string} id
   * @param {PathStyle} style
   */
  addSiteOverlay(overlay, id, style) {
    const site = this.model.sites.get(id);
    if (!site) return null;
    const r = site.kind === 'nro' ? nroRadius(site.subscribers ?? 0, this.model.maxSubscribers) : 6;
    const ring = L.circleMarker([site.lat, site.lon], leafletStyle({ pane: 'focus', interactive: false, radius: r + 5, fill: false, ...style }));
    this.overlays[overlay].addLayer(ring);
    return ring;
  }

  /**
   * Draws a cut: failed sections, failed and isolated sites, re-routed routes and sections that saturate.
   * @param {{ failedSections?: string[], failedSites?: string[], isolatedSites?: string[], rerouted?: ReroutedRoute[], saturating?: string[], polygon?: import('geojson').Polygon | null }} cut
   */
  showCut({ failedSections = [], failedSites = [], isolatedSites = [], rerouted = [], saturating = [], polygon = null }) {
    this.clear('cut');
    this.container.classList.add('fr-cutting');
    if (polygon) {
      const ring = polygon.coordinates[0].map(([lon, lat]) => L.latLng(lat, lon));
      this.overlays.cut.addLayer(L.polygon(ring, { pane: 'highlight', interactive: false, color: CUT_COLORS.failed, weight: 2, dashArray: '4 4', fillColor: '#212529', fillOpacity: 0.08 }));
    }
    for (const route of rerouted) for (const id of route.sections) this.addSectionOverlay('cut', id, { color: CUT_COLORS.rerouted, weight: 9, opacity: 0.35 });
    for (const id of saturating) {
      this.addSectionOverlay('cut', id, { color: CUT_COLORS.saturating, weight: 14, opacity: 0.35 });
      this.addSectionOverlay('cut', id, { color: CUT_COLORS.saturating, weight: 5, opacity: 1 });
    }
    for (const id of failedSections) {
      this.addSectionOverlay('cut', id, { color: CUT_COLORS.failed, weight: 8, opacity: 0.95 });
      this.addSectionOverlay('cut', id, { color: '#ffffff', weight: 2, dashArray: '6 6', opacity: 1 });
    }
    for (const id of isolatedSites) this.addSiteOverlay('cut', id, { color: CUT_COLORS.isolated, weight: 3 });
    for (const id of failedSites) this.addSiteOverlay('cut', id, { color: CUT_COLORS.failed, weight: 4, dashArray: '3 3' });
  }

  /**
   * Zooms to some sites and sections.
   * @param {string[]} [siteIds]
   * @param {string[]} [sectionIds]
   */
  zoomTo(siteIds = [], sectionIds = []) {
    const points = [...siteIds.map((id) => this.model.latLng(id)), ...sectionIds.flatMap((id) => this.model.line(/** @type {Line} */ (this.model.sections.get(id) ?? this.model.links.get(id))))];
    if (points.length === 0) return;
    const bounds = L.latLngBounds(points);
    this.map.flyToBounds(bounds.pad(0.25), { ...this.padding(), maxZoom: 13, duration: 0.5 });
  }

  /* ---------- tooltips ---------- */

  /** @param {string} id */
  sectionTooltip(id) {
    const m = this.model;
    const s = /** @type {import('./types.js').Section} */ (m.sections.get(id));
    const impact = m.sectionImpact.get(id);
    const load = m.loads.get(id);
    return h('div', {},
      h('strong', {}, `Section ${id}`), m.status(s) === 'planned' ? ' (planned)' : '',
      h('div', {}, `${label(m.sites.get(s.from))} – ${label(m.sites.get(s.to))}`),
      h('div', {}, `${s.owner} · ${km(s.lengthM)}`),
      s.capacityFibres ? h('div', {}, `fibres: ${fmt(s.usedFibres ?? 0)} used of ${fmt(s.capacityFibres)}`) : null,
      load ? h('div', {}, `load after routing: ${fmt(load.loadFibres)} fibres, ${pct(load.ratio)} (${load.state})`) : null,
      s.riskGroups?.length ? h('div', {}, `risk groups: ${s.riskGroups.join(', ')}`) : null,
      impact ? h('div', {}, impact.subscribersCut > 0
        ? `cut alone: ${fmt(impact.subscribersCut)} subscribers, ${impact.isolatedNros.length} NRO(s)`
        : 'cut alone: nobody loses service') : h('div', {}, 'not analysed'),
      h('div', { className: 'fr-hint' }, 'click: cut it · shift-click: add to the cut'),
    );
  }

  /** @param {string} id */
  siteTooltip(id) {
    const m = this.model;
    const s = /** @type {Site} */ (m.sites.get(id));
    const nro = m.nros.get(id);
    const impact = m.siteImpact.get(id);
    return h('div', {},
      h('strong', {}, s.name ?? id), ` (${id})`,
      h('div', {}, `${s.kind}${m.status(s) === 'planned' ? ', planned' : ''}${s.subscribers ? ` · ${fmt(s.subscribers)} subscribers` : ''}`),
      nro ? h('div', {}, `${nro.status}${nro.criticalSections.length ? ` · critical sections: ${nro.criticalSections.join(', ')}` : ''}`) : null,
      impact && impact.subscribersCut > 0 ? h('div', {}, `if it fails: ${fmt(impact.subscribersCut)} subscribers cut`) : null,
      m.headends.has(id) ? h('div', {}, 'head-end of the analysis') : h('div', { className: 'fr-hint' }, 'click: cut it · shift-click: add to the cut'),
    );
  }

  /** @param {string} id */
  linkTooltip(id) {
    const l = /** @type {import('./types.js').RedundancyLink} */ (this.model.links.get(id));
    return h('div', {},
      h('strong', {}, `Redundancy link ${id}`), ` (priority ${l.priority})`,
      h('div', {}, `${label(this.model.sites.get(l.a))} – ${label(this.model.sites.get(l.b))}`),
      h('div', {}, `${km(l.lengthM)} · ${fmt(l.costEur)} € HT · ${l.owner}`),
      h('div', { className: 'fr-hint' }, 'candidate work: not built'),
    );
  }
}

/**
 * Path options for Leaflet: `dashArray: null` (a solid line) is what Leaflet takes, not what its types say.
 * @template {object} T
 * @param {T} style
 * @returns {L.CircleMarkerOptions}
 */
function leafletStyle(style) {
  return /** @type {L.CircleMarkerOptions} */ (style);
}

/**
 * Labels: the name without the parenthesised detail.
 * @param {Site} site
 */
function shortName(site) {
  return (site.name ?? site.id).replace(/\s*\(.*\)\s*$/, '');
}

/** A button under the zoom buttons: back to the whole network. */
const FitControl = L.Control.extend({
  /** @this {L.Control & { options: { onFit: () => void } }} */
  onAdd() {
    const bar = L.DomUtil.create('div', 'leaflet-bar fr-fit');
    const button = L.DomUtil.create('a', '', bar);
    button.href = '#';
    button.id = 'fit-network';
    button.setAttribute('role', 'button');
    button.title = 'Whole network';
    button.setAttribute('aria-label', 'Zoom to the whole network');
    button.textContent = '⤢';
    L.DomEvent.disableClickPropagation(bar);
    L.DomEvent.on(button, 'click', (e) => {
      L.DomEvent.preventDefault(e);
      this.options.onFit();
    });
    return bar;
  },
});

/** Longitude and latitude under the pointer. */
const CoordinatesControl = L.Control.extend({
  /** @param {L.Map} map */
  onAdd(map) {
    const div = L.DomUtil.create('div', 'fr-coordinates leaflet-control');
    div.setAttribute('aria-live', 'off');
    div.textContent = 'lon, lat: move over the map';
    map.on('mousemove', (/** @type {L.LeafletMouseEvent} */ e) => {
      const { lat, lng } = e.latlng;
      div.textContent = `lon ${lng.toFixed(4)}°, lat ${lat.toFixed(4)}° (${dms(lng, 'lon')} ${dms(lat, 'lat')})`;
    });
    return div;
  },
});

export { L };
