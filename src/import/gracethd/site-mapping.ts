import type { SiteKind } from '../../model/schema.js';
import { PTECH_LABELS, SITE_KINDS } from './codes.js';
import type { FindingCollector } from './quality-report.js';
import { field, type Tables } from './tables.js';

/** A node of the delivery kept as a site, before reprojection. */
export interface MappedSite {
  /** The node code (nd_code): pathways name their ends by it. */
  id: string;
  kind: SiteKind;
  name?: string;
  subscribers: number;
  /** The technical site (st_code) or point (pt_code) on this node, if any. */
  code?: string;
  /** st_typelog of the technical site on this node, if any. */
  typelog?: string;
}

const RANK: Record<SiteKind, number> = { headend: 3, nro: 2, pop: 1, junction: 0 };

/**
 * The site each node would be: technical sites (t_sitetech) by `st_typelog` (see
 * `SITE_KINDS`), technical points (t_ptech: chambers, poles…) and every other node as
 * `junction`; subscribers are the subscriber units (t_suf) on the node. Also returns the node of
 * every st_code and pt_code, so that a head-end may be named by either.
 */
export function mapNodeRoles(tables: Tables, knownNodes: ReadonlySet<string>, findings: FindingCollector) {
  const roles = new Map<string, MappedSite>();
  const aliases = new Map<string, string>();
  const role = (node: string) => {
    let site = roles.get(node);
    if (!site) roles.set(node, (site = { id: node, kind: 'junction', subscribers: 0 }));
    return site;
  };
  const onKnownNode = (table: string, nodeField: string, id: string, node: string | null): node is string => {
    if (node !== null && knownNodes.has(node)) return true;
    findings.add('unknown-reference', 'warning', `${table}.${nodeField}`, 'names no node of t_noeud: ignored', {
      id,
      detail: node === null ? 'empty' : `"${node}"`,
    });
    return false;
  };

  for (const row of tables.t_ptech?.rows ?? []) {
    const code = field(row, 'pt_code');
    const node = field(row, 'pt_nd_code');
    if (code === null || !onKnownNode('t_ptech', 'pt_nd_code', code, node)) continue;
    aliases.set(code, node);
    const site = role(node);
    if (site.code !== undefined) continue;
    const phy = field(row, 'pt_typephy')?.toUpperCase() ?? null;
    const label = phy === null ? 'point technique' : PTECH_LABELS[phy];
    if (label === undefined) {
      findings.add('unknown-code', 'warning', 't_ptech.pt_typephy', 'not a code of l_ptech_type_phy', { id: code, detail: `"${phy}"` });
    }
    Object.assign(site, { code, name: `${label ?? 'point technique'} ${field(row, 'pt_etiquet') ?? code}` });
  }

  for (const row of tables.t_sitetech?.rows ?? []) {
    const code = field(row, 'st_code');
    const node = field(row, 'st_nd_code');
    if (code === null || !onKnownNode('t_sitetech', 'st_nd_code', code, node)) continue;
    aliases.set(code, node);
    const typelog = field(row, 'st_typelog')?.toUpperCase() ?? null;
    let kind = typelog === null ? undefined : SITE_KINDS[typelog];
    if (kind === undefined) {
      findings.add('unknown-code', 'warning', 't_sitetech.st_typelog', 'empty or not a code of l_site_type_log: the site is a junction', {
        id: code,
        detail: typelog === null ? 'empty' : `"${typelog}"`,
      });
      kind = 'junction';
    }
    const site = role(node);
    if (site.typelog !== undefined && RANK[site.kind] >= RANK[kind]) continue;
    Object.assign(site, { kind, code, name: field(row, 'st_nom') ?? code, ...(typelog !== null && { typelog }) });
  }

  for (const row of tables.t_suf?.rows ?? []) {
    const code = field(row, 'sf_code');
    const node = field(row, 'sf_nd_code');
    if (code === null || !onKnownNode('t_suf', 'sf_nd_code', code, node)) continue;
    role(node).subscribers += 1;
  }

  for (const node of knownNodes) aliases.set(node, node);
  return { roles, aliases };
}
