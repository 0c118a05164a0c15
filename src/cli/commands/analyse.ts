import type { Impact, ResilienceReportStream } from '../../analysis/resilience-report.js';
import { type AnalysisPageRequest, analyseRequest, analysisJsonRequest, analysisPageRequest } from '../../requests/analyse.js';
import { networkRequest, top } from '../arguments.js';
import { type Command, fileArgument, NETWORK_OPTIONS } from '../command.js';
import { collectGarbage } from '../collect-garbage.js';
import { loadWorkspace } from '../load-workspace.js';
import { PAGE_OPTIONS, pageFields, strings, wantsPage } from '../page-options.js';
import { formatNumber as n, list, table } from '../table.js';

const LARGE = 100_000;
/** Rows of NROs the human report prints at least before it summarises the rest. */
const MAX_NRO_ROWS = 100;
const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export const analyseCommand: Command = {
  name: 'analyse',
  summary: 'single-homed NROs, critical sections and sites, shared risks, single-cut tables',
  usage: 'fibre-resilience analyse FILE [--headend ID]… [--include-planned] [--with-link ID]… [--json] [--timings] [--limit N --offset N --sort id|subscribers|status|name --status S… --nro ID… --summary]',
  options: { ...NETWORK_OPTIONS, ...PAGE_OPTIONS, timings: { type: 'boolean' }, top: { type: 'string' }, status: { type: 'string', multiple: true }, nro: { type: 'string', multiple: true } },
  flags: { limit: '--limit', offset: '--offset', sort: '--sort', status: '--status', nros: '--nro', summary: '--summary' },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const rows = top(values, 10);
    const request = { network: networkRequest(values) };
    const { workspace, timings } = await loadWorkspace(file, values);
    if (wantsPage(values, ['status', 'nro'])) {
      // One page of NROs and the summary: the same request as GET /analysis?limit=….
      const page = analysisPageRequest(workspace, {
        ...request, ...pageFields(values), status: strings(values.status) as AnalysisPageRequest['status'], nros: strings(values.nro),
      } as AnalysisPageRequest);
      io.out(values.json ? `${JSON.stringify(page)}\n` : `${table(['NRO', 'name', 'subscribers', 'status', 'critical sections'],
        page.nros.map((r) => [r.id, r.name ?? '', r.subscribers, r.status, list(r.criticalSections, 4)]))}${n(page.nros.length)} of ${n(page.total)} NROs from ${n(page.offset)}\n`);
      return 0;
    }
    let start = performance.now();
    const { net } = workspace.network(request.network);
    let compile = elapsed(start);
    const large = net.sectionCount >= LARGE;
    // Nothing past compiling reads the document: released, and collected before the analysis as part of compiling
    // (collected while still held, it cost 0.7-0.9 s at 1e6 sections and freed nothing).
    workspace.releaseDocument();
    if (large) compile += collectGarbage();
    if (large) io.err(`analysing ${n(net.siteCount)} sites and ${n(net.sectionCount)} sections…\n`);
    start = performance.now();
    workspace.network(request.network).analysis();
    const analyse = elapsed(start);
    if (large) io.err(`analysed in ${n(analyse)} ms, writing the report…\n`);
    let threads = 1;
    if (values.json) for (const chunk of analysisJsonRequest(workspace, request, { onThreads: (used) => (threads = used) })) io.out(chunk);
    else io.out(humanReport(analyseRequest(workspace, request), rows));
    if (values.timings) io.err(`${JSON.stringify({ ...timings, compile, analyse, output: elapsed(start) - analyse, ...(values.json && { outputThreads: threads }) })}\n`);
    return 0;
  },
};

function humanReport(report: ResilienceReportStream, top: number): string {
  const nros = [...report.nros];
  const count = (status: string) => nros.filter((r) => r.status === status);
  const atRisk = nros
    .filter((r) => r.status !== 'secured')
    .sort((a, b) => a.paths - b.paths || b.subscribers - a.subscribers);
  const subscribersAtRisk = atRisk.reduce((s, r) => s + r.subscribers, 0);
  const lines = [
    `Head-ends: ${report.headends.join(', ') || 'none'}`,
    `NROs: ${n(nros.length)} — ${n(count('secured').length)} secured, ${n(count('single-homed').length)} single-homed, ${n(count('isolated').length)} isolated (${n(subscribersAtRisk)} subscribers not secured)`,
    `Bridges: ${n(report.bridges.length)} sections; articulation sites: ${n(report.articulationSites.length)}`,
    '',
    nros.length === 0 ? 'No NRO to analyse (a head-end is not analysed as an NRO).' : atRisk.length ? 'NROs not secured (isolated first, then by subscribers):' : 'Every NRO is secured.',
  ];
  let text = `${lines.join('\n')}\n`;
  if (atRisk.length) {
    const shown = atRisk.slice(0, Math.max(top, MAX_NRO_ROWS));
    text += table(
      ['NRO', 'name', 'subscribers', 'status', 'critical sections', 'critical sites', 'exposed by'],
      shown.map((r) => [r.id, r.name ?? '', r.subscribers, r.status, list(r.criticalSections, 4), list(r.criticalSites, 3), list(r.exposedBy)]),
    );
    if (atRisk.length > shown.length) text += `… and ${n(atRisk.length - shown.length)} more NROs not secured (--top N shows more, --json lists them all)\n`;
  }
  const shared = nros.filter((r) => r.sharedRiskGroups.length > 0).sort((a, b) => b.subscribers - a.subscribers);
  if (shared.length) {
    const shown = shared.slice(0, Math.max(top, MAX_NRO_ROWS));
    text += '\nNROs cut by a shared risk (all sections of a group at once):\n';
    text += table(['NRO', 'subscribers', 'risk groups'], shown.map((r) => [r.id, r.subscribers, list(r.sharedRiskGroups)]));
    if (shared.length > shown.length) text += `… and ${n(shared.length - shown.length)} more\n`;
  }
  const owners = [...report.ownerImpact];
  if (owners.length) {
    text += '\nDependence on conduit owners (every conduit of one owner failing at once):\n';
    text += table(['owner', 'sections', 'length (m)', 'subscribers cut', 'sites cut off', 'NROs isolated'],
      owners.map((o) => [o.owner, o.sections, o.lengthM, o.subscribersCut, o.isolatedSites.length, list(o.isolatedNros)]));
  }
  const worstSections = worst(report.cutImpact, top);
  if (worstSections.length) {
    text += `\nWorst single section cuts (top ${worstSections.length}):\n`;
    text += table(['section', 'subscribers cut', 'sites cut off', 'NROs isolated'], worstSections.map((c) => [c.section, c.subscribersCut, c.isolatedSites.length, list(c.isolatedNros)]));
  }
  const worstSites = worst(report.siteImpact, top);
  if (worstSites.length) {
    text += `\nWorst single site failures (top ${worstSites.length}; a failed site counts its own subscribers):\n`;
    text += table(['site', 'subscribers cut', 'sites cut off', 'NROs isolated'], worstSites.map((c) => [c.site, c.subscribersCut, c.isolatedSites.length, list(c.isolatedNros)]));
  }
  return text;
}

/** The first `top` impacts that cut something, read lazily from a sorted table. */
function worst<T extends Impact>(impacts: Iterable<T>, top: number): T[] {
  const found: T[] = [];
  for (const impact of impacts) {
    if (found.length >= top) break;
    if (impact.subscribersCut > 0 || impact.isolatedSites.length > 0) found.push(impact);
  }
  return found;
}
