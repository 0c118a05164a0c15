import type { Layer } from './layers.js';
import type { PropertySpec } from './properties.js';

const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2019-09/schema';

/**
 * One attribute in JSON Schema. A nullable attribute keeps its one `type` (GDAL reads `type` as a
 * single string to type its field) and says so in its description.
 */
function propertySchema(p: PropertySpec) {
  return {
    title: p.name,
    description: p.description,
    type: p.type,
    ...(p.enum && { enum: [...p.enum] }),
  };
}

/**
 * The JSON Schema of the features of a collection (its `describedby` link): a GeoJSON Feature
 * of one geometry type whose `properties` have exactly these attributes. GDAL's OAPIF driver
 * types its fields from it instead of guessing from the first page.
 */
export function featureSchema(layer: Layer, url: string) {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: url,
    title: layer.title,
    description: layer.description,
    type: 'object' as const,
    required: ['type', 'id', 'geometry', 'properties'],
    properties: {
      type: { type: 'string', enum: ['Feature'] },
      id: { type: 'string', description: 'the id of the site or section' },
      geometry: {
        type: 'object',
        description: `a GeoJSON ${layer.geometry} in CRS84 longitude/latitude`,
        required: ['type', 'coordinates'],
        properties: { type: { type: 'string', enum: [layer.geometry] }, coordinates: { type: 'array' } },
      },
      properties: {
        type: 'object',
        required: layer.properties.map((p) => p.name),
        properties: Object.fromEntries(layer.properties.map((p) => [p.name, propertySchema(p)])),
      },
    },
  };
}

/** The attributes of a layer a client may filter its items by (`?name=value`). */
export const queryablesOf = (layer: Layer): readonly PropertySpec[] => layer.properties.filter((p) => p.queryable);

/**
 * The queryables of a collection (OGC API – Features Part 3, `/collections/{id}/queryables`):
 * a JSON Schema of the attributes that `?name=value` filters by.
 */
export function queryablesDocument(layer: Layer, url: string) {
  return {
    $schema: JSON_SCHEMA_DIALECT,
    $id: url,
    title: `${layer.title}: queryables`,
    description: 'The attributes the items can be filtered by: ?name=value keeps the features whose attribute equals the value.',
    type: 'object' as const,
    properties: Object.fromEntries(queryablesOf(layer).map((p) => [p.name, propertySchema(p)])),
    additionalProperties: false,
  };
}
