import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { Plan, PlanQuery, PlanRequest, RankingsQuery, Rankings } from '../schemas/planning.js';

/** `GET /rankings` and `POST /plans`: the CLI's rank and plan, as JSON or GeoJSON. */
export const planningRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/rankings', {
    config: { cost: 'job' },
    schema: {
      tags: ['planning'],
      summary: 'Redundancy links and desaturation works ranked by what they secure, new links proposed (rank --json)',
      params: TopologyParams,
      querystring: RankingsQuery,
      response: {
        200: { description: 'the rankings', content: { [JSON_TYPE]: { schema: Rankings }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { detourFactor, eurPerM, perNro, objective } = request.query;
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { network: networkOf(request.query), detourFactor, eurPerM, perNro, objective }, format: answerFormat(request) };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('rankings', topology, payload, untilClientGone(reply)));
  });

  app.post('/v1/topologies/:id/plans', {
    config: { cost: 'job' },
    schema: {
      tags: ['planning'],
      summary: 'The works that secure the most subscribers and clear the most saturation under a budget, by year, with their funding (plan --json)',
      params: TopologyParams,
      querystring: PlanQuery,
      body: PlanRequest,
      response: {
        200: { description: 'the plan', content: { [JSON_TYPE]: { schema: Plan }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 413, 415, 429, 503),
      },
    },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { ...request.body, network: networkOf(request.query) }, format: answerFormat(request) };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('plan', topology, payload, untilClientGone(reply)));
  });
};
