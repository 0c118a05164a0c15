import type { Topology } from '../../src/model/schema.js';
import type { RouteAnswer } from '../../src/requests/route.js';
import type { Feature, FeatureCollection } from '../schemas/geojson.js';
import { TopologyGeometry } from './results.js';

/**
 * A route as a map layer: one LineString feature per section, in path order (`order` from 0),
 * each with its ends as the route runs, owner and length; the route's figures are a foreign
 * member `route`. No route: no feature, and `route.reason` says why.
 *
 * @example
 * routeToGeoJSON(topology, routeRequest(workspace, { from: 'NRO-CAY', to: 'HE-AMIENS' })).features.length; // 14
 */
export function routeToGeoJSON(topology: Topology, answer: RouteAnswer): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  const records = new Map<string, { owner: string; lengthM: number; link: boolean }>([
    ...(topology.redundancyLinks ?? []).map((l) => [l.id, { owner: l.owner, lengthM: l.lengthM, link: true }] as const),
    ...topology.sections.map((s) => [s.id, { owner: s.owner, lengthM: s.lengthM, link: false }] as const),
  ]);
  const features: Feature[] = answer.sections.map((id, order) => {
    const record = records.get(id)!;
    return {
      type: 'Feature',
      id: `section/${id}`,
      geometry: geometry.line(id),
      properties: {
        featureType: record.link ? 'redundancyLink' : 'section',
        id,
        order,
        from: answer.sites[order],
        to: answer.sites[order + 1],
        owner: record.owner,
        lengthM: record.lengthM,
      },
    };
  });
  const { sections: _sections, ...route } = answer;
  return { type: 'FeatureCollection', route, features };
}
