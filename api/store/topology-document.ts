import { createHash } from 'node:crypto';
import { topologyFromJSON } from '../../src/io/read-topology.js';
import type { Topology } from '../../src/model/schema.js';
import { type TopologyCounts, topologyCounts, validationAnswer, type ValidationAnswer } from '../../src/requests/validate.js';

/** What the store says of a topology version without reading it: recorded when it is written. */
export interface TopologySummary {
  name: string;
  description?: string;
  counts: TopologyCounts;
}

/** A valid topology ready to be stored: its canonical file (UTF-8 bytes), their SHA-256 and its summary. */
export interface StoredDocument {
  bytes: Uint8Array;
  sha256: string;
  summary: TopologySummary;
}

export const sha256Hex = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Name, description and counts of a valid topology. */
export function summarise(topology: Topology): TopologySummary {
  return { name: topology.name, ...(topology.description !== undefined && { description: topology.description }), counts: topologyCounts(topology) };
}

/**
 * The file of a topology version as the store writes it: `JSON.stringify(topology, null, 2)` and
 * a newline, its hash and its summary. Computed in a worker for an upload: a national network
 * takes a second of CPU to stringify, hash and count.
 */
export function storedDocument(topology: Topology): StoredDocument {
  const bytes = new Uint8Array(Buffer.from(`${JSON.stringify(topology, null, 2)}\n`));
  return { bytes, sha256: sha256Hex(bytes), summary: summarise(topology) };
}

const SUSPECT_PROTO = /"(?:_|\\u005[Ff])(?:_|\\u005[Ff])(?:p|\\u0070)(?:r|\\u0072)(?:o|\\u006[Ff])(?:t|\\u0074)(?:o|\\u006[Ff])(?:_|\\u005[Ff])(?:_|\\u005[Ff])"\s*:/;
const SUSPECT_CONSTRUCTOR = /"(?:c|\\u0063)(?:o|\\u006[Ff])(?:n|\\u006[Ee])(?:s|\\u0073)(?:t|\\u0074)(?:r|\\u0072)(?:u|\\u0075)(?:c|\\u0063)(?:t|\\u0074)(?:o|\\u006[Ff])(?:r|\\u0072)"\s*:/;

/** The error Fastify's JSON parser gives for a body that is not JSON: the same 400 `invalid-json` answer. */
const invalidJSON = () => Object.assign(new Error("Body is not valid JSON but content-type is set to 'application/json'"),
  { code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 });

const hasOwn = (object: object, key: string) => Object.hasOwn(object, key);

/**
 * A raw JSON request body, parsed as Fastify's default parser does (`secure-json-parse`, with
 * `__proto__` and `constructor.prototype` refused): a leading BOM is skipped, anything else that
 * is not JSON is the framework's `FST_ERR_CTP_INVALID_JSON_BODY` error.
 */
export function parseJSONBody(body: Uint8Array): unknown {
  let text = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJSON();
  }
  if (value === null || typeof value !== 'object' || (!SUSPECT_PROTO.test(text) && !SUSPECT_CONSTRUCTOR.test(text))) return value;
  for (let next: object[] = [value]; next.length > 0;) {
    const nodes = next;
    next = [];
    for (const node of nodes) {
      if (hasOwn(node, '__proto__')) throw invalidJSON();
      const maker = (node as { constructor?: unknown }).constructor;
      if (hasOwn(node, 'constructor') && maker !== null && typeof maker === 'object' && hasOwn(maker, 'prototype')) throw invalidJSON();
      for (const key in node) {
        const child = (node as Record<string, unknown>)[key];
        if (child && typeof child === 'object') next.push(child);
      }
    }
  }
  return value;
}

/**
 * What a worker answers about the body of a PUT (`store`) or of `POST /v1/validate` (`report`):
 * parsed, validated with every problem at once (a `TopologyError`, the 400 of the API), then
 * the document to store or the validation report.
 */
export function checkBody(body: Uint8Array, mode: 'store'): StoredDocument;
export function checkBody(body: Uint8Array, mode: 'report'): ValidationAnswer;
export function checkBody(body: Uint8Array, mode: 'store' | 'report'): StoredDocument | ValidationAnswer {
  const topology = topologyFromJSON(parseJSONBody(body));
  return mode === 'store' ? storedDocument(topology) : validationAnswer(topology);
}
