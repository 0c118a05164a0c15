import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';


describe('rankings and plans on the Somme network', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-plan-')), rateLimit: false });
  });
  afterAll(() => app.close());

  // What the rankings and the plan secure is checked against the brute-force truth on every surface: tests/surfaces-truth.test.ts.

  it('GET rankings applies its options: links taken as built, the cost per metre and the candidates per NRO of the proposals', async () => {
    const res = await app.inject('/v1/topologies/somme/rankings?withLink=R-01&eurPerM=30&perNro=1');
    expect(res.statusCode).toBe(200);
    const { proposedLinks } = res.json();
    expect(proposedLinks.assumedBuilt).toContain('R-01');
    expect(proposedLinks.links.length).toBeGreaterThan(0);
    for (const l of proposedLinks.links) expect(l.costEur).toBeCloseTo(l.lengthM * 30, 0);
    const perNro = new Map<string, number>();
    for (const l of proposedLinks.links) perNro.set(l.forNro, (perNro.get(l.forNro) ?? 0) + 1);
    expect(Math.max(...perNro.values())).toBe(1);
  });

  it('POST plans takes the funding as a string or as shares, with the same plan', async () => {
    const body = { budgetEur: 2_000_000, years: 3, funding: 'France Relance=0.5,Région=0.25,Fonds propres=0.25', mandatory: ['R-01'] };
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: body });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect(plan.funding.shares).toEqual([{ source: 'France Relance', share: 0.5 }, { source: 'Région', share: 0.25 }, { source: 'Fonds propres', share: 0.25 }]);
    expect(plan.years).toHaveLength(3);
    const asArray = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { ...body, funding: plan.funding.shares } });
    // The same plan; only the solver's seconds may differ.
    const timeless = (p: { solver: Record<string, unknown> }) => ({ ...p, solver: { ...p.solver, seconds: 0 } });
    expect(timeless(asArray.json())).toEqual(timeless(plan));
  });

  it('POST plans names the method and its gap: the MILP, exact, with the proposals too (propose)', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 3_884_950, years: 3 } });
    expect(res.statusCode).toBe(200);
    const plan = res.json();
    expect([plan.method, plan.optimal, plan.gap, plan.solver.status, plan.candidates]).toEqual(['MILP (HiGHS 1.15.3)', true, 0, 'optimal', 25]);
    const proposed = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 3_884_950, years: 3, propose: true, timeLimitS: 60 } })).json();
    expect([proposed.method, proposed.optimal, proposed.gap, proposed.candidates, proposed.proposedCandidates]).toEqual(['MILP (HiGHS 1.15.3)', true, 0, 92, 67]);
    // More candidates can only secure as much or more.
    expect(proposed.value.score).toBeGreaterThanOrEqual(plan.value.score);
    const bb = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 3_884_950, years: 3, method: 'branch-and-bound' } })).json();
    expect([bb.method, bb.value.score, bb.value.sectionsCleared, bb.costEur]).toEqual(['exact (branch and bound)', plan.value.score, plan.value.sectionsCleared, plan.costEur]);
  });

  it('rejects a time limit that is not a positive number of seconds up to 300, or proposal options without propose, naming the field', async () => {
    for (const timeLimitS of [0, -1, 301, 'soon']) {
      const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 1e6, timeLimitS } });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0]).toMatchObject({ field: 'timeLimitS', in: 'body' });
    }
    const perNro = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 1e6, perNro: 2 } });
    expect(perNro.statusCode).toBe(400);
    expect(perNro.json().details[0].field).toBe('propose');
    const over = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 1000, mandatory: ['R-01'] } });
    expect(over.statusCode).toBe(400);
    expect(over.json().details[0].field).toBe('mandatory');
    expect(JSON.stringify(over.json())).toContain('the cheapest feasible budget is 375265 €');
  });

  it('gives rankings and plans as map layers', async () => {
    const rankings = (await app.inject('/v1/topologies/somme/rankings?f=geojson')).json();
    const links = rankings.features.filter((f: { properties: { featureType: string } }) => f.properties.featureType === 'redundancyLink');
    expect(links.length).toBeGreaterThan(0);
    expect(new Set(rankings.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['MultiLineString']));
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
