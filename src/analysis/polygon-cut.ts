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
  const box = extent(polygon.type === 'Polygon' ? polygon.coordinates.flat() : polygon.coordinates.flat(2));
  const position = new Map(topology.sites.map((s) => [s.id, [s.lon, s.lat]]));
  const sites = topology.sites
    .filter((s) => net.siteIndex.has(s.id) && overlaps(box, [s.lon, s.lat, s.lon, s.lat]) && booleanPointInPolygon([s.lon, s.lat], polygon))
    .map((s) => s.id);
  const sections = topology.sections
    .filter((s) => net.sectionIndex.has(s.id))
    .filter((s) => {
      const coordinates = s.geometry ?? [position.get(s.from)!, position.get(s.to)!];
      // The exact test is costly on a detailed area: only sections whose extent meets the area's are tested.
      return overlaps(box, extent(coordinates)) && booleanIntersects({ type: 'LineString', coordinates }, polygon);
    })
    .map((s) => s.id);
  return { sections, sites };
}

type Box = [number, number, number, number];

function extent(positions: ReadonlyArray<ReadonlyArray<number>>): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of positions) {
    if (x < box[0]) box[0] = x;
    if (y < box[1]) box[1] = y;
    if (x > box[2]) box[2] = x;
    if (y > box[3]) box[3] = y;
  }
  return box;
}

const overlaps = (a: Box, b: Box) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
