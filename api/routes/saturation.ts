import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { errors, FormatQuery, NetworkQuery, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { SaturationPage, SaturationPageQuery, SaturationQuery, SaturationReport } from '../schemas/saturation.js';

const PAGING = ['limit', 'offset', 'sort', 'state', 'owner', 'section', 'summary'] as const;

/**
 * `GET /v1/topologies/:id/saturation`: routes, section loads, desaturation works, the N-1 sweep on
 * request; with a paging parameter, one page of section loads and a summary (`saturation --limit … --json`).
 */
export const saturationRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/saturation', {
    config: { cost: 'job' },
    schema: {
      tags: ['analysis'],
      summary: 'Saturation: every NRO’s routes, every section’s load and state, the effect of each desaturation work; paged with limit, offset, sort, state, owner, section, summary',
      params: TopologyParams,
      querystring: z.strictObject({ ...NetworkQuery.shape, ...SaturationQuery.shape, ...FormatQuery.shape, ...SaturationPageQuery.shape }),
      response: {
        200: {
          description: 'the saturation report; with a paging parameter, a page of section loads and the summary',
          content: { [JSON_TYPE]: { schema: z.union([SaturationReport, SaturationPage]) }, [GEOJSON_TYPE]: { schema: FeatureCollection } },
        },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { query } = request;
    const { fibresPerRoute, nearRatio, saturatedRatio, diversity, sweep } = query;
    const topology = await findTopologyRef(context, request.params.id);
    reply.header('Vary', 'Accept');
    const network = networkOf(query);
    if (PAGING.some((key) => query[key] !== undefined)) {
      const page = {
        network, fibresPerRoute, nearRatio, saturatedRatio, diversity,
        limit: query.limit, offset: query.offset, sort: query.sort, state: query.state, owners: query.owner, sections: query.section, summary: query.summary,
      };
      return sendAnswer(reply, await context.jobs.run('saturation-page', topology, { request: page }, untilClientGone(reply)));
    }
    const payload = {
      request: { network, fibresPerRoute, nearRatio, saturatedRatio, diversity, sweep: sweep ?? false },
      format: answerFormat(request),
    };
    return sendAnswer(reply, await context.jobs.run('saturation', topology, payload, untilClientGone(reply)));
  });
};
