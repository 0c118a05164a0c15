import { compareIds } from '../analysis/id-order.js';
import { compileNetwork, type CompiledNetwork } from '../graph/compile.js';
import type { NetworkOptions } from '../graph/options.js';
import { InvalidOptionError } from '../model/errors.js';
import type { Section, Site, Topology } from '../model/schema.js';
import { linkUnavailable, scenarioNetwork } from '../planning/link-scenario.js';
import { doubleFailures } from './double-failures.js';
import { failureRates, HOURS_PER_YEAR, type ResolvedFailureModel } from './failure-model.js';
import { type NroAvailability, nroAvailability, odds } from './nro-availability.js';

/** Expected subscriber-hours lost per year over a network's NROs, from the three figures of each. */
export interface SubscriberHours {
  single: number;
  lower: number;
  upper: number;
}

export interface WorkWorthOptions {
  /** The baseline: head-ends, planned elements, links taken as built (`--with-link`). */
  network?: NetworkOptions;
  /** The resolved failure model (`failureModelOf`). */
  model: ResolvedFailureModel;
  /** As `nroAvailability`'s `states`. Default `nro`. */
  states?: 'nro' | 'network';
  /** Enumerate the double failures in every scenario (tighter bounds). Default true. */
  pairs?: boolean;
  /** Years a work's subscriber-hours are counted over in its € per subscriber-hour. Default 1: the cost over one year's hours. */
  lifetimeYears?: number;
  /** The baseline's subscriber-hours, when the caller has them. */
  baseline?: SubscriberHours;
}

export type WorkKind = 'redundancyLink' | 'headend' | 'desaturationWork';

/** What one work is worth in subscriber-hours: its record in `availability --json`. */
export interface WorkWorth {
  kind: WorkKind;
  id: string;
  label?: string;
  costEur: number | null;
  /**
   * Expected subscriber-hours avoided per year. `expected`: the difference of the lower bounds
   * (the states known to cut an NRO off, exact up to the states of three or more elements down
   * with none that alone cuts it off, when the pairs are enumerated); `lower` and
   * `upper`: what the bounds of the two networks prove (before's lower − after's upper, before's
   * upper − after's lower; never below 0, as a path added never cuts anyone off).
   */
  subscriberHoursAvoidedPerYear: { expected: number; lower: number; upper: number };
  /** costEur / (expected × lifetimeYears); null when the work has no cost or avoids nothing. */
  eurPerSubscriberHour: number | null;
  lifetimeYears: number;
  /** Why the figures are what they are, when it is not obvious. */
  note?: string;
}

/**
 * What each work of the topology avoids in expected subscriber-hours lost per year, and its €
 * per subscriber-hour avoided (docs/availability.md), ranked by € per subscriber-hour (least
 * first), then the works without a cost by hours avoided, then those avoiding nothing:
 * - each redundancy link: the baseline with the link built, as `rank` builds its scenarios;
 * - each planned head-end: the baseline with the head-end and the planned sections joining it
 *   to an analysed site built (the other planned elements stay as the baseline has them);
 *   with `includePlanned` the baseline has it already, and it is compared with the network
 *   without it and its sections. The topology gives no cost for a site: its € per
 *   subscriber-hour is null;
 * - each desaturation work: it adds capacity, not paths, and the connectivity model counts no
 *   subscriber-hour lost to saturation: 0 avoided, said so in its note.
 *
 * @example
 * const works = workWorth(topology, { model: failureModelOf(topology) });
 * works[0]; // on the Somme network: { kind: 'redundancyLink', id: 'R-06', subscriberHoursAvoidedPerYear: { expected: 3478.7, … }, eurPerSubscriberHour: 21.5, … }
 */
export function workWorth(topology: Topology, options: WorkWorthOptions): WorkWorth[] {
  const lifetimeYears = options.lifetimeYears ?? 1;
  if (!(lifetimeYears > 0 && lifetimeYears <= 1000)) throw new InvalidOptionError('lifetimeYears', `workWorth: lifetimeYears must be in (0, 1000], not ${lifetimeYears}`);
  const network = scenarioNetwork({ headends: options.network?.headends, includePlanned: options.network?.includePlanned, baseLinks: options.network?.withLinks });
  const hours = (t: Topology, n: NetworkOptions) => subscriberHours(t, compileNetwork(t, n), options);
  const baseline = options.baseline ?? hours(topology, network);
  const worth = (kind: WorkKind, id: string, costEur: number | null, before: SubscriberHours, after: SubscriberHours, extra: Partial<WorkWorth> = {}): WorkWorth => {
    const avoided = avoidedHours(before, after);
    const pays = costEur !== null && avoided.expected > 0;
    return { kind, id, ...extra, costEur, subscriberHoursAvoidedPerYear: avoided, eurPerSubscriberHour: pays ? costEur / (avoided.expected * lifetimeYears) : null, lifetimeYears };
  };
  const nothing = (kind: WorkKind, id: string, costEur: number | null, note: string, label?: string): WorkWorth => ({
    kind, id, ...(label !== undefined && { label }), costEur, subscriberHoursAvoidedPerYear: { expected: 0, lower: 0, upper: 0 }, eurPerSubscriberHour: null, lifetimeYears, note,
  });

  const works: WorkWorth[] = [];
  const built = new Set(network.withLinks);
  for (const link of topology.redundancyLinks ?? []) {
    if (built.has(link.id)) {
      works.push(nothing('redundancyLink', link.id, link.costEur, 'already built in the baseline (--with-link)'));
      continue;
    }
    const why = linkUnavailable(topology, link, { includePlanned: network.includePlanned });
    if (why) {
      works.push(nothing('redundancyLink', link.id, link.costEur, `not analysed: ${why}`));
      continue;
    }
    const after = hours(topology, { ...network, withLinks: [...(network.withLinks ?? []), link.id] });
    works.push(worth('redundancyLink', link.id, link.costEur, baseline, after));
  }

  for (const site of topology.sites) {
    if (site.kind !== 'headend' || site.status !== 'planned') continue;
    const note = 'no cost in the topology: € per subscriber-hour unknown';
    if (network.includePlanned) {
      const without = withoutSite(topology, site.id);
      const headends = (network.headends ?? []).filter((h) => h !== site.id);
      if ((network.headends ?? []).length > 0 && headends.length === 0) {
        works.push(nothing('headend', site.id, null, 'the only head-end named: no network to compare without it', site.name));
        continue;
      }
      const links = new Set((without.redundancyLinks ?? []).map((l) => l.id));
      const before = hours(without, { ...network, headends, withLinks: (network.withLinks ?? []).filter((id) => links.has(id)) });
      works.push(worth('headend', site.id, null, before, baseline, { ...(site.name !== undefined && { label: site.name }), note: `${note}; compared with the network without it and its sections` }));
      continue;
    }
    const { topology: withIt, sections } = withPlannedHeadend(topology, site);
    const headends = (network.headends ?? []).length > 0 ? [...(network.headends ?? []), site.id] : [];
    const after = hours(withIt, { ...network, headends });
    works.push(worth('headend', site.id, null, baseline, after, {
      ...(site.name !== undefined && { label: site.name }),
      note: `${note}; built with ${sections.length ? sections.join(', ') : 'no section (none joins it to an analysed site)'}`,
    }));
  }

  for (const work of topology.desaturationWorks ?? []) {
    works.push(nothing('desaturationWork', work.id, work.costEur,
      'adds capacity, not paths: avoids no subscriber-hour under the connectivity model', work.label));
  }
  return works.sort(byWorth);
}

/**
 * The subscriber-hours a network loses per year: Σ over its NROs of subscribers × unavailability
 * × 8760 h, for each of the three figures.
 *
 * @example
 * totalSubscriberHours(net, nroAvailability(net, rates)).single;
 */
export function totalSubscriberHours(net: CompiledNetwork, nros: readonly NroAvailability[]): SubscriberHours {
  const total = { single: 0, lower: 0, upper: 0 };
  for (const nro of nros) {
    const subscribers = net.subscribers[nro.site];
    total.single += subscribers * nro.unavailability.single * HOURS_PER_YEAR;
    total.lower += subscribers * nro.unavailability.lower * HOURS_PER_YEAR;
    total.upper += subscribers * nro.unavailability.upper * HOURS_PER_YEAR;
  }
  return total;
}

/**
 * The subscriber-hours a compiled network of a topology loses per year under a resolved failure
 * model, its double failures enumerated unless `pairs` is false.
 *
 * @example
 * subscriberHours(topology, compileNetwork(topology), { model: failureModelOf(topology) }).lower;
 */
export function subscriberHours(topology: Topology, net: CompiledNetwork, options: Pick<WorkWorthOptions, 'model' | 'states' | 'pairs'>): SubscriberHours {
  const rates = failureRates(net, topology, { resolved: options.model });
  const pairs = options.pairs === false ? undefined : doubleFailures(net, {
    sectionWeight: odds(rates.sections.unavailability), siteWeight: odds(rates.sites.unavailability), riskGroupWeight: odds(rates.riskGroups.unavailability), top: 0,
  });
  return totalSubscriberHours(net, nroAvailability(net, rates, { states: options.states, doubleFailures: pairs }));
}

/**
 * Hours avoided from the figures of the networks before and after. Differences within the
 * rounding of the sums (a billionth of the hours) are no difference: a link that changes
 * nobody's failures moves the lower bound by P0's product with its own tiny r, below that.
 */
function avoidedHours(before: SubscriberHours, after: SubscriberHours) {
  const noise = 1e-9 * Math.max(before.upper, after.upper);
  const clean = (x: number) => (x > noise ? x : 0);
  return {
    expected: clean(before.lower - after.lower),
    lower: clean(before.lower - after.upper),
    upper: clean(before.upper - after.lower),
  };
}

/** By € per subscriber-hour, least first; then the works without a cost by hours avoided; then those avoiding nothing; ties by kind and id. */
function byWorth(a: WorkWorth, b: WorkWorth): number {
  const rank = (w: WorkWorth) => (w.eurPerSubscriberHour !== null ? 0 : w.subscriberHoursAvoidedPerYear.expected > 0 ? 1 : 2);
  return rank(a) - rank(b)
    || (a.eurPerSubscriberHour ?? 0) - (b.eurPerSubscriberHour ?? 0)
    || b.subscriberHoursAvoidedPerYear.expected - a.subscriberHoursAvoidedPerYear.expected
    || compareIds(a.kind, b.kind) || compareIds(a.id, b.id);
}

/**
 * The topology with one planned head-end built: the site, and the planned sections between it
 * and a site that is analysed without `includePlanned` (an existing one) or another head-end
 * built with it, become existing. Nothing else changes; the document is not mutated.
 */
export function withPlannedHeadend(topology: Topology, headend: Site): { topology: Topology; sections: string[] } {
  const existing = new Set(topology.sites.filter((s) => (s.status ?? 'existing') === 'existing' || s.id === headend.id).map((s) => s.id));
  const built: string[] = [];
  const sections = topology.sections.map((s): Section => {
    if (s.status !== 'planned' || (s.from !== headend.id && s.to !== headend.id) || !existing.has(s.from) || !existing.has(s.to)) return s;
    built.push(s.id);
    return { ...s, status: 'existing' };
  });
  const sites = topology.sites.map((s): Site => (s.id === headend.id ? { ...s, status: 'existing' } : s));
  return { topology: { ...topology, sites, sections }, sections: built };
}

/** The topology without one site and the sections and links that end at it. */
function withoutSite(topology: Topology, id: string): Topology {
  return {
    ...topology,
    sites: topology.sites.filter((s) => s.id !== id),
    sections: topology.sections.filter((s) => s.from !== id && s.to !== id),
    redundancyLinks: (topology.redundancyLinks ?? []).filter((l) => l.a !== id && l.b !== id),
  };
}
