import { z } from 'zod';
import { type NroResilience, type ResilienceReport, type ResilienceReportStream, resilienceReportStream } from '../analysis/resilience-report.js';
import { type ReportJsonOptions, reportJsonBytes } from '../io/report-json.js';
import { Ids, NetworkRequest } from './bounds.js';
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

/**
 * The same document as JSON, UTF-8 bytes in chunks of about 1 MiB: what `analyse --json` prints
 * and `GET /v1/topologies/{id}/analysis` sends, byte for byte `jsonChunks(analyseRequest(…))`,
 * written several times faster.
 *
 * @example
 * for (const chunk of analysisJsonRequest(workspace, {})) process.stdout.write(chunk);
 */
export function analysisJsonRequest(workspace: NetworkWorkspace, input: AnalyseRequest, options: ReportJsonOptions = {}): Iterable<Uint8Array> {
  const request = parseRequest(AnalyseRequest, input, 'analyse');
  return reportJsonBytes(workspace.network(request.network).analysis(), options);
}

/** How a page of NROs is sorted: by id, most subscribers first, worst status first, or by name. */
export const NRO_SORTS = ['id', 'subscribers', 'status', 'name'] as const;
const NRO_STATUSES = ['isolated', 'single-homed', 'secured'] as const;

/**
 * `analyse --limit/--offset/--sort/--status/--nro/--summary`: one page of the NROs of the
 * analysis, sorted and filtered, with a summary small enough for a panel (counts by status, the
 * owners and risk groups, the candidate works' cost) instead of the whole report.
 */
export const AnalysisPageRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  limit: z.number().int().min(0).max(1_000).default(100).describe('NROs on the page (0: the summary only)'),
  offset: z.number().int().min(0).max(10_000_000).default(0).describe('NROs skipped before the page'),
  sort: z.enum(NRO_SORTS).default('id').describe('id; subscribers (most first); status (isolated, single-homed, secured, then subscribers); name'),
  status: z.array(z.enum(NRO_STATUSES)).max(3).default([]).describe('only NROs of these statuses'),
  nros: Ids(1_000).default([]).describe('only these NROs'),
  summary: z.boolean().default(true).describe('add the summary'),
});
export type AnalysisPageRequest = z.input<typeof AnalysisPageRequest>;

type Counts = Record<(typeof NRO_STATUSES)[number], number>;

/** A page of NROs, each with its position, and the summary of the analysis. */
export interface AnalysisPage {
  headends: string[];
  total: number;
  offset: number;
  limit: number;
  sort: (typeof NRO_SORTS)[number];
  nros: (NroResilience & { lon: number; lat: number })[];
  summary?: AnalysisSummary;
}

export interface AnalysisSummary {
  nros: Counts;
  subscribers: Counts;
  sites: number;
  siteKinds: Record<'headend' | 'pop' | 'nro' | 'junction', number>;
  sections: number;
  bridges: number;
  articulationSites: number;
  owners: { owner: string; sections: number; lengthM: number; subscribersCut: number; isolatedNros: number }[];
  riskGroups: string[];
  candidates: { redundancyLinks: number; desaturationWorks: number; costEur: number };
}

const STATUS_RANK: Record<string, number> = { isolated: 0, 'single-homed': 1, secured: 2 };
const byId = (a: NroResilience, b: NroResilience) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const SORT: Record<(typeof NRO_SORTS)[number], (a: NroResilience, b: NroResilience) => number> = {
  id: byId,
  subscribers: (a, b) => b.subscribers - a.subscribers || byId(a, b),
  status: (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || b.subscribers - a.subscribers || byId(a, b),
  name: (a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'fr') || byId(a, b),
};

/**
 * @example
 * analysisPageRequest(workspace, { sort: 'subscribers', status: ['single-homed'], limit: 20 }).nros[0].id;
 */
export function analysisPageRequest(workspace: NetworkWorkspace, input: AnalysisPageRequest): AnalysisPage {
  const { network, limit, offset, sort, status, nros: only, summary } = parseRequest(AnalysisPageRequest, input, 'analyse');
  const loaded = workspace.network(network);
  const report = loaded.report();
  const wanted = new Set(only);
  const matched = report.nros.filter((n) => (status.length === 0 || status.includes(n.status)) && (wanted.size === 0 || wanted.has(n.id)));
  const sorted = sort === 'id' ? matched : [...matched].sort(SORT[sort]);
  const sites = new Map(workspace.topology.sites.map((s) => [s.id, s]));
  const page = sorted.slice(offset, offset + limit).map((n) => ({ ...n, lon: sites.get(n.id)?.lon ?? 0, lat: sites.get(n.id)?.lat ?? 0 }));
  return {
    headends: report.headends,
    total: matched.length,
    offset,
    limit,
    sort,
    nros: page,
    ...(summary && { summary: loaded.memo('analysis-summary', () => summariseAnalysis(workspace, report)) }),
  };
}

function summariseAnalysis(workspace: NetworkWorkspace, report: ResilienceReport): AnalysisSummary {
  const nros: Counts = { isolated: 0, 'single-homed': 0, secured: 0 };
  const subscribers: Counts = { isolated: 0, 'single-homed': 0, secured: 0 };
  for (const n of report.nros) {
    nros[n.status]++;
    subscribers[n.status] += n.subscribers;
  }
  const { topology } = workspace;
  const groups = new Set<string>();
  for (const s of topology.sections) for (const g of s.riskGroups ?? []) groups.add(g);
  const links = topology.redundancyLinks ?? [];
  const works = topology.desaturationWorks ?? [];
  return {
    nros,
    subscribers,
    sites: topology.sites.length,
    siteKinds: kinds(topology.sites),
    sections: topology.sections.length,
    bridges: report.bridges.length,
    articulationSites: report.articulationSites.length,
    owners: report.ownerImpact
      .map((o) => ({ owner: o.owner, sections: o.sections, lengthM: o.lengthM, subscribersCut: o.subscribersCut, isolatedNros: o.isolatedNros.length }))
      .sort((a, b) => (a.owner < b.owner ? -1 : a.owner > b.owner ? 1 : 0)),
    riskGroups: [...groups].sort(),
    candidates: {
      redundancyLinks: links.length,
      desaturationWorks: works.length,
      costEur: [...links, ...works].reduce((t, w) => t + (w.costEur ?? 0), 0),
    },
  };
}

function kinds(sites: readonly { kind: string }[]): AnalysisSummary['siteKinds'] {
  const counts = { headend: 0, pop: 0, nro: 0, junction: 0 };
  for (const s of sites) if (s.kind in counts) counts[s.kind as keyof typeof counts]++;
  return counts;
}
