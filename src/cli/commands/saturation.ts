import { saturationReport } from '../../saturation/saturation-report.js';
import { type Command, fileArgument, NETWORK_OPTIONS, UsageError } from '../command.js';
import { collectGarbage } from '../collect-garbage.js';
import { jsonChunks } from '../../io/json-chunks.js';
import { loadNetwork } from '../load-network.js';
import { SATURATION_CLI_OPTIONS, saturationCliOptions } from '../saturation-options.js';
import { humanSaturation } from '../saturation-tables.js';
import { formatNumber as n } from '../table.js';

const LARGE = 100_000;
const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export const saturationCommand: Command = {
  name: 'saturation',
  summary: 'route every NRO (primary + disjoint backup), load the sections, desaturation works, N-1 sweep',
  usage:
    'fibre-resilience saturation FILE [--sweep] [--json] [--fibres-per-route 2] [--near 80%] [--saturated 100%] [--top 20] [--timings] [--headend ID]… [--include-planned] [--with-link ID]…',
  options: { ...NETWORK_OPTIONS, ...SATURATION_CLI_OPTIONS, sweep: { type: 'boolean' }, top: { type: 'string' }, timings: { type: 'boolean' } },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const options = saturationCliOptions(values);
    const top = values.top === undefined ? 20 : Number(values.top);
    if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top: expected a whole number ≥ 1, got "${String(values.top)}"`);
    const { topology, net, timings } = await loadNetwork(file, values);
    const large = net.sectionCount >= LARGE;
    if (large) timings.compile += collectGarbage();
    if (large) io.err(`routing ${n(net.siteCount)} sites and ${n(net.sectionCount)} sections…\n`);
    const start = performance.now();
    const report = saturationReport(net, topology.desaturationWorks ?? [], {
      ...options,
      sweep: values.sweep === true,
      onProgress: large ? (phase, done, total) => io.err(`${phase}: ${Math.round((100 * done) / total)} %\n`) : undefined,
    });
    const saturation = elapsed(start);
    if (values.json) for (const chunk of jsonChunks(report as unknown as Record<string, unknown>)) io.out(chunk);
    else io.out(humanSaturation(report, top));
    if (values.timings) io.err(`${JSON.stringify({ ...timings, saturation, output: elapsed(start) - saturation })}\n`);
    return 0;
  },
};
