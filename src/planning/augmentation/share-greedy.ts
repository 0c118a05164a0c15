import { assess, type AugmentationInstance, meetsOf } from './augmentation-instance.js';
import { type CutPool, violatedCuts } from './augmentation-cuts.js';

/** The share target's goal: at least `need` subscribers secured; with a budget, as many as it allows. */
export interface ShareGoal {
  need: number;
  budgetEur?: number;
}

/**
 * The heuristic for a share of the subscribers: NRO by NRO, the one whose known cuts cost the
 * least to complete per subscriber (a small greedy cover of its cuts alone), until the cuts
 * say the goal is reached or the budget allows no more; the engine's analysis then adds the
 * cuts still violated, until none; then the prune pass (with a budget, a second fill with what
 * the prune freed). `chosen` is completed in place. Returns the subscribers secured.
 *
 * @example
 * shareAugmentation(instance, pool, asked, chosen, { need: 40_000 }); // ≥ 40 000
 */
export function shareAugmentation(instance: AugmentationInstance, pool: CutPool, asked: readonly number[], chosen: Uint8Array, goal: ShareGoal): number {
  fill(instance, pool, asked, chosen, goal);
  prune(instance, pool, asked, chosen, goal);
  if (goal.budgetEur !== undefined) {
    fill(instance, pool, asked, chosen, goal);
    prune(instance, pool, asked, chosen, goal);
  }
  return securedSubscribers(instance, asked, meetsOf(instance, chosen));
}

/**
 * Subscribers of the asked sites that meet the requirement.
 *
 * @example
 * securedSubscribers(instance, asked, meetsOf(instance, chosen)); // 42 000 when every asked NRO is secured
 */
export function securedSubscribers(instance: AugmentationInstance, asked: readonly number[], meets: Uint8Array): number {
  let total = 0;
  for (const r of asked) if (meets[r]) total += instance.full.subscribers[r];
  return total;
}

function spent(instance: AugmentationInstance, chosen: Uint8Array): number {
  let cost = 0;
  for (let l = 0; l < chosen.length; l++) if (chosen[l]) cost += instance.costs[l];
  return cost;
}

function fill(instance: AugmentationInstance, pool: CutPool, asked: readonly number[], chosen: Uint8Array, goal: ShareGoal): void {
  const subscribers = instance.full.subscribers;
  for (;;) {
    const counts = pool.counts(chosen);
    const short = (k: number) => counts[k] < pool.cuts[k].demand;
    const coveredByCuts = (r: number) => !(pool.ofSite.get(r) ?? []).some(short);
    let left = goal.budgetEur === undefined ? Number.POSITIVE_INFINITY : goal.budgetEur - spent(instance, chosen);
    let covered = 0;
    for (const r of asked) if (coveredByCuts(r)) covered += subscribers[r];
    const completions = new Map<number, { links: number[]; cost: number }>();
    const completion = (r: number) => {
      let hit = completions.get(r);
      if (!hit) {
        hit = completeSite(instance, pool, counts, chosen, r);
        completions.set(r, hit);
      }
      return hit;
    };
    while (goal.budgetEur !== undefined || covered < goal.need) {
      let best = -1;
      let bestRatio = Number.POSITIVE_INFINITY;
      for (const r of asked) {
        if (subscribers[r] <= 0 || coveredByCuts(r)) continue;
        const { cost } = completion(r);
        if (cost > left) continue;
        const ratio = cost / subscribers[r];
        if (ratio < bestRatio) {
          bestRatio = ratio;
          best = r;
        }
      }
      if (best < 0) break;
      const { links, cost } = completion(best);
      left -= cost;
      for (const l of links) {
        chosen[l] = 1;
        for (const k of pool.ofLink[l]) {
          counts[k]++;
          for (const v of pool.cuts[k].sites) completions.delete(v);
        }
      }
      covered = 0;
      for (const r of asked) if (coveredByCuts(r)) covered += subscribers[r];
    }
    // A known cut that another site now asks for counts as progress: that site is no longer covered.
    const cuts = violatedCuts(instance, assess(instance, chosen), asked.filter(coveredByCuts));
    if (cuts.length === 0) return;
    pool.add(cuts);
  }
}

/** The links that complete one site's short cuts, by a greedy cover of those cuts alone, and their cost. */
function completeSite(instance: AugmentationInstance, pool: CutPool, counts: Int32Array, chosen: Uint8Array, r: number): { links: number[]; cost: number } {
  const mine = (pool.ofSite.get(r) ?? []).filter((k) => counts[k] < pool.cuts[k].demand);
  const residual = new Map(mine.map((k) => [k, pool.cuts[k].demand - counts[k]]));
  const links: number[] = [];
  let cost = 0;
  const taken = new Set<number>();
  while ([...residual.values()].some((x) => x > 0)) {
    let best = -1;
    let bestRatio = Number.POSITIVE_INFINITY;
    for (const [k, need] of residual) {
      if (need <= 0) continue;
      for (const l of pool.cuts[k].links) {
        if (chosen[l] || taken.has(l)) continue;
        let gain = 0;
        for (const j of pool.ofLink[l]) if ((residual.get(j) ?? 0) > 0) gain++;
        const ratio = instance.costs[l] / gain;
        if (ratio < bestRatio || (ratio === bestRatio && l < best)) {
          bestRatio = ratio;
          best = l;
        }
      }
    }
    if (best < 0) return { links, cost: Number.POSITIVE_INFINITY };
    taken.add(best);
    links.push(best);
    cost += instance.costs[best];
    for (const j of pool.ofLink[best]) if (residual.has(j)) residual.set(j, residual.get(j)! - 1);
  }
  return { links, cost };
}

/**
 * Drops, dearest first, the links without which the goal still holds (with a budget: without
 * losing a subscriber). A link whose removal violates a known cut of secured NROs worth more
 * than the goal spares is kept without asking the engine.
 */
function prune(instance: AugmentationInstance, pool: CutPool, asked: readonly number[], chosen: Uint8Array, goal: ShareGoal): void {
  const subscribers = instance.full.subscribers;
  let meets = meetsOf(instance, chosen);
  let secured = securedSubscribers(instance, asked, meets);
  const floor = () => (goal.budgetEur === undefined ? goal.need : secured);
  let counts = pool.counts(chosen);
  const order = [...chosen.keys()].filter((l) => chosen[l]).sort((x, y) => instance.costs[y] - instance.costs[x] || y - x);
  for (const l of order) {
    const surely = new Set<number>();
    for (const k of pool.ofLink[l]) if (counts[k] <= pool.cuts[k].demand) for (const v of pool.cuts[k].sites) if (meets[v]) surely.add(v);
    let loss = 0;
    for (const v of surely) loss += subscribers[v];
    if (secured - loss < floor()) continue;
    chosen[l] = 0;
    const without = meetsOf(instance, chosen);
    const reached = securedSubscribers(instance, asked, without);
    if (reached >= floor()) {
      [meets, secured] = [without, reached];
      counts = pool.counts(chosen);
      continue;
    }
    chosen[l] = 1;
  }
}
