import { z } from 'zod';
import { CUT_LAYERS } from '../geojson/cut.js';
import { FormatQuery, NetworkQuery } from './common.js';

/** The query string of `POST /v1/topologies/:id/cuts`: the network, the format, and for GeoJSON the layer. Strict: an unknown parameter is a 400 naming it. */
export const CutQuery = NetworkQuery.extend(FormatQuery.shape).extend({
  layer: z.enum(CUT_LAYERS).optional().describe(
    'with GeoJSON, one layer of one geometry type: sections (LineString; failed, saturating and loaded further), sites (Point; failed and isolated), routes (MultiLineString; lost and new routes, with reroute), area (the polygon); default sections',
  ),
}).strict();
