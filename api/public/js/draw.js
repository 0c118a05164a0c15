// @ts-check
/**
 * Drawing an area to cut: click to add vertices, double-click, Enter or a click on the first
 * vertex to finish, Escape to cancel. The result is a GeoJSON Polygon (CRS84).
 */

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
    /** @type {import('maplibre-gl').LngLat[]} */
    this.points = [];
    /** @param {import('maplibre-gl').MapMouseEvent} e */
    this.onClick = (e) => this.add(e.lngLat);
    /** @param {import('maplibre-gl').MapMouseEvent} e */
    this.onMove = (e) => this.preview(e.lngLat);
    /** @param {import('maplibre-gl').MapMouseEvent} e */
    this.onDblClick = (e) => {
      e.preventDefault();
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
    this.view.container.dataset.vertices = '0';
    this.map.doubleClickZoom.disable();
    this.view.container.classList.add('fr-drawing');
    this.map.on('click', this.onClick);
    this.map.on('mousemove', this.onMove);
    this.map.on('dblclick', this.onDblClick);
    document.addEventListener('keydown', this.onKey);
    this.onState(true);
  }

  stop() {
    if (!this.active) return;
    this.view.drawing = false;
    this.view.setShapes('draw', []);
    this.map.off('click', this.onClick);
    this.map.off('mousemove', this.onMove);
    this.map.off('dblclick', this.onDblClick);
    this.view.container.classList.remove('fr-drawing');
    setTimeout(() => this.map.doubleClickZoom.enable(), 0);
    document.removeEventListener('keydown', this.onKey);
    this.onState(false);
  }

  /** @param {import('maplibre-gl').LngLat} lngLat */
  add(lngLat) {
    const at = this.map.project(lngLat);
    /** @param {import('maplibre-gl').LngLat} p */
    const distance = (p) => this.map.project(p).dist(at);
    const first = this.points[0];
    if (first && this.points.length >= 3 && distance(first) < 10) return this.finish();
    // A double-click also fires two clicks: ignore a vertex on top of the last one.
    const last = this.points[this.points.length - 1];
    if (last && distance(last) < 4) return;
    this.points.push(lngLat);
    this.view.container.dataset.vertices = String(this.points.length);
    this.preview(lngLat);
  }

  /** @param {import('maplibre-gl').LngLat} cursor */
  preview(cursor) {
    if (this.points.length === 0) return this.view.setShapes('draw', []);
    const ring = [...this.points, cursor, this.points[0]].map((p) => [p.lng, p.lat]);
    this.view.setShapes('draw', [
      { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: { color: '#212529', width: 2, dashed: true } },
      ...this.points.map((p) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [p.lng, p.lat] }, properties: { color: '#212529', radius: 4 } })),
    ]);
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
