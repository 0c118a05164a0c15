import pg from 'pg';
import { DatabaseError } from '../model/errors.js';

/** A `postgres://` URL read: what to connect to, and the `schema` parameter when given. */
export interface PostgresTarget {
  /** The URL without its `schema` parameter, for the client. */
  connectionString: string;
  /** The URL with the password hidden, for messages and logs. */
  display: string;
  /** `?schema=…`, when given. */
  schema?: string;
}

/**
 * Reads a `postgres://user:password@host:port/database?schema=name` URL (or `postgresql://`).
 * Throws a `DatabaseError` naming `field` when it is not one.
 *
 * @example
 * postgresTarget('postgres://me:secret@db:5432/rip?schema=gracethd').schema; // 'gracethd'
 * postgresTarget('postgres://me:secret@db:5432/rip').display; // 'postgres://me:***@db:5432/rip'
 */
export function postgresTarget(url: string, field = 'url'): PostgresTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseError(field, `"${url.slice(0, 200).replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@')}" is not a postgres:// URL`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new DatabaseError(field, `expected a postgres:// URL, got ${parsed.protocol}//…`);
  if (!parsed.pathname || parsed.pathname === '/') throw new DatabaseError(field, 'the URL names no database (postgres://user:password@host:port/DATABASE)');
  const schema = parsed.searchParams.get('schema') ?? undefined;
  if (schema !== undefined && !/^[A-Za-z_][A-Za-z0-9_$]{0,62}$/.test(schema)) throw new DatabaseError(`${field}.schema`, `schema "${schema.slice(0, 100)}" is not a plain SQL identifier`);
  parsed.searchParams.delete('schema');
  const connectionString = parsed.toString();
  const display = parsed.password ? connectionString.replace(`:${parsed.password}@`, ':***@') : connectionString;
  return { connectionString, display, ...(schema !== undefined && { schema }) };
}

/**
 * A pool on the database of a URL, checked by one connection before it is returned: an
 * unreachable server, refused credentials or a missing database throw a `DatabaseError` that
 * says which, naming `field`. The caller ends the pool.
 *
 * @example
 * const pool = await connectPostgres(postgresTarget(process.env.FIBRE_DATABASE_URL!, 'FIBRE_DATABASE_URL'));
 * try { await pool.query('select 1'); } finally { await pool.end(); }
 */
export async function connectPostgres(target: PostgresTarget, field = 'url', options: { max?: number; connectTimeoutMs?: number } = {}): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: target.connectionString, max: options.max ?? 4, connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000 });
  // An idle client losing its server must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw databaseError(error, target, field);
  }
}

/**
 * A driver or server error in words a user acts on, as a `DatabaseError` naming `field`.
 *
 * @example
 * databaseError({ code: '28P01' }, target, 'FIBRE_DATABASE_URL').message;
 * // 'postgres://me:***@db/rip: password authentication refused (check the user and password)'
 */
export function databaseError(error: unknown, target: PostgresTarget, field: string): DatabaseError {
  if (error instanceof DatabaseError) return error;
  const code = (error as { code?: string } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const why = ((): string => {
    switch (code) {
      case 'ECONNREFUSED':
        return 'no server answers at this host and port (is PostgreSQL running?)';
      case 'ENOTFOUND':
      case 'EAI_AGAIN':
        return 'the host name is unknown';
      case 'ETIMEDOUT':
        return 'the server did not answer in time';
      case '28P01':
      case '28000':
        return 'password authentication refused (check the user and password)';
      case '3D000':
        return 'the database does not exist';
      case '3F000':
        return 'the schema does not exist';
      case '42P01':
        return `a table is missing (${message})`;
      case '42501':
        return `permission denied (${message})`;
      default:
        return /timeout/i.test(message) ? 'the server did not answer in time' : message;
    }
  })();
  return new DatabaseError(field, `${target.display}: ${why}`, code);
}
