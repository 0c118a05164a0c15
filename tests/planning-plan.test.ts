import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from '../src/model/schema.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';
import { exactSelection } from '../src/planning/plan/exact.js';
import { A2_FUNDING, parseFunding, splitFunding } from '../src/planning/plan/funding.js';
import { lazyGreedySelection } from '../src/planning/plan/lazy-greedy.js';
import { type Item, planObjective, type SetFunction, type Value } from '../src/planning/plan/objective.js';
import { planInvestments, yearlyCaps } from '../src/planning/plan/plan.js';
import { scheduleByYear } from '../src/planning/plan/schedule.js';
import { planningNetwork } from './support/planning-network.js';
import { prng, randomNetwork } from './support/random-network.js';

/** Every subset, the naive way: the reference for the exact solver. */
function bruteForce(items: readonly Item[], budget: number, value: SetFunction) {
  let best: { value: Value; cost: number } | undefined;
  for (let mask = 0; mask < 1 << items.length; mask++) {
    const set = items.filter((_, i) => (mask >> i) & 1);
    if (items.some((it) => it.mandatory && !set.includes(it))) continue;
    const cost = set.reduce((t, it) => t + it.costEur, 0);
    if (cost > budget) continue;
    const v = value(set.map((it) => it.id));
    const better =
      !best ||
      v.score > best.value.score ||
      (v.score === best.value.score && (v.sectionsCleared > best.value.sectionsCleared || (v.sectionsCleared === best.value.sectionsCleared && cost < best.cost)));
    if (better) best = { value: v, cost };
  }
  return best;
}

/**
 * A random monotone objective with synergies: each "NRO" is won by any of a few groups of
 * items, all of a group being needed (a pair of links that only secure together), and each
 * "section" is cleared by any one of some items.
 */
function randomObjective(seed: number, n: number) {
  const random = prng(seed);
  const items: Item[] = Array.from({ length: n }, (_, i) => ({ id: `I${i}`, costEur: 1 + Math.floor(random() * 100), mandatory: random() < 0.08 }));
  const pick = () => items[Math.floor(random() * n)].id;
  const targets = Array.from({ length: 1 + Math.floor(random() * 2 * n) }, () => ({
    weight: Math.floor(random() * 1000),
    groups: Array.from({ length: 1 + Math.floor(random() * 3) }, () => [...new Set(Array.from({ length: 1 + Math.floor(random() * 2.5) }, pick))]),
  }));
  const sections = Array.from({ length: Math.floor(random() * n) }, () => [pick(), pick()]);
  const value: SetFunction = (ids) => {
    const has = new Set(ids);
    return {
      score: targets.filter((t) => t.groups.some((g) => g.every((id) => has.has(id)))).reduce((s, t) => s + t.weight, 0),
      sectionsCleared: sections.filter((s) => s.some((id) => has.has(id))).length,
    };
  };
  const total = items.reduce((t, i) => t + i.costEur, 0);
  return { items, value, budget: Math.floor(random() * total) };
}

describe('exact selection against brute force', () => {
  it('finds the optimum value at the optimum cost on random synergistic objectives', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 12 }), (seed, n) => {
        const { items, value, budget } = randomObjective(seed, n);
        const reference = bruteForce(items, budget, value);
        if (!reference) {
          expect(() => exactSelection(items, budget, value)).toThrow(/plan-exact: mandatory works cost/);
          return;
        }
        const result = exactSelection(items, budget, value);
        expect(result.proved).toBe(true);
        expect(result.value).toEqual(reference.value);
        expect(result.costEur).toBe(reference.cost);
        expect(value(result.ids)).toEqual(result.value);
        expect(result.ids.reduce((t, id) => t + items.find((i) => i.id === id)!.costEur, 0)).toBe(result.costEur);
        for (const i of items) if (i.mandatory) expect(result.ids).toContain(i.id);
      }),
      { numRuns: 400 },
    );
  });

  it('agrees with brute force on real networks: links analysed as sets, works through the saturation proxy', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 6, max: 20 }), (seed, sites) => {
        const topology = withRandomWorks(randomNetwork(seed, { sites, chords: seed % 5, headends: 1, plannedShare: 0 }), seed);
        const objective = planObjective(topology);
        const items: Item[] = [...(topology.redundancyLinks ?? []), ...(topology.desaturationWorks ?? [])].map((w) => ({ id: w.id, costEur: w.costEur }));
        const budget = (seed % 7) * 5000;
        const reference = bruteForce(items, budget, objective.value)!;
        const result = exactSelection(items, budget, objective.value);
        expect([result.value, result.costEur]).toEqual([reference.value, reference.cost]);
      }),
      { numRuns: 60 },
    );
  });

  it('throws when the mandatory works exceed the budget', () => {
    expect(() => exactSelection([{ id: 'a', costEur: 10, mandatory: true }], 5, () => ({ score: 0, sectionsCleared: 0 }))).toThrow(
      'plan-exact: mandatory works cost 10 €, more than the budget of 5 €',
    );
  });
});

describe('lazy greedy against the exact optimum', () => {
  it('stays within budget, keeps mandatory works, and its gap to the optimum is measured', () => {
    const gaps: number[] = [];
    let optimalCount = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { items, value, budget } = randomObjective(seed * 7919, 8 + (seed % 11));
      if (!bruteForce(items.filter((i) => i.mandatory), budget, value)) continue;
      const exact = exactSelection(items, budget, value);
      const greedy = lazyGreedySelection(items, budget, value);
      expect(greedy.costEur).toBeLessThanOrEqual(budget);
      for (const i of items) if (i.mandatory) expect(greedy.ids).toContain(i.id);
      expect(value(greedy.ids)).toEqual(greedy.value);
      // The exact optimum is never beaten.
      expect(greedy.value.score).toBeLessThanOrEqual(exact.value.score);
      const gap = exact.value.score === 0 ? 0 : 1 - greedy.value.score / exact.value.score;
      gaps.push(gap);
      if (gap === 0) optimalCount++;
    }
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const worst = Math.max(...gaps);
    console.info(`lazy greedy vs exact on ${gaps.length} random synergistic instances: optimal in ${optimalCount}, mean gap ${(mean * 100).toFixed(2)} %, worst ${(worst * 100).toFixed(1)} %`);
    expect(mean).toBeLessThan(0.1);
  });

  it('is optimal on a modular objective with a loose budget', () => {
    const items: Item[] = [10, 20, 30, 40].map((c, i) => ({ id: `x${i}`, costEur: c }));
    const value: SetFunction = (ids) => ({ score: ids.length * 5, sectionsCleared: 0 });
    expect(lazyGreedySelection(items, 100, value).ids.sort()).toEqual(['x0', 'x1', 'x2', 'x3']);
  });

  it('falls back to the best single item when it beats the greedy set', () => {
    // Greedy takes the cheap item (10 per €), leaving no room for the big one worth 100.
    const items: Item[] = [{ id: 'cheap', costEur: 1 }, { id: 'big', costEur: 10 }];
    const value: SetFunction = (ids) => ({ score: (ids.includes('cheap') ? 10 : 0) + (ids.includes('big') ? 100 : 0), sectionsCleared: 0 });
    const greedy = lazyGreedySelection(items, 10, value);
    expect([greedy.ids, greedy.chosenBy]).toEqual([['big'], 'best single']);
  });

  it('finds a pair that only pays together', () => {
    const items: Item[] = [{ id: 'a', costEur: 5 }, { id: 'b', costEur: 5 }, { id: 'c', costEur: 5 }];
    const value: SetFunction = (ids) => ({ score: ids.includes('a') && ids.includes('c') ? 50 : 0, sectionsCleared: 0 });
    expect(lazyGreedySelection(items, 10, value).ids.sort()).toEqual(['a', 'c']);
  });
});

describe('planInvestments on the hand-made network', () => {
  let solver: MilpSolver;
  beforeAll(async () => {
    solver = await loadMilpSolver();
  });

  it('chooses by hand the best set for 400 000 € over two years and funds it, by the MILP and by branch and bound', () => {
    for (const [options, method] of [[{ solver }, 'MILP (HiGHS 1.15.3)'], [{ solver, method: 'branch-and-bound' }, 'exact (branch and bound)'], [{}, 'exact (branch and bound)']] as const) {
      const plan = planInvestments(planningNetwork(), { budgetEur: 400000, years: 2, ...options });
      expect([plan.method, plan.optimal, plan.gap, plan.bound]).toEqual([method, true, 0, 3900]);
      expect(plan.selected.map((s) => s.id).sort()).toEqual(['D1', 'D2', 'L2', 'L5', 'L6']);
      expect(plan.costEur).toBe(275000);
    }
    const plan = planInvestments(planningNetwork(), { budgetEur: 400000, years: 2, solver });
    // L2 (100 000) secures NRO-1, 2, 4; L5 + L6 (125 000) close NRO-3–NRO-5–NRO-4: all 2 800
    // subscribers for 225 000 € (L1 + L2 would cost 350 000 € for 2 600). D1 (30 000) clears S3
    // and D2 (20 000) clears S6: NRO-3 (800) and NRO-4 (300) no longer cross a strained section.
    // D3 leaves S2 near (130/160) and buys nothing.
    expect(plan.solver).toMatchObject({ status: 'optimal', name: solver.name });
    expect(plan.selected.map((s) => s.id).sort()).toEqual(['D1', 'D2', 'L2', 'L5', 'L6']);
    expect(plan.costEur).toBe(275000);
    expect(plan.value).toMatchObject({ score: 2800 + 1100, subscribersSecured: 2800, subscribersUnblocked: 1100, clearedSections: ['S3', 'S6'] });
    // Caps: 200 000 € a year. Year 1: L2, D1 (rank 1), D2 (rank 2, 20 000) = 150 000; L5 (75 000)
    // no longer fits, goes to year 2; L6 (50 000) fits in year 1.
    expect(plan.years.map((y) => [y.costEur, y.works])).toEqual([
      [200000, ['L2', 'D1', 'D2', 'L6']],
      [75000, ['L5']],
    ]);
    // A.2 shares: 1/2, 15/66, 18/66 of each year's cost; the remainder on the last source.
    expect(plan.years[0].funding).toEqual([
      { source: 'France Relance', amountEur: 100000 },
      { source: 'Région', amountEur: 45455 },
      { source: 'Autofinancement', amountEur: 54545 },
    ]);
    expect(plan.funding.totals.map((t) => t.amountEur)).toEqual([137500, 62500, 75000]);
    expect(plan.notSelected.find((n) => n.id === 'D3')!.reason).toBe('adds nothing to the selected works');
  });

  it('forces mandatory works in, even when they add nothing', () => {
    const plan = planInvestments(planningNetwork(), { budgetEur: 400000, mandatory: ['L4'] });
    expect(plan.selected.find((s) => s.id === 'L4')).toMatchObject({ mandatory: true });
    const byRank = planInvestments(planningNetwork(), { budgetEur: 400000, mandatoryRank: 1 });
    expect(byRank.selected.filter((s) => s.mandatory).map((s) => s.id).sort()).toEqual(['D1', 'D3', 'L1', 'L2']);
    expect(() => planInvestments(planningNetwork(), { budgetEur: 100, mandatory: ['L1'] })).toThrow('plan: mandatory works cost 250000 €, more than the 100 € that can be spent');
    expect(() => planInvestments(planningNetwork(), { budgetEur: 100, mandatory: ['NOPE'] })).toThrow(/plan: mandatory work "NOPE"/);
  });

  it('uses the lazy greedy above the exact limit without a solver, and says so', () => {
    const plan = planInvestments(planningNetwork(), { budgetEur: 400000, exactLimit: 3 });
    expect(plan.method).toBe('lazy greedy with best-single fallback');
    expect([plan.optimal, plan.gap, plan.bound, plan.solver]).toEqual([false, null, null, null]);
    expect(plan.costEur).toBeLessThanOrEqual(400000);
    // Branch and bound asked for above the limit: the greedy, with a warning; the MILP ignores the limit.
    const asked = planInvestments(planningNetwork(), { budgetEur: 400000, exactLimit: 3, method: 'branch-and-bound' });
    expect(asked.method).toBe('lazy greedy with best-single fallback');
    expect(asked.warnings).toContain('9 candidates, more than the exact limit of 3: lazy greedy instead of branch and bound');
    expect(planInvestments(planningNetwork(), { budgetEur: 400000, exactLimit: 3, solver }).method).toBe('MILP (HiGHS 1.15.3)');
  });

  it('spends no more than the yearly caps allow and warns when they bind', () => {
    const plan = planInvestments(planningNetwork(), { budgetEur: 400000, years: 2, yearlyCapEur: 60000 });
    expect(plan.spendableEur).toBe(120000);
    expect(plan.costEur).toBeLessThanOrEqual(120000);
    for (const y of plan.years) expect(y.costEur).toBeLessThanOrEqual(60000);
    expect(plan.warnings[0]).toMatch(/120000 €.*less than the budget of 400000 €/);
  });
});

describe('scheduleByYear', () => {
  it('puts mandatory, then rank, into the earliest year with room, and spreads a work too big for any year', () => {
    const s = scheduleByYear(
      [
        { id: 'late', costEur: 50, mandatory: false, rank: 3, valuePerEur: 9 },
        { id: 'must', costEur: 80, mandatory: true, rank: 4, valuePerEur: 0 },
        { id: 'big', costEur: 150, mandatory: false, rank: 1, valuePerEur: 1 },
      ],
      [100, 100, 100],
    );
    // must → year 1 (80); big (150) fits whole nowhere: 20 in year 1, 100 in year 2, 30 in year 3;
    // late (50) → year 3.
    expect(s.works).toEqual([
      { id: 'must', payments: [{ year: 1, amountEur: 80 }] },
      { id: 'big', payments: [{ year: 1, amountEur: 20 }, { year: 2, amountEur: 100 }, { year: 3, amountEur: 30 }] },
      { id: 'late', payments: [{ year: 3, amountEur: 50 }] },
    ]);
    expect(s.years.map((y) => y.costEur)).toEqual([100, 100, 80]);
    expect(s.unscheduled).toEqual([]);
  });

  it('leaves out what exceeds every cap together', () => {
    expect(scheduleByYear([{ id: 'x', costEur: 300, mandatory: false, rank: 1, valuePerEur: 0 }], [100, 100]).unscheduled).toEqual(['x']);
  });

  it('derives yearly caps from the options', () => {
    // 3 884 950 = 3 × 1 294 983 + 1.
    expect(yearlyCaps({ budgetEur: 3884950, years: 3 })).toEqual([1294984, 1294983, 1294983]);
    expect(yearlyCaps({ budgetEur: 100.5, years: 2 })).toEqual([50, 50.5]);
    expect(yearlyCaps({ budgetEur: 100, years: 2, yearlyCapEur: 70 })).toEqual([70, 70]);
    expect(yearlyCaps({ budgetEur: 100, yearlyBudgetsEur: [10, 20, 30] })).toEqual([10, 20, 30]);
    expect(() => yearlyCaps({ budgetEur: 100, years: 2, yearlyBudgetsEur: [1] })).toThrow('plan: 2 years but 1 yearly budgets');
    expect(() => yearlyCaps({ budgetEur: 100, years: 0 })).toThrow(/plan: years must be a positive integer/);
  });
});

describe('funding split', () => {
  it('rounds to the euro with the remainder on the last source: the parts add up exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50_000_000 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 }), (amount, weights) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const shares = weights.map((w, i) => ({ source: `S${i}`, share: w / total }));
        const parts = splitFunding(amount, shares);
        expect(parts.reduce((t, p) => t + p.amountEur, 0)).toBe(amount);
        for (const p of parts) {
          expect(Number.isInteger(p.amountEur)).toBe(true);
          expect(p.amountEur).toBeGreaterThanOrEqual(0);
        }
        parts.forEach((p, i) => {
          expect(Math.abs(p.amountEur - amount * shares[i].share)).toBeLessThanOrEqual(weights.length);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('splits the A.2 action back into its own figures', () => {
    // Fiche A.2: 6 600 000 € = France Relance 3 300 000 + Région 1 500 000 + autofinancement 1 800 000.
    expect(splitFunding(6_600_000, A2_FUNDING).map((p) => p.amountEur)).toEqual([3_300_000, 1_500_000, 1_800_000]);
    // The seed's works: 3 884 950 €.
    expect(splitFunding(3_884_950, A2_FUNDING).map((p) => p.amountEur)).toEqual([1_942_475, 882_943, 1_059_532]);
  });

  it('reads shares and amounts, and refuses shares that do not sum to 1', () => {
    expect(parseFunding('France Relance=0.5,Région=0.227,Autofinancement=0.273')).toEqual([
      { source: 'France Relance', share: 0.5 },
      { source: 'Région', share: 0.227 },
      { source: 'Autofinancement', share: 0.273 },
    ]);
    const amounts = parseFunding('FR=3300000,Région=1500000,Auto=1800000');
    expect(amounts.map((s) => s.source)).toEqual(['FR', 'Région', 'Auto']);
    [0.5, 15 / 66, 18 / 66].forEach((share, i) => {
      expect(amounts[i].share).toBeCloseTo(share, 12);
    });
    expect(parseFunding('A=0,5;B=0,5').map((s) => s.share)).toEqual([0.5, 0.5]);
    expect(() => parseFunding('A=0.5,B=0.4')).toThrow('funding: shares sum to 0.9, expected 1 (or give amounts in euros)');
    expect(() => parseFunding('A=0.5,A=0.5')).toThrow('funding: a source is named twice');
    expect(() => parseFunding('A')).toThrow('funding: expected SOURCE=SHARE, got "A"');
    expect(() => parseFunding('A=x')).toThrow(/funding: "A" has no valid share/);
  });
});

/** Random links and desaturation works (with and without fibre counts) on a random network. */
function withRandomWorks(topology: Topology, seed: number): Topology {
  const random = prng(seed ^ 0x5bd1e995);
  const sites = topology.sites;
  const sections = topology.sections;
  for (const s of sections) {
    if (random() < 0.5) {
      s.capacityFibres = 48;
      s.usedFibres = Math.floor(random() * 49);
    }
  }
  const links = Array.from({ length: 3 + Math.floor(random() * 4) }, (_, k) => {
    const a = sites[Math.floor(random() * sites.length)];
    let b = sites[Math.floor(random() * sites.length)];
    if (a.id === b.id) b = sites[(sites.indexOf(a) + 1) % sites.length];
    return { id: `R${k}`, priority: 1, a: a.id, b: b.id, lengthM: 100, costEur: 1000 * (1 + Math.floor(random() * 9)), owner: 'SMSN' };
  });
  const works = sections.length === 0 ? [] : Array.from({ length: 1 + Math.floor(random() * 4) }, (_, k) => ({
    id: `D${k}`,
    urgency: 1,
    label: `work ${k}`,
    sections: [sections[Math.floor(random() * sections.length)].id],
    owner: 'SMSN',
    lengthM: 100,
    costEur: 1000 * (1 + Math.floor(random() * 9)),
    ...(random() < 0.5 && { addedCapacityFibres: 12 * (1 + Math.floor(random() * 3)) }),
  }));
  return { ...topology, redundancyLinks: links, desaturationWorks: works };
}
