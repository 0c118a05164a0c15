import { readTopologyFile } from '../../io/read-topology.js';
import { topologySummary } from '../../model/summary.js';
import { totalsReconciliation } from '../../planning/reconciliation.js';
import { compileNetwork } from '../../graph/compile.js';
import { networkRequest } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, readOptions } from '../command.js';
import { formatNumber as n, table } from '../table.js';

export const infoCommand: Command = {
  name: 'info',
  summary: 'counts by kind and owner, total lengths, and declared totals against row sums',
  usage: 'fibre-resilience info FILE [--headend ID]… [--include-planned] [--with-link ID]… [--json]',
  options: NETWORK_OPTIONS,
  async run({ positionals, values }, io) {
    const topology = await readTopologyFile(fileArgument(positionals), readOptions(values));
    const summary = topologySummary(topology);
    const net = compileNetwork(topology, networkRequest(values));
    const analysed = { sites: net.siteCount, sections: net.sectionCount, headends: net.headends.length };
    const warnings = totalsReconciliation(topology);
    if (values.json) {
      io.out(json({ ...summary, analysed, warnings }));
      return 0;
    }
    const { sites, sections, redundancyLinks: links, desaturationWorks: works } = summary;
    io.out(`${summary.name}\n\n`);
    io.out(`Sites: ${sites.total} (${Object.entries(sites.byKind).map(([k, c]) => `${c} ${k}`).join(', ')}; ${sites.planned} planned), ${n(sites.subscribers)} subscribers\n`);
    io.out(`Sections: ${sections.total} (${sections.planned} planned), ${n(sections.lengthM / 1000)} km\n`);
    io.out(`Analysed: ${analysed.sites} sites, ${analysed.sections} sections, ${analysed.headends} head-end(s)${values['include-planned'] ? ', planned elements included' : ' (existing elements)'}\n\n`);
    io.out(table(['owner', 'sections', 'length (m)'],
      Object.entries(sections.byOwner).sort((a, b) => b[1].lengthM - a[1].lengthM).map(([o, s]) => [o, s.count, s.lengthM])));
    io.out(`\nRedundancy links: ${links.count}, ${n(links.lengthM)} m, ${n(links.costEur)} € HT\n`);
    io.out(`Desaturation works: ${works.count}, ${n(works.lengthM)} m, ${n(works.costEur)} € HT\n`);
    if (warnings.length) io.out(`\n${warnings.map((w) => `warning: ${w.message}`).join('\n')}\n`);
    return 0;
  },
};
