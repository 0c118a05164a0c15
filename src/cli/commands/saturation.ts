import { jsonChunks } from '../../io/json-chunks.js';
import { type SaturationPageRequest, saturationPageRequest, saturationRequest } from '../../requests/saturation.js';
import { networkRequest, top } from '../arguments.js';
import { type Command, fileArgument, NETWORK_OPTIONS } from '../command.js';
import { collectGarbage } from '../collect-garbage.js';
import { loadWorkspace } from '../load-workspace.js';
import { SATURATION_CLI_OPTIONS, SATURATION_FLAGS, saturationModel } from '../saturation-options.js';
import { humanSaturation } from '../saturation-tables.js';
import { PAGE_OPTIONS, pageFields, strings, wantsPage } from '../page-options.js';
import { formatNumber as n, table } from '../table.js';

const LARGE = 100_000;
const elapsed = (start: number) => Math.round((performance.now() - start) * 10) / 10;

export const saturationCommand: Command = {
  name: 'saturation',
  summary: 'route every NRO (primary + disjoint backup), load the sections, desaturation works, N-1 sweep',
  usage:
    'fibre-resilience saturation FILE [--sweep] [--json] [--fibres-per-route 2] [--near 80%] [--saturated 100%] [--top 20] [--timings] [--headend ID]… [--include-planned] [--with-link ID]…',
  options: {
    ...NETWORK_OPTIONS, ...SATURATION_CLI_OPTIONS, ...PAGE_OPTIONS, sweep: { type: 'boolean' }, top: { type: 'string' }, timings: { type: 'boolean' },
    state: { type: 'string', multiple: true }, owner: { type: 'string', multiple: true }, section: { type: 'string', multiple: true },
  },
  flags: { ...SATURATION_FLAGS, limit: '--limit', offset: '--offset', sort: '--sort', state: '--state', owners: '--owner', sections: '--section', summary: '--summary' },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const rows = top(values, 20);
    const request = { network: networkRequest(values), ...saturationModel(values), sweep: values.sweep === true };
    const { workspace, timings } = await loadWorkspace(file, values);
    if (wantsPage(values, ['state', 'owner', 'section'])) {
      // One page of section loads and the summary: the same request as GET /saturation?limit=….
      const { sweep: _sweep, ...model } = request;
      const page = saturationPageRequest(workspace, {
        ...model, ...pageFields(values), state: strings(values.state) as SaturationPageRequest['state'], owners: strings(values.owner), sections: strings(values.section),
      } as SaturationPageRequest);
      io.out(values.json ? `${JSON.stringify(page)}\n` : `${table(['section', 'owner', 'load (fibres)', 'capacity', 'ratio', 'state'],
        page.sections.map((s) => [s.section, s.owner, s.loadFibres, s.capacityFibres ?? '', s.ratio === null ? '' : `${Math.round(s.ratio * 100)} %`, s.state]))}${n(page.sections.length)} of ${n(page.total)} sections from ${n(page.offset)}\n`);
      return 0;
    }
    let start = performance.now();
    const { net } = workspace.network(request.network);
    let compile = elapsed(start);
    const large = net.sectionCount >= LARGE;
    if (large) compile += collectGarbage();
    if (large) io.err(`routing ${n(net.siteCount)} sites and ${n(net.sectionCount)} sections…\n`);
    start = performance.now();
    const progress = large ? (phase: string, done: number, total: number) => io.err(`${phase}: ${Math.round((100 * done) / total)} %\n`) : undefined;
    const report = saturationRequest(workspace, request, progress);
    const saturation = elapsed(start);
    if (values.json) for (const chunk of jsonChunks(report as unknown as Record<string, unknown>)) io.out(chunk);
    else io.out(humanSaturation(report, rows));
    if (values.timings) io.err(`${JSON.stringify({ ...timings, compile, saturation, output: elapsed(start) - saturation })}\n`);
    return 0;
  },
};
