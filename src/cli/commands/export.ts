import {
  type GracethdExport,
  gracethdTables,
  headendFlags,
  parseExportVersion,
  writeGracethdFolder,
  writeGracethdGeoPackage,
  writeGracethdShpCsv,
} from '../../export/gracethd/index.js';
import { type PostgisExport, type PostgisExportRequest, postgisExportRequest } from '../../export/postgis/index.js';
import { topologyToGeoJSON } from '../../io/geojson.js';
import { readTopologyFile } from '../../io/read-topology.js';
import { type ImportRequest, importRequest } from '../../requests/import.js';
import { NetworkWorkspace } from '../../requests/network-workspace.js';
import { networkRequest } from '../arguments.js';
import { type Command, json, NETWORK_OPTIONS, type OptionValues, readOptions, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { PLAN_OPTIONS, planRules } from './plan.js';

const USAGE =
  'fibre-resilience export geojson FILE (the whole document: the network options are accepted and change nothing)\n' +
  '       fibre-resilience export gracethd FILE -o OUT.gpkg|DIR [--gracethd-version 3|2.0.1] [--format gpkg|shpcsv|csv]\n' +
  '         v3 by default. --format gpkg: a GeoPackage (the default when OUT ends in .gpkg); shpcsv (2.0.1 only): the\n' +
  '         GraceTHD v2 delivery, shapefiles + CSV (the default for 2.0.1 to a folder); csv: CSV tables, geometry as WKT\n' +
  '         (the default for 3 to a folder)\n' +
  '       fibre-resilience export postgis FILE|postgres://…?schema=GRACETHD postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=RESULTS\n' +
  '         [--budget EUR [--years N] [--yearly-cap EUR | --yearly-budgets EUR,EUR,…] [--funding "Source=share,…"] [--mandatory ID]…\n' +
  '         [--mandatory-priority N] [--objective subscribers|subscriber-hours]] [--headend ID]… [--include-planned] [--with-link ID]… [--json]\n' +
  '         the results as PostGIS tables QGIS opens: nros, critical_sections, section_saturation, cuts, and plan with --budget\n' +
  '         (docs/postgis.md)';


/** The plan's fields as `export postgis` names them, in its request (`plan.budgetEur`) and in the planner's errors (`budgetEur`). */
const PLAN_FLAGS = Object.fromEntries(
  Object.entries({
    budgetEur: '--budget', years: '--years', yearlyCapEur: '--yearly-cap', yearlyBudgetsEur: '--yearly-budgets', funding: '--funding',
    mandatory: '--mandatory', mandatoryPriority: '--mandatory-priority', saturationWeight: '--saturation-weight', objective: '--objective', exactLimit: '--exact-limit',
  }).flatMap(([field, flag]) => [[field, flag], [`plan.${field}`, flag]]),
);

/**
 * `export geojson FILE`: the topology as GeoJSON on stdout.
 * `export postgis FILE postgres://…?schema=NAME [--budget EUR …]`: the results (analysis,
 * saturation, single cuts, and a plan with `--budget`) as PostGIS tables (docs/postgis.md).
 * `export gracethd FILE -o OUT`: the topology as a GraceTHD delivery (docs/gracethd.md#export);
 * v3 by default, v2.0.1 with `--gracethd-version 2.0.1`. `--format`: `gpkg` a GeoPackage (the
 * default when OUT ends in `.gpkg`), `shpcsv` a v2 SHP/CSV folder (shapefiles for the tables
 * with a geometry, CSV for the others: the default for 2.0.1 when OUT is a folder), `csv` a
 * folder of CSV tables with the geometry as WKT (the default for 3 when OUT is a folder). A
 * summary on stderr: the rows of each table and what the delivery does not carry.
 */
export const exportCommand: Command = {
  name: 'export',
  summary: 'write a topology as GeoJSON (RFC 7946) on stdout, as a GraceTHD delivery (GeoPackage, v2 SHP/CSV or CSV folder), or its results as PostGIS tables',
  usage: USAGE,
  options: { ...NETWORK_OPTIONS, ...PLAN_OPTIONS, output: { type: 'string', short: 'o' }, 'gracethd-version': { type: 'string' }, format: { type: 'string' } },
  flags: PLAN_FLAGS,
  async run({ positionals, values }, io) {
    const [format, file, ...rest] = positionals;
    if (format === 'postgis') return exportPostgis(positionals.slice(1), values, io);
    const planOption = Object.keys(PLAN_OPTIONS).find((o) => values[o] !== undefined);
    if (planOption) throw new UsageError(`--${planOption} is an option of export postgis`);
    if (format === 'geojson' && file && !rest.length) {
      if (values.output !== undefined || values['gracethd-version'] !== undefined || values.format !== undefined) {
        throw new UsageError('-o, --gracethd-version and --format are options of export gracethd');
      }
      io.out(json(topologyToGeoJSON(await readTopologyFile(file, readOptions(values)))));
      return 0;
    }
    if (format !== 'gracethd' || !file || rest.length) throw new UsageError('expected: export geojson FILE, export gracethd FILE -o OUT, or export postgis FILE postgres://…?schema=NAME');
    const request = gracethdRequest(values);
    // --gracethd-version is the version written; a GraceTHD input's own version is detected.
    const topology = await readTopologyFile(file, readOptions({ ...values, 'gracethd-version': undefined }));
    const exported = gracethdTables(topology, { version: request.version });
    if (request.form === 'gpkg') writeGracethdGeoPackage(request.output, exported);
    else if (request.form === 'shpcsv') await writeGracethdShpCsv(request.output, exported);
    else await writeGracethdFolder(request.output, exported.tables);
    io.err(exportSummary(exported, request.output, request.form));
    return 0;
  },
};

/** The forms of a delivery `export gracethd` writes (`--format`). */
export type ExportForm = 'gpkg' | 'shpcsv' | 'csv';
const FORMS: readonly ExportForm[] = ['gpkg', 'shpcsv', 'csv'];

function gracethdRequest(values: Record<string, unknown>): { output: string; version: '3' | '2.0.1'; form: ExportForm } {
  const output = values.output;
  if (typeof output !== 'string' || output === '') throw new UsageError('export gracethd: -o OUT is required (OUT.gpkg for a GeoPackage, else a folder)');
  const text = values['gracethd-version'];
  const version = typeof text === 'string' ? parseExportVersion(text) : '3';
  if (!version) throw new UsageError(`--gracethd-version: expected 3 or 2.0.1, got "${String(text)}"`);
  const gpkg = /\.gpkg$/i.test(output);
  const asked = values.format;
  if (asked !== undefined && !FORMS.includes(asked as ExportForm)) throw new UsageError(`--format: expected gpkg, shpcsv or csv, got "${String(asked)}"`);
  const form = (asked as ExportForm | undefined) ?? (gpkg ? 'gpkg' : version === '2.0.1' ? 'shpcsv' : 'csv');
  if (form === 'gpkg' && !gpkg) throw new UsageError(`--format gpkg: OUT must end in .gpkg, got "${output}"`);
  if (form !== 'gpkg' && gpkg) throw new UsageError(`--format ${form} writes a folder: OUT must not end in .gpkg`);
  if (form === 'shpcsv' && version === '3') throw new UsageError('--format shpcsv is the GraceTHD v2 delivery (--gracethd-version 2.0.1): v3 is a GeoPackage, or --format csv');
  return { output, version, form };
}

const FORM_TEXT: Record<ExportForm, string> = {
  gpkg: 'GeoPackage (EPSG:2154)',
  shpcsv: 'SHP/CSV folder (shapefiles for the tables with a geometry, EPSG:2154, .dbf UTF-8; ;-separated UTF-8 CSV for the others)',
  csv: 'folder of ;-separated CSV tables (UTF-8, geometry as WKT in EPSG:2154)',
};

/** The summary `export gracethd` prints on stderr: what was written, then what was not. */
export function exportSummary(exported: GracethdExport, output: string, form: ExportForm): string {
  const lines = [`Wrote ${output}: ${exported.label} delivery, ${FORM_TEXT[form]}`];
  const width = Math.max(...exported.tables.map((t) => t.name.length));
  const file = (t: GracethdExport['tables'][number]) => (form === 'gpkg' ? '' : form === 'shpcsv' && t.geometry ? ', .shp' : ', .csv');
  for (const t of exported.tables) lines.push(`  ${t.name.padEnd(width)}  ${String(t.rows.length).padStart(9)} rows${t.geometry ? ` (${t.geometry.type}${file(t)})` : ''}`);
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

const isDatabaseUrl = (text: string) => /^postgres(ql)?:\/\//i.test(text);

/**
 * `export postgis FILE postgres://…?schema=NAME`: FILE is a topology (JSON, GeoJSON, a GraceTHD
 * folder, zip or GeoPackage) or a GraceTHD delivery in PostGIS (`postgres://…?schema=…`, read in
 * place with `--view` and `--gracethd-version`). A summary on stderr; `--json`: the summary on stdout.
 */
async function exportPostgis(positionals: string[], values: OptionValues, io: Parameters<Command['run']>[1]): Promise<number> {
  const [file, url, ...rest] = positionals;
  if (!file || !url || rest.length) throw new UsageError('expected: export postgis FILE postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=NAME');
  if (!isDatabaseUrl(url)) throw new UsageError(`export postgis: the target must be a postgres:// URL with ?schema=NAME, got "${url.slice(0, 200)}"`);
  const misplaced = ['output', 'format'].find((o) => values[o] !== undefined);
  if (misplaced) throw new UsageError(`--${misplaced === 'output' ? 'o' : misplaced} is an option of export gracethd: export postgis writes to the URL`);
  const request: PostgisExportRequest = { network: networkRequest(values), ...(values.budget !== undefined && { plan: planOf(values) }) };
  const workspace = isDatabaseUrl(file)
    ? new NetworkWorkspace((await importRequest({ database: file }, gracethdOptions(values))).topology)
    : (await loadWorkspace(file, values)).workspace;
  const written = await postgisExportRequest(workspace, url, request);
  if (values.json) io.out(json(written));
  else io.err(postgisSummary(written));
  return 0;
}

/** `--view` and `--gracethd-version` for a delivery read from PostGIS. */
function gracethdOptions(values: OptionValues): ImportRequest {
  const { gracethd } = readOptions(values);
  return { ...(gracethd?.view && { view: gracethd.view }), ...(gracethd?.version && { version: gracethd.version }) };
}

function planOf(values: OptionValues): NonNullable<PostgisExportRequest['plan']> {
  return planRules(values) as NonNullable<PostgisExportRequest['plan']>;
}

/** The summary `export postgis` prints on stderr: the tables written, and how to open them. */
export function postgisSummary(written: PostgisExport): string {
  const width = Math.max(...written.tables.map((t) => t.name.length));
  const lines = [`Wrote ${written.tables.length} tables to schema "${written.schema}" of ${written.database} (one transaction):`];
  for (const t of written.tables) lines.push(`  ${t.name.padEnd(width)}  ${String(t.rows).padStart(9)} rows (${t.geometry})`);
  if (written.dropped.length) lines.push(`Dropped from an earlier export: ${written.dropped.join(', ')} (no --budget, hence no plan).`);
  lines.push(
    '',
    'Each table has geom_2154 (EPSG:2154, Lambert-93) and geom_4326 (EPSG:4326) with a GIST index, a primary key and comments.',
    `In QGIS: Browser › PostgreSQL › New Connection (this database), then schema ${written.schema}: one layer per table and geometry column.`,
    `(${written.ms.compute} ms computing, ${written.ms.write} ms writing)`,
  );
  return `${lines.join('\n')}\n`;
}
