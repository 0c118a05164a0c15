import { readFile } from 'node:fs/promises';
import type { CutImpact } from '../../analysis/cut-impact.js';
import { parseJSON } from '../../io/read-topology.js';
import { cutRequest } from '../../requests/cut.js';
import { networkRequest, top } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, strings } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { SATURATION_CLI_OPTIONS, SATURATION_FLAGS, saturationModel } from '../saturation-options.js';
import { humanReroute } from '../saturation-tables.js';
import { formatNumber as n, list, table } from '../table.js';

export const cutCommand: Command = {
  name: 'cut',
  summary: 'simulate a cut of sections, sites, risk groups, owners or an area and list who loses service',
  usage:
    'fibre-resilience cut FILE [--section ID]… [--site ID]… [--risk-group ID]… [--owner NAME]… [--polygon FILE] [--json] [--reroute [--fibres-per-route 2] [--near 80%] [--saturated 100%] [--top 20]]',
  options: {
    ...NETWORK_OPTIONS,
    section: { type: 'string', multiple: true },
    site: { type: 'string', multiple: true },
    'risk-group': { type: 'string', multiple: true },
    owner: { type: 'string', multiple: true },
    polygon: { type: 'string' },
    reroute: { type: 'boolean' },
    top: { type: 'string' },
    ...SATURATION_CLI_OPTIONS,
  },
  flags: {
    sections: '--section', sites: '--site', riskGroups: '--risk-group', owners: '--owner', polygon: '--polygon',
    ...SATURATION_FLAGS,
    ...Object.fromEntries(Object.entries(SATURATION_FLAGS).map(([field, flag]) => [`reroute.${field}`, flag])),
  },
  fileFields: ['polygon'],
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const rows = top(values, 20);
    const polygon = typeof values.polygon === 'string' ? parseJSON(await readFile(values.polygon, 'utf8'), values.polygon) : undefined;
    const request = {
      network: networkRequest(values),
      sections: strings(values.section),
      sites: strings(values.site),
      riskGroups: strings(values['risk-group']),
      owners: strings(values.owner),
      ...(polygon !== undefined && { polygon }),
      reroute: values.reroute === true ? saturationModel(values) : false,
    };
    const { workspace } = await loadWorkspace(file, values);
    const { reroute, ...impact } = cutRequest(workspace, request as Parameters<typeof cutRequest>[1]);
    if (values.json) io.out(json(reroute ? { ...impact, reroute } : impact));
    else io.out(humanImpact(impact, workspace.topology.sites) + (reroute ? humanReroute(reroute, rows) : ''));
    return 0;
  },
};

function humanImpact(impact: CutImpact, sites: ReadonlyArray<{ id: string; name?: string; kind: string; subscribers?: number }>): string {
  const byId = new Map(sites.map((s) => [s.id, s]));
  let text = `Failed: ${impact.failedSections.length} section(s) ${list(impact.failedSections, 8)}`;
  text += impact.failedSites.length ? `; ${impact.failedSites.length} site(s) ${list(impact.failedSites, 8)}\n` : '\n';
  if (impact.isolatedSites.length === 0) return `${text}No site loses service: every connected site still reaches a head-end.\n`;
  text += `Service lost: ${impact.isolatedNros.length} NRO(s), ${impact.isolatedSites.length} site(s), ${n(impact.subscribersCut)} subscribers\n\n`;
  const rows = impact.isolatedSites
    .map((id) => byId.get(id)!)
    .sort((a, b) => (b.subscribers ?? 0) - (a.subscribers ?? 0) || (a.id < b.id ? -1 : 1))
    .map((s) => [s.id, s.name ?? '', s.kind, s.subscribers ?? 0]);
  return text + table(['site', 'name', 'kind', 'subscribers'], rows);
}
