import type { MappedPathway } from './pathway-mapping.js';
import type { FindingCollector } from './quality-report.js';
import type { MappedSite } from './site-mapping.js';
import { field, importError, type Tables } from './tables.js';
import type { GracethdMapping, NetworkLevel } from './versions/mapping.js';

/**
 * Which view of a delivery the importer gives, and which sites are its head-ends. One delivery,
 * two questions (docs/gracethd.md, "Views"):
 *
 * * `backbone` (the default when the delivery holds more than one NRO): NROs stay sites of kind
 *   `nro`, each carrying the subscribers of its area; the sections are the pathways of the
 *   collection and transport networks; the head-ends are the sites named with `--headend`, or
 *   else the sites whose logical type marks a head of the collection network (an NRA, a hosting
 *   site). Then `analyse` answers which NROs hang on a single collection path, on which sections
 *   and owners.
 * * `local` (the default for a delivery with one NRO or none): every pathway, the NRO is the
 *   head-end, and the PMs/SROs and the subscribers behind them are what can lose service.
 */
export type ImportView = 'backbone' | 'local';
export const VIEWS: readonly ImportView[] = ['backbone', 'local'];

/** Network levels whose pathways the backbone view keeps. */
export const BACKBONE_LEVELS: readonly NetworkLevel[] = ['collecte', 'transport'];

/**
 * Logical types (as the site mapping gives them: v2 `st_typelog`; v3 `NRA` for a site flagged
 * `st_nra`) that mark a head of the collection network, where collection links land: copper
 * exchanges NRA and NRAHD, and HEBERG (a hosting site of active equipment that is no NRO).
 * NRAMED / NRAZO (copper nodes fed by the collection network) and SRO/PM sites are not heads.
 */
export const BACKBONE_HEAD_TYPES: readonly string[] = ['NRA', 'NRAHD', 'HEBERG'];

/** The view and why: named by `--view`, or the default for the number of NROs. */
export function chooseView(requested: ImportView | undefined, nros: readonly string[]): { view: ImportView; rule: string } {
  const n = nros.length;
  const count = `${n} NRO${n === 1 ? '' : 's'} in the delivery`;
  if (requested !== undefined) return { view: requested, rule: `named by --view (${count})` };
  if (n > 1) return { view: 'backbone', rule: `default for a delivery with more than one NRO (${count}: ${nros.join(', ')})` };
  return { view: 'local', rule: `default for a delivery with ${n === 1 ? 'a single NRO' : 'no NRO'} (${count})` };
}

/** What a view keeps of the delivery: pathways, site nodes and the subscribers on each. */
export interface ViewShape {
  pathways: MappedPathway[];
  siteIds: Set<string>;
  /** Subscribers per site node, after the view moved them (backbone: onto their NRO). */
  subscribers: Map<string, number>;
  /** How the sections and subscribers were chosen, in one sentence. */
  scope: string;
}

/** The network levels each pathway carries: its own logical type and those of the cables on it. */
export function pathwayLevels(tables: Tables, m: GracethdMapping): Map<string, Set<NetworkLevel>> {
  const levels = new Map<string, Set<NetworkLevel>>();
  const add = (pathway: string, code: string | null) => {
    const found = code === null ? undefined : m.levels[code.toUpperCase()];
    if (!found) return;
    const set = levels.get(pathway) ?? new Set<NetworkLevel>();
    for (const level of found) set.add(level);
    levels.set(pathway, set);
  };
  const pm = m.pathways;
  for (const row of tables[pm.table]?.rows ?? []) {
    const code = field(row, pm.code);
    if (code !== null) add(code, field(row, pm.typelog));
  }
  const cb = m.cables;
  const cableType = new Map<string, string | null>();
  for (const row of tables[cb.table]?.rows ?? []) {
    const code = field(row, cb.code);
    if (code !== null) cableType.set(code, field(row, cb.typelog));
  }
  // Where each cable lies (the defects of these links are reported by owners-and-capacity.ts).
  const link = m.cableLinks;
  const pathwaysOfHolder = new Map<string, string[]>();
  if (link.via === 'duct' && m.ducts) {
    const dm = m.ducts.link;
    for (const row of tables[dm.table]?.rows ?? []) {
      const [duct, pathway] = [field(row, dm.duct), field(row, dm.pathway)];
      if (duct !== null && pathway !== null) pathwaysOfHolder.set(duct, [...(pathwaysOfHolder.get(duct) ?? []), pathway]);
    }
  }
  for (const row of tables[link.table]?.rows ?? []) {
    const cable = field(row, link.cable);
    const at = field(row, link.via === 'duct' ? link.duct : link.pathway);
    if (cable === null || at === null || !cableType.has(cable)) continue;
    const pathways = link.via === 'duct' ? (pathwaysOfHolder.get(at) ?? []) : [at];
    for (const pathway of pathways) add(pathway, cableType.get(cable) ?? null);
  }
  return levels;
}

/** The local view: the delivery as it is. */
export function localShape(pathways: MappedPathway[], siteIds: Set<string>, roles: ReadonlyMap<string, MappedSite>): ViewShape {
  const subscribers = new Map([...roles].filter(([id, r]) => siteIds.has(id) && r.subscribers > 0).map(([id, r]) => [id, r.subscribers]));
  return { pathways, siteIds, subscribers, scope: 'every pathway is a section; subscribers on the site of their node' };
}

/**
 * The backbone view's sections and sites: the pathways that carry collecte or transport (by
 * `cm_typelog` or the `cb_typelog` of a cable on them), their end nodes, and the NROs. A delivery
 * whose pathways and cables say no level at all keeps every pathway (and says so).
 */
export function backboneSections(
  tables: Tables,
  m: GracethdMapping,
  pathways: MappedPathway[],
  siteIds: ReadonlySet<string>,
  nros: readonly string[],
): { pathways: MappedPathway[]; siteIds: Set<string>; levels: Map<string, Set<NetworkLevel>>; rule: string } {
  const levels = pathwayLevels(tables, m);
  const where = `${m.pathways.table}.${m.pathways.typelog}, ${m.cables.table}.${m.cables.typelog}`;
  const isBackbone = (p: MappedPathway) => BACKBONE_LEVELS.some((l) => levels.get(p.code)?.has(l));
  let kept = pathways.filter(isBackbone);
  let rule = `the ${kept.length} of ${pathways.length} pathways that carry collecte or transport (${where})`;
  if (kept.length === 0) {
    kept = pathways;
    rule = `every pathway: none carries collecte or transport by ${where}`;
  }
  const ids = new Set(kept.flatMap((p) => [p.from, p.to]));
  for (const nro of nros) if (siteIds.has(nro)) ids.add(nro);
  return { pathways: kept, siteIds: ids, levels, rule };
}

/**
 * Sums the subscribers behind each NRO onto it, as a backbone planner counts them: every node
 * reached from an NRO through pathways that carry no collecte (transport, distribution,
 * raccordement, or untyped), without going through another NRO or a head-end, is of the first
 * NRO that reaches it (breadth first, NROs in code order). Subscribers of a node of no NRO stay
 * on their site if the view keeps it; else they are reported (`subscribers-off-network`).
 */
export function backboneSubscribers(
  all: readonly MappedPathway[],
  levels: ReadonlyMap<string, ReadonlySet<NetworkLevel>>,
  roles: ReadonlyMap<string, MappedSite>,
  nros: readonly string[],
  headends: readonly string[],
  siteIds: ReadonlySet<string>,
  findings: FindingCollector,
): Map<string, number> {
  const adjacent = new Map<string, string[]>();
  const link = (a: string, b: string) => adjacent.set(a, [...(adjacent.get(a) ?? []), b]);
  for (const p of all) {
    if (levels.get(p.code)?.has('collecte')) continue;
    link(p.from, p.to);
    link(p.to, p.from);
  }
  const stops = new Set([...nros, ...headends]);
  const nroOf = new Map<string, string>();
  let frontier = nros.filter((n) => siteIds.has(n) && !headends.includes(n));
  for (const n of frontier) nroOf.set(n, n);
  while (frontier.length) {
    const next: string[] = [];
    for (const node of frontier) {
      for (const to of adjacent.get(node) ?? []) {
        if (nroOf.has(to) || stops.has(to)) continue;
        nroOf.set(to, nroOf.get(node)!);
        next.push(to);
      }
    }
    frontier = next;
  }
  const subscribers = new Map<string, number>();
  const put = (id: string, n: number) => subscribers.set(id, (subscribers.get(id) ?? 0) + n);
  for (const [id, role] of roles) {
    if (role.subscribers === 0) continue;
    const nro = nroOf.get(id);
    if (nro !== undefined) put(nro, role.subscribers);
    else if (siteIds.has(id)) put(id, role.subscribers);
    else {
      findings.add('subscribers-off-network', 'warning', 'backbone view', 'subscriber units behind no NRO and on no collecte/transport pathway: not counted in the backbone view', {
        id,
        detail: `${role.subscribers} subscriber unit(s)`,
      });
    }
  }
  return subscribers;
}

/**
 * The head-ends of a view, and why.
 *
 * * named (`--headend`): those nodes, in either view; NROs keep the kind `nro`;
 * * local: the NRO sites (the version's head of network), a `no-headend` finding when none;
 * * backbone: the sites of `BACKBONE_HEAD_TYPES` on the view's sections; when there is none, a
 *   `TopologyError` `no-headend` naming the NRO/POP sites the user could name with `--headend`.
 */
export function chooseHeadends(
  view: ImportView,
  requested: readonly string[] | undefined,
  aliases: ReadonlyMap<string, string>,
  siteIds: ReadonlySet<string>,
  roles: ReadonlyMap<string, MappedSite>,
  findings: FindingCollector,
  m: GracethdMapping,
): { headends: string[]; rule: string } {
  if (requested && requested.length > 0) {
    const nodes = requested.map((code) => {
      const node = aliases.get(code);
      if (node === undefined) throw importError(`--headend ${code}: names no node, technical site or technical point of the delivery`, 'unknown-headend');
      if (!siteIds.has(node)) {
        const what = view === 'backbone' ? 'no collecte or transport pathway (backbone view; --view local keeps every pathway)' : 'no pathway';
        throw importError(`--headend ${code}: node ${node} is on ${what}`, 'unknown-headend');
      }
      return node;
    });
    const unique = [...new Set(nodes)].sort();
    return { headends: unique, rule: `named by --headend (${requested.join(', ')}); NROs keep the kind nro` };
  }
  if (view === 'local') return localHeadends(siteIds, roles, findings, m);
  const ts = m.technicalSites;
  const heads = [...roles.values()]
    .filter((r) => r.typelog !== undefined && BACKBONE_HEAD_TYPES.includes(r.typelog) && siteIds.has(r.id))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const where = m.locals && ts.nraFlag ? `${ts.table}.${ts.nraFlag} (NRA)` : `${ts.table}.${ts.typelog}`;
  if (heads.length === 0) {
    const candidates = [...roles.values()]
      .filter((r) => (r.kind === 'nro' || r.kind === 'pop') && r.code !== undefined)
      .sort((a, b) => (a.code! < b.code! ? -1 : 1))
      .map((r) => `${r.typelog ?? r.kind} ${r.code} (node ${r.id})`);
    throw importError(
      `backbone view: no head-end found: no site of logical type ${BACKBONE_HEAD_TYPES.join(', ')} (${where}) on a collecte or transport pathway. ` +
        `Name one with --headend CODE; the NRO and POP sites are: ${candidates.join(', ') || 'none'}. Or import with --view local (each NRO its own head-end).`,
      'no-headend',
    );
  }
  const types = [...new Set(heads.map((r) => r.typelog))].join('/');
  const list = heads.map((r) => `${r.code ?? r.id} (node ${r.id})`).join(', ');
  return {
    headends: heads.map((r) => r.id),
    rule: `heads of the collection network by logical type: ${where} ${types} of site${heads.length > 1 ? 's' : ''} ${list}; NROs keep the kind nro`,
  };
}

function localHeadends(siteIds: ReadonlySet<string>, roles: ReadonlyMap<string, MappedSite>, findings: FindingCollector, m: GracethdMapping) {
  const heads = new Set(m.technicalSites.headOfNetwork);
  const nros = [...roles.values()].filter((r) => r.kind === 'nro' && r.typelog !== undefined && heads.has(r.typelog) && siteIds.has(r.id)).map((r) => r.id).sort();
  if (nros.length === 0) {
    const ts = m.technicalSites;
    const where = m.locals ? `${m.locals.table}.${m.locals.typelog}` : `${ts.table}.${ts.typelog}`;
    findings.add('no-headend', 'warning', where, 'no NRO technical site: the topology has no head-end; name one with --headend CODE', {
      id: m.locals ? m.locals.table : ts.table,
      detail: '',
    });
  }
  return { headends: nros, rule: m.headendRule };
}
