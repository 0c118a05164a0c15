import { z } from 'zod';
import { ROUTE_DIVERSITIES, type RouteDiversity } from '../../src/routing/route-diversity.js';
import { FailureSweepBody } from '../../src/requests/failure-sweep.js';
import { FAILURE_KINDS } from '../../src/saturation/failure-sweep-list.js';
import type { FailureSweepRecords as EngineSweep } from '../../src/saturation/failure-sweep-records.js';
import { NetworkQuery } from './common.js';
import { named } from './registry.js';

/** The query string of `POST /v1/topologies/:id/sweeps`: the network. Strict: an unknown parameter is a 400 naming it. */
export const SweepQuery = NetworkQuery.strict();

export const SweepRequest = named('FailureSweepRequest', FailureSweepBody,
  'What a failure sweep fails one at a time (kinds, less the exclusions) and how many of the worst failures it keeps per section.');

const Kind = z.enum(FAILURE_KINDS);
const Failure = z.object({ kind: Kind, id: z.string() });
const State = z.enum(['ok', 'near', 'saturated', 'unknown']);
const LoadLevel = z.object({
  loadFibres: z.number().describe('usedFibres + routed fibres'),
  ratio: z.number().nullable().describe('load / capacity; null when the capacity is unknown'),
  state: State,
  note: z.string().optional(),
});
const StateCounts = z.object({ saturated: z.number(), near: z.number(), ok: z.number(), unknown: z.number() });
const Ids = z.array(z.string());

/** The `sweep --json` document (docs/sweeps.md): what the engine's `failureSweepRecords` returns. */
export const FailureSweepAnswer = named('FailureSweep', z.object({
  headends: Ids,
  fibresPerRoute: z.number(),
  nearRatio: z.number(),
  saturatedRatio: z.number(),
  diversity: z.enum(ROUTE_DIVERSITIES as [RouteDiversity, ...RouteDiversity[]]).describe('the diversity of the routes, which every re-route keeps'),
  worst: z.number().describe('failures kept per section'),
  kinds: z.array(Kind).describe('the kinds swept, in the fixed order'),
  failures: z.object({ section: z.number(), site: z.number(), riskGroup: z.number(), owner: z.number() }).describe('failures swept, by kind'),
  excluded: z.object({ sections: Ids, sites: Ids, riskGroups: Ids, owners: Ids }).describe('elements never failed, sorted'),
  summary: z.object({
    sections: StateCounts.describe('sections by the state of their worst load over every failure'),
    base: StateCounts.describe('sections by the state of their load with everything in service'),
    nrosCutOff: z.number(),
    nrosUnprotected: z.number(),
  }),
  sections: z.array(z.object({
    section: z.string(),
    owner: z.string(),
    capacityFibres: z.number().nullable(),
    base: LoadLevel,
    worst: z.array(z.object({ failure: Failure, load: LoadLevel }))
      .describe('the highest loads over the failures that raise it, highest first; on equal loads the first failure in the fixed order'),
  })).describe('every section, worst first by its worst load'),
  nros: z.array(z.object({
    nro: z.string(),
    name: z.string().optional(),
    subscribers: z.number(),
    cutOffBy: z.array(Failure).describe('failures after which it has no route left, in the fixed order'),
    unprotectedBy: z.array(Failure).describe('failures after which it keeps a route but has no backup, in the fixed order'),
  })).describe('the NROs some failure cuts off or leaves unprotected, the most failures cutting it off first'),
}), 'Every section’s worst loads over the failures of every element kind, with the failure causing each, and the NROs failures cut off or leave unprotected.');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const sweepSchemaMatchesEngine: Same<z.output<typeof FailureSweepAnswer>, EngineSweep> = true;
