import { readFile, stat, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatReport } from '../../import/gracethd/quality-report.js';
import { importRequest } from '../../requests/import.js';
import { number } from '../arguments.js';
import { type Command, json, strings, UsageError } from '../command.js';

/**
 * `import gracethd DIR`: a GraceTHD delivery folder (or the folder zipped) to a `fibre-topology/1` document.
 *
 * * `-o FILE`: the topology goes to FILE; without it, to stdout;
 * * the data-quality report goes to stderr, as text;
 * * `--json`: stdout gets `{ "topology": …, "report": … }` (no `topology` when `-o` wrote it)
 *   and stderr nothing.
 *
 * Findings never fail the import (exit 0); a delivery without t_noeud or t_cheminement, or an
 * unreadable file, does (exit 1).
 */
export const importCommand: Command = {
  name: 'import',
  summary: 'turn a GraceTHD delivery (folder of CSV and shapefiles) into a topology, with a data-quality report',
  usage:
    'fibre-resilience import gracethd DIR|ZIP [-o FILE] [--headend CODE]… [--snap-tolerance M] [--end-tolerance M] [--name TEXT] [--json]',
  options: {
    output: { type: 'string', short: 'o' },
    headend: { type: 'string', multiple: true },
    'snap-tolerance': { type: 'string' },
    'end-tolerance': { type: 'string' },
    name: { type: 'string' },
    json: { type: 'boolean' },
  },
  flags: { headends: '--headend', snapToleranceM: '--snap-tolerance', endToleranceM: '--end-tolerance', name: '--name' },
  async run({ positionals, values }, io) {
    const [format, dir, ...rest] = positionals;
    if (format !== 'gracethd' || !dir || rest.length) throw new UsageError('expected: import gracethd DIR');
    const isFolder = (await stat(dir)).isDirectory();
    const request = {
      headends: strings(values.headend),
      snapToleranceM: number(values['snap-tolerance'], '--snap-tolerance'),
      endToleranceM: number(values['end-tolerance'], '--end-tolerance'),
      ...(typeof values.name === 'string' ? { name: values.name } : !isFolder && { name: `GraceTHD delivery ${basename(dir).replace(/\.zip$/i, '')}` }),
    };
    const delivery = isFolder ? { folder: dir } : { zip: new Uint8Array(await readFile(dir)) };
    const { topology, report } = await importRequest(delivery, request);
    const output = typeof values.output === 'string' ? values.output : undefined;
    if (output) await writeFile(output, json(topology));
    if (values.json) {
      io.out(json(output ? { report } : { topology, report }));
      return 0;
    }
    if (!output) io.out(json(topology));
    io.err(formatReport(report));
    if (output) io.err(`\nWrote ${output}: ${topology.sites.length} sites, ${topology.sections.length} sections.\n`);
    return 0;
  },
};
