import type { Topology } from '../../src/model/schema.js';
import type { Augmentation } from '../../src/planning/augmentation/min-cost-augmentation.js';
import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { type ProposeRequest, proposeRequest } from '../../src/requests/propose.js';
import type { FeatureCollection } from '../schemas/geojson.js';
import { GEOJSON_TYPE, JSON_TYPE } from '../http.js';

/** Bytes of a media type: what api/jobs/questions.ts calls an Answer (not imported from there: it imports this file). */
type TextAnswer = { type: string; text: string };

/**
 * `POST …/proposals` (docs/proposals.md): the request function the CLI's `propose` calls, its
 * answer as JSON or as GeoJSON of the proposed links.
 *
 * @example
 * await proposals(workspace, { request: { target: 'every-nro' }, format: 'geojson' });
 */
export async function proposals(ws: NetworkWorkspace, { request, format }: { request: ProposeRequest; format: 'json' | 'geojson' }): Promise<TextAnswer> {
  const answer = await proposeRequest(ws, request);
  return format === 'json'
    ? { type: JSON_TYPE, text: JSON.stringify(answer) }
    : { type: GEOJSON_TYPE, text: JSON.stringify(proposalsToGeoJSON(ws.topology, answer)) };
}

/**
 * The proposed links as one map layer of MultiLineStrings (as a plan's works): a rentable
 * conduit along its own geometry when it has one, any other link straight between its sites;
 * each with its figures. The set's totals are foreign members.
 *
 * @example
 * proposalsToGeoJSON(topology, answer).features[0].properties.securedNros;
 */
export function proposalsToGeoJSON(topology: Topology, answer: Augmentation): FeatureCollection {
  const sites = new Map(topology.sites.map((s) => [s.id, [s.lon, s.lat]]));
  const conduits = new Map((topology.rentableConduits ?? []).map((c) => [c.id, c]));
  return {
    type: 'FeatureCollection',
    method: answer.method,
    costEur: answer.costEur,
    lowerBoundEur: answer.lowerBoundEur,
    features: answer.links.map((link) => {
      const conduit = link.source === 'rentable conduit' ? conduits.get(link.id) : undefined;
      const line = conduit?.geometry ?? [sites.get(link.a)!, sites.get(link.b)!];
      return {
        type: 'Feature' as const,
        id: `proposedLink/${link.id}`,
        geometry: { type: 'MultiLineString' as const, coordinates: [line] },
        properties: { featureType: 'proposedLink', ...link },
      };
    }),
  };
}
