import { z } from 'zod';
import { failureModelOf } from '../availability/failure-model.js';
import { type WorkWorth, workWorth } from '../availability/work-worth.js';
import { type CandidateLinks, proposeCandidateLinks } from '../planning/candidate-links.js';
import { rankDesaturationWorks, type WorkRanking } from '../planning/desaturation-ranking.js';
import { type LinkRanking, rankRedundancyLinks } from '../planning/link-ranking.js';
import type { ScenarioOptions } from '../planning/link-scenario.js';
import { orderLinksByValue, type ValueOrdering } from '../planning/link-value-ordering.js';
import { type RateWarning, rateReconciliation, type ReconciliationWarning, totalsReconciliation } from '../planning/reconciliation.js';
import { NetworkRequest } from './bounds.js';
import type { NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

/** `rank`: how new links are proposed beyond the topology's list. */
export const RankRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  detourFactor: z.number().min(1).max(10).optional().describe('proposed links: route length = straight line × this (default 1.3)'),
  eurPerM: z.number().min(0).max(100_000).optional().describe('proposed links: cost per metre, € HT (default 25)'),
  perNro: z.number().int().min(1).max(20).optional().describe('proposed links: candidates per single-homed NRO (default 2)'),
  objective: z.enum(['subscribers', 'subscriber-hours']).default('subscribers')
    .describe('subscriber-hours: also rank every work by € per expected subscriber-hour of outage avoided a year (docs/availability.md)'),
});
export type RankRequest = z.input<typeof RankRequest>;

/** The `rank --json` document. */
export interface Rankings {
  links: LinkRanking;
  valueOrdering: ValueOrdering;
  desaturationWorks: WorkRanking;
  proposedLinks: CandidateLinks;
  warnings: { totals: ReconciliationWarning[]; rates: RateWarning[] };
  /** With the `subscriber-hours` objective: every work by € per subscriber-hour avoided, least first (as `availability`). */
  bySubscriberHours?: WorkWorth[];
}

/** The scenario of the network options: the `withLinks` links are taken as built. */
export const scenarioOf = ({ headends, includePlanned, withLinks }: z.output<typeof NetworkRequest>): ScenarioOptions =>
  ({ headends, includePlanned, baseLinks: withLinks });

/**
 * Redundancy links and desaturation works ranked by what they secure, new links proposed for
 * the NROs still single-homed, and the reconciliation warnings (docs/analysis.md).
 *
 * @example
 * rankRequest(workspace, { eurPerM: 30 }).links.links[0].securedNros;
 */
export function rankRequest(workspace: NetworkWorkspace, input: RankRequest): Rankings {
  const { network, detourFactor, eurPerM, perNro, objective } = parseRequest(RankRequest, input, 'rank');
  const topology = workspace.topology;
  const scenario = scenarioOf(network);
  return workspace.network(network).memo(JSON.stringify(['rankings', detourFactor, eurPerM, perNro, objective]), () => ({
    links: rankRedundancyLinks(topology, scenario),
    valueOrdering: orderLinksByValue(topology, scenario),
    desaturationWorks: rankDesaturationWorks(topology, scenario),
    proposedLinks: proposeCandidateLinks(topology, { ...scenario, detourFactor, eurPerM, perNro }),
    warnings: { totals: totalsReconciliation(topology), rates: rateReconciliation(topology) },
    ...(objective === 'subscriber-hours' && { bySubscriberHours: workWorth(topology, { network: { headends: network.headends, includePlanned: network.includePlanned, withLinks: network.withLinks }, model: failureModelOf(topology) }) }),
  }));
}
