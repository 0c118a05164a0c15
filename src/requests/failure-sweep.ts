import { z } from 'zod';
import { routeDiversity } from '../routing/route-diversity.js';
import { failureSweep, MAX_WORST_FAILURES } from '../saturation/failure-sweep.js';
import { FAILURE_KINDS } from '../saturation/failure-sweep-list.js';
import { type FailureSweepRecords, failureSweepRecords } from '../saturation/failure-sweep-records.js';
import { Ids, NetworkRequest, SaturationModelRequest } from './bounds.js';
import { routingOf } from './cut.js';
import type { NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

/**
 * What a failure sweep fails and keeps (the body of `POST …/sweeps`): the saturation model (its
 * `diversity` is the routing's, which re-routing keeps), the kinds, the exclusions, how many
 * worst failures per section.
 */
export const FailureSweepBody = z.strictObject({
  ...SaturationModelRequest,
  kinds: z.array(z.enum(FAILURE_KINDS)).min(1).max(FAILURE_KINDS.length).default([...FAILURE_KINDS])
    .describe('what fails, one element at a time: section, site, riskGroup, owner (default all four, swept in that order)'),
  exclude: z.strictObject({
    sections: Ids().default([]).describe('sections held as safe: never failed, alone or with their risk group or owner (a failed site still takes them down)'),
    sites: Ids().default([]).describe('sites never failed'),
    riskGroups: Ids().default([]).describe('risk groups never failed as a group'),
    owners: Ids(1_000).default([]).describe('owners never failed as a whole'),
  }).prefault({}).describe('elements never failed'),
  worst: z.number().int().min(1).max(MAX_WORST_FAILURES).default(3).describe(`worst failures kept per section, 1–${MAX_WORST_FAILURES} (default 3)`),
});

/** `sweep`: the network and the sweep's options. */
export const FailureSweepRequest = FailureSweepBody.extend({ network: NetworkRequest.prefault({}) });
export type FailureSweepRequest = z.input<typeof FailureSweepRequest>;

/** What a long sweep reports as it goes (the CLI prints it on stderr): failures done of the total. */
export type FailureSweepProgress = (done: number, total: number) => void;

/**
 * The `sweep --json` document (docs/sweeps.md): every section's worst loads over the failures
 * of every element kind asked for, with the failure causing each, and the NROs that failures
 * cut off or leave unprotected. Computed once per network and options.
 *
 * @example
 * failureSweepRequest(workspace, { kinds: ['site', 'owner'], exclude: { owners: ['divers'] } }).sections[0].worst[0].failure;
 * // { kind: 'site', id: 'POP-ABBEVILLE' }
 */
export function failureSweepRequest(workspace: NetworkWorkspace, input: FailureSweepRequest, onProgress?: FailureSweepProgress): FailureSweepRecords {
  const { network, kinds, exclude, worst, diversity, ...model } = parseRequest(FailureSweepRequest, input, 'sweep');
  const loaded = workspace.network(network);
  const level = routeDiversity(diversity);
  const key = JSON.stringify(['failure-sweep', level, model, kinds, exclude, worst]);
  return loaded.memo(key, () => failureSweepRecords(failureSweep(routingOf(loaded, level), { ...model, kinds, exclude, worst, onProgress })));
}
