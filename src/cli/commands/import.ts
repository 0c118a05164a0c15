import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { IMPORT_PHASES } from '../../import/gracethd/import-gracethd.js';
import { formatReport } from '../../import/gracethd/quality-report.js';
import { type ImportRequest, importRequest } from '../../requests/import.js';
import { number } from '../arguments.js';
import { type Command, json, strings, UsageError } from '../command.js';

/**
 * `import gracethd DIR`: a GraceTHD delivery folder (or the folder zipped, or a GeoPackage) to a
 * `fibre-topology/1` document; `import gracethd postgres://user:password@host/db?schema=NAME`:
 * the delivery held in a schema of a PostgreSQL/PostGIS database, read in place (docs/postgis.md).
 *
 * * `-o FILE`: the topology goes to FILE; without it, to stdout;
 * * the data-quality report goes to stderr, as text;
 * * `--json`: stdout gets `{ "topology": …, "report": … }` (no `topology` when `-o` wrote it)
 *   and stderr nothing;
 * * `--view backbone|local`: which view of the delivery (default: backbone with more than one
 *   NRO, else local; docs/gracethd.md, "Views"); `--gracethd-version 2.0.1|2.0.2|3`: the version,
 *   instead of detecting it. The report's first line says version, view and head-ends, and why.
 *
 * Findings never fail the import (exit 0); a delivery without t_noeud or t_cheminement, an
 * unreadable file, or a database that cannot be read (unreachable, credentials refused, no such
 * schema), does (exit 1).
 */
export const importCommand: Command = {
  name: 'import',
  summary: 'turn a GraceTHD delivery (folder of CSV and shapefiles, zip, GeoPackage, or a PostGIS schema) into a topology, with a data-quality report',
  usage:
    'fibre-resilience import gracethd DIR|ZIP|GPKG|postgres://USER:PASSWORD@HOST:PORT/DATABASE?schema=NAME [-o FILE] [--view backbone|local] [--headend CODE]… [--gracethd-version 2.0.1|2.0.2|3] [--snap-tolerance M] [--end-tolerance M] [--name TEXT] [--json] [--timings]',
  options: {
    output: { type: 'string', short: 'o' },
    headend: { type: 'string', multiple: true },
    view: { type: 'string' },
    'gracethd-version': { type: 'string' },
    'snap-tolerance': { type: 'string' },
    'end-tolerance': { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
    timings: { type: 'boolean' },
  },
  flags: { headends: '--headend', view: '--view', version: '--gracethd-version', snapToleranceM: '--snap-tolerance', endToleranceM: '--end-tolerance', name: '--name' },
  async run({ positionals, values }, io) {
    const [format, dir, ...rest] = positionals;
    if (format !== 'gracethd' || !dir || rest.length) throw new UsageError('expected: import gracethd DIR, or import gracethd postgres://…?schema=NAME');
    const database = /^postgres(ql)?:\/\//i.test(dir);
    const isFolder = !database && (await stat(dir)).isDirectory();
    const request = {
      headends: strings(values.headend),
      snapToleranceM: number(values['snap-tolerance'], '--snap-tolerance'),
      endToleranceM: number(values['end-tolerance'], '--end-tolerance'),
      ...(typeof values.view === 'string' && { view: values.view as ImportRequest['view'] }),
      ...(typeof values['gracethd-version'] === 'string' && { version: values['gracethd-version'].trim().toLowerCase().replace(/^v/, '') as ImportRequest['version'] }),
      ...(typeof values.name === 'string' ? { name: values.name } : !isFolder && !database && { name: `GraceTHD delivery ${basename(dir).replace(/\.zip$/i, '')}` }),
    };
    const delivery = database ? { database: dir } : isFolder ? { folder: dir } : { zip: new Uint8Array(await readFile(dir)) };
    // --timings: one JSON line on stderr, milliseconds per phase (`read` is everything before mapping: files, parsing, GeoPackage).
    const phases: Record<string, number> = {};
    const onPhase = (message: unknown) => {
      const { phase, ms } = message as { phase: string; ms: number };
      phases[phase] = (phases[phase] ?? 0) + ms;
    };
    const started = performance.now();
    if (values.timings) IMPORT_PHASES.subscribe(onPhase);
    let imported: Awaited<ReturnType<typeof importRequest>>;
    try {
      imported = await importRequest(delivery, request);
    } finally {
      if (values.timings) IMPORT_PHASES.unsubscribe(onPhase);
    }
    const { topology, report } = imported;
    const importedAt = performance.now();
    const output = typeof values.output === 'string' ? values.output : undefined;
    if (output) await writeFile(output, json(topology));
    const timings = () => {
      if (!values.timings) return;
      const round = (ms: number) => Math.round(ms * 10) / 10;
      const mapped = ['map', 'validate', 'report'].reduce((n, p) => n + (phases[p] ?? 0), 0);
      const read = { read: round(importedAt - started - mapped), ...Object.fromEntries(['files', 'parse'].filter((p) => p in phases).map((p) => [p, round(phases[p])])) };
      const line = { ...read, map: round(phases.map ?? 0), validate: round(phases.validate ?? 0), report: round(phases.report ?? 0), write: round(performance.now() - importedAt), total: round(performance.now() - started) };
      io.err(`${JSON.stringify(line)}\n`);
    };
    if (values.json) {
      io.out(json(output ? { report } : { topology, report }));
      timings();
      return 0;
    }
    if (!output) io.out(json(topology));
    io.err(formatReport(report));
    if (output) io.err(`\nWrote ${output}: ${topology.sites.length} sites, ${topology.sections.length} sections.\n`);
    timings();
    return 0;
  },
};
