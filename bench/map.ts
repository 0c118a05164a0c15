import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';

const CHROMIUM = '/usr/bin/chromium';

export interface MapBenchResult {
  /** From navigation to the first `idle` of MapLibre after the topology is shown, on a fresh server (tiles and analyses computed). */
  drawnColdMs: number;
  /** The same on a reload, the browser's cache emptied: the worker that answers may not have the network yet. */
  drawnSecondMs: number;
  /** The same on a third load, the browser's cache emptied (each worker of the pool has met the network). */
  drawnMs: number;
  /** Until the panels' summaries are in (`body[data-ready=true]`): cold, then on the third load. */
  readyColdMs: number;
  readyMs: number;
  /** Frames of an animated 400 px pan: mean and worst interval between frames. */
  panFrameMeanMs: number;
  panFrameMaxMs: number;
  /** JS heap of the page after drawing and panning (CDP Runtime.getHeapUsage). */
  heapMB: number;
  /** The largest response body of the map's requests (both loads and the pan), and its path. */
  largestResponseKB: number;
  largestResponse: string;
  requests: number;
  screenshot: string | null;
}

/**
 * `BENCH_ONLY=map npm run bench`: the web map on a generated network in Debian's Chromium
 * (WebGL through SwiftShader), against the real server: time until the map has drawn, frame
 * times of a pan, JS heap, and the largest response of the map's requests. Writes the view to
 * `docs/map-<size>.png` (`docs/map-1e5.png`, `docs/map-1e6.png`).
 */
export async function mapBench(topology: Topology, size: number, root: string): Promise<MapBenchResult | { skipped: string }> {
  if (!existsSync(CHROMIUM)) return { skipped: `no Chromium at ${CHROMIUM}` };
  const folder = mkdtempSync(join(tmpdir(), 'fibre-map-bench-'));
  mkdirSync(join(folder, 'topology'));
  // The network is uploaded once the server listens: a seed of 1e6 sections takes longer to
  // read than Fastify gives a plugin to start.
  const token = 'map-bench';
  const app = await buildApp({
    topologyDir: join(folder, 'topology'), dataDir: join(folder, 'data'), rateLimit: false, deadlineMs: 3_600_000, token, bodyLimit: 2 ** 30,
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--disable-background-networking'],
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const put = await fetch(`${base}/v1/topologies/network`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(topology),
    });
    if (!put.ok) throw new Error(`PUT the network: ${put.status} ${await put.text()}`);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const sizes = new Map<string, number>();
    page.on('response', async (r) => {
      try {
        const body = await r.body();
        const path = r.url().slice(base.length);
        sizes.set(path, Math.max(sizes.get(path) ?? 0, body.length));
      } catch {
        // an aborted tile: no body
      }
    });
    const load = async () => {
      const start = Date.now();
      await page.goto(`${base}/`);
      await page.waitForSelector('#map[data-drawn="true"]', { timeout: 3_600_000 });
      const drawn = Date.now() - start;
      await page.waitForSelector('body[data-ready="true"]', { timeout: 3_600_000 });
      return { drawn, ready: Date.now() - start };
    };
    const cold = await load();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const second = await load();
    await cdp.send('Network.clearBrowserCache');
    const warm = await load();
    await idle(page);
    const frames = await panFrames(page);
    await idle(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await page.mouse.move(1300, 500); // over the side panel: no tooltip in the picture
    // The picture is the view as drawn on load, not the panned one.
    await page.evaluate(() => (window as never as { fibreMap: { map: { panBy(o: [number, number], a: object): void } } }).fibreMap.map.panBy([-400, 0], { duration: 0 }));
    await idle(page);
    const docs = join(root, 'docs');
    const shot = size === 1e5 || size === 1e6 ? join(docs, `map-${size === 1e5 ? '1e5' : '1e6'}.png`) : null;
    if (shot && existsSync(docs)) await page.screenshot({ path: shot });
    const [largest, bytes] = [...sizes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return {
      drawnColdMs: cold.drawn,
      drawnSecondMs: second.drawn,
      drawnMs: warm.drawn,
      readyColdMs: cold.ready,
      readyMs: warm.ready,
      panFrameMeanMs: round(frames.reduce((t, f) => t + f, 0) / Math.max(1, frames.length)),
      panFrameMaxMs: round(Math.max(0, ...frames)),
      heapMB: round(heap.usedSize / 2 ** 20),
      largestResponseKB: round(bytes / 1024),
      largestResponse: largest.split('?')[0],
      requests: sizes.size,
      screenshot: shot && relative(root, shot),
    };
  } finally {
    await browser.close();
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** Resolves once MapLibre has loaded the view's tiles and stopped moving. */
const idle = (page: Page) => page.evaluate(() => new Promise<void>((resolve) => {
  const { map } = (window as never as { fibreMap: { map: { loaded(): boolean; isMoving(): boolean; once(e: string, f: () => void): void; triggerRepaint(): void } } }).fibreMap;
  if (map.loaded() && !map.isMoving()) resolve();
  else map.once('idle', () => resolve());
  map.triggerRepaint();
}));

/** The intervals between the frames MapLibre renders during an animated 400 px pan of one second. */
const panFrames = (page: Page) => page.evaluate(() => new Promise<number[]>((resolve) => {
  const { map } = (window as never as { fibreMap: { map: { panBy(o: [number, number], a: object): void; on(e: string, f: () => void): void; off(e: string, f: () => void): void; once(e: string, f: () => void): void } } }).fibreMap;
  const times: number[] = [];
  const onRender = () => times.push(performance.now());
  map.on('render', onRender);
  map.once('moveend', () => {
    map.off('render', onRender);
    resolve(times.slice(1).map((t, i) => t - times[i]));
  });
  // essential: headless Chromium prefers reduced motion, which MapLibre honours by jumping.
  map.panBy([400, 0], { duration: 1000, essential: true });
}));

const round = (x: number) => Math.round(x * 10) / 10;
