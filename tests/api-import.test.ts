import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { importGracethdFolder } from '../src/import/gracethd/import-gracethd.js';
import { tempFolders } from './support/api.js';

const DIR = join(import.meta.dirname, 'fixtures/gracethd-demo');
const TOKEN = 'import-token';
const zip = () => {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(DIR)) entries[`livraison/${name}`] = new Uint8Array(readFileSync(join(DIR, name)));
  return Buffer.from(zipSync(entries));
};
const post = (app: FastifyInstance, url: string, payload: Buffer, headers: Record<string, string> = {}) =>
  app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/zip', authorization: `Bearer ${TOKEN}`, ...headers } });

describe('POST /v1/import/gracethd', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    const folders = tempFolders();
    app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false });
  });
  afterAll(() => app.close());

  it('imports a zipped delivery as the CLI does, without storing it when no id is given', async () => {
    const res = await post(app, '/v1/import/gracethd?name=demo', zip());
    expect(res.statusCode).toBe(200);
    const expected = await importGracethdFolder(DIR, { name: 'demo' });
    expect(res.json()).toEqual(JSON.parse(JSON.stringify({ topology: expected.topology, report: expected.report })));
    expect(expected.topology.sections.length).toBeGreaterThan(0);
    expect((await app.inject('/v1/topologies')).json().topologies.map((t: { id: string }) => t.id)).toEqual(['handmade', 'rand']);
  });

  it('stores it under the id given, as a topology the analysis and the OGC API then serve', async () => {
    const res = await post(app, '/v1/import/gracethd?id=demo&name=demo', zip());
    expect(res.statusCode).toBe(201);
    expect(res.json().stored).toMatchObject({ id: 'demo', version: 1, source: 'upload' });
    expect(res.json().report.source).toBe('GraceTHD');
    expect((await app.inject('/v1/topologies/demo/analysis')).statusCode).toBe(200);
    expect((await app.inject('/ogc/demo/collections/sections/items')).json().numberMatched).toBeGreaterThan(0);
    const again = await post(app, '/v1/import/gracethd?id=demo', zip(), { 'if-none-match': '*' });
    expect(again.statusCode).toBe(412);
  });

  it('needs the token, a zip content type, and a readable zip', async () => {
    const noToken = await app.inject({ method: 'POST', url: '/v1/import/gracethd', payload: zip(), headers: { 'content-type': 'application/zip' } });
    expect(noToken.statusCode).toBe(401);
    const json = await app.inject({ method: 'POST', url: '/v1/import/gracethd', payload: { a: 1 }, headers: { authorization: `Bearer ${TOKEN}` } });
    expect(json.statusCode).toBe(415);
    const garbage = await post(app, '/v1/import/gracethd', Buffer.from([1, 2, 3, 4]));
    expect(garbage.statusCode).toBe(400);
    expect(garbage.json()).toMatchObject({ code: 'invalid-topology', details: [{ field: '$', code: 'invalid-delivery' }] });
    const empty = await post(app, '/v1/import/gracethd', Buffer.from(zipSync({ 'readme.txt': new TextEncoder().encode('hi') })));
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details[0].code).toBe('missing-table');
  });

  it('refuses a zip over the import limit with 413', async () => {
    const folders = tempFolders();
    const small = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, importBodyLimit: 1024 });
    const res = await post(small, '/v1/import/gracethd', zip());
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('body-too-large');
    await small.close();
  });
});
