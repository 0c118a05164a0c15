import { afterEach, describe, expect, it } from 'vitest';
import { nodeFs, type StoreFs } from '../api/store/fs.js';
import { TopologyStore } from '../api/store/topology-store.js';
import { tempFolders, tinyTopology } from './support/api.js';

/** A file system that counts the reads of the data folder's files and listings. */
function countingFs() {
  const reads: string[] = [];
  const fs: StoreFs = {
    ...nodeFs,
    readFile: (path, encoding) => {
      reads.push(`readFile ${path}`);
      return nodeFs.readFile(path, encoding);
    },
    readdir: (path) => {
      reads.push(`readdir ${path}`);
      return nodeFs.readdir(path);
    },
  };
  return { fs, reads };
}

describe('the store finds a version without reading a file once it is open', () => {
  const opened: TopologyStore[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  const open = async (folders: { seedDir: string; dataDir: string }, fs?: StoreFs) => {
    const store = await TopologyStore.open({ ...folders, ...(fs && { fs }) });
    opened.push(store);
    return store;
  };

  it('answers ids and get, of seeds and uploads, from memory; and its own writes at once', async () => {
    const folders = tempFolders();
    await (await open(folders)).put('uploaded', tinyTopology('first'));
    await opened.pop()?.close();
    const { fs, reads } = countingFs();
    const store = await open(folders, fs);
    reads.length = 0;
    expect(await store.ids()).toEqual(['handmade', 'rand', 'uploaded']);
    expect(await store.get('handmade')).toMatchObject({ source: 'seed', version: 1 });
    expect(await store.get('nothing')).toBeUndefined();
    // The first get of an upload checks its file's checksum (streamed, not read whole); the next ones read nothing.
    expect(await store.get('uploaded')).toMatchObject({ source: 'upload', version: 1, summary: { name: 'first' } });
    expect(await store.get('uploaded')).toMatchObject({ version: 1 });
    expect(reads).toEqual([]);

    await store.put('uploaded', tinyTopology('second'));
    await store.put('another', tinyTopology('new'));
    expect(await store.get('uploaded')).toMatchObject({ version: 2, summary: { name: 'second' } });
    expect(await store.ids()).toEqual(['another', 'handmade', 'rand', 'uploaded']);
  });

  it('sees the writes of another store of this process on the same folder, and reads from disk once closed', async () => {
    const folders = tempFolders();
    const first = await open(folders);
    const second = await open(folders);
    await first.put('shared', tinyTopology('by the first'));
    expect(await second.get('shared')).toMatchObject({ version: 1, summary: { name: 'by the first' } });
    expect(await second.ids()).toContain('shared');
    await second.close();
    await first.put('shared', tinyTopology('after'));
    // Closed: it reads what is on disk.
    expect(await second.get('shared')).toMatchObject({ version: 2, summary: { name: 'after' } });
  });
});
