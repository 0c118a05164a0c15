import type { CollectionRouting } from '../routing/collection-routes.js';
import { diversePairs } from '../routing/diverse-pair.js';
import { type Route, usesAny } from '../routing/route.js';
import { routeDiversity } from '../routing/route-diversity.js';
import type { Router } from '../routing/shortest-pair.js';

export type RouteRole = 'primary' | 'backup';

/** What a cut does to one NRO's collection. */
export interface CollectionChange {
  /** Routes that used a failed section. */
  lost: Array<{ role: RouteRole; route: Route }>;
  /** New routes, each replacing the lost route of the same role (`replaces` null if there was none). */
  added: Array<{ role: RouteRole; route: Route; replaces: Route | null }>;
  /**
   * The routes after the cut: `primary` null only when none is left; when the primary is lost
   * without a replacement, the intact backup is the primary now and `backup` is null.
   */
  primary: Route | null;
  backup: Route | null;
}

/**
 * Re-routes one NRO's collection after a cut, touching only what the cut broke, at the
 * routing's diversity (`routing.diversity`):
 * * both routes intact: nothing changes;
 * * one route broken, the other intact: the intact one stays where it is (it carries the
 *   traffic: a protection switch), and the broken one is replaced by the shortest route that
 *   avoids the failed sections and what the intact one uses at that level (`site`: its
 *   sections and every section at its sites; `risk-group`: and every section of its risk
 *   groups; `owner`: and of its owners), relaxed down to section-disjoint when no such route
 *   exists (`DiversePairs.replacement`); with no section-disjoint route left, the NRO is left
 *   unprotected;
 * * every route broken (or the only one): the best pair at that level on what survives
 *   (`DiversePairs.pair`), or the shortest route, or nothing (the NRO cannot be re-routed).
 *   An NRO without a backup before the cut cannot have a pair after it: only the shortest
 *   route is searched.
 * The failed sections are the router's `dead`. Returns null when nothing changes. `lost`, when
 * the caller knows it (the sweep, whose one failed section lies on one route of the two, which
 * are section-disjoint), says which routes the failure breaks and saves reading them.
 *
 * @example
 * const change = rerouteCollection(new Router(net, { dead }), routing, k);
 * change?.added[0]?.route.lengthM;
 */
export function rerouteCollection(
  router: Router,
  routing: CollectionRouting,
  k: number,
  lost?: { primary: boolean; backup: boolean },
): CollectionChange | null {
  const { dead } = router;
  // A routing assembled by hand without the field has the default's.
  const diversity = routeDiversity(routing.diversity);
  const source = routing.nros[k];
  const primary = routing.primary[k];
  const backup = routing.backup[k];
  const primaryLost = primary !== null && (lost ? lost.primary : usesAny(primary, dead));
  const backupLost = backup !== null && (lost ? lost.backup : usesAny(backup, dead));
  if (!primaryLost && !backupLost) return null;

  const lostRoutes: CollectionChange['lost'] = [];
  if (primaryLost) lostRoutes.push({ role: 'primary', route: primary });
  if (backupLost) lostRoutes.push({ role: 'backup', route: backup });

  if (primaryLost && backup !== null && !backupLost) {
    const replacement = diversePairs(router).replacement(source, backup, diversity);
    return {
      lost: lostRoutes,
      added: replacement ? [{ role: 'primary', route: replacement, replaces: primary }] : [],
      // Without a replacement the intact backup carries the collection alone.
      primary: replacement ?? backup,
      backup: replacement ? backup : null,
    };
  }
  if (backupLost && !primaryLost) {
    const replacement = diversePairs(router).replacement(source, primary!, diversity);
    return {
      lost: lostRoutes,
      added: replacement ? [{ role: 'backup', route: replacement, replaces: backup }] : [],
      primary,
      backup: replacement,
    };
  }
  const pair = backup === null ? nullablePair(router.shortestPath(source)) : diversePairs(router).pair(source, diversity);
  const added: CollectionChange['added'] = [];
  if (pair) added.push({ role: 'primary', route: pair.primary, replaces: primary });
  if (pair?.backup) added.push({ role: 'backup', route: pair.backup, replaces: backup });
  return { lost: lostRoutes, added, primary: pair?.primary ?? null, backup: pair?.backup ?? null };
}

const nullablePair = (route: Route | null) => route && { primary: route, backup: null };
