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
}

/**
 * The plan's objective: score = subscribers secured by the set's links (the set analysed as
 * one scenario, so links that only help together count) + weight × subscribers whose collection
 * route stops crossing a saturated or near section thanks to the set's works; then more
 * strained sections cleared; then lower cost. Both terms are monotone, which keeps the exact
 * solver's bound admissible.
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
  const figures = (ids: readonly string[]): PlanValue => {
    for (const id of ids) if (!links.has(id) && !works.has(id)) throw new InvalidOptionError('mandatory', `plan-objective: unknown work "${id}"`);
    const s = secured(ids.filter((id) => links.has(id)));
    const r = relief(ids.filter((id) => works.has(id)));
    const hours = avoided?.(ids.filter((id) => links.has(id)));
    return {
      ...(hours !== undefined && { subscriberHoursAvoided: hours }),
      score: hours ?? s.subscribersSecured + weight * r.subscribersUnblocked,
      sectionsCleared: r.sectionsCleared.length,
      subscribersSecured: s.subscribersSecured,
      securedNros: s.securedNros,
      subscribersUnblocked: r.subscribersUnblocked,
      unblockedNros: r.unblockedNros,
      clearedSections: r.sectionsCleared,
    };
  };
  return {
    name: avoided
      ? 'maximise expected subscriber-hours of outage avoided a year (docs/availability.md), then strained sections cleared, then minimise cost'
      : `maximise subscribers secured + ${weight} × subscribers unblocked, then strained sections cleared, then minimise cost`,
    model: model.name,
    figures,
    value: (ids) => {
      const f = figures(ids);
      return { score: f.score, sectionsCleared: f.sectionsCleared };
    },
    evaluations: secured.evaluations,
    bundles: () => reliefBundles(model, topology.desaturationWorks ?? []),
  };
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
