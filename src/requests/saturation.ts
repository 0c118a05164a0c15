import { z } from 'zod';
import { type SaturationReport, saturationReport, type SaturationReportOptions } from '../saturation/saturation-report.js';
import { NetworkRequest, SaturationModelRequest } from './bounds.js';
import { routingOf } from './cut.js';
import type { LoadedNetwork, NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

/** `saturation`: the saturation model's options and whether to run the N-1 sweep. */
export const SaturationRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  ...SaturationModelRequest,
  sweep: z.boolean().default(false).describe('also run the N-1 sweep: every section’s worst load over every single-section cut'),
});
export type SaturationRequest = z.input<typeof SaturationRequest>;

/** What a long run reports as it goes (the CLI prints it on stderr). */
export type SaturationProgress = SaturationReportOptions['onProgress'];

/**
 * The `saturation --json` document (docs/analysis.md): every NRO's routes, every section's
 * load and state, the effect of each desaturation work, and the N-1 sweep on request.
 *
 * @example
 * saturationRequest(workspace, { fibresPerRoute: 4 }).summary.sections.saturated;
 */
export function saturationRequest(workspace: NetworkWorkspace, input: SaturationRequest, onProgress?: SaturationProgress): SaturationReport {
  const { network, sweep, ...model } = parseRequest(SaturationRequest, input, 'saturation');
  return saturationOf(workspace.network(network), { ...model, sweep }, onProgress);
}

/** The saturation report of a network for some options, computed once per network. */
export function saturationOf(
  loaded: LoadedNetwork,
  options: { fibresPerRoute?: number; nearRatio?: number; saturatedRatio?: number; sweep?: boolean } = {},
  onProgress?: SaturationProgress,
): SaturationReport {
  const key = JSON.stringify(['saturation', options.fibresPerRoute, options.nearRatio, options.saturatedRatio, options.sweep ?? false]);
  return loaded.memo(key, () =>
    saturationReport(loaded.net, loaded.topology.desaturationWorks ?? [], { ...options, routing: routingOf(loaded), onProgress }));
}
