import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { JSON_TYPE } from '../http.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { FailureSweepAnswer, SweepQuery, SweepRequest } from '../schemas/sweep.js';

/** Largest body of a sweep, bytes: the kinds, the worst count and four lists of at most 10 000 ids. */
export const SWEEP_BODY_LIMIT = 4 * 2 ** 20;

/** `POST /v1/topologies/:id/sweeps`: the same JSON as `sweep --json`, computed off the main thread. */
export const sweepRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post('/v1/topologies/:id/sweeps', {
    config: { cost: 'job' },
    bodyLimit: SWEEP_BODY_LIMIT,
    schema: {
      tags: ['analysis'],
      summary: 'Fail each section, site, risk group and owner in turn (sweep --json): every section’s worst loads and the failures causing them, the NROs cut off or left unprotected',
      params: TopologyParams,
      querystring: SweepQuery,
      body: SweepRequest,
      response: {
        200: { description: 'the failure sweep', content: { [JSON_TYPE]: { schema: FailureSweepAnswer } } },
        ...errors(400, 404, 413, 415, 429, 503),
      },
    },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { ...request.body, network: networkOf(request.query) } };
    return sendAnswer(reply, await context.jobs.run('sweep', topology, payload, untilClientGone(reply)));
  });
};
