/**
 * Builds a small GraceTHD v3 delivery (CSV tables, geometry as WKT in `geom`) from a GraceTHD
 * v2 delivery, renaming tables and fields as the official v3 PostgreSQL scripts define them
 * (see docs/gracethd.md). It writes tests/fixtures/gracethd-v3/ from the GraceTHD-community
 * demo:
 *
 *   npx tsx scripts/gracethd/v2-to-v3.ts ../shared/datasets/gracethd-demo tests/fixtures/gracethd-v3
 *
 * What it does, table by table:
 * * t_noeud: nd_code and geom (v3 nodes have no type);
 * * t_cheminement: the v2 fields that v3 keeps; no length (v3 has none); cm_prop is the owner
 *   the v2 importer finds through the ducts (code of its t_organisme row), empty when unknown;
 * * t_sitetech → t_site (st_typelog RESEAU) plus one t_local room per site, whose lc_typelog is
 *   the v2 st_typelog (NRO, SRO);
 * * t_suf → one t_site (st_typelog CLIENT) per node that holds subscriber units, and one
 *   t_local per unit (lc_typelog RES for sf_type R, PRO for P, else FTTH);
 * * t_cab_cond ⨝ t_cond_chem → t_cab_chem (cable, pathway), distinct pairs;
 * * t_ptech, t_cable, t_organisme: the fields v3 keeps, values unchanged.
 * Empty codes and other defects of the source are kept as they are.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { importGracethdFolder } from '../../src/import/gracethd/import-gracethd.js';
import { FindingCollector } from '../../src/import/gracethd/quality-report.js';
import { readDelivery, readDeliveryFolder } from '../../src/import/gracethd/read-delivery.js';
import { field, type Row, type Table, type XY } from '../../src/import/gracethd/tables.js';

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: tsx scripts/gracethd/v2-to-v3.ts V2_DIR V3_DIR');

const tables = await readDelivery(await readDeliveryFolder(source), new FindingCollector());
// The local view keeps every pathway, whatever the number of NROs: the owners of all of them are needed.
const v2 = await importGracethdFolder(source, { view: 'local' });
const rows = (name: string): Row[] => tables[name]?.rows ?? [];
const table = (name: string): Table => tables[name] ?? { file: name, rows: [] };

/** A `;` CSV with a header; values never hold `;` in the demo, checked. */
function csv(header: readonly string[], lines: ReadonlyArray<Record<string, string | null | undefined>>): string {
  const cell = (v: string | null | undefined) => {
    const text = v ?? '';
    if (text.includes(';') || text.includes('\n')) throw new Error(`value with a separator: ${text}`);
    return text;
  };
  return `${[header.join(';'), ...lines.map((l) => header.map((h) => cell(l[h])).join(';'))].join('\n')}\n`;
}
const pick = (row: Row, names: readonly string[]) => Object.fromEntries(names.map((n) => [n, field(row, n)]));
const wktPoint = (p: XY | undefined) => (p ? `POINT(${p[0]} ${p[1]})` : '');
const wktLine = (ps: XY[] | null | undefined) => (ps && ps.length >= 2 ? `LINESTRING(${ps.map((p) => `${p[0]} ${p[1]}`).join(', ')})` : '');

const out: Record<string, string> = {};

const noeud = table('t_noeud');
out.t_noeud = csv(['nd_code', 'geom', 'nd_comment', 'nd_creadat', 'nd_majdate'], noeud.rows.map((r, i) => ({ ...pick(r, ['nd_code', 'nd_comment', 'nd_creadat', 'nd_majdate']), geom: wktPoint(noeud.shapes?.[i]?.[0]) })));

const orgCode = new Map<string, string>();
for (const r of rows('t_organisme')) {
  const code = field(r, 'or_code');
  const name = field(r, 'or_nom') ?? code;
  if (code !== null && name !== null && !orgCode.has(name)) orgCode.set(name, code);
}
const ownerOf = new Map(v2.topology.sections.map((s) => [s.id, s.owner === 'unknown' ? '' : (orgCode.get(s.owner) ?? s.owner)]));
const cm = table('t_cheminement');
const cmKept = ['cm_code', 'cm_ndcode1', 'cm_ndcode2', 'cm_statut', 'cm_avct', 'cm_typelog', 'cm_typ_imp', 'cm_codeext', 'cm_comment', 'cm_creadat', 'cm_majdate'];
out.t_cheminement = csv(
  [...cmKept.slice(0, 7), 'cm_prop', 'cm_gest', 'geom', ...cmKept.slice(7)],
  cm.rows.map((r, i) => ({ ...pick(r, cmKept), cm_prop: ownerOf.get(field(r, 'cm_code') ?? '') ?? '', cm_gest: '', geom: wktLine(cm.shapes?.[i]) })),
);

const siteHeader = ['st_code', 'st_nd_code', 'st_codeext', 'st_nra', 'st_prop', 'st_gest', 'st_proptyp', 'st_statut', 'st_avct', 'st_typephy', 'st_typelog', 'st_nom', 'st_nblines', 'st_comment', 'st_creadat'];
const sites: Array<Record<string, string | null>> = rows('t_sitetech').map((r) => ({ ...pick(r, siteHeader), st_typelog: 'RESEAU', st_nra: field(r, 'st_typelog') === 'NRA' ? '1' : '0' }));
const localHeader = ['lc_code', 'lc_st_code', 'lc_typelog', 'lc_etiquet', 'lc_prop', 'lc_gest', 'lc_statut', 'lc_avct', 'lc_comment'];
const locals: Array<Record<string, string | null>> = rows('t_sitetech').map((r) => ({
  lc_code: `LC${(field(r, 'st_code') ?? '').slice(2)}`,
  lc_st_code: field(r, 'st_code'),
  lc_typelog: field(r, 'st_typelog'),
  lc_etiquet: field(r, 'st_nom'),
  lc_prop: field(r, 'st_prop'),
  lc_gest: field(r, 'st_gest'),
  lc_statut: field(r, 'st_statut'),
  lc_avct: field(r, 'st_avct'),
  lc_comment: 'room converted from the v2 technical site',
}));
const clientSite = new Map<string, string>();
for (const r of rows('t_suf')) {
  const node = field(r, 'sf_nd_code');
  if (node === null) continue;
  let site = clientSite.get(node);
  if (!site) {
    site = `STC${node.slice(2)}`;
    clientSite.set(node, site);
    sites.push({ st_code: site, st_nd_code: node, st_nra: '0', st_prop: field(r, 'sf_prop'), st_typephy: 'BAT', st_typelog: 'CLIENT', st_comment: 'customer site converted from t_suf' });
  }
  const type = field(r, 'sf_type')?.toUpperCase();
  locals.push({ lc_code: `LC${(field(r, 'sf_code') ?? '').slice(2)}`, lc_st_code: site, lc_typelog: type === 'R' ? 'RES' : type === 'P' ? 'PRO' : 'FTTH', lc_prop: field(r, 'sf_prop'), lc_comment: `subscriber unit ${field(r, 'sf_code')}` });
}
out.t_site = csv(siteHeader, sites);
out.t_local = csv(localHeader, locals);

const ptHeader = ['pt_code', 'pt_codeext', 'pt_etiquet', 'pt_nd_code', 'pt_prop', 'pt_gest', 'pt_proptyp', 'pt_statut', 'pt_avct', 'pt_typephy', 'pt_typelog', 'pt_nature', 'pt_comment'];
out.t_ptech = csv(ptHeader, rows('t_ptech').map((r) => pick(r, ptHeader)));
const cbHeader = ['cb_code', 'cb_codeext', 'cb_etiquet', 'cb_nd1', 'cb_nd2', 'cb_prop', 'cb_gest', 'cb_proptyp', 'cb_statut', 'cb_avct', 'cb_typephy', 'cb_typelog', 'cb_capafo', 'cb_fo_disp', 'cb_fo_util', 'cb_modulo', 'cb_lgreel', 'cb_comment'];
out.t_cable = csv(cbHeader, rows('t_cable').map((r) => pick(r, cbHeader)));
const orHeader = ['or_code', 'or_nom', 'or_type', 'or_siret', 'or_nomvoie', 'or_postal', 'or_commune', 'or_comment'];
out.t_organisme = csv(orHeader, rows('t_organisme').map((r) => pick(r, orHeader)));

const ductPathways = new Map<string, string[]>();
for (const r of rows('t_cond_chem')) {
  const [d, p] = [field(r, 'dm_cd_code'), field(r, 'dm_cm_code')];
  if (d !== null && p !== null) ductPathways.set(d, [...(ductPathways.get(d) ?? []), p]);
}
const pairs = new Set<string>();
for (const r of rows('t_cab_cond')) {
  const [c, d] = [field(r, 'cc_cb_code'), field(r, 'cc_cd_code')];
  if (c !== null && d !== null) for (const p of ductPathways.get(d) ?? []) pairs.add(`${c};${p}`);
}
out.t_cab_chem = `cc_cb_code;cc_cm_code\n${[...pairs].sort().join('\n')}\n`;

await mkdir(target, { recursive: true });
for (const [name, text] of Object.entries(out)) await writeFile(join(target, `${name}.csv`), text);
console.log(`wrote ${Object.keys(out).length} tables to ${target}: ${Object.entries(out).map(([n, t]) => `${n} ${t.trim().split('\n').length - 1}`).join(', ')}`);
