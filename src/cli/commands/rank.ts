import { frenchCsv } from '../../planning/csv.js';
import type { RankedWork } from '../../planning/desaturation-ranking.js';
import type { RankedLink } from '../../planning/link-ranking.js';
import type { RelievedLoad } from '../../saturation/section-loads.js';
import { type RankRequest, type Rankings, rankRequest } from '../../requests/rank.js';
import { integer, networkRequest, number } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { formatNumber as n, list, table } from '../table.js';

export const rankCommand: Command = {
  name: 'rank',
  summary: 'rank redundancy links and desaturation works by what they secure, and propose links beyond the list',
  usage:
    'fibre-resilience rank FILE [--json|--csv] [--headend ID]… [--include-planned] [--with-link ID]… [--detour-factor 1.3] [--eur-per-m 25] [--per-nro 2] [--objective subscribers|subscriber-hours]',
  options: {
    ...NETWORK_OPTIONS,
    csv: { type: 'boolean' },
    'detour-factor': { type: 'string' },
    'eur-per-m': { type: 'string' },
    'per-nro': { type: 'string' },
    objective: { type: 'string' },
  },
  flags: { detourFactor: '--detour-factor', eurPerM: '--eur-per-m', perNro: '--per-nro', objective: '--objective' },
  async run({ positionals, values }, io) {
    if (values.json && values.csv) throw new UsageError('--json and --csv: choose one');
    const file = fileArgument(positionals);
    const request = {
      network: networkRequest(values),
      detourFactor: number(values['detour-factor'], '--detour-factor'),
      eurPerM: number(values['eur-per-m'], '--eur-per-m'),
      perNro: integer(values['per-nro'], '--per-nro', 1),
      // Checked by the request's schema, which names the flag when the value is neither.
      objective: values.objective as RankRequest['objective'],
    };
    const { workspace } = await loadWorkspace(file, values);
    const result = rankRequest(workspace, request);
    io.out(values.json ? json(result) : values.csv ? rankCsv(result) : humanRanking(result));
    return 0;
  },
};

const eur = (x: number | null) => (x === null ? '–' : Math.round(x));
const perM = (x: number) => Math.round(x * 100) / 100;

function linkNote(l: RankedLink): string {
  if (l.unavailable) return `not analysed: ${l.unavailable}`;
  if (l.buysNothing) return 'BUYS NOTHING';
  const notes: string[] = [];
  if (l.connectedNros.length) notes.push(`connects ${list(l.connectedNros)}`);
  if (l.securedNros.length === 0) notes.push('secures no NRO alone');
  return notes.join('; ');
}

const loadText = (l: RelievedLoad) =>
  l.ratio !== null ? `${Math.round(l.ratio * 100)} % (${l.state})` : l.state === 'unknown' ? 'unknown' : `${l.state}*`;

function workNote(w: RankedWork): string {
  if (w.buysNothing) return 'BUYS NOTHING: no strained section cleared';
  return w.sections.some((s) => s.before.note || s.after.note) ? '* no fibre counts: as the source says' : '';
}

function humanRanking(r: Rankings): string {
  const { links, baseline } = r.links;
  let text = `Redundancy links by priority, then €/m — what each buys on its own\n`;
  text += `Baseline: ${baseline.singleHomedNros.length} single-homed and ${baseline.isolatedNros.length} isolated NROs, ${n(baseline.subscribersNotSecured)} subscribers not secured\n\n`;
  text += table(
    ['link', 'prio', 'NRO A', 'NRO B', 'length (m)', 'cost (€)', '€/m', 'NROs secured', 'subscribers', '€/subscriber', 'sections covered', 'note'],
    links.map((l) => [l.id, l.priority, l.a, l.b, l.lengthM, l.costEur, perM(l.eurPerM), list(l.securedNros, 4), l.subscribersSecured, eur(l.eurPerSubscriber), list(l.coveredSections, 4), linkNote(l)]),
  );
  const useless = links.filter((l) => l.buysNothing && !l.unavailable);
  if (useless.length) text += `\n${useless.length} link(s) buy nothing: ${useless.map((l) => l.id).join(', ')}\n`;

  const v = r.valueOrdering;
  text += `\nBy value: subscribers secured per € given the links above (greedy)\n\n`;
  text += table(
    ['rank', 'link', 'prio', 'cost (€)', 'adds subscribers', 'NROs added', '€/subscriber', 'alone', 'cumulative €', 'cumulative subscribers', 'note'],
    v.steps.map((s) => [
      s.rank, s.id, s.priority, s.costEur, s.marginalSubscribers, list(s.marginalNros, 4), eur(s.eurPerSubscriber), s.aloneSubscribers,
      s.cumulativeCostEur, s.cumulativeSubscribers,
      [s.pairedWith ? `taken with ${s.pairedWith}` : '', s.synergyWith.length ? `more with ${s.synergyWith.join(', ')}` : ''].filter(Boolean).join('; '),
    ]),
  );
  if (v.addNothing.length) text += `Add nothing given the links above: ${v.addNothing.join(', ')}\n`;

  const works = r.desaturationWorks;
  text += `\nDesaturation works by urgency, then €/m — saturation model: ${works.model}\n\n`;
  text += table(
    ['work', 'urg.', 'label', 'owner', 'length (m)', 'cost (€)', '€/m', 'sections', 'before', 'after', 'routes relieved', 'routes unblocked', 'subscribers', 'note'],
    works.works.map((w) => [
      w.id, w.urgency, w.label, w.owner, w.lengthM, w.costEur, perM(w.eurPerM), w.sections.map((s) => s.section).join(', '),
      w.sections.map((s) => loadText(s.before)).join(', '), w.sections.map((s) => loadText(s.after)).join(', '),
      w.relievedNros.length, list(w.unblockedNros, 4), w.subscribersUnblocked, workNote(w),
    ]),
  );

  const all = works.together;
  text += `All ${works.works.length} works together clear ${all.sectionsCleared.length} strained sections and unblock ${all.unblockedNros.length} NRO routes (${n(all.subscribersUnblocked)} subscribers): a route is unblocked only when every strained section on it is cleared.\n`;

  const p = r.proposedLinks;
  text += `\nBeyond the seed's list: links proposed for the NROs still single-homed once ${p.assumedBuilt.length ? `${p.assumedBuilt.length} seed link(s) are built` : 'nothing is built'}\n`;
  text += `Method: ${p.method}\n`;
  if (p.singleHomedNros.length === 0) text += 'No NRO is left single-homed.\n';
  else {
    text += `Still single-homed: ${list(p.singleHomedNros, 12)}\n\n`;
    text += table(
      ['proposal', 'for NRO', 'to', 'distance (m)', 'length (m)', 'cost (€)', 'NROs secured', 'subscribers', '€/subscriber', 'sections covered'],
      p.links.map((l) => [l.id, l.forNro, l.b, l.distanceM, l.lengthM, l.costEur, list(l.securedNros, 4), l.subscribersSecured, eur(l.eurPerSubscriber), list(l.coveredSections, 3)]),
    );
    if (p.noCandidate.length) text += `No candidate site for: ${p.noCandidate.join(', ')}\n`;
  }

  if (r.bySubscriberHours) {
    text += `\nEvery work by € per expected subscriber-hour of outage avoided a year (docs/availability.md), least first\n\n`;
    text += table(
      ['work', 'kind', 'cost (€)', 'subscriber-h avoided/yr', '€/subscriber-h', 'note'],
      r.bySubscriberHours.map((w) => [
        w.id, w.kind, w.costEur ?? '–', Math.round(w.subscriberHoursAvoidedPerYear.expected),
        w.eurPerSubscriberHour === null ? '–' : Math.round(w.eurPerSubscriberHour * 100) / 100, w.note ?? '',
      ]),
    );
  }
  const warnings = [...r.warnings.totals.map((w) => w.message), ...r.warnings.rates.map((w) => w.message)];
  if (warnings.length) text += `\n${warnings.map((w) => `warning: ${w}`).join('\n')}\n`;
  return text;
}

/** One table for a spreadsheet: a `table` column tells the seed's links, the value ordering, the works and the proposals apart. */
function rankCsv(r: Rankings): string {
  const header = [
    'table', 'rank', 'id', 'priority or urgency', 'label', 'owner', 'length (m)', 'cost (€ HT)', '€/m',
    'NROs secured', 'subscribers secured', '€ per subscriber secured', 'sections covered', 'buys nothing',
    'sections relieved', 'saturation before', 'saturation after', 'routes unblocked', 'subscribers unblocked', 'note',
  ];
  const rows: Array<Array<string | number | boolean | null>> = [];
  for (const [i, l] of r.links.links.entries()) rows.push(['redundancy link', i + 1, l.id, l.priority, `${l.a} – ${l.b}`, '', l.lengthM, l.costEur, l.eurPerM, l.securedNros.join(', '), l.subscribersSecured, l.eurPerSubscriber, l.coveredSections.join(', '), l.buysNothing, '', '', '', '', '', linkNote(l)]);
  for (const s of r.valueOrdering.steps) {
    rows.push(['value ordering', s.rank, s.id, s.priority, 'marginal, given the links above', '', null, s.costEur, null, s.marginalNros.join(', '), s.marginalSubscribers, s.eurPerSubscriber, '', s.marginalSubscribers === 0, '', '', '', '', '', s.pairedWith ? `taken with ${s.pairedWith}` : '']);
  }
  for (const [i, w] of r.desaturationWorks.works.entries()) rows.push([
      'desaturation work', i + 1, w.id, w.urgency, w.label, w.owner, w.lengthM, w.costEur, w.eurPerM, '', null, null, '', w.buysNothing,
      w.sections.map((s) => s.section).join(', '), w.sections.map((s) => loadText(s.before)).join(', '), w.sections.map((s) => loadText(s.after)).join(', '),
      w.unblockedNros.join(', '), w.subscribersUnblocked, workNote(w),
    ]);
  for (const [i, l] of r.proposedLinks.links.entries()) rows.push(['proposed link', i + 1, l.id, l.priority, `${l.a} – ${l.b}`, l.owner, l.lengthM, l.costEur, l.eurPerM, l.securedNros.join(', '), l.subscribersSecured, l.eurPerSubscriber, l.coveredSections.join(', '), l.buysNothing, '', '', '', '', '', `for ${l.forNro}, ${l.distanceM} m as the crow flies`]);
  return frenchCsv(header, rows);
}
