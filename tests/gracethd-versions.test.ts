import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TopologyError } from '../src/model/errors.js';
import { detectVersion, parseGracethdVersion } from '../src/import/gracethd/detect-version.js';
import { importGracethdFolder, importGracethdFromFiles } from '../src/import/gracethd/import-gracethd.js';
import { lineLength } from '../src/import/gracethd/geometry.js';
import { MAPPINGS, mappingTables } from '../src/import/gracethd/versions/index.js';
import { rawCsv, rawShp } from './support/gracethd-raw.js';

const DEMO = '../shared/datasets/gracethd-demo';
const V3 = 'tests/fixtures/gracethd-v3';

async function filesOf(dir: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const name of await readdir(dir)) files.set(name, new Uint8Array(await readFile(join(dir, name))));
  return files;
}

describe('GraceTHD versions', () => {
  it('detects the v2 demo as 2.0.1, and says why', async () => {
    const { report } = await importGracethdFolder(DEMO);
    expect(report.version).toBe('2.0.1');
    expect(report.versionRule).toMatch(/^detected \(medium confidence\): v2 tables .*t_cond_chem.*no \*_patch201/);
  });

  it('detects a v2.0.2 delivery by its patch tables, with the same topology as 2.0.1', async () => {
    const files = await filesOf(DEMO);
    const base = await importGracethdFromFiles(files);
    // t_sitetech_patch202: the header of GraceTHD-MCD-dev@3865302 db_shpcsv/t_sitetech_patch202.csv.
    const header = 'st_code;st_rf_code;st_ban_id;st_nomvoie;st_numero;st_rep;st_postal;st_insee;st_commune;st_section;st_idpar;st_hexacle;st_nombat';
    files.set('t_sitetech_patch202.csv', new TextEncoder().encode(`${header}\nST200180030001;;;;;;;;;;;;\n`));
    const { topology, report } = await importGracethdFromFiles(files);
    expect(report.version).toBe('2.0.2');
    expect(report.versionRule).toContain('t_sitetech_patch202');
    expect(topology).toEqual(base.topology);
    expect(report.findings).toEqual(base.report.findings);
  });

  it('reads a v2.0.2 SROS site as a pop, which 2.0.1 does not know', async () => {
    const files = await filesOf(DEMO);
    const text = new TextDecoder().decode(files.get('t_sitetech.csv')!).replace(';ADR;SRO;', ';ADR;SROS;');
    files.set('t_sitetech.csv', new TextEncoder().encode(text));
    const as201 = await importGracethdFromFiles(files, { version: '2.0.1' });
    const as202 = await importGracethdFromFiles(files, { version: '2.0.2' });
    expect(as202.report.versionRule).toMatch(/^forced to 2\.0\.2/);
    expect(as202.topology.sites.find((s) => s.id === 'ND200180030502')?.kind).toBe('pop');
    expect(as201.topology.sites.find((s) => s.id === 'ND200180030502')?.kind).toBe('junction');
    expect(as201.report.findings.find((f) => f.code === 'unknown-code' && f.where === 't_sitetech.st_typelog')?.ids).toEqual(['ST200180030008']);
  });

  it('imports the v3 conversion of the demo to the same sites, sections, owners, capacities and subscribers', async () => {
    const v2 = await importGracethdFolder(DEMO);
    const v3 = await importGracethdFolder(V3);
    expect(v3.report.version).toBe('3.x');
    expect(v3.report.versionRule).toMatch(/^detected \(high confidence\): v3 tables present \(t_cab_chem, t_local, t_site\)/);
    const strip = <T extends { lengthM?: number; geometry?: unknown }>({ lengthM, geometry, ...rest }: T) => rest;
    expect(v3.topology.sites).toEqual(v2.topology.sites);
    expect(v3.topology.sections.map(strip)).toEqual(v2.topology.sections.map(strip));
    expect(v3.report.headends).toEqual(['ND000180030001']);
    expect(v3.report.counts.owners).toEqual(['ORANGE', 'SMO', 'unknown']);
    expect(v3.report.counts.subscribers).toBe(v2.report.counts.subscribers);
    expect(v3.report.counts.subscriberUnits).toBe(rawCsv(DEMO, 't_suf').length);
    expect(v3.report.counts.nros).toBe(1);
    // v3 pathways have no length field: each length is its geometry's, from the v2 shapefile.
    const shapes = rawShp(DEMO, 't_cheminement');
    const codes = rawCsv(V3, 't_cheminement').map((r) => r.cm_code);
    for (const s of v3.topology.sections) {
      expect(s.lengthM).toBeCloseTo(lineLength(shapes[codes.indexOf(s.id)]), 2);
    }
    const geometry = v3.report.findings.find((f) => f.code === 'length-from-geometry');
    expect(geometry).toMatchObject({ severity: 'info', where: 't_cheminement geometry', count: v3.topology.sections.length });
  });

  it('reports the same data defects in v3, at v3 tables and fields', async () => {
    const v2 = await importGracethdFolder(DEMO);
    const v3 = await importGracethdFolder(V3);
    const key = (f: { code: string; ids: string[] }) => `${f.code} ${f.ids.join(',')}`;
    for (const code of ['end-node-empty', 'geometry-reversed', 'geometry-end-far', 'node-on-no-pathway', 'cable-without-ends', 'cable-not-in-duct']) {
      const a = v2.report.findings.filter((f) => f.code === code).map(key);
      const b = v3.report.findings.filter((f) => f.code === code).map(key);
      expect(b, code).toEqual(a);
      expect(a.length, code).toBeGreaterThan(0);
    }
    expect(v3.report.findings.find((f) => f.code === 'owner-unknown')).toMatchObject({ where: 't_cheminement.cm_prop' });
    expect(v3.report.findings.find((f) => f.code === 'owner-unknown')?.ids).toEqual(v2.report.findings.find((f) => f.code === 'owner-unknown')?.ids);
    expect(v3.report.findings.find((f) => f.code === 'cable-not-in-duct')?.where).toBe('t_cab_chem');
    expect(v3.report.findings.some((f) => f.code === 'missing-table')).toBe(false);
  });

  it('refuses a delivery that mixes v2 and v3 tables, listing what it found', async () => {
    const files = await filesOf(V3);
    files.set('t_suf.csv', new Uint8Array(await readFile(join(DEMO, 't_suf.csv'))));
    const error = await importGracethdFromFiles(files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyError);
    expect((error as TopologyError).problems[0]).toMatchObject({ code: 'unknown-version' });
    expect((error as Error).message).toMatch(/v3 \(t_cab_chem, t_local, t_site\) and of v2 \(t_suf\)/);
    const forced = await importGracethdFromFiles(files, { version: '3.x' });
    expect(forced.report.version).toBe('3.x');
  });

  it('detects from tables alone, and parses --gracethd-version values', () => {
    const t = (fields: string[]) => ({ file: 'x.csv', rows: [Object.fromEntries(fields.map((f) => [f, null]))] });
    expect(detectVersion({ t_noeud: t(['nd_code']), t_cheminement: t(['cm_code']) })).toMatchObject({ version: '2.0.1', confidence: 'low' });
    expect(detectVersion({ t_noeud: t(['nd_code']), t_site: t(['st_code']) })).toMatchObject({ version: '3.x', confidence: 'medium' });
    expect(detectVersion({ t_cheminement: t(['cm_code', 'cm_long']) })).toMatchObject({ version: '2.0.1', confidence: 'low' });
    expect(detectVersion({ t_site: t([]) }, '2.0.2')).toMatchObject({ version: '2.0.2', confidence: 'forced' });
    expect(['2.0.1', 'v2.0.2', '3', '3.0.1', '3.1', '3.x'].map(parseGracethdVersion)).toEqual(['2.0.1', '2.0.2', '3.x', '3.x', '3.x', '3.x']);
    expect(() => parseGracethdVersion('4.0')).toThrow(/not a version/);
  });

  it('describes each version as data, naming the tables it reads', () => {
    expect(mappingTables(MAPPINGS['2.0.1'])).toEqual(['t_noeud', 't_cheminement', 't_sitetech', 't_ptech', 't_cond_chem', 't_conduite', 't_cab_cond', 't_cable', 't_organisme', 't_suf', 'fibre_risk_group']);
    expect(mappingTables(MAPPINGS['3.x'])).toEqual(['t_noeud', 't_cheminement', 't_site', 't_ptech', 't_cab_chem', 't_cable', 't_organisme', 't_local', 'fibre_risk_group']);
    expect(MAPPINGS['3.x'].pathways.lengths).toEqual([]);
    expect(MAPPINGS['3.x'].levels.TR).toEqual(['transport']);
    expect(MAPPINGS['3.x'].levels.CO).toEqual(['collecte']);
  });
});
