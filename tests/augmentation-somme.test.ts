import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { geometricCandidates } from '../src/planning/augmentation/geometric-candidates.js';
import { type AugmentationTarget, minCostAugmentation } from '../src/planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';

/**
 * The Somme network against an independent reference (scripts/oracle/generate_augmentation_somme.py):
 * the candidates made again from their definition in Python, the optimum by a flow MILP (two
 * edge-disjoint paths by Menger, scipy) rather than cuts, what a set secures by networkx.
 */

interface TargetReference {
  required: string[];
  unsecurable: string[];
  costEur: number;
  links: number;
  topologyLinks: { links: number; costEur: number; unmet: string[] };
}
interface ShareReference {
  share: number;
  budgetEur?: number;
  need: number;
  subscribersNotSecured: number;
  tooSmall?: boolean;
  cheapestEur?: number;
  costEur?: number;
  links?: number;
  subscribers?: number;
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/augmentation/somme.json', import.meta.url), 'utf8')) as {
  candidates: { id: string; a: string; b: string; lengthM: number; costEur: number; source: string }[];
  targets: Record<'every-nro' | 'risk-groups' | 'every-site', TargetReference>;
  share: ShareReference[];
};
const somme = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8')) as Topology;
const ORACLE = new URL('../scripts/oracle/generate_augmentation_somme.py', import.meta.url).pathname;

/** The sites networkx finds the Somme network plus these links brings to the target. */
function networkxMeeting(links: string[], target: string): string[] {
  const run = spawnSync('/usr/bin/python3', [ORACLE, '--check'], { input: JSON.stringify({ links, target }), encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

let solver: MilpSolver;
beforeAll(async () => {
  solver = await loadMilpSolver();
});

describe('the cheapest set of new links on the Somme network', () => {
  const candidates = geometricCandidates(somme);

  it('makes the candidates of their definition: pairs within 15 km, 1.3 × distance, 25 €/m, and the seed’s 14 links', () => {
    expect(candidates.map(({ id, a, b, lengthM, costEur, source }) => ({ id, a, b, lengthM, costEur, source }))).toEqual(reference.candidates);
    expect(candidates.filter((c) => c.source === 'topology')).toHaveLength(14);
  });

  for (const kind of ['every-nro', 'risk-groups', 'every-site'] as const) {
    it(`${kind}: exact, the reference's cost and number of links, a set networkx finds meeting the target; the seed's list against it`, () => {
      const truth = reference.targets[kind];
      const result = minCostAugmentation(somme, { candidates, solver, target: { kind } });
      expect(result.method).toMatch(/^MILP \(HiGHS 1\.15\.3/);
      expect(result.optimal).toBe(true);
      expect(result.solver.status).toBe('optimal');
      expect(result.solver.seconds).toBeLessThan(30);
      expect(result.costEur).toBe(truth.costEur);
      expect(result.lowerBoundEur).toBe(truth.costEur);
      expect(result.gap).toBe(0);
      expect(result.links).toHaveLength(truth.links);
      expect(result.required).toBe(truth.required.length);
      expect(result.unsecurable.map((u) => u.id)).toEqual(truth.unsecurable);
      const meeting = new Set(networkxMeeting(result.links.map((l) => l.id), kind));
      for (const site of truth.required) expect(meeting.has(site), site).toBe(true);
      // The seed's 14 links: 3 290 452 € by their rows (3 290 450 € declared), and they leave three NROs single-homed.
      expect(result.topologyLinks).toMatchObject({ links: 14, costEur: truth.topologyLinks.costEur, meetsTarget: false, unmet: truth.topologyLinks.unmet });
      expect(truth.topologyLinks.costEur).toBe(3_290_452);
      // The seed's table's columns on every link, and sums that add up.
      expect(result.costEur).toBe(result.links.reduce((s, l) => s + l.costEur, 0));
      for (const l of result.links) {
        expect(l.eurPerM).toBeCloseTo(l.costEur / l.lengthM, 9);
        if (l.subscribersSecured > 0) expect(l.eurPerSubscriber).toBeCloseTo(l.costEur / l.subscribersSecured, 9);
      }
      expect(result.links.map((l) => l.rank)).toEqual(result.links.map((_, i) => i + 1));
    });
  }

  for (const q of reference.share) {
    const target: AugmentationTarget = { kind: 'share', share: q.share, ...(q.budgetEur !== undefined && { budgetEur: q.budgetEur }) };
    it(`share ${q.share}${q.budgetEur === undefined ? '' : ` within ${q.budgetEur} €`}: the reference's answer`, () => {
      if (q.tooSmall) {
        let error: unknown;
        try {
          minCostAugmentation(somme, { candidates, solver, target });
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(InvalidOptionError);
        expect((error as InvalidOptionError).field).toBe('budgetEur');
        expect((error as Error).message).toContain(`costs ${q.cheapestEur} €: the cheapest feasible budget`);
        return;
      }
      const result = minCostAugmentation(somme, { candidates, solver, target });
      expect(result.optimal).toBe(true);
      expect(result.subscribersNotSecured).toBe(q.subscribersNotSecured);
      expect(result.costEur).toBe(q.costEur);
      expect(result.links).toHaveLength(q.links!);
      if (q.subscribers !== undefined) expect(result.subscribersSecured).toBe(q.subscribers);
      else expect(result.subscribersSecured).toBeGreaterThanOrEqual(q.need);
    });
  }

  it('without the topology’s links, by geometry alone, costs at least as much; beyond the exact limit, greedy costs more than the optimum and its LP bound less', () => {
    const optimum = reference.targets['every-nro'].costEur;
    const geometric = minCostAugmentation(somme, { candidates: candidates.filter((c) => c.source === 'geometry'), solver });
    expect(geometric.optimal).toBe(true);
    expect(geometric.costEur).toBeGreaterThanOrEqual(optimum);
    expect(geometric.topologyLinks).toBeNull();
    const greedy = minCostAugmentation(somme, { candidates, solver, exactLimit: 100 });
    expect(greedy.method).toMatch(/^greedy with LP lower bound/);
    expect(greedy.optimal).toBe(false);
    expect(greedy.costEur).toBeGreaterThanOrEqual(optimum);
    expect(greedy.lowerBoundEur).toBeLessThanOrEqual(optimum);
    expect(greedy.gap).toBeCloseTo((greedy.costEur - greedy.lowerBoundEur) / greedy.costEur, 12);
    expect(greedy.warnings[0]).toContain('more than the exact limit of 100');
  });
});
