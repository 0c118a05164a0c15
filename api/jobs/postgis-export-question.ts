import { type PostgisExportRequest, postgisExportRequest } from '../../src/export/postgis/index.js';
import { type ImportRequest, importRequest } from '../../src/requests/import.js';
import type { NetworkWorkspace } from '../../src/requests/network-workspace.js';
import { JSON_TYPE } from '../http.js';
import { storedDocument } from '../store/topology-document.js';
import type { JobResult, TopologyRef } from './job.js';

/**
 * The questions about PostgreSQL/PostGIS that a worker answers (docs/postgis.md): a GraceTHD
 * delivery read from a schema of the server's GraceTHD database, and the result tables written
 * to the server's results database. The URLs come from the server's own settings
 * (FIBRE_GRACETHD_DATABASE_URL, FIBRE_RESULTS_DATABASE_URL), never from a client; the messages
 * name those databases without their address.
 */

/** How a worker names the server's databases to a client: never their address. */
export const GRACETHD_DATABASE = 'the server’s GraceTHD database';
export const RESULTS_DATABASE = 'the server’s results database';

/** A schema of the server's GraceTHD database (its URL with `?schema=` set), and the import's options. */
export interface DatabaseImportPayload {
  database: string;
  request: ImportRequest;
}

/** The network of a topology version, the results database (its URL with `?schema=` set), and the export's request. */
export interface PostgisExportPayload {
  database: string;
  request: PostgisExportRequest;
}

/** What these questions answer: the shape of `Answer` in api/jobs/questions.ts. */
type PostgisAnswer = { type: string; text: string } | { value: unknown };

const fromDatabase = (payload: DatabaseImportPayload) =>
  importRequest({ database: payload.database, label: GRACETHD_DATABASE, field: 'FIBRE_GRACETHD_DATABASE_URL', schemaField: 'schema' }, payload.request);

/**
 * Spread into `QUESTIONS` (api/jobs/questions.ts), which the workers answer by name.
 *
 * @example
 * await POSTGIS_QUESTIONS['postgis-export'](workspace, { database: 'postgres://…?schema=results', request: {} });
 */
export const POSTGIS_QUESTIONS = {
  /** `POST /v1/import/gracethd` with a JSON body: the topology and its report. */
  'gracethd-database-import': async (_ws: undefined, payload: DatabaseImportPayload): Promise<PostgisAnswer> => ({ value: await fromDatabase(payload) }),
  /** The same, to store: the canonical document (bytes, hash, summary) and the report. */
  'gracethd-database-import-document': async (_ws: undefined, payload: DatabaseImportPayload): Promise<PostgisAnswer> => {
    const { topology, report } = await fromDatabase(payload);
    return { value: { document: storedDocument(topology), report } };
  },
  /** `POST /v1/topologies/{id}/exports/postgis`: what was written (`export postgis --json`). */
  'postgis-export': async (ws: NetworkWorkspace, payload: PostgisExportPayload): Promise<PostgisAnswer> => {
    const written = await postgisExportRequest(ws, payload.database, payload.request, { label: RESULTS_DATABASE, field: 'FIBRE_RESULTS_DATABASE_URL', schemaField: 'schema' });
    return { type: JSON_TYPE, text: JSON.stringify(written) };
  },
};

export type PostgisQuestionName = keyof typeof POSTGIS_QUESTIONS;
export type PostgisPayloadOf<Q extends PostgisQuestionName> = Parameters<(typeof POSTGIS_QUESTIONS)[Q]>[1];

/** The job pool's `run` (api/jobs/job-pool.ts) for these questions, typed by their own names. */
export interface PostgisJobs {
  run<Q extends PostgisQuestionName>(question: Q, topology: TopologyRef | undefined, payload: PostgisPayloadOf<Q>, options?: { signal?: AbortSignal }): Promise<Extract<JobResult, { ok: true }>>;
}

/**
 * The API's job pool as it runs these questions: they are answered by name like every other
 * (spread into `QUESTIONS`), whose own type the pool's `run` is written against.
 *
 * @example
 * const { body } = await postgisJobs(context.jobs).run('postgis-export', topology, payload, { signal });
 */
export const postgisJobs = (jobs: object): PostgisJobs => jobs as PostgisJobs;

/**
 * A database URL of the server's settings with `?schema=` set to the one a request names.
 *
 * @example
 * withSchema('postgres://sig:secret@db/rip?schema=store', 'gracethd'); // 'postgres://sig:secret@db/rip?schema=gracethd'
 */
export function withSchema(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('schema', schema);
  return parsed.toString();
}
