import { readFile, stat } from 'node:fs/promises';
import type { ImportOptions } from '../import/gracethd/import-gracethd.js';
import { TopologyError } from '../model/errors.js';
import type { Topology } from '../model/schema.js';
import { validateTopology } from '../model/validate.js';
import { isSqliteFile, isZipFile } from './file-signature.js';
import { jsonFromBytes } from './json-bytes.js';
import { type FeatureCollection, topologyFromGeoJSON } from './geojson.js';

export interface ReadTopologyOptions {
  /** Coordinate reference system of GeoJSON input. Default `CRS84`. */
  crs?: 'CRS84' | 'EPSG:2154';
  /** How a GraceTHD delivery (a folder or a GeoPackage) is read: its view and version. Default: chosen by the importer. */
  gracethd?: Pick<ImportOptions, 'view' | 'version'>;
}

/**
 * Turns a parsed JSON value — a `fibre-topology/1` document or a GeoJSON FeatureCollection —
 * into a valid topology, or throws a `TopologyError` listing every problem.
 *
 * @example
 * const topology = topologyFromJSON(JSON.parse(text));
 */
export function topologyFromJSON(value: unknown, options: ReadTopologyOptions = {}): Topology {
  const isGeoJSON = typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'FeatureCollection';
  const document = isGeoJSON ? topologyFromGeoJSON(value as FeatureCollection, options) : value;
  const result = validateTopology(document);
  if (!result.ok) throw new TopologyError(`invalid topology: ${result.problems.length} problem(s)`, result.problems);
  return result.topology;
}

/** Parses JSON text, reporting a syntax error as a located problem rather than a stack trace. */
export function parseJSON(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TopologyError(`${source}: not valid JSON`, [
      { path: '$', code: 'invalid-json', message: `${source}: ${(error as Error).message}` },
    ]);
  }
}

/**
 * Parses a JSON document from its UTF-8 bytes: the same value as `parseJSON` of the decoded
 * text, read straight from the bytes (`jsonFromBytes`), and the same located problem for a
 * document that is not valid JSON.
 *
 * @example
 * const value = parseJSONBytes(await readFile('topology/somme.json'), 'topology/somme.json');
 */
export function parseJSONBytes(bytes: Uint8Array, source: string): unknown {
  return jsonFromBytes(bytes) ?? parseJSON(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'), source);
}

/**
 * Reads a topology file (JSON or GeoJSON) and validates it. A folder, a zip of one, or a
 * GeoPackage (an SQLite file), is a GraceTHD delivery, imported with the default rules (view and version
 * chosen by the importer unless `options.gracethd` names them). The data-quality report is not
 * printed here: the topology's provenance says how many findings there are, and
 * `fibre-resilience import gracethd PATH` lists them.
 */
export async function readTopologyFile(path: string, options: ReadTopologyOptions = {}): Promise<Topology> {
  const info = await stat(path).catch(() => undefined);
  if (!info) throw new TopologyError(`${path}: no such file`, [{ path: '$', code: 'not-found', message: `${path}: no such file` }]);
  // The importers are loaded only for a delivery: reading JSON needs neither SQLite nor zip.
  if (info.isDirectory()) return (await (await import('../import/gracethd/import-gracethd.js')).importGracethdFolder(path, options.gracethd)).topology;
  if (await isSqliteFile(path)) return (await (await import('./geopackage-gracethd.js')).importGracethdFromGeoPackage(path, options.gracethd)).topology;
  if (await isZipFile(path)) {
    const { importGracethdFromZip } = await import('../import/gracethd/import-gracethd.js');
    return (await importGracethdFromZip(new Uint8Array(await readFile(path)), options.gracethd)).topology;
  }
  return topologyFromJSON(parseJSONBytes(await readFile(path), path), options);
}
