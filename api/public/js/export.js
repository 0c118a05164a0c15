// @ts-check
/** @import { CutResult, Plan } from './types.js' */

/**
 * Export of what the map shows: the sites and sections drawn in the current view (visible layers) with the results attached to them — analysis, saturation, the
 * current cut and plan — as GeoJSON or as CSV for a French spreadsheet (the CLI's convention:
 * UTF-8 with BOM, `;`, decimal comma, oui/non).
 */
import { strained } from './cut-panel.js';
import { uniqueFeatures } from './map-style.js';

/** @typedef {string | number | boolean | null | undefined} Cell */
/** @typedef {{ type: 'Feature', id: string, geometry: import('geojson').Geometry | null, properties: Record<string, Cell> }} ResultFeature */
/** @typedef {{ type: 'FeatureCollection', topology: string, bbox: number[], features: ResultFeature[] } & Record<string, unknown>} ResultCollection */

/**
 * The features of the current view with their results, as an RFC 7946 FeatureCollection: what
 * the tiles drawn in the view hold (a section crossing tiles counts once, with the geometry of
 * its first piece), the current cut and plan attached.
 * @param {object} current
 * @param {{ properties: Record<string, any>, layer: { id: string }, geometry: import('geojson').Geometry }[]} current.features the rendered features of the view
 * @param {[number, number, number, number]} current.bbox west, south, east, north
 * @param {string} current.topologyId
 * @param {CutResult | null} current.cut
 * @param {Plan | null} current.plan
 * @returns {ResultCollection}
 */
export function viewResults({ features: rendered, bbox, topologyId, cut, plan }) {
  const failedSections = new Set(cut?.impact.failedSections ?? []);
  const failedSites = new Set(cut?.impact.failedSites ?? []);
  const isolated = new Set(cut?.impact.isolatedSites ?? []);
  const saturating = new Map((cut?.reroute ? strained(cut.reroute) : []).map((s) => [s.section, s]));
  /** @type {ResultFeature[]} */
  const features = [];
  for (const f of uniqueFeatures(rendered)) {
    const p = f.properties;
    if (f.layer.id.startsWith('site-')) {
      features.push(feature('site', String(p.id), f.geometry, {
        kind: p.kind, name: p.name ?? null, nroStatus: p.status ?? null, subscribers: p.subscribers ?? 0, critical: Boolean(p.critical),
        ...(cut && { cutFailed: failedSites.has(p.id), cutIsolated: isolated.has(p.id) }),
      }));
    } else {
      features.push(feature(f.layer.id === 'links' ? 'redundancyLink' : 'section', String(p.id), f.geometry, {
        owner: p.owner, lengthM: p.lengthM, status: p.status ?? 'existing', critical: Boolean(p.critical), candidate: Boolean(p.candidate),
        riskGroups: p.riskGroups ?? '', saturation: p.loadRatio ?? null, saturationState: p.state ?? null,
        ...(cut && { cutFailed: failedSections.has(p.id), saturationAfterCut: saturating.get(p.id)?.after.ratio ?? null, stateAfterCut: saturating.get(p.id)?.after.state ?? null }),
      }));
    }
  }
  return {
    type: 'FeatureCollection',
    topology: topologyId,
    bbox: bbox.map((x) => Math.round(x * 1e6) / 1e6),
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
