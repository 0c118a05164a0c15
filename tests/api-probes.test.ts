import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Zip, ZipDeflate, zipSync } from 'fflate';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import type { AppOptions } from '../api/config.js';
import { fibreNetwork } from '../bench/generate.js';
import { SOMME_FILE, tempFolders } from './support/api.js';

/**
 * The probes of issue 11 as regressions, against real listening servers: each case runs while
 * /health is polled, and asserts an answer in the API's error format naming the field (or a
 * correct answer), that /health answered while the case was in flight, and that the server is
 * alive afterwards. Nothing here asserts a duration: they are logged, to be quoted.
 *
 * Probe 5 (two servers on one data folder) is tests/api-store-processes.test.ts.
 */
const TOKEN = 'probe-token';
const GRACETHD = join(import.meta.dirname, 'fixtures/gracethd-demo');

interface Server {
  app: FastifyInstance;
  root: string;
}

interface ErrorAnswer {
  code: string;
  message: string;
  details: Array<{ field: string; in?: string; id?: string; code?: string; message: string }>;
}

/** A listening app over a temporary data folder, seeded with the Somme and the given networks. */
async function startServer(options: AppOptions, networks: Record<string, unknown> = {}): Promise<Server> {
  const folders = tempFolders();
  copyFileSync(SOMME_FILE, join(folders.seedDir, 'somme.json'));
  for (const [id, topology] of Object.entries(networks)) writeFileSync(join(folders.seedDir, `${id}.json`), JSON.stringify(topology));
  const app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, workers: 2, ...options });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, root: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };
}

interface HealthDuring {
  /** /health answers, by status. */
  statuses: number[];
  /** 200s that arrived before the case finished. */
  okBeforeEnd: number;
  slowestMs: number;
}

/**
 * Runs a case while /health is polled, one request after the other, from the start of the case
 * to its end (and once more after). Logs the case's duration and the health figures.
 */
async function whileHealthPolled<T>(root: string, label: string, run: () => Promise<T>): Promise<{ value: T; health: HealthDuring; ms: number }> {
  let done = false;
  const health: HealthDuring = { statuses: [], okBeforeEnd: 0, slowestMs: 0 };
  const poll = (async () => {
    do {
      const started = performance.now();
      const res = await fetch(`${root}/health`);
      await res.arrayBuffer();
      health.slowestMs = Math.max(health.slowestMs, performance.now() - started);
      health.statuses.push(res.status);
      if (!done && res.status === 200) health.okBeforeEnd++;
    } while (!done);
  })();
  const started = performance.now();
  try {
    const value = await run();
    const ms = performance.now() - started;
    done = true;
    await poll;
    console.log(`${label}: ${Math.round(ms)} ms; /health answered ${health.okBeforeEnd} times during it (slowest ${Math.round(health.slowestMs)} ms)`);
    return { value, health, ms };
  } finally {
    done = true;
    await poll.catch(() => undefined);
  }
}

/** The case's error answer: the status, the error format, a detail naming the field. */
async function expectError(res: Response, status: number | number[], field: RegExp): Promise<ErrorAnswer> {
  const text = await res.text();
  expect([status].flat(), text.slice(0, 500)).toContain(res.status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorAnswer;
  expect(body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  expect(body.details.length).toBeGreaterThan(0);
  expect(body.details.map((d) => d.field).join(' '), text.slice(0, 500)).toMatch(field);
  return body;
}

async function expectAlive(root: string): Promise<void> {
  const res = await fetch(`${root}/health`);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ status: 'ok' });
}

const postJson = (root: string, path: string, body: unknown, signal?: AbortSignal) =>
  fetch(`${root}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body), signal });

const postZip = (root: string, path: string, zip: Uint8Array, type = 'application/zip') =>
  fetch(`${root}${path}`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${TOKEN}` }, body: new Uint8Array(zip) });

function demoEntries(): Record<string, Uint8Array> {
  const entries: Record<string, Uint8Array> = {};
  for (const name of readdirSync(GRACETHD)) entries[`livraison/${name}`] = new Uint8Array(readFileSync(join(GRACETHD, name)));
  return entries;
}

/** A zip of one entry of `mib` MiB of one repeated byte, no line end: deflate at its best ratio (about 1032:1), built by chunks. */
function zipBomb(name: string, mib: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    parts.push(chunk);
  });
  const entry = new ZipDeflate(name, { level: 9 });
  zip.add(entry);
  const chunk = new Uint8Array(2 ** 20).fill(0x61);
  for (let i = 0; i < mib; i++) entry.push(chunk, i === mib - 1);
  zip.end();
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The zip with the uncompressed size of `name` declared `by` bytes smaller than it is, in both its headers. */
function understated(zip: Uint8Array, name: string, by: number): Uint8Array {
  const copy = new Uint8Array(zip);
  const view = new DataView(copy.buffer);
  for (let at = copy.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== 0x06054b50) continue;
    let entry = view.getUint32(at + 16, true);
    for (let i = 0; i < view.getUint16(at + 10, true); i++) {
      const nameLength = view.getUint16(entry + 28, true);
      const entryName = new TextDecoder().decode(copy.subarray(entry + 46, entry + 46 + nameLength));
      if (entryName === name) {
        const size = view.getUint32(entry + 24, true);
        const local = view.getUint32(entry + 42, true);
        view.setUint32(entry + 24, size - by, true);
        view.setUint32(local + 22, size - by, true);
        return copy;
      }
      entry += 46 + nameLength + view.getUint16(entry + 30, true) + view.getUint16(entry + 32, true);
    }
  }
  throw new Error(`no entry ${name}`);
}

/** A closed ring of `n` positions around the Somme, with long decimals (about 39 bytes a position). */
function ring(n: number): number[][] {
  const positions = Array.from({ length: n - 1 }, (_, i) => {
    const angle = (2 * Math.PI * i) / (n - 1);
    return [2.3 + 0.2 * Math.cos(angle) + 1e-13, 49.9 + 0.2 * Math.sin(angle) + 1e-13];
  });
  return [...positions, positions[0]];
}

describe('issue 11 probes against a real listening server (default rate limit)', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({}, { grid: fibreNetwork({ sections: 3_000, seed: 11 }) });
  });
  afterAll(() => server?.app.close());

  it('(1) a plan over 10 000 000 or 1 000 000 years, or an exact search over 1e9 candidates, is a 400 naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ budgetEur: 3_884_950, years: 10_000_000 }, /\byears\b/],
      [{ budgetEur: 3_884_950, years: 1_000_000 }, /\byears\b/],
      [{ budgetEur: 3_884_950, exactLimit: 1e9 }, /\bexactLimit\b/],
    ];
    for (const [body, field] of cases) {
      const { value, health } = await whileHealthPolled(server.root, `(1) plan ${JSON.stringify(body)}`, () => postJson(server.root, '/v1/topologies/somme/plans', body));
      await expectError(value, 400, field);
      expect(health.statuses.every((s) => s === 200)).toBe(true);
      const injected = await server.app.inject({ method: 'POST', url: '/v1/topologies/somme/plans', payload: body as object });
      expect(injected.statusCode).toBe(400);
      expect(injected.json().details.map((d: { field: string }) => d.field).join(' ')).toMatch(field);
    }
    await expectAlive(server.root);
  });

  it('(2) a cut by one Polygon of 200 000 vertices (about 7.8 MB) is refused (413 before parsing, over the 4 MiB of a cut), /health answering meanwhile', async () => {
    const text = JSON.stringify({ polygon: { type: 'Polygon', coordinates: [ring(200_000)] } });
    console.log(`(2) polygon body: ${(text.length / 1e6).toFixed(1)} MB`);
    expect(text.length).toBeLessThan(16 * 2 ** 20);
    const { value, health } = await whileHealthPolled(server.root, '(2) polygon of 200 000 vertices', () => postJson(server.root, '/v1/topologies/somme/cuts', text));
    const body = await expectError(value, 413, /^body/);
    console.log(`(2) answer: ${value.status} ${body.code}: ${body.details.map((d) => `${d.field} ${d.message}`).join('; ').slice(0, 300)}`);
    expect(health.okBeforeEnd).toBeGreaterThan(0);
    expect(health.statuses.every((s) => s === 200)).toBe(true);
    await expectAlive(server.root);
  });

  it('(3) a polygon with an empty ring, or a ring of 1, 2 or 3 positions, is a 400 naming polygon…, never a 500', async () => {
    const p = [2.3, 49.9];
    const rings = [[], [p], [p, [2.4, 49.9]], [p, [2.4, 49.9], p]];
    const areas = [
      ...rings.map((r) => ({ type: 'Polygon', coordinates: [r] })),
      { type: 'Polygon', coordinates: [] },
      { type: 'Polygon', coordinates: [ring(5), []] },
      { type: 'MultiPolygon', coordinates: [[[]]] },
      { type: 'Feature', properties: null, geometry: { type: 'Polygon', coordinates: [[]] } },
      { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: [[[p]]] } }] },
      { type: 'Polygon', coordinates: [[[], [], [], []]] },
      { type: 'Polygon', coordinates: [[[2.3], [2.3], [2.3], [2.3]]] },
    ];
    for (const polygon of areas) {
      const { value } = await whileHealthPolled(server.root, `(3) ${JSON.stringify(polygon).slice(0, 80)}`, () => postJson(server.root, '/v1/topologies/somme/cuts?f=geojson', { polygon }));
      await expectError(value, 400, /^polygon/);
    }
    await expectAlive(server.root);
  });

  it('(4) a zip bomb (~410 KB holding a 400 MiB single-line CSV) is a quick 400/413 naming the entry, RSS bounded, nothing stored', async () => {
    const started = performance.now();
    const bomb = zipBomb('livraison/t_noeud.csv', 400);
    console.log(`(4) zip bomb: ${bomb.length} bytes for 400 MiB, built in ${Math.round(performance.now() - started)} ms`);
    // A first import warms the worker, so that the RSS below is the bomb's, not a thread's start.
    expect((await postZip(server.root, '/v1/import/gracethd', zipSync(demoEntries()))).status).toBe(200);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    try {
      const { value } = await whileHealthPolled(server.root, '(4) zip bomb', () => postZip(server.root, '/v1/import/gracethd?id=bomb', bomb));
      const body = await expectError(value, [400, 413], /t_noeud\.csv|body/);
      console.log(`(4) zip bomb answer: ${value.status} ${body.code} ${body.details[0].code}: ${body.details[0].message}`);
    } finally {
      clearInterval(sampler);
    }
    peak = Math.max(peak, process.memoryUsage().rss);
    console.log(`(4) RSS of the server process (in-process): ${baseline >> 20} MiB before, peak ${peak >> 20} MiB (+${(peak - baseline) >> 20} MiB)`);
    expect(peak - baseline).toBeLessThan(256 * 2 ** 20);
    expect((await fetch(`${server.root}/v1/topologies/bomb`)).status).toBe(404);

    const lying = understated(zipSync(demoEntries()), 'livraison/t_noeud.dbf', 100);
    const { value } = await whileHealthPolled(server.root, '(4) zip whose headers understate a size', () => postZip(server.root, '/v1/import/gracethd?id=liar', lying));
    const corrupt = await expectError(value, 400, /t_noeud\.dbf/);
    console.log(`(4) understated sizes: ${value.status} ${corrupt.code}: ${corrupt.details[0].field} ${corrupt.details[0].message}`);
    expect(corrupt.details.map((d) => d.code)).toContain('corrupt-archive');
    expect((await fetch(`${server.root}/v1/topologies/liar`)).status).toBe(404);
    await expectAlive(server.root);
  }, 60_000);

  it('(7) an id of 300 characters is a 400 naming id, bad percent-encoding a 400, 100 KB of headers a 431, all in the error format', async () => {
    const long = 'a'.repeat(300);
    for (const path of [`/v1/topologies/${long}`, `/v1/topologies/${long}/analysis`, `/ogc/${long}`]) {
      const { value } = await whileHealthPolled(server.root, `(7) GET ${path.slice(0, 30)}… (300-character id)`, () => fetch(`${server.root}${path}`));
      await expectError(value, 400, /^(id|topologyId)$/);
    }
    for (const path of ['/v1/topologies/%zz', '/v1/topologies/%zz/analysis', '/ogc/%E9']) {
      const { value } = await whileHealthPolled(server.root, `(7) GET ${path}`, () => fetch(`${server.root}${path}`));
      await expectError(value, 400, /url|id/);
    }
    const { value: raw } = await whileHealthPolled(server.root, '(7) 100 KB header on a raw socket', () => rawRequest(server.root, `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: ${'b'.repeat(100_000)}\r\n\r\n`));
    const [head, body] = raw.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(head).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(body)).toMatchObject({ code: 'headers-too-large', details: [{ field: 'headers' }] });
    await expectAlive(server.root);
  });

  it('(8) the document lists application/zip for the import, and every documented request type is accepted (never a 415)', async () => {
    const document = (await (await fetch(`${server.root}/openapi.json`)).json()) as { paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> };
    const importTypes = Object.keys(document.paths['/v1/import/gracethd'].post.requestBody!.content);
    expect(importTypes).toContain('application/zip');
    expect(importTypes).not.toContain('application/json');
    const tried: string[] = [];
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const type of Object.keys(operation.requestBody?.content ?? {})) {
          const url = path.replace('{id}', 'somme');
          const body = type.includes('zip') || type === 'application/octet-stream' ? zipSync(demoEntries()) : JSON.stringify({});
          const res = await fetch(`${server.root}${url}`, { method: method.toUpperCase(), headers: { 'content-type': type, authorization: `Bearer ${TOKEN}`, 'if-match': '"none"' }, body });
          await res.arrayBuffer();
          tried.push(`${method.toUpperCase()} ${path} ${type} → ${res.status}`);
          expect(res.status, `${method} ${path} with ${type}`).not.toBe(415);
        }
      }
    }
    console.log(`(8) documented request types:\n  ${tried.join('\n  ')}`);
    expect(tried.length).toBeGreaterThanOrEqual(7);
  });

  it('(9) paging the sections the way GDAL does (limit 10, following next) never meets a 429 with the default rate limit', async () => {
    const { value: pages, health } = await whileHealthPolled(server.root, '(9) GDAL-style paging of 3 000 sections', async () => {
      let url: string | undefined = `${server.root}/ogc/grid/collections/sections/items?limit=10`;
      const seen = new Set<string>();
      let count = 0;
      let matched = 0;
      while (url) {
        const res = await fetch(url, { headers: { accept: 'application/geo+json, application/json;q=0.9' } });
        expect(res.status, url).toBe(200);
        const page = (await res.json()) as { numberMatched: number; features: Array<{ id: string }>; links: Array<{ rel: string; href: string }> };
        matched = page.numberMatched;
        for (const feature of page.features) seen.add(String(feature.id));
        count++;
        url = page.links.find((l) => l.rel === 'next')?.href;
      }
      return { count, seen: seen.size, matched };
    });
    console.log(`(9) ${pages.count} pages, ${pages.seen} distinct sections of ${pages.matched}`);
    expect(pages.seen).toBe(pages.matched);
    expect(pages.matched).toBeGreaterThan(2_900);
    expect(health.okBeforeEnd).toBeGreaterThan(0);
    await expectAlive(server.root);
  }, 60_000);
});

describe('(6) a long computation, against a network of 100 000 sections', () => {
  let tight: Server;
  let normal: Server;
  beforeAll(async () => {
    const started = performance.now();
    const big = fibreNetwork({ sections: 100_000, seed: 6 });
    console.log(`(6) generated ${big.sections.length} sections in ${Math.round(performance.now() - started)} ms`);
    tight = await startServer({ deadlineMs: 500, workers: 1, rateLimit: false }, { big });
    normal = await startServer({ workers: 1, rateLimit: false }, { big });
  }, 60_000);
  afterAll(async () => {
    await tight?.app.close();
    await normal?.app.close();
  });

  it('a whole-owner cut with reroute, and the rankings, past a 500 ms deadline are a 503 deadline-exceeded naming request', async () => {
    for (const [label, request] of [
      ['cut of every SMSN section with reroute', () => postJson(tight.root, '/v1/topologies/big/cuts', { owners: ['SMSN'], reroute: true })],
      ['rankings', () => fetch(`${tight.root}/v1/topologies/big/rankings`)],
    ] as const) {
      const { value, health } = await whileHealthPolled(tight.root, `(6) ${label} (deadline 500 ms)`, request);
      const body = await expectError(value, 503, /^request$/);
      expect(body.code).toBe('deadline-exceeded');
      expect(health.okBeforeEnd).toBeGreaterThan(0);
      expect(health.statuses.every((s) => s === 200)).toBe(true);
    }
    await expectAlive(tight.root);
    expect((await fetch(`${tight.root}/v1/topologies`)).status).toBe(200);
  }, 60_000);

  it('a client that goes mid-job leaves the server alive, and the next request is answered', async () => {
    const controller = new AbortController();
    const { value: outcome, health } = await whileHealthPolled(normal.root, '(6) rankings of 100 000 sections, client gone after 1 s', async () => {
      const pending = fetch(`${normal.root}/v1/topologies/big/rankings`, { signal: controller.signal });
      setTimeout(() => controller.abort(), 1_000);
      return pending.then((res) => `answered ${res.status}`, (error: Error) => error.name);
    });
    expect(outcome).toBe('AbortError');
    expect(health.okBeforeEnd).toBeGreaterThan(0);
    await expectAlive(normal.root);
    const { value: next } = await whileHealthPolled(normal.root, '(6) the next request (analysis of handmade) after the client went', () => fetch(`${normal.root}/v1/topologies/handmade/analysis`));
    expect(next.status).toBe(200);
    await next.arrayBuffer();
  }, 60_000);
});

describe('(9) the queue bound: one worker, one waiting job', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServer({ workers: 1, maxQueue: 1 });
  });
  afterAll(() => server?.app.close());

  it('6 slow jobs at once give some 503 busy with Retry-After, the others an answer', async () => {
    const { value: answers, health } = await whileHealthPolled(server.root, '(9) 6 rankings at once, workers 1, maxQueue 1', () =>
      Promise.all([1, 2, 3, 4, 5, 6].map(async (perNro) => {
        const res = await fetch(`${server.root}/v1/topologies/somme/rankings?perNro=${perNro}`);
        return { status: res.status, retryAfter: res.headers.get('retry-after'), body: await res.text() };
      })));
    console.log(`(9) statuses: ${answers.map((a) => a.status).join(', ')}`);
    const busy = answers.filter((a) => a.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(answers.some((a) => a.status === 200)).toBe(true);
    for (const answer of busy) {
      expect(answer.retryAfter).toMatch(/^\d+$/);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'busy', details: [{ field: 'request' }] });
    }
    expect(answers.every((a) => a.status === 200 || a.status === 503)).toBe(true);
    expect(health.okBeforeEnd).toBeGreaterThan(0);
    await expectAlive(server.root);
  }, 60_000);
});

/** Sends raw bytes on a socket and reads until the server closes it. */
function rawRequest(root: string, text: string): Promise<string> {
  const { hostname, port } = new URL(root);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    socket.on('end', () => resolve(answer));
    socket.on('error', (error) => (answer ? resolve(answer) : reject(error)));
    socket.write(text);
  });
}
