import { type ChildProcess, fork } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../api/app.js';
import { loggerOptions } from '../api/log.js';
import type { Topology } from '../src/model/schema.js';
import { fibreNetwork } from './generate.js';
import { type HeavyRequest, healthWhile } from './health-under-load.js';

/** What this bench reads of an autocannon result (autocannon ships no types). */
interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface CannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: CannonRequest) => CannonRequest;
}
type Autocannon = (options: { url: string; connections: number; duration?: number; amount?: number; requests?: CannonRequest[] }) => Promise<CannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface ApiLoadOptions {
  /** The repository (topology/somme.json is read there). */
  root: string;
  /** Seconds of each autocannon run; default 10. */
  seconds?: number;
  /** Sections of the generated networks: the cut's (1e5) and the background analysis' (1e6). */
  cutSections?: number;
  analysisSections?: number;
  /** Extra Node options of the server process (`--cpu-prof`…). */
  execArgv?: string[];
}

/** One autocannon run as a bench record: req/s, latency p50/p99/max (ms), and what did not answer 2xx. */
async function cannon(url: string, connections: number, seconds: number, ids?: string[]) {
  return record(connections, await cannonRun({ url, connections, duration: seconds, ids }));
}

/** What an autocannon run is asked: a URL, its connections, a duration or an amount, and the sections to cut one by one (POST) if any. */
interface CannonJob {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  ids?: string[];
}

/**
 * Runs autocannon in a process of its own (this module, `cannon`): its latencies are timed on
 * an event loop that nothing else holds up — not the collections of this process, which holds
 * the generated networks.
 */
const cannonRun = (job: CannonJob) => inChild<CannonResult>('cannon', job);

/** The `/health` poll during heavy requests (healthWhile), from a process of its own, for the same reason. */
const pollRun = (base: string, heavy: HeavyRequest[]) => inChild<Awaited<ReturnType<typeof healthWhile>>>('poll', { base, heavy });

/** This module as a child in `mode`, sent `job`: what it sends back. */
function inChild<T>(mode: 'cannon' | 'poll', job: unknown): Promise<T> {
  const child = fork(fileURLToPath(import.meta.url), [mode], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (result) => {
      child.kill();
      resolve(result as T);
    });
    child.once('exit', (code) => reject(new Error(`bench: the ${mode} process exited (${code}) before answering`)));
    child.send(job as object);
  });
}

/** The `cannon` child: one autocannon run, its result sent back. */
function serveCannon(): void {
  process.once('message', async (job: CannonJob) => {
    const { ids, ...options } = job;
    const result = await autocannon({ ...options, ...(ids && { requests: [cutRequests(ids)] }) });
    process.send?.(result, undefined, {}, () => process.exit(0));
  });
}

/** The `poll` child: `/health` polled while curl fetches the heavy requests, the figures sent back. */
function servePoll(): void {
  process.once('message', async ({ base, heavy }: { base: string; heavy: HeavyRequest[] }) => {
    const result = await healthWhile(base, heavy, { client: 'curl' });
    process.send?.(result, undefined, {}, () => process.exit(0));
  });
}

function record(connections: number, result: CannonResult) {
  return {
    connections,
    reqPerS: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    maxMs: result.latency.max,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    ...(result.non2xx > 0 && { statuses: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count])) }),
  };
}

/** The sections a cut may name: the existing ones (a planned section is not analysed: a 400). */
const analysedSections = (topology: Topology) => topology.sections.filter((s) => s.status !== 'planned').map((s) => s.id);

/** A plain cut of one section, the next of `ids` on each request (no reroute): no answer is the same twice running. */
function cutRequests(ids: string[]): CannonRequest {
  let next = 0;
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    setupRequest: (request) => {
      const id = ids[next];
      next = (next + 1) % ids.length;
      return { ...request, body: JSON.stringify({ sections: [id] }) };
    },
  };
}

/**
 * The API under load (`BENCH_ONLY=load`): a server in a process of its own (the API's default
 * settings and info logs, to /dev/null; no rate limit, which would answer 429), the embedded
 * Somme network, a generated 1e5- and a 1e6-section network as seed topologies. autocannon
 * posts plain one-section cuts — a different section on each request — at 10 and 50
 * connections, and `/health` (a route that computes nothing) at the same load in the same run:
 * the floor. Then `/health` polled every 10 ms (from a fresh process, as autocannon runs) while
 * the 1e6 network's whole analysis is computed in a worker. One record per measurement.
 *
 * @example
 * for await (const record of apiLoadBench({ root })) console.log(JSON.stringify(record));
 */
export async function* apiLoadBench(options: ApiLoadOptions): AsyncGenerator<Record<string, unknown>> {
  const seconds = options.seconds ?? 10;
  const dir = mkdtempSync(join(tmpdir(), 'fibre-bench-load-'));
  const networks: Record<string, string[]> = {};
  try {
    copyFileSync(join(options.root, 'topology/somme.json'), join(dir, 'somme.json'));
    const somme = JSON.parse(readFileSync(join(dir, 'somme.json'), 'utf8')) as Topology;
    networks.somme = analysedSections(somme);
    const cutSections = options.cutSections ?? 1e5;
    const analysisSections = options.analysisSections ?? 1e6;
    // 0 leaves a part out (a quicker run while profiling).
    const cutNet = cutSections > 0 ? fibreNetwork({ sections: cutSections, seed: 42 }) : undefined;
    if (cutNet) {
      writeFileSync(join(dir, 'net-cut.json'), JSON.stringify(cutNet));
      networks['net-cut'] = analysedSections(cutNet);
    }
    if (analysisSections > 0) writeFileSync(join(dir, 'net-analysis.json'), JSON.stringify(fibreNetwork({ sections: analysisSections, seed: 42 })));

    const server = await startServer(dir, options.execArgv ?? []);
    try {
      const base = server.base;
      const cut = (id: string) => `${base}/v1/topologies/${id}/cuts`;
      // autocannon closes its connections at the end of a timed run: a job still running past the
      // cancel grace stops its worker, and the new one reads its networks again. So before each
      // run, the queue is let drain and every worker reads the network (a set number of cuts,
      // each answered: not measured).
      const warm = async (id: string) => {
        await idle(base);
        await cannonRun({ url: cut(id), connections: 2, amount: 8, ids: networks[id] });
      };
      const cuts = async (id: string, connections: number, runSeconds: number) => {
        await warm(id);
        return cannon(cut(id), connections, runSeconds, networks[id]);
      };
      for (const connections of [10, 50]) {
        yield { bench: 'load', route: 'health', network: 'none', ...(await cannon(`${base}/health`, connections, seconds)) };
        yield { bench: 'load', route: 'cut', network: 'somme', sections: somme.sections.length, ...(await cuts('somme', connections, seconds)) };
        if (cutNet) yield { bench: 'load', route: 'cut', network: 'generated', sections: cutNet.sections.length, ...(await cuts('net-cut', connections, seconds)) };
      }
      if (analysisSections > 0) {
        await idle(base);
        const analysis = await pollRun(base, [['/v1/topologies/net-analysis/analysis']]);
        yield { bench: 'load', route: 'health-during-analysis', sections: analysisSections, ...analysis };
      }
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Waits until the workers are done with what the runs queued (cancelled or not): a job sent to a worker is answered, not a 503 busy. */
async function idle(base: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${base}/v1/topologies/somme/rankings`);
    await res.arrayBuffer();
    if (res.status !== 503) return;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The API in a child process (this module, `serve DIR`), so that autocannon's own work is not on the server's thread. */
async function startServer(dir: string, execArgv: string[]): Promise<{ base: string; stop: () => Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['serve', dir], { stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit', 'ipc'], execArgv });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`bench: the API server exited (${code}) before listening`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** The child: the API with its default settings and a generous deadline (a 1e6 analysis on a busy machine), listening on a free port. */
async function serve(dir: string): Promise<void> {
  const app = await buildApp({
    topologyDir: dir,
    dataDir: join(dir, '.data'),
    rateLimit: false,
    deadlineMs: 300_000,
    logger: loggerOptions(process.env.BENCH_LOG_LEVEL ?? 'info'),
    ...(process.env.FIBRE_API_WORKERS && { workers: Number(process.env.FIBRE_API_WORKERS) }),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  // BENCH_SERVER_NODE_OPTIONS=--expose-gc: whatever garbage the start left collected before the runs (large seeds are read on a worker thread).
  (globalThis as { gc?: () => void }).gc?.();
  process.once('SIGTERM', () => {
    // process.exit, not close(): keep-alive connections of autocannon may linger; --cpu-prof is written on exit.
    app.close().finally(() => process.exit(0));
  });
  process.send?.({ port: (app.server.address() as { port: number }).port });
}

if (process.argv[2] === 'serve' && process.argv[1] === fileURLToPath(import.meta.url)) await serve(process.argv[3]);
if (process.argv[2] === 'cannon' && process.argv[1] === fileURLToPath(import.meta.url)) serveCannon();
if (process.argv[2] === 'poll' && process.argv[1] === fileURLToPath(import.meta.url)) servePoll();
