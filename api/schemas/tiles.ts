import { z } from 'zod';
import { fromQuery, NetworkQuery, TopologyParams } from './common.js';
import { named } from './registry.js';

/** Deepest zoom a tile address may name (the server answers 400 beyond its own `maxzoom`). */
export const MAX_TILE_ZOOM = 24;

const coordinate = (description: string) =>
  fromQuery(z.number().int('expected an integer').min(0, 'expected an integer ≥ 0').max(2 ** MAX_TILE_ZOOM - 1)).describe(description);

export const TileParams = TopologyParams.extend({
  z: fromQuery(z.number().int('expected an integer').min(0, 'expected an integer ≥ 0').max(MAX_TILE_ZOOM, `expected a zoom from 0 to ${MAX_TILE_ZOOM}`)).describe('zoom level'),
  x: coordinate('tile column, 0 to 2^z − 1, from the antimeridian eastwards'),
  y: coordinate('tile row, 0 to 2^z − 1, from the north (XYZ scheme)'),
});

export const TileQuery = NetworkQuery.extend({
  v: z.string().max(200).optional().describe('the topology version tag tiles.json puts in its URLs; with the current one, the tile may be cached for a year'),
});

const FieldType = z.enum(['String', 'Number', 'Boolean']);
const VectorLayer = z.object({
  id: z.string(),
  description: z.string(),
  fields: z.record(z.string(), FieldType),
  minzoom: z.number(),
  maxzoom: z.number(),
});

/** TileJSON 3.0.0, with the zoom from which every feature is drawn. */
export const TileJson = named('TileJSON', z.object({
  tilejson: z.literal('3.0.0'),
  name: z.string(),
  description: z.string(),
  version: z.string().describe('the topology version tag the tile URLs carry'),
  scheme: z.literal('xyz'),
  tiles: z.array(z.string()),
  minzoom: z.number(),
  maxzoom: z.number(),
  fullDetailZoom: z.number().describe('from this zoom on, every section and site; below it, the backbone, and the rest in `density`'),
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  center: z.tuple([z.number(), z.number(), z.number()]),
  vector_layers: z.array(VectorLayer),
}), 'The vector tiles of a topology under some network options (TileJSON 3.0.0): URL template, zooms, extent and layers.');
