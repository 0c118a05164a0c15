import { basename } from 'node:path';
import { type ImportOptions, type ImportResult, importGracethdTables } from '../import/gracethd/import-gracethd.js';
import { FindingCollector } from '../import/gracethd/quality-report.js';
import { readGeoPackageDelivery } from '../import/gracethd/read-delivery.js';
import { Deadline, readLimits } from '../import/gracethd/read-limits.js';
import type { GeoPackageSource } from './geopackage.js';

/**
 * Imports a GraceTHD delivery sent as a GeoPackage (its path, or its bytes): its tables
 * (`t_noeud`, `t_cheminement`…, read by `readGeoPackageDelivery` under `options.limits`) go
 * through the same version detection, mapping and data-quality report as a folder's SHP/CSV.
 * The default name is `GraceTHD delivery NAME` for a file `NAME.gpkg`.
 *
 * @throws TopologyError `invalid-geopackage` for a file that is not a GeoPackage or is
 * corrupt (the table and row named), and the importer's errors (`missing-table`…).
 * @example
 * const { topology, report } = await importGracethdFromGeoPackage('livraison.gpkg');
 */
export async function importGracethdFromGeoPackage(source: GeoPackageSource, options: ImportOptions = {}): Promise<ImportResult> {
  const limits = readLimits(options.limits);
  const deadline = new Deadline(limits.deadlineMs);
  const findings = new FindingCollector();
  const tables = readGeoPackageDelivery(source, findings, limits, deadline);
  const name = typeof source === 'string' ? { name: `GraceTHD delivery ${basename(source).replace(/\.gpkg$/i, '')}` } : {};
  return importGracethdTables(tables, { ...name, ...options }, findings);
}
