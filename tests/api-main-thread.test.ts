import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../api/app.js';
import { nodeFs, type StoreFs } from '../api/store/fs.js';
import { fibreNetwork } from '../bench/generate.js';
import { tempFolders } from './support/api.js';

const TOKEN = 'main-thread-token';

/**
 * "Work that can take more than a few milliseconds runs off the main thread; /health answers
 * whatever else runs": a national network (1e5 sections) is uploaded and read back on a real
 * listening server while /health is polled, one request after the other. No timing is asserted;
 * only that /health kept answering while the big request was being worked on. The figures are
 * logged.
 */
describe('the main thread stays free during a large upload and its reading back', () => {
  let app: FastifyInstance;
  let port: number;
  let body: Buffer;
  let sections: number;
  /** Counts of /health answers when the store opened its first file for writing (the upload was validated by then). */
  const writeStarts: number[] = [];
  let answered = 0;
  let polling = false;
  let poller: Promise<void> = Promise.resolve();

  const startPolling = () => {
    polling = true;
    poller = (async () => {
      while (polling) {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        await res.arrayBuffer();
        if (res.status === 200) answered++;
      }
    })();
  };
  const stopPolling = async () => {
    polling = false;
    await poller;
  };

  beforeAll(async () => {
    const network = fibreNetwork({ sections: 100_000, seed: 1 });
    sections = network.sections.length;
    body = Buffer.from(JSON.stringify(network));
    const folders = tempFolders();
    const fs: StoreFs = {
      ...nodeFs,
      open: (path, flags) => {
        if (flags === 'wx') writeStarts.push(answered);
        return nodeFs.open(path, flags);
      },
    };
    app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: TOKEN, rateLimit: false, bodyLimit: 256 * 2 ** 20, fs });
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as AddressInfo).port;
  }, 120_000);
  afterAll(async () => {
    await stopPolling();
    await app?.close();
  });

  it('answers /health while a PUT of 1e5 sections is parsed and validated, and while it is read back as JSON and as GeoJSON', async () => {
    startPolling();

    // The PUT: /health answers counted from when the whole body is handed to the socket until the store starts writing.
    let atBodySent = -1;
    const started = performance.now();
    const put = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest({
        host: '127.0.0.1', port, method: 'PUT', path: '/v1/topologies/national',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'content-length': body.length },
      }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body, () => (atBodySent = answered));
    });
    const atPutDone = answered;
    const putMs = performance.now() - started;
    expect(put.status, put.text).toBe(201);
    expect(JSON.parse(put.text)).toMatchObject({ id: 'national', version: 1, counts: { sections } });
    const whileValidating = writeStarts[0] - atBodySent;

    // The JSON document: the version's file, streamed.
    const beforeJson = answered;
    const json = await fetch(`http://127.0.0.1:${port}/v1/topologies/national`);
    const document = (await json.json()) as { sections: unknown[] };
    const whileReading = answered - beforeJson;
    expect(json.status).toBe(200);
    expect(document.sections).toHaveLength(sections);

    // The GeoJSON form, computed by a worker: /health answers counted until its first byte.
    const beforeGeo = answered;
    const geo = await fetch(`http://127.0.0.1:${port}/v1/topologies/national?f=geojson`);
    const whileConverting = answered - beforeGeo;
    const features = ((await geo.json()) as { features: unknown[] }).features;
    expect(geo.status).toBe(200);
    expect(features.length).toBeGreaterThan(sections);
    await stopPolling();

    console.log(`main thread, ${sections} sections (${(body.length / 2 ** 20).toFixed(1)} MiB): PUT answered in ${putMs.toFixed(0)} ms, `
      + `/health answered ${atPutDone - atBodySent} times after the body was sent (${whileValidating} before the store started writing); `
      + `${whileReading} times while the JSON document was read back, ${whileConverting} times before the first byte of its GeoJSON`);
    // Parsed and validated in a worker: /health kept answering between the end of the upload and the write.
    expect(whileValidating).toBeGreaterThanOrEqual(10);
    // Converted in a worker: /health kept answering before the GeoJSON came.
    expect(whileConverting).toBeGreaterThanOrEqual(10);
    expect(whileReading).toBeGreaterThanOrEqual(1);
  }, 180_000);
});
