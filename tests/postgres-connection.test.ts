import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres, postgresTarget } from '../src/io/postgres-connection.js';
import { DatabaseError } from '../src/model/errors.js';
import { startPostgres, type TestPostgres } from './support/postgres.js';

describe('postgres:// URLs', () => {
  it('reads the schema parameter and hides the password', () => {
    const target = postgresTarget('postgres://me:secret@db.example:5432/rip?schema=gracethd&sslmode=disable');
    expect(target.schema).toBe('gracethd');
    expect(target.connectionString).toBe('postgres://me:secret@db.example:5432/rip?sslmode=disable');
    expect(target.display).toBe('postgres://me:***@db.example:5432/rip?sslmode=disable');
  });

  it('names the field of what is not a database URL', () => {
    for (const [url, field, words] of [
      ['topology/somme.json', 'url', /not a postgres/],
      ['mysql://me@db/rip', 'url', /expected a postgres/],
      ['postgres://me@db', 'url', /names no database/],
      ['postgres://me@db/rip?schema=a;drop', 'url.schema', /not a plain SQL identifier/],
      // A typo in the scheme: the message repeats the URL, but never its password.
      ['postgres//me:secret@db/rip', 'url', /"postgres\/\/me:\*\*\*@db\/rip" is not a postgres/],
    ] as const) {
      const error = (() => { try { postgresTarget(url); } catch (e) { return e; } })();
      expect(error, url).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).field).toBe(field);
      expect((error as DatabaseError).message).toMatch(words);
    }
  });
});

describe('connecting to a real PostgreSQL', () => {
  let pg: TestPostgres;
  beforeAll(async () => { pg = await startPostgres(); });
  afterAll(async () => pg?.stop());

  it('connects, and says in words why it cannot', async () => {
    const pool = await connectPostgres(postgresTarget(pg.url));
    expect((await pool.query('select postgis_lib_version() as v')).rows[0].v).toMatch(/^3\./);
    await pool.end();
    const failures: Array<[string, RegExp]> = [
      [pg.url.replace(pg.password, 'wrong'), /password authentication refused/],
      [pg.url.replace(new RegExp(`/${pg.database}$`), '/nowhere'), /database does not exist/],
      [pg.url.replace(`:${pg.port}/`, `:${pg.port === 1 ? 2 : 1}/`), /no server answers/],
    ];
    for (const [url, words] of failures) {
      const error = await connectPostgres(postgresTarget(url, 'FIBRE_DATABASE_URL'), 'FIBRE_DATABASE_URL').catch((e) => e);
      expect(error, url).toBeInstanceOf(DatabaseError);
      expect(error.field).toBe('FIBRE_DATABASE_URL');
      expect(error.message).toMatch(words);
      expect(error.message).not.toContain(pg.password);
    }
  });
});
