/**
 * The GraceTHD importer's mapping rules, one by one, on the hand-made delivery in
 * tests/fixtures/gracethd-mini (CSV tables with WKT geometry; its README lists what each row
 * exercises), and the reading helpers on small inputs.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { importGracethdFolder, importGracethdFromFiles, importGracethdTables, type ImportResult } from '../src/import/gracethd/import-gracethd.js';
import { NodeGrid } from '../src/import/gracethd/geometry.js';
import { AVANCEMENT, PTECH_LABELS, SITE_KINDS, STATUTS } from '../src/import/gracethd/codes.js';
import type { Finding } from '../src/import/gracethd/quality-report.js';
import { parseWkt } from '../src/import/gracethd/read-shapes.js';
import { decodeText, encodingFromCpg, parseCsv, sniffCsvEncoding } from '../src/import/gracethd/read-tables.js';
import { TopologyError } from '../src/model/errors.js';
import { rawCsv } from './support/gracethd-raw.js';

const DIR = 'tests/fixtures/gracethd-mini';
let result: ImportResult;
beforeAll(async () => {
  result = await importGracethdFolder(DIR);
});
const site = (id: string) => result.topology.sites.find((s) => s.id === id);
const section = (id: string) => result.topology.sections.find((s) => s.id === id);
const findings = (code: string): Finding[] => result.report.findings.filter((f) => f.code === code);
const ids = (code: string, severity?: string) =>
  findings(code)
    .filter((f) => severity === undefined || f.severity === severity)
    .flatMap((f) => f.ids)
    .sort();

describe('sites', () => {
  it('maps st_typelog: NRO → head-end by default, SRO → pop, unknown → junction (reported)', () => {
    expect(site('N1')).toMatchObject({ kind: 'headend', name: 'NRO Test' });
    expect(site('N2')).toMatchObject({ kind: 'pop', name: 'PM1' });
    expect(site('N6')).toMatchObject({ kind: 'junction', name: 'S-X' });
    expect(findings('unknown-code').find((f) => f.where === 't_sitetech.st_typelog')?.items).toEqual([{ id: 'S-X', detail: '"XYZ"' }]);
    expect(result.report.headends).toEqual(['N1']);
  });

  it('makes technical points junctions named by their physical type', () => {
    expect(site('N3')).toMatchObject({ kind: 'junction', name: 'chambre CH-3' });
    expect(site('N4')).toMatchObject({ kind: 'junction', name: 'appui T4' });
    expect(site('N8')).toMatchObject({ kind: 'junction', name: 'point technique T8' });
    expect(ids('unknown-code').includes('T8')).toBe(true);
  });

  it('counts subscriber units per node; units on a lonely or unknown node are reported', () => {
    expect(site('N5')?.subscribers).toBe(2);
    expect(ids('subscribers-off-network')).toEqual(['N7']);
    expect(ids('unknown-reference')).toEqual(['SF4']);
  });

  it('keeps a technical site on no pathway as an unconnected site, and says so', () => {
    expect(site('N6')).toBeDefined();
    expect(site('N7')).toBeUndefined();
    expect(ids('node-on-no-pathway')).toEqual(['N6', 'N7']);
    expect(ids('unreachable-from-headend')).toEqual(['N6']);
  });

  it('head-end override by st_code, pt_code or nd_code', () => {
    for (const code of ['S-PM', 'N2']) {
      const { topology, report } = importGracethdTablesFromMini(code);
      expect(report.headends).toEqual(['N2']);
      expect(topology.sites.find((s) => s.id === 'N1')?.kind).toBe('nro');
    }
    expect(importGracethdTablesFromMini('T3').report.headends).toEqual(['N3']);
  });
});

describe('sections', () => {
  it('keeps the good pathways, leaves out the others and says why', () => {
    expect(result.topology.sections.map((s) => s.id)).toEqual(['P1', 'P2', 'P3', 'P4', 'P7']);
    expect(ids('duplicate-code')).toEqual(['P1']);
    expect(ids('end-node-empty', 'error')).toEqual(['P5']);
    expect(ids('pathway-out-of-service')).toEqual(['P6']);
    expect(ids('self-loop')).toEqual(['P8']);
  });

  it('length: cm_lgreel, else cm_long, else the geometry', () => {
    expect(section('P1')?.lengthM).toBe(120);
    expect(section('P2')?.lengthM).toBe(105);
    expect(section('P3')?.lengthM).toBe(100);
    expect(ids('length-from-cm_long')).toEqual(['P2', 'P4', 'P7']);
    expect(findings('length-from-geometry')[0].items).toEqual([{ id: 'P3', distanceM: 100, detail: '100.00 m' }]);
  });

  it('status from cm_avct: E existing, C planned, empty existing (reported), A left out', () => {
    expect(section('P1')?.status).toBeUndefined();
    expect(section('P2')?.status).toBe('planned');
    expect(section('P3')?.status).toBeUndefined();
    expect(ids('status-assumed')).toEqual(['P3']);
  });

  it('snaps an empty end to the nearest node within the tolerance', () => {
    expect(section('P4')).toMatchObject({ from: 'N4', to: 'N5' });
    const snapped = findings('end-node-empty').find((f) => f.severity === 'warning')!;
    expect(snapped.items).toEqual([{ id: 'P4', node: 'N5', distanceM: 3, detail: 'cm_ndcode2 empty; geometry end snapped to N5 at 3.00 m' }]);
  });

  it('a smaller snap tolerance leaves the pathway out instead', async () => {
    const tight = await importGracethdFolder(DIR, { snapToleranceM: 2 });
    expect(tight.topology.sections.map((s) => s.id)).not.toContain('P4');
    const lost = tight.report.findings.filter((f) => f.code === 'end-node-empty' && f.severity === 'error');
    expect(lost.flatMap((f) => f.ids).sort()).toEqual(['P4', 'P5']);
  });

  it('reverses a geometry drawn from cm_ndcode2 to cm_ndcode1, and says so', () => {
    const g = section('P2')!.geometry!;
    expect(g[0][0]).toBeLessThan(g[1][0]); // N2 (west) → N3 (east)
    expect(ids('geometry-reversed')).toEqual(['P2']);
  });

  it('reports a geometry end farther than the end tolerance from its node', async () => {
    expect(findings('geometry-end-far')[0].items).toEqual([{ id: 'P7', node: 'N8', distanceM: 3, detail: 'end 3.00 m from cm_ndcode2 N8' }]);
    const loose = await importGracethdFolder(DIR, { endToleranceM: 5 });
    expect(loose.report.findings.some((f) => f.code === 'geometry-end-far')).toBe(false);
  });
});

describe('owners and capacity', () => {
  it('owner: cd_prop → or_nom (CP1252 decoded), else cd_gest, an unknown code as is, majority when mixed, else unknown', () => {
    expect(section('P1')?.owner).toBe('Société Numérique');
    expect(section('P2')?.owner).toBe('ORANGE');
    expect(section('P3')?.owner).toBe('ORANGE');
    expect(findings('owner-mixed')[0].items).toEqual([{ id: 'P3', detail: 'Société Numérique ×1, ORANGE ×2' }]);
    expect(section('P7')?.owner).toBe('OR999');
    expect(section('P4')?.owner).toBe('unknown');
    expect(ids('owner-unknown')).toEqual(['P4']);
    expect(ids('encoding-assumed')).toEqual(['t_organisme.csv']);
  });

  it('capacity: the distinct cables of the ducts; use: cb_fo_util, else cb_capafo − cb_fo_disp, only when every cable gives it', () => {
    expect(section('P1')).toMatchObject({ capacityFibres: 144 + 48, usedFibres: 100 + (48 - 8) });
    expect(section('P3')?.capacityFibres).toBe(12); // C3 lies in two ducts of P3
    expect(section('P3')?.usedFibres).toBeUndefined();
    expect(section('P2')?.capacityFibres).toBeUndefined();
    expect(ids('use-from-available')).toEqual(['C2']);
    expect(ids('cable-without-ends')).toEqual(['C2', 'C3', 'C4']);
    expect(ids('cable-not-in-duct')).toEqual(['C4']);
  });
});

describe('risk groups (fibre_risk_group)', () => {
  const withRiskGroups = async (csv: string) => {
    const files = new Map<string, Uint8Array>();
    for (const name of await readdir(DIR)) if (name.endsWith('.csv')) files.set(name, new Uint8Array(await readFile(join(DIR, name))));
    files.set('fibre_risk_group.csv', new TextEncoder().encode(csv));
    return importGracethdFromFiles(files, { name: result.topology.name });
  };

  it('gives each pathway its groups, in the order of the rows, each once', async () => {
    const { topology } = await withRiskGroups('rg_code;rg_cm_code\ntrench-A;P1\nbridge-B;P1\ntrench-A;P1\ntrench-A;P2\n');
    expect(topology.sections.find((s) => s.id === 'P1')?.riskGroups).toEqual(['trench-A', 'bridge-B']);
    expect(topology.sections.find((s) => s.id === 'P2')?.riskGroups).toEqual(['trench-A']);
    expect(result.topology.sections.every((s) => s.riskGroups === undefined)).toBe(true);
  });

  it('reports a row naming no pathway, or without a group, with its table, field and code', async () => {
    const { topology, report } = await withRiskGroups('rg_code;rg_cm_code\ntrench-A;NOPE\n;P1\ntrench-A;P2\n');
    const unknown = report.findings.find((f) => f.code === 'unknown-reference' && f.where === 'fibre_risk_group.rg_cm_code');
    expect(unknown?.items).toEqual([{ id: 'NOPE', detail: 'risk group trench-A' }]);
    const missing = report.findings.find((f) => f.code === 'missing-code' && f.where === 'fibre_risk_group.rg_code');
    expect(missing?.items).toEqual([{ id: 'row 2', detail: '' }]);
    expect(topology.sections.find((s) => s.id === 'P1')?.riskGroups).toBeUndefined();
  });

  it('is no finding when a delivery has no risk-group table', () => {
    expect(result.report.findings.some((f) => f.ids.includes('fibre_risk_group') || f.where.startsWith('fibre_risk_group'))).toBe(false);
  });
});

describe('layouts and reading', () => {
  it('reads a delivery split in subfolders, with upper-case names', async () => {
    const files = new Map<string, Uint8Array>();
    for (const [i, name] of (await readdir(DIR)).entries()) files.set(`v3/${i % 2 ? 'a' : 'b'}/${name.toUpperCase()}`, new Uint8Array(await readFile(join(DIR, name))));
    const split = await importGracethdFromFiles(files, { name: result.topology.name });
    expect(split.topology).toEqual(result.topology);
  });

  it('refuses the same table twice and a delivery without t_cheminement, with importGracethd: errors', async () => {
    const bytes = new Uint8Array(await readFile(join(DIR, 't_noeud.csv')));
    await expect(importGracethdFromFiles(new Map([['a/t_noeud.csv', bytes], ['b/T_NOEUD.csv', bytes]]))).rejects.toThrow(
      /^importGracethd: t_noeud.csv appears twice/,
    );
    const missing = importGracethdFromFiles(new Map([['t_noeud.csv', bytes]]));
    await expect(missing).rejects.toBeInstanceOf(TopologyError);
    await expect(missing).rejects.toThrow('importGracethd: t_cheminement is missing');
  });

  it('lists the optional tables a delivery lacks in one finding', async () => {
    const files = new Map<string, Uint8Array>();
    for (const name of ['t_noeud.csv', 't_cheminement.csv']) files.set(name, new Uint8Array(await readFile(join(DIR, name))));
    const { report } = await importGracethdFromFiles(files);
    const missing = report.findings.filter((f) => f.code === 'missing-table');
    expect(missing).toHaveLength(1);
    expect(missing[0].ids).toEqual(['t_cab_cond', 't_cable', 't_cond_chem', 't_conduite', 't_organisme', 't_ptech', 't_sitetech', 't_suf']);
    expect(report.findings.find((f) => f.code === 'no-headend')?.severity).toBe('warning');
  });

  it('decodes a .dbf without .cpg as CP1252, and says so', async () => {
    const demo = 'tests/fixtures/gracethd-demo';
    const files = new Map<string, Uint8Array>();
    for (const name of await readdir(demo)) if (name !== 't_noeud.cpg') files.set(name, new Uint8Array(await readFile(join(demo, name))));
    const { report } = await importGracethdFromFiles(files);
    expect(report.findings.find((f) => f.code === 'encoding-assumed')?.items).toEqual([{ id: 't_noeud.dbf', detail: 'no .cpg' }]);
  });

  it('parses ;-separated CSV with empty fields as null and lower-case names', () => {
    expect(parseCsv('CM_CODE;cm_long;cm_comment\nCM1; 12.5 ;\n"CM;2";;"a ""b"""\n', 'x.csv')).toEqual([
      { cm_code: 'CM1', cm_long: '12.5', cm_comment: null },
      { cm_code: 'CM;2', cm_long: null, cm_comment: 'a "b"' },
    ]);
  });

  it('reads .cpg names and falls back to CP1252', () => {
    expect(encodingFromCpg('UTF-8\r\n')).toBe('utf-8');
    expect(encodingFromCpg('ANSI 1252')).toBe('windows-1252');
    expect(encodingFromCpg('1252')).toBe('windows-1252');
    expect(encodingFromCpg('ISO_8859_1')).toBe('iso-8859-1');
    expect(encodingFromCpg('EBCDIC')).toBeUndefined();
    const cp1252 = new Uint8Array([0x53, 0x6f, 0x63, 0x69, 0xe9, 0x74, 0xe9]);
    expect(sniffCsvEncoding(cp1252)).toBe('windows-1252');
    expect(decodeText(cp1252, 'windows-1252')).toBe('Société');
    expect(sniffCsvEncoding(new TextEncoder().encode('Société'))).toBe('utf-8');
  });

  it('parses WKT points and lines', () => {
    expect(parseWkt('POINT (1 2)')).toEqual({ points: [[1, 2]], parts: 1 });
    expect(parseWkt('SRID=2154;LINESTRING(1 2, 3 4)')).toEqual({ points: [[1, 2], [3, 4]], parts: 1 });
    expect(parseWkt('MULTILINESTRING((1 2, 3 4), (3 4, 5 6))')).toEqual({ points: [[1, 2], [3, 4], [3, 4], [5, 6]], parts: 2 });
    expect(parseWkt('POLYGON((0 0, 1 0, 0 1, 0 0))').points).toBeNull();
    expect(parseWkt(null).points).toBeNull();
  });

  it('reads WKT in any case and spacing, with Z or M ordinates (tagged or not), and refuses what is not a point or line', () => {
    expect(parseWkt('linestring(1 2,3 4)')).toEqual({ points: [[1, 2], [3, 4]], parts: 1 });
    expect(parseWkt('SRID=2154;\tMultiLineString ((1 2, 3 4),\n(5 6, 7 8))')).toEqual({ points: [[1, 2], [3, 4], [5, 6], [7, 8]], parts: 2 });
    expect(parseWkt('PointZ (1 2 3)').points).toEqual([[1, 2]]);
    expect(parseWkt('LINESTRING ZM (1 2 3 4, 5 6 7 8)').points).toEqual([[1, 2], [5, 6]]);
    expect(parseWkt('POINT (1 2 3)').points).toEqual([[1, 2]]);
    expect(parseWkt('POINT (1e3 2.5E2)').points).toEqual([[1000, 250]]);
    for (const bad of ['POINT EMPTY', 'LINESTRING EMPTY', 'POINT (a b)', 'MULTIPOINT ((1 2))', 'LINESTRING (1 2', 'garbage', '']) {
      expect(parseWkt(bad), bad).toEqual({ points: null, parts: 0 });
    }
  });

  it('finds the nearest node within the radius only', () => {
    const grid = new NodeGrid(new Map([['A', [0, 0]], ['B', [10, 0]], ['C', [3, 4]]]), 6);
    expect(grid.nearest([1, 1])).toEqual({ node: 'A', distanceM: Math.SQRT2 });
    expect(grid.nearest([1, 1], 'A')?.node).toBe('C');
    expect(grid.nearest([30, 30])).toBeUndefined();
  });
});

describe('code lists', () => {
  const demo = 'tests/fixtures/gracethd-demo';
  const codes = (table: string) => rawCsv(demo, table).map((r) => r.code).sort();
  it('cover every code of the GraceTHD v2.0.1 lists they map', () => {
    expect(Object.keys(SITE_KINDS).sort()).toEqual(codes('l_site_type_log'));
    expect(Object.keys(AVANCEMENT).sort()).toEqual(codes('l_avancement'));
    expect([...STATUTS].sort()).toEqual(codes('l_statut'));
    expect(Object.keys(PTECH_LABELS).sort()).toEqual(codes('l_ptech_type_phy'));
  });
});

/** The mini delivery re-imported from its tables with a head-end named. */
function importGracethdTablesFromMini(headend: string) {
  const table = (name: string) => {
    const rows = rawCsv(DIR, name).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));
    const shapes = rows.map((r) => parseWkt(r.geom ?? null).points);
    return { file: `${name}.csv`, rows, shapes };
  };
  return importGracethdTables({ t_noeud: table('t_noeud'), t_cheminement: table('t_cheminement'), t_sitetech: table('t_sitetech'), t_ptech: table('t_ptech') }, { headends: [headend] });
}
