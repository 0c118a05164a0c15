import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { availabilityRequest } from '../src/requests/availability.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { listening, SOMME_FILE } from './support/api.js';

const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME_FILE, 'utf8')));

describe('availability over HTTP on the Somme network', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-avail-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('answers what the CLI prints: the same request function on the same options', async () => {
    const res = await app.inject('/v1/topologies/somme/availability?top=3&withLink=R-01');
    expect(res.statusCode).toBe(200);
    const expected = JSON.parse(JSON.stringify(availabilityRequest(new NetworkWorkspace(somme), { top: 3, network: { withLinks: ['R-01'] } })));
    expect(res.json()).toEqual(expected);
    // 63 analysed NROs; with one head-end every NRO is cut off by its failure, so every figure is > 0.
    expect(expected.nros).toHaveLength(63);
    expect(expected.nros.every((n: { unavailabilityMinPerYear: { single: number } }) => n.unavailabilityMinPerYear.single > 0)).toBe(true);
    const headend = expected.works.find((w: { id: string }) => w.id === 'HE-SMSN');
    expect(headend.subscriberHoursAvoidedPerYear.expected).toBeGreaterThan(0);
  });

  it('takes a failure model in a POST body, field by field over the topology’s', async () => {
    const base = (await app.inject('/v1/topologies/somme/availability?works=false')).json();
    const res = await app.inject({
      method: 'POST', url: '/v1/topologies/somme/availability',
      payload: { works: false, failureModel: { siteKinds: { headend: { ratePerYear: 0.2 } } } },
    });
    expect(res.statusCode).toBe(200);
    const doubled = res.json();
    expect(doubled.model.siteKinds.headend.ratePerYear).toBe(0.2);
    // Every NRO depends on HE-AMIENS alone: twice its failures, more minutes for each.
    const before = new Map(base.nros.map((n: { nro: string; unavailabilityMinPerYear: { single: number } }) => [n.nro, n.unavailabilityMinPerYear.single]));
    for (const n of doubled.nros) expect(n.unavailabilityMinPerYear.single).toBeGreaterThan(before.get(n.nro) as number);
  });

  it('refuses a bad option with a 400 naming the field', async () => {
    const bad = await app.inject('/v1/topologies/somme/availability?top=1000');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('top');
    const unknown = await app.inject('/v1/topologies/somme/availability?colour=red');
    expect(unknown.statusCode).toBe(400);
    const model = await app.inject({ method: 'POST', url: '/v1/topologies/somme/availability', payload: { failureModel: { siteKinds: { headend: { ratePerYear: -1 } } } } });
    expect(model.statusCode).toBe(400);
    expect(JSON.stringify(model.json())).toContain('failureModel');
  });

  it('says for each secured NRO what its two routes share: sites and trenches, by definition from the routes', async () => {
    const answer = (await app.inject('/v1/topologies/somme/availability?works=false')).json();
    const routes = (await app.inject('/v1/topologies/somme/saturation')).json().routes;
    const sections = new Map(somme.sections.map((s) => [s.id, s]));
    const headends = new Set(somme.sites.filter((s) => s.kind === 'headend').map((s) => s.id));
    // The sites a route passes through, walked from the NRO, its two ends left out.
    const sitesOf = (nro: string, route: { sections: string[] }) => {
      const out: string[] = [];
      let at = nro;
      for (const id of route.sections) {
        const s = sections.get(id)!;
        at = s.from === at ? s.to : s.from;
        out.push(at);
      }
      return out.filter((v) => v !== nro && !headends.has(v));
    };
    const groupsOf = (route: { sections: string[] }) => new Set(route.sections.flatMap((id) => sections.get(id)!.riskGroups ?? []));
    let sharing = 0;
    for (const r of routes.filter((x: { status: string }) => x.status === 'protected')) {
      const record = answer.nros.find((n: { nro: string }) => n.nro === r.nro);
      const primarySites = new Set(sitesOf(r.nro, r.primary));
      const sites = sitesOf(r.nro, r.backup).filter((v) => primarySites.has(v)).sort();
      const primaryGroups = groupsOf(r.primary);
      const groups = [...groupsOf(r.backup)].filter((g) => primaryGroups.has(g)).sort();
      expect(record.routes.shares.sites, r.nro).toEqual(sites);
      expect(record.routes.shares.riskGroups, r.nro).toEqual(groups);
      expect(record.routes.diversity, r.nro).toBe(sites.length ? 'section' : groups.length ? 'site' : record.routes.shares.owners.length ? 'risk-group' : 'owner');
      if (sites.length || groups.length) sharing++;
    }
    expect(sharing).toBeGreaterThan(0);
    for (const n of answer.nros.filter((x: { status: string }) => x.status !== 'secured')) expect(n.routes.shares, n.nro).toBeNull();
  });

  it('lists only the NROs asked for, and names an unknown one', async () => {
    const one = (await app.inject('/v1/topologies/somme/availability?works=false&nro=NRO-FIN')).json();
    const all = (await app.inject('/v1/topologies/somme/availability?works=false')).json();
    expect(one.nros).toEqual(all.nros.filter((n: { nro: string }) => n.nro === 'NRO-FIN'));
    expect(one.network).toEqual(all.network);
    const unknown = await app.inject('/v1/topologies/somme/availability?nro=NRO-FIN&nro=NRO-NOWHERE');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ details: [{ field: 'nros[1]' }] });
    expect(unknown.json().message).toContain('NRO-NOWHERE');
  });

  it('gives the NROs as a point layer coloured by expected outage', async () => {
    const answer = (await app.inject('/v1/topologies/somme/availability?works=false')).json();
    const fc = (await app.inject('/v1/topologies/somme/availability?works=false&f=geojson')).json();
    expect(fc.features).toHaveLength(answer.nros.length);
    expect(fc.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'Point')).toBe(true);
    expect(fc.features[0]).toMatchObject({ id: answer.nros[0].nro, properties: { unavailabilityMinPerYear: answer.nros[0].unavailabilityMinPerYear.lower } });
  });

  it('ranks and plans by subscriber-hours avoided on request', async () => {
    const rankings = (await app.inject('/v1/topologies/somme/rankings?objective=subscriber-hours')).json();
    const works = (await app.inject('/v1/topologies/somme/availability')).json().works;
    expect(rankings.bySubscriberHours).toEqual(works);
    const plan = await app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: { budgetEur: 200_000, objective: 'subscriber-hours' } });
    expect(plan.statusCode).toBe(200);
    expect(plan.json().value.subscriberHoursAvoided).toBeGreaterThan(0);
    expect((await app.inject('/v1/topologies/somme/rankings?objective=hours')).statusCode).toBe(400);
  });

  it('answers on a real listening server', async () => {
    const base = await listening(app);
    const res = await fetch(`${base}/v1/topologies/somme/availability?works=false&top=1`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.nros[0].doubleFailures.top.length).toBeLessThanOrEqual(1);
    expect(body.network.subscriberHoursPerYear.lower).toBeGreaterThan(0);
  });
});
