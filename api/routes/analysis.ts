import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, clientGone, findTopologyRef, sendAnswer } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { ResilienceReport } from '../schemas/analysis.js';
import { errors, FormatQuery, NetworkQuery, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';

/** `GET /v1/topologies/:id/analysis`: the same JSON as `analyse --json`, or its map layer. */
export const analysisRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/analysis', {
    config: { cost: 'job' },
    schema: {
      tags: ['analysis'],
      summary: 'Single-homed NROs, critical sections and sites, shared risks, single-cut tables (analyse --json)',
      params: TopologyParams,
      querystring: NetworkQuery.extend(FormatQuery.shape),
      response: {
        200: { description: 'the report', content: { [JSON_TYPE]: { schema: ResilienceReport }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { network: networkOf(request.query) }, format: answerFormat(request) };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('analysis', topology, payload, { signal: clientGone(reply) }));
  });
};
