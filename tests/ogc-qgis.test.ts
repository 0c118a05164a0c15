import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { fibreNetwork } from '../bench/generate.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE, listening } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';

/**
 * QGIS's own OAPIF provider, headless (`scripts/qgis/read-oapif.py` with the system python3 and
 * Debian's python3-qgis), adds every OGC collection of a real listening server as a layer and
 * reads every attribute of every feature. The expected values come from the topology file and
 * from a brute-force reading of the analysis rules, not from the server.
 */
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../scripts/qgis/read-oapif.py');
const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen', XDG_RUNTIME_DIR: mkdtempSync(join(tmpdir(), 'qgis-runtime-')) };
const hasQgis = spawnSync(PYTHON, ['-c', 'import qgis.core'], { env, timeout: 60_000 }).status === 0;
const run = promisify(execFile);

type Value = string | number | boolean | null;
interface ReadLayer {
  collection: string;
  valid: boolean;
  geometryType?: string;
  featureCount?: number;
  fields?: Array<[string, string]>;
  features?: Array<{ attributes: Record<string, Value>; hasGeometry: boolean }>;
}

async function readWithQgis(landing: string, collections: string[]): Promise<Map<string, ReadLayer>> {
  const { stdout } = await run(PYTHON, [SCRIPT, landing, ...collections], { env, maxBuffer: 512 * 2 ** 20, timeout: 300_000 });
  const layers = stdout.trim().split('\n').map((line) => JSON.parse(line) as ReadLayer);
  return new Map(layers.map((l) => [l.collection, l]));
}

/** The features of a layer by id, every attribute as QGIS holds it. */
const byId = (layer: ReadLayer) => new Map((layer.features ?? []).map((f) => [String(f.attributes.id), f.attributes]));
const list = (ids: readonly string[]) => ids.join(',');

describe.skipIf(!hasQgis)(`QGIS adds every OGC collection as an OAPIF layer (${hasQgis ? 'found' : 'skipped: /usr/bin/python3 cannot import qgis.core (apt-get install qgis python3-qgis)'})`, () => {
  let app: FastifyInstance;
  let root: string;
  let somme: Topology;
  let big: Topology;
  let layers: Map<string, ReadLayer>;
  const COLLECTIONS = ['sites', 'sections', 'nros', 'critical-sections', 'saturation', 'availability'];

  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'fibre-qgis-'));
    mkdirSync(join(base, 'topology'));
    copyFileSync(SOMME_FILE, join(base, 'topology', 'somme.json'));
    big = { ...fibreNetwork({ sections: 20_000, seed: 42 }), name: 'national 20 000 sections' };
    writeFileSync(join(base, 'topology', 'big.json'), JSON.stringify(big));
    somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;
    app = await buildApp({ dataDir: join(base, 'data'), topologyDir: join(base, 'topology') });
    root = await listening(app);
    layers = await readWithQgis(`${root}/ogc/somme`, COLLECTIONS);
  }, 300_000);
  afterAll(() => app?.close());

  it('opens every collection as a valid layer of one geometry type, with every attribute of its schema as a field', async () => {
    for (const id of COLLECTIONS) {
      const layer = layers.get(id)!;
      expect(layer.valid, id).toBe(true);
      const schema = (await (await fetch(`${root}/ogc/somme/collections/${id}/schema`)).json()) as { properties: { properties: { properties: Record<string, unknown> } } };
      expect(layer.fields!.map(([name]) => name), id).toEqual(['id', ...Object.keys(schema.properties.properties.properties)]);
      expect(layer.features!.length, id).toBe(layer.featureCount);
      expect(layer.features!.every((f) => f.hasGeometry), id).toBe(true);
      expect(layer.geometryType, id).toMatch(id === 'sites' || id === 'nros' || id === 'availability' ? /Point/ : /LineString/);
    }
  });

  it('reads every NRO’s critical sections, sites, risk groups and owners as the analysis rules give them', () => {
    const expected = bruteForceReport(somme);
    const nros = byId(layers.get('nros')!);
    expect([...nros.keys()].sort()).toEqual(expected.nros.map((n) => n.id));
    expect(expected.nros.filter((n) => n.criticalSections.length > 0).length).toBeGreaterThan(10);
    for (const n of expected.nros) {
      expect(nros.get(n.id), n.id).toEqual({
        id: n.id, name: n.name ?? null, subscribers: n.subscribers, status: n.status, paths: n.paths,
        criticalSections: list(n.criticalSections), criticalSites: list(n.criticalSites),
        sharedRiskGroups: list(n.sharedRiskGroups), exposedBy: list(n.exposedBy),
      });
    }
  });

  it('reads the critical sections with what their cut isolates, as the analysis rules give them', () => {
    const expected = bruteForceReport(somme);
    const critical = byId(layers.get('critical-sections')!);
    expect([...critical.keys()].sort()).toEqual(expected.bridges);
    const sections = new Map(somme.sections.map((s) => [s.id, s]));
    for (const cut of expected.cutImpact.filter((c) => c.isolatedSites.length > 0)) {
      const s = sections.get(cut.section)!;
      expect(critical.get(cut.section), cut.section).toEqual({
        id: s.id, from: s.from, to: s.to, owner: s.owner, lengthM: s.lengthM,
        subscribersCut: cut.subscribersCut, isolatedNros: list(cut.isolatedNros), isolatedSiteCount: cut.isolatedSites.length,
      });
    }
  });

  it('reads every site and section attribute as the topology file has it', () => {
    const sites = byId(layers.get('sites')!);
    expect(sites.size).toBe(somme.sites.length);
    for (const s of somme.sites) {
      expect(sites.get(s.id), s.id).toEqual({ id: s.id, kind: s.kind, name: s.name ?? null, subscribers: s.subscribers ?? 0, status: s.status ?? 'existing' });
    }
    const sections = byId(layers.get('sections')!);
    expect(sections.size).toBe(somme.sections.length);
    for (const s of somme.sections) {
      expect(sections.get(s.id), s.id).toEqual({
        id: s.id, from: s.from, to: s.to, owner: s.owner, lengthM: s.lengthM, status: s.status ?? 'existing',
        capacityFibres: s.capacityFibres ?? null, usedFibres: s.usedFibres ?? null, riskGroups: list(s.riskGroups ?? []), straightLine: s.geometry === undefined,
      });
    }
  });

  it('reads the saturation of every analysed section, every attribute filled but an unknown capacity', () => {
    const saturation = layers.get('saturation')!;
    const analysed = somme.sections.filter((s) => (s.status ?? 'existing') === 'existing');
    expect(saturation.features!.map((f) => f.attributes.id).sort()).toEqual(analysed.map((s) => s.id).sort());
    const capacity = new Map(somme.sections.map((s) => [s.id, s.capacityFibres ?? null]));
    for (const { attributes: a } of saturation.features!) {
      expect(a.capacityFibres, String(a.id)).toBe(capacity.get(String(a.id)));
      expect(['ok', 'near', 'saturated', 'unknown']).toContain(a.state);
      expect(typeof a.loadFibres).toBe('number');
      expect(String(a.nros).split(',').length).toBeGreaterThanOrEqual(1);
      if (a.capacityFibres !== null) expect(Number(a.ratio)).toBeCloseTo(Number(a.loadFibres) / Number(a.capacityFibres), 6);
    }
    expect(saturation.features!.some((f) => f.attributes.state === 'saturated')).toBe(true);
  });

  it('reads a 20 000-section collection whole, with the rate limit on', async () => {
    const read = await readWithQgis(`${root}/ogc/big`, ['sections']);
    const sections = read.get('sections')!;
    expect(sections.valid).toBe(true);
    expect(sections.features!.map((f) => String(f.attributes.id)).sort()).toEqual(big.sections.map((s) => s.id).sort());
    const owners = new Map(big.sections.map((s) => [s.id, s.owner]));
    expect(sections.features!.every((f) => f.attributes.owner === owners.get(String(f.attributes.id)))).toBe(true);
  }, 300_000);
});
