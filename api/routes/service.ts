import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, rootUrl } from '../context.js';
import { exactType, JSON_TYPE, OPENAPI_TYPE } from '../http.js';
import { sendMapPage, wantsMapPage } from '../map-page.js';
import { apiDefinition, errors, NoQuery } from '../schemas/common.js';
import { documentOnly } from '../schemas/registry.js';
import { Link } from '../schemas/topology.js';

const startedAt = Date.now();

/** `/health`, `/openapi.json` and `/`: the web map for browsers, the landing links as JSON for other clients. */
export const serviceRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/health', {
    config: { rateLimit: false },
    schema: {
      tags: ['service'],
      summary: 'Liveness: ok while the server accepts requests (503 while it shuts down)',
      querystring: NoQuery,
      response: { 200: z.object({ status: z.literal('ok'), topologies: z.number().int(), store: z.enum(['file', 'postgres']).describe('where versions are kept: a data folder, or PostgreSQL (FIBRE_DATABASE_URL)'), uptimeS: z.number() }), ...errors(400) },
    },
  }, async () => ({
    status: 'ok' as const,
    topologies: (await context.store.ids()).length,
    store: context.store.kind,
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
  }));

  app.get('/openapi.json', {
    schema: { tags: ['service'], summary: 'This API definition (OpenAPI 3.0)', querystring: NoQuery, response: { 200: apiDefinition('this API definition'), ...errors(400) } },
  }, async (_request, reply) => exactType(reply, OPENAPI_TYPE).send(Buffer.from(JSON.stringify(app.swagger()))));

  app.get('/', {
    schema: {
      tags: ['service'],
      summary: 'Where to start: links to the topologies, the OGC API, the API definition and its documentation',
      description: 'A browser (`Accept: text/html`) gets the web map instead.',
      response: {
        200: {
          description: 'the landing links, or the web map for a browser',
          content: {
            [JSON_TYPE]: { schema: z.object({ title: z.string(), description: z.string(), links: z.array(Link) }) },
            'text/html': { schema: documentOnly(z.string().describe('the web map')) },
          },
        },
      },
    },
  }, async (request, reply) => {
    if (wantsMapPage(request)) return sendMapPage(reply);
    const root = rootUrl(context, request);
    return {
      title: 'fibre-resilience',
      description: 'Plans the resilience of a fibre network: single-homed NROs, cuts, saturation, and the works that fix them.',
      links: [
        { rel: 'data', type: JSON_TYPE, title: 'topologies', href: `${root}/v1/topologies` },
        { rel: 'ogc-features', type: JSON_TYPE, title: 'OGC API – Features of each topology (for QGIS)', href: `${root}/ogc` },
        { rel: 'service-desc', type: OPENAPI_TYPE, title: 'API definition (OpenAPI 3.0)', href: `${root}/openapi.json` },
        { rel: 'service-doc', type: 'text/html', title: 'interactive API documentation', href: `${root}/docs` },
        { rel: 'status', type: JSON_TYPE, title: 'health', href: `${root}/health` },
      ],
    };
  });
};
