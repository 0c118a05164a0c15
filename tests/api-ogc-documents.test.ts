import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { collectionDocument, conformance, extentOf, landingPage } from '../api/ogc/documents.js';
import { clampLimit, intersectsBbox, itemsPage, parseBbox } from '../api/ogc/items.js';
import { finishDocument, ogcApiDocument } from '../api/openapi.js';
import type { Feature } from '../api/schemas/geojson.js';

const base = 'http://localhost:3000/ogc/somme';
const limits = { defaultLimit: 10, maxLimit: 100 };
const point = (id: string, x: number, y: number): Feature => ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [x, y] }, properties: {} });
const line = (id: string, coordinates: number[][]): Feature => ({ type: 'Feature', id, geometry: { type: 'LineString', coordinates }, properties: {} });
const grid = Array.from({ length: 25 }, (_, i) => point(`P-${String(i).padStart(2, '0')}`, i % 5, Math.floor(i / 5)));
const rel = (links: Array<{ rel: string; href: string; type?: string }>, name: string) => links.find((l) => l.rel === name);

describe('OGC landing page and conformance', () => {
  it('links the API definition, documentation, conformance and collections with their types', () => {
    const page = landingPage(base, 'Somme', 'backbone', 'http://localhost:3000/docs');
    expect(rel(page.links, 'service-desc')).toEqual(expect.objectContaining({ href: `${base}/api`, type: 'application/vnd.oai.openapi+json;version=3.0' }));
    expect(rel(page.links, 'data')).toEqual(expect.objectContaining({ href: `${base}/collections`, type: 'application/json' }));
    expect(rel(page.links, 'conformance')?.href).toBe(`${base}/conformance`);
    expect(rel(page.links, 'service-doc')?.type).toBe('text/html');
  });

  it('declares core, GeoJSON and OpenAPI 3.0', () => {
    expect(conformance().conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
    ]);
  });
});

describe('OGC collection', () => {
  it('has the extent of its features in CRS84, their count and a typed items link', () => {
    const doc = collectionDocument(base, { id: 'sections', title: 'Sections', description: '…' }, [line('S-1', [[1.5, 50.2], [2.3, 49.9]]), point('X', 1.4, 50.0)]);
    expect(doc.extent?.spatial).toEqual({ bbox: [[1.4, 49.9, 2.3, 50.2]], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' });
    expect(doc.itemCount).toBe(2);
    expect(rel(doc.links, 'items')).toEqual(expect.objectContaining({ href: `${base}/collections/sections/items`, type: 'application/geo+json' }));
    expect(rel(doc.links, 'self')?.type).toBe('application/json');
  });

  it('has no extent when it has no features', () => {
    expect(extentOf([])).toBeUndefined();
    expect(collectionDocument(base, { id: 'x', title: 'x', description: 'x' }, [])).not.toHaveProperty('extent');
  });
});

describe('OGC items paging', () => {
  const url = `${base}/collections/sites/items`;

  it('returns exact counts and a next link until the last page', () => {
    const seen: string[] = [];
    let offset = 0;
    for (let pages = 0; pages < 10; pages++) {
      const page = itemsPage(grid, { limit: 10, offset }, url, limits);
      expect(page.numberMatched).toBe(25);
      expect(page.numberReturned).toBe(page.features.length);
      seen.push(...page.features.map((f) => String(f.id)));
      const next = rel(page.links, 'next');
      if (!next) break;
      expect(next.type).toBe('application/geo+json');
      offset = Number(new URL(next.href).searchParams.get('offset'));
    }
    expect(seen).toEqual(grid.map((f) => f.id));
  });

  it('clamps limit to 1…max instead of rejecting it', () => {
    expect(clampLimit(undefined, limits)).toBe(10);
    expect(clampLimit(0, limits)).toBe(1);
    expect(clampLimit(-3, limits)).toBe(1);
    expect(clampLimit(1_000_000, limits)).toBe(100);
    expect(itemsPage(grid, { limit: 0 }, url, limits).numberReturned).toBe(1);
    const big = itemsPage(grid, { limit: 5000 }, url, { defaultLimit: 10, maxLimit: 20 });
    expect(big.numberReturned).toBe(20);
    expect(new URL(rel(big.links, 'next')!.href).searchParams.get('limit')).toBe('20');
  });

  it('filters by bbox and keeps it in the paging links', () => {
    const page = itemsPage(grid, { bbox: '0.5,0.5,2.5,2.5', limit: 2 }, url, limits);
    expect(page.numberMatched).toBe(4); // (1,1) (2,1) (1,2) (2,2)
    const next = new URL(rel(page.links, 'next')!.href);
    expect(next.searchParams.get('bbox')).toBe('0.5,0.5,2.5,2.5');
    expect(next.searchParams.get('offset')).toBe('2');
    expect(rel(page.links, 'prev')).toBeUndefined();
    const last = itemsPage(grid, { bbox: '0.5,0.5,2.5,2.5', limit: 2, offset: 2 }, url, limits);
    expect(rel(last.links, 'next')).toBeUndefined();
    expect(new URL(rel(last.links, 'prev')!.href).searchParams.get('offset')).toBe('0');
  });

  it('an offset past the end gives an empty page with the exact count', () => {
    const page = itemsPage(grid, { offset: 100 }, url, limits);
    expect(page).toMatchObject({ numberMatched: 25, numberReturned: 0, features: [] });
  });

  it('matches lines that cross the box even when no vertex is inside it', () => {
    const crossing = line('S', [[-1, 0.5], [3, 0.5]]);
    const beside = line('T', [[-1, 2], [0, 3]]);
    expect(intersectsBbox(crossing, [0, 0, 1, 1])).toBe(true);
    expect(intersectsBbox(beside, [0, 0, 1, 1])).toBe(false);
    // The diagonal's extent covers the box corner but the line misses it.
    expect(intersectsBbox(line('D', [[0, 1.6], [1.6, 0]]), [0, 0, 0.5, 0.5])).toBe(false);
    expect(intersectsBbox(point('edge', 1, 1), [0, 0, 1, 1])).toBe(true);
  });

  it('reads 4- and 6-number boxes, boxes across the antimeridian, and rejects malformed ones naming bbox', () => {
    expect(parseBbox('1,2,3,4')).toEqual([1, 2, 3, 4]);
    expect(parseBbox('1,2,0,3,4,100')).toEqual([1, 2, 3, 4]);
    expect(intersectsBbox(point('fiji', 179.5, -17), parseBbox('170,-20,-170,-10'))).toBe(true);
    expect(intersectsBbox(point('far', 0, -17), parseBbox('170,-20,-170,-10'))).toBe(false);
    for (const bad of ['1,2,3', 'a,b,c,d', '1,2,,4', '0,10,1,5', '0,0,200,1']) {
      let error: unknown;
      try {
        parseBbox(bad);
      } catch (e) {
        error = e;
      }
      expect(error, bad).toBeInstanceOf(ApiError);
      expect((error as ApiError).details[0].field).toBe('bbox');
    }
  });
});

describe('OpenAPI documents', () => {
  const generated = {
    openapi: '3.0.3',
    info: { title: 'fibre-resilience', version: '1' },
    paths: {
      '/v1/topologies': { get: { parameters: [] } },
      '/ogc/{topologyId}': { get: { parameters: [{ in: 'path', name: 'topologyId', required: true, schema: { type: 'string' } }] } },
      '/ogc/{topologyId}/collections/{collectionId}/items': {
        get: {
          parameters: [
            { in: 'query', name: 'limit', schema: { type: 'integer' } },
            { in: 'path', name: 'topologyId', required: true, schema: { type: 'string' } },
            { in: 'path', name: 'collectionId', required: true, schema: { type: 'string' } },
          ],
        },
      },
    },
  };

  it('gives limit as the component QGIS reads, with its maximum and default', () => {
    const doc = finishDocument(generated, { defaultLimit: 10, maxLimit: 10000 });
    expect(doc.components.parameters.limit).toMatchObject({ name: 'limit', in: 'query', style: 'form', explode: false, schema: { type: 'integer', minimum: 1, maximum: 10000, default: 10 } });
    expect(doc.paths['/ogc/{topologyId}/collections/{collectionId}/items'].get.parameters[0]).toEqual({ $ref: '#/components/parameters/limit' });
  });

  it('derives the API definition of one OGC API, relative to its landing page', () => {
    const doc = ogcApiDocument(finishDocument(generated, limits), base, 'Somme');
    expect(doc.servers).toEqual([{ url: base }]);
    expect(Object.keys(doc.paths)).toEqual(['/', '/collections/{collectionId}/items']);
    expect(doc.paths['/collections/{collectionId}/items'].get.parameters.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref))
      .toEqual(['#/components/parameters/limit', 'collectionId']);
    expect(doc.components.parameters.limit.schema.maximum).toBe(100);
  });
});
