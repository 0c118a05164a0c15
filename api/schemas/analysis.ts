import { z } from 'zod';
import type { CutImpact as EngineCutImpact } from '../../src/analysis/cut-impact.js';
import type { ResilienceReport as EngineReport } from '../../src/analysis/resilience-report.js';
import { CutBody } from '../../src/requests/cut.js';
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
