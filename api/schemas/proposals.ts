import { z } from 'zod';
import { ProposeBody } from '../../src/requests/propose.js';
import { FormatQuery, NetworkQuery } from './common.js';
import { documentOnly, named } from './registry.js';

/** The query string of `POST …/proposals`: the network options and the format; strict. */
export const ProposalsQuery = NetworkQuery.extend(FormatQuery.shape).strict();

export const ProposalsRequest = named('ProposalsRequest', ProposeBody, 'The target and the candidates of a minimum-cost augmentation (the options of `fibre-resilience propose`).');

const Rows = z.array(z.looseObject({}));

/** The `propose --json` document (documented by its main fields; sent as the engine returns it). */
export const Proposals = named('Proposals', documentOnly(z.looseObject({
  method: z.string().describe('MILP (HiGHS …), or greedy with LP lower bound beyond the exact limit'),
  optimal: z.boolean(),
  costEur: z.number(),
  lowerBoundEur: z.number().describe('no set meeting the target costs less'),
  gap: z.number().describe('(cost − lower bound) / cost; with a budget, on the subscribers'),
  target: z.looseObject({ kind: z.string() }),
  candidates: z.number(),
  links: Rows.describe('the proposed links, best € per subscriber first: ends, length, cost, source, NROs secured, € per subscriber, the links each needs'),
  securedNros: z.array(z.string()),
  subscribersSecured: z.number(),
  unsecurable: Rows.describe('sites the target asks for that no set of the candidates can bring to it, and why'),
  topologyLinks: z.looseObject({}).nullable().describe('the topology’s own list against the proposed set'),
  solver: z.looseObject({}),
  warnings: z.array(z.string()),
})), 'The cheapest set of new links meeting the target: the same JSON as `fibre-resilience propose --json`.');
