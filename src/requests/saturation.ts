import { z } from 'zod';
import { type RouteDiversity, routeDiversity } from '../routing/route-diversity.js';
import { type SaturationReport, saturationReport, type SaturationReportOptions } from '../saturation/saturation-report.js';
import { Ids, NetworkRequest, SaturationModelRequest } from './bounds.js';
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
  options: { fibresPerRoute?: number; nearRatio?: number; saturatedRatio?: number; diversity?: RouteDiversity; sweep?: boolean } = {},
  onProgress?: SaturationProgress,
): SaturationReport {
  const { diversity, ...model } = options;
  const level = routeDiversity(diversity);
  const key = JSON.stringify(['saturation', model.fibresPerRoute, model.nearRatio, model.saturatedRatio, level, model.sweep ?? false]);
  return loaded.memo(key, () =>
    saturationReport(loaded.net, loaded.topology.desaturationWorks ?? [], { ...model, routing: routingOf(loaded, level), onProgress }));
}

/** How a page of section loads is sorted: worst first (the report's order), by id, or by load. */
export const SECTION_SORTS = ['worst', 'id', 'load'] as const;
const STATES = ['saturated', 'near', 'ok', 'unknown'] as const;

/**
 * `saturation --limit/--offset/--sort/--state/--owner/--section/--summary`: one page of the
 * sections' loads, filtered and sorted, with the report's summary and the counts by owner,
 * instead of the whole report (every NRO's routes and every section's load).
 */
export const SaturationPageRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  ...SaturationModelRequest,
  limit: z.number().int().min(0).max(1_000).default(100).describe('sections on the page (0: the summary only)'),
  offset: z.number().int().min(0).max(100_000_000).default(0).describe('sections skipped before the page'),
  sort: z.enum(SECTION_SORTS).default('worst').describe('worst (highest ratio first, the report’s order); id; load (most fibres first)'),
  state: z.array(z.enum(STATES)).max(4).default([]).describe('only sections in these states'),
  owners: Ids(1_000).default([]).describe('only sections of these owners'),
  sections: Ids(1_000).default([]).describe('only these sections'),
  summary: z.boolean().default(true).describe('add the summary'),
});
export type SaturationPageRequest = z.input<typeof SaturationPageRequest>;

type SectionLoad = SaturationReport['sections'][number];

export interface SaturationPage {
  headends: string[];
  fibresPerRoute: number;
  nearRatio: number;
  saturatedRatio: number;
  total: number;
  offset: number;
  limit: number;
  sort: (typeof SECTION_SORTS)[number];
  sections: SectionLoad[];
  summary?: SaturationReport['summary'] & { owners: ({ owner: string; sections: number } & Record<(typeof STATES)[number], number>)[] };
}

const byId = (a: SectionLoad, b: SectionLoad) => (a.section < b.section ? -1 : a.section > b.section ? 1 : 0);

/**
 * @example
 * saturationPageRequest(workspace, { state: ['saturated'], limit: 20 }).sections[0].section;
 */
export function saturationPageRequest(workspace: NetworkWorkspace, input: SaturationPageRequest): SaturationPage {
  const { network, limit, offset, sort, state, owners, sections, summary, ...model } = parseRequest(SaturationPageRequest, input, 'saturation');
  const loaded = workspace.network(network);
  const report = saturationOf(loaded, { ...model, sweep: false });
  const ownerSet = new Set(owners);
  const sectionSet = new Set(sections);
  const matched = report.sections.filter((s) => (state.length === 0 || state.includes(s.state))
    && (ownerSet.size === 0 || ownerSet.has(s.owner)) && (sectionSet.size === 0 || sectionSet.has(s.section)));
  const sorted = sort === 'worst' ? matched : [...matched].sort(sort === 'id' ? byId : (a, b) => b.loadFibres - a.loadFibres || byId(a, b));
  return {
    headends: report.headends,
    fibresPerRoute: report.fibresPerRoute,
    nearRatio: report.nearRatio,
    saturatedRatio: report.saturatedRatio,
    total: matched.length,
    offset,
    limit,
    sort,
    sections: sorted.slice(offset, offset + limit),
    ...(summary && { summary: { ...report.summary, owners: loaded.memo(`saturation-owners:${JSON.stringify(model)}`, () => ownerCounts(report)) } }),
  };
}

function ownerCounts(report: SaturationReport) {
  const byOwner = new Map<string, { owner: string; sections: number } & Record<(typeof STATES)[number], number>>();
  for (const s of report.sections) {
    const row = byOwner.get(s.owner) ?? { owner: s.owner, sections: 0, saturated: 0, near: 0, ok: 0, unknown: 0 };
    byOwner.set(s.owner, row);
    row.sections++;
    row[s.state]++;
  }
  return [...byOwner.values()].sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0));
}
