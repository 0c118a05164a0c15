import { createHash } from 'node:crypto';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Ack, killServers, putTopology, type ServerProcess, startServer as startServerProcess } from './support/server-process.js';
import { tempFolders } from './support/api.js';
import { hasPostgres, startPostgres, type TestPostgres } from './support/postgres.js';

const TOKEN = 'postgres-process-test-token';

/** A server with one job worker: two of them share the 2 cores with the test. */
const startServer = (env: Record<string, string>): ServerProcess => startServerProcess({ FIBRE_API_WORKERS: '1', ...env });

afterEach(killServers);

/** PUTs a topology named `name` with this test's token. */
const put = (port: number, id: string, name: string, headers: Record<string, string> = {}) => putTopology(port, TOKEN, id, name, headers);

/** The version and entity tag a server serves, and the document's name. */
async function current(port: number, id: string): Promise<{ version: number; etag: string; name: string }> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/topologies/${id}`);
  expect(res.status).toBe(200);
  return { version: Number(res.headers.get('topology-version')), etag: res.headers.get('etag')!, name: (await res.json()).name };
}

/** Waits until `check` holds; resolves to how long it took, ms. */
async function eventually(check: () => Promise<boolean>, timeoutMs = 3_000): Promise<number> {
  const started = performance.now();
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - started;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describe.skipIf(!(await hasPostgres()))('API servers on one PostgreSQL', () => {
  let server: TestPostgres;
  let sql: pg.Client;
  beforeAll(async () => {
    server = await startPostgres();
    sql = new pg.Client(server.url);
    await sql.connect();
  }, 120_000);
  afterAll(async () => {
    await sql?.end();
    await server?.stop();
  });

  /** Two servers on the database, each with its own data folder (its cache of version files), as on two machines. */
  const startPair = (databaseUrl: string) => {
    const { seedDir } = tempFolders();
    const env = (dataDir: string) => ({
      FIBRE_DATABASE_URL: databaseUrl, FIBRE_DATA_DIR: dataDir, FIBRE_TOPOLOGY_DIR: seedDir, FIBRE_API_TOKEN: TOKEN, FIBRE_API_RATE_LIMIT: '0',
      // Behind one address, as behind a load balancer: the links of both are the same.
      FIBRE_API_PUBLIC_URL: 'http://fibre.example',
    });
    return [startServer(env(tempFolders().dataDir)), startServer(env(tempFolders().dataDir))];
  };

  /** Every version the database holds of `id`, in order, with its entity tag and document's name. */
  const stored = async (schema: string, id: string) =>
    (await sql.query(`SELECT version, sha256, document FROM ${schema}.versions WHERE id = $1 ORDER BY version`, [id])).rows.map((r) => ({
      version: r.version as number,
      etag: `"${r.version}-${(r.sha256 as string).slice(0, 16)}"`,
      name: JSON.parse((r.document as Buffer).toString('utf8')).name as string,
      intact: sha256(r.document) === r.sha256,
    }));

  it('stores every acknowledged version exactly once under concurrent If-Match writes through two servers, and both serve the last one', async () => {
    const [a, b] = startPair(`${server.url}?schema=concurrent`);
    const ports = await Promise.all([a.port, b.port]);
    const first = await put(ports[0], 'shared', 'shared-initial', { 'if-none-match': '*' });
    expect(first).toMatchObject({ version: 1 });
    const acks: Ack[] = [first as Ack];
    const writers = 6;
    const each = 10;
    let refused = 0;
    let tries = 0;
    await Promise.all(Array.from({ length: writers }, async (_, w) => {
      for (let i = 0; i < each; i++) {
        for (;;) {
          // Each attempt re-reads the current ETag, from either server, and writes through either.
          const port = ports[(w + i + tries) % 2];
          const { etag } = await current(ports[(w + tries) % 2], 'shared');
          tries += 1;
          const ack = await put(port, 'shared', `writer-${w}-write-${i}`, { 'if-match': etag });
          if (ack === 412) {
            refused += 1;
            continue;
          }
          if (typeof ack === 'number') throw new Error(`writer ${w} write ${i} answered ${ack}`);
          acks.push(ack);
          break;
        }
      }
    }));
    const total = writers * each + 1;
    expect(acks).toHaveLength(total);
    // Versions 1..N, no gap, no duplicate; each acknowledged version is in the database, whole, under its tag and with its document.
    const versions = acks.map((x) => x.version).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const rows = await stored('concurrent', 'shared');
    expect(rows.map((r) => r.version)).toEqual(versions);
    for (const ack of acks) expect(rows[ack.version - 1]).toEqual({ version: ack.version, etag: ack.etag, name: ack.name, intact: true });
    // Both servers serve the last acknowledged version, told by NOTIFY.
    const last = acks.reduce((x, y) => (y.version > x.version ? y : x));
    const lag = await eventually(async () => {
      const served = await Promise.all(ports.map((p) => current(p, 'shared')));
      return served.every((s) => s.etag === last.etag && s.name === last.name && s.version === total);
    });
    const listed = await Promise.all(ports.map(async (p) => (await fetch(`http://127.0.0.1:${p}/v1/topologies`)).text()));
    expect(listed[0]).toBe(listed[1]);
    expect(JSON.parse(listed[0]).topologies.map((t: { id: string; version: number }) => [t.id, t.version])).toEqual([['handmade', 1], ['rand', 1], ['shared', total]]);
    console.info(`concurrency: ${writers} writers × ${each} writes through 2 servers: ${total} versions stored, ${refused} answered 412 and retried, ${tries} attempts; both servers served v${total} ${lag.toFixed(0)} ms after the last ack`);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
  }, 120_000);

  it('loses nothing it acknowledged when a server is killed with SIGKILL in the middle of writes; the other serves it all', async () => {
    const [victim, survivor] = startPair(`${server.url}?schema=crash`);
    const [victimPort, survivorPort] = await Promise.all([victim.port, survivor.port]);
    const acks = new Map<string, Ack[]>();
    let killed = false;
    let total = 0;
    let unanswered = 0;
    // Four clients chain their own topology through the victim, as fast as it answers, until it dies.
    const clients = Array.from({ length: 4 }, async (_, c) => {
      const id = `crash-${c}`;
      const mine: Ack[] = [];
      acks.set(id, mine);
      for (let i = 0; ; i++) {
        const previous = mine.at(-1);
        const ack = await put(victimPort, id, `${id}-${i}`, previous ? { 'if-match': previous.etag } : { 'if-none-match': '*' }).catch(() => undefined);
        if (ack === undefined) return; // the server is gone: this write was never acknowledged
        if (typeof ack === 'number') throw new Error(`${id} write ${i} answered ${ack}`);
        mine.push(ack);
        total += 1;
        if (total >= 60 && !killed) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      }
    });
    await Promise.all(clients);
    expect(await victim.exited).toBe(null);
    expect(victim.child.signalCode).toBe('SIGKILL');

    for (const [id, mine] of acks) {
      const rows = await stored('crash', id);
      const lastAck = mine.at(-1)!;
      // 1..M without a gap; M is the last acknowledged version, or the one whose answer the kill cut off.
      expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
      expect(rows.length - lastAck.version).toBeGreaterThanOrEqual(0);
      expect(rows.length - lastAck.version).toBeLessThanOrEqual(1);
      unanswered += rows.length - lastAck.version;
      for (const ack of mine) expect(rows[ack.version - 1]).toEqual({ version: ack.version, etag: ack.etag, name: ack.name, intact: true });
      // The survivor serves the database's current version, and takes the next write at once.
      const newest = rows.at(-1)!;
      await eventually(async () => (await current(survivorPort, id)).etag === newest.etag);
      expect(await put(survivorPort, id, `${id}-after`, { 'if-match': newest.etag })).toMatchObject({ version: newest.version + 1 });
    }
    console.info(`kill -9: ${total} writes acknowledged by the killed server, all ${total} stored and served by the other; ${unanswered} more stored whose answer the kill cut off`);
    survivor.child.kill('SIGTERM');
    expect(await survivor.exited).toBe(0);
  }, 120_000);

  it('does not start on a database it cannot use: exit 1, one line saying why, never listening', async () => {
    const cases: Array<[string, RegExp]> = [
      [server.url.replace(server.password, 'wrong-password'), /password authentication refused/],
      [server.url.replace(/\/fibre$/, '/nowhere'), /the database does not exist/],
      [server.url.replace(`:${server.port}/`, `:${server.port === 1 ? 2 : 1}/`), /no server answers at this host and port/],
      ['mysql://me:secret@db/rip', /expected a postgres:\/\/ URL/],
    ];
    await Promise.all(cases.map(async ([url, words]) => {
      const { seedDir, dataDir } = tempFolders();
      const started = startServer({ FIBRE_DATABASE_URL: url, FIBRE_DATA_DIR: dataDir, FIBRE_TOPOLOGY_DIR: seedDir, FIBRE_API_TOKEN: TOKEN });
      expect(await started.exited, url).toBe(1);
      const message = started.stderr();
      expect(message, url).toMatch(words);
      expect(message).toMatch(/^fibre-resilience API: FIBRE_DATABASE_URL/);
      expect(message.trim().split('\n')).toHaveLength(1);
      expect(message).not.toMatch(/\n\s+at /);
      expect(message).not.toContain(server.password);
      expect(message).not.toContain('wrong-password');
      expect(started.stdout()).not.toMatch(/"port":\d+/);
    }));
  }, 60_000);
});
