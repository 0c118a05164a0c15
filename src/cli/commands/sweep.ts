import { jsonChunks } from '../../io/json-chunks.js';
import { type FailureSweepRequest, failureSweepRequest } from '../../requests/failure-sweep.js';
import type { Failure, FailureKind } from '../../saturation/failure-sweep-list.js';
import type { FailureSweepRecords } from '../../saturation/failure-sweep-records.js';
import type { LoadLevel } from '../../saturation/section-loads.js';
import { integer, networkRequest, top } from '../arguments.js';
import { type Command, fileArgument, NETWORK_OPTIONS, strings, UsageError } from '../command.js';
import { loadWorkspace } from '../load-workspace.js';
import { SATURATION_CLI_OPTIONS, SATURATION_FLAGS, saturationModel } from '../saturation-options.js';
import { percent, settingsLine } from '../saturation-tables.js';
import { formatNumber as n, list, table } from '../table.js';

/** `--kind` as the command line spells it. */
const KIND_WORDS: Readonly<Record<string, FailureKind>> = { section: 'section', site: 'site', 'risk-group': 'riskGroup', owner: 'owner' };
const KIND_LABELS: Readonly<Record<FailureKind, string>> = { section: 'section', site: 'site', riskGroup: 'risk group', owner: 'owner' };
/** From this many sections the command says on stderr what it is about to sweep. */
const LARGE = 10_000;

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'fail each section, site, risk group and owner in turn: every section’s worst loads and their failures, the NROs cut off or left unprotected',
  usage:
    'fibre-resilience sweep FILE [--kind section|site|risk-group|owner]… [--exclude-section ID]… [--exclude-site ID]… [--exclude-risk-group ID]… [--exclude-owner NAME]… [--worst 3] [--json] [--top 20] [--fibres-per-route 2] [--near 80%] [--saturated 100%] [--diversity site] [--headend ID]… [--include-planned] [--with-link ID]…',
  options: {
    ...NETWORK_OPTIONS,
    ...SATURATION_CLI_OPTIONS,
    kind: { type: 'string', multiple: true },
    'exclude-section': { type: 'string', multiple: true },
    'exclude-site': { type: 'string', multiple: true },
    'exclude-risk-group': { type: 'string', multiple: true },
    'exclude-owner': { type: 'string', multiple: true },
    worst: { type: 'string' },
    top: { type: 'string' },
  },
  flags: {
    ...SATURATION_FLAGS,
    kinds: '--kind',
    exclude: '--exclude-…',
    'exclude.sections': '--exclude-section',
    'exclude.sites': '--exclude-site',
    'exclude.riskGroups': '--exclude-risk-group',
    'exclude.owners': '--exclude-owner',
    worst: '--worst',
  },
  async run({ positionals, values }, io) {
    const file = fileArgument(positionals);
    const rows = top(values, 20);
    const request: FailureSweepRequest = {
      network: networkRequest(values),
      ...saturationModel(values),
      ...(values.kind !== undefined && { kinds: strings(values.kind).map(kindOf) }),
      exclude: {
        sections: strings(values['exclude-section']),
        sites: strings(values['exclude-site']),
        riskGroups: strings(values['exclude-risk-group']),
        owners: strings(values['exclude-owner']),
      },
      ...(values.worst !== undefined && { worst: integer(values.worst, '--worst', 1) }),
    };
    const { workspace } = await loadWorkspace(file, values);
    const { net } = workspace.network({ headends: [], includePlanned: false, withLinks: [], ...request.network });
    if (net.sectionCount >= LARGE) io.err(`sweeping the failures of ${n(net.siteCount)} sites and ${n(net.sectionCount)} sections…\n`);
    const progress = (done: number, total: number) => {
      if (done < total) io.err(`sweep: ${Math.floor((100 * done) / total)} % (${n(done)} of ${n(total)} failures)\n`);
    };
    const records = failureSweepRequest(workspace, request, progress);
    if (values.json) for (const chunk of jsonChunks(records as unknown as Record<string, unknown>)) io.out(chunk);
    else io.out(humanSweep(records, rows));
    return 0;
  },
};

function kindOf(word: string): FailureKind {
  const kind = KIND_WORDS[word];
  if (!kind) throw new UsageError(`--kind: expected section, site, risk-group or owner, got "${word}"`);
  return kind;
}

/** `site POP-ABB`. */
export const failureLabel = (f: Failure) => `${KIND_LABELS[f.kind]} ${f.id}`;
const level = (l: LoadLevel) => `${percent(l.ratio)} ${l.state}`;
const more = (shown: number, total: number) => (total > shown ? `… and ${n(total - shown)} more (--top N, or --json)\n` : '');

/**
 * The human form of `sweep`: what was failed, the sections failures push to near saturation or
 * beyond with the failures causing their worst loads, and the NROs failures cut off or leave
 * without a backup.
 *
 * @example
 * humanSweep(failureSweepRequest(workspace, {}), 20);
 */
export function humanSweep(records: FailureSweepRecords, top: number): string {
  const { failures, excluded, summary } = records;
  const swept = records.kinds.map((k) => `${n(failures[k])} ${KIND_LABELS[k]}${failures[k] === 1 ? '' : 's'}`).join(', ');
  const exclusions = [
    ...excluded.sections.map((id) => `section ${id}`), ...excluded.sites.map((id) => `site ${id}`),
    ...excluded.riskGroups.map((id) => `risk group ${id}`), ...excluded.owners.map((id) => `owner ${id}`),
  ];
  let text = `Failures swept one at a time: ${swept}${exclusions.length ? ` (never failed: ${list(exclusions, 8)})` : ''}\n`;
  text += `Head-ends: ${records.headends.join(', ') || 'none'}\n`;
  text += `Load model: ${settingsLine(records)}; routes ${records.diversity}-disjoint where they can be, re-routes too; the ${records.worst} worst failure(s) kept per section\n`;
  text += `Sections under their worst failure: ${n(summary.sections.saturated)} saturated, ${n(summary.sections.near)} near saturation `
    + `(intact: ${n(summary.base.saturated)} and ${n(summary.base.near)})\n`;
  // Sweeping sites, every NRO is cut off by its own failure: say how many something else cuts off.
  const byOthers = records.nros.filter((r) => r.cutOffBy.some((f) => !(f.kind === 'site' && f.id === r.nro))).length;
  text += `NROs: ${n(summary.nrosCutOff)} cut off by some failure (${n(byOthers)} by another element than their own site), `
    + `${n(summary.nrosUnprotected)} left without a backup by some failure\n`;

  const strained = records.sections.filter((s) => s.worst.length > 0 && (s.worst[0].load.state === 'near' || s.worst[0].load.state === 'saturated'));
  if (strained.length === 0) text += '\nNo failure brings a section to near saturation that re-routing loads more.\n';
  else {
    const shown = strained.slice(0, top).map((s) => [
      s.section, s.owner, s.capacityFibres ?? 0, s.base.loadFibres, level(s.base), s.worst[0].load.loadFibres, level(s.worst[0].load),
      s.worst.map((w) => `${failureLabel(w.failure)} (${n(w.load.loadFibres)})`).join(', '),
    ]);
    text += `\nSections failures push to near saturation or beyond, worst first:\n${table(
      ['section', 'owner', 'capacity', 'intact load', 'intact', 'worst load', 'worst', 'failures causing the worst loads (load)'], shown,
    )}${more(shown.length, strained.length)}`;
  }

  const cut = records.nros.filter((r) => r.cutOffBy.length > 0);
  if (cut.length > 0) {
    const shown = cut.slice(0, top).map((r) => [r.nro, r.name ?? '', r.subscribers, r.cutOffBy.length, list(r.cutOffBy.map(failureLabel), 6)]);
    text += `\nNROs a failure cuts off (no route left), the most exposed first:\n${table(['NRO', 'name', 'subscribers', 'failures', 'cut off by'], shown)}${more(shown.length, cut.length)}`;
  }
  const exposed = records.nros.filter((r) => r.unprotectedBy.length > 0)
    .sort((a, b) => b.unprotectedBy.length - a.unprotectedBy.length || b.subscribers - a.subscribers || (a.nro < b.nro ? -1 : a.nro > b.nro ? 1 : 0));
  if (exposed.length > 0) {
    const shown = exposed.slice(0, top).map((r) => [r.nro, r.name ?? '', r.subscribers, r.unprotectedBy.length, list(r.unprotectedBy.map(failureLabel), 6)]);
    text += `\nNROs a failure leaves with a route but no backup:\n${table(['NRO', 'name', 'subscribers', 'failures', 'left unprotected by'], shown)}${more(shown.length, exposed.length)}`;
  }
  return text;
}
