import { spawnSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import type { Topology } from '../src/model/schema.js';
import { type AugmentationCandidate, geometricCandidates } from '../src/planning/augmentation/geometric-candidates.js';
import { minCostAugmentation } from '../src/planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';

/**
 * The limits of the exact method on a generated network of 1 000 sections and about 500
 * candidates: a time limit too short to prove anything gives the best set found, which networkx
 * (scripts/oracle/generate_augmentation.py --check) finds meeting the target, and its gap; the
 * heuristic beyond the exact limit costs more than the optimum, and its LP bound less.
 */

const ORACLE = new URL('../scripts/oracle/generate_augmentation.py', import.meta.url).pathname;

/** The analysed sites networkx finds the network plus `chosen` brings to the target. */
function networkxMeeting(topology: Topology, candidates: readonly AugmentationCandidate[], chosen: readonly string[], target: string): Set<string> {
  // The oracle reads every site and section as existing: give it the analysed part only.
  const sites = topology.sites.filter((s) => (s.status ?? 'existing') === 'existing');
  const ids = new Set(sites.map((s) => s.id));
  const sections = topology.sections.filter((s) => (s.status ?? 'existing') === 'existing' && ids.has(s.from) && ids.has(s.to));
  const input = JSON.stringify({ topology: { ...topology, sites, sections }, candidates, chosen, target });
  const run = spawnSync('/usr/bin/python3', [ORACLE, '--check'], { input, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (run.status !== 0) throw new Error(run.stderr);
  return new Set(JSON.parse(run.stdout));
}

describe('minimum-cost augmentation at its limits', () => {
  const topology = fibreNetwork({ sections: 1_000, seed: 1 });
  const candidates = geometricCandidates(topology, { radiusM: 40_000 });
  let solver: MilpSolver;
  beforeAll(async () => {
    solver = await loadMilpSolver();
  });

  it('out of time: the best set found, meeting the target, with its gap to a bound below the optimum', () => {
    expect(candidates.length).toBeGreaterThan(300);
    const exact = minCostAugmentation(topology, { candidates, solver, timeLimitS: 120 });
    expect(exact.optimal).toBe(true);
    const hurried = minCostAugmentation(topology, { candidates, solver, timeLimitS: 0.01 });
    expect(hurried.optimal).toBe(false);
    expect(hurried.solver.status).toBe('time-limit');
    expect(hurried.warnings.some((w) => w.includes('stopped (time-limit)'))).toBe(true);
    expect(hurried.lowerBoundEur).toBeLessThanOrEqual(exact.costEur);
    expect(hurried.costEur).toBeGreaterThanOrEqual(exact.costEur);
    expect(hurried.gap).toBeCloseTo((hurried.costEur - hurried.lowerBoundEur) / hurried.costEur, 12);
    expect(hurried.gap).toBeGreaterThan(0);

    const nro = new Set(topology.sites.filter((s) => s.kind === 'nro').map((s) => s.id));
    const before = networkxMeeting(topology, candidates, [], 'every-nro');
    const reachable = networkxMeeting(topology, candidates, candidates.map((c) => c.id), 'every-nro');
    const required = [...reachable].filter((v) => nro.has(v) && !before.has(v));
    expect(required.length).toBe(hurried.required);
    const met = networkxMeeting(topology, candidates, hurried.links.map((l) => l.id), 'every-nro');
    expect(required.filter((v) => !met.has(v))).toEqual([]);
    expect(hurried.unsecurable.map((u) => u.id).sort()).toEqual([...nro].filter((v) => !before.has(v) && !reachable.has(v) && topology.sites.find((s) => s.id === v)!.status !== 'planned').sort());
  }, 300_000);

  it('beyond the exact limit: greedy and prune, above the optimum; the LP relaxation below it', () => {
    const exact = minCostAugmentation(topology, { candidates, solver, timeLimitS: 120 });
    const greedy = minCostAugmentation(topology, { candidates, solver, exactLimit: candidates.length - 1 });
    expect(greedy.method).toMatch(/^greedy with LP lower bound/);
    expect(greedy.costEur).toBeGreaterThanOrEqual(exact.costEur);
    expect(greedy.lowerBoundEur).toBeLessThanOrEqual(exact.costEur);
    expect(greedy.securedNros).toEqual(exact.securedNros);
    // No link of the greedy's set adds nothing given the rest: each is the only way for some NRO.
    for (const l of greedy.links) expect(l.securedNros.length, l.id).toBeGreaterThan(0);
  }, 300_000);
});
