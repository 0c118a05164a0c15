import { compareIds } from '../analysis/id-order.js';
import type { CompiledNetwork } from '../graph/compile.js';
import type { CollectionRouting } from '../routing/collection-routes.js';
import type { Route } from '../routing/route.js';
import { type ResolvedSaturationOptions, type SaturationOptions, saturationOptions } from './options.js';

/** `unknown` when the section has no `capacityFibres`: never reported as fine. */
export type SaturationState = 'ok' | 'near' | 'saturated' | 'unknown';

/** How bad each state is, for "worse than" comparisons (unknown ranks with ok). */
export const STATE_RANK: Readonly<Record<SaturationState, number>> = { unknown: 0, ok: 0, near: 1, saturated: 2 };

/** Load of a section against its capacity. */
export interface LoadLevel {
  /** usedFibres + routed fibres. */
  loadFibres: number;
  /** loadFibres / capacityFibres; null when the capacity is unknown. */
  ratio: number | null;
  state: SaturationState;
  /** How the state was obtained when it is not a plain count (the source's word, a work that gives no capacity). */
  note?: string;
}

/** The load of one section once some desaturation works are done: what the rankings and the plan weigh. */
export interface RelievedLoad extends Omit<LoadLevel, 'loadFibres'> {
  section: string;
  /** Null when the section is not in the network analysed. */
  loadFibres: number | null;
  /** The capacity with what the works add; null when unknown. */
  capacityFibres: number | null;
}

/**
 * A section's load once works are done, by the one rule of every model and report: with a
 * capacity, load / (capacity + the fibres the works add); without one, the source's word — a
 * section that a work names is `near` until a work on it is done, then `ok`; a done work that
 * does not say how many fibres it adds is taken to relieve the section (`ok`, with a note).
 *
 * @example
 * loadAfterWorks('S-1', { load: 90, capacity: 100 }, [{ addedCapacityFibres: 50 }], true, { nearRatio: 0.8, saturatedRatio: 1 }).state; // 'ok'
 */
export function loadAfterWorks(
  section: string,
  measured: { load: number | null; capacity: number | null },
  doneOnIt: ReadonlyArray<{ addedCapacityFibres?: number }>,
  namedByAWork: boolean,
  { nearRatio, saturatedRatio }: Pick<ResolvedSaturationOptions, 'nearRatio' | 'saturatedRatio'>,
): RelievedLoad {
  const { load, capacity } = measured;
  const unknown = { section, loadFibres: load, capacityFibres: null, ratio: null };
  if (capacity === null || !(capacity > 0)) {
    if (!namedByAWork) return { ...unknown, state: 'unknown' };
    return doneOnIt.length === 0
      ? { ...unknown, state: 'near', note: 'declared nearly saturated by the source (no fibre counts)' }
      : { ...unknown, state: 'ok', note: 'assumed relieved by the work (no fibre counts)' };
  }
  if (doneOnIt.some((w) => w.addedCapacityFibres === undefined)) {
    return { ...unknown, state: 'ok', note: 'assumed relieved by the work (no added capacity given)' };
  }
  const total = capacity + doneOnIt.reduce((t, w) => t + (w.addedCapacityFibres ?? 0), 0);
  const ratio = (load ?? 0) / total;
  return { section, loadFibres: load ?? 0, capacityFibres: total, ratio, state: ratio >= saturatedRatio ? 'saturated' : ratio >= nearRatio ? 'near' : 'ok' };
}

export interface SectionLoad extends LoadLevel {
  section: string;
  owner: string;
  capacityFibres: number | null;
  usedFibres: number;
  routedFibres: number;
  /** Number of routes (primaries and backups) on the section. */
  routes: number;
  /** The NROs whose routes use the section, sorted. */
  nros: string[];
}

/**
 * The state of a load against a capacity (NaN: unknown).
 *
 * @example
 * saturationState(90, 100, saturationOptions()); // 'near'
 */
export function saturationState(load: number, capacity: number, options: ResolvedSaturationOptions): SaturationState {
  if (!(capacity > 0)) return 'unknown';
  const ratio = load / capacity;
  return ratio >= options.saturatedRatio ? 'saturated' : ratio >= options.nearRatio ? 'near' : 'ok';
}

/**
 * The load level of a section for a given load, against its capacity plus `addedCapacity`.
 *
 * @example
 * loadLevel(net, net.sectionIndex.get('S-040')!, 130, options); // { loadFibres: 130, ratio: 1.08, state: 'saturated' }
 */
export function loadLevel(
  net: CompiledNetwork,
  section: number,
  load: number,
  options: ResolvedSaturationOptions,
  addedCapacity = 0,
): LoadLevel {
  const capacity = net.capacityFibres[section] + addedCapacity;
  const known = capacity > 0;
  return { loadFibres: load, ratio: known ? load / capacity : null, state: saturationState(load, capacity, options) };
}

/**
 * The fibres the routes take on each section: `fibresPerRoute` for every route, primary and
 * backup, that uses it.
 *
 * @example
 * routedFibres(routing, 2)[net.sectionIndex.get('S-017')!]; // 2 × the routes through S-017
 */
export function routedFibres(routing: CollectionRouting, fibresPerRoute: number): Float64Array {
  const routed = new Float64Array(routing.net.sectionCount);
  const add = (route: Route | null) => {
    if (route) for (const e of route.sections) routed[e] += fibresPerRoute;
  };
  routing.primary.forEach(add);
  routing.backup.forEach(add);
  return routed;
}

/** Load of every section: usedFibres + routed fibres. */
export function sectionLoadFibres(net: CompiledNetwork, routed: Float64Array): Float64Array {
  const load = new Float64Array(net.sectionCount);
  for (let e = 0; e < net.sectionCount; e++) load[e] = net.usedFibres[e] + routed[e];
  return load;
}

/**
 * The load of every analysed section (docs/analysis.md, "Saturation"): the fibres already used by others plus
 * `fibresPerRoute` for each collection route through it, against its capacity, with its state
 * and the NROs that load it. Worst first: by ratio descending, then the sections of unknown
 * capacity; ties by load descending, then id.
 *
 * @example
 * const loads = sectionLoads(collectionRoutes(net), { fibresPerRoute: 2 });
 * loads.filter((l) => l.state === 'saturated').map((l) => l.section);
 */
export function sectionLoads(routing: CollectionRouting, options: SaturationOptions = {}): SectionLoad[] {
  const resolved = saturationOptions(options);
  const { net } = routing;
  const routed = routedFibres(routing, resolved.fibresPerRoute);
  const { offset, nros } = nrosBySection(routing);
  const ratio = new Float64Array(net.sectionCount);
  const load = new Float64Array(net.sectionCount);
  for (let e = 0; e < net.sectionCount; e++) {
    load[e] = net.usedFibres[e] + routed[e];
    ratio[e] = net.capacityFibres[e] > 0 ? load[e] / net.capacityFibres[e] : Number.NaN;
  }
  const order = Int32Array.from(net.sectionIds.keys()).sort((a, b) => {
    const ra = ratio[a];
    const rb = ratio[b];
    if (ra === rb || (Number.isNaN(ra) && Number.isNaN(rb))) return load[b] - load[a] || compareIds(net.sectionIds[a], net.sectionIds[b]);
    if (Number.isNaN(ra)) return 1;
    if (Number.isNaN(rb)) return -1;
    return rb - ra;
  });
  return Array.from(order, (e): SectionLoad => {
    const capacity = net.capacityFibres[e];
    const list = new Array<string>(offset[e + 1] - offset[e]);
    for (let k = offset[e]; k < offset[e + 1]; k++) list[k - offset[e]] = net.siteIds[nros[k]];
    return {
      section: net.sectionIds[e],
      owner: net.owners[net.sectionOwner[e]],
      capacityFibres: capacity > 0 ? capacity : null,
      usedFibres: net.usedFibres[e],
      routedFibres: routed[e],
      ...loadLevel(net, e, load[e], resolved),
      routes: list.length,
      nros: list,
    };
  });
}

/**
 * Orders load records worst first, as `sectionLoads` does: ratio descending, unknown
 * capacities last; ties by load descending, then id.
 */
export function worstFirst(
  a: { ratio: number | null; loadFibres: number; section: string },
  b: { ratio: number | null; loadFibres: number; section: string },
): number {
  if (a.ratio !== b.ratio) {
    if (a.ratio === null) return 1;
    if (b.ratio === null) return -1;
    return b.ratio - a.ratio;
  }
  return b.loadFibres - a.loadFibres || compareIds(a.section, b.section);
}

/**
 * For each section, the site indices of the NROs whose routes use it (CSR; an NRO per route),
 * each list in id order: the NROs are visited by id.
 */
function nrosBySection(routing: CollectionRouting): { offset: Int32Array; nros: Int32Array } {
  const { net } = routing;
  const m = net.sectionCount;
  const byId = Int32Array.from(routing.nros.keys()).sort((a, b) => compareIds(net.siteIds[routing.nros[a]], net.siteIds[routing.nros[b]]));
  const offset = new Int32Array(m + 1);
  const each = (visit: (e: number, nro: number) => void) => {
    for (const k of byId) {
      for (const route of [routing.primary[k], routing.backup[k]]) if (route) for (const e of route.sections) visit(e, routing.nros[k]);
    }
  };
  each((e) => offset[e + 1]++);
  for (let e = 0; e < m; e++) offset[e + 1] += offset[e];
  const cursor = offset.slice(0, m);
  const nros = new Int32Array(offset[m]);
  each((e, v) => (nros[cursor[e]++] = v));
  return { offset, nros };
}
