import { z } from 'zod';

/** Most vertices an area may have, all rings together: enough for a commune's outline, not a freeze. */
export const MAX_AREA_VERTICES = 10_000;

const Position = z.array(z.number().finite()).min(2).max(3)
  .refine(([lon, lat]) => lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90, 'longitude in −180…180 and latitude in −90…90 (CRS84)');

const LinearRing = z.array(Position).min(4, 'a linear ring has at least 4 positions').max(MAX_AREA_VERTICES).refine(
  (ring) => ring.length < 2 || (ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]),
  'a linear ring must end where it starts',
);

const vertexCount = (rings: ReadonlyArray<ReadonlyArray<unknown>>) => rings.reduce((n, ring) => n + ring.length, 0);
const withinVertexBound = { message: `an area has at most ${MAX_AREA_VERTICES} vertices in all` };

export const Polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(LinearRing).min(1).max(1000).refine((rings) => vertexCount(rings) <= MAX_AREA_VERTICES, withinVertexBound),
});
export const MultiPolygon = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(LinearRing).min(1).max(1000)).min(1).max(1000)
    .refine((polygons) => polygons.reduce((n, rings) => n + vertexCount(rings), 0) <= MAX_AREA_VERTICES, withinVertexBound),
});

const PolygonFeature = z.object({
  type: z.literal('Feature'),
  geometry: z.discriminatedUnion('type', [Polygon, MultiPolygon]),
  properties: z.record(z.string(), z.unknown()).nullable().optional(),
  id: z.union([z.string().max(200), z.number()]).optional(),
});

const PolygonCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(PolygonFeature).length(1, 'send one polygon feature (or a MultiPolygon)'),
});

/**
 * An area that a cut fails (a flood, a roadwork): a GeoJSON Polygon or MultiPolygon in CRS84,
 * bare, as a Feature, or as a FeatureCollection of exactly one such Feature. Rings are closed;
 * at most `MAX_AREA_VERTICES` vertices in all.
 */
export const Area = z.discriminatedUnion('type', [Polygon, MultiPolygon, PolygonFeature, PolygonCollection]);
export type Area = z.infer<typeof Area>;
export type AreaGeometry = z.infer<typeof Polygon> | z.infer<typeof MultiPolygon>;

/**
 * How many positions a value holds if read as an area, counted without checking anything else
 * and stopping past `limit`: a cheap guard that refuses a huge area before the full check,
 * which looks at every position.
 *
 * @example
 * areaVertexCount({ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }); // 4
 */
export function areaVertexCount(value: unknown, limit = MAX_AREA_VERTICES): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0 && count <= limit) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      if (item.length > 0 && typeof item[0] === 'number') count++;
      else for (const child of item) stack.push(child);
    } else if (item !== null && typeof item === 'object') {
      const { coordinates, geometry, features } = item as Record<string, unknown>;
      stack.push(coordinates, geometry, features);
    }
  }
  return count;
}

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
