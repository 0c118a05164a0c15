import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VectorTile } from '@mapbox/vector-tile';
import type { FastifyInstance } from 'fastify';
import { PbfReader } from 'pbf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { JobPool } from '../api/jobs/job-pool.js';
import { BUILD_PHASES } from '../api/tiles/build-progress.js';
import { TileBuilds } from '../api/tiles/builds.js';
import type { TileIndexInfo } from '../api/tiles/tile-index.js';
import { fibreNetwork } from '../bench/generate.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE, listening } from './support/api.js';
import { bruteForceReport } from './support/brute-force.js';

type Props = Record<string, string | number | boolean>;
interface Decoded { layers: Record<string, Array<{ props: Props; type: number; geometry: { x: number; y: number }[][] }>> }

/** A tile decoded by @mapbox/vector-tile, as a map would read it. */
function decode(bytes: Uint8Array): Decoded {
  const tile = new VectorTile(new PbfReader(bytes) as never);
  const layers: Decoded['layers'] = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    expect(layer.extent).toBe(4096);
    layers[name] = Array.from({ length: layer.length }, (_, i) => {
      const f = layer.feature(i);
      return { props: f.properties as Props, type: f.type, geometry: f.loadGeometry() };
    });
  }
  return { layers };
}

// Tile arithmetic of the XYZ scheme, written here from the Web Mercator formulas.
const tileX = (lon: number, z: number) => Math.floor(((lon + 180) / 360) * 2 ** z);
const tileY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z);
};

const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;
const generated = fibreNetwork({ sections: 10_000, seed: 42 });
// Networks whose index takes seconds to build (reading, analysis, saturation, tiling): the building state is seen.
const big = fibreNetwork({ sections: 50_000, seed: 42 });
const bigToo = fibreNetwork({ sections: 50_000, seed: 7 });
const seedDir = mkdtempSync(join(tmpdir(), 'fibre-tiles-seed-'));
writeFileSync(join(seedDir, 'somme.json'), JSON.stringify(somme));
writeFileSync(join(seedDir, 'generated.json'), JSON.stringify(generated));
writeFileSync(join(seedDir, 'big.json'), JSON.stringify(big));
writeFileSync(join(seedDir, 'big-too.json'), JSON.stringify(bigToo));

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildApp({ topologyDir: seedDir, dataDir: mkdtempSync(join(tmpdir(), 'fibre-tiles-data-')), logger: false, rateLimit: false });
});
afterAll(async () => app?.close());

const get = (url: string, headers: Record<string, string> = {}) => app.inject({ url, headers });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The first answer that is not 503 `tiles-building` (the index is built in the background); polled faster than Retry-After says. */
async function settled(url: string, headers: Record<string, string> = {}, target: FastifyInstance = app) {
  for (;;) {
    const res = await target.inject({ url, headers });
    if (!(res.statusCode === 503 && res.json().code === 'tiles-building')) return res;
    await sleep(50);
  }
}
const tileJsonOf = async (query = '', id = 'somme') => {
  const res = await settled(`/v1/topologies/${id}/tiles.json${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
/** The path and query of the tile z/x/y of a TileJSON's template. */
const tilePath = (template: string, z: number, x: number, y: number) => {
  const url = new URL(template.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
  return `${url.pathname}${url.search}`;
};

describe('tiles.json', () => {
  it('is TileJSON 3.0.0 whose template carries the network options and the version', async () => {
    const doc = await tileJsonOf('?withLink=R-01&includePlanned=true');
    const version = (await get('/v1/topologies/somme')).headers.etag as string;
    expect(doc).toMatchObject({ tilejson: '3.0.0', scheme: 'xyz', minzoom: 0, name: somme.name });
    expect(doc.maxzoom).toBeGreaterThanOrEqual(14);
    expect(doc.tiles).toHaveLength(1);
    const template = new URL(doc.tiles[0].replaceAll(/[{}]/g, '_'));
    expect(template.pathname).toBe('/v1/topologies/somme/tiles/_z_/_x_/_y_.mvt');
    expect(template.searchParams.get('withLink')).toBe('R-01');
    expect(template.searchParams.get('includePlanned')).toBe('true');
    expect(template.searchParams.get('v')).toBe(version.replaceAll('"', ''));
    // bounds: the extent of the analysed sites (planned included), from the file itself
    const sites = somme.sites;
    expect(doc.bounds).toEqual([
      Math.min(...sites.map((s) => s.lon)), Math.min(...sites.map((s) => s.lat)),
      Math.max(...sites.map((s) => s.lon)), Math.max(...sites.map((s) => s.lat)),
    ]);
    expect(doc.center[0]).toBeCloseTo((doc.bounds[0] + doc.bounds[2]) / 2);
    expect(doc.vector_layers.map((l: { id: string }) => l.id)).toEqual(['sections', 'sites']);
    const sections = doc.vector_layers[0];
    expect(sections.fields).toMatchObject({ id: 'String', state: 'String', loadRatio: 'Number', critical: 'Boolean', candidate: 'Boolean', riskGroups: 'String' });
  });

  it('answers 404 for an unknown topology and 400 naming a bad option', async () => {
    expect((await get('/v1/topologies/nope/tiles.json')).statusCode).toBe(404);
    const bad = await settled('/v1/topologies/somme/tiles.json?headend=NOPE');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('NOPE');
  });
});

describe('tiles of the Somme network (every feature at every zoom)', () => {
  const existing = somme.sections.filter((s) => (s.status ?? 'existing') === 'existing');
  let doc: { tiles: string[]; fullDetailZoom: number };
  let tile: Decoded;
  beforeAll(async () => {
    doc = await tileJsonOf();
    const res = await get(tilePath(doc.tiles[0], 0, 0, 0));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    tile = decode(res.rawPayload);
  });

  it('draws every analysed section once with the attributes of the file', () => {
    expect(doc.fullDetailZoom).toBe(0);
    const drawn = tile.layers.sections;
    expect(drawn.map((f) => f.props.id).sort()).toEqual(existing.map((s) => s.id).sort());
    for (const s of existing) {
      const f = drawn.find((d) => d.props.id === s.id)!;
      expect(f.type).toBe(2);
      expect(f.props).toMatchObject({ owner: s.owner, status: 'existing', lengthM: s.lengthM, riskGroups: (s.riskGroups ?? []).join(','), candidate: false });
    }
  });

  it('flags critical sections and sites, and NRO statuses, as a brute-force search finds them', () => {
    const brute = bruteForceReport(somme);
    const criticalSections = new Set(brute.nros.flatMap((n) => n.criticalSections));
    const criticalSites = new Set(brute.nros.flatMap((n) => n.criticalSites));
    expect(criticalSections.size).toBeGreaterThan(0);
    for (const f of tile.layers.sections) expect(f.props.critical, String(f.props.id)).toBe(criticalSections.has(f.props.id as string));
    const sites = tile.layers.sites;
    expect(sites.map((f) => f.props.id).sort()).toEqual(somme.sites.filter((s) => (s.status ?? 'existing') === 'existing').map((s) => s.id).sort());
    for (const f of sites) {
      expect(f.props.critical, String(f.props.id)).toBe(criticalSites.has(f.props.id as string));
      const nro = brute.nros.find((n) => n.id === f.props.id);
      expect(f.props.status).toBe(nro?.status);
      const site = somme.sites.find((s) => s.id === f.props.id)!;
      expect(f.props).toMatchObject({ kind: site.kind, subscribers: site.subscribers ?? 0, ...(site.name && { name: site.name }) });
    }
  });

  it('gives each section the state and load ratio of /saturation', async () => {
    const saturation = (await get('/v1/topologies/somme/saturation')).json() as { sections: Array<{ section: string; state: string; ratio: number | null }> };
    expect(saturation.sections.some((s) => s.state === 'saturated')).toBe(true);
    for (const load of saturation.sections) {
      const f = tile.layers.sections.find((d) => d.props.id === load.section)!;
      expect(f.props.state).toBe(load.state);
      if (load.state === 'unknown') expect(f.props.loadRatio).toBeUndefined();
      else expect(f.props.loadRatio).toBeCloseTo(load.ratio!, 12);
    }
  });

  it('shows a candidate link with withLink', async () => {
    const link = somme.redundancyLinks![0];
    const withLink = await tileJsonOf(`?withLink=${link.id}`);
    const drawn = decode((await get(tilePath(withLink.tiles[0], 0, 0, 0))).rawPayload).layers.sections;
    expect(drawn.find((f) => f.props.id === link.id)?.props).toMatchObject({ candidate: true, status: 'planned', owner: link.owner, lengthM: link.lengthM });
    expect(drawn.filter((f) => f.props.candidate)).toHaveLength(1);
  });

  it('puts each site where the file says, in tile coordinates', async () => {
    const z = 12;
    const site = somme.sites.find((s) => s.kind === 'headend')!;
    const [x, y] = [tileX(site.lon, z), tileY(site.lat, z)];
    const f = decode((await get(tilePath(doc.tiles[0], z, x, y))).rawPayload).layers.sites.find((d) => d.props.id === site.id)!;
    const px = (((site.lon + 180) / 360) * 2 ** z - x) * 4096;
    expect(Math.abs(f.geometry[0][0].x - px)).toBeLessThanOrEqual(1);
  });

  it('caches: ETag by version, options and address, 304, immutable with the current version', async () => {
    const path = tilePath(doc.tiles[0], 0, 0, 0);
    const first = await get(path);
    expect(first.headers['cache-control']).toContain('immutable');
    const etag = first.headers.etag as string;
    expect((await get(path, { 'if-none-match': etag })).statusCode).toBe(304);
    const other = await settled(`${path}&includePlanned=true`);
    expect(other.statusCode).toBe(200);
    expect(other.headers.etag).not.toBe(etag);
    expect((await get('/v1/topologies/somme/tiles/0/0/0.mvt')).headers['cache-control']).toBe('no-cache');
    expect((await get('/v1/topologies/somme/tiles/1/0/0.mvt')).headers.etag).not.toBe(etag);
  });

  it('answers 204 for an empty tile and 400 naming z, x or y', async () => {
    expect((await get('/v1/topologies/somme/tiles/10/0/0.mvt')).statusCode).toBe(204);
    for (const [path, field] of [['25/0/0', 'z'], ['15/0/0', 'z'], ['-1/0/0', 'z'], ['a/0/0', 'z'], ['2/4/0', 'x'], ['2/0/4', 'y'], ['2/0/1.5', 'y']] as const) {
      const res = await get(`/v1/topologies/somme/tiles/${path}.mvt`);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().details[0].field, path).toBe(field);
    }
    expect((await get('/v1/topologies/nope/tiles/0/0/0.mvt')).statusCode).toBe(404);
  });
});

describe('tiles of a generated network of 1e4 sections (backbone and density when zoomed out)', () => {
  let doc: { tiles: string[]; fullDetailZoom: number; center: number[]; vector_layers: Array<{ id: string; maxzoom: number }> };
  const analysedSites = new Map(generated.sites.filter((s) => (s.status ?? 'existing') === 'existing').map((s) => [s.id, s]));
  const analysed = generated.sections.filter((s) => (s.status ?? 'existing') === 'existing' && analysedSites.has(s.from) && analysedSites.has(s.to));
  beforeAll(async () => {
    doc = await tileJsonOf('', 'generated');
  });

  it('has a full-detail zoom and a density layer below it', () => {
    expect(doc.fullDetailZoom).toBeGreaterThan(0);
    expect(doc.vector_layers.find((l) => l.id === 'density')?.maxzoom).toBe(doc.fullDetailZoom - 1);
  });

  it('at zoom 0, every section is drawn or counted in density, each once', async () => {
    const tile = decode((await get(tilePath(doc.tiles[0], 0, 0, 0))).rawPayload);
    const drawn = tile.layers.sections.map((f) => f.props.id as string);
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(drawn.length).toBeLessThan(analysed.length / 2);
    const counted = tile.layers.density.reduce((n, f) => n + (f.props.sections as number), 0);
    const length = tile.layers.density.reduce((n, f) => n + (f.props.lengthM as number), 0);
    expect(drawn.length + counted).toBe(analysed.length);
    const drawnIds = new Set(drawn);
    const aggregatedLength = analysed.filter((s) => !drawnIds.has(s.id)).reduce((n, s) => n + s.lengthM, 0);
    expect(Math.abs(length - aggregatedLength)).toBeLessThanOrEqual(tile.layers.density.length);
    // the backbone: what is drawn zoomed out joins head-ends and POPs, or is critical, loaded or between non-junction sites
    const junction = (id: string) => analysedSites.get(id)!.kind === 'junction';
    for (const f of tile.layers.sections) {
      const s = analysed.find((a) => a.id === f.props.id)!;
      const backbone = f.props.critical || f.props.state === 'near' || f.props.state === 'saturated' || (!junction(s.from) && !junction(s.to));
      expect(backbone, s.id).toBe(true);
    }
  });

  it('zoomed out, draws at most one site per 16 px cell and 60 sections across a quarter of a tile', async () => {
    // 4096 units to a tile of 512 px: a site cell is 128 units, a section cell 1 024.
    const meets = (a: { x: number; y: number }, b: { x: number; y: number }, x0: number, y0: number, size: number) => {
      // the segment against the square, by clipping its parameter range on each axis
      let [t0, t1] = [0, 1];
      for (const [p, q] of [[a.x - b.x, a.x - x0], [b.x - a.x, x0 + size - a.x], [a.y - b.y, a.y - y0], [b.y - a.y, y0 + size - a.y]]) {
        if (p === 0) {
          if (q < 0) return false;
        } else if (p < 0) t0 = Math.max(t0, q / p);
        else t1 = Math.min(t1, q / p);
      }
      return t0 <= t1;
    };
    const [lon, lat] = doc.center;
    for (let z = 0; z < doc.fullDetailZoom; z++) {
      const tile = decode((await get(tilePath(doc.tiles[0], z, tileX(lon, z), tileY(lat, z)))).rawPayload);
      const cells = new Map<string, string>();
      for (const f of tile.layers.sites ?? []) {
        // the cell from the site's own coordinates: the tile's are rounded to a unit
        const site = analysedSites.get(f.props.id as string)!;
        const cell = `${tileX(site.lon, z + 5)},${tileY(site.lat, z + 5)}`;
        expect(cells.get(cell), `zoom ${z}: ${f.props.id} beside ${cells.get(cell)}`).toBeUndefined();
        cells.set(cell, f.props.id as string);
      }
      let worst = 0;
      for (let cx = 0; cx < 4; cx++) {
        for (let cy = 0; cy < 4; cy++) {
          const M = 1; // the cell less a unit each side: tile coordinates are rounded to a unit
          const crossing = (tile.layers.sections ?? []).filter((f) => f.geometry.some((line) => line.slice(1).some((b, i) => meets(line[i], b, cx * 1024 + M, cy * 1024 + M, 1024 - 2 * M))));
          worst = Math.max(worst, crossing.length);
        }
      }
      expect(worst, `zoom ${z}`).toBeLessThanOrEqual(60);
      if (z === 0) expect(worst).toBeGreaterThan(30);
    }
  });

  it('flags critical sections and sites and NRO statuses as /analysis reports them', async () => {
    const report = (await get('/v1/topologies/generated/analysis')).json() as { nros: Array<{ id: string; status: string; criticalSections: string[]; criticalSites: string[] }> };
    const criticalSections = new Set(report.nros.flatMap((n) => n.criticalSections));
    const criticalSites = new Set(report.nros.flatMap((n) => n.criticalSites));
    const statuses = new Map(report.nros.map((n) => [n.id, n.status]));
    // zoomed out but deep enough for critical sections to be drawn beside the saturated ones
    const z = doc.fullDetailZoom - 1;
    const tile = decode((await get(tilePath(doc.tiles[0], z, tileX(doc.center[0], z), tileY(doc.center[1], z)))).rawPayload);
    const critical = tile.layers.sections.filter((f) => f.props.critical);
    expect(critical.length).toBeGreaterThan(0);
    for (const f of tile.layers.sections) expect(f.props.critical, String(f.props.id)).toBe(criticalSections.has(f.props.id as string));
    const nros = tile.layers.sites.filter((f) => f.props.kind === 'nro');
    expect(new Set(nros.map((f) => f.props.status)).size).toBeGreaterThan(1);
    for (const f of tile.layers.sites) {
      expect(f.props.critical, String(f.props.id)).toBe(criticalSites.has(f.props.id as string));
      expect(f.props.status, String(f.props.id)).toBe(statuses.get(f.props.id as string));
    }
  });

  it('at the full-detail zoom, every section is in every tile its line crosses', async () => {
    const z = doc.fullDetailZoom;
    const sample = analysed.filter((_, i) => i % 997 === 0);
    const tiles = new Map<string, string[]>();
    for (const s of sample) {
      const a = analysedSites.get(s.from)!;
      const b = analysedSites.get(s.to)!;
      // tiles under points along the line, away from tile edges
      for (let t = 0.05; t < 1; t += 0.1) {
        const lon = a.lon + (b.lon - a.lon) * t;
        const lat = a.lat + (b.lat - a.lat) * t;
        const key = `${tileX(lon, z)}/${tileY(lat, z)}`;
        tiles.set(key, [...(tiles.get(key) ?? []), s.id]);
      }
    }
    expect(tiles.size).toBeGreaterThan(sample.length);
    for (const [key, ids] of tiles) {
      const [x, y] = key.split('/').map(Number);
      const res = await get(tilePath(doc.tiles[0], z, x, y));
      const drawn = new Set(decode(res.rawPayload).layers.sections.map((f) => f.props.id));
      for (const id of ids) expect(drawn.has(id), `${id} in ${z}/${key}`).toBe(true);
    }
  });
});

describe('tiles over a real listening server', () => {
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    server = await buildApp({ topologyDir: seedDir, dataDir: mkdtempSync(join(tmpdir(), 'fibre-tiles-net-')), logger: false });
    base = await listening(server);
  });
  afterAll(async () => server?.close());

  it('serves tiles.json with absolute URLs and tiles a client decodes', async () => {
    let first = await fetch(`${base}/v1/topologies/somme/tiles.json`);
    while (first.status === 503) {
      expect((await first.json()).code).toBe('tiles-building');
      await sleep(50);
      first = await fetch(`${base}/v1/topologies/somme/tiles.json`);
    }
    const doc = await first.json();
    expect(doc.tiles[0].startsWith(`${base}/v1/topologies/somme/tiles/{z}/{x}/{y}.mvt?v=`)).toBe(true);
    const res = await fetch(doc.tiles[0].replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const tile = decode(new Uint8Array(await res.arrayBuffer()));
    expect(tile.layers.sections.length).toBe(somme.sections.filter((s) => (s.status ?? 'existing') === 'existing').length);
    const again = await fetch(res.url, { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

/** What a 503 `tiles-building` says: its phase and the seconds elapsed, in the API's error format. */
function expectBuilding(res: { statusCode: number; headers: Record<string, unknown>; json: () => { code: string; message: string; details: Array<{ field: string; code?: string; message: string }> } }) {
  expect(res.statusCode).toBe(503);
  const body = res.json();
  expect(body.code).toBe('tiles-building');
  expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  expect(res.headers['cache-control'] ?? '').not.toContain('immutable');
  expect(body.details[0].field).toBe('tiles');
  expect(BUILD_PHASES).toContain(body.details[0].code);
  const elapsed = Number(/(\d+) s elapsed/.exec(body.message)?.[1]);
  expect(elapsed).toBeGreaterThanOrEqual(0);
  return { phase: body.details[0].code as (typeof BUILD_PHASES)[number], elapsed };
}

describe('building the index in the background', () => {
  let fresh: FastifyInstance;
  beforeAll(async () => {
    // A job deadline far below the build's time: the build has a budget of its own.
    fresh = await buildApp({ topologyDir: seedDir, dataDir: mkdtempSync(join(tmpdir(), 'fibre-tiles-build-')), logger: false, rateLimit: false, deadlineMs: 300 });
  });
  afterAll(async () => fresh?.close());

  it('answers 503 tiles-building with its phase until the index is built, tiles too, then 200', async () => {
    const first = await fresh.inject({ url: '/v1/topologies/big/tiles.json' });
    const phases = [expectBuilding(first).phase];
    expectBuilding(await fresh.inject({ url: '/v1/topologies/big/tiles/0/0/0.mvt' }));
    let res = first;
    while (res.statusCode === 503) {
      await sleep(100);
      res = await fresh.inject({ url: '/v1/topologies/big/tiles.json' });
      if (res.statusCode === 503) phases.push(expectBuilding(res).phase);
    }
    expect(res.statusCode, res.body).toBe(200);
    // phases only move forwards
    const order = phases.map((p) => BUILD_PHASES.indexOf(p));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    const doc = res.json();
    expect(doc.fullDetailZoom).toBeGreaterThan(0);
    const tile = await fresh.inject({ url: tilePath(doc.tiles[0], 0, 0, 0) });
    expect(tile.statusCode).toBe(200);
    expect(decode(tile.rawPayload).layers.sections.length).toBeGreaterThan(0);
  });

  it('tells a failed build once, naming the field, then builds again', async () => {
    const bad = await settled('/v1/topologies/big/tiles.json?headend=NOPE', {}, fresh);
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json().details)).toContain('NOPE');
  });

  it('stops a build past FIBRE_API_TILE_BUILD_MS with a clear error', async () => {
    const tight = await buildApp({ topologyDir: seedDir, dataDir: mkdtempSync(join(tmpdir(), 'fibre-tiles-tight-')), logger: false, rateLimit: false, tileBuildMs: 100 });
    try {
      const res = await settled('/v1/topologies/big/tiles.json', {}, tight);
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('tiles-build-failed');
      expect(res.json().message).toContain('FIBRE_API_TILE_BUILD_MS');
    } finally {
      await tight.close();
    }
  });
});

describe('builds: one per version and options, a newer version supersedes', () => {
  const pool = new JobPool({ workers: 1, maxQueue: 16, deadlineMs: 600_000, cacheBytes: 512 * 2 ** 20 });
  const started: string[] = [];
  const builds = new TileBuilds({
    buildMs: 600_000,
    waitMs: 0,
    run: async (ref, network, build, signal) => {
      started.push(ref.etag);
      return (await pool.run('tiles-build', ref, { network, version: `${ref.id} ${ref.etag}`, build }, { signal })).value as TileIndexInfo;
    },
  });
  afterAll(async () => {
    builds.close();
    await pool.close();
  });
  const network = { headends: [], includePlanned: false, withLinks: [] };
  const v1 = { id: 'big', etag: '"1-aaaa"', file: join(seedDir, 'big.json') };
  const v2 = { id: 'big', etag: '"2-bbbb"', file: join(seedDir, 'big-too.json') };
  const codeOf = async (p: Promise<unknown>) => p.then(() => 'ready', (e: { code: string }) => e.code);

  it('starts one build for many requests, and a new version cancels the old one', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, () => codeOf(builds.info(v1, network))));
    expect(answers).toEqual(Array(5).fill('tiles-building'));
    expect(started).toEqual([v1.etag]);
    expect(builds.building).toBe(1);
    expect(await codeOf(builds.info(v2, network))).toBe('tiles-building');
    expect(started).toEqual([v1.etag, v2.etag]);
    expect(builds.building).toBe(1);
    let info: TileIndexInfo | undefined;
    while (!info) {
      await sleep(100);
      info = await builds.info(v2, network).catch(() => undefined);
    }
    // the index of the second version: its own network
    const lons = bigToo.sites.filter((s) => (s.status ?? 'existing') === 'existing').map((s) => s.lon);
    expect(info.bounds[0]).toBe(Math.min(...lons));
    expect(started).toEqual([v1.etag, v2.etag]);
  });

  it('tells a failure once, to the next request; the one after starts a new build', async () => {
    const bad = { ...network, headends: ['NOPE'] };
    expect(await codeOf(builds.info(v2, bad))).toBe('tiles-building');
    const before = started.length;
    let code = 'tiles-building';
    while (code === 'tiles-building') {
      await sleep(50);
      code = await codeOf(builds.info(v2, bad));
    }
    expect(code).toBe('unknown-reference');
    expect(started.length).toBe(before);
    expect(await codeOf(builds.info(v2, bad))).toBe('tiles-building');
    expect(started.length).toBe(before + 1);
  });
});

describe('a build over a real listening server', () => {
  let server: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    server = await buildApp({ topologyDir: seedDir, dataDir: mkdtempSync(join(tmpdir(), 'fibre-tiles-real-')), logger: false, rateLimit: false, token: 'tiles-token' });
    base = await listening(server);
  });
  afterAll(async () => server?.close());

  it('keeps /health answering during a build; a new version (PUT) supersedes the build of the old one', async () => {
    const put = (body: unknown) => fetch(`${base}/v1/topologies/net`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: 'Bearer tiles-token' }, body: JSON.stringify(body),
    });
    expect((await put(big)).ok).toBe(true);
    const first = await fetch(`${base}/v1/topologies/net/tiles.json`);
    expect(first.status).toBe(503);
    expect((await first.json()).code).toBe('tiles-building');
    expect(Number(first.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    // /health answered while the build was still under way
    expect((await fetch(`${base}/v1/topologies/net/tiles.json`)).status).toBe(503);

    const second = await put(bigToo);
    expect(second.ok).toBe(true);
    const version = (await fetch(`${base}/v1/topologies/net`)).headers.get('etag')!.replace(/^W\/|"/g, '');
    let res = await fetch(`${base}/v1/topologies/net/tiles.json`);
    while (res.status === 503) {
      const body = await res.json();
      expect(body.code).toBe('tiles-building');
      await sleep(100);
      res = await fetch(`${base}/v1/topologies/net/tiles.json`);
    }
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.version).toBe(version);
    const lats = bigToo.sites.filter((s) => (s.status ?? 'existing') === 'existing').map((s) => s.lat);
    expect(doc.bounds[1]).toBe(Math.min(...lats));
    const tile = await fetch(doc.tiles[0].replace('{z}', '0').replace('{x}', '0').replace('{y}', '0'));
    expect(tile.status).toBe(200);
  });
});
