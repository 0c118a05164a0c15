import { compareIds } from '../../analysis/id-order.js';
import type { Topology } from '../../model/schema.js';
import { type ScenarioOptions, scenarioNetwork, securedByLinks } from '../link-scenario.js';
import { reliefBundles, routeRelief } from '../route-relief.js';
import { engineSaturationModel } from '../saturation-engine-model.js';
import type { SaturationModel, SaturationModelOptions } from '../saturation-model.js';
import { InvalidOptionError } from '../../model/errors.js';
import { failureModelOf, type ResolvedFailureModel } from '../../availability/failure-model.js';
import { subscriberHours } from '../../availability/work-worth.js';
import { compileNetwork } from '../../graph/compile.js';

/** A work the plan may fund. */
export interface Item {
  id: string;
  costEur: number;
  /** Forced into every plan. */
  mandatory?: boolean;
}

/** The value of a set of works, compared lexicographically: score, then sections cleared. */
export interface Value {
  score: number;
  sectionsCleared: number;
}

/** The value of a set of item ids. Must be monotone (a superset is worth at least as much) for the exact bound to hold. */
export type SetFunction = (ids: readonly string[]) => Value;

/**
 * Orders two (value, cost) pairs: higher score first, then more sections cleared, then lower
 * cost. Positive when `a` is better.
 *
 * @example
 * compareOutcome({ score: 10, sectionsCleared: 0 }, 5, { score: 10, sectionsCleared: 0 }, 7); // > 0
 */
export function compareOutcome(a: Value, costA: number, b: Value, costB: number): number {
  return a.score - b.score || a.sectionsCleared - b.sectionsCleared || costB - costA;
}

export const ZERO: Value = { score: 0, sectionsCleared: 0 };

/** The full figures of a plan's value. */
export interface PlanValue extends Value {
  subscribersSecured: number;
  securedNros: string[];
  subscribersUnblocked: number;
  unblockedNros: string[];
  clearedSections: string[];
  /** With the `subscriber-hours` objective: expected subscriber-hours a year the set's links avoid (docs/availability.md). */
  subscriberHoursAvoided?: number;
  /** NROs the set secures or unblocks that enter service after `inServiceBy`: not counted. Only when some are. */
  notInService?: Array<{ nro: string; deploymentYear: number }>;
}

/** What a plan maximises first: subscribers secured (the seed's), or expected subscriber-hours of outage avoided a year. */
export type PlanGoal = 'subscribers' | 'subscriber-hours';

export interface ObjectiveOptions extends ScenarioOptions, SaturationModelOptions {
  /** Weight of a subscriber unblocked against a subscriber secured. Default 1. */
  saturationWeight?: number;
  /** Saturation model; default the saturation engine's (`engineSaturationModel`). */
  model?: SaturationModel;
  /** Default `subscribers`. */
  objective?: PlanGoal;
  /** The failure model of the `subscriber-hours` objective; default the topology's over the defaults. */
  failureModel?: ResolvedFailureModel;
  /**
   * Calendar year by which an NRO must be in service (its `deploymentYear` at most this) to count
   * in the `subscribers` objective: the programme's last year. Default every NRO counts.
   */
  inServiceBy?: number;
}

export interface PlanObjective {
  /** Names the objective in the output. */
  name: string;
  /** The saturation model behind the saturation term. */
  model: string;
  /** Figures of a set of link and work ids. */
  figures(ids: readonly string[]): PlanValue;
  /** The same as a solver's set function. */
  value: SetFunction;
  /** Distinct sets analysed so far. */
  evaluations(): number;
  /** Groups of works whose value shows only together (see `reliefBundles`), for the greedy. */
  bundles(): string[][];
  /** True for the `subscribers` objective, linear in the works once linearised (the MILP's); false for subscriber-hours. */
  linear: boolean;
  /** Weight of a subscriber unblocked. */
  weight: number;
  /** The saturation model itself. */
  saturation: SaturationModel;
  /** Whether an NRO counts: in service by `inServiceBy` (no deployment year: in service). */
  counts(nro: string): boolean;
  /** The NROs a set secures and unblocks, whatever their deployment year. */
  reach(ids: readonly string[]): { securedNros: string[]; unblockedNros: string[] };
  /** The NROs a set of links secures that are in service by a calendar year (undefined: all), and their subscribers. */
  securedBy(links: readonly string[], year?: number): { securedNros: string[]; subscribersSecured: number };
}

/**
 * The plan's objective: score = subscribers secured by the set's links (the set analysed as
 * one scenario, so links that only help together count) + weight × subscribers whose collection
 * route stops crossing a saturated or near section thanks to the set's works; then more
 * strained sections cleared; then lower cost. With `inServiceBy`, only the NROs in service by
 * that year count. Both terms are monotone, which keeps the exact solver's bound admissible.
 *
 * @example
 * const objective = planObjective(topology);
 * objective.figures(['R-01', 'D-01']).score;
 */
export function planObjective(topology: Topology, options: ObjectiveOptions = {}): PlanObjective {
  const weight = options.saturationWeight ?? 1;
  if (!(weight >= 0)) throw new InvalidOptionError('saturationWeight', `plan-objective: saturationWeight must be ≥ 0, got ${weight}`);
  const links = new Set((topology.redundancyLinks ?? []).map((l) => l.id));
  const works = new Set((topology.desaturationWorks ?? []).map((w) => w.id));
  const model = options.model ?? engineSaturationModel(topology, options);
  const secured = securedByLinks(topology, options);
  const relief = routeRelief(model, topology.desaturationWorks ?? []);
  const goal = options.objective ?? 'subscribers';
  if (goal !== 'subscribers' && goal !== 'subscriber-hours') throw new InvalidOptionError('objective', `plan-objective: objective must be subscribers or subscriber-hours, got "${String(goal)}"`);
  const avoided = goal === 'subscriber-hours' ? hoursAvoided(topology, options) : undefined;
  const years = deploymentYears(topology);
  const subscribers = new Map(topology.sites.map((s) => [s.id, s.subscribers ?? 0]));
  const routeSubscribers = new Map<string, number>();
  for (const r of model.routes) routeSubscribers.set(r.nro, (routeSubscribers.get(r.nro) ?? 0) + r.subscribers);
  const inServiceBy = options.inServiceBy;
  const inService = (nro: string, year: number | undefined) => year === undefined || !((years.get(nro) ?? -Infinity) > year);
  const counts = (nro: string) => inService(nro, inServiceBy);
  // Only when some NRO enters service after the programme is anything filtered out.
  const filtering = inServiceBy !== undefined && [...years.values()].some((y) => y > inServiceBy);
  const check = (ids: readonly string[]) => {
    for (const id of ids) if (!links.has(id) && !works.has(id)) throw new InvalidOptionError('mandatory', `plan-objective: unknown work "${id}"`);
  };
  const figures = (ids: readonly string[]): PlanValue => {
    check(ids);
    const s = secured(ids.filter((id) => links.has(id)));
    const r = relief(ids.filter((id) => works.has(id)));
    const hours = avoided?.(ids.filter((id) => links.has(id)));
    let { securedNros, subscribersSecured } = s;
    let { unblockedNros, subscribersUnblocked } = r;
    let notInService: PlanValue['notInService'];
    if (filtering && hours === undefined) {
      const later = [...new Set([...securedNros, ...unblockedNros])].filter((n) => !counts(n));
      if (later.length > 0) {
        notInService = later.sort(compareIds).map((nro) => ({ nro, deploymentYear: years.get(nro)! }));
        securedNros = securedNros.filter(counts);
        subscribersSecured = securedNros.reduce((t, n) => t + (subscribers.get(n) ?? 0), 0);
        unblockedNros = unblockedNros.filter(counts);
        subscribersUnblocked = unblockedNros.reduce((t, n) => t + (routeSubscribers.get(n) ?? 0), 0);
      }
    }
    return {
      ...(hours !== undefined && { subscriberHoursAvoided: hours }),
      score: hours ?? subscribersSecured + weight * subscribersUnblocked,
      sectionsCleared: r.sectionsCleared.length,
      subscribersSecured,
      securedNros,
      subscribersUnblocked,
      unblockedNros,
      clearedSections: r.sectionsCleared,
      ...(notInService && { notInService }),
    };
  };
  return {
    name: avoided
      ? 'maximise expected subscriber-hours of outage avoided a year (docs/availability.md), then strained sections cleared, then minimise cost'
      : `maximise subscribers secured + ${weight} × subscribers unblocked${filtering ? ` (NROs in service by ${inServiceBy})` : ''}, then strained sections cleared, then minimise cost`,
    model: model.name,
    figures,
    value: (ids) => {
      const f = figures(ids);
      return { score: f.score, sectionsCleared: f.sectionsCleared };
    },
    evaluations: secured.evaluations,
    bundles: () => reliefBundles(model, topology.desaturationWorks ?? []),
    linear: avoided === undefined,
    weight,
    saturation: model,
    counts,
    reach: (ids) => {
      check(ids);
      return { securedNros: secured(ids.filter((id) => links.has(id))).securedNros, unblockedNros: relief(ids.filter((id) => works.has(id))).unblockedNros };
    },
    securedBy: (ids, year) => {
      check(ids);
      const nros = secured(ids.filter((id) => links.has(id))).securedNros.filter((n) => inService(n, year));
      return { securedNros: nros, subscribersSecured: nros.reduce((t, n) => t + (subscribers.get(n) ?? 0), 0) };
    },
  };
}

/**
 * The `deploymentYear` of each site that has one (docs/format.md).
 *
 * @example
 * deploymentYears(topology).get('NRO-QPT'); // 2023
 */
export function deploymentYears(topology: Topology): Map<string, number> {
  const years = new Map<string, number>();
  for (const s of topology.sites) if (s.deploymentYear !== undefined) years.set(s.id, s.deploymentYear);
  return years;
}

/**
 * The subscriber-hours a set of links avoids a year: the lower bound of the baseline's less the
 * set's, the set analysed as one scenario (links that only help together count). Adding a link
 * never cuts anyone off, so the value is monotone, as the exact solver needs. One analysis per
 * distinct set.
 */
function hoursAvoided(topology: Topology, options: ObjectiveOptions): (links: readonly string[]) => number {
  const model = options.failureModel ?? failureModelOf(topology);
  const cache = new Map<string, number>();
  const lost = (links: readonly string[]) => {
    const key = setKey(links);
    let hours = cache.get(key);
    if (hours === undefined) {
      hours = subscriberHours(topology, compileNetwork(topology, scenarioNetwork(options, links)), { model }).lower;
      cache.set(key, hours);
    }
    return hours;
  };
  const baseline = lost([]);
  return (links) => Math.max(0, baseline - lost(links));
}

/**
 * A stable key for a set of ids.
 *
 * @example
 * setKey(['b', 'a']) === setKey(['a', 'b']); // true
 */
export const setKey = (ids: readonly string[]) => [...ids].sort(compareIds).join('\u0000');

/**
 * A set function that evaluates each set once, whatever the order its ids come in.
 *
 * @example
 * const setValue = memoised(objective.value);
 * setValue(['R-01', 'R-02']); setValue(['R-02', 'R-01']);
 * setValue.evaluations; // 1
 */
export function memoised(value: SetFunction): SetFunction & { readonly evaluations: number } {
  const cache = new Map<string, Value>();
  const setValue = (ids: readonly string[]) => {
    const key = setKey(ids);
    const hit = cache.get(key);
    if (hit) return hit;
    const v = value(ids);
    cache.set(key, v);
    return v;
  };
  return Object.defineProperty(setValue, 'evaluations', { get: () => cache.size }) as SetFunction & { readonly evaluations: number };
}
