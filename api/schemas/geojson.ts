import { z } from 'zod';
import { named } from './registry.js';

const Position = z.array(z.number()).min(2);

export const Geometry = z.looseObject({
  type: z.enum(['Point', 'LineString', 'MultiLineString', 'Polygon', 'MultiPolygon']),
  coordinates: z.array(z.unknown()),
});

export const Feature = named('Feature', z.looseObject({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]).optional(),
  geometry: Geometry.nullable(),
  properties: z.record(z.string(), z.unknown()).nullable(),
}), 'A GeoJSON Feature (RFC 7946), coordinates in CRS84 longitude/latitude.');

export const FeatureCollection = named('FeatureCollection', z.looseObject({
  type: z.literal('FeatureCollection'),
  features: z.array(Feature),
}), 'A GeoJSON FeatureCollection (RFC 7946).');

export type FeatureCollection = z.infer<typeof FeatureCollection>;
export type Feature = z.infer<typeof Feature>;

const closedRing = z.array(Position).min(4).refine(
  (ring) => ring[0].length === ring[ring.length - 1].length && ring[0].every((c, i) => c === ring[ring.length - 1][i]),
  'a linear ring must end where it starts',
);

export const Polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(closedRing).min(1) });
export const MultiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(closedRing).min(1)).min(1) });
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

/** An area: a Polygon, a MultiPolygon, a Feature of one, or a FeatureCollection of exactly one such Feature. */
export const Area = named('Area', z.discriminatedUnion('type', [Polygon, MultiPolygon, PolygonFeature, PolygonCollection]),
  'A GeoJSON Polygon or MultiPolygon in CRS84 longitude/latitude, bare, as a Feature, or as a FeatureCollection of one Feature.');
export type Area = z.infer<typeof Area>;
