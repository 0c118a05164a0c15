/**
 * fibre-resilience as a library (docs/library.md): read and validate a topology, ask the
 * questions the CLI and the API ask (one request function each, the same JSON answers), and
 * take the analysed network and its analysis as a graphology graph.
 *
 * @example
 * import { NetworkWorkspace, readTopologyFile, resilienceGraph, routeRequest } from 'fibre-resilience';
 * const workspace = new NetworkWorkspace(await readTopologyFile('topology/somme.json'));
 * resilienceGraph(workspace).getNodeAttribute('NRO-CAY', 'status');
 * routeRequest(workspace, { from: 'NRO-CAY', to: 'HE-AMIENS' }).lengthM;
 */

// Reading and validating topologies.
export { type ReadTopologyOptions, readTopologyFile, topologyFromJSON } from './io/read-topology.js';
export { type Problem, type ValidateOptions, type ValidationResult, validateTopology } from './model/validate.js';
export type { DesaturationWork, RedundancyLink, Section, Site, SiteKind, Status, Topology } from './model/schema.js';

// The workspace every request works on, and the requests.
export { type LoadedNetwork, NetworkWorkspace, type WorkspaceOptions } from './requests/network-workspace.js';
export type { NetworkRequest, NetworkRequestInput } from './requests/bounds.js';
export { AnalyseRequest, analyseRequest, analysisJsonRequest } from './requests/analyse.js';
export type { ReportJsonOptions } from './io/report-json.js';
export { type CutAnswer, CutRequest, cutRequest } from './requests/cut.js';
export { SaturationRequest, saturationRequest } from './requests/saturation.js';
export { FailureSweepRequest, failureSweepRequest } from './requests/failure-sweep.js';
export { type AvailabilityAnswer, AvailabilityRequest, availabilityRequest } from './requests/availability.js';
export { RankRequest, type Rankings, rankRequest } from './requests/rank.js';
export { PlanRequest, planRequest } from './requests/plan.js';
export { ProposeRequest, proposeRequest } from './requests/propose.js';
export { ReportRequest, reportRequest } from './requests/report.js';
export { type Delivery, ImportRequest, importRequest } from './requests/import.js';
export { type TopologyCounts, type ValidationAnswer, validateRequest } from './requests/validate.js';
export { type RouteAnswer, RouteRequest, routeRequest, type RouteWeight } from './requests/route.js';

// The answers' types.
export type { NroResilience, NroStatus, ResilienceReport, ResilienceReportStream } from './analysis/resilience-report.js';

// The network as a graphology graph.
export {
  type AnalysedNetworkGraph,
  type NetworkSectionAttributes,
  type NetworkSiteAttributes,
  type ResilienceGraph,
  resilienceGraph,
  type ResilienceSectionAttributes,
  type ResilienceSiteAttributes,
} from './graph/resilience-graph.js';

// The failure model and what it gives (docs/availability.md, docs/double-failures.md).
export { DEFAULTS as FAILURE_MODEL_DEFAULTS, failureModelOf, failureRates } from './availability/failure-model.js';
export { nroAvailability } from './availability/nro-availability.js';
export { type DoubleFailureOptions, doubleFailures, type NroDoubleFailures } from './availability/double-failures.js';
export { workWorth } from './availability/work-worth.js';

// Planning and its solver (docs/analysis.md "Planning", docs/proposals.md).
export { type LinearProblem, loadMilpSolver, type MilpResult, type MilpSolver } from './planning/milp/milp-solver.js';
export { type Augmentation, type AugmentationTarget, minCostAugmentation } from './planning/augmentation/min-cost-augmentation.js';
export { type AugmentationCandidate, geometricCandidates } from './planning/augmentation/geometric-candidates.js';

// The typed errors.
export { DatabaseError, InvalidOptionError, TopologyError, UnknownReferenceError } from './model/errors.js';
export { RequestError, type RequestIssue } from './requests/request-error.js';
