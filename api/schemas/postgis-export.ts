import { z } from 'zod';
import { PlanBody } from '../../src/requests/plan.js';
import { NetworkQuery } from './common.js';
import { named } from './registry.js';

/** The network analysed: the query string of the other analysis routes (no `f`: the answer is JSON). */
export const PostgisExportQuery = NetworkQuery.strict();

/** `POST /v1/topologies/{id}/exports/postgis`: the schema of the server's results database, and a plan when a budget is given. */
export const PostgisExportBody = named('PostgisExportBody', z.strictObject({
  schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/, 'expected a schema name: letters, digits, _ and $, not starting with a digit')
    .describe('the schema of the server’s results database the tables are written in (created if absent; the tables fibre-resilience wrote there before are replaced, in one transaction)'),
  plan: PlanBody.optional().describe('a plan under a budget (the body of POST …/plans), written as the `plan` table; without it, no plan table (and that of an earlier export is dropped)'),
}), 'Where to write the result tables, and the plan to write with them.');

/** What was written (`export postgis --json`). */
export const PostgisExportAnswer = named('PostgisExport', z.object({
  database: z.string().describe('the server’s results database, named without its address'),
  schema: z.string(),
  tables: z.array(z.object({
    name: z.string().describe('nros, critical_sections, section_saturation, cuts, plan'),
    rows: z.number().int(),
    geometry: z.string().describe('the geometry type of its columns geom_2154 (EPSG:2154) and geom_4326 (EPSG:4326)'),
  })),
  dropped: z.array(z.string()).describe('tables of an earlier export dropped: the plan, without a budget'),
  ms: z.object({ compute: z.number(), write: z.number() }).describe('milliseconds computing the results, and writing them'),
}), 'The result tables written to PostGIS, for QGIS to open from its PostgreSQL connection (docs/postgis.md).');
