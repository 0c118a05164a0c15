import { readTopologyFile } from '../../io/read-topology.js';
import { type Command, fileArgument, json, readOptions } from '../command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check a topology file and list every problem',
  usage: 'fibre-resilience validate FILE [--crs EPSG:2154] [--json]',
  options: { json: { type: 'boolean' }, crs: { type: 'string' } },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const topology = await readTopologyFile(file, readOptions(values));
    if (values.json) io.out(json({ valid: true, problems: [] }));
    else io.out(`${file}: valid (${topology.sites.length} sites, ${topology.sections.length} sections)\n`);
    return 0;
  },
};
