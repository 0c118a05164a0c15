import type { Topology } from '../../src/model/schema.js';
import type { AvailabilityAnswer } from '../../src/requests/availability.js';
import type { Feature, FeatureCollection } from '../schemas/geojson.js';
import { TopologyGeometry } from './results.js';

/**
 * The NROs of an availability answer as Points, each with its expected outage (minutes a year:
 * single failures, and the bounds with double failures), its subscriber-hours lost and what cuts
 * it off most often: a layer QGIS colours by `unavailabilityMinPerYear`.
 *
 * @example
 * availabilityToGeoJSON(topology, availabilityRequest(workspace, {})).features[0].properties.unavailabilityMinPerYear; // 137.5
 */
export function availabilityToGeoJSON(topology: Topology, answer: AvailabilityAnswer): FeatureCollection {
  const geometry = new TopologyGeometry(topology);
  const features: Feature[] = answer.nros.map((nro) => {
    const worst = nro.singleFailures[0];
    const pair = nro.doubleFailures.top[0];
    return {
      type: 'Feature',
      id: nro.nro,
      geometry: geometry.point(nro.nro),
      properties: {
        name: nro.name ?? null,
        subscribers: nro.subscribers,
        status: nro.status,
        unavailabilityMinPerYear: nro.unavailabilityMinPerYear.lower,
        unavailabilitySingleMinPerYear: nro.unavailabilityMinPerYear.single,
        unavailabilityUpperMinPerYear: nro.unavailabilityMinPerYear.upper,
        subscriberHoursPerYear: nro.subscriberHoursPerYear.lower,
        worstSingleFailure: worst ? `${worst.kind} ${worst.id}` : null,
        sectionPairs: nro.doubleFailures.sectionPairs,
        worstDoubleFailure: pair ? `${pair.a.kind} ${pair.a.id} + ${pair.b.kind} ${pair.b.id}` : null,
      },
    };
  });
  return { type: 'FeatureCollection', features };
}
