import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { sweepCommand } from '../src/cli/commands/sweep.js';
import { UsageError } from '../src/cli/command.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { UnknownReferenceError } from '../src/model/errors.js';
import { failureSweepRequest } from '../src/requests/failure-sweep.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { SOMME_FILE } from './support/api.js';
import { textOf } from './support/run-cli.js';

const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME_FILE, 'utf8')));

/** `fibre-resilience sweep …` as the command line parses it (the command on its own: main.ts registers it). */
async function sweep(...argv: string[]) {
  const { positionals, values } = parseArgs({ args: argv, options: sweepCommand.options, allowPositionals: true, strict: true });
  const out: (string | Uint8Array)[] = [];
  let stderr = '';
  const code = await sweepCommand.run({ positionals, values }, { out: (t) => out.push(t), err: (t) => (stderr += t) });
  return { code, stdout: textOf(out), stderr };
}

describe('fibre-resilience sweep', () => {
  it('prints what was failed, the worst sections with the failures causing them, and the NROs cut off or left unprotected', async () => {
    const { code, stdout, stderr } = await sweep(SOMME_FILE);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const records = failureSweepRequest(new NetworkWorkspace(somme), {});
    expect(stdout).toContain('Failures swept one at a time: 135 sections, 112 sites, 4 risk groups, 5 owners\n');
    expect(stdout).toContain(`Sections under their worst failure: ${records.summary.sections.saturated} saturated`);
    expect(stdout).toContain('Sections failures push to near saturation or beyond, worst first:');
    const first = records.sections[0];
    const row = stdout.split('\n').find((line) => line.startsWith(`${first.section} `))!;
    expect(row).toContain(first.owner);
    expect(row).toContain(`${first.worst[0].failure.kind === 'riskGroup' ? 'risk group' : first.worst[0].failure.kind} ${first.worst[0].failure.id} (${first.worst[0].load.loadFibres})`);
    expect(stdout).toContain('NROs a failure cuts off (no route left), the most exposed first:');
    expect(stdout).toContain(`${records.nros[0].nro} `);
    expect(stdout).toContain('NROs a failure leaves with a route but no backup:');
  });

  it('writes with --json what the request answers, with its kinds, exclusions and options', async () => {
    const { code, stdout } = await sweep(SOMME_FILE, '--json', '--kind', 'risk-group', '--kind', 'owner', '--exclude-owner', 'divers',
      '--exclude-section', 'S-001', '--worst', '2', '--fibres-per-route', '4', '--diversity', 'section');
    expect(code).toBe(0);
    const answer = JSON.parse(stdout);
    const expected = failureSweepRequest(new NetworkWorkspace(somme), {
      kinds: ['riskGroup', 'owner'], exclude: { owners: ['divers'], sections: ['S-001'] }, worst: 2, fibresPerRoute: 4, diversity: 'section',
    });
    expect(answer).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(answer).toMatchObject({ kinds: ['riskGroup', 'owner'], worst: 2, fibresPerRoute: 4, diversity: 'section', failures: { section: 0, site: 0, riskGroup: 4, owner: 4 } });
    expect(answer.excluded).toEqual({ sections: ['S-001'], sites: [], riskGroups: [], owners: ['divers'] });
    expect(answer.sections.every((s: { worst: unknown[] }) => s.worst.length <= 2)).toBe(true);
  });

  it('refuses a wrong kind or count as usage, an unknown id naming its option', async () => {
    await expect(sweep(SOMME_FILE, '--kind', 'bridge')).rejects.toThrow(UsageError);
    await expect(sweep(SOMME_FILE, '--worst', '0')).rejects.toThrow(/--worst/);
    const error = await sweep(SOMME_FILE, '--exclude-section', 'S-999').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnknownReferenceError);
    expect(error).toMatchObject({ field: 'exclude.sections', id: 'S-999' });
    expect(sweepCommand.flags?.['exclude.sections']).toBe('--exclude-section');
  });

  it('tells its progress on stderr on a large network', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fibre-sweep-')), 'net.json');
    writeFileSync(file, JSON.stringify(fibreNetwork({ sections: 12_000, seed: 2 })));
    const { code, stdout, stderr } = await sweep(file, '--kind', 'section', '--kind', 'site', '--top', '3');
    expect(code).toBe(0);
    expect(stderr).toMatch(/^sweeping the failures of [\d\u202f]+ sites and [\d\u202f]+ sections…\n/);
    expect(stderr).toMatch(/sweep: \d+ % \(10\u202f000 of [\d\u202f]+ failures\)\n/);
    expect(stdout).toContain('… and ');
  }, 120_000);
});
