import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, clientGone, findTopology, findTopologyRef, rootUrl, sendAnswer } from '../context.js';
import { GEOJSON_TYPE, JSON_TYPE, OPENAPI_TYPE } from '../http.js';
import { conformance, landingPage } from '../ogc/documents.js';
import { ogcApiDocument } from '../openapi.js';
import { apiDefinition, errors } from '../schemas/common.js';
import {
  CollectionParams, Collection, Collections, Conformance, FeatureParams, ItemDocument, ItemsPage, ItemsQuery,
  LandingPage, OgcFormatQuery, OgcIndex, OgcParams,
} from '../schemas/ogc.js';

/**
 * OGC API – Features Part 1 Core, one API per topology at `/ogc/:topologyId`: what QGIS reads
 * with Layer ▸ Add Layer ▸ Add WFS / OGC API – Features Layer.
 */
export const ogcRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  const tags = ['OGC API – Features'];
  const landingOf = (request: Parameters<typeof rootUrl>[1], id: string) => `${rootUrl(context, request)}/ogc/${encodeURIComponent(id)}`;

  app.get('/ogc', {
    schema: { tags, summary: 'The OGC API landing page of each topology', response: { 200: OgcIndex } },
  }, async (request) => {
    const ids = await context.store.ids();
    return {
      title: 'OGC API – Features of each topology',
      links: ids.map((id) => ({ rel: 'item', type: JSON_TYPE, title: id, href: landingOf(request, id) })),
    };
  });

  app.get('/ogc/:topologyId', {
    schema: { tags, summary: 'Landing page', params: OgcParams, querystring: OgcFormatQuery, response: { 200: LandingPage, ...errors(400, 404) } },
  }, async (request) => {
    const { summary: topology } = await findTopology(context, request.params.topologyId, 'topologyId');
    const base = landingOf(request, request.params.topologyId);
    return landingPage(base, topology.name, topology.description ?? `Sites, sections, NROs and critical sections of ${topology.name}.`,
      `${rootUrl(context, request)}/docs`);
  });

  app.get('/ogc/:topologyId/api', {
    schema: {
      tags, summary: 'API definition of this OGC API (OpenAPI 3.0)', params: OgcParams, querystring: OgcFormatQuery,
      response: { 200: apiDefinition('the API definition of this OGC API'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const { summary: topology } = await findTopology(context, request.params.topologyId, 'topologyId');
    const document = ogcApiDocument(app.swagger() as Record<string, unknown>, landingOf(request, request.params.topologyId), topology.name);
    return reply.type(OPENAPI_TYPE).send(JSON.stringify(document) as never);
  });

  app.get('/ogc/:topologyId/conformance', {
    schema: { tags, summary: 'Conformance classes', params: OgcParams, querystring: OgcFormatQuery, response: { 200: Conformance, ...errors(400, 404) } },
  }, async (request) => {
    await findTopology(context, request.params.topologyId, 'topologyId');
    return conformance();
  });

  app.get('/ogc/:topologyId/collections', {
    schema: { tags, summary: 'Feature collections', params: OgcParams, querystring: OgcFormatQuery, response: { 200: Collections, ...errors(400, 404, 503) } },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.topologyId, 'topologyId');
    const payload = { base: landingOf(request, request.params.topologyId) };
    return sendAnswer(reply, await context.pages.run('ogc-collections', topology, payload, { signal: clientGone(reply) }));
  });

  app.get('/ogc/:topologyId/collections/:collectionId', {
    schema: { tags, summary: 'One feature collection', params: CollectionParams, querystring: OgcFormatQuery, response: { 200: Collection, ...errors(400, 404, 503) } },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.topologyId, 'topologyId');
    const payload = { base: landingOf(request, request.params.topologyId), collectionId: request.params.collectionId };
    return sendAnswer(reply, await context.pages.run('ogc-collection', topology, payload, { signal: clientGone(reply) }));
  });

  app.get('/ogc/:topologyId/collections/:collectionId/items', {
    schema: {
      tags,
      summary: 'Features of a collection, by pages (limit, offset, bbox, next links)',
      params: CollectionParams,
      querystring: ItemsQuery,
      response: { 200: { description: 'one page', content: { [GEOJSON_TYPE]: { schema: ItemsPage } } }, ...errors(400, 404, 503) },
    },
  }, async (request, reply) => {
    const { topologyId, collectionId } = request.params;
    const topology = await findTopologyRef(context, topologyId, 'topologyId');
    const url = `${landingOf(request, topologyId)}/collections/${encodeURIComponent(collectionId)}/items`;
    const { limit, offset, bbox } = request.query;
    const payload = { collectionId, query: { limit, offset, bbox }, url, paging: context.options.paging };
    return sendAnswer(reply, await context.pages.run('ogc-items', topology, payload, { signal: clientGone(reply) }));
  });

  app.get('/ogc/:topologyId/collections/:collectionId/items/:featureId', {
    schema: {
      tags,
      summary: 'One feature',
      params: FeatureParams,
      querystring: OgcFormatQuery,
      response: { 200: { description: 'the feature', content: { [GEOJSON_TYPE]: { schema: ItemDocument } } }, ...errors(400, 404, 503) },
    },
  }, async (request, reply) => {
    const { topologyId, collectionId, featureId } = request.params;
    const topology = await findTopologyRef(context, topologyId, 'topologyId');
    const collection = `${landingOf(request, topologyId)}/collections/${encodeURIComponent(collectionId)}`;
    return sendAnswer(reply, await context.pages.run('ogc-item', topology, { collectionId, featureId, collection }, { signal: clientGone(reply) }));
  });
};
