/**
 * Builds a GraceTHD v2.0.1 delivery with four NROs and a collection network from the
 * GraceTHD-community demo (one NRO), for the backbone view (docs/gracethd.md, "Views"). It writes
 * tests/fixtures/gracethd-multi-nro/:
 *
 *   npx tsx scripts/gracethd/multi-nro.ts ../shared/datasets/gracethd-demo tests/fixtures/gracethd-multi-nro
 *
 * What it does:
 * * the tables the importer reads (t_noeud, t_cheminement, t_sitetech, t_ptech, t_conduite,
 *   t_cond_chem, t_cable, t_cab_cond, t_suf; t_organisme as it is) are copied four times, every
 *   value in every field, defects included; in copy k (1…4) every node, pathway, duct, cable,
 *   technical site, technical point and subscriber-unit code (ND…, CM…, CD…, CB…, ST…, PT…,
 *   SF…) gets the digit k after its two letters (ND000180030001 → ND1000180030001), each site
 *   name (st_nom) the suffix " k", and every geometry is shifted east by (k − 2) × 3 km;
 * * a collection network, made up here, not from the demo, is added (codes ND9…, CM9…, CD9…,
 *   CB9…, ST9…, PT9…): an NRA technical site (st_typelog NRA) 3 km north of copy 2's NRO, a
 *   chamber, and six collection pathways, each with one duct (owner cd_prop) and one cable
 *   (cb_typelog CO, or CT on CM9000000000004 whose cm_typelog is left empty):
 *     CM9…1 NRA → chamber (ORANGE), CM9…2 chamber → NRO 1 (SFR): NRO 1 single-homed;
 *     CM9…3 NRA → NRO 2 (ORANGE), CM9…4 NRO 2 → NRO 3 (FREE), CM9…5 NRO 3 → NRA (SMO): NRO 2 and 3 on a ring, secured;
 *     CM9…6 NRO 3 → NRO 4 (COMMUNE): NRO 4 single-homed behind NRO 3.
 * Geometry goes into a WKT `geom` column (Lambert-93), every table as `;` CSV.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FindingCollector } from '../../src/import/gracethd/quality-report.js';
import { readDelivery, readDeliveryFolder } from '../../src/import/gracethd/read-delivery.js';
import { field, type Row, type XY } from '../../src/import/gracethd/tables.js';

const [source, target] = process.argv.slice(2);
if (!source || !target) throw new Error('usage: tsx scripts/gracethd/multi-nro.ts V2_DIR TARGET_DIR');

const tables = await readDelivery(await readDeliveryFolder(source), new FindingCollector());
const COPIES = [1, 2, 3, 4];
const STEP_M = 3000;
const CODE = /^(ND|CM|CD|CB|ST|PT|SF)(\d+)$/;

/** A `;` CSV with a header, quoting a value that holds a separator, a quote or a line break. */
function csv(header: readonly string[], lines: ReadonlyArray<Record<string, string | null | undefined>>): string {
  const cell = (v: string | null | undefined) => {
    const text = v ?? '';
    return /[;"\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${[header.join(';'), ...lines.map((l) => header.map((h) => cell(l[h])).join(';'))].join('\n')}\n`;
}
const wktPoint = (p: XY) => `POINT(${p[0]} ${p[1]})`;
const wktLine = (ps: readonly XY[]) => `LINESTRING(${ps.map((p) => `${p[0]} ${p[1]}`).join(', ')})`;
const shift = (p: XY, k: number): XY => [Math.round((p[0] + (k - 2) * STEP_M) * 1000) / 1000, p[1]];

/** Copy k of a row: codes renamed, site names suffixed. */
function copyRow(row: Row, k: number): Row {
  const out: Row = {};
  for (const [name, value] of Object.entries(row)) {
    const m = value === null ? null : CODE.exec(value);
    out[name] = m ? `${m[1]}${k}${m[2]}` : value;
  }
  if (out.st_nom) out.st_nom = `${out.st_nom} ${k}`;
  return out;
}

const out: Record<string, { header: string[]; rows: Array<Record<string, string | null>> }> = {};
for (const name of ['t_noeud', 't_cheminement', 't_sitetech', 't_ptech', 't_conduite', 't_cond_chem', 't_cable', 't_cab_cond', 't_suf']) {
  const t = tables[name];
  if (!t || t.rows.length === 0) throw new Error(`${name}: missing from ${source}`);
  const shaped = t.shapes !== undefined;
  const header = [...Object.keys(t.rows[0]), ...(shaped ? ['geom'] : [])];
  const rows: Array<Record<string, string | null>> = [];
  for (const k of COPIES) {
    t.rows.forEach((row, i) => {
      const shape = t.shapes?.[i];
      const geom = !shaped || !shape?.length ? null : name === 't_noeud' ? wktPoint(shift(shape[0], k)) : wktLine(shape.map((p) => shift(p, k)));
      rows.push({ ...copyRow(row, k), ...(shaped && { geom }) });
    });
  }
  out[name] = { header, rows };
}

// The collection network (made up here).
const nodeXY = new Map<string, XY>();
tables.t_noeud!.rows.forEach((r, i) => {
  const shape = tables.t_noeud!.shapes?.[i];
  if (shape?.length) nodeXY.set(field(r, 'nd_code')!, shape[0]);
});
const nroSite = tables.t_sitetech!.rows.find((r) => field(r, 'st_typelog') === 'NRO')!;
const nroNode = field(nroSite, 'st_nd_code')!;
const nro = (k: number) => ({ code: copyRow({ c: nroNode }, k).c!, xy: shift(nodeXY.get(nroNode)!, k) });
const nra = { code: 'ND9000000000001', xy: [nro(2).xy[0], nro(2).xy[1] + STEP_M] as XY };
const chamber = { code: 'ND9000000000002', xy: [(nra.xy[0] + nro(1).xy[0]) / 2, (nra.xy[1] + nro(1).xy[1]) / 2] as XY };
const owner = (name: string) => field(tables.t_organisme!.rows.find((r) => field(r, 'or_nom') === name)!, 'or_code')!;

const push = (name: string, row: Record<string, string | null>) => out[name].rows.push(Object.fromEntries(out[name].header.map((h) => [h, row[h] ?? null])));
for (const [n, label, type] of [[nra, 'NRA COLLECTE', 'ST'], [chamber, 'CHAMBRE COLLECTE', 'PT']] as const) {
  push('t_noeud', { nd_code: n.code, nd_nom: label, nd_type: type, nd_comment: 'collection network made up for the multi-NRO fixture', geom: wktPoint(n.xy) });
}
push('t_sitetech', { st_code: 'ST9000000000001', st_nd_code: nra.code, st_nom: 'NRA COLLECTE', st_prop: owner('ORANGE'), st_gest: owner('ORANGE'), st_statut: 'REC', st_avct: 'E', st_typephy: 'BAT', st_typelog: 'NRA' });
push('t_ptech', { pt_code: 'PT9000000000002', pt_nd_code: chamber.code, pt_etiquet: 'CH-COLLECTE', pt_prop: owner('ORANGE'), pt_statut: 'REC', pt_avct: 'E', pt_typephy: 'C' });
const links: Array<[{ code: string; xy: XY }, { code: string; xy: XY }, string, string | null, string]> = [
  [nra, chamber, 'ORANGE', 'CO', 'CO'],
  [chamber, nro(1), 'SFR', 'CO', 'CO'],
  [nra, nro(2), 'ORANGE', 'CO', 'CO'],
  [nro(2), nro(3), 'FREE', null, 'CT'],
  [nro(3), nra, 'SMO', 'CO', 'CO'],
  [nro(3), nro(4), 'COMMUNE', 'CO', 'CO'],
];
links.forEach(([a, b, org, cmType, cbType], i) => {
  const n = String(i + 1).padStart(13, '0');
  const length = Math.hypot(b.xy[0] - a.xy[0], b.xy[1] - a.xy[1]);
  push('t_cheminement', { cm_code: `CM9${n}`, cm_ndcode1: a.code, cm_ndcode2: b.code, cm_statut: 'REC', cm_avct: 'E', cm_typelog: cmType, cm_typ_imp: '7', cm_long: length.toFixed(2), cm_comment: 'collection pathway made up for the multi-NRO fixture', geom: wktLine([a.xy, b.xy]) });
  push('t_conduite', { cd_code: `CD9${n}`, cd_etiquet: `CD9${n}`, cd_prop: owner(org), cd_gest: owner(org), cd_statut: 'REC', cd_avct: 'E', cd_type: 'PEHD' });
  push('t_cond_chem', { dm_cd_code: `CD9${n}`, dm_cm_code: `CM9${n}` });
  push('t_cable', { cb_code: `CB9${n}`, cb_etiquet: `CB9${n}`, cb_nd1: a.code, cb_nd2: b.code, cb_prop: owner(org), cb_gest: owner(org), cb_statut: 'REC', cb_avct: 'E', cb_tech: 'OPT', cb_typephy: 'C', cb_typelog: cbType, cb_capafo: '144', cb_fo_util: '24' });
  push('t_cab_cond', { cc_cb_code: `CB9${n}`, cc_cd_code: `CD9${n}` });
});

const organisations = tables.t_organisme!;
out.t_organisme = { header: Object.keys(organisations.rows[0]), rows: organisations.rows };

await mkdir(target, { recursive: true });
for (const [name, t] of Object.entries(out)) await writeFile(join(target, `${name}.csv`), csv(t.header, t.rows));
console.log(`wrote ${Object.keys(out).length} tables to ${target}: ${Object.entries(out).map(([n, t]) => `${n} ${t.rows.length}`).join(', ')}`);
