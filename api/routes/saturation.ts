import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, clientGone, findTopologyRef, sendAnswer } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { errors, FormatQuery, NetworkQuery, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { SaturationQuery, SaturationReport } from '../schemas/saturation.js';

/** `GET /v1/topologies/:id/saturation`: routes, section loads, desaturation works, the N-1 sweep on request. */
export const saturationRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/saturation', {
    config: { cost: 'job' },
    schema: {
      tags: ['analysis'],
      summary: 'Saturation: every NRO’s routes, every section’s load and state, the effect of each desaturation work',
      params: TopologyParams,
      querystring: NetworkQuery.extend(SaturationQuery.shape).extend(FormatQuery.shape),
      response: {
        200: { description: 'the saturation report', content: { [JSON_TYPE]: { schema: SaturationReport }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { fibresPerRoute, nearRatio, saturatedRatio, sweep } = request.query;
    const topology = await findTopologyRef(context, request.params.id);
    const payload = {
      request: { network: networkOf(request.query), fibresPerRoute, nearRatio, saturatedRatio, sweep: sweep ?? false },
      format: answerFormat(request),
    };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('saturation', topology, payload, { signal: clientGone(reply) }));
  });
};
