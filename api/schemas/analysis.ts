import { z } from 'zod';
import type { CutImpact as EngineCutImpact } from '../../src/analysis/cut-impact.js';
import type { ResilienceReport as EngineReport } from '../../src/analysis/resilience-report.js';
import { type AnalysisPage as EngineAnalysisPage, AnalysisPageRequest, NRO_SORTS } from '../../src/requests/analyse.js';
import { MAX_ID_LENGTH } from '../../src/requests/bounds.js';
import { CutBody } from '../../src/requests/cut.js';
import { ANALYSIS_LAYERS } from '../geojson/results.js';
import { fromQuery, QueryBoolean } from './common.js';
import { RerouteReport } from './saturation.js';
import { named } from './registry.js';

const Ids = z.array(z.string());

export const NroResilience = z.object({
  id: z.string(),
  name: z.string().optional(),
  subscribers: z.number(),
  paths: z.union([z.literal(0), z.literal(1), z.literal(2)]).describe('section-disjoint paths to the head-ends, capped at 2'),
  status: z.enum(['isolated', 'single-homed', 'secured']),
  criticalSections: Ids.describe('sections whose removal alone disconnects the NRO'),
  criticalSites: Ids.describe('sites (not head-ends, not the NRO) whose failure alone disconnects it'),
  sharedRiskGroups: Ids.describe('risk groups whose failure alone disconnects it'),
  exposedBy: Ids.describe('owners of its critical sections'),
});

const Impact = {
  isolatedNros: Ids,
  subscribersCut: z.number(),
  isolatedSites: Ids,
};

/** The `analyse --json` document (docs/cli.md): what the engine's `resilienceReport` returns. */
export const ResilienceReport = named('ResilienceReport', z.object({
  headends: Ids,
  nros: z.array(NroResilience),
  bridges: Ids.describe('sections whose removal alone disconnects at least one connected site'),
  articulationSites: Ids.describe('sites, not head-ends, whose failure alone disconnects another connected site'),
  cutImpact: z.array(z.object({ section: z.string(), ...Impact })).describe('impact of cutting each section alone, worst first'),
  siteImpact: z.array(z.object({ site: z.string(), ...Impact })).describe('impact of losing each site alone, worst first'),
  ownerImpact: z.array(z.object({ owner: z.string(), sections: z.number(), lengthM: z.number(), ...Impact }))
    .describe('beyond the contract: impact of losing every conduit of one owner at once, worst first'),
}), 'The resilience of every analysed NRO and the single-cut tables: the same JSON as `fibre-resilience analyse --json`.');

export const CutRequest = named('CutRequest', CutBody, 'What fails together. At least one of sections, sites, riskGroups, owners, polygon.');

/** The `cut --json` document: what the engine's `cutImpact` returns. */
export const CutImpact = named('CutImpact', z.object({
  isolatedSites: Ids.describe('sites connected before the cut and not after (a failed site counts; head-ends never)'),
  isolatedNros: Ids,
  subscribersCut: z.number(),
  failedSections: Ids.describe('every section that failed, whatever named it'),
  failedSites: Ids,
}), 'Who loses service: the same JSON as `fibre-resilience cut --json`.');

/** The answer to a cut: the `cut --json` document, with `reroute` when the request asked for it. */
export const CutAnswer = named('CutAnswer', CutImpact.extend({ reroute: RerouteReport.optional() }),
  'Who loses service (the same JSON as `fibre-resilience cut --json`) and, with reroute, what saturates once the broken routes are re-routed.');

// The schemas describe exactly what the engine returns (a zod object drops unknown fields, so a
// field the engine adds must be added here too): these fail to compile if either drifts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const schemasMatchEngine: [
  Same<z.output<typeof ResilienceReport>, EngineReport>,
  Same<z.output<typeof CutImpact>, EngineCutImpact>,
] = [true, true];

/** One value or several (`?status=a&status=b`) as an array. */
export const repeatedQuery = <T extends z.ZodType>(item: T, max: number, description: string) =>
  z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(item).max(max).optional()).describe(description);

const StatusCounts = z.object({ isolated: z.number(), 'single-homed': z.number(), secured: z.number() });

/** The answer of `/analysis` with `limit`, `offset`, `sort`, `status`, `nro` or `summary`: `analyse --limit … --json`. */
export const AnalysisPage = named('AnalysisPage', z.object({
  headends: Ids,
  total: z.number().describe('NROs matching the filters'),
  offset: z.number(),
  limit: z.number(),
  sort: z.enum(NRO_SORTS),
  nros: z.array(NroResilience.extend({ lon: z.number(), lat: z.number() })),
  summary: z.object({
    nros: StatusCounts,
    subscribers: StatusCounts,
    sites: z.number(),
    siteKinds: z.object({ headend: z.number(), pop: z.number(), nro: z.number(), junction: z.number() }),
    sections: z.number(),
    bridges: z.number(),
    articulationSites: z.number(),
    owners: z.array(z.object({ owner: z.string(), sections: z.number(), lengthM: z.number(), subscribersCut: z.number(), isolatedNros: z.number() })),
    riskGroups: Ids,
    candidates: z.object({ redundancyLinks: z.number(), desaturationWorks: z.number(), costEur: z.number() }),
  }).optional(),
}), 'One page of the analysed NROs, sorted and filtered, and a summary of the analysis (counts by status, owners, risk groups, candidate works).');

/** The paging parameters of `/analysis` (absent: the whole report, as before). */
/** `layer` of the analysis's GeoJSON: one geometry type per layer. */
export const AnalysisLayerQuery = z.enum(ANALYSIS_LAYERS).optional().describe(
  'with GeoJSON, one layer of one geometry type: sites (Point; every analysed site, NRO status, what losing it cuts) or sections (LineString; every analysed section, bridge or not, what cutting it cuts); default sites',
);

export const AnalysisPageQuery = z.object({
  limit: fromQuery(AnalysisPageRequest.shape.limit.unwrap().optional()).describe('NROs on the page, 0–1000 (with any paging parameter: default 100)'),
  offset: fromQuery(AnalysisPageRequest.shape.offset.unwrap().optional()).describe('NROs skipped before the page'),
  sort: AnalysisPageRequest.shape.sort.unwrap().optional().describe('id, subscribers, status or name'),
  status: repeatedQuery(z.enum(['isolated', 'single-homed', 'secured']), 3, 'only NROs of this status, repeatable'),
  nro: repeatedQuery(z.string().min(1).max(MAX_ID_LENGTH), 1_000, 'only this NRO, repeatable'),
  summary: QueryBoolean.describe('add the summary (default true with paging); summary alone gives a page of 100 NROs and the summary'),
});

export type AnalysisPageShape = z.output<typeof AnalysisPage>;
export const pageSchemaMatchesEngine: Same<AnalysisPageShape, EngineAnalysisPage> = true;
