import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { Proposals, ProposalsQuery, ProposalsRequest } from '../schemas/proposals.js';

/** `POST /proposals`: the CLI's propose, as JSON or as GeoJSON of the proposed links. */
export const proposalRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post('/v1/topologies/:id/proposals', {
    config: { cost: 'job' },
    schema: {
      tags: ['planning'],
      summary: 'The cheapest set of new links that secures every NRO, or a share of the subscribers within a budget (propose --json)',
      params: TopologyParams,
      querystring: ProposalsQuery,
      body: ProposalsRequest,
      response: {
        200: { description: 'the proposed links', content: { [JSON_TYPE]: { schema: Proposals }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 413, 415, 429, 503),
      },
    },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { ...request.body, network: networkOf(request.query) }, format: answerFormat(request) };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('proposals', topology, payload, untilClientGone(reply)));
  });
};
