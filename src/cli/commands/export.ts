import { topologyToGeoJSON } from '../../io/geojson.js';
import { readTopologyFile } from '../../io/read-topology.js';
import { type Command, json, NETWORK_OPTIONS, readOptions, UsageError } from '../command.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'write a topology as GeoJSON (RFC 7946) on stdout',
  usage: 'fibre-resilience export geojson FILE (the whole document: the network options are accepted and change nothing)',
  options: NETWORK_OPTIONS,
  async run({ positionals, values }, io) {
    const [format, file, ...rest] = positionals;
    if (format !== 'geojson' || !file || rest.length) throw new UsageError('expected: export geojson FILE');
    io.out(json(topologyToGeoJSON(await readTopologyFile(file, readOptions(values)))));
    return 0;
  },
};
