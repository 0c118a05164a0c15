import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { failureSweepRequest } from '../src/requests/failure-sweep.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { listening, SOMME_FILE } from './support/api.js';

const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME_FILE, 'utf8')));
const expected = (request: Parameters<typeof failureSweepRequest>[1]) => JSON.parse(JSON.stringify(failureSweepRequest(new NetworkWorkspace(somme), request)));

describe('failure sweeps over HTTP on the Somme network (POST /v1/topologies/:id/sweeps)', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-sweep-')), rateLimit: false });
  });
  afterAll(() => app.close());

  it('answers what the request computes, with the network options in the query string', async () => {
    const body = { kinds: ['site', 'owner'], exclude: { owners: ['divers'], sites: ['POP-ABBEVILLE'] }, worst: 2, fibresPerRoute: 4 };
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/sweeps?withLink=R-01', payload: body });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const answer = res.json();
    expect(answer).toEqual(expected({ ...body, network: { withLinks: ['R-01'] } } as never));
    expect(answer).toMatchObject({ kinds: ['site', 'owner'], worst: 2, failures: { section: 0, riskGroup: 0, owner: 4 } });
    expect(answer.sections.some((s: { worst: unknown[] }) => s.worst.length > 0)).toBe(true);
    // An empty body is every kind with the defaults.
    const all = await app.inject({ method: 'POST', url: '/v1/topologies/somme/sweeps', payload: {} });
    expect(all.json()).toEqual(expected({}));
  });

  it('refuses a bad body or query with a 400 naming the field, an unknown id naming it too', async () => {
    const post = (payload: unknown, query = '') => app.inject({ method: 'POST', url: `/v1/topologies/somme/sweeps${query}`, payload: payload as object });
    const worst = await post({ worst: 0 });
    expect(worst.statusCode).toBe(400);
    expect(worst.json().details[0]).toMatchObject({ field: 'worst', in: 'body' });
    const kind = await post({ kinds: ['bridge'] });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().details[0].field).toMatch(/^kinds/);
    const field = await post({ exclude: { trenches: ['x'] } });
    expect(field.statusCode).toBe(400);
    const unknown = await post({ exclude: { sections: ['S-999'] } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ code: 'unknown-reference', details: [{ field: 'exclude.sections', id: 'S-999' }] });
    const query = await post({}, '?sweep=1');
    expect(query.statusCode).toBe(400);
    expect(query.json().details[0]).toMatchObject({ field: 'sweep', in: 'query' });
    expect((await app.inject({ method: 'POST', url: '/v1/topologies/nowhere/sweeps', payload: {} })).statusCode).toBe(404);
  });

  it('is documented in the OpenAPI definition', async () => {
    const document = (await app.inject('/openapi.json')).json();
    expect(document.paths['/v1/topologies/{id}/sweeps'].post).toBeDefined();
  });

});

describe('failure sweeps against a real listening server', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-sweep-')), rateLimit: false });
    base = await listening(app);
  });
  afterAll(() => app.close());

  it('answers a real client', async () => {
    const res = await fetch(`${base}/v1/topologies/somme/sweeps?headend=HE-AMIENS`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kinds: ['riskGroup'] }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(expected({ kinds: ['riskGroup'], network: { headends: ['HE-AMIENS'] } } as never));
  });

  it('refuses a body that is not JSON with a 415, and a malformed one with a 400', async () => {
    const text = await fetch(`${base}/v1/topologies/somme/sweeps`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'kinds=site' });
    expect(text.status).toBe(415);
    const broken = await fetch(`${base}/v1/topologies/somme/sweeps`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"kinds": [' });
    expect(broken.status).toBe(400);
    expect((await broken.json()).code).toBeDefined();
  });
});
