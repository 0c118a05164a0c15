import { z } from 'zod';
import { ROUTE_DIVERSITIES, type RouteDiversity } from '../routing/route-diversity.js';

/** Longest id a request may name (sites, sections, links, works, owners, risk groups). */
export const MAX_ID_LENGTH = 200;
/** Most ids one list of a request may hold. */
export const MAX_IDS = 10_000;

/** An id named by a request. */
export const Id = z.string().min(1).max(MAX_ID_LENGTH);

/** A list of ids, bounded. */
export const Ids = (max = MAX_IDS) => z.array(Id).max(max);

/**
 * What part of the topology is analysed (docs/analysis.md): the head-ends to use instead of
 * the sites of kind `headend`, whether planned elements count, the candidate links taken as built.
 */
export const NetworkRequest = z.strictObject({
  headends: Ids(1_000).default([]).describe('head-end site ids; default: the analysed sites of kind headend'),
  includePlanned: z.boolean().default(false).describe('also analyse planned sites and sections'),
  withLinks: Ids(1_000).default([]).describe('candidate redundancy links added as sections'),
});
export type NetworkRequest = z.output<typeof NetworkRequest>;
export type NetworkRequestInput = z.input<typeof NetworkRequest>;

/** The saturation model's options, bounded: fibres per route, near and saturated ratios, route diversity. */
export const SaturationModelRequest = {
  diversity: z.enum(ROUTE_DIVERSITIES as [RouteDiversity, ...RouteDiversity[]]).optional()
    .describe('how diverse each NRO’s two routes must be: section, site (default: a backup through the same site fails with it), risk-group or owner'),
  fibresPerRoute: z.number().int().min(0).max(10_000).optional().describe('fibres each route takes on every section it uses (default 2)'),
  nearRatio: z.number().positive().max(100).optional().describe('load / capacity from which a section is near saturation (default 0.8)'),
  saturatedRatio: z.number().positive().max(100).optional().describe('load / capacity from which a section is saturated (default 1)'),
};
