import type { SiteKind } from '../../model/schema.js';
import type { FindingCollector } from './quality-report.js';
import { field, type Tables } from './tables.js';
import type { GracethdMapping } from './versions/mapping.js';
import { V2_0_1 } from './versions/v2-0-1.js';

/** A node of the delivery kept as a site, before reprojection. */
export interface MappedSite {
  /** The node code (nd_code): pathways name their ends by it. */
  id: string;
  kind: SiteKind;
  name?: string;
  subscribers: number;
  /** The technical site (st_code) or point (pt_code) on this node, if any. */
  code?: string;
  /** The logical type of the technical site on this node (v2 st_typelog; v3 the NRO/SRO room, or NRA), if any. */
  typelog?: string;
}

const RANK: Record<SiteKind, number> = { headend: 3, nro: 2, pop: 1, junction: 0 };

/** What `mapNodeRoles` returns: the role of each node, and the node each code names. */
export interface NodeRoles {
  roles: Map<string, MappedSite>;
  aliases: Map<string, string>;
}

/**
 * The site each node would be, read through `m`: technical sites (v2 t_sitetech by
 * `st_typelog`, see `SITE_KINDS`; v3 t_site with the kind its rooms in t_local give it),
 * technical points (t_ptech: chambers, poles…) and every other node as `junction`;
 * subscribers are the subscriber units (v2 t_suf) or subscriber premises (v3 t_local) on the
 * node. Also returns the node of every st_code and pt_code, so that a head-end may be named by
 * either.
 */
export function mapNodeRoles(tables: Tables, knownNodes: ReadonlySet<string>, findings: FindingCollector, m: GracethdMapping = V2_0_1): NodeRoles {
  const roles = new Map<string, MappedSite>();
  const aliases = new Map<string, string>();
  const role = (node: string) => {
    const known = roles.get(node);
    if (known) return known;
    const site: MappedSite = { id: node, kind: 'junction', subscribers: 0 };
    roles.set(node, site);
    return site;
  };
  const onKnownNode = (table: string, nodeField: string, id: string, node: string | null): node is string => {
    if (node !== null && knownNodes.has(node)) return true;
    findings.add('unknown-reference', 'warning', `${table}.${nodeField}`, `names no node of ${m.nodes.table}: ignored`, {
      id,
      detail: node === null ? 'empty' : `"${node}"`,
    });
    return false;
  };

  const tp = m.technicalPoints;
  for (const row of tables[tp.table]?.rows ?? []) {
    const code = field(row, tp.code);
    const node = field(row, tp.node);
    if (code === null || !onKnownNode(tp.table, tp.node, code, node)) continue;
    aliases.set(code, node);
    const site = role(node);
    if (site.code !== undefined) continue;
    const phy = field(row, tp.typephy)?.toUpperCase() ?? null;
    const label = phy === null ? 'point technique' : tp.labels[phy];
    if (label === undefined) {
      findings.add('unknown-code', 'warning', `${tp.table}.${tp.typephy}`, 'not a code of l_ptech_type_phy', { id: code, detail: `"${phy}"` });
    }
    Object.assign(site, { code, name: `${label ?? 'point technique'} ${field(row, tp.label) ?? code}` });
  }

  const rooms = roomsBySite(tables, m, findings);
  const ts = m.technicalSites;
  const siteNodes = new Map<string, string>();
  for (const row of tables[ts.table]?.rows ?? []) {
    const code = field(row, ts.code);
    const node = field(row, ts.node);
    if (code === null || !onKnownNode(ts.table, ts.node, code, node)) continue;
    aliases.set(code, node);
    siteNodes.set(code, node);
    const typelog = field(row, ts.typelog)?.toUpperCase() ?? null;
    let kind: SiteKind | null | undefined = typelog === null ? undefined : ts.kinds[typelog];
    if (kind === undefined) {
      findings.add('unknown-code', 'warning', `${ts.table}.${ts.typelog}`, 'empty or not a code of l_site_type_log: the site is a junction', {
        id: code,
        detail: typelog === null ? 'empty' : `"${typelog}"`,
      });
      kind = 'junction';
    }
    const room = rooms.get(code);
    const nra = ts.nraFlag !== undefined && isTrue(field(row, ts.nraFlag));
    let shown = typelog;
    if (room) [kind, shown] = [room.kind, room.typelog];
    else if (nra && (kind === null || RANK[kind] < RANK.pop)) [kind, shown] = ['pop', 'NRA'];
    if (kind === null) continue; // a customer site (v3 CLIENT): its node keeps its own role
    const site = role(node);
    if (site.typelog !== undefined && RANK[site.kind] >= RANK[kind]) continue;
    Object.assign(site, { kind, code, name: field(row, ts.name) ?? code, ...(shown !== null && { typelog: shown }) });
  }

  countSubscribers(tables, m, siteNodes, onKnownNode, role, findings);
  for (const node of knownNodes) aliases.set(node, node);
  return { roles, aliases };
}

/** v3: the strongest kind the rooms (t_local) of each site give it, by site code. */
function roomsBySite(tables: Tables, m: GracethdMapping, findings: FindingCollector): Map<string, { kind: SiteKind; typelog: string }> {
  const rooms = new Map<string, { kind: SiteKind; typelog: string }>();
  const lc = m.locals;
  if (!lc) return rooms;
  const sites = new Set((tables[m.technicalSites.table]?.rows ?? []).map((r) => field(r, m.technicalSites.code)));
  for (const row of tables[lc.table]?.rows ?? []) {
    const code = field(row, lc.code) ?? '?';
    const site = field(row, lc.site);
    if (site === null || !sites.has(site)) {
      findings.add('unknown-reference', 'warning', `${lc.table}.${lc.site}`, `names no site of ${m.technicalSites.table}: ignored`, {
        id: code,
        detail: site === null ? 'empty' : `"${site}"`,
      });
      continue;
    }
    const typelog = field(row, lc.typelog)?.toUpperCase() ?? null;
    const kind = typelog === null ? undefined : lc.kinds[typelog];
    if (typelog === null) {
      findings.add('unknown-code', 'warning', `${lc.table}.${lc.typelog}`, 'empty: the room gives its site no kind and counts no subscriber', { id: code, detail: 'empty' });
    }
    if (kind === undefined || typelog === null) continue;
    const known = rooms.get(site);
    if (!known || RANK[known.kind] < RANK[kind]) rooms.set(site, { kind, typelog });
  }
  return rooms;
}

/** Adds to each node its subscribers: v2 subscriber units (t_suf), v3 subscriber premises (t_local) of its site. */
function countSubscribers(
  tables: Tables,
  m: GracethdMapping,
  siteNodes: ReadonlyMap<string, string>,
  onKnownNode: (table: string, nodeField: string, id: string, node: string | null) => boolean,
  role: (node: string) => MappedSite,
  findings: FindingCollector,
): void {
  const sub = m.subscribers;
  if (sub.from === 'units') {
    for (const row of tables[sub.table]?.rows ?? []) {
      const code = field(row, sub.code);
      const node = field(row, sub.node);
      if (code === null || !onKnownNode(sub.table, sub.node, code, node)) continue;
      role(node!).subscribers += 1;
    }
    return;
  }
  const lc = m.locals;
  if (!lc) return;
  for (const row of tables[lc.table]?.rows ?? []) {
    const typelog = field(row, lc.typelog)?.toUpperCase() ?? null;
    if (typelog === null || !lc.subscriberTypes.has(typelog)) {
      if (typelog !== null && lc.kinds[typelog] === undefined && typelog !== 'TEC') {
        findings.add('unknown-code', 'warning', `${lc.table}.${lc.typelog}`, 'not a code of l_local_type_log: the room counts no subscriber', {
          id: field(row, lc.code) ?? '?',
          detail: `"${typelog}"`,
        });
      }
      continue;
    }
    const node = siteNodes.get(field(row, lc.site) ?? '');
    if (node !== undefined) role(node).subscribers += 1;
  }
}

/** A GraceTHD boolean (l_bool `1`, or `t`/`true`/`oui` as exports write them). */
const isTrue = (value: string | null) => value !== null && ['1', 't', 'true', 'o', 'oui', 'y', 'yes', 'v', 'vrai'].includes(value.toLowerCase());
