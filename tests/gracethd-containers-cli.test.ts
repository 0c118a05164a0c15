import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { cliJson, runCli } from './support/run-cli.js';

const DEMO = '../shared/datasets/gracethd-demo';
const MULTI = 'tests/fixtures/gracethd-multi-nro';
const work = mkdtempSync(join(tmpdir(), 'fibre-containers-'));

/** A delivery folder zipped, as operators send it. */
function zipOf(dir: string, name: string): string {
  const file = join(work, name);
  writeFileSync(file, zipSync(Object.fromEntries(readdirSync(dir).map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]))));
  return file;
}

describe('every command reads a zipped delivery as it reads the folder', () => {
  it('analyse ZIP gives the analysis of the folder, in either view', async () => {
    for (const [dir, args] of [[DEMO, []], [MULTI, []], [MULTI, ['--view', 'local']]] as Array<[string, string[]]>) {
      const zip = zipOf(dir, `${dir.replace(/\W/g, '-')}.zip`);
      const fromZip = await cliJson('analyse', zip, '--json', ...args);
      expect(fromZip).toEqual(await cliJson('analyse', dir, '--json', ...args));
      expect((fromZip as { headends: string[] }).headends.length).toBeGreaterThan(0);
    }
  });

  it('a file that starts as a zip and is not one is invalid input, exit 1, with one clear line', async () => {
    const broken = join(work, 'broken.zip');
    writeFileSync(broken, Buffer.from('PK\x03\x04 not a zip at all'));
    const { code, stderr } = await runCli('analyse', broken);
    expect(code).toBe(1);
    expect(stderr).toMatch(/not a readable zip archive/);
    expect(stderr).not.toMatch(/\bat .*:\d+:\d+/);
  });
});
