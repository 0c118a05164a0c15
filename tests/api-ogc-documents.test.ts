import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { type CutLayer, cutToGeoJSON } from '../api/geojson/cut.js';
import { collectionDocument, conformance, extentOf, landingPage } from '../api/ogc/documents.js';
import { checkFilters, matchesFilters } from '../api/ogc/filters.js';
import { clampLimit, intersectsBbox, itemsPage, parseBbox } from '../api/ogc/items.js';
import { findLayer, LAYERS, layerFeatures } from '../api/ogc/layers.js';
import { listOf, listValue } from '../api/ogc/properties.js';
import { featureSchema, queryablesDocument } from '../api/ogc/schema.js';
import { readTopologyFile } from '../src/io/read-topology.js';
import type { Topology } from '../src/model/schema.js';
import { type CutAnswer, cutRequest } from '../src/requests/cut.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { SOMME_FILE } from './support/api.js';
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

  it('declares core, GeoJSON, OpenAPI 3.0 and the queryables of Part 3', () => {
    expect(conformance().conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
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
    expect(Object.keys(doc.paths)).toEqual(['/', '/collections/{collectionId}/items',
      '/collections/sites/items', '/collections/sections/items', '/collections/nros/items', '/collections/critical-sections/items', '/collections/saturation/items', '/collections/availability/items']);
    expect(doc.paths['/collections/{collectionId}/items'].get.parameters.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref))
      .toEqual(['#/components/parameters/limit', 'collectionId']);
    // GDAL sends an attribute filter to the server when the collection's own path lists it as a query parameter.
    const names = (path: string) => doc.paths[path].get.parameters.map((p: { name?: string; $ref?: string }) => p.name ?? p.$ref);
    expect(names('/collections/nros/items')).toEqual(['#/components/parameters/limit', 'name', 'status', 'paths']);
    expect(names('/collections/saturation/items')).toEqual(['#/components/parameters/limit', 'owner', 'state']);
    expect(doc.paths['/collections/nros/items'].get.parameters[2].schema).toEqual({ type: 'string', enum: ['isolated', 'single-homed', 'secured'] });
    expect(doc.components.parameters.limit.schema.maximum).toBe(100);
  });
});

describe('OGC collection schemas, queryables and property filters', () => {
  let workspace: NetworkWorkspace;
  beforeAll(async () => {
    workspace = new NetworkWorkspace(await readTopologyFile(SOMME_FILE));
  });
  const loaded = () => workspace.network({ headends: [], includePlanned: false, withLinks: [] });
  const JSON_TYPES: Record<string, (v: unknown) => boolean> = {
    string: (v) => typeof v === 'string', integer: (v) => Number.isInteger(v), number: (v) => typeof v === 'number', boolean: (v) => typeof v === 'boolean',
  };

  it('gives every feature of every layer exactly the attributes of its schema, of their JSON types, lists as strings', () => {
    for (const layer of LAYERS) {
      const schema = featureSchema(layer, `${base}/collections/${layer.id}/schema`);
      const declared = schema.properties.properties.properties as Record<string, { type: string; enum?: string[] }>;
      expect(Object.keys(declared), layer.id).toEqual(layer.properties.map((p) => p.name));
      expect(schema.properties.geometry.properties.type.enum).toEqual([layer.geometry]);
      const features = layer.features(loaded());
      expect(features.length, layer.id).toBeGreaterThan(0);
      for (const f of features) {
        expect(f.geometry?.type, `${layer.id} ${f.id}`).toBe(layer.geometry);
        expect(Object.keys(f.properties ?? {}), `${layer.id} ${f.id}`).toEqual(Object.keys(declared));
        for (const [name, spec] of Object.entries(declared)) {
          const value = f.properties?.[name];
          const nullable = layer.properties.find((p) => p.name === name)?.nullable;
          if (value === null) expect(nullable, `${layer.id} ${f.id} ${name} is null`).toBe(true);
          else {
            expect(JSON_TYPES[spec.type](value), `${layer.id} ${f.id} ${name}: ${JSON.stringify(value)}`).toBe(true);
            if (spec.enum) expect(spec.enum).toContain(value);
          }
        }
      }
    }
  });

  it('encodes the NROs’ lists as comma-separated ids, empty string when none, equal to the analysis', () => {
    const nros = layerFeatures(LAYERS.find((l) => l.id === 'nros')!, loaded());
    const report = loaded().report();
    expect(nros.map((f) => f.id)).toEqual(report.nros.map((n) => n.id));
    for (const [i, n] of report.nros.entries()) {
      const p = nros[i].properties as Record<string, string>;
      expect(listOf(p.criticalSections)).toEqual(n.criticalSections);
      expect(listOf(p.criticalSites)).toEqual(n.criticalSites);
      expect(listOf(p.sharedRiskGroups)).toEqual(n.sharedRiskGroups);
      expect(listOf(p.exposedBy)).toEqual(n.exposedBy);
    }
    expect(nros[0].properties?.criticalSections).toBe(''); // the first NRO is secured: the case GIS clients used to lose
    expect(listValue(['S-1', 'S-2'])).toBe('S-1,S-2');
  });

  it('publishes the queryables as a JSON Schema of the filterable attributes only', () => {
    const nros = findLayer('nros')!;
    const doc = queryablesDocument(nros, `${base}/collections/nros/queryables`);
    expect(doc).toMatchObject({ $id: `${base}/collections/nros/queryables`, type: 'object', additionalProperties: false });
    expect(Object.keys(doc.properties)).toEqual(['name', 'status', 'paths']);
    expect(doc.properties.status).toMatchObject({ type: 'string', enum: ['isolated', 'single-homed', 'secured'] });
    expect(Object.keys(queryablesDocument(findLayer('saturation')!, 'x').properties)).toEqual(['owner', 'state']);
  });

  it('links each collection to its schema (describedby, and describedBy for GDAL) and its queryables', () => {
    const doc = collectionDocument(base, { id: 'nros', title: 'NROs', description: '…' }, []);
    for (const name of ['describedby', 'describedBy']) {
      expect(rel(doc.links, name)).toEqual(expect.objectContaining({ href: `${base}/collections/nros/schema`, type: 'application/schema+json' }));
    }
    expect(rel(doc.links, 'http://www.opengis.net/def/rel/ogc/1.0/queryables')?.href).toBe(`${base}/collections/nros/queryables`);
  });

  it('refuses a filter that is not a queryable of the collection, or a value outside its type, naming the parameter', () => {
    const sites = findLayer('sites')!;
    const failure = (filters: Record<string, string>) => {
      try {
        checkFilters(sites, filters);
        return undefined;
      } catch (error) {
        return error as ApiError;
      }
    };
    expect(failure({ kind: 'nro', status: 'planned' })).toBeUndefined();
    expect(failure({ state: 'saturated' })).toMatchObject({ statusCode: 400, details: [{ field: 'state', in: 'query' }] });
    expect(failure({ status: 'secured' })).toMatchObject({ details: [{ field: 'status' }] });
    expect(failure({ kind: 'road' })?.message).toMatch(/kind: expected one of headend, pop, nro, junction/);
    const nros = findLayer('nros')!;
    expect(() => checkFilters(nros, { paths: 'one' })).toThrow(/paths: expected an integer/);
  });

  it('filters a page by attributes, with exact counts, and keeps the filters in its links', () => {
    const features = [
      { ...point('A', 0, 0), properties: { status: 'secured', paths: 2 } },
      { ...point('B', 1, 0), properties: { status: 'single-homed', paths: 1 } },
      { ...point('C', 2, 0), properties: { status: 'single-homed', paths: 1 } },
      { ...point('D', 3, 0), properties: { status: 'isolated', paths: 0 } },
    ];
    const url = `${base}/collections/nros/items`;
    const page = itemsPage(features, { limit: 1, filters: { status: 'single-homed' } }, url, limits);
    expect(page.numberMatched).toBe(2);
    expect(page.features.map((f) => f.id)).toEqual(['B']);
    expect(new URL(rel(page.links, 'next')!.href).searchParams.get('status')).toBe('single-homed');
    expect(itemsPage(features, { filters: { paths: '1', status: 'single-homed' }, bbox: '1.5,-1,5,1' }, url, limits).features.map((f) => f.id)).toEqual(['C']);
    expect(matchesFilters(features[0], { paths: '2' })).toBe(true);
    expect(matchesFilters({ ...features[0], properties: { paths: null } }, { paths: 'null' })).toBe(false);
  });
});

describe('a cut as GeoJSON layers of one geometry type', () => {
  let topology: Topology;
  let answer: CutAnswer;
  beforeAll(async () => {
    topology = await readTopologyFile(SOMME_FILE);
    answer = cutRequest(new NetworkWorkspace(topology), { owners: ['Global Crossing'], reroute: true } as never);
  });
  const layer = (name: CutLayer) => {
    const { reroute, ...impact } = answer;
    return cutToGeoJSON(topology, impact, undefined, reroute, name);
  };
  const ids = (fc: { features: Array<{ properties: Record<string, unknown> | null }> }, role: string) =>
    fc.features.filter((f) => f.properties?.role === role).map((f) => f.properties?.id);

  it('gives the sections layer as LineStrings: failed, saturating and loaded further, with the same keys on each', () => {
    const fc = layer('sections');
    expect(new Set(fc.features.map((f) => f.geometry?.type))).toEqual(new Set(['LineString']));
    expect(ids(fc, 'failed')).toEqual(answer.failedSections);
    expect(answer.reroute!.loadedFurther.length).toBeGreaterThan(0);
    expect(ids(fc, 'loadedFurther')).toEqual(answer.reroute!.loadedFurther.map((s) => s.section));
    expect(ids(fc, 'saturates')).toEqual(answer.reroute!.sections.map((s) => s.section));
    const keys = new Set(fc.features.map((f) => Object.keys(f.properties ?? {}).join()));
    expect(keys.size).toBe(1);
  });

  it('gives the lost and the new routes as MultiLineStrings along their sections', () => {
    const fc = layer('routes');
    expect(new Set(fc.features.map((f) => f.geometry?.type))).toEqual(new Set(['MultiLineString']));
    const fresh = fc.features.filter((f) => f.properties?.route === 'new');
    expect(fresh).toHaveLength(answer.reroute!.rerouted.length);
    for (const [i, r] of answer.reroute!.rerouted.entries()) {
      expect(fresh[i].properties).toMatchObject({ nro: r.nro, role: r.role, lengthM: r.lengthM, sections: r.sections.join(',') });
      expect((fresh[i].geometry!.coordinates as unknown[]).length).toBe(r.sections.length);
    }
    expect(fc.features.filter((f) => f.properties?.route === 'lost')).toHaveLength(answer.reroute!.routesLost.length);
  });

  it('gives the sites layer as Points, and the sections layer by default', () => {
    const sites = layer('sites');
    expect(new Set(sites.features.map((f) => f.geometry?.type))).toEqual(new Set(['Point']));
    expect(sites.features.filter((f) => f.properties?.isolated).map((f) => f.properties?.id)).toEqual(answer.isolatedSites);
    const { reroute, ...impact } = answer;
    const byDefault = cutToGeoJSON(topology, impact, undefined, reroute);
    expect(byDefault.layer).toBe('sections');
    expect(new Set(byDefault.features.map((f) => f.geometry?.type))).toEqual(new Set(['LineString']));
  });
});
