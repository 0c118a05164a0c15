import { fileURLToPath } from 'node:url';
import { LRUCache } from 'lru-cache';
import { Piscina } from 'piscina';
import { ApiError } from '../errors.js';
import { readTopologyFile } from '../../src/io/read-topology.js';
import { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { answerBody, unpackAnswer } from './answer-bytes.js';
import { answerJob } from './answer-job.js';
import { type Job, type JobResult, type TopologyRef, WAKE_UP } from './job.js';
import { answersOnMainThread, KEPT_ANSWERS, type PayloadOf, type QuestionName } from './questions.js';

export interface JobPoolOptions {
  /** Worker threads. */
  workers: number;
  /** Jobs that may wait for a worker; beyond, a 503 `busy` with Retry-After. */
  maxQueue: number;
  /** Longest a job may run, waiting included; beyond, a 503 `deadline-exceeded` and the worker is stopped. */
  deadlineMs: number;
  /** Memory each worker may keep topology versions in, bytes. */
  cacheBytes: number;
  /** Where a fault of a worker is logged. */
  log?: { error(object: object, message: string): void };
  /** Bytes of answers (KEPT_ANSWERS, each at most a 64th of it) the main thread keeps by version and payload; default 32 MiB, 0 for none. */
  answerBytes?: number;
  /** Whether the main thread answers the small jobs `answersOnMainThread` names itself (default true). */
  mainThread?: boolean;
}

/** Small topology versions the main thread holds for the jobs it answers itself (each of at most MAIN_THREAD_SECTIONS sections). */
const MAIN_THREAD_WORKSPACES = 8;

/**
 * How long a running job whose client has gone may still finish before it is cancelled, ms.
 * Cancelling a running job stops its worker, and the new worker reads its networks again: a
 * short job (a cut, a page) costs less finished than stopped.
 */
export const CANCEL_GRACE_MS = 250;

export interface RunOptions {
  /** Aborted when the client has gone: the job is cancelled (its worker stopped) if still running CANCEL_GRACE_MS later. */
  signal?: AbortSignal;
  /** A deadline of its own for this job (a background build), ms; default the pool's. */
  deadlineMs?: number;
}

/** What a job answers: bytes to send, or a value for the main thread. */
export type JobAnswer = Extract<JobResult, { ok: true }>;

// The worker runs from the TypeScript sources under the tests (through tsx) and from dist/ once built.
const workerFile = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/**
 * The API's worker threads: every request that computes leaves the main thread, so `/health`
 * and every cheap request answer whatever runs. Each job has a deadline and is cancelled when
 * its client goes (after CANCEL_GRACE_MS: the worker running it is stopped and replaced); a
 * bounded queue says `busy` rather than letting work pile up. A plain cut of a small network is
 * answered on the main thread (`answersOnMainThread`): less work than the trip to a worker.
 *
 * @example
 * const pool = new JobPool({ workers: 2, maxQueue: 32, deadlineMs: 30_000, cacheBytes: 512 * 2 ** 20 });
 * const { body, type } = await pool.run('cut', topology, { request, format: 'json' });
 */
export class JobPool {
  private readonly piscina: Piscina;
  private readonly answers: LRUCache<string, JobAnswer> | undefined;
  private readonly workspaces = new LRUCache<string, Promise<NetworkWorkspace>>({ max: MAIN_THREAD_WORKSPACES });

  constructor(private readonly options: JobPoolOptions) {
    const answerBytes = options.answerBytes ?? 32 * 2 ** 20;
    this.answers = answerBytes > 0
      ? new LRUCache<string, JobAnswer>({ maxSize: answerBytes, maxEntrySize: answerBytes / 64, sizeCalculation: (a) => Math.max(1, a.body?.byteLength ?? 0) })
      : undefined;
    this.piscina = new Piscina({
      filename: fileURLToPath(workerFile),
      minThreads: 0,
      maxThreads: options.workers,
      idleTimeout: 60_000,
      maxQueue: options.maxQueue + options.workers,
      workerData: { cacheBytes: options.cacheBytes },
      ...(import.meta.url.endsWith('.ts') && { execArgv: ['--import', 'tsx'] }),
    });
  }

  /** Runs one question about one topology version (or about none: an import) in a worker. */
  async run<Q extends QuestionName>(question: Q, topology: TopologyRef | undefined, payload: PayloadOf<Q>, options: RunOptions = {}): Promise<JobAnswer> {
    const key = topology && this.answers && KEPT_ANSWERS.has(question) ? JSON.stringify([question, topology.id, topology.etag, payload]) : undefined;
    const kept = key === undefined ? undefined : this.answers?.get(key);
    if (kept) return kept;
    const answer = this.options.mainThread !== false && answersOnMainThread(question, topology, payload)
      ? await this.answerHere({ question, topology, payload })
      : await this.compute(question, topology, payload, options);
    if (key !== undefined && answer.body) this.answers?.set(key, answer);
    return answer;
  }

  /** Answers kept by the main thread now. */
  get keptAnswers(): number {
    return this.answers?.size ?? 0;
  }

  private async compute<Q extends QuestionName>(question: Q, topology: TopologyRef | undefined, payload: PayloadOf<Q>, { signal, deadlineMs = this.options.deadlineMs }: RunOptions): Promise<JobAnswer> {
    if (this.piscina.queueSize >= this.options.maxQueue) {
      throw new ApiError(503, 'busy', `the server is busy: ${this.piscina.queueSize} requests are waiting for a worker; retry in a few seconds`,
        [{ field: 'request', message: `at most ${this.options.maxQueue} computing requests wait at once (FIBRE_API_MAX_QUEUE)` }], { 'Retry-After': '5' });
    }
    const job: Job = { question, topology, payload };
    let result: JobResult | Uint8Array;
    const stop = stopSignal(deadlineMs, signal, CANCEL_GRACE_MS);
    try {
      result = await this.piscina.run(job, { signal: stop.signal });
    } catch (error) {
      if (stop.signal.aborted) this.wakeUp();
      if (stop.timedOut()) {
        throw new ApiError(503, 'deadline-exceeded', `the request took more than ${deadlineMs / 1000} s and was stopped; ask less at once (a smaller area, fewer candidates) or raise FIBRE_API_DEADLINE_MS`,
          [{ field: 'request', message: `deadline of ${deadlineMs} ms exceeded` }]);
      }
      if (signal?.aborted) throw new ApiError(499, 'client-closed', 'the client closed the connection before the answer');
      this.options.log?.error({ err: error, question }, 'a worker failed');
      throw new ApiError(503, 'worker-failed', 'the worker computing this request stopped (out of memory?); retry, or ask less at once',
        [{ field: 'request', message: (error as Error)?.message ?? 'worker failed' }]);
    } finally {
      stop.dispose();
    }
    if (result instanceof Uint8Array) return { ok: true, ...unpackAnswer(result) };
    return settle(result, question, this.options.log);
  }

  /** After a running job was stopped (its worker with it): a worker for the jobs still waiting (see WAKE_UP). */
  private wakeUp(): void {
    if (this.piscina.queueSize > 0) this.piscina.run({ question: WAKE_UP, payload: undefined } satisfies Job).catch(() => undefined);
  }

  /** A small job answered on the main thread, exactly as a worker answers it (answerJob). */
  private async answerHere(job: Job): Promise<JobAnswer> {
    const result = await answerJob(job, (ref) => this.workspaceOf(ref));
    if ('ok' in result) return settle(result, job.question, this.options.log);
    if ('value' in result) return { ok: true, value: result.value };
    return { ok: true, type: result.type, ...(result.headers && { headers: result.headers }), body: answerBody(result.text) };
  }

  /** A small topology version on the main thread: read, checked and compiled once. */
  private workspaceOf(ref: TopologyRef): Promise<NetworkWorkspace> {
    const key = `${ref.etag} ${ref.file}`;
    const hit = this.workspaces.get(key);
    if (hit) return hit;
    const workspace = readTopologyFile(ref.file).then((topology) => new NetworkWorkspace(topology));
    this.workspaces.set(key, workspace);
    workspace.catch(() => this.workspaces.delete(key));
    return workspace;
  }

  /** Jobs waiting for a worker. */
  get queueSize(): number {
    return this.piscina.queueSize;
  }

  /** Stops every worker; jobs still running are abandoned. */
  async close(): Promise<void> {
    await this.piscina.destroy();
  }
}

/** A job's result as the route sees it: its answer, or its error thrown as the ApiError it was (a fault logged with its stack). */
function settle(result: JobResult, question: string, log: JobPoolOptions['log']): JobAnswer {
  if (result.ok) return result;
  if (result.stack) log?.error({ question, stack: result.stack }, 'request failed in a worker');
  const { statusCode, code, message, details, headers } = result.error;
  throw new ApiError(statusCode, code, message, details, headers);
}

/**
 * The signal that stops a job: aborted at its deadline, or `graceMs` after its client has gone
 * (`gone`): one controller and two timers.
 */
function stopSignal(deadlineMs: number, gone: AbortSignal | undefined, graceMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  const deadline = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, deadlineMs).unref();
  let grace: NodeJS.Timeout | undefined;
  const onGone = () => {
    grace = setTimeout(() => controller.abort(), graceMs).unref();
  };
  if (gone?.aborted) onGone();
  else gone?.addEventListener('abort', onGone, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(deadline);
      clearTimeout(grace);
      gone?.removeEventListener('abort', onGone);
    },
  };
}
