import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import wkx from 'wkx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeGeometry, encodeGeometry, parseGeometryHeader } from '../src/io/geopackage-binary.js';
import { type GeoPackageLayer, isSqliteHeader, readGeoPackage, writeGeoPackage } from '../src/io/geopackage.js';
import { InvalidOptionError, TopologyError } from '../src/model/errors.js';

const HAS_GDAL = spawnSync('ogrinfo', ['--version']).status === 0;
if (!HAS_GDAL) console.warn('tests/geopackage.test.ts: ogrinfo (GDAL) not found: the checks against GDAL are skipped; apt-get install gdal-bin to run them');
const VALIDATOR = '/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py';

const dir = mkdtempSync(join(tmpdir(), 'fibre-gpkg-'));

const LAYERS: GeoPackageLayer[] = [
  {
    name: 't_noeud',
    geometryType: 'POINT',
    fields: [{ name: 'nd_code', type: 'TEXT' }, { name: 'nd_voie', type: 'TEXT' }, { name: 'nd_geolqlt', type: 'REAL' }],
    features: [
      { properties: { nd_code: 'ND1', nd_voie: 'Rue de l’Église', nd_geolqlt: 0.5 }, geometry: { type: 'Point', coordinates: [652000.25, 6862000.5] } },
      { properties: { nd_code: 'ND2', nd_voie: null }, geometry: { type: 'Point', coordinates: [652100, 6862050] } },
      { properties: { nd_code: 'ND3' }, geometry: null },
    ],
  },
  {
    name: 't_cheminement',
    geometryType: 'LINESTRING',
    fields: [{ name: 'cm_code', type: 'TEXT' }, { name: 'cm_lgreel', type: 'REAL' }, { name: 'cm_fo', type: 'INTEGER' }, { name: 'cm_ok', type: 'BOOLEAN' }],
    features: [
      {
        properties: { cm_code: 'CM1', cm_lgreel: 112.5, cm_fo: 9007199254740993n, cm_ok: true },
        geometry: { type: 'LineString', coordinates: [[652000.25, 6862000.5], [652050, 6862020], [652100, 6862050]] },
      },
    ],
  },
  {
    name: 'zones',
    geometryType: 'MULTIPOLYGON',
    fields: [{ name: 'code', type: 'TEXT' }],
    features: [{ properties: { code: 'Z' }, geometry: { type: 'MultiPolygon', coordinates: [[[[0, 0], [10, 0], [10, 10], [0, 0]]], [[[20, 20], [30, 20], [30, 30], [20, 20]]]] } }],
  },
  { name: 't_organisme', fields: [{ name: 'or_code', type: 'TEXT' }, { name: 'or_nom', type: 'TEXT' }], features: [{ properties: { or_code: 'OR1', or_nom: 'SMO' } }] },
];

let file: string;
beforeAll(() => {
  file = join(dir, 'round-trip.gpkg');
  writeGeoPackage(file, LAYERS);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The error `run` throws (a TopologyError expected), with its first problem. */
function failure(run: () => unknown) {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyError);
    const e = error as TopologyError;
    expect(e.stack).toBeDefined();
    return { ...e.problems[0], message: e.message };
  }
  throw new Error('expected a TopologyError');
}

describe('writeGeoPackage → GDAL → readGeoPackage', () => {
  it.skipIf(!HAS_GDAL)('is read by GDAL: every layer listed, its geometry type, EPSG:2154, its features', () => {
    const info = execFileSync('ogrinfo', ['-so', '-al', file], { encoding: 'utf8' });
    const layers = [...info.matchAll(/^Layer name: (\S+)\nGeometry: (.+)\nFeature Count: (\d+)/gm)].map((m) => [m[1], m[2], Number(m[3])]);
    expect(layers).toEqual([
      ['t_noeud', 'Point', 3],
      ['t_cheminement', 'Line String', 1],
      ['zones', 'Multi Polygon', 1],
      ['t_organisme', 'None', 1],
    ]);
    expect(info.match(/ID\["EPSG",2154\]\]$/gm)).toHaveLength(3);
    const features = execFileSync('ogrinfo', ['-al', '-q', file, 't_cheminement'], { encoding: 'utf8' });
    expect(features).toContain('cm_fo (Integer64) = 9007199254740993');
    expect(features).toContain('cm_ok (Integer(Boolean)) = 1');
    expect(features).toContain('LINESTRING (652000.25 6862000.5,652050 6862020,652100 6862050)');
    expect(execFileSync('ogrinfo', ['-q', '-sql', "SELECT count(*) FROM rtree_t_noeud_geom", file], { encoding: 'utf8' })).toMatch(/= 2$/m);
  });

  it.skipIf(!HAS_GDAL || !existsSync(VALIDATOR))("passes GDAL's GeoPackage validator (validate_gpkg.py)", () => {
    const run = spawnSync('python3', [VALIDATOR, file], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: '/usr/lib/python3/dist-packages' } });
    expect(run.stderr + run.stdout).toBe('');
    expect(run.status).toBe(0);
  });

  it('reads back every table, its rows as text, its geometries and its CRS', () => {
    const tables = readGeoPackage(file);
    expect([...tables.keys()].sort()).toEqual(['t_cheminement', 't_noeud', 't_organisme', 'zones']);
    const noeud = tables.get('t_noeud')!;
    expect(noeud).toMatchObject({ dataType: 'features', geometryColumn: { name: 'geom', type: 'POINT', z: 0, m: 0 }, crs: { srsId: 2154, code: 'EPSG:2154', name: 'RGF93 v1 / Lambert-93' } });
    expect(noeud.columns).toEqual([{ name: 'nd_code', type: 'TEXT' }, { name: 'nd_voie', type: 'TEXT' }, { name: 'nd_geolqlt', type: 'REAL' }]);
    expect(noeud.rows).toEqual([
      { nd_code: 'ND1', nd_voie: 'Rue de l’Église', nd_geolqlt: '0.5' },
      { nd_code: 'ND2', nd_voie: null, nd_geolqlt: null },
      { nd_code: 'ND3', nd_voie: null, nd_geolqlt: null },
    ]);
    expect(noeud.geometries).toEqual([...LAYERS[0].features.map((f) => f.geometry ?? null)]);
    const chemin = tables.get('t_cheminement')!;
    expect(chemin.rows).toEqual([{ cm_code: 'CM1', cm_lgreel: '112.5', cm_fo: '9007199254740993', cm_ok: '1' }]);
    expect(chemin.geometries).toEqual([LAYERS[1].features[0].geometry]);
    expect(tables.get('zones')!.geometries).toEqual([LAYERS[2].features[0].geometry]);
    expect(tables.get('t_organisme')).toMatchObject({ dataType: 'attributes', rows: [{ or_code: 'OR1', or_nom: 'SMO' }], crs: null });
    expect(tables.get('t_organisme')!.geometries).toBeUndefined();
  });

  it('reads the same from the bytes as from the path, opens the file read-only and reads only the tables asked for', () => {
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    expect(readGeoPackage(new Uint8Array(before))).toEqual(readGeoPackage(file));
    expect([...readGeoPackage(file, { tables: (name) => name.startsWith('t_') }).keys()].sort()).toEqual(['t_cheminement', 't_noeud', 't_organisme']);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  });

  it('writes without a spatial index when asked, and refuses what a layer cannot hold', () => {
    const bare = join(dir, 'bare.gpkg');
    writeGeoPackage(bare, LAYERS, { spatialIndex: false });
    const db = new Database(bare, { readonly: true });
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name LIKE 'rtree_%'").get()).toEqual({ n: 0 });
    expect(db.pragma('application_id', { simple: true })).toBe(0x47504b47);
    expect(db.pragma('user_version', { simple: true })).toBe(10300);
    db.close();
    const bad = (layers: GeoPackageLayer[], message: RegExp) => expect(() => writeGeoPackage(join(dir, 'bad.gpkg'), layers)).toThrow(message);
    bad([{ ...LAYERS[0], name: 'gpkg_x' }], /layer name/);
    bad([LAYERS[0], LAYERS[0]], /two layers have this name/);
    bad([{ ...LAYERS[0], fields: [{ name: 'geom', type: 'TEXT' }] }], /used twice/);
    bad([{ ...LAYERS[0], features: [{ properties: {}, geometry: { type: 'LineString', coordinates: [[0, 0], [1, 1]] } }] }], /features\[0\]: a LineString in a POINT layer/);
    bad([{ ...LAYERS[3], features: [{ properties: {}, geometry: { type: 'Point', coordinates: [0, 0] } }] }], /geometry in an attribute table/);
    expect(() => writeGeoPackage(join(dir, 'bad.gpkg'), [{ ...LAYERS[0], srs: 3857 as 2154 }])).toThrow(InvalidOptionError);
    expect(existsSync(join(dir, 'bad.gpkg'))).toBe(false);
  });
});

describe('GeoPackage geometry blobs', () => {
  const wkb = (g: Geometry) => wkx.Geometry.parseGeoJSON(g).toWkb();
  const blob = (flags: number, envelope: number[], body: Uint8Array, srsId = 2154, bigEndian = false) => {
    const header = Buffer.alloc(8 + 8 * envelope.length);
    header.write('GP', 0, 'latin1');
    header[3] = flags;
    if (bigEndian) header.writeInt32BE(srsId, 4);
    else header.writeInt32LE(srsId, 4);
    envelope.forEach((v, i) => {
      if (bigEndian) header.writeDoubleBE(v, 8 + 8 * i);
      else header.writeDoubleLE(v, 8 + 8 * i);
    });
    return new Uint8Array(Buffer.concat([header, body]));
  };
  const line: Geometry = { type: 'LineString', coordinates: [[1, 2], [3, 4]] };

  it('reads each envelope size and byte order, and the empty flag', () => {
    for (const [indicator, doubles] of [[0, 0], [1, 4], [2, 6], [3, 6], [4, 8]]) {
      const envelope = Array.from({ length: doubles }, (_, i) => i + 0.5);
      for (const bigEndian of [false, true]) {
        const b = blob((indicator << 1) | (bigEndian ? 0 : 1), envelope, wkb(line), 2154, bigEndian);
        expect(parseGeometryHeader(b)).toEqual({ version: 0, littleEndian: !bigEndian, empty: false, srsId: 2154, envelope, wkbOffset: 8 + 8 * doubles });
        expect(decodeGeometry(b)).toEqual(line);
      }
    }
    expect(decodeGeometry(blob(0x11, [], wkb({ type: 'Point', coordinates: [0, 0] })))).toBeNull();
    // GDAL writes an empty point as POINT (NaN NaN), without the empty flag.
    const nan = Buffer.from('0101000000000000000000f87f000000000000f87f', 'hex');
    expect(decodeGeometry(blob(0x01, [], nan))).toBeNull();
  });

  it('decodes the core types, Z kept as a third ordinate', () => {
    const types: Geometry[] = [
      { type: 'Point', coordinates: [652000, 6862000] },
      { type: 'MultiLineString', coordinates: [[[0, 0], [1, 1]], [[1, 1], [2, 0]]] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] },
      { type: 'MultiPoint', coordinates: [[0, 0], [5, 5]] },
      { type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [1, 1] }, line] },
    ];
    for (const g of types) expect(decodeGeometry(encodeGeometry(g, 2154).blob)).toEqual(g);
    const z = wkx.Geometry.parse('LINESTRING Z (1 2 3, 4 5 6)').toWkb();
    expect(decodeGeometry(blob(1, [], z))).toEqual({ type: 'LineString', coordinates: [[1, 2, 3], [4, 5, 6]] });
    expect(encodeGeometry({ type: 'LineString', coordinates: [[0, 0], [2, 3]] }, 2154).envelope).toEqual([0, 2, 0, 3]);
  });

  it('refuses a bad header or WKB with the reason', () => {
    const good = wkb(line);
    expect(() => decodeGeometry(new Uint8Array([0x47, 0x50, 0]))).toThrow(/shorter than a GeoPackage header/);
    expect(() => decodeGeometry(new Uint8Array(Buffer.concat([Buffer.from('XY\0\x01\0\0\0\0', 'latin1'), good])))).toThrow(/not "GP"/);
    const version = blob(1, [], good);
    version[2] = 1;
    expect(() => decodeGeometry(version)).toThrow(/version 1/);
    expect(() => decodeGeometry(blob(5 << 1, [], good))).toThrow(/envelope indicator 5/);
    expect(() => decodeGeometry(blob(0x41, [], good))).toThrow(/reserved bits/);
    expect(() => decodeGeometry(blob(1 << 1, [0, 1], new Uint8Array()))).toThrow(/shorter than its header and envelope/);
    expect(() => decodeGeometry(blob(1, [], good.subarray(0, good.length - 4)))).toThrow(/WKB is truncated/);
    expect(() => decodeGeometry(blob(1, [], new Uint8Array([7, 1, 0, 0, 0])))).toThrow(/byte order 7/);
    expect(() => decodeGeometry(blob(1, [], new Uint8Array([1, 99, 0, 0, 0])))).toThrow(/unreadable WKB/);
  });
});

describe('readGeoPackage on broken inputs: a clear invalid-geopackage error, never a stack trace', () => {
  it('a file that is not SQLite, an empty file, a missing file', () => {
    const random = join(dir, 'random.gpkg');
    writeFileSync(random, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
    expect(failure(() => readGeoPackage(random))).toMatchObject({ code: 'invalid-geopackage', path: '$', message: 'random.gpkg: not a GeoPackage: not an SQLite 3 file (it does not start with "SQLite format 3")' });
    writeFileSync(join(dir, 'empty.gpkg'), '');
    expect(failure(() => readGeoPackage(join(dir, 'empty.gpkg'))).code).toBe('invalid-geopackage');
    expect(failure(() => readGeoPackage(new Uint8Array([1, 2, 3])))).toMatchObject({ code: 'invalid-geopackage', message: expect.stringMatching(/^the GeoPackage: not a GeoPackage/) });
    expect(failure(() => readGeoPackage(join(dir, 'none.gpkg'))).code).toBe('not-found');
    expect(isSqliteHeader(readFileSync(file))).toBe(true);
  });

  it('an SQLite file without gpkg_contents, or whose gpkg_contents names a table it lacks', () => {
    const plain = join(dir, 'plain.sqlite');
    const db = new Database(plain);
    db.exec('CREATE TABLE t_noeud (nd_code TEXT)');
    db.close();
    expect(failure(() => readGeoPackage(plain))).toMatchObject({ code: 'invalid-geopackage', message: 'plain.sqlite: not a GeoPackage: an SQLite file without a gpkg_contents table' });
    const lacking = join(dir, 'lacking.gpkg');
    writeFileSync(lacking, readFileSync(file));
    const edit = new Database(lacking);
    edit.exec("INSERT INTO gpkg_contents (table_name, data_type, identifier) VALUES ('t_ghost', 'attributes', 't_ghost')");
    edit.close();
    expect(failure(() => readGeoPackage(lacking))).toMatchObject({ code: 'invalid-geopackage', path: 't_ghost', message: 'lacking.gpkg: gpkg_contents lists t_ghost, which the file does not hold' });
  });

  it('a truncated GeoPackage', () => {
    const bytes = readFileSync(file);
    for (const fraction of [0.1, 0.5, 0.9]) {
      const cut = new Uint8Array(bytes.subarray(0, Math.floor(bytes.length * fraction)));
      expect(failure(() => readGeoPackage(cut))).toMatchObject({ code: 'invalid-geopackage', message: expect.stringMatching(/truncated or damaged/) });
    }
  });

  it('a geometry blob with a bad header, naming the table and the row', () => {
    const broken = join(dir, 'broken-blob.gpkg');
    // Without the R-tree: its triggers call ST_IsEmpty, ST_MinX…, which only GDAL (or SpatiaLite) provides.
    writeGeoPackage(broken, LAYERS, { spatialIndex: false });
    const db = new Database(broken);
    db.prepare("UPDATE t_noeud SET geom = X'4750FF0168080000' WHERE fid = 2").run();
    db.close();
    expect(failure(() => readGeoPackage(broken))).toMatchObject({
      code: 'invalid-geopackage',
      path: 't_noeud',
      id: 'fid 2',
      message: 'broken-blob.gpkg: t_noeud, fid 2: corrupt geometry blob: GeoPackage geometry header version 255: only version 0 (GeoPackage 1.x) is defined',
    });
  });

  it('respects its bounds: tables, rows, bytes of a row, of a table, of all', () => {
    expect(failure(() => readGeoPackage(file, { limits: { maxTables: 3 } }))).toMatchObject({ code: 'too-many-entries', id: 'maxTables' });
    expect(failure(() => readGeoPackage(file, { limits: { maxRows: 2 } }))).toMatchObject({ code: 'too-large', id: 'maxRows', path: 't_noeud' });
    expect(failure(() => readGeoPackage(file, { limits: { maxRowBytes: 20 } }))).toMatchObject({ code: 'too-large', id: 'maxRowBytes' });
    expect(failure(() => readGeoPackage(file, { limits: { maxTableBytes: 60 } }))).toMatchObject({ code: 'too-large', id: 'maxTableBytes' });
    expect(failure(() => readGeoPackage(file, { limits: { maxTotalBytes: 200 } }))).toMatchObject({ code: 'too-large', id: 'maxTotalBytes' });
    const seen: string[] = [];
    readGeoPackage(file, { check: (where) => seen.push(where) });
    expect(seen).toContain('t_cheminement');
    expect(() => readGeoPackage(file, { check: () => { throw new TopologyError('stop', [{ path: '$', code: 'deadline-exceeded', message: 'stop' }]); } })).toThrow('stop');
  });
});
