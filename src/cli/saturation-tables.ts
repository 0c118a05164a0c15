import type { CollectionRecord } from '../routing/collection-routes.js';
import type { DesaturationEffect } from '../saturation/desaturation-effect.js';
import type { SweepRow } from '../saturation/n1-sweep.js';
import type { RerouteReport } from '../saturation/reroute-after-cut.js';
import type { SaturationReport } from '../saturation/saturation-report.js';
import type { LoadLevel, SectionLoad } from '../saturation/section-loads.js';
import { formatNumber as n, list, table } from './table.js';

/**
 * A ratio as a percentage, rounded down to 0.1 % so that a figure never reads as reaching a
 * threshold it does not reach (99.97 % prints 99.9 %, not 100 %).
 *
 * @example
 * percent(0.8333); // '83.3 %'
 */
export function percent(ratio: number | null): string {
  if (ratio === null) return '?';
  return `${(Math.floor(ratio * 1000 + 1e-9) / 10).toFixed(1)}\u202f%`;
}

const level = (l: LoadLevel | null | undefined) => (l ? `${percent(l.ratio)} ${l.state}` : '–');
const more = (shown: number, total: number, hint: string) => (total > shown ? `… and ${n(total - shown)} more (${hint})\n` : '');

/** The model's settings in one line. */
export function settingsLine(o: { fibresPerRoute: number; nearRatio: number; saturatedRatio: number }): string {
  return `${o.fibresPerRoute} fibre(s) per route, primary and backup alike; near ≥ ${percent(o.nearRatio)}, saturated ≥ ${percent(o.saturatedRatio)}`;
}

/** The human form of `saturation`: summary, strained sections, works, unprotected NROs, sweep. */
export function humanSaturation(report: SaturationReport, top: number): string {
  const { nros, sections } = report.summary;
  const lines = [
    `Head-ends: ${report.headends.join(', ') || 'none'}`,
    `Load model: ${settingsLine(report)}`,
    `NROs: ${n(report.routes.length)} — ${n(nros.protected)} protected (primary + section-disjoint backup), ${n(nros.unprotected)} unprotected (one route), ${n(nros.unroutable)} unroutable${nros['at-headend'] ? `, ${n(nros['at-headend'])} at a head-end` : ''}`,
    `Sections: ${n(sections.saturated)} saturated, ${n(sections.near)} near saturation, ${n(sections.ok)} ok, ${n(sections.unknown)} of unknown capacity`,
    '',
  ];
  let text = lines.join('\n');
  text += strainedSections(report.sections, top);
  text += unknownSections(report.sections, top);
  text += desaturationTable(report.desaturationWorks, report.sweep !== undefined);
  text += unprotectedNros(report.routes, top);
  if (report.sweep) text += sweepTable(report.sweep, report.summary.sweep!, sections, top);
  return text;
}

function strainedSections(loads: readonly SectionLoad[], top: number): string {
  const strained = loads.filter((l) => l.state === 'saturated' || l.state === 'near');
  if (strained.length === 0) return 'No section is near saturation.\n';
  const rows = strained.slice(0, top).map((l) => [
    l.section, l.owner, l.capacityFibres ?? 0, l.usedFibres, l.routedFibres, l.loadFibres, percent(l.ratio), l.state, l.routes, list(l.nros, 4),
  ]);
  return `\nSaturated and near-saturation sections, worst first:\n${table(
    ['section', 'owner', 'capacity', 'used', 'routed', 'load', 'saturation', 'state', 'routes', 'NROs routed over it'],
    rows,
  )}${more(rows.length, strained.length, '--top N, or --json')}`;
}

function unknownSections(loads: readonly SectionLoad[], top: number): string {
  const unknown = loads.filter((l) => l.state === 'unknown' && l.routes > 0);
  if (unknown.length === 0) return '';
  const rows = unknown.slice(0, Math.min(top, 10)).map((l) => [l.section, l.owner, l.usedFibres, l.routedFibres, l.loadFibres, l.routes]);
  return `\n${n(unknown.length)} section(s) carry routes but have no capacityFibres: their saturation is unknown, not ok:\n${table(
    ['section', 'owner', 'used', 'routed', 'load', 'routes'],
    rows,
  )}${more(rows.length, unknown.length, '--json')}`;
}

function desaturationTable(works: readonly DesaturationEffect[], withSweep: boolean): string {
  if (works.length === 0) return '';
  const rows = works.flatMap((w) =>
    w.sections.map((s, i) => [
      i === 0 ? w.id : '',
      i === 0 ? w.urgency : '',
      i === 0 ? w.label : '',
      s.section,
      s.analysed ? `${s.capacityBefore ?? '?'} → ${s.capacityAfter ?? '?'}` : 'not analysed',
      s.before?.loadFibres ?? '–',
      level(s.before),
      level(s.after),
      ...(withSweep ? [level(s.worstBefore), level(s.worstAfter)] : []),
    ]),
  );
  const header = ['work', 'urgency', 'label', 'section', 'capacity', 'load', 'before', 'after'];
  if (withSweep) header.push('worst N-1 before', 'worst N-1 after');
  return `\nDesaturation works (by urgency, then €/m), each on its own:\n${table(header, rows.map((r) => r.map(String)))}`;
}

function unprotectedNros(routes: readonly CollectionRecord[], top: number): string {
  const exposed = routes
    .filter((r) => r.status === 'unprotected' || r.status === 'unroutable')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'unroutable' ? -1 : 1) || b.subscribers - a.subscribers || (a.nro < b.nro ? -1 : 1));
  if (exposed.length === 0) return '\nEvery NRO has a primary route and a section-disjoint backup.\n';
  const rows = exposed.slice(0, top).map((r) => [r.nro, r.subscribers, r.status, r.primary?.lengthM ?? '–', r.primary ? list(r.primary.sections, 5) : '–']);
  return `\nNROs without a section-disjoint backup (unroutable first, then by subscribers):\n${table(
    ['NRO', 'subscribers', 'status', 'route (m)', 'route sections, NRO → head-end'],
    rows,
  )}${more(rows.length, exposed.length, '--top N, or --json')}`;
}

function sweepTable(rows: readonly SweepRow[], counts: Record<string, number>, intact: Record<string, number>, top: number): string {
  const raised = rows.filter((r) => r.worstCut !== null && (r.worst.state === 'near' || r.worst.state === 'saturated'));
  let text = `\nN-1 sweep: each section under its worst single-section cut — ${n(counts.saturated)} saturated and ${n(counts.near)} near saturation (intact: ${n(intact.saturated)} and ${n(intact.near)}).\n`;
  if (raised.length === 0) return `${text}No single cut brings a section to near saturation that re-routing loads more.\n`;
  const shown = raised.slice(0, top).map((r) => [
    r.section, r.owner, r.capacityFibres ?? 0, level(r.base), r.worst.loadFibres, level(r.worst), r.worstCut!,
  ]);
  text += `Sections a single cut pushes to near saturation or beyond, worst first:\n`;
  return text + table(['section', 'owner', 'capacity', 'intact', 'worst load', 'worst', 'cut causing it'], shown) + more(shown.length, raised.length, '--top N, or --json');
}

/** The human form of `cut --reroute`: what was lost, the detours, what saturates. */
export function humanReroute(report: RerouteReport, top: number): string {
  const lost = report.routesLost;
  const primaries = lost.filter((r) => r.role === 'primary').length;
  let text = `\nAfter re-routing what the cut broke (${settingsLine(report)}):\n`;
  if (lost.length === 0) return `${text}No collection route uses the failed sections: nothing to re-route.\n`;
  text += `Routes lost: ${n(lost.length)} (${n(primaries)} primary, ${n(lost.length - primaries)} backup); re-routed: ${n(report.rerouted.length)}\n`;
  text += `NROs left without a disjoint backup: ${report.unprotected.length ? list(report.unprotected, 10) : 'none'}\n`;
  const unroutable = report.unroutable.map((u) => `${u.nro} (${n(u.subscribers)} subscribers)`);
  text += `NROs that cannot be re-routed: ${unroutable.length ? list(unroutable, 10) : 'none'}\n`;
  if (report.rerouted.length) {
    const rows = report.rerouted.slice(0, top).map((r) => [
      r.nro, r.role, r.lengthM, r.previousLengthM ?? '–', r.addedLengthM === null ? '–' : signed(r.addedLengthM), list(r.sections, 5),
    ]);
    text += `\nRe-routed, longest detour first:\n${table(['NRO', 'replaces', 'length (m)', 'was (m)', 'added (m)', 'sections, NRO → head-end'], rows)}`;
    text += more(rows.length, report.rerouted.length, '--top N, or --json');
  }
  if (report.sections.length) {
    const rows = report.sections.slice(0, top).map((s) => [
      s.section, s.owner, s.capacityFibres ?? 0, s.before.loadFibres, s.after.loadFibres, level(s.before), level(s.after),
    ]);
    text += `\nSections that become near saturation or saturated:\n${table(['section', 'owner', 'capacity', 'load before', 'load after', 'before', 'after'], rows)}`;
    text += more(rows.length, report.sections.length, '--top N, or --json');
  } else {
    text += '\nNo section becomes near saturation or saturated.\n';
  }
  if (report.loadedFurther.length) {
    const rows = report.loadedFurther.slice(0, top).map((s) => [
      s.section, s.owner, s.capacityFibres ?? 0, s.before.loadFibres, s.after.loadFibres, level(s.before), level(s.after),
    ]);
    text += `\nSections already near saturation or saturated that take more fibres:\n${table(['section', 'owner', 'capacity', 'load before', 'load after', 'before', 'after'], rows)}`;
    text += more(rows.length, report.loadedFurther.length, '--top N, or --json');
  }
  if (report.unknownCapacity.length) {
    text += `${n(report.unknownCapacity.length)} section(s) of unknown capacity take more fibres: ${list(report.unknownCapacity.map((u) => `${u.section} ${u.loadBefore}→${u.loadAfter}`), 6)}\n`;
  }
  return text;
}

const signed = (value: number) => (value > 0 ? `+${n(value)}` : n(value));
