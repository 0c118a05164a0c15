import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Topology } from '../../src/model/schema.js';

const root = join(import.meta.dirname, '../..');

/** A valid topology of the NetworkX oracle fixtures (key `topology`). */
export function fixtureTopology(name = 'handmade-existing'): Topology {
  return JSON.parse(readFileSync(join(root, 'tests/fixtures/oracle', `${name}.json`), 'utf8')).topology;
}

/** The Somme network once it has landed in topology/, else undefined. */
export const SOMME_FILE = join(root, 'topology/somme.json');
export const hasSomme = existsSync(SOMME_FILE);

/**
 * A seed folder like topology/: two topologies (`handmade`, `rand`), and files that must not
 * count (a JSON Schema, a Markdown note, a JSON file of another kind, a broken one) — plus an
 * empty data folder.
 */
export function tempFolders(): { seedDir: string; dataDir: string } {
  const base = mkdtempSync(join(tmpdir(), 'fibre-api-'));
  const seedDir = join(base, 'topology');
  const dataDir = join(base, 'data');
  mkdirSync(seedDir, { recursive: true });
  writeFileSync(join(seedDir, 'handmade.json'), JSON.stringify(fixtureTopology('handmade-existing'), null, 2));
  writeFileSync(join(seedDir, 'rand.json'), JSON.stringify(fixtureTopology('rand-n40-planned-on')));
  writeFileSync(join(seedDir, 'fibre-topology-1.schema.json'), readFileSync(join(root, 'topology/fibre-topology-1.schema.json')));
  writeFileSync(join(seedDir, 'handmade.PROVENANCE.md'), '# not a topology\n');
  writeFileSync(join(seedDir, 'programme.json'), JSON.stringify({ format: 'something-else/1', rows: [] }));
  writeFileSync(join(seedDir, 'broken.json'), '{ "format": "fibre-topology/1", ');
  return { seedDir, dataDir };
}

/** A small valid topology written by hand for uploads. */
export function tinyTopology(name = 'tiny'): Topology {
  return {
    format: 'fibre-topology/1',
    name,
    sites: [
      { id: 'HE', kind: 'headend', lon: 2.3, lat: 49.9 },
      { id: 'POP', kind: 'pop', lon: 2.0, lat: 50.0 },
      { id: 'NRO-A', kind: 'nro', lon: 1.9, lat: 50.1, subscribers: 1000 },
      { id: 'NRO-B', kind: 'nro', lon: 2.1, lat: 50.2, subscribers: 500 },
    ],
    sections: [
      { id: 'S-1', from: 'HE', to: 'POP', lengthM: 20000, owner: 'SMSN' },
      { id: 'S-2', from: 'POP', to: 'NRO-A', lengthM: 12000, owner: 'Level 3' },
      { id: 'S-3', from: 'POP', to: 'NRO-B', lengthM: 15000, owner: 'SMSN' },
      { id: 'S-4', from: 'NRO-A', to: 'NRO-B', lengthM: 9000, owner: 'Viatel' },
    ],
  };
}

/** Starts `app` on a free port of 127.0.0.1, as a real client reaches it; resolves to its base URL. */
export async function listening(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}
