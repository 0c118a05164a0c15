import { frenchCsv } from '../../planning/csv.js';
import { parseFunding } from '../../planning/plan/funding.js';
import { type Plan, planInvestments } from '../../planning/plan/plan.js';
import { type Command, fileArgument, json, NETWORK_OPTIONS, type OptionValues, strings, UsageError } from '../command.js';
import { loadNetwork } from '../load-network.js';
import { formatNumber as n, list, table } from '../table.js';
import { number, scenarioOptions } from './rank.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'the works that secure the most subscribers and clear the most saturation under a budget, by year, with their funding',
  usage:
    'fibre-resilience plan FILE --budget EUR [--years N] [--yearly-cap EUR | --yearly-budgets EUR,EUR,…] [--funding "Source=share,…"] [--mandatory ID]… [--mandatory-priority N] [--json|--csv]',
  options: {
    ...NETWORK_OPTIONS,
    csv: { type: 'boolean' },
    budget: { type: 'string' },
    years: { type: 'string' },
    'yearly-cap': { type: 'string' },
    'yearly-budgets': { type: 'string' },
    funding: { type: 'string' },
    mandatory: { type: 'string', multiple: true },
    'mandatory-priority': { type: 'string' },
    'saturation-weight': { type: 'string' },
    'exact-limit': { type: 'string' },
  },
  async run({ positionals, values }, io) {
    if (values.json && values.csv) throw new UsageError('--json and --csv: choose one');
    if (values.budget === undefined) throw new UsageError('--budget EUR is required');
    const budgetEur = euros(values.budget, '--budget');
    const yearly = values['yearly-budgets'];
    if (yearly !== undefined && (values['yearly-cap'] !== undefined)) throw new UsageError('--yearly-cap and --yearly-budgets: choose one');
    const file = fileArgument(positionals);
    const { topology } = await loadNetwork(file, values);
    let funding;
    try {
      funding = values.funding === undefined ? undefined : parseFunding(String(values.funding));
    } catch (error) {
      throw new UsageError(`--funding: ${(error as Error).message.replace(/^funding: /, '')}`);
    }
    const plan = usageErrors(() => planInvestments(topology, {
      ...scenarioOptions(values),
      budgetEur,
      years: integer(values.years, '--years'),
      yearlyCapEur: values['yearly-cap'] === undefined ? undefined : euros(values['yearly-cap'], '--yearly-cap'),
      yearlyBudgetsEur: yearly === undefined ? undefined : String(yearly).split(/[,;]/).map((b) => euros(b, '--yearly-budgets')),
      funding,
      mandatory: strings(values.mandatory),
      mandatoryRank: integer(values['mandatory-priority'], '--mandatory-priority'),
      saturationWeight: number(values['saturation-weight'], '--saturation-weight'),
      exactLimit: integer(values['exact-limit'], '--exact-limit'),
    }));
    io.out(values.json ? json(plan) : values.csv ? planCsv(plan) : humanPlan(plan));
    return 0;
  },
};

/** The engine's complaints about the request (a mandatory work over budget…) are usage errors: exit 2. */
export function usageErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    const message = (error as Error).message ?? '';
    if (/^(plan|plan-\w+|candidate-links|saturation-model|funding): /.test(message)) throw new UsageError(message);
    throw error;
  }
}

/** An amount in euros: `3884950`, `3 884 950`, `3884950€`, `3,5e6`. */
export function euros(value: OptionValues[string], name: string): number {
  const text = String(value).replace(/[\s\u00a0\u202f_€]/g, '').replace(',', '.');
  const x = Number(text);
  if (text === '' || !Number.isFinite(x) || x < 0) throw new UsageError(`${name}: expected an amount in euros, got "${String(value)}"`);
  return x;
}

function integer(value: OptionValues[string], name: string): number | undefined {
  const x = number(value, name);
  if (x !== undefined && !(Number.isInteger(x) && x >= 0)) throw new UsageError(`${name}: expected a whole number, got "${String(value)}"`);
  return x;
}

const pct = (share: number) => `${Math.round(share * 1000) / 10} %`;

function humanPlan(p: Plan): string {
  const caps = [...new Set(p.years.map((y) => y.capEur))];
  let text = `Plan: ${n(p.budgetEur)} € over ${p.years.length} year(s), ${caps.length === 1 ? `cap ${n(caps[0])} € a year` : `yearly caps ${p.years.map((y) => n(y.capEur)).join(' / ')} €`}\n`;
  text += `Method: ${p.method}${p.optimal ? ', proved optimal' : ', not proved optimal'} (${p.candidates} candidates, ${p.evaluations} link sets analysed)\n`;
  text += `Objective: ${p.objective}\n`;
  text += `Saturation model: ${p.saturationModel}\n\n`;
  const v = p.value;
  text += `Selected: ${p.selected.length} works for ${n(p.costEur)} € (${n(p.spendableEur - p.costEur)} € left)\n`;
  text += `  secures ${v.securedNros.length} NROs, ${n(v.subscribersSecured)} subscribers: ${list(v.securedNros, 12)}\n`;
  text += `  unblocks ${v.unblockedNros.length} NRO routes, ${n(v.subscribersUnblocked)} subscribers; clears ${v.clearedSections.length} strained sections: ${list(v.clearedSections, 12)}\n\n`;
  const rows = p.years.flatMap((y) =>
    y.works.map((id) => {
      const w = p.selected.find((s) => s.id === id)!;
      const paid = w.payments.find((x) => x.year === y.year)!.amountEur;
      return [y.year, w.id, w.kind, w.label, w.rank, w.costEur, paid, w.mandatory ? 'mandatory' : w.payments.length > 1 ? `paid over years ${w.payments.map((x) => x.year).join(', ')}` : ''];
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
  rows.push(['total', '', '', p.method, null, null, null, p.costEur, ...p.funding.totals.map((f) => f.amountEur)]);
  return frenchCsv(header, rows);
}
