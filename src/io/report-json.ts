import type { ResilienceAnalysis } from '../analysis/resilience-analysis.js';
import { knownIdOrder } from '../analysis/id-order.js';
import { SEARCH_BATCH } from '../analysis/risk-group-isolation.js';
import { type ParallelStream, serveStream, sharedZeros, startParallel, threadCount, type WorkerInput, type WorkerStream } from '../parallel/threads.js';
import { ownerCuts, ownersReached, ReportWriter, reportPieces } from './report-parts.js';
import { type OrderedIds, orderedIds, type ReportIds, type ReportInputs, type ReportTables, reportIds, reportInputs, reportTables, tablesFrom } from './report-tables.js';

export interface ReportJsonOptions {
  /**
   * Threads that write the document at once, the calling one included. Default: every core
   * from 200 000 sections, one below.
   */
  threads?: number;
  /** Called once the document is written, with the number of threads that wrote some. */
  onThreads?: (threads: number) => void;
}

/** Sections from which the document is written on every core by default. */
const PARALLEL_FROM = 200_000;

/**
 * The `analyse --json` document of an analysis as UTF-8 bytes, in chunks of about 1 MiB: the
 * same bytes as `jsonChunks(resilienceReportStream(analysis))`, written straight from typed
 * tables of the network (`reportTables`). Each id, owner and risk group is encoded once, a
 * record's lists are sorted as ranks in one scratch array; no record object, no id string, no
 * `JSON.stringify` per record.
 *
 * On several threads, the calling thread encodes the ids (`reportIds`), sorts the sections and
 * encodes the rest (`reportInputs`), then searches the owners' cuts while a worker sorts the
 * sites and makes the tables; then each thread writes pieces of the document (`reportPieces`)
 * as it claims them. The chunks come in the document's order as soon as the pieces before
 * them are written, the calling thread's as it writes them.
 *
 * @example
 * for (const chunk of reportJsonBytes(analysis)) process.stdout.write(chunk);
 */
export function* reportJsonBytes(analysis: ResilienceAnalysis, options: ReportJsonOptions = {}): Generator<Uint8Array> {
  const threads = threadCount(options.threads, analysis.net.sectionCount, PARALLEL_FROM);
  if (threads === 1) {
    const { net } = analysis;
    const tables = reportTables(analysis);
    const pieces = reportPieces(tables);
    const { siteCount, sectionCount, headends, adjOffset, adjSection, adjSite } = net;
    const { ownerOffset, ownerSections, pre, order, parent, parentSection, nearestBridge, bridgeChild } = tables;
    const searched = { siteCount, sectionCount, headends, adjOffset, adjSection, adjSite, ownerOffset, ownerSections, pre, order, parent, parentSection, nearestBridge, bridgeChild };
    const writer = new ReportWriter(tables, () => ownerCuts(tables, ownersReached(searched)));
    for (let p = 0; p < pieces.length; p += 3) yield* writer.piece(pieces[p], pieces[p + 1], pieces[p + 2]);
    if (writer.out.length > 0) yield writer.out.take();
    options.onThreads?.(1);
    return;
  }
  yield* inParallel(analysis, threads, options);
}

/**
 * The jobs of a parallel run that either thread does, the first to claim one (a worker that
 * starts late leaves them to the calling thread): their states in `ReportStart.jobs`. The calling
 * thread takes the sections' order and the owners' search; a worker the sites' order (on the
 * ids, while the calling thread encodes the rest), then the tables; each sends the other what
 * it made.
 */
const SECTIONS = 0;
const SEARCH = 1;
const SITES = 2;
const TABLES = 3;
const JOBS = 4;
const FREE = 0;
const TAKEN = 1;
const DONE = 2;

/** What the calling thread posts first: the ids, the jobs' states, and where the owners' search leaves its answer; then the inputs. */
export interface ReportStart {
  ids: ReportIds;
  jobs: Int32Array;
  reached: Int32Array;
}

/**
 * The first message of a parallel run: the ids encoded in shared memory, every job free.
 *
 * @example
 * run.post(reportStart(analysis)); // then `{ inputs: reportInputs(analysis, true, start.ids) }`
 */
export function reportStart(analysis: ResilienceAnalysis): ReportStart {
  const { net } = analysis;
  return {
    ids: reportIds(analysis, true),
    jobs: sharedZeros(Int32Array, JOBS, 4),
    reached: sharedZeros(Int32Array, Math.ceil(net.owners.length / SEARCH_BATCH) * net.siteCount, 4),
  };
}

/** What one thread made that the other needs: the inputs, an id order, or the tables and their pieces. */
export type ReportMade = { inputs: ReportInputs } | { sites: OrderedIds } | { sections: OrderedIds } | { tables: ReportTables; pieces: Int32Array };

/** What a worker sends for each piece it writes. */
export interface WrittenPiece {
  piece: number;
  chunks: Uint8Array[];
}

type Message = ReportMade | WrittenPiece;

/** More pieces than any document has: the threads learn the real number with the tables. */
const ANY_PIECES = 2 ** 30;

const claimed = (jobs: Int32Array, job: number) => Atomics.compareExchange(jobs, job, FREE, TAKEN) === FREE;

function finish(jobs: Int32Array, job: number): void {
  Atomics.store(jobs, job, DONE);
  Atomics.notify(jobs, job);
}

/** What each thread has of what the jobs made, its own or the other's. */
class Results {
  inputs?: ReportInputs;
  sites?: OrderedIds;
  sections?: OrderedIds;
  tables?: ReportTables;
  pieces?: Int32Array;

  keep(made: ReportMade): void {
    if ('inputs' in made) this.inputs = made.inputs;
    else if ('sites' in made) this.sites = made.sites;
    else if ('sections' in made) this.sections = made.sections;
    else {
      this.tables = made.tables;
      this.pieces = made.pieces;
    }
  }
}

/**
 * Does the jobs a thread may take, in its order, sending what it makes (`share`), and waits for
 * the others' (`next` reads the next message): the tables and pieces, once both have them.
 */
function tablesOf(start: ReportStart, order: readonly number[], results: Results, share: (made: ReportMade) => void, next: () => void): { tables: ReportTables; pieces: Int32Array } {
  const { ids, jobs } = start;
  const made = (value: ReportMade) => {
    results.keep(value);
    share(value);
  };
  const inputs = () => {
    while (!results.inputs) next();
    return results.inputs;
  };
  for (const job of order) {
    if (!claimed(jobs, job)) continue;
    if (job === SECTIONS) made({ sections: orderedIds(ids.sectionIds, ids.sectionByRank, true) });
    else if (job === SITES) made({ sites: orderedIds(ids.siteIds, ids.siteByRank, true) });
    else if (job === SEARCH) ownersReached(inputs(), start.reached);
    else {
      while (!results.sites || !results.sections) next();
      const tables = tablesFrom(inputs(), true, results.sites, results.sections);
      made({ tables, pieces: reportPieces(tables) });
    }
    finish(jobs, job);
  }
  while (!results.tables || !results.pieces) next();
  return { tables: results.tables, pieces: results.pieces };
}

function* inParallel(analysis: ResilienceAnalysis, threads: number, options: ReportJsonOptions): Generator<Uint8Array> {
  const { net } = analysis;
  const run = startParallel<null, Message>({ task: 'report', data: null, chunks: ANY_PIECES, threads });
  try {
    const start = reportStart(analysis);
    run.post(start);
    const results = new Results();
    // The sections' order here while a worker sorts the sites, then the rest of the inputs.
    if (claimed(start.jobs, SECTIONS)) {
      const sections: ReportMade = { sections: orderedIds(start.ids.sectionIds, start.ids.sectionByRank, true) };
      results.keep(sections);
      run.post(sections);
      finish(start.jobs, SECTIONS);
    }
    const inputs: ReportMade = { inputs: reportInputs(analysis, true, start.ids) };
    results.keep(inputs);
    run.post(inputs);
    const written: (Uint8Array[] | undefined)[] = [];
    const fromWorkers: number[] = [];
    const keep = (message: Message | undefined) => {
      if (!message) return;
      if ('piece' in message) {
        written[message.piece] = message.chunks;
        fromWorkers[message.piece] = 1;
        return;
      }
      results.keep(message);
      // What a worker made, the others hear of from here.
      if (run.workers > 1) run.post(message);
    };
    const { tables, pieces } = tablesOf(start, [SEARCH, SECTIONS, SITES, TABLES], results, (made) => run.post(made), () => keep(run.receive(1_000)));
    const count = pieces.length / 3;
    knownIdOrder(net.siteIds, tables.siteByRank, tables.siteRank);
    knownIdOrder(net.sectionIds, tables.sectionByRank, tables.sectionRank);
    const writer = new ReportWriter(tables, () => ownerCuts(tables, searched(start, run, keep)));
    let byWorkers = 0;
    for (let next = 0; next < count; ) {
      const chunks = written[next];
      if (chunks) {
        written[next] = undefined;
        byWorkers += fromWorkers[next++] ?? 0;
        yield* chunks;
        continue;
      }
      const p = run.claims.claim();
      if (p >= 0 && p < count) {
        const piece = writer.piece(pieces[3 * p], pieces[3 * p + 1], pieces[3 * p + 2]);
        if (p === next) {
          // The next piece of the document: its chunks go out as they fill.
          yield* piece;
          if (writer.out.length > 0) yield writer.out.take();
          next++;
        } else {
          const own = [...piece];
          if (writer.out.length > 0) own.push(writer.out.take());
          written[p] = own;
        }
        for (let message = run.receive(0); message; message = run.receive(0)) keep(message);
        continue;
      }
      // Every piece is taken: the next one is a worker's.
      const message = run.receive(1_000);
      if (!message && run.finished) throw new Error('reportJsonBytes: a worker ended without a piece it took');
      keep(message);
    }
    options.onThreads?.(byWorkers > 0 ? 2 : 1);
  } finally {
    run.close();
  }
}

/** What the owners' search leaves reached, once done (by a worker, which may still send pieces meanwhile). */
function searched(start: ReportStart, run: ParallelStream<Message>, keep: (message: Message | undefined) => void): Int32Array {
  while (Atomics.load(start.jobs, SEARCH) !== DONE) keep(run.receive(50));
  return start.reached;
}

/**
 * The worker side of a parallel `reportJsonBytes`: takes the jobs the calling thread has not,
 * then writes the pieces it claims, and sends each one's chunks without a copy.
 */
export function reportPiecesInWorker(input: WorkerInput<null>): void {
  serveStream<null>(input, (stream) => writePieces(stream));
}

function writePieces({ claims, send, receive }: WorkerStream<null>): void {
  const start = receive() as ReportStart;
  const results = new Results();
  const { tables, pieces } = tablesOf(start, [SITES, SECTIONS, TABLES, SEARCH], results, (made) => send(made), () => results.keep(receive() as ReportMade));
  const count = pieces.length / 3;
  const writer = new ReportWriter(tables, () => {
    for (let state = Atomics.load(start.jobs, SEARCH); state !== DONE; state = Atomics.load(start.jobs, SEARCH)) Atomics.wait(start.jobs, SEARCH, state, 200);
    return ownerCuts(tables, start.reached);
  });
  for (let p = claims.claim(); p >= 0 && p < count; p = claims.claim()) {
    const chunks = [...writer.piece(pieces[3 * p], pieces[3 * p + 1], pieces[3 * p + 2])];
    if (writer.out.length > 0) chunks.push(writer.out.take());
    send({ piece: p, chunks } satisfies WrittenPiece, chunks.map((chunk) => chunk.buffer as ArrayBuffer));
  }
}
