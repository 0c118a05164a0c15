import type { FastifyRequest } from 'fastify';
import { topologySummary } from '../src/model/summary.js';
import type { Topology } from '../src/model/schema.js';
import type { ResolvedOptions } from './config.js';
import { notFound } from './errors.js';
import { baseUrl, GEOJSON_TYPE, JSON_TYPE } from './http.js';
import { type NetworkQuery, networkOptions } from './schemas/common.js';
import type { LoadedNetwork, NetworkCache } from './store/network-cache.js';
import type { TopologyRecord, TopologyStore } from './store/topology-store.js';

/** What every route works with. */
export interface ApiContext {
  store: TopologyStore;
  networks: NetworkCache;
  options: ResolvedOptions;
}

/** The current version of a topology, or a 404 naming it. */
export async function findTopology(context: ApiContext, id: string, field = 'id'): Promise<TopologyRecord> {
  const record = await context.store.get(id);
  if (!record) throw notFound('topology', id, field);
  return record;
}

/** The compiled network of a topology under the request's network options (cached per version). */
export async function findNetwork(context: ApiContext, id: string, query: NetworkQuery = {}, field = 'id'): Promise<LoadedNetwork> {
  return context.networks.get(await findTopology(context, id, field), networkOptions(query));
}

export function rootUrl(context: ApiContext, request: FastifyRequest): string {
  return baseUrl(request, context.options.publicUrl);
}

export function counts(topology: Topology) {
  const summary = topologySummary(topology);
  return {
    sites: summary.sites.total,
    nros: summary.sites.byKind.nro ?? 0,
    headends: summary.sites.byKind.headend ?? 0,
    sections: summary.sections.total,
    redundancyLinks: summary.redundancyLinks.count,
    desaturationWorks: summary.desaturationWorks.count,
    subscribers: summary.sites.subscribers,
    lengthM: summary.sections.lengthM,
  };
}

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
