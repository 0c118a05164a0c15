import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { readTopologyFile } from '../src/io/read-topology.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { routeRequest } from '../src/requests/route.js';
import { SOMME_FILE, listening } from './support/api.js';

const root = join(import.meta.dirname, '..');

interface OracleCase {
  topology: string;
  network: { includePlanned: boolean; withLinks: string[] };
  routes: Array<{ from: string; to: string; lengthM: number | null; hops: number | null }>;
}
/** The NetworkX answers of scripts/oracle/generate_routes.py on the Somme network. */
const somme = (JSON.parse(readFileSync(join(root, 'tests/fixtures/routes/routes.json'), 'utf8')).cases as OracleCase[])
  .filter((c) => c.topology === 'topology/somme.json');

/** `?from=…&to=…&includePlanned=true&withLink=…` */
function query(from: string, to: string, network: OracleCase['network'], extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ from, to, ...extra });
  if (network.includePlanned) params.set('includePlanned', 'true');
  for (const id of network.withLinks) params.append('withLink', id);
  return params.toString();
}

describe('GET /v1/topologies/:id/route (app.inject)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-route-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('answers the NetworkX shortest length and fewest hops of every Somme pair, with its network options', async () => {
    expect(somme).toHaveLength(2);
    let checked = 0;
    for (const c of somme) {
      for (const expected of c.routes) {
        const byLength = await app.inject(`/v1/topologies/somme/route?${query(expected.from, expected.to, c.network)}`);
        expect(byLength.statusCode).toBe(200);
        expect(byLength.json()).toMatchObject({ from: expected.from, to: expected.to, weight: 'length', found: true, lengthM: expected.lengthM });
        const byHops = await app.inject(`/v1/topologies/somme/route?${query(expected.from, expected.to, c.network, { weight: 'hops' })}`);
        expect(byHops.json()).toMatchObject({ weight: 'hops', hops: expected.hops });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(90);
  });

  it('answers what routeRequest answers', async () => {
    const workspace = new NetworkWorkspace(await readTopologyFile(SOMME_FILE));
    const res = await app.inject('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual(routeRequest(workspace, { from: 'NRO-CAY', to: 'HE-AMIENS' }));
    expect(res.json().sections[0]).toBe('S-040');
  });

  it('gives the route as a LineString FeatureCollection of its sections in path order', async () => {
    const json = (await app.inject('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&withLink=R-01')).json();
    for (const res of [
      await app.inject('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&withLink=R-01&f=geojson'),
      await app.inject({ url: '/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&withLink=R-01', headers: { accept: 'application/geo+json' } }),
    ]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
      const fc = res.json();
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(json.sections);
      expect(new Set(fc.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['LineString']));
      expect(fc.features.map((f: { properties: { order: number } }) => f.properties.order)).toEqual(json.sections.map((_: string, i: number) => i));
      expect(fc.features.reduce((t: number, f: { properties: { lengthM: number } }) => t + f.properties.lengthM, 0)).toBe(json.lengthM);
      expect(fc.route).toMatchObject({ from: 'NRO-CAY', to: 'HE-AMIENS', found: true, lengthM: json.lengthM, hops: json.hops });
    }
  });

  it('says why there is no route, and names an unknown site or a bad parameter with a 400', async () => {
    // HE-SMSN is planned: analysed with includePlanned only.
    const planned = await app.inject('/v1/topologies/somme/route?from=NRO-CAY&to=HE-SMSN');
    expect(planned.statusCode).toBe(400);
    expect(planned.json()).toMatchObject({ code: 'unknown-reference', details: [{ field: 'to', id: 'HE-SMSN', message: expect.stringContaining('includePlanned') }] });
    const unknown = await app.inject('/v1/topologies/somme/route?from=NOWHERE&to=HE-AMIENS');
    expect(unknown.json()).toMatchObject({ code: 'unknown-reference', details: [{ field: 'from', id: 'NOWHERE' }] });
    const missing = await app.inject('/v1/topologies/somme/route?to=HE-AMIENS');
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details[0]).toMatchObject({ field: 'from', in: 'query' });
    const weight = await app.inject('/v1/topologies/somme/route?from=NRO-CAY&to=HE-AMIENS&weight=metres');
    expect(weight.statusCode).toBe(400);
    expect(weight.json().details[0]).toMatchObject({ field: 'weight', in: 'query' });
    expect((await app.inject('/v1/topologies/nowhere/route?from=A&to=B')).statusCode).toBe(404);
    const openapi = (await app.inject('/openapi.json')).json();
    const names = openapi.paths['/v1/topologies/{id}/route'].get.parameters.map((p: { name: string }) => p.name);
    expect(names).toEqual(expect.arrayContaining(['from', 'to', 'weight', 'includePlanned', 'withLink', 'headend', 'f']));
  });
});

describe('GET /v1/topologies/:id/route over a real listening server', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-route-http-')), rateLimit: false });
    base = await listening(app);
  });
  afterAll(() => app.close());

  it('answers the oracle over HTTP, JSON and GeoJSON', async () => {
    const [c] = somme;
    for (const expected of c.routes.slice(0, 15)) {
      const res = await fetch(`${base}/v1/topologies/somme/route?${query(expected.from, expected.to, c.network)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('vary')).toContain('Accept');
      const answer = await res.json();
      expect(answer.lengthM).toBe(expected.lengthM);
      const geo = await fetch(`${base}/v1/topologies/somme/route?${query(expected.from, expected.to, c.network, { f: 'geojson' })}`);
      const fc = await geo.json();
      expect(fc.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(answer.sections);
    }
    const bad = await fetch(`${base}/v1/topologies/somme/route?from=NRO-CAY&to=NOWHERE`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).code).toBe('unknown-reference');
  });
});
