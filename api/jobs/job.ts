import type { ErrorDetail } from '../errors.js';

/** Where a worker finds a topology version: its file, read and validated once per entity tag. */
export interface TopologyRef {
  id: string;
  etag: string;
  file: string;
  /** Its sections (the summary's count): whether a small question may be answered on the main thread. */
  sections?: number;
}

/** One question for a worker: its name, the topology it is about, and its payload. */
export interface Job {
  question: string;
  topology?: TopologyRef;
  payload: unknown;
}

/** A worker's answer: bytes to send as they are (`body`), or a value for the main thread (`value`); or the error answer. */
export type JobResult =
  | { ok: true; type?: string; body?: Uint8Array; value?: unknown; headers?: Record<string, string> }
  | { ok: false; error: { statusCode: number; code: string; message: string; details: ErrorDetail[]; headers: Record<string, string> }; stack?: string };

/**
 * A job that does nothing, submitted when a running job has been stopped (its client gone, its
 * deadline passed) while others wait: piscina replaces a stopped worker only up to `minThreads`
 * (0 here, so that idle workers go), and starts one for the waiting jobs only on a new `run`.
 */
export const WAKE_UP = 'wake-up';
