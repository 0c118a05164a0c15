import { createHash } from 'node:crypto';
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { LOCK_NAME, LOCK_UPDATE_MS, StoreLockedError } from '../api/store/data-dir-lock.js';
import { nodeFs, type StoreFs } from '../api/store/fs.js';
import { TopologyStore } from '../api/store/topology-store.js';
import { type Ack, killServers, putTopology, type ServerProcess, startServer } from './support/server-process.js';
import { tempFolders, tinyTopology } from './support/api.js';

const TOKEN = 'process-test-token';


async function stop(server: ServerProcess): Promise<number | null> {
  server.child.kill('SIGTERM');
  return server.exited;
}

afterEach(killServers);

/** PUTs a topology named `name` with this test's token. */
const put = (port: number, id: string, name: string, headers: Record<string, string> = {}) => putTopology(port, TOKEN, id, name, headers);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('one data folder, one server process', () => {
  it('refuses to start a second server on the folder, and the first loses none of a burst of acknowledged writes', async () => {
    const folders = tempFolders();
    const env = { FIBRE_DATA_DIR: folders.dataDir, FIBRE_TOPOLOGY_DIR: folders.seedDir, FIBRE_API_TOKEN: TOKEN, FIBRE_API_RATE_LIMIT: '0' };
    const first = startServer(env);
    const port = await first.port;

    const second = startServer(env);
    let secondSettled = false;
    const outcome = Promise.race([second.exited.then((code) => ({ code })), second.port.then((listening) => ({ listening }))]);
    void outcome.finally(() => (secondSettled = true));
    const acks: Ack[] = [];
    const refusals: number[] = [];
    // Ten writers chain their own topology with If-Match until the second server has given up (10 writes each at least)…
    const chained = Array.from({ length: 10 }, async (_, w) => {
      let etag: string | undefined;
      for (let i = 0; (i < 10 || !secondSettled) && i < 500; i++) {
        const ack = await put(port, `chain-${w}`, `chain-${w}-${i}`, etag ? { 'if-match': etag } : { 'if-none-match': '*' });
        if (typeof ack === 'number') throw new Error(`chain-${w} write ${i} answered ${ack}`);
        acks.push(ack);
        etag = ack.etag;
      }
    });
    // …while three others race on one topology without preconditions: a 409 is a refusal, never a loss.
    const racing = Array.from({ length: 3 }, async (_, r) => {
      for (let i = 0; i < 20; i++) {
        const ack = await put(port, 'shared', `shared-${r}-${i}`);
        if (typeof ack === 'number') refusals.push(ack);
        else acks.push(ack);
      }
    });
    await Promise.all([...chained, ...racing]);

    expect(await outcome).toEqual({ code: 1 });
    const message = second.stderr();
    expect(message).toContain(folders.dataDir);
    expect(message).toContain('another fibre-resilience server process');
    expect(message).toContain('PostgreSQL');
    expect(message.trim().split('\n')).toHaveLength(1);
    expect(message).not.toMatch(/\n\s+at /);
    expect(new Set(refusals)).toEqual(refusals.length ? new Set([409]) : new Set());
    expect(acks.length).toBeGreaterThanOrEqual(100 + 60 - refusals.length);

    expect(await stop(first)).toBe(0);
    expect(existsSync(join(folders.dataDir, LOCK_NAME))).toBe(false);

    // Every acknowledged version is on disk, whole, under its entity tag; each topology's versions run 1..n.
    const byId = new Map<string, Ack[]>();
    for (const ack of acks) byId.set(ack.id, [...(byId.get(ack.id) ?? []), ack]);
    for (const [id, versions] of byId) {
      versions.sort((a, b) => a.version - b.version);
      expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
      for (const ack of versions) {
        const text = readFileSync(join(folders.dataDir, id, `v${ack.version}.json`), 'utf8');
        expect(`"${ack.version}-${sha256(text).slice(0, 16)}"`).toBe(ack.etag);
        expect(JSON.parse(text).name).toBe(ack.name);
      }
    }

    // A fresh server serves the last acknowledged version of each.
    const third = startServer(env);
    const thirdPort = await third.port;
    for (const [id, versions] of byId) {
      const last = versions[versions.length - 1];
      const res = await fetch(`http://127.0.0.1:${thirdPort}/v1/topologies/${id}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(last.etag);
      expect((await res.json()).name).toBe(last.name);
    }
    expect(await stop(third)).toBe(0);
  }, 90_000);

  it('takes over the lock of a server killed with SIGKILL within a few seconds', async () => {
    const folders = tempFolders();
    const env = { FIBRE_DATA_DIR: folders.dataDir, FIBRE_TOPOLOGY_DIR: folders.seedDir, FIBRE_API_TOKEN: TOKEN, FIBRE_API_RATE_LIMIT: '0' };
    const killed = startServer(env);
    const before = await put(await killed.port, 'survivor', 'before the kill');
    expect(before).toMatchObject({ version: 1 });
    killed.child.kill('SIGKILL');
    await killed.exited;
    // Nothing could clean up: the lock of the dead process is still there.
    expect(existsSync(join(folders.dataDir, LOCK_NAME))).toBe(true);

    const started = Date.now();
    const next = startServer(env);
    const port = await next.port;
    expect(Date.now() - started).toBeLessThan(12_000);
    const res = await fetch(`http://127.0.0.1:${port}/v1/topologies/survivor`);
    expect(res.headers.get('etag')).toBe((before as Ack).etag);
    expect(await put(port, 'survivor', 'after the kill', { 'if-match': (before as Ack).etag })).toMatchObject({ version: 2 });
    expect(await stop(next)).toBe(0);
  }, 60_000);
});

describe('the data-folder lock within one process', () => {
  it('is shared by the stores of one process and removed when the last one closes, after its writes', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: StoreFs = { ...nodeFs, rename: async (a, b) => { await gate; return nodeFs.rename(a, b); } };
    const folders = tempFolders();
    const lock = join(folders.dataDir, LOCK_NAME);
    const first = await TopologyStore.open({ ...folders, fs: slow });
    const second = await TopologyStore.open(folders);
    expect(existsSync(lock)).toBe(true);
    await second.close();
    expect(existsSync(lock)).toBe(true);

    const write = first.put('handmade', tinyTopology('in flight'));
    let closed = false;
    const closing = first.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    const refused = await first.put('rand', tinyTopology()).catch((e: unknown) => e);
    expect(refused).toMatchObject({ statusCode: 503, code: 'shutting-down' });
    release();
    expect((await write).record.version).toBe(2);
    await closing;
    expect(existsSync(lock)).toBe(false);
    const reopened = await TopologyStore.open(folders);
    expect((await reopened.get('handmade'))?.summary.name).toBe('in flight');
    await reopened.close();
  });

  it('refuses writes once another process has taken the folder over', async () => {
    const folders = tempFolders();
    const store = await TopologyStore.open(folders);
    await store.put('handmade', tinyTopology('mine'));
    // What a second server taking over a lock it believed stale does: a fresh mtime that is not ours.
    const now = new Date(Date.now() + 1500);
    utimesSync(join(folders.dataDir, LOCK_NAME), now, now);
    await new Promise((r) => setTimeout(r, 2.5 * LOCK_UPDATE_MS));
    const refused = await store.put('handmade', tinyTopology('lost')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({ statusCode: 503, code: 'store-unavailable' });
    expect((await store.get('handmade'))?.summary.name).toBe('mine');
    await store.close();
    // The lock now belongs to the other process: closing leaves it in place, and a new opener sees it held.
    expect(existsSync(join(folders.dataDir, LOCK_NAME))).toBe(true);
  });

  it('throws a StoreLockedError naming the folder when a live process holds it', async () => {
    const folders = tempFolders();
    const holder = startServer({ FIBRE_DATA_DIR: folders.dataDir, FIBRE_TOPOLOGY_DIR: folders.seedDir });
    await holder.port;
    const error = await TopologyStore.open(folders).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreLockedError);
    expect((error as StoreLockedError).dataDir).toBe(folders.dataDir);
    expect(await stop(holder)).toBe(0);
    await (await TopologyStore.open(folders)).close();
  });
});
