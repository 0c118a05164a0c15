import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { parseGracethdVersion } from '../import/gracethd/detect-version.js';
import { importGracethdFolder, importGracethdFromZip, type ImportResult } from '../import/gracethd/import-gracethd.js';
import { VIEWS } from '../import/gracethd/import-view.js';
import { importGracethdFromPostgres, type PostgresImportOptions } from '../import/gracethd/read-postgis.js';
import { isSqliteFile, isSqliteHeader } from '../io/geopackage.js';
import { importGracethdFromGeoPackage } from '../io/geopackage-gracethd.js';
import { Ids } from './bounds.js';
import { parseRequest } from './request-error.js';

/** The `--gracethd-version` values (`parseGracethdVersion` reads each: every 3.* is `3.x`). */
export const GRACETHD_VERSION_VALUES = ['2.0.1', '2.0.2', '3', '3.x', '3.0', '3.0.1', '3.1'] as const;

/** `import gracethd`: how a delivery becomes a topology. */
export const ImportRequest = z.strictObject({
  headends: Ids(1_000).default([]).describe('head-ends: node (nd_code), technical site (st_code) or technical point (pt_code) codes; default: local view the NRO technical sites, backbone view the heads of the collection network (NRA…)'),
  name: z.string().min(1).max(200).optional().describe('name of the topology; default "GraceTHD delivery"'),
  snapToleranceM: z.number().min(0).max(10_000).optional().describe('snap an empty or unknown pathway end to the nearest node within this distance (default 10 m)'),
  endToleranceM: z.number().min(0).max(10_000).optional().describe('report a pathway end farther than this from its node (default 1 m)'),
  view: z.enum(VIEWS).optional().describe('backbone: NROs stay NROs, collecte/transport sections, head-ends the heads of the collection network; local: the NRO is the head-end. Default: backbone when the delivery holds more than one NRO, else local'),
  version: z.enum(GRACETHD_VERSION_VALUES).optional().describe('the GraceTHD version of the delivery (2.0.1, 2.0.2, 3, 3.x, 3.0, 3.0.1, 3.1); default: detected from its tables and fields'),
});
export type ImportRequest = z.input<typeof ImportRequest>;

/**
 * A delivery: the zip's bytes, the folder holding its files, a GeoPackage's bytes (`gpkg`,
 * e.g. an upload) or a file (`file`: a GeoPackage when named `*.gpkg` or when it starts as an
 * SQLite file, else a zip). Bytes given as `zip` that start as an SQLite file (`SQLite format
 * 3`) are read as a GeoPackage, so that a caller holding bytes of either kind need not tell
 * them apart. `database`: a schema of a PostgreSQL/PostGIS database, read in place
 * (`postgres://user:password@host:port/database?schema=NAME`; docs/postgis.md), with how its
 * errors name it (`label`, `field`, `schemaField`: see `importGracethdFromPostgres`).
 */
export type Delivery =
  | { zip: Uint8Array }
  | { folder: string }
  | { gpkg: Uint8Array }
  | { file: string }
  | ({ database: string } & Pick<PostgresImportOptions, 'label' | 'field' | 'schemaField'>);

/**
 * A GraceTHD delivery as a `fibre-topology/1` document with its data-quality report. Findings
 * never fail the import; a delivery without its mandatory tables, or an archive over the
 * bounds, does (`TopologyError`).
 *
 * @example
 * const { topology, report } = await importRequest({ folder: 'delivery/' }, { headends: ['ND-HE'] });
 * await importRequest({ database: 'postgres://sig:secret@db/rip?schema=gracethd' }, {});
 */
export async function importRequest(delivery: Delivery, input: ImportRequest): Promise<ImportResult> {
  const { headends, version, ...rest } = parseRequest(ImportRequest, input, 'import');
  const options = { headends, ...rest, ...(version !== undefined && { version: parseGracethdVersion(version) }) };
  if ('database' in delivery) {
    const { database, ...naming } = delivery;
    return importGracethdFromPostgres(database, { ...options, ...naming });
  }
  if ('gpkg' in delivery) return importGracethdFromGeoPackage(delivery.gpkg, options);
  if ('zip' in delivery) return isSqliteHeader(delivery.zip) ? importGracethdFromGeoPackage(delivery.zip, options) : importGracethdFromZip(delivery.zip, options);
  // A GeoPackage file is opened by its path (read-only): SQLite reads only the pages it needs.
  if ('file' in delivery) {
    const gpkg = /\.gpkg$/i.test(delivery.file) || (await isSqliteFile(delivery.file));
    return gpkg ? importGracethdFromGeoPackage(delivery.file, options) : importGracethdFromZip(new Uint8Array(await readFile(delivery.file)), options);
  }
  return importGracethdFolder(delivery.folder, options);
}
