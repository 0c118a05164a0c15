import { channel } from 'node:diagnostics_channel';
import { basename, resolve } from 'node:path';
import { lambert93ToWgs84 } from '../../io/lambert93.js';
import { TopologyError } from '../../model/errors.js';
import type { Section, Site, SiteKind, Topology } from '../../model/schema.js';
import { FORMAT } from '../../model/schema.js';
import { validateTopology } from '../../model/validate.js';
import { mapEquipment } from './owners-and-capacity.js';
import { mapPathways, type MappedPathway } from './pathway-mapping.js';
import { backboneSections, backboneSubscribers, chooseHeadends, chooseView, type ImportView, localShape, type ViewShape } from './import-view.js';
import { FindingCollector, type ImportReport } from './quality-report.js';
import { checkDeliveryFiles, type DeliveryFiles, deliveryFilesFromZip, readDelivery, readDeliveryFolder } from './read-delivery.js';
import { Deadline, type ReadLimits, readLimits } from './read-limits.js';
import { mapNodeRoles } from './site-mapping.js';
import { mapRiskGroups } from './risk-groups.js';
import { field, importError, type Tables, type XY } from './tables.js';
import { detectVersion, type VersionDetection } from './detect-version.js';
import { type GracethdMapping, type GracethdVersion, mappingFor, mappingTables, requiredTables } from './versions/index.js';

export interface ImportOptions {
  /**
   * Head-ends, each named by a node (nd_code), technical site (st_code) or technical point
   * (pt_code) code. Default: in the local view the NRO technical sites of the delivery; in the
   * backbone view the heads of the collection network by logical type (see `import-view.ts`).
   */
  headends?: readonly string[];
  /**
   * `backbone`: NROs stay NROs (with the subscribers of their area), sections are the collecte
   * and transport pathways, head-ends the heads of the collection network; `local`: every
   * pathway, the NRO is the head-end. Default: `backbone` when the delivery holds more than one
   * NRO, else `local` (docs/gracethd.md, "Views").
   */
  view?: ImportView;
  /** Snap an empty or unknown pathway end to the nearest node within this distance. Default 10 m. */
  snapToleranceM?: number;
  /** Report a pathway geometry end farther than this from its node. Default 1 m. */
  endToleranceM?: number;
  /** Name of the topology. Default "GraceTHD delivery" (the folder name when read from a folder). */
  name?: string;
  /**
   * Bounds on reading the delivery: sizes, entries, line length, time (see `ReadLimits`;
   * `DEFAULT_READ_LIMITS` for those left out). Passing one throws a `TopologyError` whose
   * problem code is `too-large`, `too-many-entries`, `line-too-long` or `deadline-exceeded`.
   */
  limits?: Partial<ReadLimits>;
  /**
   * The GraceTHD version of the delivery (`--gracethd-version`). Default: detected from its
   * tables and fields (see `detect-version.ts`).
   */
  version?: GracethdVersion;
}

export interface ImportResult {
  topology: Topology;
  report: ImportReport;
}

export const DEFAULT_SNAP_TOLERANCE_M = 10;
export const DEFAULT_END_TOLERANCE_M = 1;

/**
 * The phases of an import as they end, `{ phase, ms }`, for whoever subscribes
 * (`import gracethd --timings`, the benchmark): `files` (reading a folder), `parse` (CSV and
 * shapefiles to tables), `map` (tables to sites and sections), `validate`, `report`. Nothing is
 * measured when nobody listens.
 */
export const IMPORT_PHASES = channel('fibre-resilience:gracethd-import-phase');

/** Publishes a phase begun at `start`; returns now, the start of the next. */
function phaseEnd(phase: string, start: number): number {
  const now = performance.now();
  if (IMPORT_PHASES.hasSubscribers) IMPORT_PHASES.publish({ phase, ms: now - start });
  return now;
}

/**
 * Imports a GraceTHD delivery given as files in memory, keyed by their path in the delivery
 * (e.g. the entries of an unzipped upload). Only the tables the importer uses are read, under
 * `options.limits`.
 *
 * @example
 * const { topology, report } = await importGracethdFromFiles(new Map([['t_noeud.shp', bytes], …]));
 */
export async function importGracethdFromFiles(files: DeliveryFiles, options: ImportOptions = {}): Promise<ImportResult> {
  const limits = readLimits(options.limits);
  const deadline = new Deadline(limits.deadlineMs);
  checkDeliveryFiles(files, limits);
  return importFiles(files, options, deadline);
}

/**
 * Imports a GraceTHD delivery sent as a zip archive (the folder, zipped; subfolders allowed).
 * The tables are inflated as streams under `options.limits`: a zip bomb, a zip whose headers
 * misstate its sizes, or a CSV line of megabytes is refused as soon as it shows, with a
 * `TopologyError` (`too-large`, `corrupt-archive`, `line-too-long`…).
 *
 * @example
 * const { topology } = await importGracethdFromZip(new Uint8Array(await readFile('livraison.zip')));
 */
export async function importGracethdFromZip(zip: Uint8Array, options: ImportOptions = {}): Promise<ImportResult> {
  const limits = readLimits(options.limits);
  const deadline = new Deadline(limits.deadlineMs);
  return importFiles(await deliveryFilesFromZip(zip, limits, deadline), options, deadline);
}

/** Imports the GraceTHD delivery in a folder (and its subfolders), under `options.limits`. */
export async function importGracethdFolder(dir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const limits = readLimits(options.limits);
  const deadline = new Deadline(limits.deadlineMs);
  const start = performance.now();
  const files = await readDeliveryFolder(dir, limits, deadline);
  phaseEnd('files', start);
  return importFiles(files, { name: `GraceTHD delivery ${basename(resolve(dir))}`, ...options }, deadline);
}

async function importFiles(files: DeliveryFiles, options: ImportOptions, deadline: Deadline): Promise<ImportResult> {
  const findings = new FindingCollector();
  const start = performance.now();
  const tables = await readDelivery(files, findings, deadline);
  phaseEnd('parse', start);
  return importGracethdTables(tables, options, findings);
}

/**
 * Maps parsed GraceTHD tables to a `fibre-topology/1` document and its data-quality report.
 * Pure: the version is detected (`detect-version.ts`) unless `options.version` forces it, the
 * tables and fields are read through that version's mapping (`versions/`), and the rules are
 * in `pathway-mapping.ts`, `site-mapping.ts` and `owners-and-capacity.ts`; the view (backbone
 * or local) and its head-ends are chosen in `import-view.ts` unless `options` names them.
 */
export function importGracethdTables(tables: Tables, options: ImportOptions = {}, findings = new FindingCollector()): ImportResult {
  let phaseStart = performance.now();
  const detection = detectVersion(tables, options.version);
  const m = mappingFor(detection.version);
  for (const name of requiredTables(m)) {
    if (!tables[name]) throw importError(`${name} is missing from the delivery (as .shp with .dbf, or as .csv)`, 'missing-table');
  }
  for (const name of mappingTables(m)) {
    if (tables[name] || name === m.riskGroups.table) continue;
    findings.add('missing-table', 'info', 'delivery', 'table absent from the delivery: what it would give is left out', { id: name, detail: '' });
  }
  const snapM = options.snapToleranceM ?? DEFAULT_SNAP_TOLERANCE_M;
  const endM = options.endToleranceM ?? DEFAULT_END_TOLERANCE_M;

  const { known, located, types } = indexNodes(tables, findings, m);
  const pathways = mapPathways(tables[m.pathways.table]!, { known, located }, { snapToleranceM: snapM, endToleranceM: endM }, findings, m.pathways);
  const { roles, aliases } = mapNodeRoles(tables, known, findings, m);

  const onPathway = new Set(pathways.flatMap((p) => [p.from, p.to]));
  const siteIds = new Set(onPathway);
  for (const [node, role] of roles) if (role.typelog !== undefined && located.has(node)) siteIds.add(node);
  for (const node of known) {
    if (onPathway.has(node)) continue;
    const role = roles.get(node);
    const type = m.nodes.type ? `${m.nodes.type} ${types.get(node) ?? 'empty'}` : 'a node (no node type in this version)';
    const what = role?.typelog ? `technical site ${role.code} (${role.typelog}), kept as an unconnected site` : type;
    findings.add('node-on-no-pathway', 'warning', m.nodes.table, 'node that no pathway joins', { id: node, detail: what });
  }
  for (const [node, role] of roles) {
    if (role.subscribers > 0 && !siteIds.has(node)) {
      findings.add('subscribers-off-network', 'warning', subscriberWhere(m), 'subscriber units on a node no pathway joins: not counted', {
        id: node,
        detail: `${role.subscribers} subscriber unit(s)`,
      });
    }
  }

  const nroIds = [...roles.values()].filter((r) => r.kind === 'nro' && siteIds.has(r.id)).map((r) => r.id).sort();
  const { view, rule: viewRule } = chooseView(options.view, nroIds);
  let shape: ViewShape;
  let headends: string[];
  let rule: string;
  if (view === 'local') {
    shape = localShape(pathways, siteIds, roles);
    ({ headends, rule } = chooseHeadends(view, options.headends, aliases, siteIds, roles, findings, m));
  } else {
    const backbone = backboneSections(tables, m, pathways, siteIds, nroIds);
    ({ headends, rule } = chooseHeadends(view, options.headends, aliases, backbone.siteIds, roles, findings, m));
    const subscribers = backboneSubscribers(pathways, backbone.levels, roles, nroIds, headends, backbone.siteIds, findings);
    const scope = `sections: ${backbone.rule}; subscribers: those behind each NRO (its PMs/SROs and their drop network) summed onto it`;
    shape = { pathways: backbone.pathways, siteIds: backbone.siteIds, subscribers, scope };
  }
  const equipment = mapEquipment(tables, pathways.map((p) => p.code), findings, m);
  const pathwayCodes = new Set(tables[m.pathways.table]!.rows.map((row) => field(row, m.pathways.code)).filter((c): c is string => c !== null));
  const riskGroups = mapRiskGroups(tables, pathwayCodes, findings, m);

  const sites: Site[] = [];
  const planned = plannedSites(shape.pathways);
  for (const node of known) {
    if (!shape.siteIds.has(node)) continue;
    const role = roles.get(node);
    const kind: SiteKind = headends.includes(node) ? 'headend' : (role?.kind ?? 'junction');
    const subscribers = shape.subscribers.get(node) ?? 0;
    const [lon, lat] = lambert93ToWgs84(located.get(node)!);
    sites.push({
      id: node,
      kind,
      ...(role?.name !== undefined && { name: role.name }),
      lon,
      lat,
      ...(subscribers > 0 && { subscribers }),
      ...(planned.has(node) && { status: 'planned' as const }),
    });
  }
  const sections: Section[] = shape.pathways.map((p) => {
    const e = equipment.get(p.code)!;
    return {
      id: p.code,
      from: p.from,
      to: p.to,
      lengthM: p.lengthM,
      owner: e.owner,
      ...(p.status === 'planned' && { status: 'planned' as const }),
      ...(e.capacityFibres !== undefined && { capacityFibres: e.capacityFibres }),
      ...(e.usedFibres !== undefined && { usedFibres: e.usedFibres }),
      ...(riskGroups.has(p.code) && { riskGroups: riskGroups.get(p.code) }),
      ...(p.geometry && { geometry: p.geometry.map((xy) => lambert93ToWgs84(xy) as [number, number]) }),
    };
  });
  reportUnreachable(sites, sections, headends, findings);

  const list = findings.findings();
  const topology: Topology = {
    format: FORMAT,
    name: options.name ?? 'GraceTHD delivery',
    description: `Imported from a GraceTHD delivery: ${sites.length} sites from ${m.nodes.table}, ${m.technicalSites.table} and ${m.technicalPoints.table}; ${sections.length} sections, one per pathway of ${m.pathways.table}.`,
    provenance:
      `${m.provenance} View: ${view} (${viewRule}; ${shape.scope}). Head-ends: ${rule}. ` +
      `${list.length} data-quality finding(s): \`fibre-resilience import gracethd DIR\` lists them.`,
    sites,
    sections,
  };
  phaseStart = phaseEnd('map', phaseStart);
  const checked = validateTopology(topology);
  phaseStart = phaseEnd('validate', phaseStart);
  if (!checked.ok) {
    throw new TopologyError(`importGracethd: the imported topology is not valid: ${checked.problems.length} problem(s)`, checked.problems);
  }

  const sitesByKind: Record<string, number> = {};
  for (const s of sites) sitesByKind[s.kind] = (sitesByKind[s.kind] ?? 0) + 1;
  const report: ImportReport = {
    source: 'GraceTHD',
    version: detection.version,
    versionRule: versionRule(detection),
    counts: {
      nodes: tables[m.nodes.table]!.rows.length,
      pathways: tables[m.pathways.table]!.rows.length,
      technicalSites: tables[m.technicalSites.table]?.rows.length ?? 0,
      technicalPoints: tables[m.technicalPoints.table]?.rows.length ?? 0,
      ducts: m.ducts ? (tables[m.ducts.table]?.rows.length ?? 0) : 0,
      cables: tables[m.cables.table]?.rows.length ?? 0,
      organisations: tables[m.organisations.table]?.rows.length ?? 0,
      subscriberUnits: subscriberUnits(tables, m),
      sites: sites.length,
      sections: sections.length,
      sitesByKind,
      nros: [...roles.values()].filter((r) => r.typelog === 'NRO' && siteIds.has(r.id)).length,
      owners: [...new Set(sections.map((s) => s.owner))].sort(),
      subscribers: sites.reduce((n, s) => n + (s.subscribers ?? 0), 0),
      lengthM: Math.round(sections.reduce((n, s) => n + s.lengthM, 0) * 100) / 100,
    },
    view,
    viewRule,
    viewScope: shape.scope,
    headends,
    headendRule: rule,
    headendsAreNros: view === 'local' && !options.headends?.length && headends.length > 0,
    tolerances: { snapM, endM },
    findings: list,
  };
  phaseEnd('report', phaseStart);
  return { topology: checked.topology, report };
}

/** The version as the report says it: the version, how sure, and why. */
const versionRule = (d: VersionDetection) => (d.confidence === 'forced' ? d.why : `detected (${d.confidence} confidence): ${d.why}`);

/** Where subscribers are read, for the findings about them. */
const subscriberWhere = (m: GracethdMapping) => (m.subscribers.from === 'units' ? `${m.subscribers.table}.${m.subscribers.node}` : `${m.locals!.table}.${m.locals!.site}`);

/** The subscriber units (v2 t_suf rows) or subscriber premises (v3 t_local rows of a subscriber type) of the delivery. */
function subscriberUnits(tables: Tables, m: GracethdMapping): number {
  if (m.subscribers.from === 'units') return tables[m.subscribers.table]?.rows.length ?? 0;
  const lc = m.locals!;
  return (tables[lc.table]?.rows ?? []).filter((r) => lc.subscriberTypes.has(field(r, lc.typelog)?.toUpperCase() ?? '')).length;
}

function indexNodes(tables: Tables, findings: FindingCollector, m: GracethdMapping) {
  const nm = m.nodes;
  const table = tables[nm.table]!;
  const known = new Set<string>();
  const located = new Map<string, XY>();
  const types = new Map<string, string>();
  table.rows.forEach((row, i) => {
    const code = field(row, nm.code);
    if (code === null) {
      findings.add('missing-code', 'error', `${nm.table}.${nm.code}`, 'node without a code: left out', { id: `row ${i + 1}`, detail: '' });
      return;
    }
    if (known.has(code)) {
      findings.add('duplicate-code', 'error', `${nm.table}.${nm.code}`, 'code already used by an earlier node: this one is left out', { id: code, detail: '' });
      return;
    }
    known.add(code);
    const type = nm.type ? field(row, nm.type) : null;
    if (type !== null) types.set(code, type);
    const shape = table.shapes?.[i];
    if (shape && shape.length > 0) located.set(code, shape[0]);
    else findings.add('node-without-geometry', 'error', nm.table, 'node without a position: cannot be a site', { id: code, detail: '' });
  });
  return { known, located, types };
}

/** Sites are planned when every pathway that joins them is planned; else existing. */
function plannedSites(pathways: readonly MappedPathway[]): Set<string> {
  const existing = new Set<string>();
  const touched = new Set<string>();
  for (const p of pathways) {
    for (const node of [p.from, p.to]) {
      touched.add(node);
      if (p.status === 'existing') existing.add(node);
    }
  }
  return new Set([...touched].filter((n) => !existing.has(n)));
}

function reportUnreachable(sites: readonly Site[], sections: readonly Section[], headends: readonly string[], findings: FindingCollector) {
  if (headends.length === 0) return;
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = adjacent.get(a);
    if (list) list.push(b);
    else adjacent.set(a, [b]);
  };
  for (const s of sections) {
    link(s.from, s.to);
    link(s.to, s.from);
  }
  const reached = new Set(headends);
  const queue = [...headends];
  while (queue.length) {
    for (const next of adjacent.get(queue.pop()!) ?? []) {
      if (!reached.has(next)) {
        reached.add(next);
        queue.push(next);
      }
    }
  }
  const lost = sites.filter((s) => !reached.has(s.id));
  if (lost.length === 0) return;
  const subscribers = lost.reduce((n, s) => n + (s.subscribers ?? 0), 0);
  for (const s of lost) {
    findings.add(
      'unreachable-from-headend',
      'warning',
      't_cheminement',
      `sites that no chain of pathways joins to a head-end (${lost.length} site(s), ${subscribers} subscriber(s)): a missing or miscoded pathway?`,
      { id: s.id, detail: '' },
    );
  }
}
