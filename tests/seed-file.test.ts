import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeFs } from '../api/store/fs.js';
import { readSeedFile, SeedReader } from '../api/store/seed-file.js';
import { fixtureTopology, tempFolders } from './support/api.js';

const folders = tempFolders();
const invalid = fixtureTopology('handmade-existing');
invalid.sections[0] = { ...invalid.sections[0], to: 'NOWHERE' };
writeFileSync(join(folders.seedDir, 'dangling.json'), JSON.stringify(invalid));
const file = (name: string) => join(folders.seedDir, name);
const inWorker = new SeedReader(nodeFs, 0);
afterAll(() => inWorker.close());

describe('seed files', () => {
  it('reads a topology: the hash of its text and its summary', async () => {
    const reading = await readSeedFile(file('handmade.json'));
    const topology = fixtureTopology('handmade-existing');
    expect(reading).toEqual({
      kind: 'topology',
      sha256: createHash('sha256').update(readFileSync(file('handmade.json'))).digest('hex'),
      summary: expect.objectContaining({ name: topology.name, counts: expect.objectContaining({ sites: topology.sites.length, sections: topology.sections.length }) }),
    });
  });

  it('tells a broken file, another format and an invalid topology apart', async () => {
    expect(await readSeedFile(file('broken.json'))).toEqual({ kind: 'not-json' });
    expect(await readSeedFile(file('programme.json'))).toEqual({ kind: 'other-format' });
    expect(await readSeedFile(file('missing.json'))).toEqual({ kind: 'unreadable' });
    const reading = await readSeedFile(file('dangling.json'));
    expect(reading).toMatchObject({ kind: 'invalid', problems: [{ path: '$.sections[0].to', code: 'unknown-site' }] });
  });

  it('reads a large seed in a worker thread, with the same answer as on the main thread', async () => {
    for (const name of ['handmade.json', 'rand.json', 'broken.json', 'programme.json', 'dangling.json', 'missing.json']) {
      expect(await inWorker.read(file(name)), name).toEqual(await readSeedFile(file(name)));
    }
  });
});
