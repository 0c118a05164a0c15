import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { nodeFs, type StoreFs } from '../api/store/fs.js';
import { fixtureTopology, tempFolders, tinyTopology } from './support/api.js';

const TOKEN = 'test-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };

function build(folders = tempFolders(), options: Parameters<typeof buildApp>[0] = {}) {
  return buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, ...options });
}

describe('topologies over app.inject', () => {
  let app: FastifyInstance;
  const folders = tempFolders();
  beforeAll(async () => {
    app = await build(folders);
  });
  afterAll(() => app.close());

  it('lists the topologies of the folder with id, name, version and counts', async () => {
    const res = await app.inject('/v1/topologies');
    expect(res.statusCode).toBe(200);
    const { topologies } = res.json();
    expect(topologies.map((t: { id: string }) => t.id)).toEqual(['handmade', 'rand']);
    const handmade = fixtureTopology('handmade-existing');
    expect(topologies[0]).toMatchObject({
      id: 'handmade',
      name: handmade.name,
      version: 1,
      source: 'seed',
      counts: { sites: handmade.sites.length, sections: handmade.sections.length, nros: handmade.sites.filter((s) => s.kind === 'nro').length },
    });
    expect(topologies[0].links.find((l: { rel: string }) => l.rel === 'ogc-features').href).toBe('http://localhost:80/ogc/handmade');
  });

  it('serves a document with its version and ETag, and as GeoJSON with ?f=geojson or Accept', async () => {
    const res = await app.inject('/v1/topologies/handmade');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toEqual(fixtureTopology('handmade-existing'));
    expect(res.headers['topology-version']).toBe('1');
    expect(res.headers.etag).toMatch(/^"1-[0-9a-f]{16}"$/);
    const notModified = await app.inject({ url: '/v1/topologies/handmade', headers: { 'if-none-match': String(res.headers.etag) } });
    expect(notModified.statusCode).toBe(304);

    for (const request of [{ url: '/v1/topologies/handmade?f=geojson' }, { url: '/v1/topologies/handmade', headers: { accept: 'application/geo+json' } }]) {
      const geo = await app.inject(request);
      expect(geo.headers['content-type']).toMatch(/^application\/geo\+json/);
      const fc = geo.json();
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features.filter((f: { properties: { featureType: string } }) => f.properties.featureType === 'site')).toHaveLength(15);
      expect(geo.headers.etag).not.toBe(res.headers.etag);
    }
  });

  it('serves a version as its file: a seed as the topology folder has it, an upload as the canonical JSON it was stored as', async () => {
    const seed = await app.inject('/v1/topologies/rand');
    expect(seed.statusCode).toBe(200);
    expect(seed.headers['content-type']).toMatch(/^application\/json/);
    expect(seed.body).toBe(readFileSync(join(folders.seedDir, 'rand.json'), 'utf8'));
    expect(seed.json()).toEqual(fixtureTopology('rand-n40-planned-on'));
    const head = await app.inject({ method: 'HEAD', url: '/v1/topologies/rand' });
    expect(head.statusCode).toBe(200);
    expect(head.headers.etag).toBe(seed.headers.etag);
    expect(head.body).toBe('');

    const put = await app.inject({ method: 'PUT', url: '/v1/topologies/as-stored', headers: auth, payload: tinyTopology('as stored') });
    expect(put.statusCode).toBe(201);
    const read = await app.inject('/v1/topologies/as-stored');
    expect(read.body).toBe(`${JSON.stringify(tinyTopology('as stored'), null, 2)}\n`);
    expect(read.body).toBe(readFileSync(join(folders.dataDir, 'as-stored', 'v1.json'), 'utf8'));
    expect(read.headers.etag).toBe(put.headers.etag);
  });

  it('parses a body as Fastify does, in the worker: a BOM is skipped, an empty body, __proto__ and constructor.prototype are refused', async () => {
    const bom = await app.inject({ method: 'POST', url: '/v1/validate', headers: { 'content-type': 'application/json' }, payload: `\uFEFF${JSON.stringify(tinyTopology('bom'))}` });
    expect(bom.statusCode).toBe(200);
    expect(bom.json()).toMatchObject({ valid: true, name: 'bom' });
    const empty = await app.inject({ method: 'PUT', url: '/v1/topologies/empty', headers: { ...auth, 'content-type': 'application/json' }, payload: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ code: 'empty-body', details: [{ field: 'body', in: 'body' }] });
    for (const payload of ['{"__proto__":{"polluted":1}}', '{"a":[{"constructor":{"prototype":{"x":1}}}]}', '{"a":', '[1,]']) {
      for (const url of ['/v1/validate', '/v1/topologies/poisoned']) {
        const res = await app.inject({ method: url === '/v1/validate' ? 'POST' : 'PUT', url, headers: { ...auth, 'content-type': 'application/geo+json' }, payload });
        expect(res.statusCode, `${url} ${payload}`).toBe(400);
        expect(res.json()).toEqual({
          code: 'invalid-json',
          message: 'the request body is not valid JSON',
          details: [{ field: 'body', in: 'body', message: "Body is not valid JSON but content-type is set to 'application/json'" }],
        });
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((await app.inject('/v1/topologies/poisoned')).statusCode).toBe(404);
  });

  it('answers 404 with the JSON error for an unknown id', async () => {
    const res = await app.inject('/v1/topologies/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      code: 'not-found',
      message: 'no topology "nowhere"',
      details: [{ field: 'id', in: 'path', id: 'nowhere', message: 'no topology "nowhere"' }],
    });
    expect((await app.inject('/v1/topologies/fibre-topology-1.schema')).statusCode).toBe(404);
    expect((await app.inject('/v1/nothing-here')).json().code).toBe('not-found');
  });

  it('creates with a token (201), replaces with If-Match (200), and refuses a stale If-Match (412)', async () => {
    const created = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: auth, payload: tinyTopology('tiny v1') });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'tiny', version: 1, source: 'upload', counts: { sites: 4, sections: 4, nros: 2, subscribers: 1500 } });
    expect(created.headers.location).toBe('http://localhost:80/v1/topologies/tiny');
    const etag = String(created.headers.etag);

    const replaced = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: { ...auth, 'if-match': etag }, payload: tinyTopology('tiny v2') });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json().version).toBe(2);

    const stale = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: { ...auth, 'if-match': etag }, payload: tinyTopology('tiny v3') });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'precondition-failed', details: [{ field: 'If-Match', in: 'header' }] });
    const createOnly = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: { ...auth, 'if-none-match': '*' }, payload: tinyTopology() });
    expect(createOnly.statusCode).toBe(412);

    const read = await app.inject('/v1/topologies/tiny');
    expect(read.json().name).toBe('tiny v2');
    expect(read.headers['topology-version']).toBe('2');
  });

  it('accepts the GeoJSON form of a topology as application/geo+json', async () => {
    const geo = (await app.inject('/v1/topologies/handmade?f=geojson')).body;
    const res = await app.inject({ method: 'PUT', url: '/v1/topologies/from-geojson', headers: { ...auth, 'content-type': 'application/geo+json' }, payload: geo });
    expect(res.statusCode).toBe(201);
    expect((await app.inject('/v1/topologies/from-geojson')).json()).toEqual(fixtureTopology('handmade-existing'));
  });

  it('refuses writes without the token (401) or with a wrong one', async () => {
    const none = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', payload: tinyTopology() });
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(none.json()).toMatchObject({ code: 'unauthorized', details: [{ field: 'Authorization', in: 'header' }] });
    const wrong = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: { authorization: 'Bearer nope' }, payload: tinyTopology() });
    expect(wrong.statusCode).toBe(401);
  });

  it('reports every validation problem of an invalid upload in the 400, with path and id, and stores nothing', async () => {
    const bad = tinyTopology();
    bad.sections[1] = { ...bad.sections[1], to: 'NOWHERE' };
    bad.sections[2] = { ...bad.sections[2], lengthM: -5 };
    bad.sites.push({ ...bad.sites[0] });
    const res = await app.inject({ method: 'PUT', url: '/v1/topologies/bad', headers: auth, payload: { ...bad, colour: 'red' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('invalid-topology');
    expect(body.details).toEqual(expect.arrayContaining([
      expect.objectContaining({ field: '$.sections[1].to', id: 'S-2', code: 'unknown-site' }),
      expect.objectContaining({ field: '$.sections[2].lengthM', id: 'S-3', code: 'invalid-value' }),
      expect.objectContaining({ field: '$.sites[4].id', id: 'HE', code: 'duplicate-id' }),
      expect.objectContaining({ field: '$', code: 'unknown-field' }),
    ]));
    expect((await app.inject('/v1/topologies/bad')).statusCode).toBe(404);
  });

  it('rejects an invalid id for a write, naming the field', async () => {
    const res = await app.inject({ method: 'PUT', url: '/v1/topologies/..hidden', headers: auth, payload: tinyTopology() });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid-request', details: [{ field: 'id', in: 'path' }] });
  });

  it('refuses a body that is not JSON (415) and malformed JSON (400)', async () => {
    const text = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: { ...auth, 'content-type': 'text/plain' }, payload: JSON.stringify(tinyTopology()) });
    expect(text.statusCode).toBe(415);
    expect(text.json()).toMatchObject({ code: 'unsupported-media-type', details: [{ field: 'Content-Type' }] });
    const xml = await app.inject({ method: 'POST', url: '/v1/validate', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect(xml.statusCode).toBe(415);
    const broken = await app.inject({ method: 'POST', url: '/v1/validate', headers: { 'content-type': 'application/json' }, payload: '{"format": ' });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('invalid-json');
  });

  it('validates without storing: 200 with counts and warnings, or the same 400 as PUT', async () => {
    const topology = { ...tinyTopology('dry'), redundancyLinks: [{ id: 'R-1', priority: 1, a: 'NRO-A', b: 'HE', lengthM: 100, costEur: 2500, owner: 'SMSN' }],
      declaredTotals: { redundancyLinks: { lengthM: 101, costEur: 2500 } } };
    const ok = await app.inject({ method: 'POST', url: '/v1/validate', payload: topology });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ valid: true, name: 'dry', counts: { redundancyLinks: 1 }, warnings: [{ table: 'redundancyLinks', field: 'lengthM', difference: -1 }] });
    const bad = await app.inject({ method: 'POST', url: '/v1/validate', payload: { format: 'fibre-topology/1' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['$.name', '$.sites', '$.sections']));
    expect((await app.inject('/v1/topologies/dry')).statusCode).toBe(404);
  });

  it('sets security headers and no CORS header for an origin not in the allowlist', async () => {
    const res = await app.inject({ url: '/health', headers: { origin: 'https://evil.example' } });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('limits and configuration', () => {
  it('refuses a body over the limit with 413', async () => {
    const app = await build(tempFolders(), { bodyLimit: 2048 });
    const big = fixtureTopology('rand-n40-planned-on');
    const res = await app.inject({ method: 'PUT', url: '/v1/topologies/big', headers: auth, payload: big });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body-too-large', details: [{ field: 'body' }] });
    expect((await app.inject({ method: 'PUT', url: '/v1/topologies/small', headers: auth, payload: tinyTopology() })).statusCode).toBe(201);
    await app.close();
  });

  it('answers 429 past the rate limit, in the error format, with Retry-After; computing requests count apart from cheap reads; /health is not limited', async () => {
    const app = await build(tempFolders(), { rateLimit: { max: 3, timeWindowMs: 60_000 } });
    const jobs: number[] = [];
    for (let i = 0; i < 5; i++) jobs.push((await app.inject('/v1/topologies/handmade/analysis')).statusCode);
    expect(jobs).toEqual([200, 200, 200, 429, 429]);
    const limitedJob = await app.inject('/v1/topologies/handmade/saturation');
    expect(limitedJob.json()).toMatchObject({ code: 'rate-limited', details: [{ field: 'client' }] });
    expect(Number(limitedJob.headers['retry-after'])).toBeGreaterThan(0);
    // Reads are ten times as many, counted apart: the computing requests above did not use them up.
    const reads: number[] = [];
    for (let i = 0; i < 31; i++) reads.push((await app.inject('/v1/topologies')).statusCode);
    expect(reads.filter((c) => c === 200)).toHaveLength(30);
    expect(reads[30]).toBe(429);
    expect((await app.inject('/health')).statusCode).toBe(200);
    await app.close();
  });

  it('refuses every write when no token is configured (403), reads still work', async () => {
    const app = await build(tempFolders(), { token: undefined });
    const res = await app.inject({ method: 'PUT', url: '/v1/topologies/tiny', headers: auth, payload: tinyTopology() });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('writes-disabled');
    expect((await app.inject('/v1/topologies/handmade')).statusCode).toBe(200);
    await app.close();
  });

  it('allows the configured CORS origins only', async () => {
    const app = await build(tempFolders(), { corsOrigins: ['https://map.example'] });
    const allowed = await app.inject({ url: '/v1/topologies', headers: { origin: 'https://map.example' } });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://map.example');
    expect(String(allowed.headers['access-control-expose-headers'])).toContain('ETag');
    const preflight = await app.inject({ method: 'OPTIONS', url: '/v1/topologies/x', headers: { origin: 'https://map.example', 'access-control-request-method': 'PUT' } });
    expect(preflight.statusCode).toBe(204);
    const other = await app.inject({ url: '/v1/topologies', headers: { origin: 'https://other.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    await app.close();
  });
});

describe('persistence across restarts', () => {
  it('serves the uploaded version after a restart over the same data folder', async () => {
    const folders = tempFolders();
    const first = await build(folders);
    const put = await first.inject({ method: 'PUT', url: '/v1/topologies/handmade', headers: auth, payload: tinyTopology('uploaded') });
    expect(put.statusCode).toBe(200);
    await first.close();

    const second = await build(folders);
    const res = await second.inject('/v1/topologies/handmade');
    expect(res.json().name).toBe('uploaded');
    expect(res.headers['topology-version']).toBe('2');
    expect(res.headers.etag).toBe(put.headers.etag);
    const listed = (await second.inject('/v1/topologies')).json().topologies.find((t: { id: string }) => t.id === 'handmade');
    expect(listed).toMatchObject({ version: 2, source: 'upload', name: 'uploaded' });
    await second.close();
  });

  it('keeps serving the old version after a write interrupted between temp file and rename', async () => {
    const folders = tempFolders();
    const failing: StoreFs = {
      ...nodeFs,
      rename: async (from, to) => {
        if (to.endsWith('v2.json')) throw Object.assign(new Error('EIO: simulated crash'), { code: 'EIO' });
        return nodeFs.rename(from, to);
      },
    };
    const app = await build(folders, { fs: failing });
    const res = await app.inject({ method: 'PUT', url: '/v1/topologies/handmade', headers: auth, payload: tinyTopology('lost') });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'internal-error', message: expect.any(String), details: [{ field: 'request', message: expect.any(String) }] });
    expect((await app.inject('/v1/topologies/handmade')).json().name).toBe('handmade');
    await app.close();
    const restarted = await build(folders);
    const served = await restarted.inject('/v1/topologies/handmade');
    expect(served.json()).toEqual(fixtureTopology('handmade-existing'));
    expect(served.headers['topology-version']).toBe('1');
    await restarted.close();
  });
});

describe('graceful shutdown', () => {
  it('finishes the write in flight and answers 503 to a request that arrives while closing', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let reached!: () => void;
    const atRename = new Promise<void>((resolve) => (reached = resolve));
    const slow: StoreFs = { ...nodeFs, rename: async (a, b) => { reached(); await gate; return nodeFs.rename(a, b); } };
    const folders = tempFolders();
    const app = await build(folders, { fs: slow });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const write = fetch(`http://127.0.0.1:${port}/v1/topologies/handmade`, {
      method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(tinyTopology('in flight')),
    });
    await atRename;
    // A client that has started sending its request when the shutdown begins.
    const socket = connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('GET /health HTTP/1.1\r\nHost: localhost\r\n');
    await new Promise((r) => setTimeout(r, 20));
    const closed = app.close();
    await new Promise((r) => setTimeout(r, 20));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const ended = new Promise((resolve) => socket.once('close', resolve));
    socket.write('\r\n');
    await ended;
    expect(answer).toMatch(/^HTTP\/1\.1 503/);
    expect(answer.toLowerCase()).toContain('connection: close');
    expect(answer).toContain('"code":"shutting-down"');
    release();
    expect((await write).status).toBe(200);
    await closed;
    const restarted = await build(folders);
    expect((await restarted.inject('/v1/topologies/handmade')).json().name).toBe('in flight');
    await restarted.close();
  });
});
