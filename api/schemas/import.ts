import { z } from 'zod';
import { TopologyInfo, Topology } from './topology.js';
import { MAX_ID_LENGTH } from '../../src/requests/bounds.js';
import { ImportRequest } from '../../src/requests/import.js';
import { fromQuery } from './common.js';
import { documentOnly, named } from './registry.js';

const { snapToleranceM, endToleranceM, view, version } = ImportRequest.shape;

export const ImportQuery = z.strictObject({
  id: z.string().max(64).optional().describe('store the imported topology under this id (a new version if it exists); without it, nothing is stored'),
  headend: z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(z.string().min(1).max(MAX_ID_LENGTH)).max(1_000).optional())
    .describe('head-end: a node (nd_code), technical site (st_code) or technical point (pt_code) code, repeatable; default: the NRO technical sites'),
  name: z.string().min(1).max(200).optional().describe('name of the topology; default "GraceTHD delivery"'),
  view: view.describe('backbone: NROs stay NROs, collecte/transport sections, head-ends the heads of the collection network (NRA…); local: the NRO is the head-end. Default: backbone when the delivery holds more than one NRO, else local'),
  version: version.describe('the GraceTHD version of the delivery (2.0.1, 2.0.2, 3, 3.x, 3.0, 3.0.1, 3.1), as --gracethd-version; default: detected from its tables and fields'),
  snapToleranceM: fromQuery(snapToleranceM).describe('snap an empty or unknown pathway end to the nearest node within this distance (default 10 m)'),
  endToleranceM: fromQuery(endToleranceM).describe('report a pathway end farther than this from its node (default 1 m)'),
});

/** Schemas of the server's GraceTHD database: plain SQL identifiers, comma separated (searched in turn). */
const SCHEMAS = /^[A-Za-z_][A-Za-z0-9_$]{0,62}(,[A-Za-z_][A-Za-z0-9_$]{0,62}){0,9}$/;

/**
 * `POST /v1/import/gracethd` with `Content-Type: application/json`: a schema of the server's own
 * GraceTHD database (FIBRE_GRACETHD_DATABASE_URL) to read in place, and the import's options.
 * Never a database URL: a server that connected where a client says would be an SSRF hole.
 */
export const ImportDatabaseBody = named('ImportDatabaseBody', ImportRequest.extend({
  schema: z.string().regex(SCHEMAS, 'expected a schema name (letters, digits, _ and $, not starting with a digit), or several separated by commas')
    .describe('the schema of the server’s GraceTHD database holding t_noeud, t_cheminement…; several, comma separated, are searched in turn (a v3 database: gracethd_reseau_optique,gracethd_commun)'),
}), 'A GraceTHD delivery held in a schema of the server’s GraceTHD database (FIBRE_GRACETHD_DATABASE_URL), read in place, with the import’s options (those of the query string too).');

/** The data-quality report of an import (the `report` of `import gracethd --json`). */
const ImportReport = z.looseObject({
  source: z.literal('GraceTHD'),
  version: z.string().describe('the GraceTHD version the delivery was read as'),
  versionRule: z.string().describe('why: the detection rule, or forced by `version`'),
  counts: z.looseObject({}),
  view: z.enum(['backbone', 'local']).describe('the view of the delivery'),
  viewRule: z.string().describe('why this view: named by `view`, or the default for the number of NROs'),
  viewScope: z.string().describe('what the view keeps: which pathways are sections, where subscribers are counted'),
  headends: z.array(z.string()),
  headendRule: z.string(),
  headendsAreNros: z.boolean(),
  tolerances: z.object({ snapM: z.number(), endM: z.number() }),
  findings: z.array(z.looseObject({})),
});

export const ImportAnswer = named('ImportAnswer', documentOnly(z.object({
  topology: Topology.optional().describe('the imported document, when it was not stored'),
  stored: TopologyInfo.optional().describe('the stored topology, when the request named an id'),
  report: ImportReport,
})), 'A GraceTHD delivery as a topology, with its data-quality report (`import gracethd --json`).');
