import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors.js';
import { nodeFs, type StoreFs } from '../api/store/fs.js';
import { storedDocument } from '../api/store/topology-document.js';
import { checkPreconditions, TopologyStore } from '../api/store/topology-store.js';
import { tempFolders, tinyTopology } from './support/api.js';

const open = (folders: { seedDir: string; dataDir: string }, fs?: StoreFs) =>
  TopologyStore.open({ dataDir: folders.dataDir, seedDir: folders.seedDir, fs });

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('topology store', () => {
  it('seeds from the topology folder: only fibre-topology *.json documents, never *.schema.json', async () => {
    const warnings: string[] = [];
    const folders = tempFolders();
    const store = await TopologyStore.open({ ...folders, log: { warn: (_o, m) => warnings.push(m) } });
    expect(await store.ids()).toEqual(['handmade', 'rand']);
    const handmade = await store.get('handmade');
    expect(handmade).toMatchObject({ id: 'handmade', version: 1, source: 'seed' });
    expect(handmade!.etag).toMatch(/^"1-[0-9a-f]{16}"$/);
    expect(await store.get('fibre-topology-1.schema')).toBeUndefined();
    expect(await store.get('programme')).toBeUndefined();
    expect(warnings.some((w) => w.includes('not valid JSON'))).toBe(true);
  });

  it('stores each write as a new version and serves it after a restart', async () => {
    const folders = tempFolders();
    const store = await open(folders);
    const first = await store.put('handmade', tinyTopology('v2'));
    expect(first).toMatchObject({ created: false, record: { version: 2, source: 'upload' } });
    const second = await store.put('fresh', tinyTopology('fresh'));
    expect(second).toMatchObject({ created: true, record: { version: 1 } });
    expect(readdirSync(join(folders.dataDir, 'handmade')).sort()).toEqual(['current', 'v2.json']);

    const restarted = await open(folders);
    expect(await restarted.ids()).toEqual(['fresh', 'handmade', 'rand']);
    const served = await restarted.get('handmade');
    expect(served).toMatchObject({ version: 2, etag: first.record.etag, summary: { name: 'v2', counts: { sites: 4, sections: 4 } } });
  });

  it('checks If-Match and If-None-Match against the current entity tag', async () => {
    const store = await open(tempFolders());
    const seed = (await store.get('handmade'))!;
    expect((await apiError(store.put('handmade', tinyTopology(), { ifMatch: '"1-0000000000000000"' }))).statusCode).toBe(412);
    expect((await apiError(store.put('handmade', tinyTopology(), { ifNoneMatch: '*' }))).statusCode).toBe(412);
    expect((await apiError(store.put('nothing', tinyTopology(), { ifMatch: '*' }))).statusCode).toBe(412);
    const { record } = await store.put('handmade', tinyTopology('ok'), { ifMatch: `"x", ${seed.etag}` });
    expect(record.version).toBe(2);
    // The tag the writer had is now stale.
    expect((await apiError(store.put('handmade', tinyTopology(), { ifMatch: seed.etag }))).code).toBe('precondition-failed');
    expect(() => checkPreconditions('x', undefined, { ifNoneMatch: '*' })).not.toThrow();
  });

  it('refuses a second write to the same topology while one is in progress (409)', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: StoreFs = { ...nodeFs, rename: async (a, b) => { await gate; return nodeFs.rename(a, b); } };
    const store = await open(tempFolders(), slow);
    const first = store.put('handmade', tinyTopology('first'));
    await new Promise((r) => setTimeout(r, 20));
    const conflict = await apiError(store.put('handmade', tinyTopology('second')));
    expect(conflict.statusCode).toBe(409);
    release();
    expect((await first).record.summary.name).toBe('first');
    expect((await store.put('handmade', tinyTopology('third'))).record.version).toBe(3);
  });

  it('leaves the previous version served when a write fails between the temp file and the rename', async () => {
    const folders = tempFolders();
    const store = await open(folders);
    await store.put('handmade', tinyTopology('kept'));
    const failing: StoreFs = {
      ...nodeFs,
      rename: async (from, to) => {
        if (to.endsWith('v3.json')) throw Object.assign(new Error('EIO: simulated disk failure'), { code: 'EIO' });
        return nodeFs.rename(from, to);
      },
    };
    const broken = await open(folders, failing);
    await expect(broken.put('handmade', tinyTopology('lost'))).rejects.toThrow(/simulated/);
    expect(readdirSync(join(folders.dataDir, 'handmade')).sort()).toEqual(['current', 'v2.json']);
    expect((await (await open(folders)).get('handmade'))?.summary.name).toBe('kept');
  });

  it('leaves the previous version served when the process dies after the temp file is written', async () => {
    const folders = tempFolders();
    await (await open(folders)).put('handmade', tinyTopology('kept'));
    // The "crashed" process: its rename of the new version never happens.
    let reachedRename!: () => void;
    const atRename = new Promise<void>((resolve) => (reachedRename = resolve));
    const dying: StoreFs = {
      ...nodeFs,
      rename: (from, to) => {
        if (!to.endsWith('v3.json')) return nodeFs.rename(from, to);
        reachedRename();
        return new Promise<void>(() => undefined);
      },
    };
    void (await open(folders, dying)).put('handmade', tinyTopology('torn'));
    await atRename;
    const dir = join(folders.dataDir, 'handmade');
    const temp = readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    expect(temp).toHaveLength(1);
    expect(readFileSync(join(dir, temp[0]), 'utf8')).toContain('"torn"');

    // The restart: the old version is served and the temp file is gone.
    const restarted = await open(folders);
    expect((await restarted.get('handmade'))).toMatchObject({ version: 2, summary: { name: 'kept' } });
    expect(existsSync(join(dir, temp[0]))).toBe(false);
    expect((await restarted.put('handmade', tinyTopology('next'))).record.version).toBe(3);
  });

  it('keeps serving the previous version when the pointer write fails after the new version file', async () => {
    const folders = tempFolders();
    await (await open(folders)).put('handmade', tinyTopology('kept'));
    const failing: StoreFs = {
      ...nodeFs,
      rename: async (from, to) => {
        if (to.endsWith('current')) throw Object.assign(new Error('ENOSPC: simulated full disk'), { code: 'ENOSPC' });
        return nodeFs.rename(from, to);
      },
    };
    await expect((await open(folders, failing)).put('handmade', tinyTopology('orphan'))).rejects.toThrow(/simulated/);
    const restarted = await open(folders);
    expect(await restarted.get('handmade')).toMatchObject({ version: 2, summary: { name: 'kept' } });
    // The unpublished v3 is overwritten by the next write.
    expect((await restarted.put('handmade', tinyTopology('next'))).record).toMatchObject({ version: 3, summary: { name: 'next' } });
    expect((await (await open(folders)).get('handmade'))?.summary.name).toBe('next');
  });

  it('writes the bytes it is given as they are, and records the summary in the version pointer', async () => {
    const folders = tempFolders();
    const store = await open(folders);
    const document = storedDocument(tinyTopology('given'));
    const { record } = await store.putDocument('given', document);
    const file = join(folders.dataDir, 'given', 'v1.json');
    expect(readFileSync(file, 'utf8')).toBe(`${JSON.stringify(tinyTopology('given'), null, 2)}\n`);
    expect(record).toMatchObject({ version: 1, file, summary: document.summary, etag: `"1-${document.sha256.slice(0, 16)}"` });
    const pointer = JSON.parse(readFileSync(join(folders.dataDir, 'given', 'current'), 'utf8'));
    expect(pointer).toMatchObject({ version: 1, sha256: document.sha256, summary: { name: 'given', counts: { sites: 4, sections: 4, nros: 2, subscribers: 1500 } } });
    // A seed: its file, its summary.
    expect(await store.get('handmade')).toMatchObject({ file: join(folders.seedDir, 'handmade.json'), summary: { name: expect.any(String), counts: { sites: 15 } } });
  });

  it('serves a restarted store from the pointers without parsing a document, and still checks the checksum of each version once', async () => {
    const folders = tempFolders();
    await (await open(folders)).put('handmade', tinyTopology('summarised'));
    // A summary is all a record needs: a pointer that says otherwise than the document is believed.
    const pointerFile = join(folders.dataDir, 'handmade', 'current');
    const pointer = JSON.parse(readFileSync(pointerFile, 'utf8'));
    writeFileSync(pointerFile, JSON.stringify({ ...pointer, summary: { ...pointer.summary, name: 'from the pointer' } }));
    expect((await (await open(folders)).get('handmade'))?.summary.name).toBe('from the pointer');
    // A version file that is not what its pointer names is refused on first access.
    writeFileSync(join(folders.dataDir, 'handmade', 'v2.json'), JSON.stringify(tinyTopology('tampered')));
    await expect((await open(folders)).get('handmade')).rejects.toThrow(/checksum/);
  });

  it('adds the summary to a pointer written before summaries were recorded, once, when it opens', async () => {
    const folders = tempFolders();
    await (await open(folders)).put('handmade', tinyTopology('older'));
    const pointerFile = join(folders.dataDir, 'handmade', 'current');
    const { summary: _dropped, ...older } = JSON.parse(readFileSync(pointerFile, 'utf8'));
    writeFileSync(pointerFile, `${JSON.stringify(older)}\n`);
    const warnings: string[] = [];
    const store = await TopologyStore.open({ ...folders, log: { warn: (_o, m) => warnings.push(m) } });
    expect(warnings).toContain('recorded the summary of a version stored by an older server');
    expect(JSON.parse(readFileSync(pointerFile, 'utf8'))).toEqual({ ...older, summary: { name: 'older', counts: expect.objectContaining({ sections: 4 }) } });
    expect(await store.get('handmade')).toMatchObject({ version: 2, summary: { name: 'older' } });
  });
});
