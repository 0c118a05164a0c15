// @ts-check
/** @import { CutResult, Plan } from './types.js' */

/**
 * Export of what the map shows: the sites and sections in the current view (visible layers,
 * inside the map's bounds) with the results attached to them — analysis, saturation, the
 * current cut and plan — as GeoJSON or as CSV for a French spreadsheet (the CLI's convention:
 * UTF-8 with BOM, `;`, decimal comma, oui/non).
 */
import { strained } from './cut-panel.js';

/** @typedef {string | number | boolean | null | undefined} Cell */
/** @typedef {{ type: 'Feature', id: string, geometry: import('geojson').Geometry | null, properties: Record<string, Cell> }} ResultFeature */
/** @typedef {{ type: 'FeatureCollection', topology: string, bbox: number[], features: ResultFeature[] } & Record<string, unknown>} ResultCollection */

/**
 * The features of the current view with their results, as an RFC 7946 FeatureCollection.
 * @param {object} current
 * @param {import('./model.js').NetworkModel} current.model
 * @param {{ map: { getBounds(): import('leaflet').LatLngBounds }, visible: Set<string> }} current.view the map view (its bounds and visible layers)
 * @param {string} current.topologyId
 * @param {CutResult | null} current.cut
 * @param {Plan | null} current.plan
 * @returns {ResultCollection}
 */
export function viewResults({ model, view, topologyId, cut, plan }) {
  const bounds = view.map.getBounds();
  /** @param {[number, number][]} latLngs */
  const inView = (latLngs) => latLngs.some((p) => bounds.contains(p));
  const failedSections = new Set(cut?.impact.failedSections ?? []);
  const failedSites = new Set(cut?.impact.failedSites ?? []);
  const isolated = new Set(cut?.impact.isolatedSites ?? []);
  const saturating = new Map((cut?.reroute ? strained(cut.reroute) : []).map((s) => [s.section, s]));
  const planned = new Set((plan?.selected ?? []).map((w) => w.id));
  /** @type {ResultFeature[]} */
  const features = [];
  for (const site of model.sites.values()) {
    if (!view.visible.has(site.kind) || !inView([[site.lat, site.lon]])) continue;
    const nro = model.nros.get(site.id);
    const impact = model.siteImpact.get(site.id);
    features.push(feature('site', site.id, { type: 'Point', coordinates: [site.lon, site.lat] }, {
      kind: site.kind, name: site.name ?? null, status: model.status(site), subscribers: site.subscribers ?? 0,
      nroStatus: nro?.status ?? null, paths: nro?.paths ?? null, criticalSections: nro?.criticalSections.join(' ') ?? null,
      subscribersCutIfLost: impact?.subscribersCut ?? null,
      ...(cut && { cutFailed: failedSites.has(site.id), cutIsolated: isolated.has(site.id) }),
    }));
  }
  if (view.visible.has('sections')) {
    for (const s of model.sections.values()) {
      if (!inView(model.line(s))) continue;
      const load = model.loads.get(s.id);
      features.push(feature('section', s.id, s.geometry, {
        from: s.from, to: s.to, owner: s.owner, lengthM: s.lengthM, status: model.status(s),
        capacityFibres: s.capacityFibres ?? null, usedFibres: s.usedFibres ?? null,
        bridge: model.bridges.has(s.id), subscribersCutAlone: model.sectionImpact.get(s.id)?.subscribersCut ?? null,
        loadFibres: load?.loadFibres ?? null, saturation: load?.ratio ?? null, saturationState: load?.state ?? null,
        ...(cut && { cutFailed: failedSections.has(s.id), saturationAfterCut: saturating.get(s.id)?.after.ratio ?? null, stateAfterCut: saturating.get(s.id)?.after.state ?? null }),
        ...(plan && { inPlan: (plan.selected ?? []).some((w) => model.works.get(w.id)?.sections.includes(s.id)) }),
      }));
    }
  }
  if (view.visible.has('links')) {
    for (const l of model.links.values()) {
      if (!inView(model.line(l))) continue;
      features.push(feature('redundancyLink', l.id, l.geometry, {
        a: l.a, b: l.b, owner: l.owner, lengthM: l.lengthM, costEur: l.costEur, priority: l.priority, ...(plan && { inPlan: planned.has(l.id) }),
      }));
    }
  }
  return {
    type: 'FeatureCollection',
    topology: topologyId,
    bbox: [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()].map((x) => Math.round(x * 1e6) / 1e6),
    ...(cut && { cut: { request: cut.request, subscribersCut: cut.impact.subscribersCut, isolatedNros: cut.impact.isolatedNros } }),
    ...(plan && { plan: { budgetEur: plan.budgetEur, costEur: plan.costEur, selected: plan.selected.map((w) => w.id) } }),
    features,
  };
}

/**
 * @param {string} featureType
 * @param {string} id
 * @param {import('geojson').Geometry | null} geometry
 * @param {Record<string, Cell>} properties
 * @returns {ResultFeature}
 */
function feature(featureType, id, geometry, properties) {
  return { type: 'Feature', id: `${featureType}/${id}`, geometry, properties: { featureType, id, ...properties } };
}

/**
 * The same features as CSV rows: one column per property, longitude and latitude of the sites.
 * @param {{ features: ResultFeature[] }} collection
 */
export function resultsCsv(collection) {
  /** @type {string[]} */
  const keys = [];
  for (const f of collection.features) for (const k of Object.keys(f.properties)) if (!keys.includes(k)) keys.push(k);
  const header = [...keys, 'lon', 'lat'];
  const rows = collection.features.map((f) => [
    ...keys.map((k) => f.properties[k]),
    f.geometry?.type === 'Point' ? f.geometry.coordinates[0] : null,
    f.geometry?.type === 'Point' ? f.geometry.coordinates[1] : null,
  ]);
  /** @param {unknown[]} cells */
  const line = (cells) => cells.map(csvCell).join(';');
  return `\ufeff${[line(header), ...rows.map(line)].join('\r\n')}\r\n`;
}

/**
 * One CSV cell, French style: `oui`/`non`, decimal comma, quoted when it holds `;`, `"` or a line
 * break, and a leading `=`, `+`, `-` or `@` defused with a quote (no formula injection).
 * @param {unknown} value
 */
export function csvCell(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1e6) / 1e6).replace('.', ',') : '';
  const text = /^[=+\-@]/.test(String(value)) ? `'${value}` : String(value);
  return /[;"\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Offers a text as a file download.
 * @param {string} name
 * @param {string} type
 * @param {string} text
 */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
