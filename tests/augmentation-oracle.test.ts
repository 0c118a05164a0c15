import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../src/model/schema.js';
import { InvalidOptionError } from '../src/model/errors.js';
import type { AugmentationCandidate } from '../src/planning/augmentation/geometric-candidates.js';
import { type Augmentation, type AugmentationTarget, minCostAugmentation } from '../src/planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';

/**
 * The augmentation against brute force: every subset of at most 16 candidates tried by a
 * NetworkX script (scripts/oracle/generate_augmentation.py), which decides by definition
 * (edge connectivity to a super head-end, risk groups removed) which subsets meet each target.
 */

interface TargetOracle {
  required: string[];
  unsecurable: string[];
  costEur: number;
  links: number;
  optimalSets: string[][];
  /** For each optimal set, by link: what it secures that the set without it does not, and of those what it secures alone. */
  linkFigures: Record<string, { securedNros: string[]; securedAlone: string[] }>[];
  feasible: string;
}
interface ShareQuery {
  share: number;
  budgetEur?: number;
  need: number;
  unreachable?: boolean;
  tooSmall?: boolean;
  cheapestEur?: number;
  costEur?: number;
  links?: number;
  subscribers?: number | number[];
  optimalSets?: string[][];
}
interface Case {
  name: string;
  topology: Topology;
  candidates: AugmentationCandidate[];
  targets: Record<'every-nro' | 'risk-groups' | 'every-site', TargetOracle>;
  share?: { subscribersNotSecured: number; queries: ShareQuery[] };
}

const { cases } = JSON.parse(readFileSync(new URL('./fixtures/augmentation/networks.json', import.meta.url), 'utf8')) as { cases: Case[] };

let solver: MilpSolver;
beforeAll(async () => {
  solver = await loadMilpSolver();
});

const ids = (result: Augmentation) => result.links.map((l) => l.id).sort();
const sorted = (sets: string[][]) => sets.map((s) => [...s].sort());
const maskOf = (c: Case, chosen: readonly string[]) => c.candidates.reduce((m, cand, k) => (chosen.includes(cand.id) ? m | (1 << k) : m), 0);
const feasible = (oracle: TargetOracle, mask: number) => (Number.parseInt(oracle.feasible[mask >> 2], 16) >> (mask & 3)) & 1;
const run = (c: Case, target: AugmentationTarget, exactLimit?: number) =>
  minCostAugmentation(c.topology, { candidates: c.candidates, solver, target, ...(exactLimit !== undefined && { exactLimit }) });

describe('minimum-cost augmentation against brute force (NetworkX)', () => {
  it('has enough cases, of every kind', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(Math.max(...cases.map((c) => c.candidates.length))).toBe(16);
    // The targets differ somewhere, some sites cannot be secured, and some optima tie.
    expect(cases.some((c) => c.targets['risk-groups'].costEur > c.targets['every-nro'].costEur)).toBe(true);
    expect(cases.some((c) => c.targets['every-nro'].unsecurable.length > 0)).toBe(true);
    expect(cases.some((c) => c.targets['every-site'].optimalSets.length > 1)).toBe(true);
  });

  for (const c of cases) {
    it(`${c.name}: the MILP's set is one of the cheapest (then fewest links), for every target; the greedy's costs more and its LP bound less`, () => {
      for (const kind of ['every-nro', 'risk-groups', 'every-site'] as const) {
        const oracle = c.targets[kind];
        const exact = run(c, { kind });
        const label = `${c.name} ${kind}`;
        expect(exact.optimal, label).toBe(true);
        expect(exact.costEur, label).toBe(oracle.costEur);
        expect(exact.gap, label).toBe(0);
        expect(sorted(oracle.optimalSets), label).toContainEqual(ids(exact));
        const figures = oracle.linkFigures[sorted(oracle.optimalSets).findIndex((set) => JSON.stringify(set) === JSON.stringify(ids(exact)))];
        for (const link of exact.links) {
          const truth = figures[link.id];
          expect(link.securedNros, `${label} ${link.id}`).toEqual(truth.securedNros);
          // It needs others exactly when it does not secure all of them alone.
          expect(link.alsoNeeds.length > 0, `${label} ${link.id}`).toBe(truth.securedAlone.length < truth.securedNros.length);
        }
        expect(exact.unsecurable.map((u) => u.id), label).toEqual(oracle.unsecurable);
        expect(exact.required, label).toBe(oracle.required.length);

        const greedy = run(c, { kind }, 0);
        expect(greedy.method, label).toMatch(/^greedy with LP lower bound/);
        expect(feasible(oracle, maskOf(c, ids(greedy))), `${label}: greedy set feasible`).toBe(1);
        expect(greedy.costEur, label).toBeGreaterThanOrEqual(oracle.costEur);
        expect(greedy.lowerBoundEur, label).toBeLessThanOrEqual(oracle.costEur + 1e-6);
        expect(greedy.lowerBoundEur, label).toBeGreaterThanOrEqual(0);
      }
    });
  }

  for (const c of cases.filter((x) => x.share)) {
    it(`${c.name}: a share of the subscribers, with and without a budget`, () => {
      for (const q of c.share!.queries) {
        const target: AugmentationTarget = { kind: 'share', share: q.share, ...(q.budgetEur !== undefined && { budgetEur: q.budgetEur }) };
        const label = `${c.name} ${JSON.stringify(target)}`;
        if (q.unreachable || q.tooSmall) {
          let error: unknown;
          try {
            run(c, target);
          } catch (e) {
            error = e;
          }
          expect(error, label).toBeInstanceOf(InvalidOptionError);
          expect((error as InvalidOptionError).field, label).toBe(q.unreachable ? 'share' : 'budgetEur');
          if (q.tooSmall) expect((error as Error).message, label).toContain(`costs ${q.cheapestEur} €: the cheapest feasible budget`);
          continue;
        }
        const exact = run(c, target);
        expect(exact.optimal, label).toBe(true);
        expect(exact.costEur, label).toBe(q.costEur);
        expect(exact.links.length, label).toBe(q.links);
        expect(sorted(q.optimalSets!), label).toContainEqual(ids(exact));
        expect(exact.subscribersNotSecured, label).toBe(c.share!.subscribersNotSecured);
        if (q.budgetEur === undefined) expect(q.subscribers as number[], label).toContain(exact.subscribersSecured);
        else expect(exact.subscribersSecured, label).toBe(q.subscribers);

        const greedy = run(c, target, 0);
        expect(greedy.subscribersSecured, label).toBeGreaterThanOrEqual(q.need);
        if (q.budgetEur === undefined) expect(greedy.costEur, label).toBeGreaterThanOrEqual(q.costEur!);
        else {
          expect(greedy.costEur, label).toBeLessThanOrEqual(q.budgetEur);
          expect(greedy.subscribersSecured, label).toBeLessThanOrEqual(q.subscribers as number);
          expect(greedy.subscribersBound, label).toBeGreaterThanOrEqual(q.subscribers as number);
        }
        expect(greedy.lowerBoundEur, label).toBeLessThanOrEqual((q.budgetEur === undefined ? q.costEur! : greedy.costEur) + 1e-6);
      }
    });
  }
});
