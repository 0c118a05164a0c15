import type pg from 'pg';
import { databaseError, type PostgresTarget } from '../../io/postgres-connection.js';
import { DatabaseError } from '../../model/errors.js';
import { GEOMETRY_COLUMNS, type ResultTable } from './result-table.js';

/** Every table comment this exporter writes starts so: only tables that carry it are ever replaced. */
export const TABLE_MARK = 'fibre-resilience:';
/** Rows sent to the server per INSERT. */
const BATCH_ROWS = 5_000;

export interface WriteTablesOptions {
  /** Tables of an earlier export to drop if they are there (the `plan` of an export without a budget). */
  drop?: readonly string[];
  /** Appended to each table's comment: what was analysed, and when. */
  provenance?: string;
  /** How messages name the database. Default `the database`. */
  label?: string;
  /** The field errors name. Default `schema`. */
  field?: string;
}

/** What was written. */
export interface WrittenTables {
  tables: Array<{ name: string; rows: number; geometry: string }>;
  /** Tables of an earlier export dropped (`options.drop` found there). */
  dropped: string[];
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Writes result tables into `schema` (created if absent), all in one transaction: every table
 * is dropped and created again with its columns, a primary key, `geom_2154` and `geom_4326`
 * columns of its one geometry type (`geometry(Point, 2154)`…, the second one `ST_Transform`ed by
 * PostGIS from the first: the rows carry WGS84), a GIST index on each, the table's and
 * columns' comments (statistics are left to autovacuum). Readers see the old tables or the new ones,
 * never a mix; two exports to one schema wait for each other. A table of the same name that
 * this exporter did not write (its comment does not start with `fibre-resilience:`) is never
 * dropped: the export stops and says so.
 *
 * @throws DatabaseError when PostGIS is missing, the schema cannot be created or written (the
 * server's words), or a table of another origin is in the way.
 * @example
 * const client = await pool.connect();
 * await writeResultTables(client, 'results', resultTables(sources), { drop: ['plan'] });
 */
export async function writeResultTables(client: pg.ClientBase, schema: string, tables: readonly ResultTable[], options: WriteTablesOptions = {}): Promise<WrittenTables> {
  const label = options.label ?? 'the database';
  const field = options.field ?? 'schema';
  const run = async (text: string, values: unknown[] = []) => {
    try {
      return await client.query({ text, values });
    } catch (error) {
      throw databaseError(error, { display: `${label} (schema "${schema}")` } as PostgresTarget, field);
    }
  };
  await run('BEGIN; SET LOCAL standard_conforming_strings = on');
  try {
    const postgis = (await run("SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'")).rows[0]?.nspname as string | undefined;
    if (postgis === undefined) throw new DatabaseError(field, `${label}: PostGIS is not installed in this database (CREATE EXTENSION postgis, as its owner)`);
    const pgis = quote(postgis);
    await run('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`fibre-resilience export ${schema}`]);
    await run(`CREATE SCHEMA IF NOT EXISTS ${quote(schema)}`);
    const names = [...tables.map((t) => t.name), ...(options.drop ?? [])];
    const existing = (await run(
      `SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') AS comment FROM pg_catalog.pg_class c
        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2)`,
      [schema, names],
    )).rows as Array<{ relname: string; relkind: string; comment: string | null }>;
    for (const r of existing) {
      if (r.relkind === 'r' && r.comment?.startsWith(TABLE_MARK)) continue;
      const what = r.relkind === 'v' ? 'a view' : r.relkind === 'r' ? 'a table' : 'a relation';
      throw new DatabaseError(field, `${label}: schema "${schema}" holds ${what} "${r.relname}" that fibre-resilience did not write: export to another schema, or drop it first`, '42P07');
    }
    const dropped = existing.map((r) => r.relname).filter((n) => options.drop?.includes(n) && !tables.some((t) => t.name === n));
    await run(names.map((name) => `DROP TABLE IF EXISTS ${quote(schema)}.${quote(name)}`).join(';\n'));
    const written: WrittenTables['tables'] = [];
    for (const table of tables) {
      const target = `${quote(schema)}.${quote(table.name)}`;
      const keys = new Set(table.key);
      const columns = table.columns.map((c) => `${quote(c.name)} ${c.type}${keys.has(c.name) ? ' NOT NULL' : ''}`);
      const geometries = GEOMETRY_COLUMNS.map((g) => `${quote(g.name)} ${pgis}.geometry(${table.geometry}, ${g.srid})`);
      await run(`CREATE TABLE ${target} (${[...columns, ...geometries, `PRIMARY KEY (${table.key.map(quote).join(', ')})`].join(', ')})`);
      const record = [...table.columns.map((c) => `${quote(c.name)} ${c.type}`), '"geometry" json'].join(', ');
      const list = table.columns.map((c) => quote(c.name)).join(', ');
      const insert =
        `INSERT INTO ${target} (${list}, "geom_2154", "geom_4326") SELECT ${list}, ${pgis}.ST_Transform(g, 2154), g FROM ` +
        `(SELECT r.*, ${pgis}.ST_SetSRID(${pgis}.ST_GeomFromGeoJSON(r."geometry"::text), 4326) AS g FROM json_to_recordset($1::json) AS r(${record})) AS x`;
      for (let i = 0; i < table.rows.length; i += BATCH_ROWS) {
        const batch = table.rows.slice(i, i + BATCH_ROWS).map((row) => ({ ...row.values, geometry: row.geometry }));
        await run(insert, [JSON.stringify(batch)]);
      }
      // The indexes and comments in one round trip (statements without parameters).
      await run([
        ...GEOMETRY_COLUMNS.map((g) => `CREATE INDEX ${quote(`${table.name}_${g.name}_gist`)} ON ${target} USING gist (${quote(g.name)})`),
        `COMMENT ON TABLE ${target} IS ${literal(`${TABLE_MARK} ${table.comment}${options.provenance ? `. ${options.provenance}` : ''}`)}`,
        ...table.columns.map((c) => `COMMENT ON COLUMN ${target}.${quote(c.name)} IS ${literal(c.comment)}`),
        ...GEOMETRY_COLUMNS.map((g) => `COMMENT ON COLUMN ${target}.${quote(g.name)} IS ${literal(`the ${table.geometry} in EPSG:${g.srid} (${g.srid === 2154 ? 'RGF93 / Lambert-93' : 'WGS 84'})`)}`),
      ].join(';\n'));
      written.push({ name: table.name, rows: table.rows.length, geometry: table.geometry });
    }
    await run('COMMIT');
    return { tables: written, dropped };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** A string as an SQL literal (COMMENT takes no parameter). */
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
