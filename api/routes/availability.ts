import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { AvailabilityAnswer, AvailabilityBody, AvailabilityQuery } from '../schemas/availability.js';
import { errors, FormatQuery, NetworkQuery, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';

const SUMMARY = 'Availability: every NRO’s expected minutes of outage a year and subscriber-hours lost, what cuts it off, its double failures, and the subscriber-hours each work avoids (availability --json); GeoJSON: the NROs as points';
const response = {
  200: { description: 'expected outage per NRO and what each work avoids', content: { [JSON_TYPE]: { schema: AvailabilityAnswer }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
  ...errors(400, 404, 413, 415, 429, 503),
};
const Query = z.strictObject({ ...NetworkQuery.shape, ...FormatQuery.shape });

/** `GET` (the topology's failure model) and `POST` (a failure model in the body) `/v1/topologies/:id/availability`. */
export const availabilityRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/availability', {
    config: { cost: 'job' },
    schema: { tags: ['analysis'], summary: SUMMARY, params: TopologyParams, querystring: z.strictObject({ ...Query.shape, ...AvailabilityQuery.shape }), response },
  }, async (request, reply) => {
    const { states, top, works, lifetimeYears, nro } = request.query;
    const topology = await findTopologyRef(context, request.params.id);
    reply.header('Vary', 'Accept');
    const payload = { request: { network: networkOf(request.query), states, top, works, lifetimeYears, nros: nro }, format: answerFormat(request) };
    return sendAnswer(reply, await context.jobs.run('availability', topology, payload, untilClientGone(reply)));
  });
  app.post('/v1/topologies/:id/availability', {
    config: { cost: 'job' },
    bodyLimit: 2 ** 20,
    schema: { tags: ['analysis'], summary: `${SUMMARY}; the body’s failureModel overrides the topology’s`, params: TopologyParams, querystring: Query, body: AvailabilityBody, response },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    reply.header('Vary', 'Accept');
    const payload = { request: { ...request.body, network: networkOf(request.query) }, format: answerFormat(request) };
    return sendAnswer(reply, await context.jobs.run('availability', topology, payload, untilClientGone(reply)));
  });
};
