import type { PagingLimits } from './ogc/items.js';

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
 * The API definition of one topology's OGC API (its `service-desc`): the `/ogc/{topologyId}`
 * paths of the whole document, relative to the landing page, which becomes the server URL.
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
    paths,
  };
}
