import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';

const dataDir = () => mkdtempSync(join(tmpdir(), 'fibre-api-data-'));

describe('analysis and cuts on the Somme network', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: dataDir(), rateLimit: false }); // the real topology/ folder
  });
  afterAll(() => app.close());

  it('serves the Somme network as `somme`', async () => {
    const res = await app.inject('/v1/topologies/somme');
    expect(res.statusCode).toBe(200);
    expect(res.json().name).toMatch(/Somme/);
  });

  // What each answer holds is checked against the brute-force truth on every surface: tests/surfaces-truth.test.ts.

  it('a cut of every section of every owner isolates every NRO', async () => {
    const owners = [...new Set((await app.inject('/v1/topologies/somme')).json().sections.map((s: { owner: string }) => s.owner))];
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { owners } });
    const report = (await app.inject('/v1/topologies/somme/analysis')).json();
    expect(res.json().isolatedNros).toEqual(report.nros.filter((n: { paths: number }) => n.paths > 0).map((n: { id: string }) => n.id));
  });
});

describe('analysis and cuts as GeoJSON, and bad requests', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: dataDir(), rateLimit: false });
  });
  afterAll(() => app.close());

  it('gives the analysis as map layers of one geometry type: sites with their status, sections with bridge flags', async () => {
    const report = (await app.inject('/v1/topologies/somme/analysis')).json();
    const res = await app.inject({ url: '/v1/topologies/somme/analysis', headers: { accept: 'application/geo+json' } });
    expect(res.headers['content-type']).toMatch(/^application\/geo\+json/);
    const fc = res.json();
    expect(fc.headends).toEqual(report.headends);
    expect(new Set(fc.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['Point']));
    const singleHomed = fc.features.filter((f: { properties: { status?: string } }) => f.properties.status === 'single-homed');
    expect(singleHomed.map((f: { properties: { id: string } }) => f.properties.id).sort())
      .toEqual(report.nros.filter((n: { status: string }) => n.status === 'single-homed').map((n: { id: string }) => n.id).sort());
    const lines = (await app.inject('/v1/topologies/somme/analysis?f=geojson&layer=sections')).json();
    expect(new Set(lines.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['LineString']));
    const bridges = lines.features.filter((f: { properties: { bridge?: boolean } }) => f.properties.bridge);
    expect(bridges.map((f: { properties: { id: string } }) => f.properties.id).sort()).toEqual([...report.bridges].sort());
    expect(bridges.every((f: { geometry: { type: string } }) => f.geometry.type === 'LineString')).toBe(true);
  });

  it('gives a cut as a map layer with the failed sections and isolated sites', async () => {
    const json = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { owners: ['Level 3'] } })).json();
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts?f=geojson', payload: { owners: ['Level 3'] } });
    const fc = res.json();
    expect(fc.subscribersCut).toBe(json.subscribersCut);
    const failed = fc.features.filter((f: { properties: { featureType: string; failed?: boolean } }) => f.properties.featureType === 'section' && f.properties.failed);
    expect(failed).toHaveLength(json.failedSections.length);
    const sites = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts?f=geojson&layer=sites', payload: { owners: ['Level 3'] } })).json();
    const isolated = sites.features.filter((f: { properties: { isolated?: boolean } }) => f.properties.isolated).map((f: { properties: { id: string } }) => f.properties.id);
    expect(isolated).toEqual(json.isolatedSites);
  });

  it('names the unknown head-end, link, section or owner in a 400', async () => {
    const headend = await app.inject('/v1/topologies/somme/analysis?headend=HE-NOWHERE');
    expect(headend.statusCode).toBe(400);
    expect(headend.json()).toMatchObject({ code: 'unknown-reference', details: [{ field: 'headend', in: 'query', id: 'HE-NOWHERE' }] });
    const link = await app.inject('/v1/topologies/somme/analysis?withLink=R-99');
    expect(link.json().details[0]).toMatchObject({ field: 'withLink', id: 'R-99' });
    const section = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { sections: ['S-NOPE'] } });
    expect(section.statusCode).toBe(400);
    expect(section.json().details[0]).toMatchObject({ field: 'sections', in: 'body', id: 'S-NOPE' });
    const owner = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { owners: ['Nobody'] } });
    expect(owner.json().details[0]).toMatchObject({ field: 'owners', id: 'Nobody' });
  });

  it('rejects an empty cut, a misspelt field and a polygon that does not close, naming the field', async () => {
    const empty = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: {} });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'invalid-request', details: [{ field: 'sections', in: 'body', code: 'empty-cut' }] });
    const typo = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { section: ['S-001'] } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json()).toMatchObject({ code: 'invalid-request', details: [{ in: 'body' }] });
    expect(typo.json().message).toContain('section');
    const open = await app.inject({
      method: 'POST', url: '/v1/topologies/somme/cuts',
      payload: { polygon: { type: 'Polygon', coordinates: [[[1.7, 50.0], [2.0, 50.0], [2.0, 50.2], [1.7, 50.2]]] } },
    });
    expect(open.statusCode).toBe(400);
    expect(open.json().details[0].field).toMatch(/^polygon/);
    const wrongType = await app.inject({ method: 'POST', url: '/v1/topologies/somme/cuts', payload: { sections: 'S-001' } });
    expect(wrongType.json().details[0]).toMatchObject({ field: 'sections', in: 'body' });
    const badBool = await app.inject('/v1/topologies/somme/analysis?includePlanned=perhaps');
    expect(badBool.statusCode).toBe(400);
    expect(badBool.json().details[0]).toMatchObject({ field: 'includePlanned', in: 'query' });
  });

  it('answers 404 for an unknown topology', async () => {
    expect((await app.inject('/v1/topologies/nowhere/analysis')).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/v1/topologies/nowhere/cuts', payload: { sections: ['x'] } })).json().code).toBe('not-found');
  });
});
