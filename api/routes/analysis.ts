import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { resilienceReportStream } from '../../src/analysis/resilience-report.js';
import { jsonChunks } from '../../src/io/json-chunks.js';
import { type ApiContext, findNetwork } from '../context.js';
import { analysisToGeoJSON } from '../geojson/results.js';
import { GEOJSON_TYPE, JSON_TYPE, wantsGeoJSON } from '../http.js';
import { ResilienceReport } from '../schemas/analysis.js';
import { errors, FormatQuery, NetworkQuery, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';

/** `GET /v1/topologies/:id/analysis`: the same JSON as `analyse --json`, or its map layer. */
export const analysisRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/analysis', {
    schema: {
      tags: ['analysis'],
      summary: 'Single-homed NROs, critical sections and sites, shared risks, single-cut tables (analyse --json)',
      params: TopologyParams,
      querystring: NetworkQuery.extend(FormatQuery.shape),
      response: {
        200: { description: 'the report', content: { [JSON_TYPE]: { schema: ResilienceReport }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429),
      },
    },
  }, async (request, reply) => {
    const loaded = await findNetwork(context, request.params.id, request.query);
    reply.header('Vary', 'Accept');
    if (!wantsGeoJSON(request)) {
      // Streamed record by record, as the CLI writes it: a national network's report is hundreds
      // of MB. The schema documents the document; a stream is sent as it is, unserialised.
      const body = Readable.from(jsonChunks(resilienceReportStream(loaded.analysis())));
      return reply.type(JSON_TYPE).send(body as never);
    }
    const layer = loaded.memo('analysis-geojson', () => analysisToGeoJSON(loaded.record.topology, loaded.net, loaded.report()));
    return reply.type(GEOJSON_TYPE).send(layer);
  });
};
