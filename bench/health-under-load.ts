import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** A request the server works on while `/health` is polled: its path and its fetch options. */
export type HeavyRequest = [url: string, init?: RequestInit];

/**
 * `/health` latency on a listening server while heavy requests run on the same network: the
 * rankings, a whole-owner cut with re-routing and the saturation with its N-1 sweep, all at
 * once. Every computing request runs in a worker, so `/health` should stay under 100 ms; the
 * heavy requests' own times (or their 503 past the deadline) are the figures beside it.
 *
 * @example
 * await healthUnderLoad(fibreNetwork({ sections: 1e5, seed: 42 })); // { healthP99Ms: 7, jobs: [...] }
 */
export async function healthUnderLoad(topology: Topology, options: { deadlineMs?: number } = {}) {
  const topologyDir = mkdtempSync(join(tmpdir(), 'fibre-bench-api-'));
  writeFileSync(join(topologyDir, 'net.json'), JSON.stringify(topology));
  const app = await buildApp({ topologyDir, dataDir: join(topologyDir, '.data'), rateLimit: false, deadlineMs: options.deadlineMs ?? 30_000, ...(process.env.FIBRE_API_WORKERS && { workers: Number(process.env.FIBRE_API_WORKERS) }) });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const owner = topology.sections[0].owner;
    return await healthWhile(base, [
      ['/v1/topologies/net/rankings'],
      ['/v1/topologies/net/cuts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ owners: [owner], reroute: true }) }],
      ['/v1/topologies/net/saturation?sweep=true'],
    ]);
  } finally {
    await app.close();
    rmSync(topologyDir, { recursive: true, force: true });
  }
}

/**
 * `/health` of the server at `base`, polled every `intervalMs` (10) while the heavy requests run
 * at once: its p50, p99 and max (and when the max came, ms after the start), and each heavy
 * request's status and time. The answers are read and dropped chunk by chunk, so that a report
 * of hundreds of MB is not held by the client; with `client: 'curl'`, by curl in a process of
 * its own, so that receiving them does not delay the polling of `/health` in this one.
 *
 * @example
 * await healthWhile('http://127.0.0.1:3000', [['/v1/topologies/net/analysis']]); // { healthMaxMs: 12, jobs: [{ status: 200, ms: 21000 }] }
 */
export async function healthWhile(base: string, heavy: HeavyRequest[], { intervalMs = 10, client = 'fetch' as 'fetch' | 'curl' } = {}) {
  const latencies: number[] = [];
  // The poll's connection is opened before anything is timed.
  await (await fetch(`${base}/health`)).arrayBuffer();
  let running = true;
  const started = performance.now();
  let max = 0;
  let maxAt = 0;
  // The heavy requests go first: spawning curl forks this process, whose heap holds generated
  // networks, and the poll would time that stall of the client, not the server.
  const jobsDone = Promise.all(heavy.map(async ([url, init]) => {
    if (client === 'curl') return { url: url.replace(/^\/v1\/topologies\/[^/]+/, ''), ...(await curl(`${base}${url}`)) };
    const start = performance.now();
    const res = await fetch(`${base}${url}`, init);
    let bytes = 0;
    for await (const chunk of res.body ?? []) bytes += (chunk as Uint8Array).byteLength;
    return { url: url.replace(/^\/v1\/topologies\/[^/]+/, ''), status: res.status, ms: round(performance.now() - start), bytes };
  }));
  const poll = (async () => {
    while (running) {
      const start = performance.now();
      await (await fetch(`${base}/health`)).arrayBuffer();
      const ms = performance.now() - start;
      if (ms > max) {
        max = ms;
        maxAt = start - started;
      }
      latencies.push(ms);
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  // The poll stops however the heavy requests end.
  const jobs = await jobsDone.finally(() => {
    running = false;
  });
  await poll;
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    healthRequests: sorted.length,
    healthP50Ms: round(percentile(sorted, 50)),
    healthP99Ms: round(percentile(sorted, 99)),
    healthMaxMs: round(sorted[sorted.length - 1] ?? null),
    healthMaxAtMs: Math.round(maxAt),
    jobs,
  };
}

/** A GET by curl, its answer to /dev/null: status, time and bytes. */
function curl(url: string): Promise<{ status: number; ms: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{time_total} %{size_download}', url], (error, stdout) => {
      if (error) return reject(error);
      const [status, seconds, bytes] = stdout.trim().split(' ').map(Number);
      resolve({ status, ms: Math.round(seconds * 1000), bytes });
    });
  });
}
