import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type ApiContext, findTopologyRef, sendAnswer, untilClientGone } from '../context.js';
import { answerFormat, GEOJSON_TYPE, JSON_TYPE } from '../http.js';
import { AnalysisLayerQuery, AnalysisPage, AnalysisPageQuery, ResilienceReport } from '../schemas/analysis.js';
import { errors, FormatQuery, NetworkQuery, networkOf, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';

const PAGING = ['limit', 'offset', 'sort', 'status', 'nro', 'summary'] as const;

/**
 * `GET /v1/topologies/:id/analysis`: the same JSON as `analyse --json`, or its map layer; with a
 * paging parameter, one page of NROs and a summary (`analyse --limit … --json`).
 */
export const analysisRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/analysis', {
    config: { cost: 'job' },
    schema: {
      tags: ['analysis'],
      summary: 'Single-homed NROs, critical sections and sites, shared risks, single-cut tables (analyse --json); paged with limit, offset, sort, status, nro, summary',
      params: TopologyParams,
      querystring: z.strictObject({ ...NetworkQuery.shape, ...FormatQuery.shape, ...AnalysisPageQuery.shape, layer: AnalysisLayerQuery }),
      response: {
        200: {
          description: 'the report; with a paging parameter, a page of NROs and the summary',
          content: { [JSON_TYPE]: { schema: z.union([ResilienceReport, AnalysisPage]) }, [GEOJSON_TYPE]: { schema: FeatureCollection } },
        },
        ...errors(400, 404, 429, 503),
      },
    },
  }, async (request, reply) => {
    const { query } = request;
    const topology = await findTopologyRef(context, request.params.id);
    reply.header('Vary', 'Accept');
    const network = networkOf(query);
    if (PAGING.some((key) => query[key] !== undefined)) {
      const page = { network, limit: query.limit, offset: query.offset, sort: query.sort, status: query.status, nros: query.nro, summary: query.summary };
      return sendAnswer(reply, await context.jobs.run('analysis-page', topology, { request: page }, untilClientGone(reply)));
    }
    const payload = { request: { network }, format: answerFormat(request), layer: query.layer };
    return sendAnswer(reply, await context.jobs.run('analysis', topology, payload, untilClientGone(reply)));
  });
};
