import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { gracethdTables, writeGracethdFolder, writeGracethdGeoPackage } from '../src/export/gracethd/index.js';
import { wgs84ToLambert93 } from '../src/io/lambert93.js';
import type { Topology } from '../src/model/schema.js';
import { fibreNetwork } from './generate.js';

/**
 * Premises a generated delivery holds in all, one v3 subscriber room each: about those of a
 * French département (some 40 million premises over 101 départements). The generator's own
 * subscriber counts would give some 90 million rows at 1e5 pathways.
 */
export const DELIVERY_PREMISES = 400_000;

/**
 * The GraceTHD import at scale: a `fibreNetwork` of `size` sections (many NROs; subscribers
 * scaled to `DELIVERY_PREMISES`, lengths those of the lines) exported as a v3 delivery through the exporter (a GeoPackage,
 * or `form: 'folder'` a CSV folder), then imported by the CLI in a child process, as a user
 * runs it (`/usr/bin/time`, `import gracethd … --view backbone --timings`): its phases
 * (`read`, `map`, `validate`, `report`, `write`, in ms) and its peak RSS.
 */
export async function gracethdImportBench(size: number, work: string, root: string, form: 'gpkg' | 'folder' = 'gpkg') {
  const generated = fibreNetwork({ sections: size, seed: 42 });
  const premises = generated.sites.reduce((sum, s) => sum + (s.subscribers ?? 0), 0);
  const scale = Math.max(1, premises / (DELIVERY_PREMISES * (size / 100_000)));
  const lambert = new Map(generated.sites.map((s) => [s.id, wgs84ToLambert93([s.lon, s.lat])]));
  const topology: Topology = {
    ...generated,
    sites: generated.sites.map((s) => (s.subscribers ? { ...s, subscribers: Math.max(1, Math.round(s.subscribers / scale)) } : s)),
    // In a real v3 delivery a pathway's length is its line's: the generator draws lengths apart from positions.
    sections: generated.sections.map((s) => {
      const [a, b] = [lambert.get(s.from)!, lambert.get(s.to)!];
      return { ...s, lengthM: Math.max(0.01, Math.round(Math.hypot(b[0] - a[0], b[1] - a[1]) * 100) / 100) };
    }),
  };
  let start = performance.now();
  const exported = gracethdTables(topology, { version: '3' });
  const tablesMs = performance.now() - start;
  const out = join(work, `delivery-${size}${form === 'gpkg' ? '.gpkg' : ''}`);
  start = performance.now();
  if (form === 'gpkg') writeGracethdGeoPackage(out, exported);
  else await writeGracethdFolder(out, exported.tables);
  const writeMs = performance.now() - start;
  const rows = Object.fromEntries(exported.tables.map((t) => [t.name, t.rows.length]));
  const run = spawnSync(
    '/usr/bin/time',
    ['-f', 'maxrss=%M', 'node', join(root, 'bin/fibre-resilience.js'), 'import', 'gracethd', out, '--view', 'backbone', '-o', join(work, `imported-${size}.json`), '--json', '--timings'],
    { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 },
  );
  if (run.status !== 0) throw new Error(`bench: import gracethd failed: ${run.stderr}`);
  const timingLine = run.stderr.split('\n').find((l) => l.startsWith('{"read"'));
  const peer = form === 'gpkg' ? gdalReads(out, join(work, `gdal-${size}`)) : null;
  const rss = /maxrss=(\d+)/.exec(run.stderr);
  return {
    bench: 'gracethd-import',
    size,
    form,
    version: '3',
    sites: topology.sites.length,
    sections: topology.sections.length,
    nros: topology.sites.filter((s) => s.kind === 'nro').length,
    rows,
    deliveryMB: Math.round(sizeOf(out) / 1e5) / 10,
    exportMs: { tables: Math.round(tablesMs), write: Math.round(writeMs) },
    importMs: timingLine ? (JSON.parse(timingLine) as Record<string, number>) : null,
    peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : null,
    peer,
    target: { totalMs: 10_000, peakRssMB: 1024 },
  };
}

/**
 * The peer, in the same run: GDAL reading the same GeoPackage whole and writing each table as
 * CSV (`ogr2ogr -f CSV`, every row and geometry decoded), as a whole process; null without GDAL.
 */
function gdalReads(gpkg: string, out: string) {
  const start = performance.now();
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', 'ogr2ogr', '-f', 'CSV', out, gpkg, '-lco', 'GEOMETRY=AS_WKT'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (run.error || run.status !== 0) return null;
  const rss = /maxrss=(\d+)/.exec(run.stderr);
  return { tool: 'ogr2ogr -f CSV (GDAL)', ms: Math.round(performance.now() - start), peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

const sizeOf = (path: string) => {
  const s = statSync(path);
  return s.isDirectory() ? Number.NaN : s.size;
};
