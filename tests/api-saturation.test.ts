import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { compileNetwork } from '../src/graph/compile.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { rerouteAfterCut } from '../src/saturation/reroute-after-cut.js';
import { saturationReport } from '../src/saturation/saturation-report.js';
import { SOMME_FILE } from './support/api.js';

const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME_FILE, 'utf8')));

describe('saturation over HTTP on the Somme network', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-sat-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('answers what the saturation engine computes, with its options', async () => {
    const res = await app.inject('/v1/topologies/somme/saturation?withLink=R-01&fibresPerRoute=4&sweep=true');
    expect(res.statusCode).toBe(200);
    const net = compileNetwork(somme, { withLinks: ['R-01'] });
    const expected = JSON.parse(JSON.stringify(saturationReport(net, somme.desaturationWorks ?? [], { fibresPerRoute: 4, sweep: true })));
    expect(res.json()).toEqual(expected);
    expect(expected.sweep.length).toBeGreaterThan(0);
    expect(expected.summary.sections.saturated).toBeGreaterThan(0);
  });

  it('gives the section loads as a map layer', async () => {
    const report = (await app.inject('/v1/topologies/somme/saturation')).json();
    const fc = (await app.inject('/v1/topologies/somme/saturation?f=geojson')).json();
    const saturated = fc.features.filter((f: { properties: { state: string } }) => f.properties.state === 'saturated');
    expect(saturated).toHaveLength(report.summary.sections.saturated);
    expect(saturated[0].geometry.type).toBe('LineString');
  });

  it('re-routes a cut on request and reports what saturates; without reroute the answer is the cut alone', async () => {
    const body = { owners: ['Viatel'], reroute: { fibresPerRoute: 4 } };
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: body });
    expect(res.statusCode).toBe(200);
    const net = compileNetwork(somme);
    const expected = JSON.parse(JSON.stringify(rerouteAfterCut(collectionRoutes(net), { owners: ['Viatel'] }, { fibresPerRoute: 4 })));
    expect(res.json().reroute).toEqual(expected);
    expect(expected.routesLost.length).toBeGreaterThan(0);
    const plain = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { owners: ['Viatel'] } })).json();
    expect(plain).not.toHaveProperty('reroute');
    expect({ ...res.json(), reroute: undefined }).toEqual({ ...plain, reroute: undefined });
  });

  it('offers the saturation as an OGC collection', async () => {
    const report = (await app.inject('/v1/topologies/somme/saturation')).json();
    const page = (await app.inject('/ogc/somme/collections/saturation/items?limit=5')).json();
    expect(page.numberMatched).toBe(report.sections.length);
    expect(page.features[0]).toMatchObject({ id: report.sections[0].section, properties: { state: report.sections[0].state } });
  });

  it('rejects impossible saturation options with a 400 naming the option', async () => {
    const ratios = await app.inject('/v1/topologies/somme/saturation?nearRatio=0.9&saturatedRatio=0.5');
    expect(ratios.statusCode).toBe(400);
    expect(ratios.json().details[0].field).toMatch(/Ratio$/);
    const fibres = await app.inject('/v1/topologies/somme/saturation?fibresPerRoute=-1');
    expect(fibres.statusCode).toBe(400);
    expect(fibres.json().details[0]).toMatchObject({ field: 'fibresPerRoute', in: 'query' });
  });
});
