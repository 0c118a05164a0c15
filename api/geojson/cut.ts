import type { CutImpact } from '../../src/analysis/cut-impact.js';
import type { Topology } from '../../src/model/schema.js';
import type { RerouteReport, SectionChange } from '../../src/saturation/reroute-after-cut.js';
import { listValue } from '../ogc/properties.js';
import type { Area, Feature, FeatureCollection } from '../schemas/geojson.js';
import { TopologyGeometry } from './results.js';

/** The layers of a cut's GeoJSON, each of one geometry type. */
export const CUT_LAYERS = ['sections', 'sites', 'routes', 'area'] as const;
export type CutLayer = (typeof CUT_LAYERS)[number];

/** Why a section is in a cut's `sections` layer. */
type SectionRole = 'failed' | 'saturates' | 'loadedFurther' | 'unknownCapacity';

function sectionFeatures(topology: Topology, geometry: TopologyGeometry, impact: CutImpact, reroute?: RerouteReport): Feature[] {
  const owners = new Map<string, string>([
    ...(topology.redundancyLinks ?? []).map((l) => [l.id, l.owner] as const),
    ...topology.sections.map((s) => [s.id, s.owner] as const),
  ]);
  const capacity = new Map(topology.sections.map((s) => [s.id, s.capacityFibres ?? null]));
  const feature = (id: string, role: SectionRole, values: Record<string, unknown> = {}): Feature => ({
    type: 'Feature',
    id: `section/${id}`,
    geometry: geometry.line(id),
    properties: {
      featureType: 'section', id, owner: owners.get(id) ?? null, role, failed: role === 'failed',
      capacityFibres: capacity.get(id) ?? null, loadBefore: null, loadAfter: null, ratioBefore: null, ratioAfter: null,
      stateBefore: null, stateAfter: null, ...values,
    },
  });
  const changed = (role: SectionRole) => (c: SectionChange) => feature(c.section, role, {
    capacityFibres: c.capacityFibres, loadBefore: c.before.loadFibres, loadAfter: c.after.loadFibres,
    ratioBefore: c.before.ratio, ratioAfter: c.after.ratio, stateBefore: c.before.state, stateAfter: c.after.state,
  });
  return [
    ...impact.failedSections.map((id) => feature(id, 'failed')),
    ...(reroute?.sections ?? []).map(changed('saturates')),
    ...(reroute?.loadedFurther ?? []).map(changed('loadedFurther')),
    ...(reroute?.unknownCapacity ?? []).map((u) => feature(u.section, 'unknownCapacity', { loadBefore: u.loadBefore, loadAfter: u.loadAfter, stateBefore: 'unknown', stateAfter: 'unknown' })),
  ];
}

function siteFeatures(topology: Topology, geometry: TopologyGeometry, impact: CutImpact): Feature[] {
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  const failed = new Set(impact.failedSites);
  const isolated = new Set(impact.isolatedSites);
  return [...new Set([...impact.failedSites, ...impact.isolatedSites])].sort().map((id) => {
    const site = sites.get(id)!;
    return {
      type: 'Feature',
      id: `site/${id}`,
      geometry: geometry.point(id),
      properties: {
        featureType: 'site', id, kind: site.kind, name: site.name ?? null,
        subscribers: site.subscribers ?? 0, failed: failed.has(id), isolated: isolated.has(id),
      },
    };
  });
}

/** The routes a cut breaks (`lost`) and their replacements on what survives (`new`), each a MultiLineString of its sections. */
function routeFeatures(geometry: TopologyGeometry, reroute?: RerouteReport): Feature[] {
  if (!reroute) return [];
  const lines = (sections: readonly string[]) => ({
    type: 'MultiLineString' as const,
    coordinates: sections.flatMap((s) => {
      const g = geometry.line(s);
      return g ? [g.coordinates] : [];
    }),
  });
  const lost = reroute.routesLost.map((r): Feature => ({
    type: 'Feature', id: `route/lost/${r.nro}/${r.role}`, geometry: lines(r.sections),
    properties: { featureType: 'route', route: 'lost', nro: r.nro, role: r.role, headend: r.headend, lengthM: r.lengthM,
      previousLengthM: null, addedLengthM: null, sections: listValue(r.sections) },
  }));
  const rerouted = reroute.rerouted.map((r): Feature => ({
    type: 'Feature', id: `route/new/${r.nro}/${r.role}`, geometry: lines(r.sections),
    properties: { featureType: 'route', route: 'new', nro: r.nro, role: r.role, headend: r.headend, lengthM: r.lengthM,
      previousLengthM: r.previousLengthM, addedLengthM: r.addedLengthM, sections: listValue(r.sections) },
  }));
  return [...lost, ...rerouted];
}

function areaFeatures(area?: Area): Feature[] {
  if (!area) return [];
  const geometry = area.type === 'FeatureCollection' ? area.features[0].geometry : area.type === 'Feature' ? area.geometry : area;
  return [{ type: 'Feature', id: 'area', geometry: geometry as Feature['geometry'], properties: { featureType: 'area' } }];
}

/**
 * A cut as map layers, each of one geometry type, so that QGIS opens each whole: `sections`
 * (LineString: the failed sections and, with reroute, those that saturate, those already near
 * or saturated that are loaded further, and those of unknown capacity whose load grows — `role`
 * says which), `sites` (Point: the failed and the isolated sites), `routes` (MultiLineString:
 * with reroute, every route the cut breaks and its replacement), `area` (the polygon of the cut,
 * when it named one). The totals are foreign members.
 *
 * @example
 * cutToGeoJSON(topology, impact, undefined, reroute, 'routes').features.filter((f) => f.properties?.route === 'new');
 */
export function cutToGeoJSON(topology: Topology, impact: CutImpact, area?: Area, reroute?: RerouteReport, layer: CutLayer = 'sections'): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  const layers: Record<CutLayer, () => Feature[]> = {
    sections: () => sectionFeatures(topology, geometry, impact, reroute),
    sites: () => siteFeatures(topology, geometry, impact),
    routes: () => routeFeatures(geometry, reroute),
    area: () => areaFeatures(area),
  };
  const features = layers[layer]();
  return {
    type: 'FeatureCollection',
    layer,
    subscribersCut: impact.subscribersCut,
    isolatedNros: impact.isolatedNros,
    ...(reroute && { unroutable: reroute.unroutable, unprotected: reroute.unprotected }),
    features,
  };
}
