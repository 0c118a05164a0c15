import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Topology } from '../src/model/schema.js';
import { prng } from './prng.js';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** A free TCP port on the loopback. */
const freePort = () => new Promise<number>((resolve, reject) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address() as { port: number };
    server.close(() => resolve(port));
  }).on('error', reject);
});

const tileOf = (lon: number, lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * 2 ** z), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z)];
};

/** Resident memory of a process, MB: now and at its peak. */
function rssOf(pid: number) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rssMB: Math.round(kb('VmRSS') / 1024), peakRssMB: Math.round(kb('VmHWM') / 1024) };
}

/**
 * The vector tiles of a topology file on a real server (`dist/api/server.js` in a child process,
 * the file uploaded with a PUT into a data folder of its own), as a map asks for them: `tiles.json` once
 * (the first starts the index build: reading, analysis, saturation, tiling; it answers 503
 * tiles-building until the index is built, so it is polled, with /health asked meanwhile), then a screenful of
 * 4 × 3 tiles at every zoom from 0 to maxzoom around four places (the network's centre and three
 * sites), each tile once, one at a time. Figures: index build, tile generation p50 / p99 zoomed
 * out (below the full-detail zoom) and zoomed in, the largest tile and the server's RSS (its
 * main thread and the tile worker, where the index lives).
 */
export async function tilesBench(file: string, topology: Topology, work: string, root: string) {
  const seedDir = join(work, 'tiles-seed');
  mkdirSync(seedDir, { recursive: true });
  const token = 'bench-token';
  const port = await freePort();
  const server = spawn(process.execPath, [join(root, 'dist/api/server.js')], {
    env: {
      ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'silent', FIBRE_TOPOLOGY_DIR: seedDir,
      // The server's default deadlines and caches: only the upload's body limit and the rate limit (the bench asks for a thousand tiles) differ.
      FIBRE_DATA_DIR: join(work, 'tiles-data'), FIBRE_API_RATE_LIMIT: '0',
      FIBRE_API_TOKEN: token, FIBRE_API_BODY_LIMIT: String(1024 * 1024 * 1024),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        if ((await fetch(`${base}/health`)).ok) break;
      } catch {
        if (i > 600) throw new Error('bench: the server did not start');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // Uploaded as a user does: parsed, validated and stored in the data folder by a worker.
    let start = performance.now();
    const put = await fetch(`${base}/v1/topologies/net`, {
      method: 'PUT', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: readFileSync(file),
    });
    if (!put.ok) throw new Error(`bench: PUT answered ${put.status}: ${await put.text()}`);
    const uploadMs = performance.now() - start;
    const idleRss = rssOf(server.pid!);
    // The build: tiles.json answers 503 tiles-building (with its phase) until the index is built; polled every 250 ms
    // (a map waits Retry-After), with /health asked each time.
    start = performance.now();
    const phases: Record<string, number> = {};
    const healthMs: number[] = [];
    let first: Response;
    let firstAnswerMs: number | null = null;
    for (;;) {
      const t = performance.now();
      first = await fetch(`${base}/v1/topologies/net/tiles.json`);
      firstAnswerMs ??= performance.now() - t;
      if (first.status !== 503) break;
      const body = await first.json() as { code: string; details: Array<{ code?: string }> };
      if (body.code !== 'tiles-building') throw new Error(`bench: tiles.json answered 503: ${JSON.stringify(body)}`);
      phases[body.details[0].code!] ??= Math.round((performance.now() - start) / 100) / 10;
      const h = performance.now();
      await (await fetch(`${base}/health`)).arrayBuffer();
      healthMs.push(performance.now() - h);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const doc = await first.json() as { tiles: string[]; maxzoom: number; fullDetailZoom: number; bounds: number[] };
    if (!first.ok) throw new Error(`bench: tiles.json answered ${first.status}: ${JSON.stringify(doc)}`);
    const indexBuildMs = performance.now() - start;
    healthMs.sort((a, b) => a - b);
    start = performance.now();
    await (await fetch(`${base}/v1/topologies/net/tiles.json`)).arrayBuffer();
    const tileJsonCachedMs = performance.now() - start;

    const random = prng(7);
    const places = [[(doc.bounds[0] + doc.bounds[2]) / 2, (doc.bounds[1] + doc.bounds[3]) / 2]];
    for (let k = 0; k < 3; k++) {
      const site = topology.sites[Math.floor(random() * topology.sites.length)];
      places.push([site.lon, site.lat]);
    }
    const out: { ms: number; bytes: number }[] = [];
    const deep: { ms: number; bytes: number }[] = [];
    const seen = new Set<string>();
    let status204 = 0;
    for (let z = 0; z <= doc.maxzoom; z++) {
      for (const [lon, lat] of places) {
        const [cx, cy] = tileOf(lon, lat, z);
        for (let dx = -2; dx < 2; dx++) {
          for (let dy = -1; dy < 2; dy++) {
            const [x, y] = [cx + dx, cy + dy];
            if (x < 0 || y < 0 || x >= 2 ** z || y >= 2 ** z || seen.has(`${z}/${x}/${y}`)) continue;
            seen.add(`${z}/${x}/${y}`);
            const url = doc.tiles[0].replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y));
            const t = performance.now();
            const res = await fetch(url);
            const bytes = (await res.arrayBuffer()).byteLength;
            if (res.status === 204) status204++;
            else if (res.status !== 200) throw new Error(`bench: ${url} answered ${res.status}`);
            (z < doc.fullDetailZoom ? out : deep).push({ ms: performance.now() - t, bytes });
          }
        }
      }
    }
    const figures = (rows: { ms: number; bytes: number }[]) => {
      const ms = rows.map((r) => r.ms).sort((a, b) => a - b);
      const bytes = rows.map((r) => r.bytes).sort((a, b) => a - b);
      return { tiles: rows.length, p50Ms: round(percentile(ms, 50)), p99Ms: round(percentile(ms, 99)), maxMs: round(ms.at(-1) ?? null),
        medianBytes: percentile(bytes, 50), largestBytes: bytes.at(-1) ?? null };
    };
    return {
      fullDetailZoom: doc.fullDetailZoom,
      maxzoom: doc.maxzoom,
      uploadMs: Math.round(uploadMs),
      indexBuildMs: Math.round(indexBuildMs),
      firstTileJsonAnswerMs: round(firstAnswerMs),
      phaseSeenAtS: phases,
      healthDuringBuild: { asked: healthMs.length, p50Ms: round(percentile(healthMs, 50)), p99Ms: round(percentile(healthMs, 99)), maxMs: round(healthMs.at(-1) ?? null) },
      tileJsonCachedMs: round(tileJsonCachedMs),
      zoomedOut: figures(out),
      zoomedIn: figures(deep),
      emptyTiles: status204,
      largestTileBytes: Math.max(...[...out, ...deep].map((r) => r.bytes)),
      serverIdleRssMB: idleRss.rssMB,
      ...rssOf(server.pid!),
    };
  } finally {
    if (server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((resolve) => server.once('exit', resolve));
    }
  }
}
