import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { ApiError } from '../api/errors.js';
import { CANCEL_GRACE_MS, JobPool } from '../api/jobs/job-pool.js';
import type { TopologyRef } from '../api/jobs/job.js';
import { answersOnMainThread, MAIN_THREAD_SECTIONS } from '../api/jobs/questions.js';
import { fibreNetwork } from '../bench/generate.js';
import { fixtureTopology, tempFolders } from './support/api.js';

/** The cuts of the NetworkX oracle fixture, with the answers NetworkX gave. */
const oracle = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/oracle/handmade-existing.json'), 'utf8')) as {
  cuts: Array<{ request: Record<string, string[]>; expected: { isolatedSites: string[]; isolatedNros: string[]; subscribersCut: number } }>;
};
const NETWORK = { headends: [], includePlanned: false, withLinks: [] };
const decode = (body: Uint8Array | undefined) => JSON.parse(Buffer.from(body ?? new Uint8Array()).toString('utf8'));

describe('which jobs the main thread answers itself', () => {
  const small = { id: 'somme', etag: '"1-x"', file: 'somme.json', sections: 138 };
  it('only plain cuts of a few ids on a network of at most MAIN_THREAD_SECTIONS sections', () => {
    expect(answersOnMainThread('cut', small, { request: { sections: ['S-040'], reroute: false }, format: 'json' })).toBe(true);
    expect(answersOnMainThread('cut', small, { request: { owners: ['SMSN'] }, format: 'geojson' })).toBe(true);
    expect(answersOnMainThread('cut', { ...small, sections: MAIN_THREAD_SECTIONS + 1 }, { request: { sections: ['S-1'] } })).toBe(false);
    expect(answersOnMainThread('cut', { ...small, sections: undefined }, { request: { sections: ['S-1'] } })).toBe(false);
    expect(answersOnMainThread('cut', small, { request: { sections: ['S-1'], reroute: true } })).toBe(false);
    expect(answersOnMainThread('cut', small, { request: { sections: ['S-1'], reroute: { fibresPerRoute: 2 } } })).toBe(false);
    expect(answersOnMainThread('cut', small, { request: { polygon: { type: 'Polygon', coordinates: [] } } })).toBe(false);
    expect(answersOnMainThread('cut', small, { request: { sections: Array.from({ length: 101 }, (_, i) => `S-${i}`) } })).toBe(false);
    expect(answersOnMainThread('cut', small, { request: { sections: 'S-1' } })).toBe(false);
    expect(answersOnMainThread('rankings', small, { request: {} })).toBe(false);
  });
});

describe('a plain cut of a small network, answered on the main thread', () => {
  let app: FastifyInstance;
  let firstAnalysis: Promise<Response> | undefined;
  let root: string;

  beforeAll(async () => {
    const folders = tempFolders();
    writeFileSync(join(folders.seedDir, 'big.json'), JSON.stringify(fibreNetwork({ sections: 100_000, seed: 3 })));
    // One worker, a queue of one: while the worker computes and a job waits, any job sent to a worker is a 503 busy.
    app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, rateLimit: false, workers: 1, maxQueue: 1, deadlineMs: 120_000 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    root = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }, 120_000);
  afterAll(async () => {
    await firstAnalysis?.then((res) => res.arrayBuffer()).catch(() => undefined);
    await app?.close();
  });

  it('gives the oracle’s answers while the only worker is busy and its queue full, when a cut that needs a worker is a 503 busy', async () => {
    const analysis = () => fetch(`${root}/v1/topologies/big/analysis`);
    // The analysis of 1e5 sections takes seconds: one runs, the next waits in the queue (of one).
    firstAnalysis = analysis();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const queued = analysis();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const post = (body: unknown) => fetch(`${root}/v1/topologies/handmade/cuts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const rerouted = await post({ sections: ['S-18'], reroute: true });
    expect(rerouted.status).toBe(503);
    expect(await rerouted.json()).toMatchObject({ code: 'busy' });
    for (const { request, expected } of oracle.cuts) {
      const res = await post(request);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject(expected);
    }
    const unknown = await post({ sections: ['S-404'] });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ code: 'unknown-reference', details: [{ field: 'sections', in: 'body', id: 'S-404' }] });
    expect((await firstAnalysis).status).toBe(200);
    expect((await queued).status).toBe(200);
    await (await queued).arrayBuffer();
  }, 120_000);
});

describe('the job pool: main thread and workers answer alike; a gone client', () => {
  const folders = tempFolders();
  const handmade: TopologyRef = { id: 'handmade', etag: '"1-handmade"', file: join(folders.seedDir, 'handmade.json'), sections: fixtureTopology('handmade-existing').sections.length };
  const bigFile = join(folders.seedDir, 'big.json');
  writeFileSync(bigFile, JSON.stringify(fibreNetwork({ sections: 100_000, seed: 3 })));
  const big: TopologyRef = { id: 'big', etag: '"1-big"', file: bigFile, sections: 100_000 };
  const midFile = join(folders.seedDir, 'mid.json');
  writeFileSync(midFile, JSON.stringify(fibreNetwork({ sections: 3_000, seed: 3 })));
  const mid: TopologyRef = { id: 'mid', etag: '"1-mid"', file: midFile, sections: 3_000 };
  const options = { workers: 1, maxQueue: 4, deadlineMs: 60_000, cacheBytes: 2 ** 30, answerBytes: 0 };
  const here = new JobPool(options);
  const workers = new JobPool({ ...options, mainThread: false });
  afterAll(async () => {
    await Promise.all([here.close(), workers.close()]);
  });

  it('gives the same bytes, media type and errors on the main thread as in a worker', async () => {
    for (const format of ['json', 'geojson'] as const) {
      for (const { request } of oracle.cuts) {
        const payload = { request: { ...request, network: NETWORK }, format };
        const [a, b] = await Promise.all([here.run('cut', handmade, payload), workers.run('cut', handmade, payload)]);
        expect(a.type).toBe(b.type);
        expect(Buffer.from(a.body ?? []).equals(Buffer.from(b.body ?? []))).toBe(true);
      }
    }
    const payload = { request: { sections: ['S-404'], network: NETWORK }, format: 'json' as const };
    const [a, b] = await Promise.all([here.run('cut', handmade, payload).catch((e: unknown) => e), workers.run('cut', handmade, payload).catch((e: unknown) => e)]);
    expect(a).toBeInstanceOf(ApiError);
    expect({ ...(a as ApiError), stack: undefined }).toEqual({ ...(b as ApiError), stack: undefined });
    expect(decode((await here.run('cut', handmade, { request: { owners: ['Global Crossing'], network: NETWORK }, format: 'json' })).body)).toMatchObject(oracle.cuts[3].expected);
  }, 60_000);

  it('lets a job whose client went finish within the grace, and cancels a longer one soon after it', async () => {
    // A first cut reads the network into the worker; the next is quick.
    await workers.run('cut', mid, { request: { sections: ['S-1'], network: NETWORK }, format: 'json' });
    const gone = new AbortController();
    const quick = workers.run('cut', mid, { request: { sections: ['S-2'], network: NETWORK }, format: 'json' }, { signal: gone.signal });
    gone.abort();
    expect(decode((await quick).body)).toMatchObject({ failedSections: ['S-2'] });

    const left = new AbortController();
    const long = workers.run('rankings', big, { request: { network: NETWORK }, format: 'json' } as never, { signal: left.signal }).catch((e: unknown) => e);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const leftAt = performance.now();
    left.abort();
    const error = await long;
    expect(error).toMatchObject({ statusCode: 499, code: 'client-closed' });
    const waited = performance.now() - leftAt;
    expect(waited).toBeGreaterThanOrEqual(CANCEL_GRACE_MS - 5);
    expect(waited).toBeLessThan(CANCEL_GRACE_MS + 5_000);
  }, 120_000);
});
