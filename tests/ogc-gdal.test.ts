import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { fibreNetwork } from '../bench/generate.js';
import type { Topology } from '../src/model/schema.js';
import { listening } from './support/api.js';

/**
 * GDAL's OAPIF driver (`ogrinfo OAPIF:…`) against a real listening server with its default
 * settings — the rate limit on, GDAL's page size of 10 — on a 20 000-section topology.
 */
const OGRINFO = ['/usr/bin/ogrinfo', '/usr/local/bin/ogrinfo'].find((p) => existsSync(p));
const run = promisify(execFile);

interface Layer { name: string; fields: Map<string, string>; features: Array<Record<string, string>> }

/** The layers, field types and feature values `ogrinfo -al` prints (geometries left out). */
function parseOgrinfo(text: string): Map<string, Layer> {
  const layers = new Map<string, Layer>();
  let layer: Layer | undefined;
  let feature: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    const name = /^Layer name: (.+)$/.exec(line);
    if (name) {
      layer = { name: name[1], fields: new Map(), features: [] };
      layers.set(layer.name, layer);
      feature = undefined;
      continue;
    }
    if (!layer) continue;
    const field = /^(\w+): (\w+(?:\(\w+\))?) \(/.exec(line);
    if (field && !feature) layer.fields.set(field[1], field[2]);
    if (/^OGRFeature\(/.test(line)) {
      feature = {};
      layer.features.push(feature);
      continue;
    }
    const value = /^ {2}(\w+) \([^)]*\) = (.*)$/.exec(line);
    if (value && feature) feature[value[1]] = value[2];
  }
  return layers;
}

describe.skipIf(!OGRINFO)(`GDAL ogrinfo reads every OGC collection whole (${OGRINFO ? 'found' : 'skipped: ogrinfo not installed (apt-get install gdal-bin)'})`, () => {
  let app: FastifyInstance;
  let landing: string;
  let topology: Topology;
  let analysis: { nros: Array<{ id: string; status: string; criticalSections: string[]; criticalSites: string[]; exposedBy: string[] }>; bridges: string[] };

  beforeAll(async () => {
    const base = mkdtempSync(join(tmpdir(), 'fibre-gdal-'));
    mkdirSync(join(base, 'topology'));
    topology = { ...fibreNetwork({ sections: 20_000, seed: 42 }), name: 'national 20 000 sections' };
    writeFileSync(join(base, 'topology', 'big.json'), JSON.stringify(topology));
    // Default settings: the rate limit is on.
    app = await buildApp({ dataDir: join(base, 'data'), topologyDir: join(base, 'topology') });
    const root = await listening(app);
    landing = `${root}/ogc/big`;
    analysis = (await (await fetch(`${root}/v1/topologies/big/analysis`)).json()) as typeof analysis;
  }, 120_000);
  afterAll(() => app?.close());

  const ogrinfo = (...args: string[]) => run(OGRINFO!, ['-ro', '-al', '-geom=NO', ...args], { maxBuffer: 512 * 2 ** 20, env: { ...process.env, CPL_DEBUG: 'OFF' } });

  it('reads sites, sections, NROs, critical sections and saturation with the right counts, no ERROR, and the lists kept', async () => {
    const { stdout, stderr } = await ogrinfo(`OAPIF:${landing}`);
    expect(stderr).not.toMatch(/ERROR/);
    const layers = parseOgrinfo(stdout);
    expect([...layers.keys()]).toEqual(['sites', 'sections', 'nros', 'critical-sections', 'saturation', 'availability']);

    const existing = (s: { status?: string }) => (s.status ?? 'existing') === 'existing';
    const analysedSites = new Set(topology.sites.filter(existing).map((s) => s.id));
    const analysedSections = topology.sections.filter((s) => existing(s) && analysedSites.has(s.from) && analysedSites.has(s.to));
    const nroIds = topology.sites.filter((s) => s.kind === 'nro' && existing(s)).map((s) => s.id).sort();
    expect(topology.sections.length).toBeGreaterThan(19_800);

    expect(layers.get('sites')!.features).toHaveLength(topology.sites.length);
    expect(layers.get('sections')!.features.map((f) => f.id).sort()).toEqual(topology.sections.map((s) => s.id).sort());
    expect(layers.get('saturation')!.features).toHaveLength(analysedSections.length);
    expect(layers.get('critical-sections')!.features.map((f) => f.id)).toEqual(analysis.bridges);

    // The list attributes: GDAL types them from the collection's JSON Schema, the same on every page.
    const nros = layers.get('nros')!;
    expect(nros.features.map((f) => f.id).sort()).toEqual(nroIds);
    for (const field of ['criticalSections', 'criticalSites', 'sharedRiskGroups', 'exposedBy']) expect(nros.fields.get(field), field).toBe('String');
    expect(nros.fields.get('paths')).toBe('Integer');
    // The expected outage: one point per analysed NRO, the minutes a number GDAL can colour by.
    const outage = layers.get('availability')!;
    expect(outage.features.map((f) => f.id).sort()).toEqual(nroIds);
    expect(outage.fields.get('unavailabilityMinPerYear')).toBe('Real');
    const byId = new Map(nros.features.map((f) => [f.id, f]));
    const lists = (ids: string[]) => ids.join(',');
    let withLists = 0;
    for (const n of analysis.nros) {
      const read = byId.get(n.id)!;
      expect(read.status, n.id).toBe(n.status);
      expect(read.criticalSections ?? '', n.id).toBe(lists(n.criticalSections));
      expect(read.criticalSites ?? '', n.id).toBe(lists(n.criticalSites));
      expect(read.exposedBy ?? '', n.id).toBe(lists(n.exposedBy));
      if (n.criticalSections.length > 0) withLists++;
    }
    expect(withLists).toBeGreaterThan(100);
    // GDAL's first page (10 NROs) holds empty lists next to full ones: the case that used to lose the values.
    expect(analysis.nros.slice(0, 10).some((n) => n.criticalSections.length === 0)).toBe(true);
  }, 300_000);

  it('sends an attribute filter on a queryable to the server, and reads its result whole without ERROR', async () => {
    const { stdout, stderr } = await run(OGRINFO!, ['-ro', '-q', '-geom=NO', `OAPIF:${landing}`, 'nros', '-where', "status = 'single-homed'"],
      { maxBuffer: 256 * 2 ** 20, env: { ...process.env, CPL_DEBUG: 'ON' } });
    expect(stderr).not.toMatch(/ERROR/);
    // The filter went to the server (the API definition lists `status` for this collection), not evaluated page by page here.
    expect(stderr).toMatch(/collections\/nros\/items\?[^\s]*status=single-homed/);
    expect(stderr).not.toMatch(/evaluated on client side/);
    const read = parseOgrinfo(stdout).get('nros')!.features;
    const expected = analysis.nros.filter((n) => n.status === 'single-homed').map((n) => n.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(read.map((f) => f.id).sort()).toEqual(expected.sort());
    expect(read.every((f) => f.status === 'single-homed')).toBe(true);
  }, 120_000);
});
