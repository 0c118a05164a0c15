import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { ApiError } from '../errors.js';
import { requireToken } from '../http.js';
import { postgisJobs, withSchema } from '../jobs/postgis-export-question.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { PostgisExportAnswer, PostgisExportBody, PostgisExportQuery } from '../schemas/postgis-export.js';
import { DEFAULT_SCHEMA } from '../store/postgres-store.js';

/** The database of a URL, without its user, password and parameters: `host:port/database`. */
const databaseOf = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
};

/** The schema of the topology store when it lives in the results database (FIBRE_DATABASE_URL): never written into. */
function storeSchema(context: ApiContext, resultsUrl: string): string | undefined {
  const store = context.options.databaseUrl;
  if (!store || databaseOf(store) !== databaseOf(resultsUrl)) return undefined;
  return new URL(store).searchParams.get('schema') ?? DEFAULT_SCHEMA;
}

/**
 * `POST /v1/topologies/{id}/exports/postgis`: the CLI's `export postgis`, into a schema of the
 * server's own results database (FIBRE_RESULTS_DATABASE_URL, default FIBRE_DATABASE_URL), never
 * a database a client names. Served only when the server has one.
 */
export const postgisExportRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  const url = context.options.resultsDatabaseUrl;
  if (!url) return;
  app.post('/v1/topologies/:id/exports/postgis', {
    config: { cost: 'job' },
    onRequest: requireToken(context.options.token),
    schema: {
      tags: ['analysis'],
      summary: 'Write the results as PostGIS tables QGIS opens: NROs, critical sections, saturation, single cuts, and a plan (export postgis; bearer token)',
      description: 'Into the schema the body names of the server’s results database (FIBRE_RESULTS_DATABASE_URL, default FIBRE_DATABASE_URL): the tables nros (points), critical_sections, section_saturation and cuts (lines), and plan (multilines) when `plan` gives a budget, each with geom_2154 and geom_4326 columns, a GIST index on each, a primary key and comments, all replaced in one transaction (docs/postgis.md). '
        + 'A table of the same name that fibre-resilience did not write is never dropped (400). A database that does not answer: 503.',
      security: [{ bearer: [] }],
      params: TopologyParams,
      querystring: PostgisExportQuery,
      body: PostgisExportBody,
      response: { 200: PostgisExportAnswer, ...errors(400, 401, 403, 404, 413, 415, 429, 503) },
    },
  }, async (request, reply) => {
    const { schema, plan } = request.body;
    if (schema.toLowerCase() === storeSchema(context, url)?.toLowerCase()) {
      const message = `schema "${schema}" holds the server’s topologies: write the results in another one`;
      throw new ApiError(400, 'invalid-request', message, [{ field: 'schema', in: 'body', message }]);
    }
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { database: withSchema(url, schema), request: { network: networkOf(request.query), ...(plan && { plan }) } };
    return sendAnswer(reply, await postgisJobs(context.jobs).run('postgis-export', topology, payload, untilClientGone(reply)));
  });
};
