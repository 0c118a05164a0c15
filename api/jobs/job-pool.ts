import { fileURLToPath } from 'node:url';
import { LRUCache } from 'lru-cache';
import { Piscina } from 'piscina';
import { ApiError } from '../errors.js';
import { unpackAnswer } from './answer-bytes.js';
import type { Job, JobResult, TopologyRef } from './job.js';
import { KEPT_ANSWERS, type PayloadOf, type QuestionName } from './questions.js';

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
}

export interface RunOptions {
  /** Aborted when the client has gone: the job is cancelled and its worker stopped. */
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
 * its client goes (the worker running it is stopped and replaced); a bounded queue says `busy`
 * rather than letting work pile up.
 *
 * @example
 * const pool = new JobPool({ workers: 2, maxQueue: 32, deadlineMs: 30_000, cacheBytes: 512 * 2 ** 20 });
 * const { body, type } = await pool.run('cut', topology, { request, format: 'json' });
 */
export class JobPool {
  private readonly piscina: Piscina;
  private readonly answers: LRUCache<string, JobAnswer> | undefined;

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
    const answer = await this.compute(question, topology, payload, options);
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
    const deadline = AbortSignal.timeout(deadlineMs);
    const job: Job = { question, topology, payload };
    let result: JobResult | Uint8Array;
    try {
      result = await this.piscina.run(job, { signal: signal ? AbortSignal.any([signal, deadline]) : deadline });
    } catch (error) {
      if (deadline.aborted) {
        throw new ApiError(503, 'deadline-exceeded', `the request took more than ${deadlineMs / 1000} s and was stopped; ask less at once (a smaller area, fewer candidates) or raise FIBRE_API_DEADLINE_MS`,
          [{ field: 'request', message: `deadline of ${deadlineMs} ms exceeded` }]);
      }
      if (signal?.aborted) throw new ApiError(499, 'client-closed', 'the client closed the connection before the answer');
      this.options.log?.error({ err: error, question }, 'a worker failed');
      throw new ApiError(503, 'worker-failed', 'the worker computing this request stopped (out of memory?); retry, or ask less at once',
        [{ field: 'request', message: (error as Error)?.message ?? 'worker failed' }]);
    }
    if (result instanceof Uint8Array) return { ok: true, ...unpackAnswer(result) };
    if (result.ok) return result;
    if (result.stack) this.options.log?.error({ question, stack: result.stack }, 'request failed in a worker');
    const { statusCode, code, message, details, headers } = result.error;
    throw new ApiError(statusCode, code, message, details, headers);
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
