import { z } from 'zod';
import { LAYERS } from '../ogc/layers.js';
import { queryablesOf } from '../ogc/schema.js';
import { Feature, FeatureCollection } from './geojson.js';
import { documentOnly, named } from './registry.js';
import { Link } from './topology.js';

export const OgcParams = z.object({
  topologyId: z.string().min(1).max(200).describe('topology id (`somme`)'),
});

export const CollectionParams = OgcParams.extend({
  collectionId: z.string().min(1).describe('sites, sections, nros, critical-sections, saturation'),
});

export const FeatureParams = CollectionParams.extend({
  featureId: z.string().min(1).describe('the id of the site or section'),
});

/** Every OGC query string is strict: an unknown parameter (`crs`, a misspelt filter) is a 400 naming it. */
export const OgcFormatQuery = z.strictObject({
  f: z.enum(['json', 'geojson']).optional().describe('only JSON is offered'),
});

/** The paging parameters of `/items`, as opposed to its property filters. */
export const PAGING_PARAMETERS = ['limit', 'offset', 'bbox', 'f'] as const;

/** Every attribute some collection can be filtered by; which ones a collection takes is checked against its queryables. */
const FILTERS = [...new Set(LAYERS.flatMap((layer) => queryablesOf(layer).map((p) => p.name)))].sort();

export const ItemsQuery = z.strictObject({
  limit: z.coerce.number().int().min(0).max(1_000_000_000).optional().describe('page size, clamped to 1…max'),
  offset: z.coerce.number().int().min(0).max(1_000_000_000).optional().describe('matching features to skip'),
  bbox: z.string().max(200).optional().describe('minLon,minLat,maxLon,maxLat in CRS84'),
  f: z.enum(['json', 'geojson']).optional(),
  ...Object.fromEntries(FILTERS.map((name) => [name, z.string().max(500).optional()
    .describe(`only the features whose ${name} equals this value, on the collections that list ${name} in their queryables`)])),
});

export const LandingPage = named('LandingPage', z.object({
  title: z.string(),
  description: z.string(),
  links: z.array(Link),
}), 'OGC API landing page: links to the API definition, the conformance classes and the collections.');

export const Conformance = named('Conformance', z.object({ conformsTo: z.array(z.string()) }), 'OGC API conformance classes.');

export const Collection = named('Collection', z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  itemType: z.string(),
  extent: z.object({ spatial: z.object({ bbox: z.array(z.array(z.number())), crs: z.string() }) }).optional(),
  crs: z.array(z.string()),
  storageCrs: z.string(),
  itemCount: z.number().int(),
  links: z.array(Link),
}), 'A feature collection: its extent, CRS and typed links to its items.');

export const Collections = named('Collections', z.object({ links: z.array(Link), collections: z.array(Collection) }), 'The feature collections.');

export const ItemsPage = named('FeatureCollectionPage', FeatureCollection.extend({
  timeStamp: z.string(),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  links: z.array(Link),
}), 'One page of a collection: features, exact numberMatched/numberReturned and next/prev links.');

export const ItemDocument = named('FeatureItem', Feature.extend({ links: z.array(Link) }), 'One feature, with links.');

/** A JSON Schema document (a collection's schema or queryables), sent as it is. */
export const JsonSchemaDocument = documentOnly(z.looseObject({ type: z.literal('object') })
  .describe('a JSON Schema (draft 2019-09) of an object: the features of a collection, or its queryables'));

export const OgcIndex = z.object({
  title: z.string(),
  links: z.array(Link),
});
