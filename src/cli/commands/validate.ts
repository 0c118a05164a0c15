import { compileNetwork } from '../../graph/compile.js';
import { readTopologyFile } from '../../io/read-topology.js';
import { validationAnswer } from '../../requests/validate.js';
import { networkRequest } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, readOptions } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a topology file and list every problem',
  usage: 'fibre-resilience validate FILE [--crs EPSG:2154] [--headend ID]… [--include-planned] [--with-link ID]… [--json]',
  options: NETWORK_OPTIONS,
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const topology = await readTopologyFile(file, readOptions(values));
    // The network options must name what the file holds: compiling checks them.
    const net = compileNetwork(topology, networkRequest(values));
    if (values.json) io.out(json({ ...validationAnswer(topology), analysed: { sites: net.siteCount, sections: net.sectionCount }, problems: [] }));
    else io.out(`${file}: valid (${topology.sites.length} sites, ${topology.sections.length} sections; ${net.siteCount} sites and ${net.sectionCount} sections analysed)\n`);
    return 0;
  },
};
