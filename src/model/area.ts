import { z } from 'zod';

const Position = z.array(z.number()).min(2);

const LinearRing = z.array(Position).min(4, 'a linear ring has at least 4 positions').refine(
  (ring) => ring[0].length === ring[ring.length - 1].length && ring[0].every((c, i) => c === ring[ring.length - 1][i]),
  'a linear ring must end where it starts',
);

export const Polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(LinearRing).min(1) });
export const MultiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(LinearRing).min(1)).min(1) });

const PolygonFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.discriminatedUnion('type', [Polygon, MultiPolygon]),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  id: z.union([z.string(), z.number()]).optional(),
});

const PolygonCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(PolygonFeature).length(1, 'send one polygon feature (or a MultiPolygon)'),
});

/**
 * An area that a cut fails (a flood, a roadwork): a GeoJSON Polygon or MultiPolygon in CRS84,
 * bare, as a Feature, or as a FeatureCollection of exactly one such Feature. Rings are closed.
 */
export const Area = z.discriminatedUnion('type', [Polygon, MultiPolygon, PolygonFeature, PolygonCollection]);
export type Area = z.infer<typeof Area>;
export type AreaGeometry = z.infer<typeof Polygon> | z.infer<typeof MultiPolygon>;

/**
 * The Polygon or MultiPolygon of an area, whatever form it came in.
 *
 * @example
 * areaGeometry({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: square }] }); // square
 */
export function areaGeometry(area: Area): AreaGeometry {
  if (area.type === 'FeatureCollection') return area.features[0].geometry;
  return area.type === 'Feature' ? area.geometry : area;
}
