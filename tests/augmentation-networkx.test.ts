import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { reachableSites } from '../src/analysis/reachability.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import type { AugmentationCandidate } from '../src/planning/augmentation/geometric-candidates.js';
import { minCostAugmentation } from '../src/planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';

// Written by scripts/oracle/generate_augmentation_zoo.py (tests/fixtures/augmentation-zoo/README.md).
interface Fixture {
  name: string;
  topology: Topology;
  candidates: AugmentationCandidate[];
  networkx: { costEur: number; links: string[] };
  /** NetworkX's algorithm keeping the lightest arc of its metagraph (bench/networkx_augmentation.py). */
  lightestArcs: { costEur: number; links: string[] };
  optimum: { costEur: number; links: string[] };
}

const folder = join(import.meta.dirname, 'fixtures/augmentation-zoo');
const fixtures = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')) as Fixture);

/** Every analysed site reaches a head-end and no section is a bridge, by the engine's analysis, once the links are built. */
function everySiteSecured(topology: Topology, candidates: readonly AugmentationCandidate[], ids: readonly string[]): boolean {
  const chosen = candidates.filter((c) => ids.includes(c.id));
  expect(chosen.length).toBe(new Set(ids).size);
  const redundancyLinks = chosen.map((c) => ({ id: c.id, priority: 1, a: c.a, b: c.b, lengthM: c.lengthM, costEur: c.costEur, owner: c.owner }));
  const net = compileNetwork({ ...topology, redundancyLinks }, { withLinks: ids });
  return reachableSites(net).every(Boolean) && resilienceReport(net).bridges.length === 0;
}

const costOf = (fixture: Fixture, ids: readonly string[]) => fixture.candidates.filter((c) => ids.includes(c.id)).reduce((s, c) => s + c.costEur, 0);

describe('every-site augmentation against NetworkX k_edge_augmentation(k=2) (tests/fixtures/augmentation-zoo)', () => {
  let solver: MilpSolver;
  beforeAll(async () => {
    solver = await loadMilpSolver();
  });

  it('has the Zoo networks and the generated ones', () => {
    expect(fixtures.map((f) => f.name)).toEqual(expect.arrayContaining(['zoo-geant2012', 'zoo-renater2010', 'zoo-interoute', 'zoo-colt', 'generated-200-seed-7']));
  });

  describe.each(fixtures.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const { topology, candidates } = fixture;

    it("NetworkX's links and the optimum's secure every site by the engine's analysis too (same merged graph)", () => {
      for (const answer of [fixture.networkx, fixture.lightestArcs, fixture.optimum]) {
        expect(everySiteSecured(topology, candidates, answer.links)).toBe(true);
        expect(costOf(fixture, answer.links)).toBe(answer.costEur);
        expect(answer.costEur).toBeGreaterThanOrEqual(fixture.optimum.costEur);
      }
    });

    it('the MILP reaches the optimum, proved, and is never costlier than NetworkX', () => {
      const result = minCostAugmentation(topology, { candidates, target: { kind: 'every-site' }, solver, timeLimitS: 60, exactLimit: candidates.length });
      expect(result.unsecurable).toEqual([]);
      expect(result.optimal).toBe(true);
      expect(result.gap).toBe(0);
      expect(result.costEur).toBe(fixture.optimum.costEur);
      expect(result.costEur).toBeLessThanOrEqual(fixture.networkx.costEur);
      expect(everySiteSecured(topology, candidates, result.links.map((l) => l.id))).toBe(true);
    });

    it('the heuristic (exactLimit 0) is feasible, between its LP bound and NetworkX, within 10 % of the optimum', () => {
      const result = minCostAugmentation(topology, { candidates, target: { kind: 'every-site' }, solver, timeLimitS: 60, exactLimit: 0 });
      expect(result.unsecurable).toEqual([]);
      expect(everySiteSecured(topology, candidates, result.links.map((l) => l.id))).toBe(true);
      expect(result.costEur).toBeGreaterThanOrEqual(fixture.optimum.costEur);
      expect(result.lowerBoundEur).toBeLessThanOrEqual(fixture.optimum.costEur + 1e-6);
      expect(result.costEur).toBeLessThanOrEqual(fixture.networkx.costEur);
      expect(result.costEur).toBeLessThanOrEqual(fixture.optimum.costEur * 1.1);
    });
  });
});
