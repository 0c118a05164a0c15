import { z } from 'zod';
import { importGracethdFolder, importGracethdFromZip, type ImportResult } from '../import/gracethd/import-gracethd.js';
import { Ids } from './bounds.js';
import { parseRequest } from './request-error.js';

/** `import gracethd`: how a delivery becomes a topology. */
export const ImportRequest = z.strictObject({
  headends: Ids(1_000).default([]).describe('head-ends: node (nd_code), technical site (st_code) or technical point (pt_code) codes; default the NRO technical sites'),
  name: z.string().min(1).max(200).optional().describe('name of the topology; default "GraceTHD delivery"'),
  snapToleranceM: z.number().min(0).max(10_000).optional().describe('snap an empty or unknown pathway end to the nearest node within this distance (default 10 m)'),
  endToleranceM: z.number().min(0).max(10_000).optional().describe('report a pathway end farther than this from its node (default 1 m)'),
});
export type ImportRequest = z.input<typeof ImportRequest>;

/** A delivery: the zip's bytes, or the folder holding its files. */
export type Delivery = { zip: Uint8Array } | { folder: string };

/**
 * A GraceTHD delivery as a `fibre-topology/1` document with its data-quality report. Findings
 * never fail the import; a delivery without its mandatory tables, or an archive over the
 * bounds, does (`TopologyError`).
 *
 * @example
 * const { topology, report } = await importRequest({ folder: 'delivery/' }, { headends: ['ND-HE'] });
 */
export async function importRequest(delivery: Delivery, input: ImportRequest): Promise<ImportResult> {
  const { headends, ...options } = parseRequest(ImportRequest, input, 'import');
  return 'zip' in delivery
    ? importGracethdFromZip(delivery.zip, { headends, ...options })
    : importGracethdFolder(delivery.folder, { headends, ...options });
}
