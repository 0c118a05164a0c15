import { compareIds } from '../analysis/id-order.js';
import type { SaturationModel } from './saturation-model.js';

/** What a set of desaturation works does to the collection routes. */
export interface RouteRelief {
  /** Sections saturated or near before the works and neither after. */
  sectionsCleared: string[];
  /** NROs whose route crossed a saturated or near section before and crosses none after. */
  unblockedNros: string[];
  subscribersUnblocked: number;
}

/**
 * The saturation term of the plan: compares the routes of a saturation model before and after
 * a set of works. Set-valued: an NRO whose route crosses two strained sections is unblocked
 * only by the works on both. Cached by the sorted set.
 *
 * @example
 * const relief = routeRelief(staticSaturationModel(topology), topology.desaturationWorks ?? []);
 * relief(['D-01']).subscribersUnblocked;
 */
export function routeRelief(model: SaturationModel, works: ReadonlyArray<{ id: string; sections: readonly string[] }>) {
  const watched = [...new Set([...model.routes.flatMap((r) => r.sections), ...works.flatMap((w) => w.sections)])];
  const strained = (done: readonly string[]) =>
    new Set(model.sectionLoads(watched, done).filter((l) => l.state === 'saturated' || l.state === 'near').map((l) => l.section));
  const before = strained([]);
  const blocked = model.routes.filter((r) => r.sections.some((s) => before.has(s)));
  const cache = new Map<string, RouteRelief>();
  return (done: readonly string[]): RouteRelief => {
    const key = [...new Set(done)].sort(compareIds).join('\u0000');
    let hit = cache.get(key);
    if (!hit) {
      const after = strained(done);
      const unblocked = blocked.filter((r) => !r.sections.some((s) => after.has(s)));
      hit = {
        sectionsCleared: [...before].filter((s) => !after.has(s)).sort(compareIds),
        unblockedNros: unblocked.map((r) => r.nro).sort(compareIds),
        subscribersUnblocked: unblocked.reduce((t, r) => t + r.subscribers, 0),
      };
      cache.set(key, hit);
    }
    return hit;
  };
}

/**
 * For each blocked route, the works that together clear every strained section it crosses (all
 * the works naming each such section): the groups whose value only shows complete, offered to
 * the greedy as bundles. Routes crossing a strained section that no work names give none.
 *
 * @example
 * reliefBundles(model, topology.desaturationWorks ?? []); // [['D-03', 'D-04', 'D-05'], …]
 */
export function reliefBundles(model: SaturationModel, works: ReadonlyArray<{ id: string; sections: readonly string[] }>): string[][] {
  const watched = [...new Set(model.routes.flatMap((r) => r.sections))];
  const strained = new Set(model.sectionLoads(watched, []).filter((l) => l.state === 'saturated' || l.state === 'near').map((l) => l.section));
  const worksOn = new Map<string, string[]>();
  for (const w of works) for (const s of w.sections) worksOn.set(s, [...(worksOn.get(s) ?? []), w.id]);
  const bundles = new Map<string, string[]>();
  for (const route of model.routes) {
    const needed = route.sections.filter((s) => strained.has(s));
    if (needed.length === 0 || needed.some((s) => !worksOn.has(s))) continue;
    const bundle = [...new Set(needed.flatMap((s) => worksOn.get(s)!))].sort(compareIds);
    bundles.set(bundle.join('\u0000'), bundle);
  }
  return [...bundles.values()];
}
