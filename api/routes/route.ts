import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { RouteAnswer, RouteQuery } from '../schemas/route.js';

/** `GET /v1/topologies/:id/route?from=&to=&weight=`: the same JSON as `route --json`, or its sections as a map layer. */
export const routeRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/route', {
    config: { cost: 'job' },
    schema: {
      tags: ['analysis'],
      summary: 'The shortest route between two sites, by length or by hops (route --json)',
      params: TopologyParams,
      querystring: RouteQuery,
      response: {
        200: { description: 'the route, or found: false and why', content: { [JSON_TYPE]: { schema: RouteAnswer }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { from, to, weight } = request.query;
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { network: networkOf(request.query), from, to, weight: weight ?? 'length' }, format: answerFormat(request) };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('route', topology, payload, untilClientGone(reply)));
  });
};
