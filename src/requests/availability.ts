import { z } from 'zod';
import { compareIds } from '../analysis/id-order.js';
import type { NroStatus } from '../analysis/resilience-report.js';
import { doubleFailures } from '../availability/double-failures.js';
import { FailureModel, failureModelOf, failureRates, HOURS_PER_YEAR, type ResolvedFailureModel } from '../availability/failure-model.js';
import { type ElementRef, nroAvailability, odds } from '../availability/nro-availability.js';
import { type SubscriberHours, totalSubscriberHours, type WorkWorth, workWorth } from '../availability/work-worth.js';
import type { CompiledNetwork } from '../graph/compile.js';
import { UnknownReferenceError } from '../model/errors.js';
import { type CollectionStatus, collectionStatus } from '../routing/collection-routes.js';
import { diversityReached, type RouteDiversity, routeSharing } from '../routing/route-diversity.js';
import { Ids, MAX_IDS, NetworkRequest } from './bounds.js';
import { routingOf } from './cut.js';
import type { LoadedNetwork, NetworkWorkspace } from './network-workspace.js';
import { parseRequest } from './request-error.js';

const MINUTES_PER_YEAR = HOURS_PER_YEAR * 60;

/** Ids a request's failure model may name, all its records together. */
const countIds = (model: z.output<typeof FailureModel>) =>
  [model.owners, model.sections, model.sites, model.riskGroups].reduce((n, record) => n + Object.keys(record ?? {}).length, 0);

/** `availability`: the network, a failure model on top of the topology's, and what to list. */
export const AvailabilityRequest = z.strictObject({
  network: NetworkRequest.prefault({}),
  failureModel: FailureModel.refine((model) => countIds(model) <= MAX_IDS, { message: `at most ${MAX_IDS} ids in all` }).optional()
    .describe('failure rates and repair times overriding the topology’s failureModel and the defaults, field by field (docs/availability.md)'),
  states: z.enum(['nro', 'network']).default('nro')
    .describe('nro: the states of the elements that can touch each NRO (tight bounds); network: every element of the network (Net2Plan’s states)'),
  top: z.number().int().min(0).max(100).default(5).describe('double failures listed per NRO, most likely first'),
  works: z.boolean().default(true).describe('add what each work avoids (one network per redundancy link and planned head-end)'),
  lifetimeYears: z.number().positive().max(100).default(1).describe('years a work’s avoided subscriber-hours are counted over in its € per subscriber-hour'),
  nros: Ids(1_000).default([]).describe('list only these NROs (the network figures stay the whole network’s)'),
});
export type AvailabilityRequest = z.input<typeof AvailabilityRequest>;

export type Figures = { single: number; lower: number; upper: number };
export interface NamedElement {
  kind: ElementRef['kind'];
  id: string;
}

/** One NRO's record in `availability --json`. */
export interface NroAvailabilityRecord {
  nro: string;
  name?: string;
  subscribers: number;
  status: NroStatus;
  unavailabilityMinPerYear: Figures;
  subscriberHoursPerYear: Figures;
  /** The elements that alone cut it off, the most often down first: the minutes a year each is down. */
  singleFailures: (NamedElement & { minPerYear: number })[];
  /**
   * Its collection routes at the default diversity (docs/analysis.md, "Saturation"): whether it
   * has a backup, the level the pair reaches, and what the two routes share (a trench is a risk group).
   */
  routes: { status: CollectionStatus; diversity: RouteDiversity | null; shares: { sites: string[]; riskGroups: string[]; owners: string[] } | null };
  doubleFailures: {
    sectionPairs: number;
    riskGroupPairs: number | null;
    mixedPairs: number | null;
    complete: { sectionSection: boolean; riskGroupRiskGroup: boolean; mixed: boolean };
    /** The likeliest pairs: the minutes a year both are down. */
    top: { a: NamedElement; b: NamedElement; minPerYear: number }[];
  };
}

/** The `availability --json` document (docs/availability.md). */
export interface AvailabilityAnswer {
  /** The failure model used, every default filled in. */
  model: ResolvedFailureModel;
  states: 'nro' | 'network';
  headends: string[];
  /**
   * Totals over every NRO. An NRO with no path to a head-end in the analysed network is down all
   * year whatever fails: it counts (a work that connects it avoids that), and `isolated` says how much of the total it is.
   */
  network: { nros: number; subscribers: number; subscriberHoursPerYear: SubscriberHours; isolated: { nros: number; subscribers: number; subscriberHoursPerYear: number } };
  /** By unavailability (lower bound) descending, then id. */
  nros: NroAvailabilityRecord[];
  /** By € per subscriber-hour avoided, least first; works avoiding nothing last. Empty with `works: false`. */
  works: WorkWorth[];
}

/**
 * Expected unavailability and subscriber-hours lost per NRO and for the network, and what each
 * work avoids (docs/availability.md). Computed once per network and request.
 *
 * @example
 * availabilityRequest(workspace, { top: 3 }).nros[0].unavailabilityMinPerYear.single;
 */
export function availabilityRequest(workspace: NetworkWorkspace, input: AvailabilityRequest): AvailabilityAnswer {
  const request = parseRequest(AvailabilityRequest, input, 'availability');
  const loaded = workspace.network(request.network);
  return availabilityOf(loaded, request);
}

/** The availability answer of a loaded network for a parsed request, memoised on the network. */
export function availabilityOf(loaded: LoadedNetwork, request: z.output<typeof AvailabilityRequest>): AvailabilityAnswer {
  const { failureModel, states, top, works, lifetimeYears, nros: only } = request;
  const modelKey = JSON.stringify(failureModel ?? null);
  const model = loaded.memo(`availability-model:${modelKey}`, () => failureModelOf(loaded.topology, failureModel));
  const nros = loaded.memo(JSON.stringify(['availability', modelKey, states, top]), () => nroRecords(loaded, model, states, top));
  const worth = works
    ? loaded.memo(JSON.stringify(['availability-works', modelKey, states, lifetimeYears]), () =>
        workWorth(loaded.topology, { network: loaded.options, model, states, lifetimeYears, baseline: nros.network.subscriberHoursPerYear }))
    : [];
  return { model, states, headends: [...loaded.net.headends].map((h) => loaded.net.siteIds[h]).sort(compareIds), network: nros.network, nros: listed(nros.records, only), works: worth };
}

/** The records of the NROs a request names (all when it names none); a name that is no analysed NRO is an error naming it. */
function listed(records: NroAvailabilityRecord[], only: readonly string[]): NroAvailabilityRecord[] {
  if (only.length === 0) return records;
  const wanted = new Set(only);
  const found = records.filter((r) => wanted.has(r.nro));
  if (found.length < wanted.size) {
    const known = new Set(found.map((r) => r.nro));
    const missing = only.find((id) => !known.has(id))!;
    const field = `nros[${only.indexOf(missing)}]`;
    throw new UnknownReferenceError(field, missing, `availability: "${missing}" is not an analysed NRO of this network`);
  }
  return found;
}

function nroRecords(loaded: LoadedNetwork, model: ResolvedFailureModel, states: 'nro' | 'network', top: number) {
  const { net } = loaded;
  const rates = failureRates(net, loaded.topology, { resolved: model });
  const pairs = doubleFailures(net, {
    sectionWeight: odds(rates.sections.unavailability), siteWeight: odds(rates.sites.unavailability), riskGroupWeight: odds(rates.riskGroups.unavailability), top,
  });
  const nros = nroAvailability(net, rates, { analysis: loaded.analysis(), states, doubleFailures: pairs });
  const name = (element: ElementRef): NamedElement => ({ kind: element.kind, id: elementId(net, element) });
  const downOf = (element: ElementRef) => ({ section: rates.sections, site: rates.sites, riskGroup: rates.riskGroups })[element.kind].unavailability[element.index];
  const minutes = (p: number) => p * MINUTES_PER_YEAR;
  const routing = routingOf(loaded);
  const routeOf = new Map<number, number>();
  for (let k = 0; k < routing.nros.length; k++) routeOf.set(routing.nros[k], k);
  const routes = (v: number): NroAvailabilityRecord['routes'] => {
    const k = routeOf.get(v);
    if (k === undefined) return { status: 'unroutable', diversity: null, shares: null };
    const status = collectionStatus(routing, k);
    const primary = routing.primary[k];
    const backup = routing.backup[k];
    if (status !== 'protected' || !primary || !backup) return { status, diversity: null, shares: null };
    const sharing = routeSharing(net, primary, backup);
    return { status, diversity: diversityReached(sharing), shares: { sites: sharing.sites, riskGroups: sharing.riskGroups, owners: sharing.owners } };
  };
  const records = nros.map((nro): NroAvailabilityRecord => {
    const v = nro.site;
    const subscribers = net.subscribers[v];
    const { single, lower, upper } = nro.unavailability;
    const double = nro.doubleFailures ?? NO_PAIRS;
    return {
      nro: net.siteIds[v],
      ...(net.siteNames[v] !== undefined && { name: net.siteNames[v] }),
      subscribers,
      status: nro.status,
      unavailabilityMinPerYear: { single: minutes(single), lower: minutes(lower), upper: minutes(upper) },
      subscriberHoursPerYear: { single: subscribers * single * HOURS_PER_YEAR, lower: subscribers * lower * HOURS_PER_YEAR, upper: subscribers * upper * HOURS_PER_YEAR },
      singleFailures: nro.singleFailures.map((s) => ({ ...name(s), minPerYear: minutes(s.probability) })),
      routes: routes(v),
      doubleFailures: {
        sectionPairs: double.sectionPairs,
        riskGroupPairs: double.riskGroupPairs,
        mixedPairs: double.mixedPairs,
        complete: double.complete,
        top: double.top.map((pair) => ({ a: name(pair.a), b: name(pair.b), minPerYear: minutes(downOf(pair.a) * downOf(pair.b)) })),
      },
    };
  });
  records.sort((a, b) => b.unavailabilityMinPerYear.lower - a.unavailabilityMinPerYear.lower
    || b.unavailabilityMinPerYear.upper - a.unavailabilityMinPerYear.upper || compareIds(a.nro, b.nro));
  let subscribers = 0;
  const isolated = { nros: 0, subscribers: 0, subscriberHoursPerYear: 0 };
  for (const nro of nros) {
    subscribers += net.subscribers[nro.site];
    if (nro.status !== 'isolated') continue;
    isolated.nros++;
    isolated.subscribers += net.subscribers[nro.site];
    isolated.subscriberHoursPerYear += net.subscribers[nro.site] * HOURS_PER_YEAR;
  }
  return { network: { nros: nros.length, subscribers, subscriberHoursPerYear: totalSubscriberHours(net, nros), isolated }, records };
}

const NO_PAIRS = {
  sectionPairs: 0, riskGroupPairs: null, mixedPairs: null, complete: { sectionSection: false, riskGroupRiskGroup: false, mixed: false }, top: [],
} as const;

function elementId(net: CompiledNetwork, element: ElementRef): string {
  if (element.kind === 'section') return net.sectionIds[element.index];
  if (element.kind === 'site') return net.siteIds[element.index];
  return net.riskGroups[element.index];
}
