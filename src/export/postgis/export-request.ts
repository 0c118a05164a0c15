import { z } from 'zod';
import { connectPostgres, databaseError, postgresTarget } from '../../io/postgres-connection.js';
import { DatabaseError } from '../../model/errors.js';
import { NetworkRequest } from '../../requests/bounds.js';
import type { NetworkWorkspace } from '../../requests/network-workspace.js';
import { PlanBody, planRequest } from '../../requests/plan.js';
import { parseRequest } from '../../requests/request-error.js';
import { saturationOf } from '../../requests/saturation.js';
import { RESULT_TABLES, resultTables } from './result-tables.js';
import { writeResultTables } from './write-tables.js';

/** `export postgis`: the network analysed, and a plan when a budget is given. */
export const PostgisExportRequest = z
  .strictObject({
    network: NetworkRequest.prefault({}),
    plan: PlanBody.optional().describe('a plan under a budget, written as the `plan` table (the options of `fibre-resilience plan`); without it, no plan table'),
  })
  .refine((r) => !(r.plan?.yearlyCapEur !== undefined && r.plan?.yearlyBudgetsEur !== undefined), {
    message: 'give a yearly cap or yearly budgets, not both',
    path: ['plan', 'yearlyBudgetsEur'],
  });
export type PostgisExportRequest = z.input<typeof PostgisExportRequest>;

/** How the export names its database in messages, and the fields of its errors. */
export interface PostgisExportOptions {
  /** Default the URL without its password. */
  label?: string;
  /** The field errors about the connection name. Default `url`. */
  field?: string;
  /** The field errors about the schema name. Default `url.schema`. */
  schemaField?: string;
}

/** What `export postgis` wrote (its `--json`). */
export interface PostgisExport {
  /** The database, named as `options.label` says (by default its URL without the password). */
  database: string;
  schema: string;
  /** Each table written: its rows and its geometry type (columns `geom_2154` and `geom_4326`). */
  tables: Array<{ name: string; rows: number; geometry: string }>;
  /** Tables of an earlier export dropped: the `plan` of an export without a budget. */
  dropped: string[];
  /** Milliseconds: computing the results, and writing them. */
  ms: { compute: number; write: number };
}

const since = (start: number) => Math.round(performance.now() - start);

/**
 * The results of a network written as PostGIS tables that QGIS opens from its PostgreSQL
 * connection (docs/postgis.md): `nros`, `critical_sections`, `section_saturation`, `cuts`, and
 * `plan` with `input.plan`, in the schema of `url` (`postgres://…?schema=results`, created if
 * absent), replaced in one transaction. The results are those of `analyse`, `saturation` and
 * `plan` for the same network.
 *
 * @throws RequestError for a request out of its bounds (fields `network.*`, `plan.*`);
 * DatabaseError for a URL without a schema, a database that cannot be reached or written, no
 * PostGIS, or a table of another origin in the way.
 * @example
 * const written = await postgisExportRequest(workspace, 'postgres://sig:secret@db/rip?schema=results', { plan: { budgetEur: 3_884_950, years: 3 } });
 * written.tables.map((t) => `${t.name}: ${t.rows}`);
 */
export async function postgisExportRequest(
  workspace: NetworkWorkspace,
  url: string,
  input: PostgisExportRequest,
  options: PostgisExportOptions = {},
): Promise<PostgisExport> {
  const request = parseRequest(PostgisExportRequest, input, 'export postgis');
  const field = options.field ?? 'url';
  const schemaField = options.schemaField ?? `${field}.schema`;
  const target = postgresTarget(url, field);
  const label = options.label ?? target.display;
  const relabel = (error: unknown) =>
    error instanceof DatabaseError && options.label !== undefined ? new DatabaseError(error.field, error.message.replaceAll(target.display, options.label), error.code) : error;
  const schema = target.schema;
  if (schema === undefined) throw new DatabaseError(schemaField, `${label}: name the schema to write the tables in: …?schema=NAME (created if absent)`, '3F000');

  const started = performance.now();
  const loaded = workspace.network(request.network);
  const report = loaded.report();
  const saturation = saturationOf(loaded);
  const plan = request.plan ? await planRequest(workspace, { ...request.plan, network: request.network }) : undefined;
  const tables = resultTables({ topology: workspace.topology, report, saturation, plan });
  const compute = since(started);

  const writing = performance.now();
  const network = request.network;
  const provenance =
    `Topology «${workspace.topology.name}»; head-ends ${report.headends.join(', ') || 'none'}` +
    `${network.includePlanned ? '; planned sites and sections included' : ''}${network.withLinks.length ? `; with links ${network.withLinks.join(', ')}` : ''}; ` +
    `exported by fibre-resilience on ${new Date().toISOString().slice(0, 19)}Z`;
  try {
    const pool = await connectPostgres(target, field, { max: 1 });
    try {
      const client = await pool.connect();
      try {
        const written = await writeResultTables(client, schema, tables, { drop: RESULT_TABLES.filter((n) => !tables.some((t) => t.name === n)), provenance, label, field: schemaField });
        return { database: label, schema, ...written, ms: { compute, write: since(writing) } };
      } finally {
        client.release();
      }
    } finally {
      await pool.end().catch(() => undefined);
    }
  } catch (error) {
    throw relabel(error instanceof DatabaseError ? error : databaseError(error, target, field));
  }
}
