import { readFile } from 'node:fs/promises';
import type { WorkWorth } from '../../availability/work-worth.js';
import { parseJSON } from '../../io/read-topology.js';
import { type AvailabilityAnswer, availabilityRequest, type NroAvailabilityRecord } from '../../requests/availability.js';
import { networkRequest, number, top } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { list, formatNumber as n, table } from '../table.js';

const MODEL_FIELDS = ['failureModel', 'failureModel.sites', 'failureModel.sections', 'failureModel.riskGroups', 'failureModel.owners'];

export const availabilityCommand: Command = {
  name: 'availability',
  summary: 'expected unavailability (min/year) and subscriber-hours lost per NRO under a failure model, and what each work avoids',
  usage:
    'fibre-resilience availability FILE [--json] [--top 20] [--failure-model FILE.json] [--states nro|network] [--lifetime-years 1] [--no-works] [--headend ID]… [--include-planned] [--with-link ID]…',
  options: {
    ...NETWORK_OPTIONS,
    top: { type: 'string' },
    'failure-model': { type: 'string' },
    states: { type: 'string' },
    'lifetime-years': { type: 'string' },
    'no-works': { type: 'boolean' },
  },
  flags: { ...Object.fromEntries(MODEL_FIELDS.map((f) => [f, '--failure-model'])), states: '--states', lifetimeYears: '--lifetime-years', top: '--top' },
  fileFields: ['failureModel'],
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const rows = top(values, 20);
    const states = values.states;
    if (states !== undefined && states !== 'nro' && states !== 'network') throw new UsageError(`--states: expected nro or network, got "${String(states)}"`);
    const modelFile = values['failure-model'];
    const failureModel = typeof modelFile === 'string' ? parseJSON(await readFile(modelFile, 'utf8'), modelFile) : undefined;
    const lifetimeYears = number(values['lifetime-years'], '--lifetime-years');
    const request = {
      network: networkRequest(values),
      ...(failureModel !== undefined && { failureModel }),
      ...(states !== undefined && { states }),
      ...(lifetimeYears !== undefined && { lifetimeYears }),
      // The JSON lists as many pairs per NRO as the tables show rows, up to the request's bound.
      top: Math.min(rows, 100),
      works: values['no-works'] !== true,
    };
    const { workspace } = await loadWorkspace(file, values);
    const answer = availabilityRequest(workspace, request as Parameters<typeof availabilityRequest>[1]);
    io.out(values.json ? json(answer) : humanAvailability(answer, rows, modelFile !== undefined));
    return 0;
  },
};

/** Minutes with three significant figures or so: 137, 23.8, 0.42. */
const minutes = (x: number) =>
  x >= 1000 ? Math.round(x) : x >= 10 ? Math.round(x * 10) / 10 : x >= 0.01 || x === 0 ? Math.round(x * 100) / 100 : Number(x.toPrecision(2));
const hours = (x: number) => Math.round(x);
const range = (f: { lower: number; upper: number }, round: (x: number) => number) => `${n(round(f.lower))} – ${n(round(f.upper))}`;

function cutOffBy(nro: NroAvailabilityRecord): string {
  const shown = nro.singleFailures.slice(0, 4).map((s) => `${s.id} ${minutes(s.minPerYear)}`);
  const more = nro.singleFailures.length - shown.length;
  return shown.join(', ') + (more > 0 ? ` … (+${more})` : '');
}

/** Pairs found, with a `+` when some kinds were not enumerated (more may exist). */
function pairCount(r: NroAvailabilityRecord): string | number {
  const d = r.doubleFailures;
  const found = d.sectionPairs + (d.riskGroupPairs ?? 0) + (d.mixedPairs ?? 0);
  return d.complete.riskGroupRiskGroup && d.complete.mixed ? found : `${found}+`;
}

function likeliestPair(r: NroAvailabilityRecord): string {
  const pair = r.doubleFailures.top[0];
  return pair ? `${pair.a.id} + ${pair.b.id} ${minutes(pair.minPerYear)}` : '–';
}

function workNote(w: WorkWorth): string {
  if (w.note) return w.note;
  return w.subscriberHoursAvoidedPerYear.expected > 0 ? '' : 'AVOIDS NOTHING: no NRO’s failures change';
}

/** The tables of `availability`: the network's figures, the worst NROs and what cuts them off, the works by € per subscriber-hour avoided. */
export function humanAvailability(answer: AvailabilityAnswer, rows: number, withModelFile = false): string {
  const { network } = answer;
  const sh = network.subscriberHoursPerYear;
  let text = `Availability of ${n(network.nros)} NROs (${n(network.subscribers)} subscribers), head-end(s) ${answer.headends.join(', ') || '–'}\n`;
  text += `Failure model: built-in defaults${withModelFile ? ', the topology’s failureModel and --failure-model' : ' and the topology’s failureModel'} (docs/availability.md); states: ${answer.states}\n`;
  text += `Expected subscriber-hours lost per year: ${n(hours(sh.single))} from single failures; ${range(sh, hours)} with double failures (bounds)\n`;
  if (sh.upper > 10 * sh.lower) {
    text += 'The upper bounds say little here: with this many elements, three or more are often down at once, and the upper bound counts every such moment as an outage. Read the lower bound (docs/availability.md).\n';
  }
  const { isolated } = network;
  if (isolated.nros > 0) {
    text += `of which ${n(hours(isolated.subscriberHoursPerYear))} from ${n(isolated.nros)} NRO(s) with no path to a head-end (${n(isolated.subscribers)} subscribers, down all year)\n`;
  }
  text += '\n';

  // NROs with no path are down all year whatever fails: named in a line, the table is about failures.
  const connected = answer.nros.filter((r) => r.status !== 'isolated');
  const cutOff = answer.nros.filter((r) => r.status === 'isolated').map((r) => r.nro);
  if (cutOff.length > 0) text += `No path to a head-end, down all year: ${list(cutOff, 8)}\n\n`;
  text += `Worst ${Math.min(rows, connected.length)} connected NROs by expected unavailability (minutes per year)\n\n`;
  text += table(
    ['NRO', 'name', 'subscribers', 'status', 'single', 'lower – upper', 'subscriber-h/yr', 'pairs', 'cut off alone by (min/yr)'],
    connected.slice(0, rows).map((r) => [
      r.nro, r.name ?? '', r.subscribers, r.status, minutes(r.unavailabilityMinPerYear.single), range(r.unavailabilityMinPerYear, minutes),
      hours(r.subscriberHoursPerYear.lower), pairCount(r), cutOffBy(r),
    ]),
  );
  const secured = answer.nros.filter((r) => r.status === 'secured');
  if (secured.length > 0) {
    text += `\nSecured NROs (${n(secured.length)}): what their two routes share, and the double failures that would cut them off (worst ${Math.min(rows, secured.length)})\n\n`;
    text += table(
      ['NRO', 'name', 'subscribers', 'routes', 'shared sites', 'shared trenches', 'pairs', 'likeliest double failure (min/yr)', 'min/yr'],
      secured.slice(0, rows).map((r) => [
        r.nro, r.name ?? '', r.subscribers, r.routes.diversity ? `${r.routes.diversity}-disjoint` : r.routes.status,
        r.routes.shares ? list(r.routes.shares.sites, 3) || '–' : '–', r.routes.shares ? list(r.routes.shares.riskGroups, 3) || '–' : '–',
        pairCount(r), likeliestPair(r), range(r.unavailabilityMinPerYear, minutes),
      ]),
    );
  }
  const incomplete = answer.nros.filter((r) => !(r.doubleFailures.complete.mixed && r.doubleFailures.complete.riskGroupRiskGroup)).length;
  if (incomplete > 0) text += `Pairs with a site or a risk group not enumerated (network too large): their states are in the upper bound only (n+).\n`;

  if (answer.works.length > 0) {
    text += `\nWorks by € per subscriber-hour avoided (least first; lifetime ${answer.works[0].lifetimeYears} year(s))\n\n`;
    text += table(
      ['work', 'kind', 'cost (€)', 'subscriber-h avoided/yr', 'proven range', '€/subscriber-h', 'note'],
      answer.works.map((w) => [
        w.id, w.kind, w.costEur ?? '–', hours(w.subscriberHoursAvoidedPerYear.expected), range(w.subscriberHoursAvoidedPerYear, hours),
        w.eurPerSubscriberHour === null ? '–' : Math.round(w.eurPerSubscriberHour * 100) / 100, workNote(w),
      ]),
    );
  }
  return text;
}
