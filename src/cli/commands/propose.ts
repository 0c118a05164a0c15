import type { Installation, SiteKind } from '../../model/schema.js';
import type { Augmentation } from '../../planning/augmentation/min-cost-augmentation.js';
import type { RateTable } from '../../planning/augmentation/geometric-candidates.js';
import { frenchCsv } from '../../planning/csv.js';
import { type ProposeRequest, proposeRequest } from '../../requests/propose.js';
import { euros, integer, networkRequest, number, ratio } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { formatNumber as n, list, table } from '../table.js';

export const proposeCommand: Command = {
  name: 'propose',
  summary: 'the cheapest set of new links that secures every NRO (or a share of the subscribers within a budget), against the topology’s own list',
  usage:
    'fibre-resilience propose FILE [--target every-nro|risk-groups|every-site|share] [--share 0.9] [--budget EUR] [--radius M] [--detour-factor 1.3] [--eur-per-m 25 | --eur-per-m duct=25,buried=60,OWNER:duct=15] [--owner SMSN] [--installation duct] [--kinds headend,pop,nro] [--no-topology-links] [--no-rentable-conduits] [--time-limit S] [--exact-limit N] [--json|--csv]',
  options: {
    ...NETWORK_OPTIONS,
    csv: { type: 'boolean' },
    target: { type: 'string' },
    share: { type: 'string' },
    budget: { type: 'string' },
    radius: { type: 'string' },
    'detour-factor': { type: 'string' },
    'eur-per-m': { type: 'string' },
    owner: { type: 'string' },
    installation: { type: 'string' },
    kinds: { type: 'string' },
    'no-topology-links': { type: 'boolean' },
    'no-rentable-conduits': { type: 'boolean' },
    'time-limit': { type: 'string' },
    'exact-limit': { type: 'string' },
  },
  flags: {
    target: '--target', share: '--share', budgetEur: '--budget', radiusM: '--radius', detourFactor: '--detour-factor', eurPerM: '--eur-per-m',
    ownerEurPerM: '--eur-per-m', owner: '--owner', installation: '--installation', kinds: '--kinds', timeLimitS: '--time-limit', exactLimit: '--exact-limit',
  },
  async run({ positionals, values }, io) {
    if (values.json && values.csv) throw new UsageError('--json and --csv: choose one');
    const file = fileArgument(positionals);
    const rates = values['eur-per-m'] === undefined ? {} : rateOptions(String(values['eur-per-m']));
    const request: ProposeRequest = {
      network: networkRequest(values),
      // Checked by the request's schema, which names the flag when the value is none of them.
      target: values.target as ProposeRequest['target'],
      share: ratio(values.share, '--share'),
      budgetEur: values.budget === undefined ? undefined : euros(values.budget, '--budget'),
      radiusM: number(values.radius, '--radius'),
      detourFactor: number(values['detour-factor'], '--detour-factor'),
      ...rates,
      owner: values.owner as string | undefined,
      installation: values.installation as Installation | undefined,
      kinds: values.kinds === undefined ? undefined : (String(values.kinds).split(',').map((k) => k.trim()) as SiteKind[]),
      includeTopologyLinks: values['no-topology-links'] ? false : undefined,
      includeRentableConduits: values['no-rentable-conduits'] ? false : undefined,
      timeLimitS: number(values['time-limit'], '--time-limit'),
      exactLimit: integer(values['exact-limit'], '--exact-limit'),
    };
    const { workspace } = await loadWorkspace(file, values);
    const result = await proposeRequest(workspace, request);
    io.out(values.json ? json(result) : values.csv ? proposalsCsv(result) : humanProposals(result));
    return 0;
  },
};

/**
 * `--eur-per-m 25` (every kind of works), `duct=25,buried=60` (by kind), `Viatel:duct=15` (by
 * owner, for the links of that owner).
 *
 * @example
 * rateOptions('duct=25,buried=60,Viatel:duct=15'); // { eurPerM: { duct: 25, buried: 60 }, ownerEurPerM: { Viatel: { duct: 15 } } }
 */
export function rateOptions(text: string): { eurPerM?: RateTable; ownerEurPerM?: Record<string, RateTable> } {
  if (!text.includes('=')) return { eurPerM: rateValue(text) };
  const base: Record<string, number> = {};
  const byOwner: Record<string, Record<string, number>> = {};
  for (const part of text.split(/[;,]/).map((p) => p.trim()).filter(Boolean)) {
    const match = /^(?:(.+):)?([a-z]+)=(.+)$/.exec(part);
    if (!match) throw new UsageError(`--eur-per-m: expected KIND=RATE or OWNER:KIND=RATE, got "${part}"`);
    const [, owner, kind, value] = match;
    const rate = rateValue(value);
    if (owner === undefined) {
      base[kind] = rate;
      continue;
    }
    const table = byOwner[owner.trim()] ?? {};
    table[kind] = rate;
    byOwner[owner.trim()] = table;
  }
  return {
    ...(Object.keys(base).length > 0 && { eurPerM: base as RateTable }),
    ...(Object.keys(byOwner).length > 0 && { ownerEurPerM: byOwner as Record<string, RateTable> }),
  };
}

function rateValue(text: string): number {
  const x = number(text.trim(), '--eur-per-m');
  if (x === undefined) throw new UsageError(`--eur-per-m: expected a rate in € per metre, got "${text}"`);
  return x;
}

const eur = (x: number | null) => (x === null ? '–' : Math.round(x));
const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;

function targetText(r: Augmentation): string {
  const t = r.target;
  if (t.kind === 'every-nro') return 'every NRO secured (two section-disjoint paths to the head-ends)';
  if (t.kind === 'risk-groups') return 'every NRO secured and cut off by no single risk group';
  if (t.kind === 'every-site') return 'every analysed site secured';
  const share = `${pct(t.share)} of the ${n(r.subscribersNotSecured)} subscribers of the NROs not secured today`;
  if (t.budgetEur === undefined) return `the cheapest set securing ${share}`;
  return `the most subscribers within ${n(t.budgetEur)} €${t.share > 0 ? `, securing at least ${share}` : ` (${n(r.subscribersNotSecured)} subscribers of the NROs not secured today)`}`;
}

function humanProposals(r: Augmentation): string {
  const by = r.candidatesBySource;
  let text = `Minimum-cost augmentation: ${targetText(r)}\n`;
  text += `Candidates: ${r.candidates} (${by.topology} from the topology's list, ${by['rentable conduit']} rentable conduits, ${by.geometry} by geometry)\n`;
  const s = r.solver;
  const proof = r.optimal ? 'proved optimal (gap 0 %)' : `not proved optimal: gap ${pct(r.gap)}`;
  text += `Method: ${r.method}, ${proof}; ${Math.round(s.seconds * 100) / 100} s in the solver, ${s.rounds} solve(s), ${s.cuts} cuts, ${s.nodes} nodes\n\n`;
  if (r.links.length === 0) text += r.required === 0 ? 'Nothing to secure: the target is met today.\n' : 'No link needed.\n';
  else {
    text += table(
      ['rank', 'link', 'NRO A', 'NRO B', 'length (m)', 'cost (€)', '€/m', 'NROs secured', 'subscribers', '€/subscriber', 'source', 'note'],
      r.links.map((l) => [
        l.rank, l.id, l.a, l.b, l.lengthM, l.costEur, Math.round(l.eurPerM * 100) / 100, list(l.securedNros, 4), l.subscribersSecured, eur(l.eurPerSubscriber), l.source,
        l.alsoNeeds.length ? `with ${list(l.alsoNeeds, 3)}` : '',
      ]),
    );
  }
  text += `\nTotal: ${r.links.length} links, ${n(r.lengthM)} m, ${n(r.costEur)} €; secures ${r.securedNros.length} NROs, ${n(r.subscribersSecured)} subscribers`;
  text += r.target.kind === 'share' && r.subscribersNotSecured > 0 ? ` (${pct(r.subscribersSecured / r.subscribersNotSecured)} of those not secured today)\n` : '\n';
  text += `Lower bound: ${n(Math.round(r.lowerBoundEur))} € — no set ${r.target.kind === 'share' && r.target.budgetEur !== undefined ? 'securing as many subscribers' : 'meeting the target'} costs less\n`;
  if (r.subscribersBound !== undefined) text += `Subscribers bound: no set within the budget secures more than ${n(r.subscribersBound)}\n`;
  const own = r.topologyLinks;
  if (own) {
    text += `\nThe topology's own list: ${own.links} links, ${n(own.costEur)} €, ${own.meetsTarget ? 'meets the target' : 'does not meet the target'}`;
    text += ` (secures ${own.securedNros} NROs, ${n(own.subscribersSecured)} subscribers${own.unmet.length ? `; leaves short ${list(own.unmet, 8)}` : ''})`;
    text += `; the proposed set costs ${n(r.costEur)} € (${own.costEur > 0 ? `${r.costEur <= own.costEur ? '−' : '+'}${pct(Math.abs(r.costEur - own.costEur) / own.costEur)}` : '–'}) and keeps ${own.kept.length} of them${own.kept.length ? `: ${list(own.kept, 14)}` : ''}\n`;
  }
  if (r.unsecurable.length) {
    text += `\nNo set of these candidates can bring these sites to the target:\n\n`;
    text += table(['site', 'kind', 'subscribers', 'why'], r.unsecurable.map((u) => [u.id, u.kind, u.subscribers, u.why]));
  }
  if (r.warnings.length) text += `\n${r.warnings.map((w) => `warning: ${w}`).join('\n')}\n`;
  return text;
}

/** One row per proposed link, then the total, for a French spreadsheet. */
function proposalsCsv(r: Augmentation): string {
  const header = ['rank', 'id', 'NRO A', 'NRO B', 'source', 'owner', 'installation', 'distance (m)', 'length (m)', 'cost (€ HT)', '€/m', 'NROs secured', 'subscribers secured', '€ per subscriber secured', 'also needs'];
  const rows: Array<Array<string | number | boolean | null>> = r.links.map((l) => [
    l.rank, l.id, l.a, l.b, l.source, l.owner, l.installation ?? 'duct', l.distanceM ?? null, l.lengthM, l.costEur, l.eurPerM,
    l.securedNros.join(', '), l.subscribersSecured, l.eurPerSubscriber, l.alsoNeeds.join(', '),
  ]);
  rows.push(['total', r.method, '', '', '', '', '', null, r.lengthM, r.costEur, null, r.securedNros.join(', '), r.subscribersSecured, null, '']);
  return frenchCsv(header, rows);
}
