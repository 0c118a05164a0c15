import { setImmediate as nextTurn } from 'node:timers/promises';
import type { TopologyError } from '../../model/errors.js';
import { importError } from './tables.js';

/**
 * Bounds on reading a delivery (a zip, a folder or files in memory), so that a hostile or
 * broken upload fails fast with a clear error instead of exhausting memory or time. Sizes are
 * real sizes, counted while inflating, never the sizes a zip declares.
 */
export interface ReadLimits {
  /** Largest size of one table file once inflated. Default 512 MiB (the largest the old importer took). */
  maxEntryBytes: number;
  /** Largest total size of the table files once inflated. Default 1 GiB. */
  maxTotalBytes: number;
  /** Most entries a zip (or files a folder) may hold, tables or not. Default 10 000; a GraceTHD delivery has about 100. */
  maxEntries: number;
  /** Longest line of a text file (.csv, .cpg, .prj), in bytes. Default 1 MiB; a GraceTHD CSV line is a few KiB. */
  maxLineBytes: number;
  /** Longest time reading may take, from the first byte inflated to the last table parsed. Default 60 s. */
  deadlineMs: number;
}

export const MIB = 1024 * 1024;

/** The bounds used when an option leaves one out. */
export const DEFAULT_READ_LIMITS: Readonly<ReadLimits> = Object.freeze({
  maxEntryBytes: 512 * MIB,
  maxTotalBytes: 1024 * MIB,
  maxEntries: 10_000,
  maxLineBytes: MIB,
  deadlineMs: 60_000,
});

/**
 * The given bounds, the defaults for the others.
 *
 * @example
 * readLimits({ maxLineBytes: 4096 }).maxEntries; // 10000
 */
export function readLimits(limits: Partial<ReadLimits> = {}): ReadLimits {
  const defined = Object.entries(limits).filter(([, value]) => value !== undefined);
  return { ...DEFAULT_READ_LIMITS, ...Object.fromEntries(defined) };
}

/**
 * The error for a bound passed: its problem's `path` is the file concerned (its path in the
 * delivery), its `id` the name of the bound (a key of `ReadLimits`).
 */
export function limitError(message: string, code: string, path: string, limit: keyof ReadLimits): TopologyError {
  return importError(message, code, { path, id: limit });
}

/** A size for a message: `512 MiB` when a whole number of MiB, else `1000 bytes`. */
export function formatBytes(bytes: number): string {
  return bytes >= MIB && bytes % MIB === 0 ? `${bytes / MIB} MiB` : `${bytes} bytes`;
}

/** Files whose lines `maxLineBytes` bounds. */
export const isTextFile = (path: string): boolean => /\.(csv|cpg|prj)$/i.test(path);

/**
 * The time bound of one read. `check` throws once the deadline has passed; `pace` also lets
 * the event loop run now and then, so that a server stays responsive while a large delivery
 * is inflated.
 */
export class Deadline {
  private readonly end: number;
  private lastYield: number;

  constructor(readonly ms: number) {
    this.end = performance.now() + ms;
    this.lastYield = performance.now();
  }

  /** Throws `deadline-exceeded` once the time is up; `where` names the file being read. */
  check(where: string): void {
    if (performance.now() > this.end) {
      throw limitError(`reading the delivery took over ${this.ms} ms (deadlineMs), stopped at ${where}`, 'deadline-exceeded', where, 'deadlineMs');
    }
  }

  /** `check`, then a turn of the event loop when the last one is over 20 ms ago. */
  async pace(where: string): Promise<void> {
    this.check(where);
    if (performance.now() - this.lastYield < 20) return;
    await nextTurn();
    this.lastYield = performance.now();
    this.check(where);
  }
}

/**
 * Watches the lines of a text file pushed chunk by chunk, and throws `line-too-long` as soon
 * as a line passes `maxBytes`, without building the line. `\n`, `\r` and `\r\n` end a line.
 *
 * @example
 * const guard = new LineGuard(1024, 't_noeud.csv');
 * guard.push(chunk); // throws once 1024 bytes pass without a line end
 */
export class LineGuard {
  /** Bytes of the current line seen in earlier chunks. */
  private run = 0;

  constructor(private readonly maxBytes: number, private readonly path: string) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    // Jumps from line end to line end by up to maxBytes at a time, searching backwards: a
    // native scan, rather than a visit of every line.
    while (chunk.length - start + this.run > this.maxBytes) {
      const end = lastLineEnd(chunk.subarray(start, start + this.maxBytes - this.run + 1));
      if (end < 0) {
        throw limitError(`${this.path}: a line is longer than ${formatBytes(this.maxBytes)} (maxLineBytes): not a GraceTHD table`, 'line-too-long', this.path, 'maxLineBytes');
      }
      start += end + 1;
      this.run = 0;
    }
    const rest = chunk.subarray(start);
    const end = lastLineEnd(rest);
    this.run = end < 0 ? this.run + rest.length : rest.length - end - 1;
  }
}

const lastLineEnd = (bytes: Uint8Array): number => Math.max(bytes.lastIndexOf(0x0a), bytes.lastIndexOf(0x0d));

/**
 * Counts the bytes read against `maxEntryBytes` and `maxTotalBytes`, and throws `too-large`
 * as soon as either is passed.
 */
export class ByteBudget {
  private total = 0;

  constructor(private readonly limits: ReadLimits) {}

  /** Adds `bytes` of the file at `path`, whose size so far is `entryBytes` (these included). */
  add(path: string, bytes: number, entryBytes: number): void {
    this.total += bytes;
    if (entryBytes > this.limits.maxEntryBytes) {
      throw limitError(`${path} holds over ${formatBytes(this.limits.maxEntryBytes)} (maxEntryBytes)`, 'too-large', path, 'maxEntryBytes');
    }
    if (this.total > this.limits.maxTotalBytes) {
      throw limitError(`the tables of the delivery hold over ${formatBytes(this.limits.maxTotalBytes)} (maxTotalBytes), passed at ${path}`, 'too-large', path, 'maxTotalBytes');
    }
  }
}
