import { errorCodes, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ResolvedOptions } from './config.js';
import { notFound } from './errors.js';
import { baseUrl, GEOJSON_TYPE, JSON_TYPE } from './http.js';
import type { JobAnswer, JobPool, RunOptions } from './jobs/job-pool.js';
import type { TopologyRef } from './jobs/job.js';
import type { Store } from './store/store.js';
import type { TopologyRecord } from './store/topology-store.js';

/** What every route works with. */
export interface ApiContext {
  store: Store;
  /** Worker threads for requests that compute. */
  jobs: JobPool;
  /** A worker thread of its own for OGC documents and pages, so that a GIS client paging a layer never waits behind a long cut. */
  pages: JobPool;
  options: ResolvedOptions;
}

/** The current version of a topology, or a 404 naming it. */
export async function findTopology(context: ApiContext, id: string, field = 'id'): Promise<TopologyRecord> {
  const record = await context.store.get(id);
  if (!record) throw notFound('topology', id, field);
  return record;
}

/** Where the workers read the current version of a topology, or a 404 naming it. */
export async function findTopologyRef(context: ApiContext, id: string, field = 'id'): Promise<TopologyRef> {
  return refOf(await findTopology(context, id, field));
}

/** Where the workers read a version: its file; and its size. */
export const refOf = (record: TopologyRecord): TopologyRef => ({ id: record.id, etag: record.etag, file: record.file, sections: record.summary.counts.sections });

/**
 * JSON bodies (`application/json`, `application/geo+json`) of the routes of `app` (an
 * encapsulated plugin) kept as the raw bytes, within the body limit: a worker parses them, since
 * parsing a national network takes the main thread for a second. An empty body is refused here,
 * as by Fastify's own parser; the worker refuses what is not JSON with Fastify's error
 * (`parseJSONBody` of api/store/topology-document.ts).
 */
export function keepRawJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser([JSON_TYPE, GEOJSON_TYPE]);
  app.addContentTypeParser([JSON_TYPE, GEOJSON_TYPE], { parseAs: 'buffer' }, (_request, body, done) => {
    if (body.length === 0) done(new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), undefined);
    else done(null, body);
  });
}

/** A raw body as the bytes a worker is sent. */
export function bodyBytes(body: unknown): Uint8Array {
  if (!Buffer.isBuffer(body)) throw new Error('expected the raw body (keepRawJsonBodies)');
  return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
}

/** Aborted when the client goes before its answer is sent: its job is then cancelled. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}

/**
 * Run options that cancel the job when the client goes (`clientGone`); the signal is made only
 * when the job goes to a worker, not for an answer the main thread gives at once.
 *
 * @example
 * await context.jobs.run('cut', topology, payload, untilClientGone(reply));
 */
export function untilClientGone(reply: FastifyReply): RunOptions {
  let signal: AbortSignal | undefined;
  return {
    get signal() {
      signal ??= clientGone(reply);
      return signal;
    },
  };
}

/** Sends what a worker answered: its bytes, media type and headers, as they are. */
export function sendAnswer(reply: FastifyReply, answer: JobAnswer): FastifyReply {
  if (answer.headers) reply.headers(answer.headers);
  const body = answer.body ?? new Uint8Array();
  return reply.type(answer.type ?? JSON_TYPE).send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
}

export function rootUrl(context: ApiContext, request: FastifyRequest): string {
  return baseUrl(request, context.options.publicUrl);
}


/** A topology as `/v1/topologies` lists it, with links to what can be done with it: from its summary, never from the document. */
export function topologyInfo(record: TopologyRecord, root: string) {
  const self = `${root}/v1/topologies/${encodeURIComponent(record.id)}`;
  return {
    id: record.id,
    name: record.summary.name,
    version: record.version,
    etag: record.etag,
    source: record.source,
    ...(record.updatedAt && { updatedAt: record.updatedAt }),
    counts: record.summary.counts,
    links: [
      { rel: 'self', type: JSON_TYPE, title: 'the topology document', href: self },
      { rel: 'alternate', type: GEOJSON_TYPE, title: 'the topology as GeoJSON', href: `${self}?f=geojson` },
      { rel: 'analysis', type: JSON_TYPE, title: 'resilience analysis', href: `${self}/analysis` },
      { rel: 'ogc-features', type: JSON_TYPE, title: 'OGC API – Features landing page (for QGIS)', href: `${root}/ogc/${encodeURIComponent(record.id)}` },
    ],
  };
}
