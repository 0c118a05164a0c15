import type { ResilienceAnalysis } from '../analysis/resilience-analysis.js';
import { type ChunkClaims, runParallel, serveChunks, type SharedArray, shared, threadCount, type WorkerInput } from '../parallel/threads.js';
import { REPORT_PARTS, reportPart } from './report-parts.js';
import { type ReportTables, reportTables } from './report-tables.js';

export interface ReportJsonOptions {
  /**
   * Threads that write the document's parts at once, the calling one included. Default 1: on
   * the 2-core machine this was measured on, two threads wrote a national report no faster
   * (5.7–6.4 s against 5.9 s: the writing waits on memory, which the threads share) and held
   * more of it (the parts are kept until all are written).
   */
  threads?: number;
  /** Called once the parts are written, with the number of threads that wrote some. */
  onThreads?: (threads: number) => void;
}

/** The parts in the order threads take them: the longest first, so that two threads end about together. */
const SCHEDULE = [2, 3, 1, 0];

/**
 * The `analyse --json` document of an analysis as UTF-8 bytes, in chunks of about 1 MiB: the
 * same bytes as `jsonChunks(resilienceReportStream(analysis))`, written straight from typed
 * tables of the network (`reportTables`). Each id, owner and risk group is encoded once, a
 * record's lists are sorted as ranks in one scratch array; no record object, no id string, no
 * `JSON.stringify` per record. On one thread the chunks come as they are written; on several,
 * the parts (`reportPart`) are written at once, each by one thread, and handed out in order.
 *
 * @example
 * for (const chunk of reportJsonBytes(analysis)) process.stdout.write(chunk);
 */
export function* reportJsonBytes(analysis: ResilienceAnalysis, options: ReportJsonOptions = {}): Generator<Uint8Array> {
  // One thread unless asked (threadCount checks the number asked for).
  const threads = threadCount(options.threads ?? 1, 0, 0);
  const tables = reportTables(analysis);
  if (threads === 1) {
    for (let part = 0; part < REPORT_PARTS; part++) yield* reportPart(tables, part);
    options.onThreads?.(1);
    return;
  }
  const parts: Uint8Array[][] = [];
  const mine = runParallel<ReportTables, WrittenParts>({
    task: 'report',
    data: sharedTables(tables),
    chunks: REPORT_PARTS,
    threads,
    runHere: (claims) => writeClaimed(tables, claims, parts),
  });
  for (const answer of mine) for (const [part, chunks] of answer?.parts ?? []) parts[part] = chunks;
  options.onThreads?.(1 + mine.filter((answer) => answer?.parts.length).length);
  for (let part = 0; part < REPORT_PARTS; part++) yield* parts[part];
}

/** The tables in shared memory: a worker reads them where they are, with no copy of its own. */
function sharedTables(tables: ReportTables): ReportTables {
  const share = (value: unknown): unknown => {
    if (value instanceof Uint8Array || value instanceof Int32Array || value instanceof Float64Array) {
      // A Buffer is shared as the plain bytes it views.
      const plain = value instanceof Buffer ? new Uint8Array(value.buffer, value.byteOffset, value.length) : value;
      return shared(plain as SharedArray);
    }
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, share(v)]));
    return value;
  };
  return share(tables) as ReportTables;
}

/** What a worker sends back: each part it wrote, with its chunks. */
interface WrittenParts {
  parts: Array<[number, Uint8Array[]]>;
}

function writeClaimed(tables: ReportTables, claims: ChunkClaims, into: Uint8Array[][]): number[] {
  const written: number[] = [];
  for (let c = claims.claim(); c >= 0; c = claims.claim()) {
    const part = SCHEDULE[c];
    into[part] = [...reportPart(tables, part)];
    written.push(part);
    claims.done(1);
  }
  return written;
}

/**
 * The worker side of a parallel `reportJsonBytes`: writes the parts it claims and sends their
 * chunks back without a copy.
 */
export function reportPartsInWorker(input: WorkerInput<ReportTables>): void {
  serveChunks(input, () => input.data, (tables, claims) => {
    const into: Uint8Array[][] = [];
    const parts = writeClaimed(tables, claims, into).map((part): [number, Uint8Array[]] => [part, into[part]]);
    const transfer = new Set(parts.flatMap(([, chunks]) => chunks.map((c) => c.buffer as ArrayBuffer)));
    return { answer: { parts }, transfer: [...transfer] };
  });
}
