import { join } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Topology } from '../src/model/schema.js';
import { topologyCounts } from '../src/requests/validate.js';
import type { ResolvedOptions } from './config.js';
import { notFound } from './errors.js';
import { baseUrl, GEOJSON_TYPE, JSON_TYPE } from './http.js';
import type { JobAnswer, JobPool } from './jobs/job-pool.js';
import type { TopologyRef } from './jobs/job.js';
import type { TopologyRecord, TopologyStore } from './store/topology-store.js';

/** What every route works with. */
export interface ApiContext {
  store: TopologyStore;
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
  const record = await findTopology(context, id, field);
  const file = record.source === 'seed'
    ? join(context.options.topologyDir, `${record.id}.json`)
    : join(context.options.dataDir, record.id, `v${record.version}.json`);
  return { id: record.id, etag: record.etag, file };
}

/** Aborted when the client goes before its answer is sent: its job is then cancelled. */
export function clientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
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

export const counts = (topology: Topology) => topologyCounts(topology);

/** A topology as `/v1/topologies` lists it, with links to what can be done with it. */
export function topologyInfo(record: TopologyRecord, root: string) {
  const self = `${root}/v1/topologies/${encodeURIComponent(record.id)}`;
  return {
    id: record.id,
    name: record.topology.name,
    version: record.version,
    etag: record.etag,
    source: record.source,
    ...(record.updatedAt && { updatedAt: record.updatedAt }),
    counts: counts(record.topology),
    links: [
      { rel: 'self', type: JSON_TYPE, title: 'the topology document', href: self },
      { rel: 'alternate', type: GEOJSON_TYPE, title: 'the topology as GeoJSON', href: `${self}?f=geojson` },
      { rel: 'analysis', type: JSON_TYPE, title: 'resilience analysis', href: `${self}/analysis` },
      { rel: 'ogc-features', type: JSON_TYPE, title: 'OGC API – Features landing page (for QGIS)', href: `${root}/ogc/${encodeURIComponent(record.id)}` },
    ],
  };
}
