import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where Debian puts PostgreSQL 15's server programs (package postgresql-15). */
export const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server of the tests' own: a temporary cluster on a free port, stopped and removed by `stop`. */
export interface TestPostgres {
  /** `postgres://fibre:<password>@127.0.0.1:<port>/fibre`: the database `fibre`, PostGIS installed in it. */
  url: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** The URL of another database of the same server, created empty (PostGIS installed) on first ask. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server at once (`immediate`) and removes its folder. */
  stop(): Promise<void>;
}

/** Whether the machine has PostgreSQL 15 and PostGIS 3 (`.ci/run` installs both). */
export async function hasPostgres(): Promise<boolean> {
  try {
    await run(join(PG_BIN, 'pg_ctl'), ['--version']);
    await run('test', ['-e', '/usr/share/postgresql/15/extension/postgis.control']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a PostgreSQL 15 server on a temporary data folder and a free port, password
 * authentication (scram-sha-256) on TCP, with a database `fibre` holding PostGIS. As root (CI),
 * the server runs as the `postgres` user, as initdb refuses root.
 *
 * @example
 * const pg = await startPostgres();
 * try { … new pg.Client(pg.url) … } finally { await pg.stop(); }
 */
export async function startPostgres(): Promise<TestPostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'fibre-pg-'));
  const dataDir = join(dir, 'data');
  const user = 'fibre';
  const password = 'fibre-test-password';
  const database = 'fibre';
  const passwordFile = join(dir, 'password');
  writeFileSync(passwordFile, `${password}\n`);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const uid = Number(stdout.trim());
    const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
    chownSync(dir, uid, gid);
    chownSync(passwordFile, uid, gid);
  }
  const pg = (program: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(PG_BIN, program), ...args]) : run(join(PG_BIN, program), args);
  await pg('initdb', ['-D', dataDir, '-U', user, `--pwfile=${passwordFile}`, '--auth=scram-sha-256', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  await pg('pg_ctl', ['-D', dataDir, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`, 'start']);
  const env = { ...process.env, PGPASSWORD: password };
  const psql = (db: string, sql: string) =>
    run(join(PG_BIN, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, '-d', db, '-v', 'ON_ERROR_STOP=1', '-q', '-c', sql], { env });
  const urlOf = (db: string) => `postgres://${user}:${password}@127.0.0.1:${port}/${db}`;
  const created = new Set<string>();
  const createDatabase = async (name: string) => {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`startPostgres: database name "${name}" must be lower-case letters, digits and _`);
    if (!created.has(name)) {
      await psql('postgres', `CREATE DATABASE ${name}`);
      await psql(name, 'CREATE EXTENSION postgis');
      created.add(name);
    }
    return urlOf(name);
  };
  try {
    await createDatabase(database);
  } catch (error) {
    await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop']).catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: urlOf(database),
    port,
    user,
    password,
    database,
    createDatabase,
    async stop() {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A TCP port free on 127.0.0.1 right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
