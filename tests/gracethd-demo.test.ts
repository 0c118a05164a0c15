/**
 * The GraceTHD importer on the public GraceTHD demonstration dataset (tests/fixtures/gracethd-demo,
 * GPL-3.0, see its NOTICE.txt). Every expected figure is computed here from the files with a naive
 * reader of our own (tests/support/gracethd-raw.ts), then also compared with the figures the
 * NOTICE states.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { zipSync } from 'fflate';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import { textOf } from './support/run-cli.js';
import { importGracethdFolder, importGracethdFromFiles, importGracethdFromZip, type ImportResult } from '../src/import/gracethd/import-gracethd.js';
import { deliveryFilesFromZip } from '../src/import/gracethd/read-delivery.js';
import type { Finding } from '../src/import/gracethd/quality-report.js';
import { readTopologyFile } from '../src/io/read-topology.js';
import { wgs84ToLambert93 } from '../src/io/lambert93.js';
import { validateTopology } from '../src/model/validate.js';
import { dist, rawCsv, rawDbf, rawShp, rawShxCount } from './support/gracethd-raw.js';

const DIR = 'tests/fixtures/gracethd-demo';
const nodes = rawDbf(DIR, 't_noeud');
const nodeXY = new Map(rawShp(DIR, 't_noeud').map((s, i) => [nodes[i].nd_code, s[0]] as const));
const pathways = rawDbf(DIR, 't_cheminement');
const pathwayShapes = rawShp(DIR, 't_cheminement');

let result: ImportResult;
beforeAll(async () => {
  result = await importGracethdFolder(DIR);
});

const finding = (code: string, where?: string): Finding => {
  const found = result.report.findings.filter((f) => f.code === code && (where === undefined || f.where === where));
  expect(found, `finding ${code} ${where ?? ''}`).toHaveLength(1);
  return found[0];
};
const nearestNode = (xy: readonly number[]) =>
  [...nodeXY].map(([code, p]) => ({ code, d: dist(p, xy) })).sort((a, b) => a.d - b.d)[0];

describe('GraceTHD demo: counts', () => {
  it('reads every row of the tables it uses', () => {
    const c = result.report.counts;
    expect(c.nodes).toBe(rawShxCount(DIR, 't_noeud'));
    expect(c.pathways).toBe(rawShxCount(DIR, 't_cheminement'));
    expect(c.technicalSites).toBe(rawCsv(DIR, 't_sitetech').length);
    expect(c.technicalPoints).toBe(rawCsv(DIR, 't_ptech').length);
    expect(c.ducts).toBe(rawCsv(DIR, 't_conduite').length);
    expect(c.cables).toBe(rawCsv(DIR, 't_cable').length);
    expect(c.organisations).toBe(rawCsv(DIR, 't_organisme').length);
    expect(c.subscriberUnits).toBe(rawCsv(DIR, 't_suf').length);
    // As the NOTICE states them.
    expect([c.nodes, c.pathways, c.technicalSites, c.technicalPoints, c.ducts, c.cables, c.organisations]).toEqual([27, 25, 2, 9, 25, 49, 8]);
  });

  it('keeps one section per pathway and a site per node that a pathway joins', () => {
    const { topology } = result;
    expect(topology.sections.map((s) => s.id).sort()).toEqual(pathways.map((p) => p.cm_code).sort());
    const joined = new Set(pathways.flatMap((p) => [p.cm_ndcode1, p.cm_ndcode2]).filter((c) => c !== ''));
    expect(topology.sites.map((s) => s.id).sort()).toEqual([...joined].sort());
    expect(topology.sites).toHaveLength(25);
    expect(result.report.counts.sitesByKind).toEqual({ headend: 1, pop: 1, junction: 23 });
    expect(validateTopology(topology).ok).toBe(true);
  });

  it('makes the NRO the head-end and the SRO (PM7) a pop', () => {
    const sites = rawCsv(DIR, 't_sitetech');
    const nro = sites.find((s) => s.st_typelog === 'NRO')!;
    const sro = sites.find((s) => s.st_typelog === 'SRO')!;
    expect([nro.st_code, nro.st_nd_code, sro.st_code, sro.st_nd_code]).toEqual(['ST200180030001', 'ND000180030001', 'ST200180030008', 'ND200180030502']);
    expect(result.report.counts.nros).toBe(1);
    expect(result.report.headends).toEqual([nro.st_nd_code]);
    const byId = new Map(result.topology.sites.map((s) => [s.id, s]));
    expect(byId.get(nro.st_nd_code)).toMatchObject({ kind: 'headend', name: 'NRO' });
    expect(byId.get(sro.st_nd_code)).toMatchObject({ kind: 'pop', name: 'PM7' });
    for (const pt of rawCsv(DIR, 't_ptech')) expect(byId.get(pt.pt_nd_code)?.kind).toBe('junction');
  });

  it('counts subscribers from t_suf per node', () => {
    const perNode = new Map<string, number>();
    for (const s of rawCsv(DIR, 't_suf')) perNode.set(s.sf_nd_code, (perNode.get(s.sf_nd_code) ?? 0) + 1);
    for (const site of result.topology.sites) expect(site.subscribers ?? 0).toBe(perNode.get(site.id) ?? 0);
    expect(result.report.counts.subscribers).toBe(21);
  });

  it('takes owners from the ducts, through t_organisme', () => {
    const orgs = new Map(rawCsv(DIR, 't_organisme').map((o) => [o.or_code, o.or_nom]));
    const ducts = new Map(rawCsv(DIR, 't_conduite').map((d) => [d.cd_code, d]));
    const ductsOf = new Map<string, string[]>();
    for (const l of rawCsv(DIR, 't_cond_chem')) ductsOf.set(l.dm_cm_code, [...(ductsOf.get(l.dm_cm_code) ?? []), l.dm_cd_code]);
    for (const s of result.topology.sections) {
      const owners = new Set((ductsOf.get(s.id) ?? []).map((d) => orgs.get(ducts.get(d)!.cd_prop)));
      if (owners.size === 0) expect(s.owner).toBe('unknown');
      else expect([...owners]).toEqual([s.owner]); // no pathway of the demo mixes owners
    }
    expect(result.report.counts.owners).toEqual(['ORANGE', 'SMO', 'unknown']);
  });

  it('sums the capacity of the distinct cables laid in the ducts of each pathway', () => {
    const capa = new Map(rawCsv(DIR, 't_cable').map((c) => [c.cb_code, Number(c.cb_capafo)]));
    const cablesIn = new Map<string, string[]>();
    for (const l of rawCsv(DIR, 't_cab_cond')) cablesIn.set(l.cc_cd_code, [...(cablesIn.get(l.cc_cd_code) ?? []), l.cc_cb_code]);
    const ductsOf = new Map<string, string[]>();
    for (const l of rawCsv(DIR, 't_cond_chem')) ductsOf.set(l.dm_cm_code, [...(ductsOf.get(l.dm_cm_code) ?? []), l.dm_cd_code]);
    for (const s of result.topology.sections) {
      const cables = new Set((ductsOf.get(s.id) ?? []).flatMap((d) => cablesIn.get(d) ?? []));
      const sum = [...cables].reduce((n, c) => n + capa.get(c)!, 0);
      expect(s.capacityFibres ?? 0, s.id).toBe(sum);
    }
    expect(result.topology.sections.find((s) => s.id === 'CM200180033134')?.capacityFibres).toBe(96 + 576);
  });

  it('reprojects to CRS84 in Les Aix-d’Angillon (Cher), within a centimetre of the shapefile', () => {
    for (const site of result.topology.sites) {
      expect(site.lon).toBeGreaterThan(2.56);
      expect(site.lon).toBeLessThan(2.59);
      expect(site.lat).toBeGreaterThan(47.19);
      expect(site.lat).toBeLessThan(47.21);
      expect(dist(wgs84ToLambert93([site.lon, site.lat]), nodeXY.get(site.id)!)).toBeLessThan(0.02);
    }
  });
});

describe('GraceTHD demo: every defect of the NOTICE, checked against the files', () => {
  it('empty end-node codes: CM000180032598 (cm_ndcode1) and CM200180032598 (cm_ndcode2), snapped to the node nearest the geometry end', () => {
    const empty1 = pathways.filter((p) => p.cm_ndcode1 === '').map((p) => p.cm_code);
    const empty2 = pathways.filter((p) => p.cm_ndcode2 === '').map((p) => p.cm_code);
    expect(empty1).toEqual(['CM000180032598']);
    expect(empty2).toEqual(['CM200180032598']);
    for (const [code, field, end] of [
      ['CM000180032598', 'cm_ndcode1', 'from'],
      ['CM200180032598', 'cm_ndcode2', 'to'],
    ] as const) {
      const i = pathways.findIndex((p) => p.cm_code === code);
      const other = field === 'cm_ndcode1' ? pathways[i].cm_ndcode2 : pathways[i].cm_ndcode1;
      const shape = pathwayShapes[i];
      // The geometry end away from the known node is the end whose code is missing.
      const [a, b] = [shape[0], shape[shape.length - 1]];
      const loose = dist(a, nodeXY.get(other)!) > dist(b, nodeXY.get(other)!) ? a : b;
      const near = nearestNode(loose);
      const f = finding('end-node-empty', `t_cheminement.${field}`);
      expect(f.severity).toBe('warning');
      expect(f.ids).toEqual([code]);
      expect(f.items[0].node).toBe(near.code);
      expect(f.items[0].distanceM).toBeCloseTo(near.d, 2);
      expect(near.d).toBeLessThan(10);
      expect(result.topology.sections.find((s) => s.id === code)![end]).toBe(near.code);
    }
  });

  it('reversed geometries: exactly the pathways drawn from cm_ndcode2 to cm_ndcode1', () => {
    const reversed = pathways
      .map((p, i) => ({ p, s: pathwayShapes[i] }))
      .filter(({ p }) => p.cm_ndcode1 !== '' && p.cm_ndcode2 !== '')
      .filter(({ p, s }) => {
        const [a, b] = [nodeXY.get(p.cm_ndcode1)!, nodeXY.get(p.cm_ndcode2)!];
        return dist(a, s[s.length - 1]) + dist(b, s[0]) < dist(a, s[0]) + dist(b, s[s.length - 1]);
      })
      .map(({ p }) => p.cm_code)
      .sort();
    const f = finding('geometry-reversed');
    expect(f.ids).toEqual(reversed);
    expect(f.ids).toEqual(expect.arrayContaining(['CM100180031521', 'CM000180032956', 'CM900180034601']));
    expect(f.count).toBe(6);
    // Every section geometry now starts at its `from` node and ends at its `to` node (the
    // snapped and far ones aside).
    const odd = new Set(['CM000180032598', 'CM200180032598', 'CM000180032599']);
    const sites = new Map(result.topology.sites.map((s) => [s.id, s]));
    for (const s of result.topology.sections.filter((x) => !odd.has(x.id))) {
      const g = s.geometry!;
      expect(dist(wgs84ToLambert93(g[0]), wgs84ToLambert93([sites.get(s.from)!.lon, sites.get(s.from)!.lat])), s.id).toBeLessThan(0.05);
      expect(dist(wgs84ToLambert93(g[g.length - 1]), wgs84ToLambert93([sites.get(s.to)!.lon, sites.get(s.to)!.lat])), s.id).toBeLessThan(0.05);
    }
  });

  it('geometry ends far from their nodes: CM000180032599, 6.2 m and 8.7 m', () => {
    const i = pathways.findIndex((p) => p.cm_code === 'CM000180032599');
    const p = pathways[i];
    const s = pathwayShapes[i];
    const start = dist(nodeXY.get(p.cm_ndcode1)!, s[0]);
    const end = dist(nodeXY.get(p.cm_ndcode2)!, s[s.length - 1]);
    expect([start.toFixed(1), end.toFixed(1)]).toEqual(['6.2', '8.7']);
    const f = finding('geometry-end-far');
    expect(f.ids).toEqual(['CM000180032599']);
    expect(f.items.map((x) => [x.node, x.distanceM])).toEqual([
      [p.cm_ndcode1, Math.round(start * 100) / 100],
      [p.cm_ndcode2, Math.round(end * 100) / 100],
    ]);
    // The far end lies on ND000180032793, which the report names as a hint.
    expect(f.items[1].detail).toContain('ND000180032793 at 0.00 m');
  });

  it('nodes on no pathway: ND000180031404 (SF) and ND201180030502 (SE)', () => {
    const joined = new Set(pathways.flatMap((p) => [p.cm_ndcode1, p.cm_ndcode2]));
    const lonely = nodes.filter((n) => !joined.has(n.nd_code));
    expect(lonely.map((n) => [n.nd_code, n.nd_type])).toEqual([
      ['ND000180031404', 'SF'],
      ['ND201180030502', 'SE'],
    ]);
    const f = finding('node-on-no-pathway');
    expect(f.ids).toEqual(lonely.map((n) => n.nd_code));
    expect(f.items.map((x) => x.detail)).toEqual(['nd_type SF', 'nd_type SE']);
  });

  it('cables without ends: all 49', () => {
    const cables = rawCsv(DIR, 't_cable');
    const endless = cables.filter((c) => c.cb_nd1 === '' || c.cb_nd2 === '').map((c) => c.cb_code).sort();
    expect(endless).toHaveLength(49);
    expect(finding('cable-without-ends').ids).toEqual(endless);
  });

  it('cm_lgreel empty on every pathway: length from cm_long', () => {
    expect(pathways.every((p) => p.cm_lgreel === '' && Number(p.cm_long) > 0)).toBe(true);
    expect(finding('length-from-cm_long').ids).toEqual(pathways.map((p) => p.cm_code).sort());
    for (const s of result.topology.sections) expect(s.lengthM).toBe(Number(pathways.find((p) => p.cm_code === s.id)!.cm_long));
  });

  it('two technical sites: the NRO ST200180030001 and the SRO PM7 ST200180030008', () => {
    expect(result.report.counts.technicalSites).toBe(2);
    expect(result.report.counts.sitesByKind.headend + result.report.counts.sitesByKind.pop).toBe(2);
  });
});

describe('GraceTHD demo: the other findings', () => {
  it('reports exactly these kinds of finding, and no error', () => {
    expect(result.report.findings.map((f) => `${f.severity} ${f.code} ${f.count}`).sort()).toEqual(
      [
        'info cable-not-in-duct 41',
        'info cable-without-ends 49',
        'info length-from-cm_long 25',
        'info status-assumed 25',
        'info use-from-available 4',
        'warning end-node-empty 1',
        'warning end-node-empty 1',
        'warning geometry-end-far 1',
        'warning geometry-reversed 6',
        'warning node-on-no-pathway 2',
        'warning owner-unknown 15',
        'warning unreachable-from-headend 9',
      ].sort(),
    );
  });

  it('pathways holding no duct have the owner "unknown", listed', () => {
    const withDuct = new Set(rawCsv(DIR, 't_cond_chem').map((l) => l.dm_cm_code));
    const without = pathways.map((p) => p.cm_code).filter((c) => !withDuct.has(c)).sort();
    expect(without).toHaveLength(15);
    expect(finding('owner-unknown').ids).toEqual(without);
  });

  it('cables laid in no duct and statuses taken as existing are listed', () => {
    const laid = new Set(rawCsv(DIR, 't_cab_cond').map((l) => l.cc_cb_code));
    expect(finding('cable-not-in-duct').ids).toEqual(rawCsv(DIR, 't_cable').map((c) => c.cb_code).filter((c) => !laid.has(c)).sort());
    expect(pathways.every((p) => p.cm_avct === '' && p.cm_statut === 'AVP')).toBe(true);
    expect(finding('status-assumed').count).toBe(25);
    expect(result.topology.sections.every((s) => s.status === undefined)).toBe(true);
  });

  it('names the part of the network that no pathway joins to the NRO (behind CM000180032599)', () => {
    // By their codes, CM000180032599 joins ND000180030065 and ND000180030502, which
    // CM000180033134 already joins; ND000180032793 and what hangs on it are cut off.
    const f = finding('unreachable-from-headend');
    const island = new Set(['ND000180032793', 'ND000180031350']);
    for (const p of pathways) if (p.cm_ndcode1 === 'ND000180031350') island.add(p.cm_ndcode2);
    expect(f.ids).toEqual([...island].sort());
    expect(f.message).toContain('7 subscriber(s)');
  });
});

describe('GraceTHD demo: entry points', () => {
  it('imports the same from files in memory (the API entry point), in subfolders and any case', async () => {
    const files = new Map<string, Uint8Array>();
    for (const name of await readdir(DIR)) files.set(`livraison/${name.toUpperCase()}`, new Uint8Array(await readFile(join(DIR, name))));
    const fromFiles = await importGracethdFromFiles(files, { name: result.topology.name });
    expect(fromFiles.topology).toEqual(result.topology);
    expect(fromFiles.report).toEqual(result.report);
  });

  it('imports the folder zipped, inflating only the tables it uses, under a size limit', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const name of await readdir(DIR)) entries[`gracethd-demo/${name}`] = new Uint8Array(await readFile(join(DIR, name)));
    entries['gracethd-demo/t_fibre.csv'] = new TextEncoder().encode('fo_code\n');
    const zip = zipSync(entries);
    expect([...(await deliveryFilesFromZip(zip)).keys()]).not.toContain('gracethd-demo/t_fibre.csv');
    const fromZip = await importGracethdFromZip(zip, { name: result.topology.name });
    expect(fromZip.topology).toEqual(result.topology);
    await expect(deliveryFilesFromZip(zip, { maxTotalBytes: 1000 })).rejects.toThrow(/^importGracethd: the tables of the zip declare over 1000 bytes uncompressed \(maxTotalBytes\)/);
    await expect(importGracethdFromZip(new Uint8Array([1, 2, 3]))).rejects.toThrow(/^importGracethd: not a readable zip/);
  });

  it('reads a folder as a topology wherever a topology file is expected', async () => {
    expect(await readTopologyFile(DIR)).toEqual(result.topology);
  });

  it('takes a head-end named by technical site code; the NRO then stays an NRO', async () => {
    const { topology, report } = await importGracethdFolder(DIR, { headends: ['ST200180030008'] });
    expect(report.headends).toEqual(['ND200180030502']);
    expect(topology.sites.find((s) => s.id === 'ND200180030502')?.kind).toBe('headend');
    expect(topology.sites.find((s) => s.id === 'ND000180030001')?.kind).toBe('nro');
  });

  it('refuses a head-end the delivery does not hold, naming it', async () => {
    await expect(importGracethdFolder(DIR, { headends: ['ND-NOPE'] })).rejects.toThrow(/^importGracethd: --headend ND-NOPE/);
    await expect(importGracethdFolder(DIR, { headends: ['ND000180031404'] })).rejects.toThrow(/on no pathway/);
  });
});

describe('fibre-resilience import gracethd', () => {
  const run = async (...argv: string[]) => {
    const out: (string | Uint8Array)[] = [];
    const err: string[] = [];
    const code = await main(argv, { out: (t) => { out.push(t); }, err: (t) => { err.push(t); } });
    return { code, out: textOf(out), err: err.join('') };
  };

  it('writes the topology with -o, the report on stderr; then analyse reads it', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'gracethd-')), 'demo.json');
    const imported = await run('import', 'gracethd', DIR, '-o', file);
    expect(imported.code).toBe(0);
    expect(imported.out).toBe('');
    for (const id of ['CM000180032598', 'CM200180032598', 'CM000180032599', 'ND000180031404', 'ND201180030502', 'CM100180031521', 'CM000180032956', 'CM900180034601']) {
      expect(imported.err).toContain(id);
    }
    expect(imported.err).toContain('cable-without-ends (49)');
    expect(imported.err).toContain('length-from-cm_long (25)');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(result.topology);
    const analysed = await run('analyse', file, '--json');
    expect(analysed.code).toBe(0);
    expect(JSON.parse(analysed.out).headends).toEqual(['ND000180030001']);
  });

  it('--json gives { topology, report } on stdout and nothing on stderr', async () => {
    const { code, out, err } = await run('import', 'gracethd', DIR, '--json');
    expect(code).toBe(0);
    expect(err).toBe('');
    const parsed = JSON.parse(out);
    expect(Object.keys(parsed)).toEqual(['topology', 'report']);
    expect(parsed.report.findings.find((f: Finding) => f.code === 'cable-without-ends').count).toBe(49);
  });

  it('without -o nor --json, the topology goes to stdout', async () => {
    const { code, out, err } = await run('import', 'gracethd', DIR);
    expect(code).toBe(0);
    expect(JSON.parse(out).format).toBe('fibre-topology/1');
    expect(err).toContain('Head-ends: ND000180030001');
  });

  it('imports a zipped delivery too', async () => {
    const entries: Record<string, Uint8Array> = {};
    for (const name of await readdir(DIR)) entries[name] = new Uint8Array(await readFile(join(DIR, name)));
    const zip = join(await mkdtemp(join(tmpdir(), 'gracethd-zip-')), 'demo.zip');
    await writeFile(zip, zipSync(entries));
    const { code, out } = await run('import', 'gracethd', zip, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).topology.sections).toEqual(result.topology.sections);
  });

  it('analyse reads the folder directly', async () => {
    const { code, out } = await run('analyse', DIR, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(out).bridges).toContain('CM000180033570');
  });

  it('exit 1 for an unknown head-end or a folder that is no delivery; 2 for bad usage', async () => {
    const unknown = await run('import', 'gracethd', DIR, '--headend', 'ND-NOPE');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('importGracethd: --headend ND-NOPE');
    const empty = await run('import', 'gracethd', await mkdtemp(join(tmpdir(), 'empty-')));
    expect(empty.code).toBe(1);
    expect(empty.err).toContain('importGracethd: t_noeud is missing');
    expect((await run('import', 'shapefile', DIR)).code).toBe(2);
    expect((await run('import', 'gracethd', DIR, '--snap-tolerance', 'far')).code).toBe(2);
  });
});
