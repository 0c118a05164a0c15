import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, clientGone, findTopologyRef, sendAnswer } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { CutAnswer, CutRequest } from '../schemas/analysis.js';
import { errors, FormatQuery, NetworkQuery, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';

/** `POST /v1/topologies/:id/cuts`: the same JSON as `cut --json`, or its map layer. */
export const cutRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post('/v1/topologies/:id/cuts', {
    config: { cost: 'job' },
    schema: {
      tags: ['analysis'],
      summary: 'Simulate a cut of sections, sites, risk groups, owners or an area (cut --json); reroute: what saturates after re-routing',
      params: TopologyParams,
      querystring: NetworkQuery.extend(FormatQuery.shape),
      body: CutRequest,
      response: {
        200: { description: 'who loses service', content: { [JSON_TYPE]: { schema: CutAnswer }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 413, 415, 429, 503),
      },
    },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { ...request.body, network: networkOf(request.query) }, format: answerFormat(request) };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('cut', topology, payload, { signal: clientGone(reply) }));
  });
};
