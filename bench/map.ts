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
  /** Frames of four animated 400 px pans (right, left, right, left): mean, median and worst interval between frames. */
  panFrameMeanMs: number;
  panFrameMedianMs: number;
  panFrameMaxMs: number;
  /** The peer in the same page: the same pans with every layer but the background hidden, the renderer's floor. */
  emptyPanFrameMeanMs: number;
  /** Features drawn in the loaded view, by layer (MapLibre's queryRenderedFeatures). */
  drawnFeatures: Record<string, number>;
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
export async function mapBench(topology: Topology, size: number | 'somme', root: string): Promise<MapBenchResult | { skipped: string }> {
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
    const drawnFeatures = await featuresDrawn(page);
    const frames = await panFrames(page);
    await idle(page);
    await cdp.send('HeapProfiler.collectGarbage');
    const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    await page.mouse.move(1300, 500); // over the side panel: no tooltip in the picture
    // The pans end where they began: the picture is the view as drawn on load.
    await idle(page);
    const docs = join(root, 'docs');
    const shot = size === 1e5 || size === 1e6 ? join(docs, `map-${size === 1e5 ? '1e5' : '1e6'}.png`) : null;
    if (shot && existsSync(docs)) await page.screenshot({ path: shot });
    const empty = await emptyPanFrames(page);
    const [largest, bytes] = [...sizes].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
    return {
      drawnColdMs: cold.drawn,
      drawnSecondMs: second.drawn,
      drawnMs: warm.drawn,
      readyColdMs: cold.ready,
      readyMs: warm.ready,
      panFrameMeanMs: mean(frames),
      panFrameMedianMs: round([...frames].sort((a, b) => a - b)[Math.floor(frames.length / 2)] ?? 0),
      panFrameMaxMs: round(Math.max(0, ...frames)),
      emptyPanFrameMeanMs: mean(empty),
      drawnFeatures,
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

/**
 * The intervals between the frames MapLibre renders during four animated 400 px pans of a
 * second each, right and back twice (one pan gives only a handful of frames in a software
 * renderer). A string, not a function: the bench runs under tsx, whose helpers the page lacks.
 */
const panFrames = (page: Page) => page.evaluate<number[]>(`(async () => {
  const { map } = window.fibreMap;
  const frames = [];
  for (const dx of [400, -400, 400, -400]) {
    await new Promise((resolve) => map.loaded() && !map.isMoving() ? resolve() : map.once('idle', resolve));
    const times = [];
    const onRender = () => times.push(performance.now());
    map.on('render', onRender);
    await new Promise((resolve) => {
      map.once('moveend', resolve);
      // essential: headless Chromium prefers reduced motion, which MapLibre honours by jumping.
      map.panBy([dx, 0], { duration: 1000, essential: true });
    });
    map.off('render', onRender);
    frames.push(...times.slice(1).map((t, i) => t - times[i]));
  }
  return frames;
})()`);

/** The same pans with only the background shown: what the renderer costs a frame with nothing to draw. Leaves the layers as they were. */
async function emptyPanFrames(page: Page): Promise<number[]> {
  const shown = await page.evaluate<string[]>(`(() => {
    const { map } = window.fibreMap;
    const shown = map.getStyle().layers.filter((l) => l.id !== 'background' && map.getLayoutProperty(l.id, 'visibility') !== 'none').map((l) => l.id);
    for (const id of shown) map.setLayoutProperty(id, 'visibility', 'none');
    return shown;
  })()`);
  const frames = await panFrames(page);
  await page.evaluate(`(() => { for (const id of ${JSON.stringify(shown)}) window.fibreMap.map.setLayoutProperty(id, 'visibility', 'visible'); })()`);
  return frames;
}

/** Features drawn in the view, by style layer. */
const featuresDrawn = (page: Page) => page.evaluate<Record<string, number>>(`(() => {
  const counts = {};
  for (const f of window.fibreMap.map.queryRenderedFeatures()) counts[f.layer.id] = (counts[f.layer.id] ?? 0) + 1;
  return counts;
})()`);

const mean = (xs: number[]) => round(xs.reduce((t, x) => t + x, 0) / Math.max(1, xs.length));
const round = (x: number) => Math.round(x * 10) / 10;
