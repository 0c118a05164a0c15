import type { Geometry } from 'geojson';
import type pg from 'pg';
import wkx from 'wkx';
import { connectPostgres, databaseError, type PostgresTarget, postgresTarget } from '../../io/postgres-connection.js';
import { DatabaseError, TopologyError } from '../../model/errors.js';
import { IMPORT_PHASES, type ImportOptions, type ImportResult, importGracethdTables } from './import-gracethd.js';
import { FindingCollector } from './quality-report.js';
import { KNOWN_TABLES } from './read-delivery.js';
import { Deadline, formatBytes, limitError, type ReadLimits, readLimits } from './read-limits.js';
import { parseWkt, positions } from './read-shapes.js';
import { clean } from './read-tables.js';
import { importError, type Row, type Table, type Tables, type XY } from './tables.js';
import { MAPPINGS, requiredTables } from './versions/index.js';

/**
 * A GraceTHD delivery read in place from a PostgreSQL/PostGIS schema (as `ogr2ogr -f PostgreSQL`
 * loads one, or a GraceTHD database): the tables of `KNOWN_TABLES` become the same `Tables` as
 * a folder's SHP/CSV or a GeoPackage's, so that the version detection, the mapping and the
 * data-quality report are those of every container (docs/postgis.md).
 */

/** The relations read: tables, partitioned tables, views, materialised views, foreign tables. */
const RELATION_KINDS = ['r', 'p', 'v', 'm', 'f'];
const INTEGER_TYPES = new Set(['int2', 'int4', 'int8']);
const GEOMETRY_TYPES = new Set(['geometry', 'geography']);
const LAMBERT_93 = 2154;
/** Rows fetched from the server at a time. */
const BATCH_ROWS = 1000;
/** The tables a delivery cannot do without, in every version (t_noeud, t_cheminement). */
const REQUIRED: readonly string[] = [...new Set(Object.values(MAPPINGS).flatMap((m) => requiredTables(m)))];
/** Names of a geometry column given as WKT text, as in a CSV (read-delivery.ts). */
const WKT_FIELDS = [...new Set([...Object.values(MAPPINGS).flatMap((m) => m.geometryColumns), 'geom', 'wkt', 'the_geom', 'geometry'])];
/** The geometry columns preferred when a table has several: the mappings' (`geom`), then GDAL's and shp2pgsql's. */
const GEOMETRY_NAMES = [...new Set([...Object.values(MAPPINGS).flatMap((m) => m.geometryColumns), 'wkb_geometry', 'the_geom'])];
/** Schema names: plain SQL identifiers, as `postgresTarget` takes them. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;

export interface PostgisReadOptions {
  /** Bounds (see `ReadLimits`): `maxEntries` on the relations of the schemas, `maxEntryBytes` on the values read from one table, `maxTotalBytes` on all, `maxLineBytes` on one row, `deadlineMs` on time. */
  limits?: Partial<ReadLimits>;
  /** The deadline of the whole import; default one of `limits.deadlineMs` from now. */
  deadline?: Deadline;
  /** How messages name the database. Default `the database`. */
  label?: string;
  /** The field that errors about the schema name. Default `schema`. */
  schemaField?: string;
}

/**
 * Reads the tables of `KNOWN_TABLES` from `schemas` of a connected database, in one read-only
 * snapshot (`REPEATABLE READ READ ONLY`): nothing is written, and every table is read as of the
 * same moment. A table is looked for in each schema in turn (as a `search_path`: the official
 * GraceTHD v3 database splits its tables over `gracethd_reseau_optique`, `gracethd_commun`…);
 * names are matched without regard to case, two relations of one name in a schema are refused.
 *
 * Rows come in the order of the table's primary key (ogr2ogr's `ogc_fid`: the order of the
 * file it loaded), else in their physical order. Every column is read as text, as from a
 * shapefile: field names lower-cased, values trimmed, null when empty; `numeric` and `float8`
 * as JavaScript writes the number (`25.0000000000` → `25`), `bytea` in hexadecimal, dates in ISO.
 * A single integer primary key (`ogc_fid`, `gid`, `fid`) and the geometry columns are not fields.
 *
 * The geometry column (`geom`, else `wkb_geometry`, else the first `geometry`/`geography`) gives
 * the positions in Lambert-93: read as WKB, 2D, curves as lines; a geometry stored in another
 * SRID is transformed by PostGIS (`ST_Transform` to 2154) and the report says so (`unexpected-crs`,
 * info, naming the SRID); one of SRID 0 is taken as Lambert-93 (`unexpected-crs`, warning). A
 * table without one but with a WKT column `geom` (a CSV loaded as text) is read as the CSV.
 *
 * @throws DatabaseError for a schema that does not exist or a query the server refuses (the
 * table named); TopologyError `missing-table` naming the schemas when they hold no t_noeud or
 * no t_cheminement, and the bound errors (`too-many-entries`, `too-large`, `line-too-long`,
 * `deadline-exceeded`).
 * @example
 * const client = await pool.connect();
 * const tables = await readPostgisTables(client, ['gracethd'], new FindingCollector());
 * tables.t_noeud?.rows.length;
 */
export async function readPostgisTables(
  client: pg.ClientBase,
  schemas: readonly string[],
  findings: FindingCollector,
  options: PostgisReadOptions = {},
): Promise<Tables> {
  const limits = readLimits(options.limits);
  const deadline = options.deadline ?? new Deadline(limits.deadlineMs);
  const reader = new SchemaReader(client, findings, limits, deadline, options.label ?? 'the database', options.schemaField ?? 'schema');
  // Each statement is bounded by the deadline too, so that a table locked by a load in progress, or a slow server, stops in time.
  const settings = [`statement_timeout = ${Math.max(1, Math.ceil(limits.deadlineMs))}`, "DateStyle = 'ISO, YMD'", 'extra_float_digits = 1', "bytea_output = 'hex'"];
  try {
    await client.query(`BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; ${settings.map((s) => `SET LOCAL ${s}`).join('; ')}`);
    return await reader.read(schemas);
  } finally {
    await client.query('ROLLBACK').catch(() => undefined);
  }
}

interface Relation {
  oid: string;
  name: string;
  kind: string;
  schema: string;
}

interface Column {
  name: string;
  /** The base type name (`text`, `numeric`, `geometry`…; a domain's base type). */
  type: string;
}

class SchemaReader {
  private total = 0;
  private cursors = 0;
  private postgis: string | null | undefined;

  constructor(
    private readonly client: pg.ClientBase,
    private readonly findings: FindingCollector,
    private readonly limits: ReadLimits,
    private readonly deadline: Deadline,
    private readonly label: string,
    private readonly schemaField: string,
  ) {}

  async read(schemas: readonly string[]): Promise<Tables> {
    const { found, all } = await this.relations(schemas);
    const where = `schema${schemas.length > 1 ? 's' : ''} ${schemas.map((s) => `"${s}"`).join(', ')} of ${this.label}`;
    const missing = REQUIRED.filter((name) => !found.has(name));
    if (missing.length > 0) {
      const held = [...found.keys()];
      const holds = all.length === 0 ? 'it holds no table' : `it holds: ${all.slice(0, 20).join(', ')}${all.length > 20 ? `, … (${all.length})` : ''}`;
      throw importError(
        `${where} ${missing.length === REQUIRED.length ? `holds neither ${REQUIRED.join(' nor ')}: not a GraceTHD schema` : `holds no ${missing.join(', ')}`} ` +
          `(a GraceTHD delivery needs ${REQUIRED.join(' and ')}); ${held.length ? `GraceTHD tables found: ${held.join(', ')}` : holds}`,
        'missing-table',
        { path: schemas.join(','), id: missing[0] },
      );
    }
    const columns = await this.columns([...found.values()]);
    const keys = await this.primaryKeys([...found.values()]);
    const tables: Tables = {};
    for (const name of KNOWN_TABLES) {
      const relation = found.get(name);
      if (!relation) continue;
      await this.deadline.pace(`${relation.schema}.${relation.name}`);
      tables[name] = await this.table(name, relation, columns.get(relation.oid) ?? [], keys.get(relation.oid) ?? []);
    }
    return tables;
  }

  /** The known tables of the schemas, first schema first, by lower-case name, and the names of all their relations; the bound on them. */
  private async relations(schemas: readonly string[]): Promise<{ found: Map<string, Relation>; all: string[] }> {
    const namespaces = await this.query<{ oid: string; nspname: string }>('SELECT oid::text AS oid, nspname FROM pg_catalog.pg_namespace WHERE lower(nspname) = ANY($1)', [
      schemas.map((s) => s.toLowerCase()),
    ]);
    const known = new Set(KNOWN_TABLES);
    const found = new Map<string, Relation>();
    const all: string[] = [];
    let count = 0;
    for (const schema of schemas) {
      const matches = namespaces.filter((n) => n.nspname.toLowerCase() === schema.toLowerCase());
      const namespace = matches.find((n) => n.nspname === schema) ?? (matches.length === 1 ? matches[0] : undefined);
      if (!namespace) {
        const names = await this.query<{ nspname: string }>(
          "SELECT nspname FROM pg_catalog.pg_namespace WHERE nspname !~ '^pg_' AND nspname <> 'information_schema' ORDER BY nspname LIMIT 21",
        );
        const list = names.slice(0, 20).map((n) => n.nspname).join(', ') + (names.length > 20 ? ', …' : '');
        const why = matches.length > 1 ? `is ambiguous: ${matches.map((m) => `"${m.nspname}"`).join(', ')} differ only by case` : 'does not exist';
        throw new DatabaseError(this.schemaField, `${this.label}: schema "${schema}" ${why} (schemas: ${list || 'none'})`, '3F000');
      }
      const relations = await this.query<{ oid: string; relname: string; relkind: string }>(
        'SELECT oid::text AS oid, relname, relkind FROM pg_catalog.pg_class WHERE relnamespace = $1::oid AND relkind = ANY($2) ORDER BY relname',
        [namespace.oid, RELATION_KINDS],
      );
      count += relations.length;
      if (count > this.limits.maxEntries) {
        throw limitError(`schema "${namespace.nspname}" of ${this.label} holds over ${this.limits.maxEntries} tables and views (maxEntries)`, 'too-many-entries', namespace.nspname, 'maxEntries');
      }
      const here = new Map<string, Relation>();
      all.push(...relations.map((r) => (schemas.length > 1 ? `${namespace.nspname}.${r.relname}` : r.relname)));
      for (const r of relations) {
        const name = r.relname.toLowerCase();
        if (!known.has(name)) continue;
        const previous = here.get(name);
        if (previous) throw importError(`${name} appears twice in schema "${namespace.nspname}" (${previous.name}, ${r.relname}): give the tables of one delivery`, 'invalid-delivery', { path: namespace.nspname });
        here.set(name, { oid: r.oid, name: r.relname, kind: r.relkind, schema: namespace.nspname });
      }
      for (const [name, relation] of here) if (!found.has(name)) found.set(name, relation);
    }
    return { found, all };
  }

  private async columns(relations: readonly Relation[]): Promise<Map<string, Column[]>> {
    const rows = await this.query<{ relation: string; name: string; type: string }>(
      `SELECT a.attrelid::text AS relation, a.attname AS name, coalesce(b.typname, t.typname) AS type
         FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
         LEFT JOIN pg_catalog.pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
        WHERE a.attrelid = ANY($1::oid[]) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attrelid, a.attnum`,
      [relations.map((r) => r.oid)],
    );
    const byRelation = new Map<string, Column[]>();
    for (const row of rows) {
      const list = byRelation.get(row.relation) ?? [];
      list.push({ name: row.name, type: row.type });
      byRelation.set(row.relation, list);
    }
    return byRelation;
  }

  private async primaryKeys(relations: readonly Relation[]): Promise<Map<string, string[]>> {
    const rows = await this.query<{ relation: string; columns: string[] }>(
      `SELECT i.indrelid::text AS relation, array_agg(a.attname::text ORDER BY k.ord) AS columns
         FROM pg_catalog.pg_index i CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
         JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
        WHERE i.indisprimary AND i.indrelid = ANY($1::oid[]) GROUP BY i.indrelid`,
      [relations.map((r) => r.oid)],
    );
    return new Map(rows.map((r) => [r.relation, r.columns]));
  }

  /** The schema holding PostGIS's functions, looked up once; null without PostGIS. */
  private async postgisSchema(): Promise<string | null> {
    if (this.postgis === undefined) {
      const rows = await this.query<{ nspname: string }>(
        "SELECT n.nspname FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'postgis'",
      );
      this.postgis = rows[0]?.nspname ?? null;
    }
    return this.postgis;
  }

  private async table(name: string, relation: Relation, columns: readonly Column[], primaryKey: readonly string[]): Promise<Table> {
    const where = `${relation.schema}.${relation.name}`;
    const geometries = columns.filter((c) => GEOMETRY_TYPES.has(c.type));
    const geometry = GEOMETRY_NAMES.map((n) => geometries.find((c) => c.name.toLowerCase() === n)).find((c) => c !== undefined) ?? geometries[0];
    const keyColumn = primaryKey.length === 1 ? columns.find((c) => c.name === primaryKey[0] && INTEGER_TYPES.has(c.type)) : undefined;
    const fields = columns.filter((c) => c !== keyColumn && !GEOMETRY_TYPES.has(c.type));
    const keys = fields.map((c) => c.name.toLowerCase());
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    if (twice !== undefined) {
      const names = fields.filter((c) => c.name.toLowerCase() === twice).map((c) => `"${c.name}"`);
      throw importError(`${where}: columns ${names.join(' and ')} are one GraceTHD field (${twice}): rename one`, 'invalid-delivery', { path: name, id: twice });
    }
    const selected = fields.map((c) => `${quote(c.name)}::text`);
    const postgis = geometry ? await this.postgisSchema() : null;
    if (geometry && postgis) {
      const st = (fn: string) => `${quote(postgis)}.${fn}`;
      const g = geometry.type === 'geography' ? `${quote(geometry.name)}::${quote(postgis)}.geometry` : quote(geometry.name);
      const lines = `CASE WHEN ${st('ST_HasArc')}(${g}) THEN ${st('ST_CurveToLine')}(${g}) ELSE ${g} END`;
      const lambert = `CASE WHEN ${st('ST_SRID')}(${g}) IN (0, ${LAMBERT_93}) THEN ${lines} ELSE ${st('ST_Transform')}(${lines}, ${LAMBERT_93}) END`;
      selected.push(`${st('ST_SRID')}(${g})`, `CASE WHEN ${g} IS NULL OR ${st('ST_IsEmpty')}(${g}) THEN NULL ELSE ${st('ST_AsBinary')}(${st('ST_Force2D')}(${lambert})) END`);
    }
    const order = primaryKey.length > 0 ? primaryKey.map(quote).join(', ') : relation.kind === 'r' || relation.kind === 'm' ? 'ctid' : undefined;
    const sql = `SELECT ${selected.join(', ') || 'NULL'} FROM ${quote(relation.schema)}.${quote(relation.name)}${order ? ` ORDER BY ${order}` : ''}`;

    const rows: Row[] = [];
    const shapes: Array<XY[] | null> = [];
    const srids = new Map<number, number>();
    let tableBytes = 0;
    // A cursor per table, declared and first fetched in one round trip; the transaction's end closes them all.
    const cursor = `fibre_gracethd_${++this.cursors}`;
    const fetch = `FETCH FORWARD ${BATCH_ROWS} FROM ${cursor}`;
    for (let batch = await this.run(where, `DECLARE ${cursor} NO SCROLL CURSOR FOR ${sql}; ${fetch}`, true); ; batch = await this.run(where, fetch, true)) {
      this.deadline.check(where);
      for (const values of batch as unknown[][]) {
        const row: Row = {};
        let bytes = 0;
        for (let i = 0; i < fields.length; i++) {
          const text = values[i] as string | null;
          if (text !== null) bytes += Buffer.byteLength(text);
          row[keys[i]] = clean(asText(text, fields[i].type));
        }
        if (geometry && postgis) {
          const srid = values[fields.length] as number | null;
          const wkb = values[fields.length + 1] as Buffer | null;
          if (srid !== null && wkb !== null) srids.set(srid, (srids.get(srid) ?? 0) + 1);
          bytes += wkb?.length ?? 0;
          const { points, parts } = positions(wkb ? geometryOf(wkb, where, rows.length) : null);
          if (parts > 1) this.multipart(name, row, rows.length);
          shapes.push(points);
        }
        tableBytes += bytes;
        this.count(where, name, rows.length, bytes, tableBytes);
        rows.push(row);
      }
      if (batch.length < BATCH_ROWS) break;
    }
    if (geometry && postgis) {
      await this.reportSrids(name, where, geometry.name, srids);
      return { file: where, rows, shapes };
    }
    const wkt = WKT_FIELDS.find((f) => rows.length > 0 && f in rows[0]);
    if (!wkt) return { file: where, rows };
    const parsed = rows.map((row, i) => {
      if (i % 1000 === 0) this.deadline.check(where);
      const { points, parts } = parseWkt(row[wkt]);
      if (parts > 1) this.multipart(name, row, i);
      return points;
    });
    return { file: where, rows, shapes: parsed };
  }

  /** Counts a row's bytes against the bounds: the row's, its table's, and all tables'. */
  private count(where: string, name: string, index: number, rowBytes: number, tableBytes: number): void {
    this.total += rowBytes;
    const { maxLineBytes, maxEntryBytes, maxTotalBytes } = this.limits;
    if (rowBytes > maxLineBytes) {
      throw limitError(`${where}, row ${index + 1}: holds over ${formatBytes(maxLineBytes)} (maxLineBytes): not a GraceTHD table`, 'line-too-long', name, 'maxLineBytes');
    }
    if (tableBytes > maxEntryBytes) throw limitError(`${where} holds over ${formatBytes(maxEntryBytes)} of values (maxEntryBytes)`, 'too-large', name, 'maxEntryBytes');
    if (this.total > maxTotalBytes) {
      throw limitError(`the tables read hold over ${formatBytes(maxTotalBytes)} of values (maxTotalBytes), passed at ${where}`, 'too-large', name, 'maxTotalBytes');
    }
  }

  private multipart(name: string, row: Row, index: number): void {
    this.findings.add('multipart-geometry', 'warning', name, 'geometry of several parts, joined end to end', { id: Object.values(row)[0] ?? `row ${index + 1}`, detail: '' });
  }

  /** Says in the report which SRIDs the geometries were stored in, when not Lambert-93. */
  private async reportSrids(name: string, where: string, column: string, srids: Map<number, number>): Promise<void> {
    const unknown = srids.get(0);
    if (unknown) {
      this.findings.add('unexpected-crs', 'warning', name, 'coordinates taken as Lambert-93 (EPSG:2154), as GraceTHD requires', {
        id: name,
        detail: `${where}.${column} has no SRID (0) on ${unknown} row(s)`,
      });
    }
    const others = [...srids.keys()].filter((s) => s !== 0 && s !== LAMBERT_93).sort((a, b) => a - b);
    if (others.length === 0) return;
    const postgis = (await this.postgisSchema())!;
    const names = await this.query<{ srid: number; auth: string | null }>(
      `SELECT srid, auth_name || ':' || auth_srid AS auth FROM ${quote(postgis)}.spatial_ref_sys WHERE srid = ANY($1)`,
      [others],
    );
    const auth = new Map(names.map((n) => [n.srid, n.auth]));
    for (const srid of others) {
      this.findings.add('unexpected-crs', 'info', name, 'coordinates transformed to Lambert-93 (EPSG:2154) by PostGIS (ST_Transform)', {
        id: name,
        detail: `${where}.${column} is stored in ${auth.get(srid) ?? 'an unnamed CRS'} (SRID ${srid}) on ${srids.get(srid)} row(s)`,
      });
    }
  }

  private async query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.run('the catalog', text, false, values)) as T[];
  }

  /** One statement (or, without values, several: the rows of the last); the server's errors in words, naming what was being read. */
  private async run(where: string, text: string, arrays = false, values: unknown[] = []): Promise<unknown[]> {
    try {
      const result: pg.QueryResult | pg.QueryResult[] = await this.client.query({ text, values, ...(arrays && { rowMode: 'array' as const }) });
      return Array.isArray(result) ? result[result.length - 1].rows : result.rows;
    } catch (error) {
      if ((error as { code?: string }).code === '57014') {
        throw limitError(`reading the schema took over ${this.limits.deadlineMs} ms (deadlineMs), stopped at ${where}`, 'deadline-exceeded', where, 'deadlineMs');
      }
      throw databaseError(error, { display: `${this.label} (${where})` } as PostgresTarget, this.schemaField);
    }
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A column's text as a shapefile or GeoPackage gives it: numbers as JavaScript writes them, bytes in hexadecimal. */
function asText(text: string | null, type: string): string | null {
  if (text === null) return null;
  if (type === 'float8' || (type === 'numeric' && /[.eE]/.test(text))) return String(Number(text));
  if (type === 'bytea') return text.startsWith('\\x') ? text.slice(2) : text;
  return text;
}

function geometryOf(wkb: Buffer, where: string, index: number): Geometry | null {
  try {
    return wkx.Geometry.parse(wkb).toGeoJSON() as Geometry;
  } catch (error) {
    throw importError(`${where}, row ${index + 1}: the geometry is no point nor line PostGIS can give as WKB (${(error as Error).message})`, 'invalid-delivery', { path: where, id: `row ${index + 1}` });
  }
}

/** How `importGracethdFromPostgres` names its database and the fields of its errors. */
export interface PostgresImportOptions extends ImportOptions {
  /** How messages name the database. Default the URL without its password and schema (the API names its own database without its address). */
  label?: string;
  /** The field errors about the connection name. Default `url`. */
  field?: string;
  /** The field errors about the schema name. Default `url.schema`. */
  schemaField?: string;
}

/**
 * The schemas a `postgres://…?schema=a,b` URL names, in order (also `&schema=a&schema=b`), and
 * the URL without them.
 *
 * @example
 * urlSchemas('postgres://me@db/rip?schema=gracethd_reseau_optique,gracethd_commun').schemas;
 * // ['gracethd_reseau_optique', 'gracethd_commun']
 */
export function urlSchemas(url: string, field = 'url'): { url: string; schemas: string[] } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, schemas: [] }; // postgresTarget says what is wrong with it
  }
  const schemas = parsed.searchParams.getAll('schema').flatMap((s) => s.split(',')).map((s) => s.trim()).filter(Boolean);
  const bad = schemas.find((s) => !IDENTIFIER.test(s));
  if (bad !== undefined) throw new DatabaseError(`${field}.schema`, `schema "${bad.slice(0, 100)}" is not a plain SQL identifier`);
  parsed.searchParams.delete('schema');
  return { url: parsed.toString(), schemas: [...new Set(schemas)] };
}

/**
 * Imports the GraceTHD delivery held in a schema of a PostgreSQL/PostGIS database, in place:
 * `postgres://user:password@host:port/database?schema=gracethd` (several schemas, comma
 * separated, are searched in turn). Its tables are read by `readPostgisTables` under
 * `options.limits` and go through the same version detection, mapping and data-quality report
 * as a folder's. The default name is `GraceTHD delivery DATABASE.SCHEMA`.
 *
 * @throws DatabaseError for a URL that is not one, a server that does not answer, refused
 * credentials, a database or schema that does not exist (never with the password); TopologyError
 * when the schema is not a GraceTHD one (`missing-table`, naming it) or passes a bound.
 * @example
 * const { topology, report } = await importGracethdFromPostgres('postgres://sig:secret@db/rip?schema=gracethd');
 */
export async function importGracethdFromPostgres(url: string, options: PostgresImportOptions = {}): Promise<ImportResult> {
  const { label: named, field = 'url', schemaField = `${field}.schema`, ...importOptions } = options;
  const { url: bare, schemas } = urlSchemas(url, field);
  const target = postgresTarget(bare, field);
  const label = named ?? target.display;
  const relabel = (error: unknown) =>
    error instanceof DatabaseError && named !== undefined ? new DatabaseError(error.field, error.message.replaceAll(target.display, named), error.code) : error;
  if (schemas.length === 0) {
    throw new DatabaseError(schemaField, `${label}: name the schema that holds the GraceTHD tables: …?schema=NAME (several: ?schema=A,B)`, '3F000');
  }
  const limits = readLimits(importOptions.limits);
  const deadline = new Deadline(limits.deadlineMs);
  const findings = new FindingCollector();
  const start = performance.now();
  let tables: Tables;
  try {
    const pool = await connectPostgres(target, field, { max: 1 });
    try {
      const client = await pool.connect();
      try {
        tables = await readPostgisTables(client, schemas, findings, { limits, deadline, label, schemaField });
      } finally {
        client.release();
      }
    } finally {
      await pool.end().catch(() => undefined);
    }
  } catch (error) {
    if (error instanceof TopologyError) throw error;
    throw relabel(error instanceof DatabaseError ? error : databaseError(error, target, field));
  }
  if (IMPORT_PHASES.hasSubscribers) IMPORT_PHASES.publish({ phase: 'parse', ms: performance.now() - start });
  const database = decodeURIComponent(new URL(bare).pathname.slice(1));
  return importGracethdTables(tables, { ...importOptions, name: importOptions.name ?? `GraceTHD delivery ${database}.${schemas.join(',')}` }, findings);
}
