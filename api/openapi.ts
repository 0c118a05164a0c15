import type { PagingLimits } from './ogc/items.js';
import { LAYERS } from './ogc/layers.js';
import { queryablesOf } from './ogc/schema.js';

// biome-ignore lint/suspicious/noExplicitAny: the OpenAPI document is walked as free-form JSON
type Json = Record<string, any>;

const OGC_PREFIX = '/ogc/{topologyId}';

/** The `limit` parameter as OGC API – Features defines it; QGIS reads its maximum and default. */
export function limitParameter({ defaultLimit, maxLimit }: PagingLimits): Json {
  return {
    name: 'limit',
    in: 'query',
    required: false,
    style: 'form',
    explode: false,
    description: `The number of features in one page: 1…${maxLimit}, default ${defaultLimit}. A larger or smaller value is clamped, not rejected.`,
    schema: { type: 'integer', minimum: 1, maximum: maxLimit, default: defaultLimit },
  };
}

const BBOX_PARAMETER = {
  name: 'bbox',
  in: 'query',
  required: false,
  style: 'form',
  explode: false,
  description: 'Only the features that meet this box: minLon,minLat,maxLon,maxLat in CRS84 (longitude/latitude WGS 84).',
  schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } },
};

const OFFSET_PARAMETER = {
  name: 'offset',
  in: 'query',
  required: false,
  style: 'form',
  explode: false,
  description: 'The number of matching features to skip: the next links carry it.',
  schema: { type: 'integer', minimum: 0, default: 0 },
};

/**
 * Finishes the document generated from the route schemas: the OGC parameters in their standard
 * form (`limit` as the
 * component `#/components/parameters/limit`, which QGIS reads for its page size).
 */
export function finishDocument(document: Json, limits: PagingLimits): Json {
  const components = { ...document.components };
  components.parameters = { ...components.parameters, limit: limitParameter(limits), bbox: BBOX_PARAMETER, offset: OFFSET_PARAMETER };
  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    paths[path] = Object.fromEntries(Object.entries<Json>(item).map(([method, operation]) => {
      if (!path.startsWith(OGC_PREFIX) || !Array.isArray(operation.parameters)) return [method, operation];
      const parameters = operation.parameters.map((p: Json) =>
        p.in === 'query' && ['limit', 'bbox', 'offset'].includes(p.name) ? { $ref: `#/components/parameters/${p.name}` } : p);
      return [method, { ...operation, parameters }];
    }));
  }
  return { ...document, components, paths };
}

/**
 * `/collections/{id}/items` of each collection, with exactly the filters its queryables allow:
 * GDAL's OAPIF driver reads the query parameters of a collection's own path to know which
 * attribute filters (`status = 'single-homed'`) it may send to the server.
 */
function collectionItemsPaths(generic: Json | undefined): Json {
  const operation = generic?.get;
  if (!operation) return {};
  const paging = (operation.parameters ?? []).filter((p: Json) => p.$ref || (p.in === 'query' && p.name === 'f'));
  return Object.fromEntries(LAYERS.map((layer) => [`/collections/${layer.id}/items`, {
    get: {
      ...operation,
      operationId: `items-${layer.id}`,
      summary: `${layer.title}: features by pages, filtered by ${queryablesOf(layer).map((p) => p.name).join(', ')}`,
      parameters: [
        ...paging,
        ...queryablesOf(layer).map((p) => ({
          name: p.name, in: 'query', required: false, style: 'form', explode: false, description: `only the features whose ${p.name} equals this value: ${p.description}`,
          schema: { type: p.type, ...(p.enum && { enum: [...p.enum] }) },
        })),
      ],
    },
  }]));
}

/**
 * The API definition of one topology's OGC API (its `service-desc`): the `/ogc/{topologyId}`
 * paths of the whole document, relative to the landing page, which becomes the server URL, and
 * the items path of each collection with its own filters.
 */
export function ogcApiDocument(document: Json, landingUrl: string, title: string): Json {
  const paths: Json = {};
  for (const [path, item] of Object.entries<Json>(document.paths ?? {})) {
    if (!path.startsWith(OGC_PREFIX)) continue;
    const local = path.slice(OGC_PREFIX.length) || '/';
    paths[local] = Object.fromEntries(Object.entries<Json>(item).map(([method, operation]) => [method, {
      ...operation,
      parameters: (operation.parameters ?? []).filter((p: Json) => !(p.in === 'path' && p.name === 'topologyId')),
    }]));
  }
  return {
    ...document,
    info: { ...document.info, title: `${title} — OGC API – Features` },
    servers: [{ url: landingUrl }],
    paths: { ...paths, ...collectionItemsPaths(paths['/collections/{collectionId}/items']) },
  };
}
