import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? null;
const round = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/**
 * `/health` latency on a listening server while heavy requests run on the same network: the
 * rankings, a whole-owner cut with re-routing and the saturation with its N-1 sweep, all at
 * once. Every computing request runs in a worker, so `/health` should stay under 100 ms; the
 * heavy requests' own times (or their 503 past the deadline) are the figures beside it.
 */
export async function healthUnderLoad(topology: Topology, options: { deadlineMs?: number } = {}) {
  const topologyDir = mkdtempSync(join(tmpdir(), 'fibre-bench-api-'));
  writeFileSync(join(topologyDir, 'net.json'), JSON.stringify(topology));
  const app = await buildApp({ topologyDir, dataDir: join(topologyDir, '.data'), rateLimit: false, deadlineMs: options.deadlineMs ?? 30_000, ...(process.env.FIBRE_API_WORKERS && { workers: Number(process.env.FIBRE_API_WORKERS) }) });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const owner = topology.sections[0].owner;
    const heavy: Array<[string, RequestInit?]> = [
      ['/v1/topologies/net/rankings'],
      ['/v1/topologies/net/cuts', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ owners: [owner], reroute: true }) }],
      ['/v1/topologies/net/saturation?sweep=true'],
    ];
    const latencies: number[] = [];
    let running = true;
    const poll = (async () => {
      while (running) {
        const start = performance.now();
        await (await fetch(`${base}/health`)).arrayBuffer();
        latencies.push(performance.now() - start);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const jobs = await Promise.all(heavy.map(async ([url, init]) => {
      const start = performance.now();
      const res = await fetch(`${base}${url}`, init);
      await res.arrayBuffer();
      return { url: url.replace('/v1/topologies/net', ''), status: res.status, ms: round(performance.now() - start) };
    }));
    running = false;
    await poll;
    const sorted = [...latencies].sort((a, b) => a - b);
    return {
      healthRequests: sorted.length,
      healthP50Ms: round(percentile(sorted, 50)),
      healthP99Ms: round(percentile(sorted, 99)),
      healthMaxMs: round(sorted[sorted.length - 1] ?? null),
      jobs,
    };
  } finally {
    await app.close();
    rmSync(topologyDir, { recursive: true, force: true });
  }
}
