import type { Topology } from '../../model/schema.js';
import { type RouteAnswer, routeRequest } from '../../requests/route.js';
import { networkRequest } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { formatNumber as n, table } from '../table.js';

export const routeCommand: Command = {
  name: 'route',
  summary: 'the shortest route between two sites (by length, or by hops), section by section',
  usage: 'fibre-resilience route FILE --from ID --to ID [--hops] [--headend ID]… [--include-planned] [--with-link ID]… [--json]',
  options: {
    ...NETWORK_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    hops: { type: 'boolean' },
  },
  flags: { from: '--from', to: '--to', weight: '--hops' },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const request = {
      network: networkRequest(values),
      from: values.from,
      to: values.to,
      weight: values.hops === true ? 'hops' : 'length',
    };
    const { workspace } = await loadWorkspace(file, values);
    const answer = routeRequest(workspace, request as Parameters<typeof routeRequest>[1]);
    io.out(values.json ? json(answer) : humanRoute(answer, workspace.topology));
    return 0;
  },
};

/**
 * The route as a table of its sections, with the running length.
 *
 * @example
 * humanRoute(routeRequest(workspace, { from: 'NRO-CAY', to: 'POP-SAINT-VALERY' }), topology);
 * // Route NRO-CAY → POP-SAINT-VALERY (shortest by length): 1 section(s), 12 927 m
 */
export function humanRoute(answer: RouteAnswer, topology: Topology): string {
  const by = answer.weight === 'hops' ? 'fewest sections' : 'shortest by length';
  const head = `Route ${answer.from} → ${answer.to} (${by})`;
  if (!answer.found) return `${head}: none — ${answer.reason}\n`;
  const records = new Map<string, { owner: string; lengthM: number }>([
    ...(topology.redundancyLinks ?? []).map((l) => [l.id, l] as const),
    ...topology.sections.map((s) => [s.id, s] as const),
  ]);
  let total = 0;
  const rows = answer.sections.map((id, i) => {
    const section = records.get(id)!;
    total += section.lengthM;
    return [i + 1, id, answer.sites[i], answer.sites[i + 1], section.owner, section.lengthM, total];
  });
  const text = `${head}: ${answer.hops} section(s), ${n(answer.lengthM ?? 0)} m\n`;
  return rows.length ? `${text}\n${table(['#', 'section', 'from', 'to', 'owner', 'length (m)', 'total (m)'], rows)}` : text;
}
