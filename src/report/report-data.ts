import { materialisedReport, type ResilienceReport } from '../analysis/resilience-report.js';
import type { Topology } from '../model/schema.js';
import type { Plan } from '../planning/plan/plan.js';
import { analyseRequest } from '../requests/analyse.js';
import { type AvailabilityAnswer, availabilityRequest } from '../requests/availability.js';
import type { NetworkRequest } from '../requests/bounds.js';
import { type CutAnswer, cutRequest } from '../requests/cut.js';
import type { NetworkWorkspace } from '../requests/network-workspace.js';
import { type PlanRequest, planRequest } from '../requests/plan.js';
import { type Rankings, rankRequest } from '../requests/rank.js';
import type { SaturationReport } from '../saturation/saturation-report.js';
import { saturationRequest } from '../requests/saturation.js';
import { type ValidationAnswer, validationAnswer } from '../requests/validate.js';

/** What a report asks: the network and the plan's budget, years and funding (already checked by `ReportRequest`). */
export interface ReportDataRequest {
  network: NetworkRequest;
  plan: Omit<PlanRequest, 'network'>;
}

/**
 * The answers a report is made of, each the very answer of one request function, as the CLI's
 * `--json` prints it: `validate`, `analyse`, `saturation`, `rank`, `plan`, `availability`, and
 * `cut --owner NAME --reroute` for every conduit owner (in `cuts.owners`, each with its `owner`).
 */
export interface ReportSources {
  validate: ValidationAnswer;
  analysis: ResilienceReport;
  saturation: SaturationReport;
  rank: Rankings;
  plan: Plan;
  availability: AvailabilityAnswer;
  cuts: { owners: Array<{ owner: string } & CutAnswer> };
}

/** A report's material: the answers, the topology they are about (names, coordinates, provenance) and what was asked. */
export interface ReportData {
  request: ReportDataRequest;
  topology: Topology;
  sources: ReportSources;
}

/**
 * Gathers every answer a report shows, from the request functions the CLI and the API call —
 * no figure is computed here. The plan's request is given as `plan --json` would take it.
 *
 * @example
 * const data = await reportData(workspace, { network: { headends: [], includePlanned: false, withLinks: [] }, plan: { budgetEur: 3_884_950, years: 3 } });
 * data.sources.plan.years.length; // 3
 */
export async function reportData(workspace: NetworkWorkspace, request: ReportDataRequest): Promise<ReportData> {
  const { network } = request;
  const analysis = materialisedReport(analyseRequest(workspace, { network }));
  const plan = await planRequest(workspace, { ...request.plan, network });
  const owners = analysis.ownerImpact.map(({ owner }) => ({ owner, ...cutRequest(workspace, { network, owners: [owner], reroute: true }) }));
  return {
    request,
    topology: workspace.topology,
    sources: {
      validate: validationAnswer(workspace.topology),
      analysis,
      saturation: saturationRequest(workspace, { network }),
      rank: rankRequest(workspace, { network }),
      plan,
      availability: availabilityRequest(workspace, { network }),
      cuts: { owners },
    },
  };
}
