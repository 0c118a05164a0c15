import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type ApiContext, bodyBytes, keepRawJsonBodies, sendAnswer, untilClientGone } from '../context.js';
import { errors, NoQuery } from '../schemas/common.js';
import { TopologyDocument, ValidationReport } from '../schemas/topology.js';

/** `POST /v1/validate`: the checks of a PUT without the write, in a worker (the raw body is parsed there). */
export const validateRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  keepRawJsonBodies(app);

  app.post('/v1/validate', {
    schema: {
      tags: ['topologies'],
      summary: 'Validate a topology without storing it (dry run of PUT)',
      description: 'A valid document gives 200 with its counts and the warnings of `info` (declared totals against row sums); an invalid one gives the same 400 as PUT, with every problem.',
      querystring: NoQuery,
      body: TopologyDocument,
      response: { 200: ValidationReport, ...errors(400, 413, 415, 429, 503) },
    },
  }, async (request, reply) => {
    const answer = await context.jobs.run('validate', undefined, { body: bodyBytes(request.body), mode: 'report' }, untilClientGone(reply));
    return sendAnswer(reply, answer);
  });
};
