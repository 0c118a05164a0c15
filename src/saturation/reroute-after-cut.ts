import { type Cut, cutImpact, type CutImpact } from '../analysis/cut-impact.js';
import { compareIds } from '../analysis/id-order.js';
import type { CompiledNetwork } from '../graph/compile.js';
import type { CollectionRouting } from '../routing/collection-routes.js';
import { type Route, routeRecord, type RouteRecord } from '../routing/route.js';
import { Router } from '../routing/shortest-pair.js';
import { type ResolvedSaturationOptions, type SaturationOptions, saturationOptions } from './options.js';
import { type CollectionChange, rerouteCollection, type RouteRole } from './reroute-collection.js';
import { type LoadLevel, loadLevel, routedFibres, STATE_RANK, worstFirst } from './section-loads.js';

export interface LostRoute extends RouteRecord {
  nro: string;
  role: RouteRole;
}

export interface ReroutedRoute extends RouteRecord {
  nro: string;
  /** The role of the lost route this one replaces. */
  role: RouteRole;
  /** Length of the lost route; null when it replaces none. */
  previousLengthM: number | null;
  /** lengthM − previousLengthM; null when it replaces none. */
  addedLengthM: number | null;
}

export interface SectionChange {
  section: string;
  owner: string;
  capacityFibres: number | null;
  before: LoadLevel;
  after: LoadLevel;
}

export interface RerouteOptions extends SaturationOptions {
  /** `cutImpact(net, cut)` when already computed: the failed sections and sites are taken from it. */
  impact?: CutImpact;
}

/** What saturates after a cut once what it broke is re-routed (docs/analysis.md, "Saturation"). */
export interface RerouteReport {
  fibresPerRoute: number;
  nearRatio: number;
  saturatedRatio: number;
  /** Routes that used a failed section, by NRO then role. */
  routesLost: LostRoute[];
  /** Their replacements on what survives, the longest detour first. */
  rerouted: ReroutedRoute[];
  /** NROs that had a disjoint backup and are left with a single route, sorted. */
  unprotected: string[];
  /** NROs that had a route and cannot be re-routed: no path to a head-end is left. */
  unroutable: Array<{ nro: string; subscribers: number }>;
  /** Surviving sections that become near saturation or saturated, worst first. */
  sections: SectionChange[];
  /** Surviving sections already near saturation or saturated whose load rises, worst first. */
  loadedFurther: SectionChange[];
  /** Surviving sections of unknown capacity whose load grows: their state cannot be told. */
  unknownCapacity: Array<{ section: string; owner: string; loadBefore: number; loadAfter: number }>;
}

/**
 * The network's routing after some sections fail: every NRO re-routed by `rerouteCollection`
 * (untouched when the cut misses its routes), with the change made to each NRO that had one.
 * The router searches the network less `dead` (by default with exact distances: one Dijkstra).
 *
 * @example
 * const { routing: after, changes } = routingAfterFailure(routing, dead);
 * changes.size; // NROs whose collection the failure touched
 */
export function routingAfterFailure(
  routing: CollectionRouting,
  dead: Uint8Array,
  router: Router = new Router(routing.net, { dead }),
): { routing: CollectionRouting; changes: Map<number, CollectionChange> } {
  if (router.dead !== dead) throw new RangeError('routingAfterFailure: the router must search the network less `dead`');
  const primary = routing.primary.slice();
  const backup = routing.backup.slice();
  const changes = new Map<number, CollectionChange>();
  for (let k = 0; k < routing.nros.length; k++) {
    const change = rerouteCollection(router, routing, k);
    if (!change) continue;
    changes.set(k, change);
    primary[k] = change.primary;
    backup[k] = change.backup;
  }
  return { routing: { ...routing, primary, backup }, changes };
}

/**
 * Simulates a cut (sections, sites, risk groups, owners: as `cutImpact`) and re-routes what it
 * broke on what survives: the routes lost, their replacements with the length they add, the
 * NROs left unprotected or unroutable, and the sections that become near saturation or
 * saturated once the lost routes release their fibres and the new ones take theirs.
 *
 * @example
 * const report = rerouteAfterCut(collectionRoutes(net), { sections: ['S-040'] });
 * report.sections.filter((s) => s.after.state === 'saturated');
 */
export function rerouteAfterCut(routing: CollectionRouting, cut: Cut, options: RerouteOptions = {}): RerouteReport {
  const resolved = saturationOptions(options);
  const { net } = routing;
  const dead = failedSectionFlags(net, cut, options.impact);
  const { routing: after, changes } = routingAfterFailure(routing, dead);
  const routesLost: LostRoute[] = [];
  const rerouted: ReroutedRoute[] = [];
  const unprotected: string[] = [];
  const unroutable: RerouteReport['unroutable'] = [];
  for (const [k, change] of changes) {
    const nro = net.siteIds[routing.nros[k]];
    for (const { role, route } of change.lost) routesLost.push({ nro, role, ...routeRecord(net, route) });
    for (const { role, route, replaces } of change.added) rerouted.push(reroutedRecord(net, nro, role, route, replaces));
    if (change.primary === null) unroutable.push({ nro, subscribers: net.subscribers[routing.nros[k]] });
    else if (change.backup === null && routing.backup[k] !== null) unprotected.push(nro);
  }
  return {
    ...resolved,
    routesLost: routesLost.sort((a, b) => compareIds(a.nro, b.nro) || ROLE_ORDER[a.role] - ROLE_ORDER[b.role]),
    rerouted: rerouted.sort(
      (a, b) =>
        (b.addedLengthM ?? Number.MAX_VALUE) - (a.addedLengthM ?? Number.MAX_VALUE) ||
        compareIds(a.nro, b.nro) ||
        ROLE_ORDER[a.role] - ROLE_ORDER[b.role],
    ),
    unprotected: unprotected.sort(compareIds),
    unroutable: unroutable.sort((a, b) => b.subscribers - a.subscribers || compareIds(a.nro, b.nro)),
    ...sectionChanges(routing, after, dead, resolved),
  };
}

const ROLE_ORDER: Readonly<Record<RouteRole, number>> = { primary: 0, backup: 1 };

/** Flags of the sections a cut fails: those it names, and every section of the sites it names. */
export function failedSectionFlags(net: CompiledNetwork, cut: Cut, impact: CutImpact = cutImpact(net, cut)): Uint8Array {
  const dead = new Uint8Array(net.sectionCount);
  for (const id of impact.failedSections) dead[net.sectionIndex.get(id)!] = 1;
  for (const id of impact.failedSites) {
    const v = net.siteIndex.get(id)!;
    for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) dead[net.adjSection[i]] = 1;
  }
  return dead;
}

function reroutedRecord(net: CompiledNetwork, nro: string, role: RouteRole, route: Route, replaces: Route | null): ReroutedRoute {
  return {
    nro,
    role,
    ...routeRecord(net, route),
    previousLengthM: replaces ? replaces.lengthM : null,
    addedLengthM: replaces ? route.lengthM - replaces.lengthM : null,
  };
}

function sectionChanges(
  before: CollectionRouting,
  after: CollectionRouting,
  dead: Uint8Array,
  options: ResolvedSaturationOptions,
): Pick<RerouteReport, 'sections' | 'loadedFurther' | 'unknownCapacity'> {
  const { net } = before;
  const routedBefore = routedFibres(before, options.fibresPerRoute);
  const routedAfter = routedFibres(after, options.fibresPerRoute);
  const sections: SectionChange[] = [];
  const loadedFurther: SectionChange[] = [];
  const unknownCapacity: RerouteReport['unknownCapacity'] = [];
  for (let e = 0; e < net.sectionCount; e++) {
    if (dead[e] || routedAfter[e] <= routedBefore[e]) continue;
    const was = loadLevel(net, e, net.usedFibres[e] + routedBefore[e], options);
    const is = loadLevel(net, e, net.usedFibres[e] + routedAfter[e], options);
    const owner = net.owners[net.sectionOwner[e]];
    if (is.state === 'unknown') {
      unknownCapacity.push({ section: net.sectionIds[e], owner, loadBefore: was.loadFibres, loadAfter: is.loadFibres });
    } else if (STATE_RANK[is.state] > 0) {
      const change = { section: net.sectionIds[e], owner, capacityFibres: net.capacityFibres[e], before: was, after: is };
      (STATE_RANK[is.state] > STATE_RANK[was.state] ? sections : loadedFurther).push(change);
    }
  }
  const byAfter = (a: SectionChange, b: SectionChange) => worstFirst({ ...a.after, section: a.section }, { ...b.after, section: b.section });
  sections.sort(byAfter);
  loadedFurther.sort(byAfter);
  unknownCapacity.sort((a, b) => b.loadAfter - a.loadAfter || compareIds(a.section, b.section));
  return { sections, loadedFurther, unknownCapacity };
}
