import { resilienceReport, type ResilienceReport } from '../../analysis/resilience-report.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS } from '../command.js';
import { loadNetwork } from '../load-network.js';
import { formatNumber as n, list, table } from '../table.js';

const LARGE = 100_000;

export const analyseCommand: Command = {
  name: 'analyse',
  summary: 'single-homed NROs, critical sections and sites, shared risks, single-cut tables',
  usage: 'fibre-resilience analyse FILE [--headend ID]… [--include-planned] [--with-link ID]… [--json] [--timings]',
  options: { ...NETWORK_OPTIONS, timings: { type: 'boolean' }, top: { type: 'string' } },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const { net, timings } = await loadNetwork(file, values);
    const large = net.sectionCount >= LARGE;
    if (large) io.err(`analysing ${n(net.siteCount)} sites and ${n(net.sectionCount)} sections…\n`);
    const start = performance.now();
    const report = resilienceReport(net);
    const analyse = Math.round((performance.now() - start) * 10) / 10;
    if (large) io.err(`analysed in ${n(analyse)} ms\n`);
    if (values.timings) io.err(`${JSON.stringify({ ...timings, analyse })}\n`);
    io.out(values.json ? json(report) : humanReport(report, Number(values.top ?? 10)));
    return 0;
  },
};

function humanReport(report: ResilienceReport, top: number): string {
  const count = (status: string) => report.nros.filter((r) => r.status === status);
  const atRisk = report.nros
    .filter((r) => r.status !== 'secured')
    .sort((a, b) => a.paths - b.paths || b.subscribers - a.subscribers);
  const subscribersAtRisk = atRisk.reduce((s, r) => s + r.subscribers, 0);
  const lines = [
    `Head-ends: ${report.headends.join(', ') || 'none'}`,
    `NROs: ${report.nros.length} — ${count('secured').length} secured, ${count('single-homed').length} single-homed, ${count('isolated').length} isolated (${n(subscribersAtRisk)} subscribers not secured)`,
    `Bridges: ${report.bridges.length} sections; articulation sites: ${report.articulationSites.length}`,
    '',
    atRisk.length ? 'NROs not secured (isolated first, then by subscribers):' : 'Every NRO is secured.',
  ];
  let text = `${lines.join('\n')}\n`;
  if (atRisk.length) {
    text += table(
      ['NRO', 'name', 'subscribers', 'status', 'critical sections', 'critical sites', 'exposed by'],
      atRisk.map((r) => [r.id, r.name ?? '', r.subscribers, r.status, list(r.criticalSections, 4), list(r.criticalSites, 3), list(r.exposedBy)]),
    );
  }
  const shared = report.nros.filter((r) => r.sharedRiskGroups.length > 0);
  if (shared.length) {
    text += '\nNROs cut by a shared risk (all sections of a group at once):\n';
    text += table(['NRO', 'subscribers', 'risk groups'], shared.map((r) => [r.id, r.subscribers, list(r.sharedRiskGroups)]));
  }
  const worstSections = report.cutImpact.filter((c) => c.subscribersCut > 0 || c.isolatedSites.length > 0).slice(0, top);
  if (worstSections.length) {
    text += `\nWorst single section cuts (top ${worstSections.length}):\n`;
    text += table(['section', 'subscribers cut', 'NROs isolated'], worstSections.map((c) => [c.section, c.subscribersCut, list(c.isolatedNros)]));
  }
  const worstSites = report.siteImpact.filter((c) => c.subscribersCut > 0 || c.isolatedSites.length > 0).slice(0, top);
  if (worstSites.length) {
    text += `\nWorst single site failures (top ${worstSites.length}):\n`;
    text += table(['site', 'subscribers cut', 'NROs isolated'], worstSites.map((c) => [c.site, c.subscribersCut, list(c.isolatedNros)]));
  }
  return text;
}
