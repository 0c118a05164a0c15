import { z } from 'zod';
import { Area as EngineArea } from '../../src/model/area.js';
import { named } from './registry.js';

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

/** An area: a Polygon, a MultiPolygon, a Feature of one, or a FeatureCollection of exactly one such Feature. */
export const Area = named('Area', EngineArea,
  'A GeoJSON Polygon or MultiPolygon in CRS84 longitude/latitude, bare, as a Feature, or as a FeatureCollection of one Feature.');
export type Area = z.infer<typeof Area>;
