import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';
import { listening } from './support/api.js';

interface Link { rel: string; href: string; type?: string }
const find = (links: Link[], rel: string, type?: string) => links.find((l) => l.rel === rel && (!type || l.type === type));

describe('OGC API – Features over a real listening server, as QGIS reads it', () => {
  let app: FastifyInstance;
  let root: string;
  const requests: string[] = [];

  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-ogc-')), rateLimit: false, paging: { defaultLimit: 10, maxLimit: 50 } });
    root = await listening(app);
  });
  afterAll(() => app.close());

  /** A GET with QGIS's Accept header, checking the answer's media type. */
  async function get(url: string, accept: string, expectType: RegExp) {
    requests.push(url.replace(root, ''));
    const res = await fetch(url, { headers: { accept } });
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type'), url).toMatch(expectType);
    return res.json();
  }

  it('replays QGIS: landing → service-desc → collections → collection → items?limit=10 → next pages → items?limit=1', async () => {
    const landing = await get(`${root}/ogc/somme`, 'application/json', /^application\/json/);
    const apiUrl = find(landing.links, 'service-desc', 'application/vnd.oai.openapi+json;version=3.0')!.href;
    const collectionsUrl = find(landing.links, 'data', 'application/json')!.href;
    expect(find(landing.links, 'conformance')).toBeDefined();

    const api = await get(apiUrl, 'application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json', /^application\/vnd\.oai\.openapi\+json/);
    expect(api.openapi).toMatch(/^3\.0\./);
    expect(api.components.parameters.limit.schema).toMatchObject({ type: 'integer', maximum: 50, default: 10 });
    expect(api.servers[0].url).toBe(`${root}/ogc/somme`);
    expect(Object.keys(api.paths)).toContain('/collections/{collectionId}/items');

    const collections = await get(collectionsUrl, 'application/json', /^application\/json/);
    expect(collections.collections.map((c: { id: string }) => c.id)).toEqual(['sites', 'sections', 'nros', 'critical-sections', 'saturation', 'availability']);

    const somme = (await (await fetch(`${root}/v1/topologies/somme`)).json()) as { sites: unknown[]; sections: unknown[] };
    const expectedCount: Record<string, number> = { sites: somme.sites.length, sections: somme.sections.length };

    for (const listed of collections.collections) {
      const collection = await get(find(listed.links, 'self', 'application/json')!.href, 'application/json', /^application\/json/);
      expect(collection.id).toBe(listed.id);
      expect(collection.extent.spatial.bbox[0]).toHaveLength(4);
      const [minx, miny, maxx, maxy] = collection.extent.spatial.bbox[0];
      expect(minx).toBeGreaterThan(1.3); // the Somme, in CRS84 longitude/latitude
      expect(maxx).toBeLessThan(3.3);
      expect(miny).toBeGreaterThan(49.5);
      expect(maxy).toBeLessThan(50.5);
      const itemsUrl = find(collection.links, 'items', 'application/geo+json')!.href;

      const ids: string[] = [];
      let page = await get(`${itemsUrl}?limit=10`, 'application/geo+json', /^application\/geo\+json/);
      const matched = page.numberMatched;
      for (let n = 0; n < 100; n++) {
        expect(page.numberMatched).toBe(matched);
        expect(page.numberReturned).toBe(page.features.length);
        expect(page.features.length).toBeLessThanOrEqual(10);
        ids.push(...page.features.map((f: { id: string }) => f.id));
        const next = find(page.links, 'next', 'application/geo+json');
        if (!next) break;
        page = await get(next.href, 'application/geo+json', /^application\/geo\+json/);
      }
      expect(ids).toHaveLength(matched);
      expect(new Set(ids).size).toBe(matched);
      expect(matched).toBe(collection.itemCount);
      if (expectedCount[listed.id] !== undefined) expect(matched).toBe(expectedCount[listed.id]);
      expect(matched).toBeGreaterThan(0);

      const count = await get(`${itemsUrl}?limit=1`, 'application/geo+json', /^application\/geo\+json/);
      expect(count.numberMatched).toBe(matched);
      expect(count.features).toHaveLength(1);
    }
    expect(requests[0]).toBe('/ogc/somme');
    expect(requests.some((r) => /items\?limit=10&offset=10$/.test(r))).toBe(true);
  });

  /** Every feature of a collection, following the next links. */
  async function allItems(url: string): Promise<unknown[]> {
    const features: unknown[] = [];
    for (let next: string | undefined = `${url}?limit=50`; next;) {
      const page = (await (await fetch(next)).json()) as { features: unknown[]; links: Link[] };
      features.push(...page.features);
      next = find(page.links, 'next')?.href;
    }
    return features;
  }

  it('gives the NROs with their analysis status and subscribers, as the analysis does', async () => {
    const report = (await (await fetch(`${root}/v1/topologies/somme/analysis`)).json()) as { nros: Array<{ id: string; status: string; subscribers: number }>; bridges: string[] };
    const nros = (await allItems(`${root}/ogc/somme/collections/nros/items`)) as Array<{ id: string; properties: { status: string; subscribers: number } }>;
    expect(nros.map((f) => [f.id, f.properties.status, f.properties.subscribers])).toEqual(report.nros.map((n) => [n.id, n.status, n.subscribers]));
    expect(nros.some((f) => f.properties.status === 'single-homed')).toBe(true);
    const critical = (await allItems(`${root}/ogc/somme/collections/critical-sections/items`)) as Array<{ id: string }>;
    expect(critical.map((f) => f.id)).toEqual(report.bridges);
  });

  it('clamps limit, filters by bbox, and serves one feature by id', async () => {
    const big = (await (await fetch(`${root}/ogc/somme/collections/sites/items?limit=100000`)).json()) as { numberReturned: number; links: Link[] };
    expect(big.numberReturned).toBe(50);
    expect(new URL(find(big.links, 'next')!.href).searchParams.get('limit')).toBe('50');
    const zero = (await (await fetch(`${root}/ogc/somme/collections/sites/items?limit=0`)).json()) as { numberReturned: number };
    expect(zero.numberReturned).toBe(1);

    const all = (await (await fetch(`${root}/ogc/somme/collections/sites/items?limit=50`)).json()) as { numberMatched: number };
    const west = (await (await fetch(`${root}/ogc/somme/collections/sites/items?bbox=1.3,49.5,2.0,50.5&limit=50`)).json()) as { numberMatched: number; features: Array<{ geometry: { coordinates: number[] } }> };
    expect(west.numberMatched).toBeGreaterThan(0);
    expect(west.numberMatched).toBeLessThan(all.numberMatched);
    expect(west.features.every((f) => f.geometry.coordinates[0] <= 2.0)).toBe(true);

    const one = await fetch(`${root}/ogc/somme/collections/sites/items/HE-AMIENS`);
    expect(one.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(await one.json()).toMatchObject({ type: 'Feature', id: 'HE-AMIENS', properties: { kind: 'headend' } });
  });

  it('answers OGC errors in the API format: unknown collection, feature, topology, bad bbox', async () => {
    for (const [url, status, field] of [
      ['/ogc/somme/collections/roads', 404, 'collectionId'],
      ['/ogc/somme/collections/sites/items/NOPE', 404, 'featureId'],
      ['/ogc/nowhere', 404, 'topologyId'],
      ['/ogc/somme/collections/sites/items?bbox=1,2,3', 400, 'bbox'],
      ['/ogc/somme/collections/sites/items?limit=ten', 400, 'limit'],
    ] as const) {
      const res = await fetch(`${root}${url}`);
      expect(res.status, url).toBe(status);
      const body = (await res.json()) as { code: string; details: Array<{ field: string }> };
      expect(body.details[0].field, url).toBe(field);
    }
  });

  it('serves the conformance classes, the landing page with a trailing slash, and an index of the OGC APIs', async () => {
    const conformance = (await (await fetch(`${root}/ogc/somme/conformance`)).json()) as { conformsTo: string[] };
    expect(conformance.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson');
    expect((await fetch(`${root}/ogc/somme/`)).status).toBe(200);
    const index = (await (await fetch(`${root}/ogc`)).json()) as { links: Link[] };
    expect(index.links.map((l) => l.href)).toContain(`${root}/ogc/somme`);
  });
});

describe('OpenAPI and its page', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-ogc-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('documents every route from its schemas, with the limit component and the error format', async () => {
    const res = await app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.0.3');
    for (const path of ['/v1/topologies', '/v1/topologies/{id}', '/v1/validate', '/v1/topologies/{id}/analysis', '/v1/topologies/{id}/cuts',
      '/ogc/{topologyId}', '/ogc/{topologyId}/conformance', '/ogc/{topologyId}/collections/{collectionId}/items']) {
      expect(doc.paths, path).toHaveProperty([path]);
    }
    expect(doc.components.parameters.limit.schema).toEqual({ type: 'integer', minimum: 1, maximum: 10000, default: 10 });
    expect(doc.paths['/ogc/{topologyId}/collections/{collectionId}/items'].get.parameters).toContainEqual({ $ref: '#/components/parameters/limit' });
    expect(doc.components.schemas.Error.required).toEqual(['code', 'message', 'details']);
    expect(doc.paths['/v1/topologies/{id}'].put.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(doc.paths['/v1/topologies/{id}/analysis'].get.responses['200'].content)).toEqual(['application/json', 'application/geo+json']);
    expect(doc.components.schemas.ResilienceReport.properties).toHaveProperty('cutImpact');
  });

  it('serves the interactive documentation at /docs', async () => {
    const res = await app.inject('/docs/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('swagger');
  });

  it('serves a JSON landing page at / with links', async () => {
    const res = await app.inject('/');
    expect(res.json().links.map((l: Link) => l.rel)).toEqual(expect.arrayContaining(['data', 'service-desc', 'service-doc']));
  });
});

describe('OGC schemas, filters, strict query strings and content types, by inject and over a listening server', () => {
  let app: FastifyInstance;
  let root: string;
  beforeAll(async () => {
    // The rate limit on, and tiny: OGC documents and pages must not count against it.
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-ogc-')), rateLimit: { max: 2, timeWindowMs: 60_000 } });
    root = await listening(app);
  });
  afterAll(() => app.close());

  it('sends the API definition as application/vnd.oai.openapi+json;version=3.0, unquoted, as GDAL compares it', async () => {
    const injected = await app.inject('/ogc/somme/api');
    expect(injected.headers['content-type']).toBe('application/vnd.oai.openapi+json;version=3.0');
    const res = await fetch(`${root}/ogc/somme/api`, { headers: { accept: 'application/vnd.oai.openapi+json;version=3.0' } });
    expect(res.headers.get('content-type')).toBe('application/vnd.oai.openapi+json;version=3.0');
    const doc = (await res.json()) as { paths: Record<string, { get: { parameters: Array<{ name?: string }> } }> };
    expect(doc.paths['/collections/nros/items'].get.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(['status', 'paths', 'name']));
    expect(doc.paths['/collections/{collectionId}/schema']).toBeDefined();
    expect(doc.paths['/collections/{collectionId}/queryables']).toBeDefined();
  });

  it('serves each collection’s schema and queryables as application/schema+json, linked from the collection', async () => {
    const collection = (await (await fetch(`${root}/ogc/somme/collections/nros`)).json()) as { links: Link[] };
    const schemaLink = find(collection.links, 'describedby', 'application/schema+json')!;
    const schema = await fetch(schemaLink.href);
    expect(schema.headers.get('content-type')).toMatch(/^application\/schema\+json/);
    expect(((await schema.json()) as { properties: { properties: { properties: Record<string, { type: string }> } } }).properties.properties.properties.criticalSections.type).toBe('string');
    const queryables = (await (await fetch(find(collection.links, 'http://www.opengis.net/def/rel/ogc/1.0/queryables')!.href)).json()) as { properties: Record<string, unknown> };
    expect(Object.keys(queryables.properties)).toEqual(['name', 'status', 'paths']);
    expect((await app.inject('/ogc/somme/collections/roads/queryables')).statusCode).toBe(404);
  });

  it('filters items by their queryables, with exact counts, and agrees with the analysis', async () => {
    const analysis = (await (await fetch(`${root}/v1/topologies/somme/analysis`)).json()) as { nros: Array<{ id: string; status: string }> };
    const single = analysis.nros.filter((n) => n.status === 'single-homed').map((n) => n.id);
    const page = (await (await fetch(`${root}/ogc/somme/collections/nros/items?status=single-homed&limit=1000`)).json()) as { numberMatched: number; features: Array<{ id: string }> };
    expect(page.numberMatched).toBe(single.length);
    expect(page.features.map((f) => f.id)).toEqual(single);
    const somme = (await (await fetch(`${root}/v1/topologies/somme`)).json()) as Topology;
    const level3 = (await (await fetch(`${root}/ogc/somme/collections/sections/items?owner=Level%203&limit=1000`)).json()) as { numberMatched: number };
    expect(level3.numberMatched).toBe(somme.sections.filter((s) => s.owner === 'Level 3').length);
    const headends = (await app.inject('/ogc/somme/collections/sites/items?kind=headend')).json();
    expect(headends.features.map((f: { id: string }) => f.id)).toEqual(somme.sites.filter((s) => s.kind === 'headend').map((s) => s.id));
    const saturated = (await app.inject('/ogc/somme/collections/saturation/items?state=saturated&limit=1000')).json();
    expect(saturated.numberMatched).toBeGreaterThan(0);
    expect(saturated.features.every((f: { properties: { state: string } }) => f.properties.state === 'saturated')).toBe(true);
  });

  it('refuses an unknown parameter, or a filter the collection cannot take, with a 400 naming it', async () => {
    for (const [url, field] of [
      ['/ogc/somme/collections/sites/items?crs=http://www.opengis.net/def/crs/EPSG/0/2154', 'crs'],
      ['/ogc/somme/collections/sites/items?status=secured', 'status'],
      ['/ogc/somme/collections/sites/items?state=saturated', 'state'],
      ['/ogc/somme/collections/nros/items?paths=two', 'paths'],
      ['/ogc/somme/collections?bbox=1,2,3,4', 'bbox'],
      ['/ogc/somme?foo=1', 'foo'],
      ['/v1/topologies/somme?foo=1', 'foo'],
      ['/v1/topologies/somme/rankings?detour=2', 'detour'],
      ['/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&speed=1', 'speed'],
    ] as const) {
      // Each from its own address: computing routes count against the tiny rate limit before their query is checked.
      const res = await app.inject({ url, remoteAddress: `10.1.0.${url.length}` });
      expect(res.statusCode, url).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field), url).toContain(field);
      expect(res.json().message, url).toContain(field);
    }
    const cut = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts?f=geojson&layers=sites', remoteAddress: '10.2.0.1', payload: { sections: ['S-040'] } });
    expect(cut.statusCode).toBe(400);
    expect(cut.json().details[0].field).toBe('layers');
  });

  it('never counts OGC pages against the rate limit, while computing requests stay limited', async () => {
    for (let i = 0; i < 40; i++) {
      const res = await fetch(`${root}/ogc/somme/collections/sections/items?limit=1&offset=${i}`);
      expect(res.status, `page ${i}`).toBe(200);
    }
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${root}/v1/topologies/somme/cuts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sections":["S-040"]}' })).status);
    expect(statuses).toContain(429);
  });

  it('answers a flood of OGC requests from one client beyond the requests it may have in flight with 429, not a queue', async () => {
    const fresh = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-ogc-')) });
    try {
      const statuses = await Promise.all(Array.from({ length: 80 }, (_, i) => fresh.inject(`/ogc/somme/collections/nros/items?offset=${i}`).then((r) => r.statusCode)));
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(32);
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
      expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
      // Once answered, the client may page again.
      expect((await fresh.inject('/ogc/somme/collections/nros/items?offset=0')).statusCode).toBe(200);
    } finally {
      await fresh.close();
    }
  });

  it('gives a re-routed cut’s layers with one geometry type each, the loaded sections and the new routes included', async () => {
    const body = JSON.stringify({ owners: ['Global Crossing'], reroute: true });
    // Computing requests are limited to 2 a minute on this server: use a fresh budget through inject's own address.
    const json = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', remoteAddress: '10.0.0.1', headers: { 'content-type': 'application/json' }, payload: body })).json();
    const sections = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts?f=geojson&layer=sections', remoteAddress: '10.0.0.1', headers: { 'content-type': 'application/json' }, payload: body })).json();
    expect(new Set(sections.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['LineString']));
    const roles = (role: string) => sections.features.filter((f: { properties: { role: string } }) => f.properties.role === role).map((f: { properties: { id: string } }) => f.properties.id);
    expect(roles('loadedFurther')).toEqual(json.reroute.loadedFurther.map((s: { section: string }) => s.section));
    expect(roles('failed')).toEqual(json.failedSections);
    const routes = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts?f=geojson&layer=routes', remoteAddress: '10.0.0.2', headers: { 'content-type': 'application/json' }, payload: body })).json();
    expect(new Set(routes.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['MultiLineString']));
    expect(routes.features.filter((f: { properties: { route: string } }) => f.properties.route === 'new')).toHaveLength(json.reroute.rerouted.length);
  });
});
