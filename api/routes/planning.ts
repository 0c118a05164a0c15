import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { proposeCandidateLinks } from '../../src/planning/candidate-links.js';
import { rankDesaturationWorks } from '../../src/planning/desaturation-ranking.js';
import { rankRedundancyLinks } from '../../src/planning/link-ranking.js';
import type { ScenarioOptions } from '../../src/planning/link-scenario.js';
import { orderLinksByValue } from '../../src/planning/link-value-ordering.js';
import { parseFunding } from '../../src/planning/plan/funding.js';
import { planInvestments } from '../../src/planning/plan/plan.js';
import { rateReconciliation, totalsReconciliation } from '../../src/planning/reconciliation.js';
import { type ApiContext, findNetwork } from '../context.js';
import { ApiError } from '../errors.js';
import { planToGeoJSON, rankingsToGeoJSON } from '../geojson/results.js';
import { GEOJSON_TYPE, JSON_TYPE, wantsGeoJSON } from '../http.js';
import { errors, FormatQuery, NetworkQuery, networkOptions, TopologyParams } from '../schemas/common.js';
import { FeatureCollection } from '../schemas/geojson.js';
import { Plan, PlanRequest, RankingQuery, Rankings } from '../schemas/planning.js';

/** The scenario of the network options, as the CLI's: the `withLink` links are taken as built. */
function scenario(query: NetworkQuery): ScenarioOptions {
  const { headends, includePlanned, withLinks } = networkOptions(query);
  return { headends, includePlanned, baseLinks: withLinks };
}

/** The planning engine's complaints about a request (a mandatory work over budget…) are a 400. */
function requestErrors<T>(run: () => T, field = 'body'): T {
  try {
    return run();
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/^(plan|plan-\w+|candidate-links|saturation-model|funding): /.test(message) || error instanceof RangeError) {
      throw new ApiError(400, 'invalid-request', message, [{ field, message }]);
    }
    throw error;
  }
}

/** `GET /rankings` and `POST /plans`: the CLI's rank and plan, as JSON or GeoJSON. */
export const planningRoutes: FastifyPluginAsyncZod<{ context: ApiContext }> = async (app, { context }) => {
  app.get('/v1/topologies/:id/rankings', {
    schema: {
      tags: ['planning'],
      summary: 'Redundancy links and desaturation works ranked by what they secure, new links proposed (rank --json)',
      params: TopologyParams,
      querystring: NetworkQuery.extend(RankingQuery.shape).extend(FormatQuery.shape),
      response: {
        200: { description: 'the rankings', content: { [JSON_TYPE]: { schema: Rankings }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 429),
      },
    },
  }, async (request, reply) => {
    const { detourFactor, eurPerM, perNro } = request.query;
    const loaded = await findNetwork(context, request.params.id, request.query); // checks the network options
    const { topology } = loaded.record;
    const key = JSON.stringify(['rankings', detourFactor, eurPerM, perNro]);
    const rankings = loaded.memo(key, () => {
      const options = scenario(request.query);
      return {
        links: rankRedundancyLinks(topology, options),
        valueOrdering: orderLinksByValue(topology, options),
        desaturationWorks: rankDesaturationWorks(topology, options),
        proposedLinks: requestErrors(() => proposeCandidateLinks(topology, { ...options, detourFactor, eurPerM, perNro }), 'query'),
        warnings: { totals: totalsReconciliation(topology), rates: rateReconciliation(topology) },
      };
    });
    reply.header('Vary', 'Accept');
    if (wantsGeoJSON(request)) return reply.type(GEOJSON_TYPE).send(rankingsToGeoJSON(topology, rankings));
    return reply.type(JSON_TYPE).send(rankings as unknown as z.output<typeof Rankings>);
  });

  app.post('/v1/topologies/:id/plans', {
    schema: {
      tags: ['planning'],
      summary: 'The works that secure the most subscribers and clear the most saturation under a budget, by year, with their funding (plan --json)',
      params: TopologyParams,
      querystring: NetworkQuery.extend(FormatQuery.shape),
      body: PlanRequest,
      response: {
        200: { description: 'the plan', content: { [JSON_TYPE]: { schema: Plan }, [GEOJSON_TYPE]: { schema: FeatureCollection } } },
        ...errors(400, 404, 413, 415, 429),
      },
    },
  }, async (request, reply) => {
    const loaded = await findNetwork(context, request.params.id, request.query);
    const { topology } = loaded.record;
    const body = request.body;
    const funding = typeof body.funding === 'string' ? requestErrors(() => parseFunding(body.funding as string), 'funding') : body.funding;
    const plan = loaded.memo(JSON.stringify(['plan', body]), () => requestErrors(() => planInvestments(topology, {
      ...scenario(request.query),
      budgetEur: body.budgetEur,
      years: body.years,
      yearlyCapEur: body.yearlyCapEur,
      yearlyBudgetsEur: body.yearlyBudgetsEur,
      funding,
      mandatory: body.mandatory ?? [],
      mandatoryRank: body.mandatoryPriority,
      saturationWeight: body.saturationWeight,
      exactLimit: body.exactLimit,
    })));
    reply.header('Vary', 'Accept');
    if (wantsGeoJSON(request)) return reply.type(GEOJSON_TYPE).send(planToGeoJSON(topology, plan));
    return reply.type(JSON_TYPE).send(plan as unknown as z.output<typeof Plan>);
  });
};
