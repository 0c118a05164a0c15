import type { CompiledNetwork } from '../graph/compile.js';
import { type SharedRouting, routingView, shareRouting } from '../parallel/shared-routing.js';
import { type ChunkClaims, runParallel, serveChunks, shared, threadCount, type WorkerInput } from '../parallel/threads.js';
import { bridgeFarSides } from '../routing/bridge-sides.js';
import type { CollectionRouting } from '../routing/collection-routes.js';
import { HeadendTreeRepair } from '../routing/headend-tree-repair.js';
import type { Route } from '../routing/route.js';
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
  /**
   * Threads to sweep on (the calling one included), each taking its share of the cuts; the
   * answer is the same whatever the number. Default: every available core from
   * `PARALLEL_SWEEP_SECTIONS` sections, 1 below (a worker costs more than it saves).
   */
  threads?: number;
}

/** From this many sections the sweep runs on every core by default. */
export const PARALLEL_SWEEP_SECTIONS = 50_000;
/** Cuts per chunk of a parallel sweep at most: cuts cost very unequally, so the chunks are small. */
const MAX_CUTS_PER_CHUNK = 256;

/** The sweep's raw answer, by section index. */
export interface SweepLoads {
  baseLoad: Float64Array;
  worstLoad: Float64Array;
  /** Section index of the cut causing `worstLoad`, -1 when none raises the load. */
  worstCut: Int32Array;
  /** Threads that took part (1: the calling thread alone). */
  threads: number;
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
  const farSide = bridgeFarSides(net);
  const threads = Math.min(threadCount(options.threads, m, PARALLEL_SWEEP_SECTIONS), m);
  const every = options.progressEvery ?? 10_000;
  const sweep = new CutSweep(routing, fibresPerRoute, baseLoad, index, farSide);

  if (threads <= 1) {
    sweep.run(0, m, worstLoad, worstCut, options.onProgress && ((cut) => cut > 0 && cut % every === 0 && options.onProgress!(cut, m)));
    options.onProgress?.(m, m);
    return { baseLoad, worstLoad, worstCut, threads: 1 };
  }

  // Each worker keeps its own worst loads over the cuts it does; merged below.
  const workerWorst = Array.from({ length: threads - 1 }, () => ({ load: shared(baseLoad), cut: shared(worstCut) }));
  const data: SweepTaskData = {
    routing: shareRouting(routing),
    farSide: shared(farSide),
    fibresPerRoute,
    chunkSize: Math.max(1, Math.min(MAX_CUTS_PER_CHUNK, Math.ceil(m / (16 * threads)))),
    baseLoad: shared(baseLoad),
    index: { offset: shared(index.offset), routes: shared(index.routes) },
    worst: workerWorst,
  };
  let reported = 0;
  const answers = runParallel<SweepTaskData, null>({
    task: 'sweep',
    data,
    chunks: Math.ceil(m / data.chunkSize),
    threads,
    runHere: (claims) => sweepChunks(sweep, claims, data.chunkSize, m, worstLoad, worstCut),
    onProgress: (done) => {
      if (!options.onProgress || Math.floor(done / every) <= reported) return;
      reported = Math.floor(done / every);
      if (reported * every < m) options.onProgress(reported * every, m);
    },
  });
  for (const other of workerWorst) mergeWorst(worstLoad, worstCut, other.load, other.cut);
  options.onProgress?.(m, m);
  return { baseLoad, worstLoad, worstCut, threads: 1 + answers.filter((a) => a !== undefined).length };
}

/**
 * Folds another thread's worst loads into `load` and `cut`: the higher load wins, and on a tie
 * the lower cut index, as the single-thread sweep (which meets the cuts in index order and
 * keeps the first on a tie) decides.
 */
function mergeWorst(load: Float64Array, cut: Int32Array, otherLoad: Float64Array, otherCut: Int32Array): void {
  for (let e = 0; e < load.length; e++) {
    const c = otherCut[e];
    if (c < 0) continue;
    if (otherLoad[e] > load[e] || (otherLoad[e] === load[e] && (cut[e] < 0 || c < cut[e]))) {
      load[e] = otherLoad[e];
      cut[e] = c;
    }
  }
}

function sweepChunks(sweep: CutSweep, claims: ChunkClaims, size: number, m: number, worstLoad: Float64Array, worstCut: Int32Array): void {
  const beat = () => claims.beat();
  for (let c = claims.claim(); c >= 0; c = claims.claim()) {
    const end = Math.min(m, (c + 1) * size);
    sweep.run(c * size, end, worstLoad, worstCut, beat);
    claims.done(end - c * size);
  }
}

/** What the sweep workers share: the network, the routing flattened, its index, and where each writes its worst loads. */
interface SweepTaskData {
  routing: SharedRouting;
  farSide: Int32Array;
  fibresPerRoute: number;
  chunkSize: number;
  baseLoad: Float64Array;
  index: { offset: Int32Array; routes: Int32Array };
  /** By worker. */
  worst: { load: Float64Array; cut: Int32Array }[];
}

/** The `sweep` task of the worker script: sweeps the cuts of the chunks it claims into its own worst loads. */
export function sweepChunksInWorker(input: WorkerInput<SweepTaskData>): void {
  const { data } = input;
  serveChunks(
    input,
    () => {
      const routing = routingView(data.routing);
      return new CutSweep(routing, data.fibresPerRoute, data.baseLoad, data.index, data.farSide);
    },
    (sweep, claims) => {
      const { load, cut } = data.worst[input.worker];
      sweepChunks(sweep, claims, data.chunkSize, data.routing.net.sectionCount, load, cut);
      return { answer: null };
    },
  );
}

// The cut section lies on the route the index names, and not on the other (they are section-disjoint).
const PRIMARY_LOST = Object.freeze({ primary: true, backup: false });
const BACKUP_LOST = Object.freeze({ primary: false, backup: true });

/**
 * The sweep's working state for one thread: the tree repaired per cut, a router on it, and
 * the per-cut load deltas. `run` sweeps a range of cuts in index order.
 */
class CutSweep {
  private readonly dead: Uint8Array;
  private readonly tree: HeadendTreeRepair;
  private readonly router: Router;
  private readonly delta: Float64Array;
  private readonly touchedBy: Int32Array;
  private readonly touched: number[] = [];
  /** Room for one tree route (a route has at most one section per site). */
  private readonly path: Int32Array;

  constructor(
    private readonly routing: CollectionRouting,
    private readonly fibresPerRoute: number,
    private readonly baseLoad: Float64Array,
    private readonly index: { offset: Int32Array; routes: Int32Array },
    farSide: Int32Array,
  ) {
    const { net } = routing;
    const m = net.sectionCount;
    this.dead = new Uint8Array(m);
    this.tree = new HeadendTreeRepair(net, { distance: routing.toHeadend, via: routing.via });
    this.router = new Router(net, { dead: this.dead, toHeadend: this.tree.distance, via: this.tree.via, bridgeFarSides: farSide });
    this.delta = new Float64Array(m);
    this.touchedBy = new Int32Array(m).fill(-1);
    this.path = new Int32Array(net.siteCount);
  }

  /** Sweeps the cuts from `from` to `to` (excluded) into `worstLoad` and `worstCut`; `beforeCut` is called before each. */
  run(from: number, to: number, worstLoad: Float64Array, worstCut: Int32Array, beforeCut?: (cut: number) => void): void {
    const { routing, fibresPerRoute, baseLoad, index, dead, tree, router, delta, touchedBy, touched } = this;
    let cut = from;
    const shiftSection = (e: number, fibres: number) => {
      if (touchedBy[e] !== cut) {
        touchedBy[e] = cut;
        touched.push(e);
      }
      delta[e] += fibres;
    };
    const shift = (route: Route, fibres: number) => {
      for (const e of route.sections) shiftSection(e, fibres);
    };
    for (; cut < to; cut++) {
      beforeCut?.(cut);
      if (index.offset[cut] === index.offset[cut + 1]) continue;
      dead[cut] = 1;
      tree.cut(cut, dead);
      for (let i = index.offset[cut]; i < index.offset[cut + 1]; i++) {
        const k = index.routes[i] >> 1;
        const primaryLost = (index.routes[i] & 1) === 0;
        if (primaryLost && routing.backup[k] === null) {
          // A single route lost: its replacement is the repaired tree's route, walked in place.
          this.treeReroute(routing.nros[k], routing.primary[k]!, shiftSection);
          continue;
        }
        const change = rerouteCollection(router, routing, k, primaryLost ? PRIMARY_LOST : BACKUP_LOST);
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
  }

  /**
   * What `rerouteCollection` does for an NRO whose only route is lost, without building the
   * routes: the lost route's fibres leave, and the route of the repaired tree (what the router
   * reads off it with nothing to avoid) takes them, unless the site is cut off.
   */
  private treeReroute(source: number, lost: Route, shiftSection: (e: number, fibres: number) => void): void {
    const { net } = this.routing;
    const { distance, via } = this.tree;
    const fibres = this.fibresPerRoute;
    for (const e of lost.sections) shiftSection(e, -fibres);
    if (distance[source] === Number.POSITIVE_INFINITY) return;
    const path = this.path;
    let length = 0;
    for (let v = source; !net.isHeadend[v]; ) {
      const e = via[v];
      if (e < 0) return; // no route (the router answers null too)
      path[length++] = e;
      v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    }
    for (let j = 0; j < length; j++) shiftSection(path[j], fibres);
  }
}

/**
 * For each section, the routes through it as 2k (primary of the k-th NRO) or 2k + 1 (backup),
 * CSR: what a failure of the section breaks.
 *
 * @example
 * const { offset, routes } = routesBySection(routing);
 * routes.subarray(offset[e], offset[e + 1]); // the routes through section e
 */
export function routesBySection(routing: CollectionRouting): { offset: Int32Array; routes: Int32Array } {
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
