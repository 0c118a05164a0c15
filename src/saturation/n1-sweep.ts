import type { CompiledNetwork } from '../graph/compile.js';
import type { CollectionRouting } from '../routing/collection-routes.js';
import type { Route } from '../routing/route.js';
import { HeadendTreeRepair } from '../routing/headend-tree-repair.js';
import { Router } from '../routing/shortest-pair.js';
import { type SaturationOptions, saturationOptions } from './options.js';
import { rerouteCollection } from './reroute-collection.js';
import { type LoadLevel, loadLevel, routedFibres, worstFirst } from './section-loads.js';

export interface SweepRow {
  section: string;
  owner: string;
  capacityFibres: number | null;
  /** The load with every section in service. */
  base: LoadLevel;
  /** The highest load over every single-section cut (the base load when no cut raises it). */
  worst: LoadLevel;
  /** The cut section that causes `worst`; null when no single cut raises the load. */
  worstCut: string | null;
}

export interface SweepOptions extends SaturationOptions {
  /** Called every `progressEvery` cut sections with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Default 10 000. */
  progressEvery?: number;
}

/** The sweep's raw answer, by section index. */
export interface SweepLoads {
  baseLoad: Float64Array;
  worstLoad: Float64Array;
  /** Section index of the cut causing `worstLoad`, -1 when none raises the load. */
  worstCut: Int32Array;
}

/**
 * The N-1 saturation sweep (like pandapower's max_loading_percent): for every section, the
 * worst load it reaches over all single-section cuts, and the cut that causes it (the first
 * by section index on ties). Each cut re-routes only the routes that use the cut section
 * (`rerouteCollection`, as `rerouteAfterCut` does), found through an index section → routes,
 * and loads move by the delta of the lost and new routes: no full recomputation per cut.
 * The searches get exact distances for each cut from a repair of the shortest-path tree under
 * the cut section (`HeadendTreeRepair`), not a Dijkstra over the whole network. Cuts that no
 * route uses change nothing and cost nothing.
 *
 * @example
 * const rows = n1Sweep(collectionRoutes(net));
 * rows[0]; // { section: 'S-041', worst: { ratio: 1.12, state: 'saturated', … }, worstCut: 'S-040', … }
 */
export function n1Sweep(routing: CollectionRouting, options: SweepOptions = {}): SweepRow[] {
  return sweepRecords(routing.net, n1SweepLoads(routing, options), options);
}

/**
 * The sweep's records from its loads, worst first: by worst ratio descending, the sections
 * of unknown capacity last; ties by worst load descending, then id.
 *
 * @example
 * sweepRecords(net, n1SweepLoads(routing), { nearRatio: 0.8 });
 */
export function sweepRecords(net: CompiledNetwork, loads: SweepLoads, options: SaturationOptions = {}): SweepRow[] {
  const resolved = saturationOptions(options);
  const { baseLoad, worstLoad, worstCut } = loads;
  const rows = net.sectionIds.map((section, e): SweepRow => {
    const capacity = net.capacityFibres[e];
    return {
      section,
      owner: net.owners[net.sectionOwner[e]],
      capacityFibres: capacity > 0 ? capacity : null,
      base: loadLevel(net, e, baseLoad[e], resolved),
      worst: loadLevel(net, e, worstLoad[e], resolved),
      worstCut: worstCut[e] < 0 ? null : net.sectionIds[worstCut[e]],
    };
  });
  return rows.sort((a, b) => worstFirst({ ...a.worst, section: a.section }, { ...b.worst, section: b.section }));
}

/**
 * The sweep's loads by section index, without records (for benchmarks and large networks).
 *
 * @example
 * const { worstLoad, worstCut } = n1SweepLoads(routing, { fibresPerRoute: 2 });
 */
export function n1SweepLoads(routing: CollectionRouting, options: SweepOptions = {}): SweepLoads {
  const { fibresPerRoute } = saturationOptions(options);
  const { net } = routing;
  const m = net.sectionCount;
  const routed = routedFibres(routing, fibresPerRoute);
  const baseLoad = new Float64Array(m);
  for (let e = 0; e < m; e++) baseLoad[e] = net.usedFibres[e] + routed[e];
  const worstLoad = baseLoad.slice();
  const worstCut = new Int32Array(m).fill(-1);

  const index = routesBySection(routing);
  const dead = new Uint8Array(m);
  const tree = new HeadendTreeRepair(net, { distance: routing.toHeadend, via: routing.via });
  const router = new Router(net, { dead, toHeadend: tree.distance, via: tree.via });
  const delta = new Float64Array(m);
  const touchedBy = new Int32Array(m).fill(-1);
  const touched: number[] = [];
  let cut = 0;
  const shift = (route: Route, fibres: number) => {
    for (const e of route.sections) {
      if (touchedBy[e] !== cut) {
        touchedBy[e] = cut;
        touched.push(e);
      }
      delta[e] += fibres;
    }
  };
  const every = options.progressEvery ?? 10_000;

  for (; cut < m; cut++) {
    if (options.onProgress && cut > 0 && cut % every === 0) options.onProgress(cut, m);
    if (index.offset[cut] === index.offset[cut + 1]) continue;
    dead[cut] = 1;
    tree.cut(cut, dead);
    for (let i = index.offset[cut]; i < index.offset[cut + 1]; i++) {
      const change = rerouteCollection(router, routing, index.routes[i] >> 1);
      if (!change) continue;
      for (const { route } of change.lost) shift(route, -fibresPerRoute);
      for (const { route } of change.added) shift(route, fibresPerRoute);
    }
    tree.restore();
    dead[cut] = 0;
    for (const e of touched) {
      const load = baseLoad[e] + delta[e];
      if (e !== cut && load > worstLoad[e]) {
        worstLoad[e] = load;
        worstCut[e] = cut;
      }
      delta[e] = 0;
    }
    touched.length = 0;
  }
  options.onProgress?.(m, m);
  return { baseLoad, worstLoad, worstCut };
}

/** For each section, the routes through it as 2k (primary of the k-th NRO) or 2k + 1 (backup), CSR. */
function routesBySection(routing: CollectionRouting): { offset: Int32Array; routes: Int32Array } {
  const m = routing.net.sectionCount;
  const offset = new Int32Array(m + 1);
  const each = (visit: (e: number, route: number) => void) => {
    for (let k = 0; k < routing.nros.length; k++) {
      for (const e of routing.primary[k]?.sections ?? []) visit(e, 2 * k);
      for (const e of routing.backup[k]?.sections ?? []) visit(e, 2 * k + 1);
    }
  };
  each((e) => offset[e + 1]++);
  for (let e = 0; e < m; e++) offset[e + 1] += offset[e];
  const cursor = offset.slice(0, m);
  const routes = new Int32Array(offset[m]);
  each((e, r) => (routes[cursor[e]++] = r));
  return { offset, routes };
}
