import { compareIds } from '../../analysis/id-order.js';
import type { Selection } from './exact.js';
import type { Item, SetFunction } from './objective.js';

export interface Pruned extends Selection {
  /** The works dropped, dearest first. */
  dropped: string[];
}

/**
 * Drops from a selection the works that add nothing given the rest: one at a time, dearest
 * first (then by id), each dropped when the set without it keeps the same value (score and
 * sections cleared). Mandatory works stay. One pass is enough for a monotone value: a work kept
 * because dropping it lost something still loses it once others are dropped.
 *
 * @example
 * pruneSelection(items, ['R-01', 'R-02'], objective.value).dropped; // ['R-02'] when R-01 alone secures as much
 */
export function pruneSelection(items: readonly Item[], ids: readonly string[], value: SetFunction): Pruned {
  const byId = new Map(items.map((i) => [i.id, i]));
  let kept = [...new Set(ids)];
  let current = value(kept);
  const dropped: string[] = [];
  const order = kept
    .filter((id) => !byId.get(id)?.mandatory)
    .sort((a, b) => (byId.get(b)?.costEur ?? 0) - (byId.get(a)?.costEur ?? 0) || compareIds(a, b));
  for (const id of order) {
    const without = kept.filter((k) => k !== id);
    const v = value(without);
    if (v.score === current.score && v.sectionsCleared === current.sectionsCleared) {
      kept = without;
      current = v;
      dropped.push(id);
    }
  }
  return { ids: kept, value: current, costEur: kept.reduce((t, id) => t + (byId.get(id)?.costEur ?? 0), 0), dropped };
}
