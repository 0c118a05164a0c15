import { type GracethdMapping, mappingFor } from '../../import/gracethd/versions/index.js';

/** The GraceTHD versions the exporter writes: v3 (GeoPackage or CSV folder) and v2.0.1 (SHP/CSV folder, CSV folder or GeoPackage). */
export type ExportVersion = '3' | '2.0.1';
export const EXPORT_VERSIONS: readonly ExportVersion[] = ['3', '2.0.1'];

/**
 * The importer's mapping of an export version: every table and field name the exporter
 * writes comes from it (src/import/gracethd/versions/), so that what is written is what the
 * importer reads.
 */
export const exportMapping = (version: ExportVersion): GracethdMapping => mappingFor(version === '3' ? '3.x' : '2.0.1');

/** Parses `--gracethd-version` for the exporter: `3` (also `3.x`, `v3`) or `2.0.1`. */
export function parseExportVersion(text: string): ExportVersion | undefined {
  const v = text.trim().toLowerCase().replace(/^v/, '');
  if (v === '2.0.1' || v === '2') return '2.0.1';
  if (v === '3' || v === '3.x') return '3';
  return undefined;
}
