import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { cutImpact } from '../../src/analysis/cut-impact.js';
import { polygonCut } from '../../src/analysis/polygon-cut.js';
import { type ApiContext, findNetwork } from '../context.js';
import { ApiError } from '../errors.js';
import { cutToGeoJSON } from '../geojson/results.js';
import { rerouteAfterCut } from '../../src/saturation/reroute-after-cut.js';
import { engineRange, routingOf } from './saturation.js';
import { GEOJSON_TYPE, JSON_TYPE, wantsGeoJSON } from '../http.js';
import { CutAnswer, CutRequest } from '../schemas/analysis.js';
import { errors, FormatQuery, NetworkQuery, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';

/** `POST /v1/topologies/:id/cuts`: the same JSON as `cut --json`, or its map layer. */
export const cutRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.post('/v1/topologies/:id/cuts', {
    schema: {
      tags: ['analysis'],
      summary: 'Simulate a cut of sections, sites, risk groups, owners or an area (cut --json); reroute: what saturates after re-routing',
      params: TopologyParams,
      querystring: NetworkQuery.extend(FormatQuery.shape),
      body: CutRequest,
      response: {
        200: { description: 'who loses service', content: { [JSON_TYPE]: { schema: CutAnswer }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 413, 415, 429),
      },
    },
  }, async (request, reply) => {
    const loaded = await findNetwork(context, request.params.id, request.query);
    const { net, record } = loaded;
    const body = request.body;
    const area = body.polygon ? polygonCut(record.topology, net, body.polygon) : { sections: [], sites: [] };
    const cut = {
      sections: [...(body.sections ?? []), ...area.sections],
      sites: [...(body.sites ?? []), ...area.sites],
      riskGroups: body.riskGroups ?? [],
      owners: body.owners ?? [],
    };
    if (!body.polygon && Object.values(cut).every((ids) => ids.length === 0)) {
      throw new ApiError(400, 'empty-cut', 'name what fails: sections, sites, riskGroups, owners or polygon',
        ['sections', 'sites', 'riskGroups', 'owners', 'polygon'].map((field) => ({ field, in: 'body' as const, message: 'empty' })));
    }
    const impact = cutImpact(net, cut);
    const reroute = body.reroute
      ? engineRange(() => rerouteAfterCut(routingOf(loaded), cut, body.reroute === true ? {} : body.reroute || {}))
      : undefined;
    reply.header('Vary', 'Accept');
    if (wantsGeoJSON(request)) return reply.type(GEOJSON_TYPE).send(cutToGeoJSON(record.topology, impact, body.polygon, reroute));
    return reply.type(JSON_TYPE).send(reroute ? { ...impact, reroute } : impact);
  });
};
