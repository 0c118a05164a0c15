import { booleanIntersects } from '@turf/boolean-intersects';
import { ApiError } from '../errors.js';
import { GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import type { Feature } from '../schemas/geojson.js';
import { type BBox, featureBbox } from './documents.js';
import { matchesFilters, type PropertyFilters } from './filters.js';
import type { Link } from './types.js';

export interface PagingLimits {
  /** Page size when the request names none. */
  defaultLimit: number;
  /** Largest page: a larger `limit` is clamped to it, never rejected. */
  maxLimit: number;
}

export interface ItemsRequest {
  limit?: number;
  offset?: number;
  /** The `bbox` parameter as sent (kept verbatim in the paging links). */
  bbox?: string;
  /** Property filters (`status=single-homed`), checked against the layer's queryables beforehand. */
  filters?: PropertyFilters;
}

/** `limit` clamped to 1…maxLimit (OGC API – Features /req/core/fc-limit-response-1). */
export function clampLimit(limit: number | undefined, { defaultLimit, maxLimit }: PagingLimits): number {
  if (limit === undefined || Number.isNaN(limit)) return Math.min(defaultLimit, maxLimit);
  return Math.max(1, Math.min(maxLimit, Math.trunc(limit)));
}

/**
 * Parses `bbox=minLon,minLat,maxLon,maxLat` (or the 6-number form with heights, which are
 * ignored) in CRS84. A box whose min longitude exceeds its max crosses the antimeridian.
 */
export function parseBbox(text: string): BBox {
  const fail = (message: string): never => {
    throw new ApiError(400, 'invalid-request', `bbox: ${message}`, [{ field: 'bbox', in: 'query', message }]);
  };
  const parts = text.split(',').map((p) => p.trim());
  const values = parts.map(Number);
  if ((values.length !== 4 && values.length !== 6) || parts.some((p) => p === '') || values.some((v) => !Number.isFinite(v))) {
    fail('expected 4 numbers: minLon,minLat,maxLon,maxLat (CRS84)');
  }
  const [minx, miny, maxx, maxy] = values.length === 4 ? values : [values[0], values[1], values[3], values[4]];
  if (miny > maxy) fail('the minimum latitude exceeds the maximum');
  if (miny < -90 || maxy > 90 || minx < -180 || maxx > 180) fail('longitudes must lie in −180…180 and latitudes in −90…90');
  return [minx, miny, maxx, maxy];
}

/** Whether a feature's geometry meets a box (edges included); a box whose min longitude exceeds its max crosses the antimeridian. */
export function intersectsBbox(feature: Feature, box: BBox): boolean {
  if (box[0] > box[2]) {
    return intersectsBbox(feature, [box[0], box[1], 180, box[3]]) || intersectsBbox(feature, [-180, box[1], box[2], box[3]]);
  }
  if (!feature.geometry) return false;
  const extent = featureBbox(feature);
  if (!extent || extent[0] > box[2] || extent[2] < box[0] || extent[1] > box[3] || extent[3] < box[1]) return false;
  const [minx, miny, maxx, maxy] = box;
  const polygon = { type: 'Polygon' as const, coordinates: [[[minx, miny], [maxx, miny], [maxx, maxy], [minx, maxy], [minx, miny]]] };
  return booleanIntersects(feature.geometry as Parameters<typeof booleanIntersects>[0], polygon);
}

/**
 * One page of a collection's items (OGC API – Features /req/core/fc-response): the features
 * matching `bbox` and the property filters, from `offset`, at most `limit` of them, with exact `numberMatched` and
 * `numberReturned` and `next`/`prev` links that keep the other parameters.
 *
 * @example
 * itemsPage(features, { limit: 10, offset: 20 }, 'http://localhost:3000/ogc/somme/collections/sites/items', limits);
 */
export function itemsPage(features: readonly Feature[], request: ItemsRequest, itemsUrl: string, limits: PagingLimits, now = new Date()) {
  const limit = clampLimit(request.limit, limits);
  const offset = Math.max(0, Math.trunc(request.offset ?? 0));
  const box = request.bbox === undefined ? undefined : parseBbox(request.bbox);
  const filters = Object.entries(request.filters ?? {});
  const matched = box || filters.length > 0
    ? features.filter((f) => (!box || intersectsBbox(f, box)) && matchesFilters(f, request.filters ?? {}))
    : features;
  const page = matched.slice(offset, offset + limit);
  const href = (at: number) => {
    const params = new URLSearchParams();
    if (request.bbox !== undefined) params.set('bbox', request.bbox);
    for (const [name, value] of filters) params.set(name, value);
    params.set('limit', String(limit));
    params.set('offset', String(at));
    return `${itemsUrl}?${params}`;
  };
  const links: Link[] = [
    { rel: 'self', type: GEOJSON_TYPE, title: 'this page', href: href(offset) },
    { rel: 'collection', type: JSON_TYPE, title: 'the collection', href: itemsUrl.replace(/\/items$/, '') },
  ];
  if (offset + page.length < matched.length) links.push({ rel: 'next', type: GEOJSON_TYPE, title: 'next page', href: href(offset + limit) });
  if (offset > 0) links.push({ rel: 'prev', type: GEOJSON_TYPE, title: 'previous page', href: href(Math.max(0, offset - limit)) });
  return {
    type: 'FeatureCollection' as const,
    timeStamp: now.toISOString(),
    numberMatched: matched.length,
    numberReturned: page.length,
    links,
    features: page,
  };
}
