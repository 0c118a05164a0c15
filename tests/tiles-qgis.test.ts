import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE, listening } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../scripts/qgis/vector_tiles.py');
const env = { ...process.env, QT_QPA_PLATFORM: 'offscreen' };
const probe = spawnSync(PYTHON, ['-c', 'import qgis.core'], { env, encoding: 'utf8' });
const noQgis = probe.status !== 0 ? `QGIS is not installed (${PYTHON} -c "import qgis.core" failed: apt-get install python3-qgis)` : undefined;

interface Read { tile: string; geometryType: string; lonLat: [number, number] | null; attributes: Record<string, unknown> }
interface QgisAnswer { valid: boolean; sourceMinZoom: number; sourceMaxZoom: number; crs: string; tiles: string[]; layers: Record<string, Read[]> }

/** What QGIS itself decodes from the tiles of a TileJSON (scripts/qgis/vector_tiles.py), in a child process: the server keeps answering. */
async function readWithQgis(tileJsonUrl: string): Promise<QgisAnswer> {
  const { stdout } = await promisify(execFile)(PYTHON, [SCRIPT, tileJsonUrl], { env, timeout: 120_000, maxBuffer: 1 << 26 });
  return JSON.parse(stdout);
}

describe.skipIf(noQgis !== undefined)(`QGIS adds the vector tiles as a vector tile layer${noQgis ? ` — skipped: ${noQgis}` : ''}`, () => {
  const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;
  let app: FastifyInstance;
  let root: string;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-tiles-qgis-')), logger: false });
    root = await listening(app);
    // The tile index is built in the background (503 tiles-building until then, docs/tiles.md): QGIS reads it once built.
    while ((await fetch(`${root}/v1/topologies/somme/tiles.json`)).status === 503) await new Promise((resolve) => setTimeout(resolve, 100));
  });
  afterAll(async () => app?.close());

  it('reads every section and site with the attributes of the file, the analysis and the saturation', async () => {
    const read = await readWithQgis(`${root}/v1/topologies/somme/tiles.json`);
    expect(read).toMatchObject({ valid: true, sourceMinZoom: 0, sourceMaxZoom: 14, crs: 'EPSG:3857' });
    expect(read.tiles.length).toBeGreaterThan(0);

    const existing = somme.sections.filter((s) => (s.status ?? 'existing') === 'existing');
    const sections = new Map(read.layers.sections.map((f) => [f.attributes.id as string, f]));
    expect([...sections.keys()].sort()).toEqual(existing.map((s) => s.id).sort());
    const brute = bruteForceReport(somme);
    const criticalSections = new Set(brute.nros.flatMap((n) => n.criticalSections));
    const criticalSites = new Set(brute.nros.flatMap((n) => n.criticalSites));
    const saturation = await (await fetch(`${root}/v1/topologies/somme/saturation`)).json() as { sections: Array<{ section: string; state: string; ratio: number | null }> };
    const loads = new Map(saturation.sections.map((s) => [s.section, s]));
    for (const s of existing) {
      const f = sections.get(s.id)!;
      expect(f.geometryType).toMatch(/LineString/);
      expect(f.attributes).toMatchObject({
        owner: s.owner, status: 'existing', lengthM: s.lengthM, riskGroups: (s.riskGroups ?? []).join(','),
        critical: criticalSections.has(s.id), candidate: false, state: loads.get(s.id)!.state,
      });
      expect(f.attributes.loadRatio).toBeCloseTo(loads.get(s.id)!.ratio!, 9);
    }

    const sites = new Map(read.layers.sites.map((f) => [f.attributes.id as string, f]));
    const analysedSites = somme.sites.filter((s) => (s.status ?? 'existing') === 'existing');
    expect([...sites.keys()].sort()).toEqual(analysedSites.map((s) => s.id).sort());
    for (const site of analysedSites) {
      const f = sites.get(site.id)!;
      expect(f.geometryType).toBe('Point');
      expect(f.attributes).toMatchObject({
        kind: site.kind, subscribers: site.subscribers ?? 0, critical: criticalSites.has(site.id),
        status: brute.nros.find((n) => n.id === site.id)?.status ?? null, name: site.name ?? null,
      });
      // where the file puts it, within the tile grid's resolution at the zoom QGIS chose
      const z = Number(f.tile.split('/')[0]);
      const resolutionDegrees = 360 / 2 ** z / 4096;
      expect(Math.abs(f.lonLat![0] - site.lon)).toBeLessThan(2 * resolutionDegrees);
      expect(Math.abs(f.lonLat![1] - site.lat)).toBeLessThan(2 * resolutionDegrees);
    }
  }, 180_000);
});
