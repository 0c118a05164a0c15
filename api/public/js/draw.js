// @ts-check
/**
 * Drawing an area to cut: click to add vertices, double-click, Enter or a click on the first
 * vertex to finish, Escape to cancel. The result is a GeoJSON Polygon (CRS84).
 */
import { L } from './map-view.js';

export class PolygonTool {
  /**
   * @param {import('./map-view.js').MapView} view
   * @param {{ onDone: (polygon: import('geojson').Polygon) => void, onState: (drawing: boolean) => void }} handlers
   */
  constructor(view, { onDone, onState }) {
    this.view = view;
    this.map = view.map;
    this.onDone = onDone;
    this.onState = onState;
    /** @type {L.LatLng[]} */
    this.points = [];
    this.layer = L.layerGroup().addTo(this.map);
    /** @param {L.LeafletMouseEvent} e */
    this.onClick = (e) => this.add(e.latlng);
    /** @param {L.LeafletMouseEvent} e */
    this.onMove = (e) => this.preview(e.latlng);
    /** @param {L.LeafletMouseEvent} e */
    this.onDblClick = (e) => {
      L.DomEvent.stop(e);
      this.finish();
    };
    /** @param {KeyboardEvent} e */
    this.onKey = (e) => {
      if (e.key === 'Escape') this.stop();
      else if (e.key === 'Enter') this.finish();
    };
  }

  get active() {
    return this.view.drawing;
  }

  start() {
    if (this.active) return;
    this.view.drawing = true;
    this.points = [];
    this.map.getContainer().dataset.vertices = '0';
    this.map.doubleClickZoom.disable();
    this.map.getContainer().classList.add('fr-drawing');
    this.map.on('click', this.onClick).on('mousemove', this.onMove).on('dblclick', this.onDblClick);
    document.addEventListener('keydown', this.onKey);
    this.onState(true);
  }

  stop() {
    if (!this.active) return;
    this.view.drawing = false;
    this.layer.clearLayers();
    this.map.off('click', this.onClick).off('mousemove', this.onMove).off('dblclick', this.onDblClick);
    this.map.getContainer().classList.remove('fr-drawing');
    setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    document.removeEventListener('keydown', this.onKey);
    this.onState(false);
  }

  /** @param {L.LatLng} latlng */
  add(latlng) {
    const first = this.points[0];
    if (first && this.points.length >= 3 && this.map.latLngToContainerPoint(first).distanceTo(this.map.latLngToContainerPoint(latlng)) < 10) return this.finish();
    // A double-click also fires two clicks: ignore a vertex on top of the last one.
    const last = this.points[this.points.length - 1];
    if (last && this.map.latLngToContainerPoint(last).distanceTo(this.map.latLngToContainerPoint(latlng)) < 4) return;
    this.points.push(latlng);
    this.map.getContainer().dataset.vertices = String(this.points.length);
    this.preview(latlng);
  }

  /** @param {L.LatLng} cursor */
  preview(cursor) {
    this.layer.clearLayers();
    if (this.points.length === 0) return;
    const ring = [...this.points, cursor];
    this.layer.addLayer(L.polygon(ring, { color: '#212529', weight: 2, dashArray: '4 4', fillOpacity: 0.06, interactive: false }));
    for (const p of this.points) this.layer.addLayer(L.circleMarker(p, { radius: 4, color: '#212529', weight: 2, fillColor: '#fff', fillOpacity: 1, interactive: false }));
  }

  finish() {
    if (this.points.length < 3) return;
    const ring = this.points.map((p) => [round(p.lng), round(p.lat)]);
    ring.push(ring[0]);
    this.stop();
    this.onDone({ type: 'Polygon', coordinates: [ring] });
  }
}

/** @param {number} x */
const round = (x) => Math.round(x * 1e6) / 1e6;
