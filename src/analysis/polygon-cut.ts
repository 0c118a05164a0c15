import { booleanIntersects } from '@turf/boolean-intersects';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { CompiledNetwork } from '../graph/compile.js';
import { type Area, areaGeometry } from '../model/area.js';
import type { Topology } from '../model/schema.js';
import type { Cut } from './cut-impact.js';

export type { Area };

/**
 * The analysed sections that cross an area (their geometry, or the straight line between their
 * sites) and the analysed sites inside it: what a flood, a roadwork or a storm there would cut.
 *
 * @example
 * polygonCut(topology, net, { type: 'Polygon', coordinates: [[[1.8, 50.0], [2.0, 50.0], [2.0, 50.2], [1.8, 50.0]]] });
 * // { sections: ['S-040', …], sites: ['NRO-FEQ'] }
 */
export function polygonCut(topology: Topology, net: CompiledNetwork, area: Area): Required<Pick<Cut, 'sections' | 'sites'>> {
  const polygon = areaGeometry(area);
  const position = new Map(topology.sites.map((s) => [s.id, [s.lon, s.lat]]));
  const sites = topology.sites
    .filter((s) => net.siteIndex.has(s.id) && booleanPointInPolygon([s.lon, s.lat], polygon))
    .map((s) => s.id);
  const sections = topology.sections
    .filter((s) => net.sectionIndex.has(s.id))
    .filter((s) => {
      const coordinates = s.geometry ?? [position.get(s.from)!, position.get(s.to)!];
      return booleanIntersects({ type: 'LineString', coordinates }, polygon);
    })
    .map((s) => s.id);
  return { sections, sites };
}
