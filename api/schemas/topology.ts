import { z } from 'zod';
import { Topology } from '../../src/model/schema.js';
import { FeatureCollection } from './geojson.js';
import { documentOnly, named } from './registry.js';

export const Link = named('Link', z.object({
  rel: z.string(),
  href: z.string(),
  type: z.string().optional(),
  title: z.string().optional(),
}), 'A web link (RFC 8288).');

export const Counts = z.object({
  sites: z.number().int(),
  nros: z.number().int(),
  headends: z.number().int(),
  sections: z.number().int(),
  redundancyLinks: z.number().int(),
  desaturationWorks: z.number().int(),
  subscribers: z.number(),
  lengthM: z.number().describe('total length of the sections, metres'),
});

export const TopologyInfo = named('TopologyInfo', z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int().describe('1 for a file of the topology folder; each upload adds one'),
  etag: z.string().describe('entity tag of this version, for If-Match'),
  source: z.enum(['seed', 'upload']),
  updatedAt: z.string().optional(),
  counts: Counts,
  links: z.array(Link),
}), 'A topology of the server: its id, name, version and counts.');

export const TopologyList = z.object({ topologies: z.array(TopologyInfo) });

/** A topology document as uploaded: `fibre-topology/1` JSON or its GeoJSON FeatureCollection. */
export { Topology };
export const TopologyDocument = named('TopologyDocument', documentOnly(z.union([named('Topology', Topology), FeatureCollection])),
  'A `fibre-topology/1` document, or its GeoJSON FeatureCollection as `export geojson` writes it. Validated as a whole: every problem is reported, each with its JSON path and id.');

export const ValidationReport = named('ValidationReport', z.object({
  valid: z.literal(true),
  name: z.string(),
  counts: Counts,
  warnings: z.array(z.object({
    table: z.enum(['redundancyLinks', 'desaturationWorks']),
    field: z.enum(['lengthM', 'costEur']),
    declared: z.number(),
    rowSum: z.number(),
    difference: z.number(),
    message: z.string(),
  })).describe('declared totals that differ from the sums of the rows'),
}), 'A valid document: its counts and the warnings of `info`.');
