import type { ErrorDetail } from '../errors.js';

/** Where a worker finds a topology version: its file, read and validated once per entity tag. */
export interface TopologyRef {
  id: string;
  etag: string;
  file: string;
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
