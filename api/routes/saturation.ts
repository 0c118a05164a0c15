import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { collectionRoutes } from '../../src/routing/collection-routes.js';
import { saturationReport } from '../../src/saturation/saturation-report.js';
import { type ApiContext, findNetwork } from '../context.js';
import { ApiError } from '../errors.js';
import { saturationToGeoJSON } from '../geojson/results.js';
import { GEOJSON_TYPE, JSON_TYPE, wantsGeoJSON } from '../http.js';
import { errors, FormatQuery, NetworkQuery, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { SaturationQuery, SaturationReport } from '../schemas/saturation.js';
import type { LoadedNetwork } from '../store/network-cache.js';

/** The collection routing of a network, computed once per network version and options. */
export const routingOf = (loaded: LoadedNetwork) => loaded.memo('routing', () => collectionRoutes(loaded.net));

/** The saturation report of a network for some options, computed once. */
export function saturationOf(loaded: LoadedNetwork, options: { fibresPerRoute?: number; nearRatio?: number; saturatedRatio?: number; sweep?: boolean } = {}) {
  const key = JSON.stringify(['saturation', options.fibresPerRoute, options.nearRatio, options.saturatedRatio, options.sweep ?? false]);
  return loaded.memo(key, () => engineRange(() =>
    saturationReport(loaded.net, loaded.record.topology.desaturationWorks ?? [], { ...options, routing: routingOf(loaded) })));
}

/** The engine's RangeError on saturation options is bad input: a 400 naming the option. */
export function engineRange<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const field = /\b(fibresPerRoute|nearRatio|saturatedRatio)\b/.exec(error.message)?.[1] ?? 'query';
    const message = error.message.replace(/^\w+: /, '');
    throw new ApiError(400, 'invalid-request', message, [{ field, message }]);
  }
}

/** `GET /v1/topologies/:id/saturation`: routes, section loads, desaturation works, the N-1 sweep on request. */
export const saturationRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/saturation', {
    schema: {
      tags: ['analysis'],
      summary: 'Saturation: every NRO’s routes, every section’s load and state, the effect of each desaturation work',
      params: TopologyParams,
      querystring: NetworkQuery.extend(SaturationQuery.shape).extend(FormatQuery.shape),
      response: {
        200: { description: 'the saturation report', content: { [JSON_TYPE]: { schema: SaturationReport }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429),
      },
    },
  }, async (request, reply) => {
    const { fibresPerRoute, nearRatio, saturatedRatio, sweep } = request.query;
    const loaded = await findNetwork(context, request.params.id, request.query);
    const report = saturationOf(loaded, { fibresPerRoute, nearRatio, saturatedRatio, sweep });
    reply.header('Vary', 'Accept');
    if (wantsGeoJSON(request)) return reply.type(GEOJSON_TYPE).send(saturationToGeoJSON(loaded.record.topology, report));
    return reply.type(JSON_TYPE).send(report);
  });
};
