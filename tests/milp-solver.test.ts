import { describe, expect, it } from 'vitest';
import { type LinearProblem, loadMilpSolver } from '../src/planning/milp/milp-solver.js';
import { prng } from './support/random-network.js';

/** The best 0–1 assignment by trying all of them: the reference for small programmes. */
function bruteForce(problem: LinearProblem): number | null {
  const n = problem.objective.length;
  let best: number | null = null;
  for (let mask = 0; mask < 1 << n; mask++) {
    const x = Array.from({ length: n }, (_, j) => (mask >> j) & 1);
    const feasible = problem.rows.every((r) => {
      const a = r.indices.reduce((t, j, k) => t + r.values[k] * x[j], 0);
      return a >= r.lower - 1e-9 && a <= r.upper + 1e-9;
    });
    if (!feasible) continue;
    const v = problem.objective.reduce((t, c, j) => t + c * x[j], 0);
    if (best === null || (problem.sense === 'maximize' ? v > best : v < best)) best = v;
  }
  return best;
}

function randomProblem(seed: number): LinearProblem {
  const random = prng(seed);
  const n = 4 + Math.floor(random() * 9);
  const whole = (k: number) => Math.floor(random() * k);
  const rows = Array.from({ length: 1 + whole(4) }, () => {
    const indices = [...new Set(Array.from({ length: 1 + whole(n) }, () => whole(n)))];
    const values = indices.map(() => 1 + whole(20));
    const total = values.reduce((t, v) => t + v, 0);
    return random() < 0.7 ? { indices, values, lower: Number.NEGATIVE_INFINITY, upper: Math.floor(total * random()) } : { indices, values, lower: Math.floor(total * random() * 0.5), upper: Number.POSITIVE_INFINITY };
  });
  return { sense: random() < 0.5 ? 'maximize' : 'minimize', objective: Array.from({ length: n }, () => whole(50) - 10), rows };
}

describe('the MILP solver (HiGHS)', () => {
  it('finds the brute-force optimum of 60 random 0–1 programmes, or proves them infeasible', async () => {
    const solver = await loadMilpSolver();
    let infeasible = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const problem = randomProblem(seed);
      const reference = bruteForce(problem);
      const result = solver.solve(problem);
      if (reference === null) {
        infeasible++;
        expect(result.status, `seed ${seed}`).toBe('infeasible');
        continue;
      }
      expect(result.status, `seed ${seed}`).toBe('optimal');
      expect(result.objective).toBeCloseTo(reference, 6);
      expect(result.gap).toBe(0);
      // The values it returns are a 0–1 assignment worth what it says.
      const x = [...result.values!];
      expect(x.every((v) => Math.abs(v - Math.round(v)) < 1e-6)).toBe(true);
      expect(problem.objective.reduce((t, c, j) => t + c * Math.round(x[j]), 0)).toBeCloseTo(reference, 6);
    }
    expect(infeasible).toBeLessThan(30);
  });

  it('bounds a programme by its LP relaxation', async () => {
    const solver = await loadMilpSolver();
    // max 3x + 2y + 4z, 2x + 3y + 5z ≤ 7.5: 7 in whole values, 7 + 1/3 relaxed (y = 1/6).
    const problem: LinearProblem = { sense: 'maximize', objective: [3, 2, 4], rows: [{ indices: [0, 1, 2], values: [2, 3, 5], lower: Number.NEGATIVE_INFINITY, upper: 7.5 }] };
    expect(solver.solve(problem).objective).toBe(7);
    expect(solver.solve(problem, { relax: true }).objective).toBeCloseTo(22 / 3, 9);
  });

  it('stops at its time limit with the best solution found and a proved bound', async () => {
    const solver = await loadMilpSolver();
    // A knapsack of 300 items of close weights and values: hard enough not to be proved in 0.1 s (HiGHS takes about 1.4 s here).
    const random = prng(7);
    const weights = Array.from({ length: 300 }, () => 10_000 + Math.floor(random() * 1_000));
    const problem: LinearProblem = {
      sense: 'maximize',
      objective: weights.map((w) => w + Math.floor(random() * 100)),
      rows: [{ indices: weights.map((_, j) => j), values: weights, lower: Number.NEGATIVE_INFINITY, upper: Math.floor(weights.reduce((t, w) => t + w, 0) / 2) + 0.5 }],
    };
    const result = solver.solve(problem, { timeLimitS: 0.1 });
    expect(result.status).toBe('time-limit');
    if (result.objective !== null) {
      expect(result.bound).not.toBeNull();
      expect(result.bound!).toBeGreaterThanOrEqual(result.objective);
      expect(result.gap).toBeGreaterThanOrEqual(0);
    }
    expect(() => solver.solve(problem, { timeLimitS: 0 })).toThrow(/time limit/);
  });
});
