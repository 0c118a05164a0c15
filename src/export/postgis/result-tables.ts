import type { ResilienceReport } from '../../analysis/resilience-report.js';
import type { DesaturationWork, Topology } from '../../model/schema.js';
import { splitFunding } from '../../planning/plan/funding.js';
import type { Plan } from '../../planning/plan/plan.js';
import type { SaturationReport } from '../../saturation/saturation-report.js';
import { loadAfterWorks } from '../../saturation/section-loads.js';
import { ResultGeometry } from './result-geometry.js';
import { column, type ResultRow, type ResultTable } from './result-table.js';

/** What the result tables are made of: the engine's answers for one network of a topology. */
export interface ResultSources {
  topology: Topology;
  /** `analyse --json`. */
  report: ResilienceReport;
  /** `saturation --json` (no sweep needed). */
  saturation: SaturationReport;
  /** `plan --json`, when a budget was given. */
  plan?: Plan;
}

/** The names of the tables `resultTables` gives, `plan` only with a plan. */
export const RESULT_TABLES = ['nros', 'critical_sections', 'section_saturation', 'cuts', 'plan'] as const;
export type ResultTableName = (typeof RESULT_TABLES)[number];

/**
 * The results of one network as tables for a GIS (docs/postgis.md): `nros` (points: every
 * analysed NRO, its status and what one failure of which cuts it off), `critical_sections`
 * (lines: the bridges and what their cut isolates), `section_saturation` (lines: every analysed
 * section's load against its capacity, now and once the desaturation works are done), `cuts`
 * (lines: the single-cut table, every analysed section's cut) and, with a plan, `plan`
 * (multilines: each selected work, a row per year it is paid in, with its cost and funding).
 * Pure: the rows are read from the reports, the geometry from the topology, nothing is mutated.
 *
 * @example
 * const loaded = workspace.network({ headends: [], includePlanned: false, withLinks: [] });
 * const tables = resultTables({ topology, report: loaded.report(), saturation: saturationOf(loaded) });
 * tables.find((t) => t.name === 'nros')?.rows.length; // the analysed NROs
 */
export function resultTables(sources: ResultSources): ResultTable[] {
  const geometry = new ResultGeometry(sources.topology);
  const tables = [nroTable(sources, geometry), criticalSectionTable(sources, geometry), saturationTable(sources, geometry), cutTable(sources, geometry)];
  if (sources.plan) tables.push(planTable(sources.topology, sources.plan, geometry));
  return tables;
}

/** A section or a redundancy link analysed as one (`withLinks`): its ends, owner and length. */
function sectionsOf(topology: Topology): Map<string, { from: string; to: string; owner: string; lengthM: number }> {
  const sections = new Map<string, { from: string; to: string; owner: string; lengthM: number }>();
  for (const l of topology.redundancyLinks ?? []) sections.set(l.id, { from: l.a, to: l.b, owner: l.owner, lengthM: l.lengthM });
  for (const s of topology.sections) sections.set(s.id, s);
  return sections;
}

function nroTable({ topology, report }: ResultSources, geometry: ResultGeometry): ResultTable {
  const kinds = new Map(topology.sites.map((s) => [s.id, s.kind]));
  return {
    name: 'nros',
    comment: 'the analysed NROs: status (secured, single-homed, isolated), section-disjoint paths to the head-ends, and the sections, sites, risk groups and owners one failure of which cuts each off',
    geometry: 'Point',
    key: ['id'],
    columns: [
      column('id', 'text', 'site id'),
      column('name', 'text', 'name of the NRO'),
      column('kind', 'text', 'kind of site (nro)'),
      column('subscribers', 'integer', 'subscribers (prises) served'),
      column('status', 'text', 'secured (2 paths), single-homed (1) or isolated (0)'),
      column('paths', 'integer', 'section-disjoint paths to the head-ends, capped at 2'),
      column('critical_sections', 'text[]', 'sections whose cut alone isolates it'),
      column('critical_sites', 'text[]', 'sites, not head-ends, whose failure alone isolates it'),
      column('shared_risk_groups', 'text[]', 'risk groups whose failure alone isolates it'),
      column('exposed_by', 'text[]', 'owners of its critical sections'),
    ],
    rows: report.nros.map((n) => ({
      values: {
        id: n.id, name: n.name ?? null, kind: kinds.get(n.id) ?? 'nro', subscribers: n.subscribers, status: n.status, paths: n.paths,
        critical_sections: n.criticalSections, critical_sites: n.criticalSites, shared_risk_groups: n.sharedRiskGroups, exposed_by: n.exposedBy,
      },
      geometry: geometry.point(n.id),
    })),
  };
}

/** The columns of a section's cut, shared by `critical_sections` and `cuts`. */
const SECTION_COLUMNS = [
  column('section', 'text', 'section id'),
  column('from_site', 'text', 'site at one end'),
  column('to_site', 'text', 'site at the other end'),
  column('owner', 'text', 'owner or operator of the conduit'),
  column('length_m', 'double precision', 'length, metres'),
];
const CUT_COLUMNS = [
  column('isolated_nros', 'text[]', 'NROs its cut alone cuts off from every head-end'),
  column('isolated_site_count', 'integer', 'sites its cut alone isolates'),
  column('subscribers_cut', 'integer', 'subscribers that lose service when it is cut'),
];

function cutRows({ topology, report }: ResultSources, geometry: ResultGeometry, only?: ReadonlySet<string>): ResultRow[] {
  const sections = sectionsOf(topology);
  const bridges = new Set(report.bridges);
  return report.cutImpact
    .filter((cut) => !only || only.has(cut.section))
    .map((cut) => {
      const s = sections.get(cut.section)!;
      return {
        values: {
          section: cut.section, from_site: s.from, to_site: s.to, owner: s.owner, length_m: s.lengthM, bridge: bridges.has(cut.section),
          isolated_nros: cut.isolatedNros, isolated_site_count: cut.isolatedSites.length, subscribers_cut: cut.subscribersCut,
        },
        geometry: geometry.line(cut.section),
      };
    });
}

function criticalSectionTable(sources: ResultSources, geometry: ResultGeometry): ResultTable {
  return {
    name: 'critical_sections',
    comment: 'the critical sections (bridges): the sections whose cut alone disconnects at least one site from every head-end, with the NROs and subscribers it cuts off',
    geometry: 'LineString',
    key: ['section'],
    columns: [...SECTION_COLUMNS, ...CUT_COLUMNS],
    rows: cutRows(sources, geometry, new Set(sources.report.bridges)).map(({ values: { bridge: _, ...values }, geometry: g }) => ({ values, geometry: g })),
  };
}

function cutTable(sources: ResultSources, geometry: ResultGeometry): ResultTable {
  return {
    name: 'cuts',
    comment: 'the single-cut table: for every analysed section, what cutting it alone cuts off (NROs, sites, subscribers)',
    geometry: 'LineString',
    key: ['section'],
    columns: [...SECTION_COLUMNS, column('bridge', 'boolean', 'true when its cut alone isolates a site (a critical section)'), ...CUT_COLUMNS],
    rows: cutRows(sources, geometry),
  };
}

function saturationTable({ topology, saturation, plan }: ResultSources, geometry: ResultGeometry): ResultTable {
  const worksOn = new Map<string, DesaturationWork[]>();
  for (const w of topology.desaturationWorks ?? []) for (const s of w.sections) worksOn.set(s, [...(worksOn.get(s) ?? []), w]);
  const planned = new Set(plan?.selected.filter((w) => w.kind === 'desaturation work').map((w) => w.id) ?? []);
  const ratios = { nearRatio: saturation.nearRatio, saturatedRatio: saturation.saturatedRatio };
  return {
    name: 'section_saturation',
    comment: `the saturation of every analysed section: its load (fibres already used plus ${saturation.fibresPerRoute} per collection route through it) against its capacity, ` +
      `its state (near from ${saturation.nearRatio}, saturated from ${saturation.saturatedRatio}), and once the desaturation works on it are done`,
    geometry: 'LineString',
    key: ['section'],
    columns: [
      column('section', 'text', 'section id'),
      column('owner', 'text', 'owner or operator of the conduit'),
      column('capacity_fibres', 'integer', 'fibres the conduit holds; null when unknown'),
      column('used_fibres', 'integer', 'fibres already used by others'),
      column('routed_fibres', 'integer', 'fibres of the collection routes through it'),
      column('load_fibres', 'integer', 'used_fibres + routed_fibres'),
      column('ratio', 'double precision', 'load / capacity; null when the capacity is unknown'),
      column('state', 'text', 'ok, near, saturated or unknown (no capacity)'),
      column('routes', 'integer', 'collection routes (primaries and backups) through it'),
      column('nros', 'text[]', 'NROs whose routes run through it'),
      column('works', 'text[]', 'desaturation works that relieve it'),
      column('capacity_after_works', 'integer', 'capacity once those works are done; null when unknown'),
      column('ratio_after_works', 'double precision', 'load / capacity once those works are done'),
      column('state_after_works', 'text', 'state once those works are done (a work without added fibres is taken to relieve it)'),
      column('state_after_plan', 'text', 'state once the plan’s desaturation works on it are done; null without a plan'),
    ],
    rows: saturation.sections.map((s) => {
      const works = worksOn.get(s.section) ?? [];
      const measured = { load: s.loadFibres, capacity: s.capacityFibres };
      const after = loadAfterWorks(s.section, measured, works, works.length > 0, ratios);
      const afterPlan = plan ? loadAfterWorks(s.section, measured, works.filter((w) => planned.has(w.id)), works.length > 0, ratios).state : null;
      return {
        values: {
          section: s.section, owner: s.owner, capacity_fibres: s.capacityFibres, used_fibres: s.usedFibres, routed_fibres: s.routedFibres,
          load_fibres: s.loadFibres, ratio: s.ratio, state: s.state, routes: s.routes, nros: s.nros, works: works.map((w) => w.id),
          capacity_after_works: after.capacityFibres, ratio_after_works: after.ratio, state_after_works: after.state, state_after_plan: afterPlan,
        },
        geometry: geometry.line(s.section),
      };
    }),
  };
}

function planTable(topology: Topology, plan: Plan, geometry: ResultGeometry): ResultTable {
  const calendar = new Map(plan.years.map((y) => [y.year, y.calendarYear ?? null]));
  const sources = plan.funding.shares.map((s) => s.source);
  const rows: ResultRow[] = [];
  for (const work of plan.selected) {
    for (const payment of work.payments) {
      rows.push({
        values: {
          work: work.id, year: payment.year, calendar_year: calendar.get(payment.year) ?? null, kind: work.kind, label: work.label, rank: work.rank,
          mandatory: work.mandatory, cost_eur: work.costEur, paid_eur: payment.amountEur, paid_years: work.payments.map((p) => p.year),
          funding_sources: sources, funding_eur: splitFunding(payment.amountEur, plan.funding.shares).map((f) => f.amountEur),
          worth_from: work.worthFrom ?? null, note: work.note ?? null,
        },
        geometry: geometry.work(work.id),
      });
    }
  }
  const shares = plan.funding.shares.map((s) => `${s.source} ${Math.round(s.share * 1000) / 10} %`).join(', ');
  return {
    name: 'plan',
    comment: `the plan of ${topology.name}: the works selected under a budget of ${plan.budgetEur} € HT (${plan.method}${plan.optimal ? ', proved optimal' : ''}; ` +
      `${plan.selected.length} works for ${plan.costEur} €), a row per work and year it is paid in, with that year's payment split by funding source (${shares})`,
    geometry: 'MultiLineString',
    key: ['work', 'year'],
    columns: [
      column('work', 'text', 'redundancy link or desaturation work id'),
      column('year', 'integer', 'year of the programme (1 first) it is paid in'),
      column('calendar_year', 'integer', 'calendar year, when the plan has a start year'),
      column('kind', 'text', 'redundancy link or desaturation work'),
      column('label', 'text', 'what the work is'),
      column('rank', 'integer', 'priority of a link, urgency of a desaturation work'),
      column('mandatory', 'boolean', 'forced into the plan'),
      column('cost_eur', 'double precision', 'total cost of the work, € HT'),
      column('paid_eur', 'double precision', 'paid this year, € HT'),
      column('paid_years', 'integer[]', 'every year the work is paid in'),
      column('funding_sources', 'text[]', 'funding sources'),
      column('funding_eur', 'double precision[]', 'this year’s payment split by funding source, € (same order)'),
      column('worth_from', 'integer', 'first calendar year it is worth something, when later than the start'),
      column('note', 'text', 'why it is in the plan as it is'),
    ],
    rows,
  };
}
