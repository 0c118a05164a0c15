import { readFile } from 'node:fs/promises';
import { cutImpact, type CutImpact } from '../../analysis/cut-impact.js';
import { polygonCut } from '../../analysis/polygon-cut.js';
import { Area } from '../../model/area.js';
import { TopologyError } from '../../model/errors.js';
import { jsonPath } from '../../model/validate.js';
import { parseJSON } from '../../io/read-topology.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, strings, UsageError } from '../command.js';
import { collectionRoutes } from '../../routing/collection-routes.js';
import { rerouteAfterCut } from '../../saturation/reroute-after-cut.js';
import { loadNetwork } from '../load-network.js';
import { SATURATION_CLI_OPTIONS, saturationCliOptions } from '../saturation-options.js';
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
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const { topology, net } = await loadNetwork(file, values);
    const area = values.polygon ? polygonCut(topology, net, await readArea(String(values.polygon))) : { sections: [], sites: [] };
    const cut = {
      sections: [...strings(values.section), ...area.sections],
      sites: [...strings(values.site), ...area.sites],
      riskGroups: strings(values['risk-group']),
      owners: strings(values.owner),
    };
    if (Object.values(cut).every((ids) => ids.length === 0)) {
      throw new UsageError('name what fails: --section, --site, --risk-group, --owner or --polygon');
    }
    const saturation = values.reroute ? saturationCliOptions(values) : undefined;
    const impact = cutImpact(net, cut);
    const reroute = saturation && rerouteAfterCut(collectionRoutes(net), cut, { ...saturation, impact });
    if (values.json) io.out(json(reroute ? { ...impact, reroute } : impact));
    else io.out(humanImpact(impact, topology.sites) + (reroute ? humanReroute(reroute, Number(values.top ?? 20)) : ''));
    return 0;
  },
};

async function readArea(file: string): Promise<Area> {
  const parsed = Area.safeParse(parseJSON(await readFile(file, 'utf8'), file));
  if (parsed.success) return parsed.data;
  throw new TopologyError(`--polygon ${file}: not a GeoJSON Polygon or MultiPolygon (bare, a Feature, or a FeatureCollection of one)`,
    parsed.error.issues.map((issue) => ({ path: jsonPath(issue.path), code: 'invalid-area', message: issue.message })));
}

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
