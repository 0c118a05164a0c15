import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { topologyFromJSON } from '../src/io/read-topology.js';
import type { Topology } from '../src/model/schema.js';
import { proposeCandidateLinks } from '../src/planning/candidate-links.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';
import { exactSelection } from '../src/planning/plan/exact.js';
import { lazyGreedySelection } from '../src/planning/plan/lazy-greedy.js';
import { type Item, planObjective } from '../src/planning/plan/objective.js';
import { planInvestments } from '../src/planning/plan/plan.js';

const somme = () => topologyFromJSON(JSON.parse(readFileSync('topology/somme.json', 'utf8')));
const itemsOf = (t: Topology): Item[] => [...(t.redundancyLinks ?? []), ...(t.desaturationWorks ?? [])].map((w) => ({ id: w.id, costEur: w.costEur }));

describe('the plan on the Somme network', () => {
  const topology = somme();
  const objective = planObjective(topology);
  const items = itemsOf(topology);

  it('exact equals brute force on a 12-work slice of the seed', () => {
    const slice = [...items.slice(0, 7), ...items.slice(14, 19)];
    for (const budget of [300_000, 700_000, 1_200_000]) {
      let best = { score: -1, cleared: -1, cost: 0 };
      for (let mask = 0; mask < 1 << slice.length; mask++) {
        const set = slice.filter((_, i) => (mask >> i) & 1);
        const cost = set.reduce((t, i) => t + i.costEur, 0);
        if (cost > budget) continue;
        const v = objective.value(set.map((i) => i.id));
        if (v.score > best.score || (v.score === best.score && (v.sectionsCleared > best.cleared || (v.sectionsCleared === best.cleared && cost < best.cost)))) {
          best = { score: v.score, cleared: v.sectionsCleared, cost };
        }
      }
      const exact = exactSelection(slice, budget, objective.value);
      expect([exact.value.score, exact.value.sectionsCleared, exact.costEur]).toEqual([best.score, best.cleared, best.cost]);
    }
  });

  it('lazy greedy against the exact optimum on the seed’s 25 works, budget by budget', () => {
    const gaps: string[] = [];
    let total = 0;
    const budgets = [100_000, 250_000, 500_000, 750_000, 1_000_000, 1_500_000, 2_000_000, 2_500_000, 3_000_000, 3_500_000];
    for (const budget of budgets) {
      const exact = exactSelection(items, budget, objective.value);
      const greedy = lazyGreedySelection(items, budget, objective.value, { bundles: objective.bundles() });
      expect(exact.proved).toBe(true);
      expect(greedy.costEur).toBeLessThanOrEqual(budget);
      expect(greedy.value.score).toBeLessThanOrEqual(exact.value.score);
      const gap = 1 - greedy.value.score / exact.value.score;
      total += gap;
      gaps.push(`${budget / 1000} k€: ${(gap * 100).toFixed(2)} %`);
    }
    console.info(`Somme, 25 candidates, greedy gap to the exact optimum — ${gaps.join(', ')}`);
    expect(total / budgets.length).toBeLessThan(0.05);
  });

  it('lazy greedy against the exact optimum with 48 candidates (the seed’s works and a proposed link per single-homed NRO)', () => {
    const proposals = proposeCandidateLinks(topology, { afterLinks: [], perNro: 1 }).links;
    const wider: Topology = {
      ...topology,
      redundancyLinks: [...topology.redundancyLinks!, ...proposals.map(({ id, priority, a, b, lengthM, costEur, owner }) => ({ id, priority, a, b, lengthM, costEur, owner }))],
    };
    const wide = planObjective(wider);
    const all = itemsOf(wider);
    expect(all.length).toBe(48);
    const gaps: string[] = [];
    for (const budget of [250_000, 500_000]) {
      const exact = exactSelection(all, budget, wide.value);
      const greedy = lazyGreedySelection(all, budget, wide.value, { bundles: wide.bundles() });
      expect(exact.proved).toBe(true);
      expect(greedy.value.score).toBeLessThanOrEqual(exact.value.score);
      expect(greedy.value.score).toBeGreaterThanOrEqual(0.9 * exact.value.score);
      gaps.push(`${budget / 1000} k€: ${((1 - greedy.value.score / exact.value.score) * 100).toFixed(2)} % (${exact.nodes} nodes)`);
    }
    console.info(`Somme, 48 candidates, greedy gap to the exact optimum — ${gaps.join(', ')}`);
  });
});

describe('the MILP on the Somme network', () => {
  const topology = somme();
  let solver: MilpSolver;
  beforeAll(async () => {
    solver = await loadMilpSolver();
  });

  it('equals branch and bound on the seed’s 25 works, budget by budget', () => {
    const objective = planObjective(topology);
    const items = itemsOf(topology);
    for (const budget of [250_000, 500_000, 1_000_000, 2_000_000, 3_500_000]) {
      const exact = exactSelection(items, budget, objective.value);
      const plan = planInvestments(topology, { budgetEur: budget, solver });
      expect([plan.method, plan.optimal, plan.gap]).toEqual(['MILP (HiGHS 1.15.3)', true, 0]);
      expect([plan.value.score, plan.value.sectionsCleared, plan.costEur], `${budget} €`).toEqual([exact.value.score, exact.value.sectionsCleared, exact.costEur]);
    }
  }, 120_000);

  it('equals branch and bound with 48 candidates (a proposed link per single-homed NRO)', () => {
    const proposals = proposeCandidateLinks(topology, { afterLinks: [], perNro: 1 }).links;
    const wider: Topology = {
      ...topology,
      redundancyLinks: [...topology.redundancyLinks!, ...proposals.map(({ id, priority, a, b, lengthM, costEur, owner }) => ({ id, priority, a, b, lengthM, costEur, owner }))],
    };
    const wide = planObjective(wider);
    for (const budget of [250_000, 500_000]) {
      const exact = exactSelection(itemsOf(wider), budget, wide.value);
      const plan = planInvestments(wider, { budgetEur: budget, solver });
      expect([plan.candidates, plan.optimal, plan.gap]).toEqual([48, true, 0]);
      expect([plan.value.score, plan.value.sectionsCleared, plan.costEur], `${budget} €`).toEqual([exact.value.score, exact.value.sectionsCleared, exact.costEur]);
    }
  }, 120_000);

  it('is exact with all 25 seed works and every proposal (92 candidates), in seconds, at or above the greedy', () => {
    const figures: string[] = [];
    for (const budget of [500_000, 1_000_000, 2_000_000, 3_884_950]) {
      const start = performance.now();
      const plan = planInvestments(topology, { budgetEur: budget, years: 3, propose: true, solver });
      const ms = Math.round(performance.now() - start);
      expect([plan.candidates, plan.proposedCandidates, plan.method, plan.optimal, plan.gap]).toEqual([92, 67, 'MILP (HiGHS 1.15.3)', true, 0]);
      expect(plan.costEur).toBeLessThanOrEqual(budget);
      const greedy = planInvestments(topology, { budgetEur: budget, years: 3, propose: true, method: 'greedy' });
      expect(plan.value.score).toBeGreaterThanOrEqual(greedy.value.score);
      expect(ms).toBeLessThan(20_000);
      figures.push(`${budget / 1000} k€: ${plan.value.score} (greedy ${greedy.value.score}, −${((1 - greedy.value.score / plan.value.score) * 100).toFixed(2)} %), ${ms} ms, solver ${plan.solver!.seconds} s, ${plan.solver!.rounds} rounds`);
    }
    console.info(`Somme, 92 candidates (25 seed works + 67 proposals), MILP — ${figures.join('; ')}`);
  }, 120_000);
});
