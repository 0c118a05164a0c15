import { z } from 'zod';
import { TopologyInfo, Topology } from './topology.js';
import { MAX_ID_LENGTH } from '../../src/requests/bounds.js';
import { ImportRequest } from '../../src/requests/import.js';
import { fromQuery } from './common.js';
import { documentOnly, named } from './registry.js';

const { snapToleranceM, endToleranceM } = ImportRequest.shape;

export const ImportQuery = z.object({
  id: z.string().max(64).optional().describe('store the imported topology under this id (a new version if it exists); without it, nothing is stored'),
  headend: z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), z.array(z.string().min(1).max(MAX_ID_LENGTH)).max(1_000).optional())
    .describe('head-end: a node (nd_code), technical site (st_code) or technical point (pt_code) code, repeatable; default: the NRO technical sites'),
  name: z.string().min(1).max(200).optional().describe('name of the topology; default "GraceTHD delivery"'),
  snapToleranceM: fromQuery(snapToleranceM).describe('snap an empty or unknown pathway end to the nearest node within this distance (default 10 m)'),
  endToleranceM: fromQuery(endToleranceM).describe('report a pathway end farther than this from its node (default 1 m)'),
});

/** The data-quality report of an import (the `report` of `import gracethd --json`). */
const ImportReport = z.looseObject({
  source: z.literal('GraceTHD'),
  counts: z.looseObject({}),
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
