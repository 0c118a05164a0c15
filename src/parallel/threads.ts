import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { InvalidOptionError } from '../model/errors.js';

/**
 * The worker script: the TypeScript source under vitest and tsx (started with tsx's loader),
 * the compiled file once built (dist/src/parallel/worker.js).
 */
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_FILE = new URL(FROM_SOURCES ? './worker.ts' : './worker.js', import.meta.url);

/**
 * The worker's first lines when it runs from the TypeScript sources: on Node 20, `--import tsx`
 * in a worker's execArgv does not reach the worker's own module loader (tsx registers its hooks
 * on the main thread only), so the worker registers them through tsx's API, then imports the
 * TypeScript entry.
 */
function sourcesBootstrap(): string {
  // The ESM build of tsx's API, beside the CommonJS one that `require.resolve` finds.
  const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_FILE.href)}); });`;
}

/** Typed arrays a worker reads from shared memory. */
export type SharedArray = Int32Array | Float64Array | Uint8Array;

/**
 * The number of threads to use for a piece of work: `requested` when given (an integer ≥ 1),
 * otherwise every available core when the work is at least `threshold`, else 1 (starting a
 * worker costs about 50 ms, more than small networks take in all).
 *
 * @example
 * threadCount(undefined, 1_000_000, 200_000); // os.availableParallelism(), e.g. 2
 * threadCount(undefined, 5_000, 200_000); // 1
 */
export function threadCount(requested: number | undefined, work: number, threshold: number): number {
  if (requested === undefined) return work >= threshold ? Math.max(1, availableParallelism()) : 1;
  if (!Number.isInteger(requested) || requested < 1) throw new InvalidOptionError('threads', `threads must be an integer ≥ 1, got ${requested}`);
  return requested;
}

/**
 * A copy of a typed array in shared memory (the array itself when it already is), so that
 * workers read it without a copy of their own.
 *
 * @example
 * const lengths = shared(net.lengthM); // lengths.buffer instanceof SharedArrayBuffer
 */
export function shared<T extends SharedArray>(array: T): T {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const Kind = array.constructor as new (buffer: SharedArrayBuffer) => T;
  const copy = new Kind(new SharedArrayBuffer(array.byteLength));
  copy.set(array as never);
  return copy;
}

/** A flag in shared memory, down until `raiseFlag`: what workers wait on for an input the calling thread fills while they start. */
export function sharedFlag(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Raises `flag` (from `sharedFlag`) and wakes the threads waiting on it. */
export function raiseFlag(flag: Int32Array): void {
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
}

/** True once `flag` is raised. */
export function flagRaised(flag: Int32Array): boolean {
  return Atomics.load(flag, 0) !== 0;
}

/**
 * Raises `flag` if it is still down and says whether this call did: of several threads that
 * offer to do one piece of work, exactly one is told to.
 *
 * @example
 * if (takeFlag(data.depthFirstTaken)) makeDepthFirstPass(net, data); // else wait for it
 */
export function takeFlag(flag: Int32Array): boolean {
  return Atomics.compareExchange(flag, 0, 0, 1) === 0;
}

/**
 * Waits until `flag` is raised, in waits of 100 ms: a worker that waits here can still be
 * ended (`worker.terminate()`) when the run stops.
 *
 * @example
 * const pairs = buildSearches(); awaitFlag(data.treeReady); // the tree is now filled in
 */
export function awaitFlag(flag: Int32Array): void {
  while (Atomics.load(flag, 0) === 0) Atomics.wait(flag, 0, 0, 100);
}

/** Makes a zero-filled typed array (`sharedZeros`, or a plain one). */
export type Zeros = <T extends Uint8Array | Int32Array | Float64Array>(Kind: { new (length: number): T; new (buffer: SharedArrayBuffer): T }, length: number, bytesPerElement: number) => T;

/** A zero-filled typed array of `length` elements in shared memory. */
export function sharedZeros<T extends SharedArray>(Kind: new (buffer: SharedArrayBuffer) => T, length: number, bytesPerElement: number): T {
  return new Kind(new SharedArrayBuffer(Math.max(1, length) * bytesPerElement));
}

// Layout of the control block, an Int32Array in shared memory.
const NEXT = 0; // next chunk to claim
const ABORT = 1; // 1: stop claiming
const DONE = 2; // items done, for progress
const SENT = 3; // messages the workers sent (`startParallel`)
const POSTED = 4; // messages the calling thread posted (`startParallel`)
const HEADER = 6;
// Per worker w, at HEADER + 2w: its state, then a heartbeat bumped as it works.
const STARTING = 0;
const RUNNING = 1;
const FINISHED = 2;
const FAILED = 3;

/** How long a running worker may go without a heartbeat before the run is declared stuck. */
const STALL_MS = 120_000;

/**
 * The shared control block of one parallel run: chunks are claimed one at a time from a
 * counter (the threads that go faster take more), and progress is counted in items.
 */
export class ChunkClaims {
  readonly control: Int32Array;
  readonly chunks: number;
  /** Index of the worker this view belongs to, -1 on the calling thread. */
  readonly worker: number;

  private readonly onClaim: (() => void) | undefined;

  constructor(control: Int32Array, chunks: number, worker: number, onClaim?: () => void) {
    this.control = control;
    this.chunks = chunks;
    this.worker = worker;
    this.onClaim = onClaim;
  }

  /** The next chunk to do, or -1 when every chunk is taken or the run is stopped. */
  claim(): number {
    this.onClaim?.();
    if (Atomics.load(this.control, ABORT)) return -1;
    const chunk = Atomics.add(this.control, NEXT, 1);
    return chunk < this.chunks ? chunk : -1;
  }

  /** Counts `items` done (progress) and proves this thread alive. */
  done(items: number): void {
    Atomics.add(this.control, DONE, items);
    this.beat();
  }

  /** Proves this thread alive during a long chunk. */
  beat(): void {
    if (this.worker >= 0) Atomics.add(this.control, HEADER + 2 * this.worker + 1, 1);
  }

  get itemsDone(): number {
    return Atomics.load(this.control, DONE);
  }

  /**
   * On the calling thread of `runParallel`: leaves the chunks to the workers, waiting while
   * they claim them. True once every chunk is taken (or the run is stopped); false when no
   * worker is left to take the rest (each finished, failed, or is still not running after
   * `startMs`): then this thread claims them itself.
   *
   * @example
   * if (!claims.leaveToWorkers()) for (let c = claims.claim(); c >= 0; c = claims.claim()) doChunk(c);
   */
  leaveToWorkers(startMs = 30_000): boolean {
    const { control } = this;
    const workers = (control.length - HEADER) / 2;
    const since = Date.now();
    for (;;) {
      if (Atomics.load(control, NEXT) >= this.chunks || Atomics.load(control, ABORT)) return true;
      let running = 0;
      let starting = 0;
      for (let w = 0; w < workers; w++) {
        const state = Atomics.load(control, HEADER + 2 * w);
        if (state === RUNNING) running++;
        else if (state === STARTING) starting++;
      }
      if (running === 0 && (starting === 0 || Date.now() - since > startMs)) return false;
      this.onClaim?.();
      Atomics.wait(control, DONE, Atomics.load(control, DONE), 10);
    }
  }
}

/** What a worker is given: the task's name and data, and the run's control block. */
export interface WorkerInput<D> {
  task: string;
  data: D;
  control: Int32Array;
  chunks: number;
  worker: number;
  port: MessagePort;
}

export interface ParallelRun<D> {
  /** The task a worker runs (a key of the worker script's task table). */
  task: string;
  /** Given to every worker as is: typed arrays in shared memory are shared, the rest copied. */
  data: D;
  /** Chunks of work to share out. */
  chunks: number;
  /** Threads in all, the calling one included. */
  threads: number;
  /**
   * The calling thread's part: claims chunks from `claims` until none is left. It runs while
   * the workers start and work, so nothing waits for a slow start.
   */
  runHere: (claims: ChunkClaims) => void;
  /** Called on the calling thread between its chunks and while it waits, with the items done. */
  onProgress?: (itemsDone: number) => void;
}

/**
 * Runs a task on `threads` threads, the calling one included, and returns what each worker
 * that took part sent back (by worker; undefined for a worker that never started).
 * Synchronous: the calling thread does its share, then blocks on `Atomics.wait` until the
 * workers that hold a chunk finish, and reads their answers with `receiveMessageOnPort`, so
 * the synchronous engine functions keep their signatures. A worker that cannot start only
 * leaves more chunks to the others; one that fails makes the run throw its error.
 *
 * @example
 * const answers = runParallel({ task: 'sweep', data, chunks: 100, threads: 2, runHere: (claims) => { … } });
 */
export function runParallel<D, R>(run: ParallelRun<D>): (R | undefined)[] {
  const workers = Math.max(0, run.threads - 1);
  const control = new Int32Array(new SharedArrayBuffer(4 * (HEADER + 2 * workers)));
  const started: { worker: Worker; port: MessagePort }[] = [];
  try {
    started.push(...startWorkers(run, control, Math.min(workers, run.chunks - 1)));
    const report = () => run.onProgress?.(Atomics.load(control, DONE));
    run.runHere(new ChunkClaims(control, run.chunks, -1, report));
    // No chunk is left to claim: a worker that has not started yet will take none.
    const answers: (R | undefined)[] = [];
    for (let w = 0; w < started.length; w++) answers.push(awaitWorker<R>(control, w, started[w].port, report));
    report();
    return answers;
  } finally {
    Atomics.store(control, ABORT, 1);
    for (const { worker, port } of started) {
      port.close();
      void worker.terminate();
    }
  }
}

/** Blocks until worker `w` is done with its chunks; its answer, or undefined when it never ran. */
function awaitWorker<R>(control: Int32Array, w: number, port: MessagePort, report: () => void): R | undefined {
  const state = HEADER + 2 * w;
  let beat = Atomics.load(control, state + 1);
  let quietSince = Date.now();
  for (;;) {
    const now = Atomics.load(control, state);
    if (now === STARTING) return undefined;
    if (now === FINISHED || now === FAILED) break;
    Atomics.wait(control, state, RUNNING, 200);
    report();
    const current = Atomics.load(control, state + 1);
    if (current !== beat) {
      beat = current;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > STALL_MS) {
      throw new Error(`runParallel: worker ${w} stopped answering`);
    }
  }
  const message = receiveMessageOnPort(port)?.message as { ok: true; answer: R } | { ok: false; error: string } | undefined;
  if (!message) throw new Error(`runParallel: worker ${w} finished without an answer`);
  if (!message.ok) throw new Error(`runParallel: worker ${w} failed: ${message.error}`);
  return message.answer;
}

/**
 * The worker side of `runParallel`: `prepare` builds what the work needs (before the worker
 * counts as running: the calling thread never waits for a slow start), then `work` does the
 * chunks it claims and its answer (or its error) goes back before the worker is marked finished.
 *
 * @example
 * serveChunks(input, () => new Router(net), (router, claims) => {
 *   for (let c = claims.claim(); c >= 0; c = claims.claim()) doChunk(router, c);
 *   return { answer: null };
 * });
 */
export function serveChunks<D, C, R>(
  input: WorkerInput<D>,
  prepare: () => C,
  work: (context: C, claims: ChunkClaims) => { answer: R; transfer?: ArrayBuffer[] },
): void {
  const { control, worker, port } = input;
  const state = HEADER + 2 * worker;
  try {
    const context = prepare();
    if (Atomics.load(control, ABORT) || Atomics.load(control, NEXT) >= input.chunks) {
      port.close();
      return;
    }
    Atomics.store(control, state, RUNNING);
    const { answer, transfer } = work(context, new ChunkClaims(control, input.chunks, worker));
    port.postMessage({ ok: true, answer }, transfer ?? []);
    Atomics.store(control, state, FINISHED);
  } catch (error) {
    port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    Atomics.store(control, state, FAILED);
  }
  Atomics.notify(control, state);
  port.close();
}

/**
 * A run started by `startParallel`: the calling thread claims chunks as the workers do, and
 * messages go both ways while they work.
 */
export interface ParallelStream<M> {
  /** The calling thread's claims on the run's chunks. */
  readonly claims: ChunkClaims;
  /** Every worker the run started. */
  readonly workers: number;
  /** Sends a message to every worker (typed arrays in shared memory are shared, the rest copied). */
  post(message: unknown): void;
  /**
   * The next message a worker sent (`WorkerStream.send`), waiting up to `ms` for one; undefined
   * when none came, or when every worker is done and all their messages were read. Throws the
   * error of a worker that failed, or when one stopped answering.
   */
  receive(ms: number): M | undefined;
  /** True once every worker is done and every message it sent was read. */
  readonly finished: boolean;
  /** Stops the run: the workers claim no more chunks and are ended. */
  close(): void;
}

/** What a worker of `startParallel` works with: its claims and the messages both ways. */
export interface WorkerStream<D> {
  readonly data: D;
  readonly claims: ChunkClaims;
  /** Sends the calling thread a message, the buffers in `transfer` moved rather than copied. */
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  /** The next message the calling thread posted, waiting for it. */
  receive(): unknown;
}

/**
 * Starts a task on `threads − 1` workers and returns at once, for a calling thread that works
 * alongside them and reads what they send as they send it (`runParallel` waits for their
 * answers). A worker that cannot start only leaves more chunks to the others.
 *
 * @example
 * const run = startParallel<Data, Piece>({ task: 'report', data, chunks: 40, threads: 2 });
 * for (let c = run.claims.claim(); c >= 0; c = run.claims.claim()) writeHere(c);
 * for (let piece = run.receive(1000); piece; piece = run.receive(1000)) keep(piece);
 * run.close();
 */
export function startParallel<D, M>(run: Omit<ParallelRun<D>, 'runHere' | 'onProgress'>): ParallelStream<M> {
  const workers = Math.max(0, run.threads - 1);
  const control = new Int32Array(new SharedArrayBuffer(4 * (HEADER + 2 * workers)));
  const started: { worker: Worker; port: MessagePort }[] = [];
  started.push(...startWorkers(run, control, workers));
  let read = 0;
  let beat = 0;
  let quietSince = Date.now();
  const settled = () => started.every((_, w) => Atomics.load(control, HEADER + 2 * w) >= FINISHED);
  const take = (): M | undefined => {
    for (const { port } of started) {
      const message = receiveMessageOnPort(port)?.message as { ok: true; message: M } | { ok: false; error: string } | undefined;
      if (!message) continue;
      read++;
      if (!message.ok) throw new Error(`startParallel: a worker failed: ${message.error}`);
      return message.message;
    }
    return undefined;
  };
  return {
    claims: new ChunkClaims(control, run.chunks, -1),
    workers: started.length,
    post(message) {
      for (const { port } of started) port.postMessage(message);
      Atomics.add(control, POSTED, 1);
      Atomics.notify(control, POSTED);
    },
    receive(ms) {
      const until = Date.now() + ms;
      for (;;) {
        const sent = Atomics.load(control, SENT);
        const message = take();
        if (message !== undefined) return message;
        if (read === sent && settled()) return undefined;
        const left = until - Date.now();
        if (left <= 0) return undefined;
        // A worker that has not started yet, or one that sent nothing for long, is checked on.
        const beats = started.reduce((sum, _, w) => sum + Atomics.load(control, HEADER + 2 * w + 1), 0);
        if (beats !== beat || read !== sent) {
          beat = beats;
          quietSince = Date.now();
        } else if (Date.now() - quietSince > STALL_MS) throw new Error('startParallel: a worker stopped answering');
        Atomics.wait(control, SENT, sent, Math.min(left, 200));
      }
    },
    get finished() {
      return read === Atomics.load(control, SENT) && settled();
    },
    close() {
      Atomics.store(control, ABORT, 1);
      Atomics.add(control, POSTED, 1);
      Atomics.notify(control, POSTED);
      for (const { worker, port } of started) {
        port.close();
        void worker.terminate();
      }
    },
  };
}

/**
 * The worker side of `startParallel`: runs `work`, then marks the worker finished; an error
 * goes to the calling thread, which `receive` throws.
 *
 * @example
 * serveStream(input, ({ data, claims, send }) => {
 *   for (let c = claims.claim(); c >= 0; c = claims.claim()) send(piece(data, c));
 * });
 */
export function serveStream<D>(input: WorkerInput<D>, work: (stream: WorkerStream<D>) => void): void {
  const { control, worker, port } = input;
  const state = HEADER + 2 * worker;
  const claims = new ChunkClaims(control, input.chunks, worker);
  let received = 0;
  const send = (message: unknown, transfer: ArrayBuffer[] = []) => {
    port.postMessage({ ok: true, message }, transfer);
    Atomics.add(control, SENT, 1);
    Atomics.notify(control, SENT);
    claims.beat();
  };
  const receive = (): unknown => {
    for (;;) {
      const posted = Atomics.load(control, POSTED);
      const message = receiveMessageOnPort(port);
      if (message) {
        received++;
        return message.message;
      }
      if (Atomics.load(control, ABORT)) throw new Error('serveStream: the run was stopped');
      if (posted > received) continue;
      Atomics.wait(control, POSTED, posted, 200);
    }
  };
  Atomics.store(control, state, RUNNING);
  try {
    work({ data: input.data, claims, send, receive });
    Atomics.store(control, state, FINISHED);
  } catch (error) {
    if (!Atomics.load(control, ABORT)) {
      port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      Atomics.add(control, SENT, 1);
    }
    Atomics.store(control, state, FAILED);
  }
  Atomics.notify(control, SENT);
  port.close();
}

/**
 * Starts up to `count` workers on the task, each with its port, stopping at the first that
 * cannot start (the run does without it and the rest). The control block's slots of the
 * workers not started read `FINISHED`, so that no one waits for them.
 */
function startWorkers<D>(run: Pick<ParallelRun<D>, 'task' | 'data' | 'chunks'>, control: Int32Array, count: number): { worker: Worker; port: MessagePort }[] {
  const started: { worker: Worker; port: MessagePort }[] = [];
  const slots = (control.length - HEADER) / 2;
  for (let w = 0; w < slots; w++) Atomics.store(control, HEADER + 2 * w, FINISHED);
  for (let w = 0; w < count; w++) {
    const { port1, port2 } = new MessageChannel();
    const input: WorkerInput<D> = { task: run.task, data: run.data, control, chunks: run.chunks, worker: w, port: port2 };
    Atomics.store(control, HEADER + 2 * w, STARTING);
    try {
      const worker = FROM_SOURCES
        ? new Worker(sourcesBootstrap(), { eval: true, workerData: input, transferList: [port2] })
        : new Worker(WORKER_FILE, { workerData: input, transferList: [port2] });
      worker.unref();
      // A failure is reported through the control block.
      worker.on('error', () => {});
      started.push({ worker, port: port1 });
    } catch {
      Atomics.store(control, HEADER + 2 * w, FINISHED);
      port1.close();
      break;
    }
  }
  return started;
}
