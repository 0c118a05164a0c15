import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { listening } from './support/api.js';
import { runCli } from './support/run-cli.js';

/**
 * `propose` on every surface: the CLI and the API (app.inject and a real listening server) call
 * the same request function and answer the same document; bad input is a usage error (exit 2)
 * or a 400 naming the field. What the answer holds is checked against the references in
 * tests/augmentation-oracle.test.ts and tests/augmentation-somme.test.ts.
 */

const SOMME = 'topology/somme.json';
/** The document without what depends on the run: the solver's seconds. */
const stable = (answer: { solver: Record<string, unknown> }) => ({ ...answer, solver: { ...answer.solver, seconds: 0 } });

describe('propose on the CLI and the API', () => {
  let app: FastifyInstance;
  let base: string;
  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-propose-')), rateLimit: false });
    base = await listening(app);
  });
  afterAll(() => app.close());

  it('answers the same document on the CLI, through app.inject and over a real connection', async () => {
    const cli = await runCli('propose', SOMME, '--json', '--radius', '12000', '--with-link', 'R-06');
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    const fromCli = JSON.parse(cli.stdout);
    expect(fromCli.costEur).toBe(fromCli.links.reduce((s: number, l: { costEur: number }) => s + l.costEur, 0));
    expect(fromCli.links.map((l: { id: string }) => l.id)).not.toContain('R-06');

    const injected = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals?withLink=R-06', payload: { radiusM: 12000 } });
    expect(injected.statusCode).toBe(200);
    expect(stable(injected.json())).toEqual(stable(fromCli));

    const res = await fetch(`${base}/v1/topologies/somme/proposals?withLink=R-06`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ radiusM: 12000 }) });
    expect(res.status).toBe(200);
    expect(stable(await res.json())).toEqual(stable(fromCli));
  });

  it('takes a share and a budget alike on both surfaces', async () => {
    const cli = await runCli('propose', SOMME, '--json', '--share', '50%', '--budget', '1 500 000 €', '--time-limit', '60');
    expect(cli.code).toBe(0);
    const fromCli = JSON.parse(cli.stdout);
    expect(fromCli.target).toEqual({ kind: 'share', share: 0.5, budgetEur: 1_500_000 });
    expect(fromCli.costEur).toBeLessThanOrEqual(1_500_000);
    const api = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', payload: { share: 0.5, budgetEur: 1_500_000, timeLimitS: 60 } });
    expect(stable(api.json())).toEqual(stable(fromCli));
  });

  it('gives the proposed links as one GeoJSON layer of MultiLineStrings', async () => {
    const json = (await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', payload: {} })).json();
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', headers: { accept: 'application/geo+json' }, payload: {} });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/geo+json');
    const layer = res.json();
    expect(layer.costEur).toBe(json.costEur);
    expect(layer.features.map((f: { properties: { id: string } }) => f.properties.id)).toEqual(json.links.map((l: { id: string }) => l.id));
    expect(new Set(layer.features.map((f: { geometry: { type: string } }) => f.geometry.type))).toEqual(new Set(['MultiLineString']));
    expect(layer.features[0].properties.featureType).toBe('proposedLink');
  });

  it('prints the seed’s table, the total, the bound and the method; CSV for a spreadsheet', async () => {
    const { code, stdout } = await runCli('propose', SOMME);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^rank +link +NRO A +NRO B +length \(m\) +cost \(€\) +€\/m +NROs secured +subscribers +€\/subscriber +source/m);
    expect(stdout).toMatch(/^Total: \d+ links, [\d\u202f]+ m, [\d\u202f]+ €; secures \d+ NROs/m);
    expect(stdout).toMatch(/^Lower bound: [\d\u202f]+ €/m);
    expect(stdout).toMatch(/^Method: MILP \(HiGHS 1\.15\.3.*proved optimal \(gap 0 %\)/m);
    expect(stdout).toMatch(/^The topology's own list: 14 links, 3\u202f290\u202f452 €, does not meet the target/m);
    const csv = await runCli('propose', SOMME, '--csv');
    expect(csv.code).toBe(0);
    expect(csv.stdout.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.stdout.slice(1).split('\r\n');
    expect(lines[0].split(';').slice(0, 4)).toEqual(['rank', 'id', 'NRO A', 'NRO B']);
    expect(lines.find((l) => l.startsWith('total;'))).toBeDefined();
  });

  it('refuses a share outside [0, 1]: 400 naming the field, exit 2 naming the flag', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', payload: { share: 1.5 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ field: 'share' });
    const cli = await runCli('propose', SOMME, '--share', '1.5');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^propose: --share: /m);
  });

  it('refuses a budget below the cheapest set reaching the share, saying what that set costs', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', payload: { share: 0.9, budgetEur: 100_000 } });
    expect(res.statusCode).toBe(400);
    const error = res.json();
    expect(error.details[0].field).toBe('budgetEur');
    expect(error.message).toMatch(/^budgetEur: a budget of 100000 € is too small: the cheapest set securing 90 % of the 42000 subscribers not secured today costs \d+ €: the cheapest feasible budget$/);
    const cli = await runCli('propose', SOMME, '--share', '0.9', '--budget', '100000');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('propose: --budget: a budget of 100000 € is too small');
    expect(cli.stderr).toContain(error.message.match(/costs \d+ €/)![0]);
  });

  it('refuses a share with another target, and unknown fields and query parameters', async () => {
    const both = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', payload: { target: 'every-nro', share: 0.5 } });
    expect(both.statusCode).toBe(400);
    expect(both.json().details[0].field).toBe('share');
    const unknown = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals', payload: { radius: 3 } });
    expect(unknown.statusCode).toBe(400);
    const query = await app.inject({ method: 'POST', url: '/v1/topologies/somme/proposals?radiusM=3', payload: {} });
    expect(query.statusCode).toBe(400);
    expect(query.json().details[0]).toMatchObject({ field: 'radiusM', in: 'query' });
    const cli = await runCli('propose', SOMME, '--target', 'everything');
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/^propose: --target: /m);
  });
});
