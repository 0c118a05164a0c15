import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliJson, runCli } from './support/run-cli.js';
import { SOMME_FILE } from './support/api.js';

const root = join(import.meta.dirname, '..');

interface OracleCase {
  topology: string;
  network: { includePlanned: boolean; withLinks: string[] };
  routes: Array<{ from: string; to: string; lengthM: number | null; hops: number | null }>;
}
const cases = JSON.parse(readFileSync(join(root, 'tests/fixtures/routes/routes.json'), 'utf8')).cases as OracleCase[];

/** A fixture's topology written as a file of its own, for the CLI. */
function fileOf(path: string): string {
  const document = JSON.parse(readFileSync(join(root, path), 'utf8'));
  const file = join(mkdtempSync(join(tmpdir(), 'fibre-route-cli-')), 'topology.json');
  writeFileSync(file, JSON.stringify(document.topology ?? document));
  return file;
}

const networkFlags = (network: OracleCase['network']) => [
  ...(network.includePlanned ? ['--include-planned'] : []),
  ...network.withLinks.flatMap((id) => ['--with-link', id]),
];

describe('fibre-resilience route', () => {
  it('prints the NetworkX shortest length (and with --hops the fewest sections) as --json', async () => {
    for (const c of cases.filter((x) => x.topology.includes('somme') || x.topology.includes('islands'))) {
      const file = fileOf(c.topology);
      for (const expected of c.routes.slice(0, 12)) {
        const args = ['route', file, '--from', expected.from, '--to', expected.to, ...networkFlags(c.network), '--json'];
        const byLength = await cliJson<{ lengthM: number | null; found: boolean; sections: string[] }>(...args);
        expect(byLength.lengthM, `${expected.from} → ${expected.to}`).toBe(expected.lengthM);
        expect(byLength.found).toBe(expected.lengthM !== null);
        const byHops = await cliJson<{ hops: number | null; weight: string }>(...args, '--hops');
        expect(byHops).toMatchObject({ weight: 'hops', hops: expected.hops });
      }
    }
  });

  it('prints the route as a table, section by section, with the running total', async () => {
    const json = await cliJson<{ lengthM: number; hops: number; sections: string[] }>('route', SOMME_FILE, '--from', 'NRO-CAY', '--to', 'HE-AMIENS', '--json');
    const { code, stdout, stderr } = await runCli('route', SOMME_FILE, '--from', 'NRO-CAY', '--to', 'HE-AMIENS');
    expect([code, stderr]).toEqual([0, '']);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Route NRO-CAY → HE-AMIENS (shortest by length): ${json.hops} section(s), ${json.lengthM.toLocaleString('en').replace(/,/g, '\u202f')} m`);
    const rows = lines.slice(3);
    expect(rows.map((r) => r.trim().split(/\s+/)[1])).toEqual(json.sections);
    expect(rows.at(-1)!.trim().endsWith(json.lengthM.toLocaleString('en').replace(/,/g, '\u202f'))).toBe(true);
  });

  it('says so when no path joins the sites, and exits 0', async () => {
    const islands = cases.find((c) => c.topology.includes('islands'))!;
    const none = islands.routes.find((r) => r.lengthM === null)!;
    const { code, stdout } = await runCli('route', fileOf(islands.topology), '--from', none.from, '--to', none.to);
    expect(code).toBe(0);
    expect(stdout).toMatch(/: none — no path joins .* different connected parts/);
  });

  it('exits 1 for an unknown site (naming its option) and 2 for a missing one', async () => {
    const unknown = await runCli('route', SOMME_FILE, '--from', 'NRO-CAY', '--to', 'NOWHERE');
    expect(unknown).toMatchObject({ code: 1, stdout: '' });
    expect(unknown.stderr).toBe('route: --to: unknown site "NOWHERE"\n');
    const missing = await runCli('route', SOMME_FILE, '--to', 'HE-AMIENS');
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toMatch(/^route: --from: name the site the route starts at\nusage: fibre-resilience route FILE --from ID --to ID/);
    expect((await runCli('--help')).stdout).toMatch(/\n {2}route +the shortest route between two sites/);
  });
});
