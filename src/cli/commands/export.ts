import { gracethdTables, headendFlags, parseExportVersion, writeGracethdFolder, writeGracethdGeoPackage, type GracethdExport } from '../../export/gracethd/index.js';
import { topologyToGeoJSON } from '../../io/geojson.js';
import { readTopologyFile } from '../../io/read-topology.js';
import { type Command, json, NETWORK_OPTIONS, readOptions, UsageError } from '../command.js';

const USAGE =
  'fibre-resilience export geojson FILE (the whole document: the network options are accepted and change nothing)\n' +
  '       fibre-resilience export gracethd FILE -o OUT.gpkg|DIR [--gracethd-version 3|2.0.1]';

/**
 * `export geojson FILE`: the topology as GeoJSON on stdout.
 * `export gracethd FILE -o OUT`: the topology as a GraceTHD delivery (docs/gracethd.md#export):
 * a GeoPackage when OUT ends in `.gpkg`, else a folder of CSV tables (WKT geometry); v3 by
 * default, v2.0.1 with `--gracethd-version 2.0.1`. A summary on stderr: the rows of each table
 * and what the delivery does not carry.
 */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write a topology as GeoJSON (RFC 7946) on stdout, or as a GraceTHD delivery (GeoPackage or CSV folder)',
  usage: USAGE,
  options: { ...NETWORK_OPTIONS, output: { type: 'string', short: 'o' }, 'gracethd-version': { type: 'string' } },
  async run({ positionals, values }, io) {
    const [format, file, ...rest] = positionals;
    if (format === 'geojson' && file && !rest.length) {
      if (values.output !== undefined || values['gracethd-version'] !== undefined) throw new UsageError('-o and --gracethd-version are options of export gracethd');
      io.out(json(topologyToGeoJSON(await readTopologyFile(file, readOptions(values)))));
      return 0;
    }
    if (format !== 'gracethd' || !file || rest.length) throw new UsageError('expected: export geojson FILE, or export gracethd FILE -o OUT');
    const request = gracethdRequest(values);
    const topology = await readTopologyFile(file, readOptions(values));
    const exported = gracethdTables(topology, { version: request.version });
    if (request.geopackage) writeGracethdGeoPackage(request.output, exported);
    else await writeGracethdFolder(request.output, exported.tables);
    io.err(exportSummary(exported, request.output, request.geopackage));
    return 0;
  },
};

function gracethdRequest(values: Record<string, unknown>) {
  const output = values.output;
  if (typeof output !== 'string' || output === '') throw new UsageError('export gracethd: -o OUT is required (OUT.gpkg for a GeoPackage, else a folder of CSV tables)');
  const text = values['gracethd-version'];
  const version = typeof text === 'string' ? parseExportVersion(text) : '3';
  if (!version) throw new UsageError(`--gracethd-version: expected 3 or 2.0.1, got "${String(text)}"`);
  return { output, version, geopackage: /\.gpkg$/i.test(output) };
}

/** The summary `export gracethd` prints on stderr: what was written, then what was not. */
export function exportSummary(exported: GracethdExport, output: string, geopackage: boolean): string {
  const lines = [`Wrote ${output}: ${exported.label} delivery, ${geopackage ? 'GeoPackage (EPSG:2154)' : 'folder of ;-separated CSV tables (UTF-8, geometry as WKT in EPSG:2154)'}`];
  const width = Math.max(...exported.tables.map((t) => t.name.length));
  for (const t of exported.tables) lines.push(`  ${t.name.padEnd(width)}  ${String(t.rows.length).padStart(9)} rows${t.geometry ? ` (${t.geometry.type})` : ''}`);
  lines.push('', exported.losses.length ? 'Not exported, or read back otherwise:' : 'Everything is exported.');
  for (const loss of exported.losses) {
    const ids = loss.ids.length ? `: ${loss.ids.slice(0, 8).join(', ')}${loss.ids.length > 8 ? `, … and ${loss.ids.length - 8} more` : ''}` : '';
    lines.push(`  - ${loss.what} (${loss.count})${ids}`);
  }
  const back = `fibre-resilience import gracethd ${output}`;
  lines.push(
    '',
    exported.headends.length
      ? `Import it back with: ${back} --view backbone (or --view local ${headendFlags(exported.headends)})`
      : `Import it back with: ${back} --view local (no head-end: each NRO is its own)`,
  );
  return `${lines.join('\n')}\n`;
}
