import { z } from 'zod';
import type { RerouteReport as EngineReroute } from '../../src/saturation/reroute-after-cut.js';
import type { SaturationReport as EngineSaturation } from '../../src/saturation/saturation-report.js';
import { MAX_ID_LENGTH, SaturationModelRequest } from '../../src/requests/bounds.js';
import { SECTION_SORTS, type SaturationPage as EngineSaturationPage, SaturationPageRequest } from '../../src/requests/saturation.js';
import { fromQuery, QueryBoolean } from './common.js';
import { named } from './registry.js';

const State = z.enum(['ok', 'near', 'saturated', 'unknown']);
const LoadLevel = z.object({
  loadFibres: z.number().describe('usedFibres + routed fibres'),
  ratio: z.number().nullable().describe('load / capacity; null when the capacity is unknown'),
  state: State,
  note: z.string().optional().describe('how the state was obtained when it is not a plain count'),
});
const Route = z.object({ headend: z.string(), lengthM: z.number(), sections: z.array(z.string()).describe('in path order, NRO to head-end') });
const Counts = <K extends string>(keys: readonly [K, ...K[]]) => z.object(Object.fromEntries(keys.map((k) => [k, z.number()])) as Record<K, z.ZodNumber>);
const StateCounts = Counts(['saturated', 'near', 'ok', 'unknown'] as const);

/** The saturation model's options as query parameters, with the request's own bounds. */
export const SaturationQuery = z.object({
  fibresPerRoute: fromQuery(SaturationModelRequest.fibresPerRoute).describe(SaturationModelRequest.fibresPerRoute.description ?? ''),
  nearRatio: fromQuery(SaturationModelRequest.nearRatio).describe(SaturationModelRequest.nearRatio.description ?? ''),
  saturatedRatio: fromQuery(SaturationModelRequest.saturatedRatio).describe(SaturationModelRequest.saturatedRatio.description ?? ''),
  diversity: SaturationModelRequest.diversity.describe(SaturationModelRequest.diversity.description ?? ''),
  sweep: QueryBoolean.describe('also run the N-1 sweep: every section’s worst load over every single-section cut'),
});

export const SectionLoad = z.object({
  section: z.string(),
  owner: z.string(),
  capacityFibres: z.number().nullable(),
  usedFibres: z.number(),
  routedFibres: z.number(),
  routes: z.number().describe('primary and backup routes on the section'),
  nros: z.array(z.string()).describe('the NROs whose routes use it'),
  ...LoadLevel.shape,
});

const Relieved = z.object({
  section: z.string(),
  analysed: z.boolean(),
  capacityBefore: z.number().nullable(),
  capacityAfter: z.number().nullable(),
  before: LoadLevel.nullable(),
  after: LoadLevel.nullable(),
  worstBefore: LoadLevel.nullable().optional(),
  worstAfter: LoadLevel.nullable().optional(),
});

/** The saturation report of docs/analysis.md: what the engine's `saturationReport` returns. */
export const SaturationReport = named('SaturationReport', z.object({
  headends: z.array(z.string()),
  fibresPerRoute: z.number(),
  nearRatio: z.number(),
  saturatedRatio: z.number(),
  summary: z.object({
    nros: Counts(['protected', 'unprotected', 'unroutable', 'at-headend'] as const),
    sections: StateCounts,
    sweep: StateCounts.optional(),
  }),
  routes: z.array(z.object({
    nro: z.string(),
    name: z.string().optional(),
    subscribers: z.number(),
    status: z.enum(['protected', 'unprotected', 'unroutable', 'at-headend']),
    shortestPathM: z.number().nullable(),
    primary: Route.nullable(),
    backup: Route.nullable(),
    diversity: z.enum(['section', 'site', 'risk-group', 'owner']).optional().describe('protected NROs: the level the pair reaches (what it does not share)'),
    shares: z.object({ sites: z.array(z.string()), riskGroups: z.array(z.string()), owners: z.array(z.string()) }).optional()
      .describe('protected NROs: what the two routes have in common besides the NRO and the head-ends'),
    exact: z.boolean().optional().describe('protected NROs: whether the pair is proven the shortest at the asked level'),
  })).describe('every NRO’s primary route and disjoint backup to the nearest head-end, at the asked diversity'),
  sections: z.array(SectionLoad).describe('every section’s load, worst first'),
  desaturationWorks: z.array(z.object({
    id: z.string(), urgency: z.number(), label: z.string(), owner: z.string(), lengthM: z.number(), costEur: z.number(),
    eurPerM: z.number(), addedCapacityFibres: z.number().nullable(), sections: z.array(Relieved),
  })).describe('the effect of each desaturation work on the sections it relieves'),
  sweep: z.array(z.object({
    section: z.string(), owner: z.string(), capacityFibres: z.number().nullable(), base: LoadLevel, worst: LoadLevel, worstCut: z.string().nullable(),
  })).optional(),
}), 'Collection routes, section loads and states, the effect of the desaturation works, and on request the N-1 sweep (docs/analysis.md).');

/** What saturates after a cut once its routes are re-routed: the engine's `rerouteAfterCut`. */
export const RerouteReport = named('RerouteReport', z.object({
  fibresPerRoute: z.number(),
  nearRatio: z.number(),
  saturatedRatio: z.number(),
  routesLost: z.array(Route.extend({ nro: z.string(), role: z.enum(['primary', 'backup']) })),
  rerouted: z.array(Route.extend({
    nro: z.string(), role: z.enum(['primary', 'backup']), previousLengthM: z.number().nullable(), addedLengthM: z.number().nullable(),
  })),
  unprotected: z.array(z.string()),
  unroutable: z.array(z.object({ nro: z.string(), subscribers: z.number() })),
  sections: z.array(z.object({ section: z.string(), owner: z.string(), capacityFibres: z.number().nullable(), before: LoadLevel, after: LoadLevel })),
  loadedFurther: z.array(z.object({ section: z.string(), owner: z.string(), capacityFibres: z.number().nullable(), before: LoadLevel, after: LoadLevel })),
  unknownCapacity: z.array(z.object({ section: z.string(), owner: z.string(), loadBefore: z.number(), loadAfter: z.number() })),
}), 'After a cut: the routes lost, their replacements, the NROs left unprotected or unroutable, the sections that saturate.');

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const saturationSchemasMatchEngine: [Same<z.output<typeof SaturationReport>, EngineSaturation>, Same<z.output<typeof RerouteReport>, EngineReroute>] = [true, true];

/** The answer of `/saturation` with `limit`, `offset`, `sort`, `state`, `owner`, `section` or `summary`: `saturation --limit … --json`. */
export const SaturationPage = named('SaturationPage', z.object({
  headends: z.array(z.string()),
  fibresPerRoute: z.number(),
  nearRatio: z.number(),
  saturatedRatio: z.number(),
  total: z.number().describe('sections matching the filters'),
  offset: z.number(),
  limit: z.number(),
  sort: z.enum(SECTION_SORTS),
  sections: z.array(SectionLoad),
  summary: z.object({
    nros: Counts(['protected', 'unprotected', 'unroutable', 'at-headend'] as const),
    sections: StateCounts,
    sweep: StateCounts.optional(),
    owners: z.array(z.object({ owner: z.string(), sections: z.number(), saturated: z.number(), near: z.number(), ok: z.number(), unknown: z.number() })),
  }).optional(),
}), 'One page of the section loads, filtered and sorted, with the summary and the counts by owner.');

const listQuery = <T extends z.ZodType>(item: T, max: number, description: string) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(max).optional()).describe(description);

/** The paging parameters of `/saturation` (absent: the whole report, as before). */
export const SaturationPageQuery = z.object({
  limit: fromQuery(SaturationPageRequest.shape.limit.unwrap().optional()).describe('sections on the page, 0–1000 (with any paging parameter: default 100)'),
  offset: fromQuery(SaturationPageRequest.shape.offset.unwrap().optional()).describe('sections skipped before the page'),
  sort: SaturationPageRequest.shape.sort.unwrap().optional().describe('worst (default), id or load'),
  state: listQuery(State, 4, 'only sections in this state, repeatable'),
  owner: listQuery(z.string().min(1).max(MAX_ID_LENGTH), 1_000, 'only sections of this owner, repeatable'),
  section: listQuery(z.string().min(1).max(MAX_ID_LENGTH), 1_000, 'only this section, repeatable'),
  summary: QueryBoolean.describe('add the summary (default true with paging)'),
});

export const saturationPageMatchesEngine: Same<z.output<typeof SaturationPage>, EngineSaturationPage> = true;
