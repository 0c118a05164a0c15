/**
 * The GraceTHD importer under hostile or broken deliveries: every archive here is built at test
 * time (nothing big is committed), and each must fail fast with one typed error naming the
 * file and the bound, never with a frozen process nor an empty topology.
 */
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { Deflate, Zip, type ZipInputFile, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { importGracethdFolder, importGracethdFromFiles, importGracethdFromZip } from '../src/import/gracethd/import-gracethd.js';
import { DEFAULT_READ_LIMITS, LineGuard } from '../src/import/gracethd/read-limits.js';
import { TopologyError } from '../src/model/errors.js';
import type { Problem } from '../src/model/validate.js';
import { tempFolders } from './support/api.js';
import { runCli } from './support/run-cli.js';

const MIB = 1024 * 1024;
const DIR = join(import.meta.dirname, 'fixtures/gracethd-demo');
const text = (s: string) => new TextEncoder().encode(s);

const concat = (parts: readonly Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/**
 * A zip whose one entry inflates to `mib` MiB of one repeated byte, with no line end. One MiB is
 * deflated once, flushed to a byte boundary, and its blocks repeated: a valid deflate stream of
 * about 1 KiB a MiB (deflating 400 MiB would take seconds). Sizes and CRC-32 are the true ones.
 */
function bombZip(name: string, mib: number): Uint8Array {
  const block = new Uint8Array(MIB).fill(0x61);
  const blocks: Uint8Array[] = [];
  const deflate = new Deflate({ level: 9 }, (chunk) => blocks.push(chunk));
  deflate.push(block, false);
  deflate.flush(true);
  const once = concat(blocks);
  let crc = 0;
  for (let i = 0; i < mib; i++) crc = crc32(block, crc);
  const out: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    out.push(chunk);
  });
  const entry: ZipInputFile = { filename: name, size: mib * MIB, crc, compression: 8 };
  zip.add(entry);
  for (let i = 0; i < mib; i++) entry.ondata!(null, once, false);
  entry.ondata!(null, new Uint8Array([0x03, 0x00]), true); // an empty final block
  zip.end();
  return concat(out);
}

async function demoFiles(prefix = 'livraison/'): Promise<Record<string, Uint8Array>> {
  const files: Record<string, Uint8Array> = {};
  for (const name of await readdir(DIR)) files[`${prefix}${name}`] = new Uint8Array(await readFile(join(DIR, name)));
  return files;
}

/** Offsets of an entry's central and local headers, read naively from the end record. */
function headersOf(zip: Uint8Array, name: string): { view: DataView; central: number; local: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  let at = view.getUint32(eocd + 16, true);
  for (let i = 0; i < view.getUint16(eocd + 10, true); i++) {
    const nameLength = view.getUint16(at + 28, true);
    if (new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength)) === name) {
      return { view, central: at, local: view.getUint32(at + 42, true) };
    }
    at += 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  throw new Error(`${name} not in the zip`);
}

/** The one problem of the TopologyError that `promise` rejects with. */
async function problemOf(promise: Promise<unknown>): Promise<Problem> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TopologyError);
  const { problems, message } = error as TopologyError;
  expect(problems).toHaveLength(1);
  expect(problems[0].message).toBe(message);
  return problems[0];
}

describe('zip bomb: a 400 MiB CSV line', () => {
  it('fails with line-too-long after about 1 MiB, in well under a second, without growing memory', async () => {
    const zip = bombZip('livraison/t_noeud.csv', 400);
    expect(zip.length).toBeLessThan(600 * 1024);
    const before = process.memoryUsage();
    let peakRss = before.rss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }, 2);
    const started = performance.now();
    const problem = await problemOf(importGracethdFromZip(zip));
    const elapsedMs = performance.now() - started;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    expect(problem).toMatchObject({ code: 'line-too-long', path: 'livraison/t_noeud.csv', id: 'maxLineBytes' });
    expect(problem.message).toBe('importGracethd: livraison/t_noeud.csv: a line is longer than 1 MiB (maxLineBytes): not a GraceTHD table');
    expect(elapsedMs).toBeLessThan(2000);
    expect(peakRss - before.rss).toBeLessThan(200 * MIB);
  });

  it('is stopped by the time bound when the line bound is lifted', async () => {
    const zip = bombZip('livraison/t_noeud.csv', 400);
    const started = performance.now();
    const problem = await problemOf(importGracethdFromZip(zip, { limits: { maxLineBytes: 1024 * MIB, deadlineMs: 20 } }));
    expect(problem).toMatchObject({ code: 'deadline-exceeded', path: 'livraison/t_noeud.csv', id: 'deadlineMs' });
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('is refused before inflating when it declares more than the entry bound', async () => {
    const problem = await problemOf(importGracethdFromZip(bombZip('livraison/t_noeud.csv', 400), { limits: { maxEntryBytes: 100 * MIB } }));
    expect(problem).toMatchObject({ code: 'too-large', path: 'livraison/t_noeud.csv', id: 'maxEntryBytes' });
    expect(problem.message).toMatch(/declares 419430400 bytes uncompressed, over 100 MiB \(maxEntryBytes\)$/);
  });

  it('answers 400 line-too-long in the API, and the CLI prints one line and exits 1', async () => {
    const zip = bombZip('livraison/t_noeud.csv', 400);
    const res = await postDelivery(zip);
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'livraison/t_noeud.csv', id: 'maxLineBytes', code: 'line-too-long' })]);

    const file = join(await mkdtemp(join(tmpdir(), 'gracethd-bomb-')), 'bomb.zip');
    await writeFile(file, zip);
    const { code, stdout, stderr } = await runCli('import', 'gracethd', file);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe('importGracethd: livraison/t_noeud.csv: a line is longer than 1 MiB (maxLineBytes): not a GraceTHD table\n');
  });
});

describe('a zip whose headers misstate an entry', () => {
  const patched = async (name: string, patch: (h: ReturnType<typeof headersOf>) => void) => {
    const zip = zipSync(await demoFiles());
    patch(headersOf(zip, name));
    return zip;
  };
  const NOEUD = 'livraison/t_noeud.dbf';

  it('imports the unpatched zip (the control)', async () => {
    const { topology } = await importGracethdFromZip(zipSync(await demoFiles()));
    expect(topology.sections).toHaveLength(25);
  });

  it('is corrupt, not an empty topology, when both headers declare a size smaller than the content', async () => {
    const zip = await patched(NOEUD, ({ view, central, local }) => {
      view.setUint32(central + 24, 1000, true);
      view.setUint32(local + 22, 1000, true);
    });
    const problem = await problemOf(importGracethdFromZip(zip));
    expect(problem).toMatchObject({ code: 'corrupt-archive', path: NOEUD });
    expect(problem.message).toBe(`importGracethd: ${NOEUD}: corrupt zip archive: it inflates to more than the 1000 bytes its headers declare`);
  });

  it('is corrupt when both headers declare a size larger than the content', async () => {
    const zip = await patched(NOEUD, ({ view, central, local }) => {
      const size = view.getUint32(central + 24, true);
      view.setUint32(central + 24, size + 1, true);
      view.setUint32(local + 22, size + 1, true);
    });
    const problem = await problemOf(importGracethdFromZip(zip));
    expect(problem.message).toMatch(/corrupt zip archive: it inflates to 76197 bytes, its headers declare 76198$/);
  });

  it('is corrupt when the local header disagrees with the central directory', async () => {
    const zip = await patched(NOEUD, ({ view, central }) => view.setUint32(central + 24, 1000, true));
    expect((await problemOf(importGracethdFromZip(zip))).message).toMatch(/corrupt zip archive: local and central headers declare different sizes or CRC-32$/);
  });

  it('is corrupt when the compressed data is cut short', async () => {
    const zip = await patched(NOEUD, ({ view, central, local }) => {
      const size = view.getUint32(central + 20, true);
      view.setUint32(central + 20, size - 100, true);
      view.setUint32(local + 18, size - 100, true);
    });
    const problem = await problemOf(importGracethdFromZip(zip));
    expect(problem).toMatchObject({ code: 'corrupt-archive', path: NOEUD });
    expect(problem.message).toMatch(/its data does not inflate: unexpected EOF$/);
  });

  it('is corrupt on a CRC-32 mismatch', async () => {
    const zip = await patched(NOEUD, ({ view, central, local }) => {
      const crc = view.getUint32(central + 16, true) ^ 1;
      view.setUint32(central + 16, crc, true);
      view.setUint32(local + 14, crc, true);
    });
    expect((await problemOf(importGracethdFromZip(zip))).message).toMatch(/CRC-32 mismatch/);
  });

  it('answers 400 corrupt-archive in the API', async () => {
    const zip = await patched(NOEUD, ({ view, central, local }) => {
      view.setUint32(central + 24, 1000, true);
      view.setUint32(local + 22, 1000, true);
    });
    const res = await postDelivery(zip);
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ field: NOEUD, code: 'corrupt-archive' })]);
  });
});

describe('too many entries', () => {
  it(`refuses a zip of over ${DEFAULT_READ_LIMITS.maxEntries} entries before reading them`, async () => {
    const files: Record<string, Uint8Array> = {};
    for (let i = 0; i <= DEFAULT_READ_LIMITS.maxEntries; i++) files[`livraison/f${i}.txt`] = new Uint8Array(0);
    const problem = await problemOf(importGracethdFromZip(zipSync(files, { level: 0 })));
    expect(problem).toMatchObject({ code: 'too-many-entries', path: '$', id: 'maxEntries' });
    expect(problem.message).toBe('importGracethd: the zip holds 10001 entries, over the bound of 10000 (maxEntries)');
  });

  it('takes the bound as an option, for zips, folders and files in memory', async () => {
    const demo = await demoFiles();
    const count = Object.keys(demo).length;
    await expect(importGracethdFromZip(zipSync(demo), { limits: { maxEntries: count } })).resolves.toBeDefined();
    expect(await problemOf(importGracethdFromZip(zipSync(demo), { limits: { maxEntries: count - 1 } }))).toMatchObject({ code: 'too-many-entries' });
    expect(await problemOf(importGracethdFolder(DIR, { limits: { maxEntries: count - 1 } }))).toMatchObject({ code: 'too-many-entries' });
    expect(await problemOf(importGracethdFromFiles(new Map(Object.entries(demo)), { limits: { maxEntries: count - 1 } }))).toMatchObject({ code: 'too-many-entries' });
  });
});

describe('line length', () => {
  const csv = (line: string) => text(`nd_code;geom\r\n${line}\r\n`);

  it('refuses a CSV line over 1 MiB from a zip, a folder or files in memory', async () => {
    const long = csv('N'.repeat(MIB + 1));
    const fromZip = await problemOf(importGracethdFromZip(zipSync({ 'livraison/t_noeud.csv': long })));
    expect(fromZip).toMatchObject({ code: 'line-too-long', path: 'livraison/t_noeud.csv', id: 'maxLineBytes' });
    const dir = await mkdtemp(join(tmpdir(), 'gracethd-line-'));
    await mkdir(join(dir, 'sub'));
    await writeFile(join(dir, 'sub', 't_noeud.csv'), long);
    expect(await problemOf(importGracethdFolder(dir))).toMatchObject({ code: 'line-too-long', path: join('sub', 't_noeud.csv') });
    expect(await problemOf(importGracethdFromFiles(new Map([['t_noeud.csv', long]])))).toMatchObject({ code: 'line-too-long', path: 't_noeud.csv' });
  });

  it('takes a line of exactly the bound, then finds the delivery incomplete', async () => {
    const exact = csv('N'.repeat(MIB));
    expect(await problemOf(importGracethdFromZip(zipSync({ 't_noeud.csv': exact })))).toMatchObject({ code: 'missing-table' });
  });

  it('counts \\n, \\r and \\r\\n as line ends, across chunks', () => {
    const guard = new LineGuard(4, 'x.csv');
    for (const chunk of ['abcd\n', 'ab', 'cd\r\n', 'abcd\r', 'ab', 'cd']) guard.push(text(chunk));
    expect(() => guard.push(text('e'))).toThrow(/x\.csv: a line is longer than 4 bytes \(maxLineBytes\)/);
    expect(() => new LineGuard(4, 'y.csv').push(text('ab\r\nabcde'))).toThrow(TopologyError);
  });
});

describe('size bounds on real deliveries', () => {
  it('refuses a table over maxEntryBytes or tables over maxTotalBytes, naming the file (413 in the API)', async () => {
    const zip = zipSync(await demoFiles());
    const entry = await problemOf(importGracethdFromZip(zip, { limits: { maxEntryBytes: 80_000 } }));
    expect(entry).toMatchObject({ code: 'too-large', path: 'livraison/t_cheminement.dbf', id: 'maxEntryBytes' });
    const total = await problemOf(importGracethdFromZip(zip, { limits: { maxTotalBytes: 150_000 } }));
    expect(total).toMatchObject({ code: 'too-large', id: 'maxTotalBytes' });
    expect(await problemOf(importGracethdFolder(DIR, { limits: { maxEntryBytes: 80_000 } }))).toMatchObject({ code: 'too-large', path: 't_cheminement.dbf' });
  });
});

/** Posts a zipped delivery to a fresh API, as an operator's script would. */
async function postDelivery(zip: Uint8Array) {
  const folders = tempFolders();
  const app = await buildApp({ topologyDir: folders.seedDir, dataDir: folders.dataDir, token: 't', rateLimit: false });
  try {
    return await app.inject({
      method: 'POST', url: '/v1/import/gracethd', payload: Buffer.from(zip),
      headers: { 'content-type': 'application/zip', authorization: 'Bearer t' },
    });
  } finally {
    await app.close();
  }
}
