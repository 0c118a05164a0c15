import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { SOMME_FILE } from './support/api.js';
import { cliJson } from './support/run-cli.js';


describe('rankings and plans on the Somme network equal the CLI', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-plan-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('GET rankings equals rank --json', async () => {
    const res = await app.inject('/v1/topologies/somme/rankings');
    expect(res.statusCode).toBe(200);
    const expected = await cliJson('rank', SOMME_FILE, '--json');
    expect(res.json()).toEqual(expected);
    expect((expected.links as { links: unknown[] }).links.length).toBeGreaterThan(0);
  });

  it('GET rankings with options equals rank --json with the same options', async () => {
    const res = await app.inject('/v1/topologies/somme/rankings?withLink=R-01&eurPerM=30&perNro=1');
    expect(res.json()).toEqual(await cliJson('rank', SOMME_FILE, '--json', '--with-link', 'R-01', '--eur-per-m', '30', '--per-nro', '1'));
  });

  it('POST plans equals plan --json', async () => {
    const body = { budgetEur: 2_000_000, years: 3, funding: 'France Relance=0.5,Région=0.25,Fonds propres=0.25', mandatory: ['R-01'] };
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: body });
    expect(res.statusCode).toBe(200);
    const expected = await cliJson('plan', SOMME_FILE, '--json', '--budget', '2000000', '--years', '3',
      '--funding', 'France Relance=0.5,Région=0.25,Fonds propres=0.25', '--mandatory', 'R-01');
    expect(res.json()).toEqual(expected);
    expect((expected.selected as unknown[]).length).toBeGreaterThan(0);
    const asArray = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: {
      ...body, funding: [{ source: 'France Relance', share: 0.5 }, { source: 'Région', share: 0.25 }, { source: 'Fonds propres', share: 0.25 }],
    } });
    expect(asArray.json()).toEqual(expected);
  });

  it('gives rankings and plans as map layers', async () => {
    const rankings = (await app.inject('/v1/topologies/somme/rankings?f=geojson')).json();
    const links = rankings.features.filter((f: { properties: { featureType: string } }) => f.properties.featureType === 'redundancyLink');
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((f: { geometry: { type: string } }) => f.geometry.type === 'LineString')).toBe(true);
    const plan = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans?f=geojson', payload: { budgetEur: 1_000_000 } })).json();
    const json = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 1_000_000 } })).json();
    expect(plan.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(json.selected.map((w: { id: string }) => w.id));
  });

  it('rejects a plan request without a budget, with both caps, or a bad funding, naming the field', async () => {
    const none = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { years: 2 } });
    expect(none.statusCode).toBe(400);
    expect(none.json().details[0]).toMatchObject({ field: 'budgetEur', in: 'body' });
    const both = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 1e6, yearlyCapEur: 1e5, yearlyBudgetsEur: [1e5] } });
    expect(both.statusCode).toBe(400);
    expect(both.json().details[0].field).toBe('yearlyBudgetsEur');
    const funding = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 1e6, funding: 'nonsense' } });
    expect(funding.statusCode).toBe(400);
    expect(funding.json().details[0].field).toBe('funding');
  });
});
