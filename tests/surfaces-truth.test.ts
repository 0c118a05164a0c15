import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import type { Topology } from '../src/model/schema.js';
import { SOMME_FILE, listening } from './support/api.js';
import { bruteForceCut, bruteForceReport } from './support/brute-force.js';
import { cliJson } from './support/run-cli.js';

/**
 * Every surface — the CLI, the API through `inject`, the API on a listening server — checked
 * against the truth computed by definition (a brute force that removes each element and
 * searches again, tests/support/brute-force.ts), never against each other.
 */
const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as Topology;
const folder = mkdtempSync(join(tmpdir(), 'fibre-truth-'));
const file = (name: string, value: unknown) => {
  const path = join(folder, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

/** The topology with some redundancy links built, as sections: the network the brute force reads. */
function withLinks(topology: Topology, ids: readonly string[]): Topology {
  const links = (topology.redundancyLinks ?? []).filter((l) => ids.includes(l.id));
  return { ...topology, sections: [...topology.sections, ...links.map((l) => ({ id: l.id, from: l.a, to: l.b, lengthM: l.lengthM, owner: l.owner ?? 'SMSN' }))] };
}

const securedIn = (report: ReturnType<typeof bruteForceReport>) => new Set(report.nros.filter((n) => n.status === 'secured').map((n) => n.id));

// biome-ignore lint/suspicious/noExplicitAny: answers are read as free-form JSON
type Answer = Record<string, any>;

interface Surface {
  name: string;
  analyse(query: string, args: string[]): Promise<unknown>;
  cut(body: Record<string, unknown>, args: string[]): Promise<unknown>;
  rank(query: string, args: string[]): Promise<Answer>;
  plan(body: Record<string, unknown>, args: string[]): Promise<Answer>;
}

let app: FastifyInstance;
let base: string;
beforeAll(async () => {
  app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-truth-data-')), rateLimit: false });
  base = await listening(app);
});
afterAll(() => app.close());

const api = (send: (method: string, url: string, body?: unknown) => Promise<{ status: number; json: unknown }>) => {
  const ok = async (method: string, url: string, body?: unknown) => {
    const { status, json } = await send(method, url, body);
    expect(status).toBe(200);
    return json as Answer;
  };
  return {
    analyse: (query: string) => ok('GET', `/v1/topologies/somme/analysis${query}`),
    cut: (body: Record<string, unknown>) => ok('POST', '/v1/topologies/somme/cuts', body),
    rank: (query: string) => ok('GET', `/v1/topologies/somme/rankings${query}`),
    plan: (body: Record<string, unknown>) => ok('POST', '/v1/topologies/somme/plans', body),
  };
};

const surfaces: Surface[] = [
  {
    name: 'the CLI',
    analyse: (_query, args) => cliJson('analyse', SOMME_FILE, '--json', ...args),
    cut: (_body, args) => cliJson('cut', SOMME_FILE, '--json', ...args),
    rank: (_query, args) => cliJson('rank', SOMME_FILE, '--json', ...args),
    plan: (_body, args) => cliJson('plan', SOMME_FILE, '--json', ...args),
  },
  {
    name: 'the API (inject)',
    ...api(async (method, url, body) => {
      const res = await app.inject({ method: method as 'GET', url, ...(body !== undefined && { payload: body as object }) });
      return { status: res.statusCode, json: res.json() };
    }),
  },
  {
    name: 'the API (listening server)',
    ...api(async (method, url, body) => {
      const res = await fetch(`${base}${url}`, {
        method, ...(body !== undefined && { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
      });
      return { status: res.status, json: await res.json() };
    }),
  },
];

const flood = { type: 'Polygon', coordinates: [[[1.47, 50.16], [1.52, 50.16], [1.52, 50.2], [1.47, 50.2], [1.47, 50.16]]] };
const cuts: Array<[string, Record<string, unknown>, string[], Parameters<typeof bruteForceCut>[1]]> = [
  ['an owner', { owners: ['Level 3'] }, ['--owner', 'Level 3'], { owners: ['Level 3'] }],
  ['a risk group and a site', { riskGroups: ['bridge-somme-abbeville'], sites: ['POP-ABBEVILLE'] }, ['--risk-group', 'bridge-somme-abbeville', '--site', 'POP-ABBEVILLE'],
    { riskGroups: ['bridge-somme-abbeville'], sites: ['POP-ABBEVILLE'] }],
  ['two sections', { sections: ['S-017', 'S-040'] }, ['--section', 'S-017', '--section', 'S-040'], { sections: ['S-017', 'S-040'] }],
  // The box holds Cayeux-sur-Mer alone: the truth is the cut of that site.
  ['an area', { polygon: flood }, ['--polygon', file('flood.geojson', flood)], { sites: ['NRO-CAY'] }],
];

for (const surface of surfaces) {
  describe(`${surface.name} on the Somme network against the truth`, () => {
    for (const [query, args, options] of [
      ['', [], {}],
      ['?withLink=R-01&withLink=R-02&includePlanned=true', ['--with-link', 'R-01', '--with-link', 'R-02', '--include-planned'], { links: ['R-01', 'R-02'], includePlanned: true }],
      ['?headend=HE-AMIENS', ['--headend', 'HE-AMIENS'], { headends: ['HE-AMIENS'] }],
    ] as Array<[string, string[], { links?: string[]; includePlanned?: boolean; headends?: string[] }]>) {
      it(`analyses${query || ' by default'} as the brute force does`, async () => {
        const truth = bruteForceReport(withLinks(somme, options.links ?? []), { includePlanned: options.includePlanned, headends: options.headends });
        const { ownerImpact, ...report } = (await surface.analyse(query, args)) as Record<string, unknown>;
        const { ownerImpact: truthOwners, ...truthReport } = truth;
        expect(report).toEqual(truthReport);
        expect(ownerImpact).toEqual(truthOwners);
        if (!options.links) expect(truth.nros.some((n) => n.status === 'single-homed')).toBe(true);
      });
    }

    for (const [what, body, args, truthCut] of cuts) {
      it(`cuts ${what} as the brute force does`, async () => {
        const answer = (await surface.cut(body, args)) as Record<string, unknown>;
        expect(answer).toMatchObject(bruteForceCut(somme, truthCut));
        expect((answer.isolatedSites as string[]).length).toBeGreaterThan(0);
      });
    }

    it('ranks each seed link with the NROs it secures, as the brute force finds them', async () => {
      const rankings = await surface.rank('', []);
      const before = securedIn(bruteForceReport(somme));
      for (const link of rankings.links.links as Array<{ id: string; securedNros: string[]; unavailable?: string }>) {
        if (link.unavailable) continue;
        const after = securedIn(bruteForceReport(withLinks(somme, [link.id])));
        expect(link.securedNros, link.id).toEqual([...after].filter((id) => !before.has(id)).sort());
      }
    });

    it('plans under the budget, and secures what its links really secure', async () => {
      const budgetEur = 2_000_000;
      const plan = await surface.plan({ budgetEur, years: 3, mandatory: ['R-01'] }, ['--budget', String(budgetEur), '--years', '3', '--mandatory', 'R-01']);
      const selected = plan.selected as Array<{ id: string; kind: string; costEur: number }>;
      expect(plan.costEur).toBeLessThanOrEqual(budgetEur);
      expect(plan.costEur).toBe(selected.reduce((sum, w) => sum + w.costEur, 0));
      expect(selected.map((w) => w.id)).toContain('R-01');
      const links = selected.filter((w) => w.kind === 'redundancy link').map((w) => w.id);
      const truth = [...securedIn(bruteForceReport(withLinks(somme, links)))].filter((id) => !securedIn(bruteForceReport(somme)).has(id)).sort();
      expect(plan.value.securedNros).toEqual(truth);
      expect(truth.length).toBeGreaterThan(0);
    });
  });
}
