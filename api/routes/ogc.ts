import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, findTopology, findTopologyRef, rootUrl, sendAnswer, untilClientGone } from '../context.js';
import { exactType, JSON_SCHEMA_TYPE, JSON_TYPE, GEOJSON_TYPE, OPENAPI_TYPE } from '../http.js';
import { conformance, landingPage } from '../ogc/documents.js';
import { checkFilters } from '../ogc/filters.js';
import { layerOf } from '../ogc/layers.js';
import { featureSchema, queryablesDocument } from '../ogc/schema.js';
import { ogcApiDocument } from '../openapi.js';
import { apiDefinition, errors } from '../schemas/common.js';
import {
  CollectionParams, Collection, Collections, Conformance, FeatureParams, ItemDocument, ItemsPage, ItemsQuery,
  JsonSchemaDocument, LandingPage, OgcFormatQuery, OgcIndex, OgcParams, PAGING_PARAMETERS,
} from '../schemas/ogc.js';

/**
 * OGC API – Features Part 1 Core and Part 3 queryables, one API per topology at
 * `/ogc/:topologyId`: what QGIS reads with Layer ▸ Add Layer ▸ Add WFS / OGC API – Features
 * Layer, and GDAL with `ogrinfo OAPIF:…`. Every route is a `page`: not counted by the rate limit.
 */
export const ogcRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  const tags = ['OGC API – Features'];
  const config = { cost: 'page' as const };
  const landingOf = (request: Parameters<typeof rootUrl>[1], id: string) => `${rootUrl(context, request)}/ogc/${encodeURIComponent(id)}`;
  const collectionUrl = (request: Parameters<typeof rootUrl>[1], topologyId: string, collectionId: string) =>
    `${landingOf(request, topologyId)}/collections/${encodeURIComponent(collectionId)}`;

  app.get('/ogc', {
    config,
    schema: { tags, summary: 'The OGC API landing page of each topology', querystring: OgcFormatQuery, response: { 200: OgcIndex, ...errors(400) } },
  }, async (request) => {
    const ids = await context.store.ids();
    return {
      title: 'OGC API – Features of each topology',
      links: ids.map((id) => ({ rel: 'item', type: JSON_TYPE, title: id, href: landingOf(request, id) })),
    };
  });

  app.get('/ogc/:topologyId', {
    config,
    schema: { tags, summary: 'Landing page', params: OgcParams, querystring: OgcFormatQuery, response: { 200: LandingPage, ...errors(400, 404) } },
  }, async (request) => {
    const { summary: topology } = await findTopology(context, request.params.topologyId, 'topologyId');
    const base = landingOf(request, request.params.topologyId);
    return landingPage(base, topology.name, topology.description ?? `Sites, sections, NROs and critical sections of ${topology.name}.`,
      `${rootUrl(context, request)}/docs`);
  });

  app.get('/ogc/:topologyId/api', {
    config,
    schema: {
      tags, summary: 'API definition of this OGC API (OpenAPI 3.0)', params: OgcParams, querystring: OgcFormatQuery,
      response: { 200: apiDefinition('the API definition of this OGC API'), ...errors(400, 404) },
    },
  }, async (request, reply) => {
    const { summary: topology } = await findTopology(context, request.params.topologyId, 'topologyId');
    const document = ogcApiDocument(app.swagger() as Record<string, unknown>, landingOf(request, request.params.topologyId), topology.name);
    return exactType(reply, OPENAPI_TYPE).send(Buffer.from(JSON.stringify(document)));
  });

  app.get('/ogc/:topologyId/conformance', {
    config,
    schema: { tags, summary: 'Conformance classes', params: OgcParams, querystring: OgcFormatQuery, response: { 200: Conformance, ...errors(400, 404) } },
  }, async (request) => {
    await findTopology(context, request.params.topologyId, 'topologyId');
    return conformance();
  });

  app.get('/ogc/:topologyId/collections', {
    config,
    schema: { tags, summary: 'Feature collections', params: OgcParams, querystring: OgcFormatQuery, response: { 200: Collections, ...errors(400, 404, 503) } },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.topologyId, 'topologyId');
    const payload = { base: landingOf(request, request.params.topologyId) };
    return sendAnswer(reply, await context.pages.run('ogc-collections', topology, payload, untilClientGone(reply)));
  });

  app.get('/ogc/:topologyId/collections/:collectionId', {
    config,
    schema: { tags, summary: 'One feature collection', params: CollectionParams, querystring: OgcFormatQuery, response: { 200: Collection, ...errors(400, 404, 503) } },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.topologyId, 'topologyId');
    const payload = { base: landingOf(request, request.params.topologyId), collectionId: request.params.collectionId };
    return sendAnswer(reply, await context.pages.run('ogc-collection', topology, payload, untilClientGone(reply)));
  });

  for (const [document, summary, build] of [
    ['schema', 'JSON Schema of the features of a collection (its describedby link)', featureSchema],
    ['queryables', 'The attributes the items of a collection can be filtered by (OGC API – Features Part 3)', queryablesDocument],
  ] as const) {
    app.get(`/ogc/:topologyId/collections/:collectionId/${document}`, {
      config,
      schema: {
        tags, summary, params: CollectionParams, querystring: OgcFormatQuery,
        response: { 200: { description: summary, content: { [JSON_SCHEMA_TYPE]: { schema: JsonSchemaDocument } } }, ...errors(400, 404) },
      },
    }, async (request, reply) => {
      const { topologyId, collectionId } = request.params;
      await findTopology(context, topologyId, 'topologyId');
      const layer = layerOf(collectionId);
      return reply.type(JSON_SCHEMA_TYPE).send(build(layer, `${collectionUrl(request, topologyId, collectionId)}/${document}`));
    });
  }

  app.get('/ogc/:topologyId/collections/:collectionId/items', {
    config,
    schema: {
      tags,
      summary: 'Features of a collection, by pages (limit, offset, bbox, next links), filtered by its queryables (status=single-homed)',
      params: CollectionParams,
      querystring: ItemsQuery,
      response: { 200: { description: 'one page', content: { [GEOJSON_TYPE]: { schema: ItemsPage } } }, ...errors(400, 404, 503) },
    },
  }, async (request, reply) => {
    const { topologyId, collectionId } = request.params;
    const topology = await findTopologyRef(context, topologyId, 'topologyId');
    const filters = Object.fromEntries(Object.entries(request.query as Record<string, unknown>)
      .filter(([name, value]) => value !== undefined && !(PAGING_PARAMETERS as readonly string[]).includes(name))) as Record<string, string>;
    checkFilters(layerOf(collectionId), filters);
    const { limit, offset, bbox } = request.query;
    const url = `${collectionUrl(request, topologyId, collectionId)}/items`;
    const payload = { collectionId, query: { limit, offset, bbox, filters }, url, paging: context.options.paging };
    return sendAnswer(reply, await context.pages.run('ogc-items', topology, payload, untilClientGone(reply)));
  });

  app.get('/ogc/:topologyId/collections/:collectionId/items/:featureId', {
    config,
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
    const collection = collectionUrl(request, topologyId, collectionId);
    return sendAnswer(reply, await context.pages.run('ogc-item', topology, { collectionId, featureId, collection }, untilClientGone(reply)));
  });
};
