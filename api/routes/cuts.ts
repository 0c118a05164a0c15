import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { areaVertexCount, MAX_AREA_VERTICES } from '../../src/model/area.js';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { ApiError } from '../errors.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { CutAnswer, CutRequest } from '../schemas/analysis.js';
import { errors, networkOf, TopologyParams } from '../schemas/common.js';
import { CutQuery } from '../schemas/cuts.js';
import { FeatureCollection } from '../schemas/geojson.js';

/** Largest body of a cut, bytes. */
export const CUT_BODY_LIMIT = 4 * 2 ** 20;

/** `POST /v1/topologies/:id/cuts`: the same JSON as `cut --json`, or its map layer. */
export const cutRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post('/v1/topologies/:id/cuts', {
    config: { cost: 'job' },
    // A cut is ids and an area of at most 10 000 vertices: a few hundred kB. A larger body is refused before it is parsed.
    bodyLimit: CUT_BODY_LIMIT,
    preValidation: refuseHugeArea,
    schema: {
      tags: ['analysis'],
      summary: 'Simulate a cut of sections, sites, risk groups, owners or an area (cut --json); reroute: what saturates after re-routing; GeoJSON by layer',
      params: TopologyParams,
      querystring: CutQuery,
      body: CutRequest,
      response: {
        200: { description: 'who loses service', content: { [JSON_TYPE]: { schema: CutAnswer }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 413, 415, 429, 503),
      },
    },
  }, async (request, reply) => {
    const topology = await findTopologyRef(context, request.params.id);
    const payload = { request: { ...request.body, network: networkOf(request.query) }, format: answerFormat(request), layer: request.query.layer };
    reply.header('Vary', 'Accept');
    return sendAnswer(reply, await context.jobs.run('cut', topology, payload, untilClientGone(reply)));
  });
};

/** A huge area is refused by counting its positions before the schema checks each one, which would hold the main thread. */
async function refuseHugeArea(request: FastifyRequest) {
  const polygon = (request.body as { polygon?: unknown } | null)?.polygon;
  if (polygon === undefined || areaVertexCount(polygon) <= MAX_AREA_VERTICES) return;
  const message = `an area has at most ${MAX_AREA_VERTICES} vertices in all`;
  throw new ApiError(400, 'invalid-request', `polygon: ${message}`, [{ field: 'polygon', in: 'body', code: 'too_big', message }]);
}
