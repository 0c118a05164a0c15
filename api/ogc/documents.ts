import { GEOJSON_TYPE, JSON_TYPE, JSON_SCHEMA_TYPE, OPENAPI_TYPE } from '../http.js';
import type { Feature } from '../schemas/geojson.js';
import type { Link } from './types.js';

/** OGC API – Features Part 1 conformance classes this API implements. */
export const CONFORMANCE_CLASSES = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
] as const;

export const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** The landing page of the OGC API of one topology. `base` is its absolute URL (`…/ogc/somme`). */
export function landingPage(base: string, title: string, description: string, docsUrl: string) {
  return {
    title,
    description,
    links: [
      { rel: 'self', type: JSON_TYPE, title: 'this document', href: base },
      { rel: 'service-desc', type: OPENAPI_TYPE, title: 'the API definition (OpenAPI 3.0)', href: `${base}/api` },
      { rel: 'service-doc', type: 'text/html', title: 'the API documentation', href: docsUrl },
      { rel: 'conformance', type: JSON_TYPE, title: 'OGC API conformance classes implemented', href: `${base}/conformance` },
      { rel: 'data', type: JSON_TYPE, title: 'the feature collections', href: `${base}/collections` },
    ] satisfies Link[],
  };
}

export function conformance() {
  return { conformsTo: [...CONFORMANCE_CLASSES] };
}

/** What a collection is: its id, title and description. */
export interface CollectionInfo {
  id: string;
  title: string;
  description: string;
}

export type BBox = [number, number, number, number];

/** The bounding box of some features in CRS84, or undefined when they have no coordinates. */
export function extentOf(features: readonly Feature[]): BBox | undefined {
  let box: BBox | undefined;
  for (const f of features) {
    const b = featureBbox(f);
    if (!b) continue;
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : b;
  }
  return box;
}

/**
 * The description of one collection: extent, CRS, item count and typed links, among them its
 * schema (`describedby`; also spelt `describedBy`, the rel GDAL's OAPIF driver looks for) and its
 * queryables (OGC API – Features Part 3).
 */
export function collectionDocument(base: string, info: CollectionInfo, features: readonly Feature[]) {
  const url = `${base}/collections/${encodeURIComponent(info.id)}`;
  const extent = extentOf(features);
  return {
    id: info.id,
    title: info.title,
    description: info.description,
    itemType: 'feature',
    ...(extent && { extent: { spatial: { bbox: [extent], crs: CRS84 } } }),
    crs: [CRS84],
    storageCrs: CRS84,
    itemCount: features.length,
    links: [
      { rel: 'self', type: JSON_TYPE, title: info.title, href: url },
      { rel: 'items', type: GEOJSON_TYPE, title: `${info.title} (GeoJSON)`, href: `${url}/items` },
      { rel: 'describedby', type: JSON_SCHEMA_TYPE, title: 'the JSON Schema of the features', href: `${url}/schema` },
      { rel: 'describedBy', type: JSON_SCHEMA_TYPE, title: 'the JSON Schema of the features', href: `${url}/schema` },
      { rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: JSON_SCHEMA_TYPE, title: 'the attributes to filter by', href: `${url}/queryables` },
      { rel: 'queryables', type: JSON_SCHEMA_TYPE, title: 'the attributes to filter by', href: `${url}/queryables` },
      { rel: 'parent', type: JSON_TYPE, title: 'the feature collections', href: `${base}/collections` },
    ] satisfies Link[],
  };
}

export function collectionsDocument(base: string, collections: ReturnType<typeof collectionDocument>[]) {
  return {
    links: [
      { rel: 'self', type: JSON_TYPE, title: 'the feature collections', href: `${base}/collections` },
      { rel: 'parent', type: JSON_TYPE, title: 'the landing page', href: base },
    ] satisfies Link[],
    collections,
  };
}

/** The bounding box of one feature's geometry. */
export function featureBbox(feature: Feature): BBox | undefined {
  const g = feature.geometry;
  if (!g) return undefined;
  let box: BBox | undefined;
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') {
      const [x, y] = c as number[];
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
    } else c.forEach(visit);
  };
  visit(g.coordinates);
  return box;
}
