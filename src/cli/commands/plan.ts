import { frenchCsv } from '../../planning/csv.js';
import type { Plan } from '../../planning/plan/plan.js';
import { planRequest, type PlanRequest } from '../../requests/plan.js';
import { euros, integer, networkRequest, number } from '../arguments.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, type OptionValues, strings, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { formatNumber as n, list, table } from '../table.js';

/** The flags of a plan (budget, years and caps, funding, rules, method, proposals): `plan`'s, and `export postgis --budget …`'s. */
export const PLAN_OPTIONS = {
  budget: { type: 'string' },
  years: { type: 'string' },
  'yearly-cap': { type: 'string' },
  'yearly-budgets': { type: 'string' },
  funding: { type: 'string' },
  mandatory: { type: 'string', multiple: true },
  'mandatory-priority': { type: 'string' },
  'saturation-weight': { type: 'string' },
  objective: { type: 'string' },
  'exact-limit': { type: 'string' },
  method: { type: 'string' },
  'time-limit': { type: 'string' },
  propose: { type: 'boolean' },
  'per-nro': { type: 'string' },
  'detour-factor': { type: 'string' },
  'eur-per-m': { type: 'string' },
  'start-year': { type: 'string' },
} as const;

export const planCommand: Command = {
  name: 'plan',
  summary: 'the works that secure the most subscribers and clear the most saturation under a budget, by year, with their funding',
  usage:
    'fibre-resilience plan FILE --budget EUR [--years N] [--yearly-cap EUR | --yearly-budgets EUR,EUR,…] [--funding "Source=share,…"] [--mandatory ID]… [--mandatory-priority N] [--objective subscribers|subscriber-hours] [--method auto|milp|branch-and-bound|greedy] [--time-limit S] [--propose [--per-nro 3] [--detour-factor 1.3] [--eur-per-m 25]] [--start-year YEAR] [--json|--csv]',
  options: {
    ...NETWORK_OPTIONS,
    csv: { type: 'boolean' },
    ...PLAN_OPTIONS,
  },
  flags: {
    budgetEur: '--budget', years: '--years', yearlyCapEur: '--yearly-cap', yearlyBudgetsEur: '--yearly-budgets', funding: '--funding',
    mandatory: '--mandatory', mandatoryPriority: '--mandatory-priority', saturationWeight: '--saturation-weight', objective: '--objective', exactLimit: '--exact-limit',
    method: '--method', timeLimitS: '--time-limit', propose: '--propose', perNro: '--per-nro', detourFactor: '--detour-factor', eurPerM: '--eur-per-m', startYear: '--start-year',
    solver: '--method',
  },
  async run({ positionals, values }, io) {
    if (values.json && values.csv) throw new UsageError('--json and --csv: choose one');
    if (values.budget === undefined) throw new UsageError('--budget EUR is required');
    const file = fileArgument(positionals);
    const request = { network: networkRequest(values), ...planRules(values) };
    const { workspace } = await loadWorkspace(file, values);
    const plan = await planRequest(workspace, request);
    io.out(values.json ? json(plan) : values.csv ? planCsv(plan) : humanPlan(plan));
    return 0;
  },
};

/**
 * The plan's rules from the flags of `plan` (budget, years and caps, funding, mandatory works,
 * objective, method, proposals): what `export postgis --budget …` asks too.
 *
 * @example
 * planRules({ budget: '3884950', years: '3' }); // { budgetEur: 3884950, years: 3, … }
 */
export function planRules(values: OptionValues): Omit<PlanRequest, 'network'> & { budgetEur: number } {
  const yearly = values['yearly-budgets'];
  return {
    budgetEur: euros(values.budget, '--budget'),
    years: integer(values.years, '--years', 1),
    yearlyCapEur: values['yearly-cap'] === undefined ? undefined : euros(values['yearly-cap'], '--yearly-cap'),
    yearlyBudgetsEur: yearly === undefined ? undefined : String(yearly).split(/[,;]/).map((b) => euros(b, '--yearly-budgets')),
    funding: values.funding === undefined ? undefined : String(values.funding),
    mandatory: strings(values.mandatory),
    mandatoryPriority: integer(values['mandatory-priority'], '--mandatory-priority'),
    saturationWeight: number(values['saturation-weight'], '--saturation-weight'),
    exactLimit: integer(values['exact-limit'], '--exact-limit'),
    // Checked by the request's schema, which names the flag when the value is neither.
    objective: values.objective as PlanRequest['objective'],
    method: values.method as PlanRequest['method'],
    timeLimitS: number(values['time-limit'], '--time-limit'),
    propose: values.propose === true ? true : undefined,
    perNro: integer(values['per-nro'], '--per-nro', 1),
    detourFactor: number(values['detour-factor'], '--detour-factor'),
    eurPerM: number(values['eur-per-m'], '--eur-per-m'),
    startYear: integer(values['start-year'], '--start-year'),
  };
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

/** "proved optimal (gap 0 %)", or the gap and the bound, or "not proved optimal" without a bound. */
function proof(p: Plan): string {
  if (p.optimal) return 'proved optimal (gap 0 %)';
  if (p.gap === null || p.bound === null) return 'not proved optimal';
  return `not proved optimal: gap ${Math.round(p.gap * 10000) / 100} % (bound ${n(Math.round(p.bound * 100) / 100)})`;
}

function humanPlan(p: Plan): string {
  const caps = [...new Set(p.years.map((y) => y.capEur))];
  let text = `Plan: ${n(p.budgetEur)} € over ${p.years.length} year(s), ${caps.length === 1 ? `cap ${n(caps[0])} € a year` : `yearly caps ${p.years.map((y) => n(y.capEur)).join(' / ')} €`}\n`;
  text += `Method: ${p.method}, ${proof(p)} (${p.candidates} candidates${p.proposedCandidates ? `, ${p.proposedCandidates} of them proposed` : ''}, ${p.evaluations} link sets analysed)\n`;
  if (p.solver) text += `Solver: ${p.solver.name}, ${p.solver.status}, ${p.solver.seconds.toFixed(2)} s, ${p.solver.rounds} rounds (${p.solver.cutsAdded} cuts added), ${p.solver.nodes} nodes\n`;
  if (p.startYear !== undefined) text += `Programme: ${p.startYear}–${p.startYear + p.years.length - 1}; an NRO counts once in service\n`;
  text += `Objective: ${p.objective}\n`;
  text += `Saturation model: ${p.saturationModel}\n\n`;
  const v = p.value;
  text += `Selected: ${p.selected.length} works for ${n(p.costEur)} € (${n(p.spendableEur - p.costEur)} € left)\n`;
  text += `  secures ${v.securedNros.length} NROs, ${n(v.subscribersSecured)} subscribers: ${list(v.securedNros, 12)}\n`;
  if (v.subscriberHoursAvoided !== undefined) text += `  avoids ${n(Math.round(v.subscriberHoursAvoided))} expected subscriber-hours of outage a year (docs/availability.md)\n`;
  text += `  unblocks ${v.unblockedNros.length} NRO routes, ${n(v.subscribersUnblocked)} subscribers; clears ${v.clearedSections.length} strained sections: ${list(v.clearedSections, 12)}\n\n`;
  const rows = p.years.flatMap((y) =>
    y.works.map((id) => {
      const w = p.selected.find((s) => s.id === id)!;
      const paid = w.payments.find((x) => x.year === y.year)!.amountEur;
      const notes = [w.mandatory ? 'mandatory' : w.payments.length > 1 ? `paid over years ${w.payments.map((x) => x.year).join(', ')}` : '', w.note ?? ''].filter(Boolean);
      return [y.year, w.id, w.kind, w.label, w.rank, w.costEur, paid, notes.join('; ')];
    }),
  );
  text += table(['year', 'work', 'kind', 'label', 'prio/urg.', 'cost (€)', 'paid this year (€)', 'note'], rows);
  const sources = p.funding.shares.map((s) => s.source);
  text += `\nCost and funding by year (shares: ${p.funding.shares.map((s) => `${s.source} ${pct(s.share)}`).join(', ')})\n\n`;
  text += table(
    ['year', 'cap (€)', 'cost (€)', ...sources.map((s) => `${s} (€)`)],
    [
      ...p.years.map((y) => [String(y.year), y.capEur, y.costEur, ...y.funding.map((f) => f.amountEur)]),
      ['total', p.years.reduce((t, y) => t + y.capEur, 0), p.costEur, ...p.funding.totals.map((f) => f.amountEur)],
    ],
  );
  const secured = p.years.map((y) => `${y.calendarYear ?? `year ${y.year}`}: ${y.securedNros.length} NROs, ${n(y.subscribersSecured)} subscribers`);
  text += `\nSecured and in service at the end of each year (links fully paid): ${secured.join('; ')}\n`;
  if (p.notSelected.length) {
    text += `\nNot selected:\n\n`;
    text += table(['work', 'kind', 'cost (€)', 'why'], p.notSelected.map((w) => [w.id, w.kind, w.costEur, w.reason]));
  }
  if (p.warnings.length) text += `\n${p.warnings.map((w) => `warning: ${w}`).join('\n')}\n`;
  return text;
}

/** One row per payment, then each year's total with its funding split, then the programme's total. */
function planCsv(p: Plan): string {
  const sources = p.funding.shares.map((s) => s.source);
  const header = ['year', 'work', 'kind', 'label', 'priority or urgency', 'mandatory', 'cost (€ HT)', 'paid this year (€ HT)', ...sources.map((s) => `${s} (€)`)];
  const rows: Array<Array<string | number | boolean | null>> = [];
  for (const y of p.years) {
    for (const id of y.works) {
      const w = p.selected.find((s) => s.id === id)!;
      rows.push([y.year, w.id, w.kind, w.label, w.rank, w.mandatory, w.costEur, w.payments.find((x) => x.year === y.year)!.amountEur, ...sources.map(() => null)]);
    }
    rows.push([y.year, `total year ${y.year}`, '', '', null, null, null, y.costEur, ...y.funding.map((f) => f.amountEur)]);
  }
  rows.push(['total', '', '', `${p.method}, ${proof(p)}`, null, null, null, p.costEur, ...p.funding.totals.map((f) => f.amountEur)]);
  return frenchCsv(header, rows);
}
