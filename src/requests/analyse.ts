import { z } from 'zod';
import { type ResilienceReportStream, resilienceReportStream } from '../analysis/resilience-report.js';
import { NetworkRequest } from './bounds.js';
import type { NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

/** `analyse`: the resilience of every NRO and the single-cut tables of one network. */
export const AnalyseRequest = z.strictObject({ network: NetworkRequest.prefault({}) });
export type AnalyseRequest = z.input<typeof AnalyseRequest>;

/**
 * The `analyse --json` document (docs/cli.md), as a stream of records: a national network's
 * report is hundreds of MB, written as it is read.
 *
 * @example
 * const report = analyseRequest(new NetworkWorkspace(topology), { network: { withLinks: ['R-01'] } });
 * [...report.nros].filter((n) => n.status === 'single-homed');
 */
export function analyseRequest(workspace: NetworkWorkspace, input: AnalyseRequest): ResilienceReportStream {
  const request = parseRequest(AnalyseRequest, input, 'analyse');
  return resilienceReportStream(workspace.network(request.network).analysis());
}
