import type { CompiledNetwork } from '../graph/compile.js';
import { networkView, type SharedNetwork, type SharedRoutes, shareNetwork, shareRoutes, unflattenRoutes } from '../parallel/shared-network.js';
import { interleaved } from '../parallel/shared-routing.js';
import { awaitFlag, type ChunkClaims, raiseFlag, runParallel, serveChunks, shared, sharedFlag, sharedZeros, threadCount, type WorkerInput } from '../parallel/threads.js';
import { bridgeFarSides } from '../routing/bridge-sides.js';
import type { CollectionRouting } from '../routing/collection-routes.js';
import { boundEntries, entryBoundsFrom, entryDistanceInto, entryIndex } from '../routing/entry-bounds.js';
import { HeadendTreeRepair } from '../routing/headend-tree-repair.js';
import { type RelabelArrays, type RelabeledRouting, relabelArrays, relabeledRouting, relabeledView, relabelInto } from '../routing/relabel.js';
import { type RouteDiversity, routeDiversity } from '../routing/route-diversity.js';
import { type EntryBounds, Router } from '../routing/shortest-pair.js';
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
   * Threads to sweep on, each taking its share of the cuts; the answer is the same whatever
   * the number. 1 sweeps on the calling thread; more start that many workers while the calling
   * thread indexes the routes they sweep (it sweeps only what no worker could take). Default:
   * every available core from `PARALLEL_SWEEP_SECTIONS` sections, 1 below (a worker costs more
   * than it saves).
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
  const threads = Math.min(threadCount(options.threads, m, PARALLEL_SWEEP_SECTIONS), m);
  const baseLoad = new Float64Array(m);
  for (let e = 0; e < m; e++) baseLoad[e] = net.usedFibres[e] + routed[e];
  const worstLoad = baseLoad.slice();
  const worstCut = new Int32Array(m).fill(-1);
  const farSide = bridgeFarSides(net);
  const every = options.progressEvery ?? 10_000;

  if (threads <= 1) {
    const routes = shareRoutes(interleaved(routing));
    const renumbered = relabeledRouting(routing, farSide);
    const sweepRouting = { renumbered, routes, diversity: routing.diversity, collection: () => ({ ...routing, ...renumbered }) };
    const sweep = new CutSweep(sweepRouting, fibresPerRoute, baseLoad, routesBySection(routing), localBounds);
    sweep.run(0, m, worstLoad, worstCut, options.onProgress && ((done) => done > 0 && done % every === 0 && options.onProgress!(done, m)));
    options.onProgress?.(m, m);
    return { baseLoad, worstLoad, worstCut, threads: 1 };
  }

  // `threads` workers sweep: they start while this thread renumbers the network once for all
  // of them, then they compute the entry bounds between them while this thread indexes the
  // routes by section; it sweeps only what no worker could take (its heap holds the network:
  // each collection costs most here).
  const routes = shareRoutes(interleaved(routing));
  const index = { offset: sharedZeros(Int32Array, m + 1, 4), routes: sharedZeros(Int32Array, routes.sections.length, 4) };
  const entries = boundEntries(net)?.length ?? 0;
  const data: SweepTaskData = {
    net: shareNetwork(net),
    routes,
    diversity: routing.diversity,
    relabeled: relabelArrays(net, routing.nros.length, sharedZeros),
    relabelReady: sharedFlag(),
    fibresPerRoute,
    chunkSize: Math.max(1, Math.min(MAX_CUTS_PER_CHUNK, Math.ceil(m / (16 * threads)))),
    baseLoad: shared(baseLoad),
    index,
    indexReady: sharedFlag(),
    bounds: entries > 0 ? { distance: Array.from({ length: entries }, () => sharedZeros(Float64Array, net.siteCount, 8)), progress: sharedZeros(Int32Array, 2, 4) } : null,
    worst: Array.from({ length: threads }, () => ({ load: shared(baseLoad), cut: shared(worstCut) })),
  };
  let reported = 0;
  let sweptHere = false;
  const answers = runParallel<SweepTaskData, null>({
    task: 'sweep',
    data,
    chunks: Math.ceil(m / data.chunkSize),
    threads: threads + 1,
    runHere: (claims) => {
      relabelInto(routing, farSide, data.relabeled);
      raiseFlag(data.relabelReady);
      const built = routesBySection(routing);
      index.offset.set(built.offset);
      index.routes.set(built.routes);
      raiseFlag(data.indexReady);
      if (claims.leaveToWorkers()) return;
      sweptHere = true;
      const renumbered = relabeledView(net, data.relabeled);
      const sweepRouting = { renumbered, routes, diversity: routing.diversity, collection: () => ({ ...routing, ...renumbered }) };
      sweepChunks(new CutSweep(sweepRouting, fibresPerRoute, baseLoad, built, localBounds), claims, data.chunkSize, m, worstLoad, worstCut);
    },
    onProgress: (done) => {
      if (!options.onProgress || Math.floor(done / every) <= reported) return;
      reported = Math.floor(done / every);
      if (reported * every < m) options.onProgress(reported * every, m);
    },
  });
  for (let w = 0; w < answers.length; w++) if (answers[w] !== undefined) mergeWorst(worstLoad, worstCut, data.worst[w].load, data.worst[w].cut);
  options.onProgress?.(m, m);
  return { baseLoad, worstLoad, worstCut, threads: (sweptHere ? 1 : 0) + answers.filter((a) => a !== undefined).length };
}

/**
 * Folds another thread's worst loads into `load` and `cut`: the higher load wins, and on a tie
 * the lower cut index, as each thread decides (`CutSweep.run`).
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

/** What the sweep workers share: the network, the routes flattened, their index, the renumbering, and where each writes its worst loads. */
interface SweepTaskData {
  net: SharedNetwork;
  /** The k-th NRO's primary at 2k, its backup at 2k + 1. */
  routes: SharedRoutes;
  diversity: RouteDiversity;
  /** Filled by the calling thread while the workers start (`relabelInto`); then `relabelReady[0]` turns 1. */
  relabeled: RelabelArrays;
  relabelReady: Int32Array;
  fibresPerRoute: number;
  chunkSize: number;
  baseLoad: Float64Array;
  /** Filled by the calling thread while the workers prepare; then `indexReady[0]` turns 1. */
  index: { offset: Int32Array; routes: Int32Array };
  indexReady: Int32Array;
  /**
   * The entry bounds on the renumbered network (the same numbering on every worker), computed
   * by the workers between them: `progress[0]` the next entry to claim, `progress[1]` the
   * entries done. Null when the network has none (or too many).
   */
  bounds: { distance: Float64Array[]; progress: Int32Array } | null;
  /** By worker. */
  worst: { load: Float64Array; cut: Int32Array }[];
}

/** The `sweep` task of the worker script: sweeps the cuts of the chunks it claims into its own worst loads. */
export function sweepChunksInWorker(input: WorkerInput<SweepTaskData>): void {
  const { data } = input;
  serveChunks(
    input,
    () => {
      awaitFlag(data.relabelReady);
      const sweep = new CutSweep(sweepRoutingView(data), data.fibresPerRoute, data.baseLoad, data.index, (search) => sharedBounds(search, data.bounds));
      awaitFlag(data.indexReady);
      return sweep;
    },
    (sweep, claims) => {
      const { load, cut } = data.worst[input.worker];
      sweepChunks(sweep, claims, data.chunkSize, data.net.sectionCount, load, cut);
      return { answer: null };
    },
  );
}

/**
 * What a `CutSweep` reads: the routing renumbered, its routes flattened (the k-th NRO's primary
 * at 2k, its backup at 2k + 1: route r's sections are `routes.sections[routes.offset[r] …
 * routes.offset[r + 1])`, none when `routes.headend[r]` is -1), and the routing itself for
 * the diversities `rerouteCollection` re-routes.
 */
interface SweepRouting {
  renumbered: RelabeledRouting;
  routes: SharedRoutes;
  diversity: RouteDiversity;
  /** `renumbered` with its routes as objects, for `rerouteCollection` (called only when needed). */
  collection: () => CollectionRouting;
}

/** A worker's `SweepRouting`, read from shared memory: route objects only if a diversity needs them. */
function sweepRoutingView(data: SweepTaskData): SweepRouting {
  const renumbered = relabeledView(networkView(data.net), data.relabeled);
  let collection: CollectionRouting | undefined;
  const routes = () => {
    const all = unflattenRoutes(data.routes);
    return { primary: all.filter((_, r) => r % 2 === 0), backup: all.filter((_, r) => r % 2 === 1) };
  };
  return { renumbered, routes: data.routes, diversity: data.diversity, collection: () => (collection ??= { ...renumbered, ...routes(), diversity: data.diversity }) };
}

/** The renumbered network of a `CutSweep` and its tree repair, from which its entry bounds are computed. */
interface SweepSearch {
  net: CompiledNetwork;
  tree: HeadendTreeRepair;
  /** All 0: scratch for the repairs. */
  dead: Uint8Array;
}

/** The entry bounds of one thread, computed by itself. */
const localBounds = ({ net, tree, dead }: SweepSearch): EntryBounds | null => entryBoundsFrom(net, tree, dead);

/**
 * The entry bounds the workers compute between them: each claims entries until none is left,
 * then waits for the others' (a worker that stops ends the run: the others are then ended).
 */
function sharedBounds({ net, tree, dead }: SweepSearch, bounds: SweepTaskData['bounds']): EntryBounds | null {
  const entries = boundEntries(net);
  if (!entries || !bounds) return null;
  const { distance, progress } = bounds;
  for (let j = Atomics.add(progress, 0, 1); j < entries.length; j = Atomics.add(progress, 0, 1)) {
    entryDistanceInto(net, tree, dead, entries[j], distance[j]);
    Atomics.add(progress, 1, 1);
    Atomics.notify(progress, 1);
  }
  for (let done = Atomics.load(progress, 1); done < entries.length; done = Atomics.load(progress, 1)) Atomics.wait(progress, 1, done, 100);
  return { entryOf: entryIndex(net.siteCount, entries), distance };
}

// The cut section lies on the route the index names, and not on the other (they are section-disjoint).
const PRIMARY_LOST = Object.freeze({ primary: true, backup: false });
const BACKUP_LOST = Object.freeze({ primary: false, backup: true });

/**
 * The sweep's working state for one thread: the tree repaired per cut, a router on it, and
 * the per-cut load deltas. `run` sweeps a range of the cuts in the tree order of the sections
 * (`RelabeledRouting.sectionOrder`: a cut's subtree right after it, so that the next cuts
 * recompute and re-route mostly what is still in the caches), keeping on a tie of loads the
 * lowest cut index, whatever the order.
 *
 * Per cut, what `rerouteCollection` would do for every route through the cut, in two parts:
 * * The NROs whose only route is the intact tree's (`single`): those through the cut are the
 *   sites of the subtree under it, each moved to its route on the repaired tree. Their loads
 *   move by counts: the lost routes' counts summed up the intact subtree, then along the path
 *   above it; the new routes' counts summed up the repaired tree (children first, in reverse
 *   of the repair's settling order), then along the intact path above each site where they
 *   leave the subtree. One pass over the subtree, not one walk per route.
 * * Every other route through the cut: the protected NROs' replacement searched while the
 *   other route carries on (`Router.replacementInto` at `site` and `section`, the same search
 *   as `DiversePairs.replacement`, into a scratch buffer), and the odd single route that is
 *   not the tree's walked as before.
 * Loads are integers (fibres per route and counts), so the order of the additions does not
 * change them.
 */
class CutSweep {
  private readonly dead: Uint8Array;
  private readonly tree: HeadendTreeRepair;
  private readonly router: Router;
  /** Per section: the net change of routes through it in the current cut. */
  private readonly delta: Int32Array;
  private readonly touchedBy: Int32Array;
  private readonly touched: number[] = [];
  /** Room for one route (a route has at most one section per site). */
  private readonly path: Int32Array;
  /** Per site: 1 when it is an NRO whose only route is the intact tree's route (handled by counts). */
  private readonly single: Uint8Array;
  /** Per NRO index: 1 when `single` covers it. */
  private readonly byCounts: Uint8Array;
  /** Per site: routes counted below it, while a cut is summed (0 between cuts). */
  private readonly count: Int32Array;
  /** Per site: the `single` NROs of its subtree in the intact tree (itself included). */
  private readonly singlesBelow: Int32Array;
  /** Sites outside the subtree where new routes leave it, and their counts. */
  private readonly exits: number[] = [];
  private readonly diversity: CollectionRouting['diversity'];
  /**
   * Per route of the index (2k primary, 2k + 1 backup), for site diversity: 1 when a route
   * avoiding the other route's sections and sites exists on the whole network, so may exist
   * after a cut; 0 when none does, so the replacement search skips that pass.
   */
  private readonly siteRouteIntact: Uint8Array;
  private cut = -1;

  /** The routing on its network renumbered for the searches (`relabeledRouting`): same sections, same answers. */
  private readonly routing: RelabeledRouting;
  /** Route r's sections are `sections[offset[r] … offset[r + 1])`; `headend[r]` is -1 when it has none. */
  private readonly routes: SharedRoutes;
  private readonly collection: () => CollectionRouting;

  constructor(
    { renumbered: routing, routes, diversity, collection }: SweepRouting,
    private readonly fibresPerRoute: number,
    private readonly baseLoad: Float64Array,
    private readonly index: { offset: Int32Array; routes: Int32Array },
    entryBoundsOf: (search: SweepSearch) => EntryBounds | null,
  ) {
    this.routing = routing;
    this.routes = routes;
    this.collection = collection;
    const { net, farSide } = routing;
    const { offset, sections, headend } = routes;
    const m = net.sectionCount;
    const n = net.siteCount;
    this.dead = new Uint8Array(m);
    this.tree = new HeadendTreeRepair(net, { distance: routing.toHeadend, via: routing.via });
    this.router = new Router(net, {
      dead: this.dead,
      toHeadend: this.tree.distance,
      via: this.tree.via,
      bridgeFarSides: farSide,
      entryBounds: entryBoundsOf({ net, tree: this.tree, dead: this.dead }),
      failuresInArcs: true,
    });
    this.delta = new Int32Array(m);
    this.touchedBy = new Int32Array(m).fill(-1);
    this.path = new Int32Array(n);
    this.single = new Uint8Array(n);
    this.byCounts = new Uint8Array(routing.nros.length);
    this.count = new Int32Array(n);
    this.singlesBelow = new Int32Array(n);
    this.diversity = routeDiversity(diversity);
    this.siteRouteIntact = this.diversity === 'site' ? siteRoutesIntact(routing, routes, this.router, this.path) : new Uint8Array(0);
    for (let k = 0; k < routing.nros.length; k++) {
      const v = routing.nros[k];
      if (headend[2 * k + 1] >= 0 || headend[2 * k] < 0 || offset[2 * k] === offset[2 * k + 1] || this.single[v]) continue;
      if (!isTreeRoute(net, routing.via, v, sections, offset[2 * k], offset[2 * k + 1])) continue;
      this.single[v] = 1;
      this.byCounts[k] = 1;
      // Up the intact tree: every site above counts it.
      for (let u = v; ; ) {
        this.singlesBelow[u]++;
        const e = routing.via[u];
        if (e < 0) break;
        u = net.sectionFrom[e] === u ? net.sectionTo[e] : net.sectionFrom[e];
      }
    }
  }

  /**
   * Sweeps the cuts `sectionOrder[from … to)` into `worstLoad` and `worstCut`; `beforeCut` is
   * called before each with its position in that order (the cuts done before it).
   */
  run(from: number, to: number, worstLoad: Float64Array, worstCut: Int32Array, beforeCut?: (done: number) => void): void {
    const { routing, fibresPerRoute, baseLoad, index, dead, tree, router, delta, touched, byCounts, path } = this;
    const { offset, sections, headend } = this.routes;
    const sites = this.diversity === 'site';
    const fast = sites || this.diversity === 'section';
    const order = routing.sectionOrder;
    for (let at = from; at < to; at++) {
      beforeCut?.(at);
      const cut = order[at];
      if (index.offset[cut] === index.offset[cut + 1]) continue;
      this.cut = cut;
      router.fail(cut);
      tree.cut(cut, dead);
      if (tree.subtreeSize > 0) this.countSingles();
      for (let i = index.offset[cut]; i < index.offset[cut + 1]; i++) {
        const lost = index.routes[i];
        const k = lost >> 1;
        const primaryLost = (lost & 1) === 0;
        if (primaryLost && headend[lost + 1] < 0) {
          // A single route lost: its replacement is the repaired tree's route.
          if (!byCounts[k]) this.treeReroute(routing.nros[k], offset[lost], offset[lost + 1]);
          continue;
        }
        if (fast) {
          // The other route of the pair carries on.
          const intact = lost ^ 1;
          // No route avoids the intact route's sites even before the cut: the site pass would find none.
          const bySites = sites && this.siteRouteIntact[lost] === 1;
          const length = router.replacementInto(routing.nros[k], sections, bySites, path, offset[intact], offset[intact + 1]);
          this.swapRoute(offset[lost], offset[lost + 1], path, length);
          continue;
        }
        const change = rerouteCollection(router, this.collection(), k, primaryLost ? PRIMARY_LOST : BACKUP_LOST);
        if (!change) continue;
        for (const { route } of change.lost) this.shiftAll(route.sections, 0, route.sections.length, -1);
        for (const { route } of change.added) this.shiftAll(route.sections, 0, route.sections.length, 1);
      }
      tree.restore();
      router.unfail(cut);
      for (const e of touched) {
        const load = baseLoad[e] + delta[e] * fibresPerRoute;
        if (e !== cut && (load > worstLoad[e] || (load === worstLoad[e] && cut < worstCut[e]))) {
          worstLoad[e] = load;
          worstCut[e] = cut;
        }
        delta[e] = 0;
      }
      touched.length = 0;
    }
  }

  /**
   * The lost route's sections (`routes.sections[lostFrom … lostTo)`) leave, the `length` first
   * of `added` come (none when negative); the sections both share from the site or from the
   * head-end end cancel, so they are skipped (a section whose load does not change cannot
   * raise its worst).
   */
  private swapRoute(lostFrom: number, lostTo: number, added: Int32Array, length: number): void {
    const lost = this.routes.sections;
    let same = 0;
    let addedTo = Math.max(length, 0);
    while (lostFrom + same < lostTo && same < addedTo && lost[lostFrom + same] === added[same]) same++;
    while (lostTo > lostFrom + same && addedTo > same && lost[lostTo - 1] === added[addedTo - 1]) {
      lostTo--;
      addedTo--;
    }
    for (let j = lostFrom + same; j < lostTo; j++) this.shift(lost[j], -1);
    for (let j = same; j < addedTo; j++) this.shift(added[j], 1);
  }

  /** Adds `routes` routes to section e in the current cut. */
  private shift(e: number, routes: number): void {
    if (this.touchedBy[e] !== this.cut) {
      this.touchedBy[e] = this.cut;
      this.touched.push(e);
    }
    this.delta[e] += routes;
  }

  /** `shift(e, routes)` for each e of sections[from … to). */
  private shiftAll(sections: Int32Array, from: number, to: number, routes: number): void {
    for (let j = from; j < to; j++) this.shift(sections[j], routes);
  }

  /** Adds `routes` routes to every section of the intact tree's path from site v to its head-end. */
  private shiftUp(v: number, routes: number): void {
    const { sectionFrom, sectionTo } = this.routing.net;
    const via = this.routing.via;
    for (let e = via[v]; e >= 0; e = via[v]) {
      this.shift(e, routes);
      v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
    }
  }

  /**
   * The `single` NROs of the subtree under the cut, moved from their intact tree routes to
   * their repaired tree routes, by counts (see the class).
   */
  private countSingles(): void {
    const { tree, singlesBelow, single, count, exits } = this;
    const { sectionFrom, sectionTo } = this.routing.net;
    const { subtree, savedVia, settled, via } = tree;
    const top = subtree[0];
    const total = singlesBelow[top];
    if (total === 0) return;
    // Lost: each intact tree section of the subtree carried the routes from below it.
    const size = tree.subtreeSize;
    for (let k = 0; k < size; k++) {
      const below = singlesBelow[subtree[k]];
      if (below > 0) this.shift(savedVia[k], -below);
    }
    const cut = savedVia[0];
    this.shiftUp(sectionFrom[cut] === top ? sectionTo[cut] : sectionFrom[cut], -total);
    const settledCount = tree.settledCount;
    if (!tree.settledInOrder) {
      for (let j = 0; j < settledCount; j++) if (single[settled[j]]) this.walkRepaired(settled[j]);
      return;
    }
    // Added: a parent is settled before its child (a shorter distance), so children first, backwards.
    for (let j = settledCount - 1; j >= 0; j--) {
      const v = settled[j];
      const c = count[v] + single[v];
      count[v] = 0;
      if (c === 0) continue;
      const e = via[v];
      this.shift(e, c);
      const parent = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      if (!tree.inUnion(parent) && count[parent] === 0) exits.push(parent);
      count[parent] += c;
    }
    for (const x of exits) {
      this.shiftUp(x, count[x]);
      count[x] = 0;
    }
    exits.length = 0;
  }

  /** One route added along the repaired tree from site v (which has a route). */
  private walkRepaired(v: number): void {
    const { net } = this.routing;
    const via = this.tree.via;
    while (!net.isHeadend[v]) {
      const e = via[v];
      this.shift(e, 1);
      v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    }
  }

  /**
   * What `rerouteCollection` does for an NRO whose only route is lost, without building the
   * routes: the lost route leaves, and the route of the repaired tree (what the router
   * reads off it with nothing to avoid) takes its place, unless the site is cut off.
   */
  private treeReroute(source: number, lostFrom: number, lostTo: number): void {
    const { net } = this.routing;
    const { distance, via } = this.tree;
    this.shiftAll(this.routes.sections, lostFrom, lostTo, -1);
    if (distance[source] === Number.POSITIVE_INFINITY) return;
    const path = this.path;
    let length = 0;
    for (let v = source; !net.isHeadend[v]; ) {
      const e = via[v];
      if (e < 0) return; // no route (the router answers null too)
      path[length++] = e;
      v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    }
    this.shiftAll(path, 0, length, 1);
  }
}

/**
 * For each protected NRO k, at 2k (primary lost) and 2k + 1 (backup lost): 1 when a route
 * avoiding the other route's sections and its sites exists with nothing cut, as
 * `Router.siteReplacementInto` finds. When the two share no site the lost route is one; when
 * they do, a search tells. A cut only takes sections away, so with none intact there is none
 * after any cut. `router` must have nothing failed.
 */
function siteRoutesIntact(routing: RelabeledRouting, routes: SharedRoutes, router: Router, scratch: Int32Array): Uint8Array {
  const flags = new Uint8Array(2 * routing.nros.length);
  const { offset, sections, headend } = routes;
  const seen = new Int32Array(routing.net.siteCount);
  for (let k = 0; k < routing.nros.length; k++) {
    if (headend[2 * k] < 0 || headend[2 * k + 1] < 0) continue;
    const v = routing.nros[k];
    const shared = sharesInnerSite(routing.net, v, sections, offset[2 * k], offset[2 * k + 1], offset[2 * k + 2], seen, k + 1);
    for (let side = 0; side < 2; side++) {
      // The route that carries on is the other one of the pair.
      const intact = 2 * k + 1 - side;
      flags[2 * k + side] = !shared || router.siteReplacementInto(v, sections, scratch, offset[intact], offset[intact + 1]) >= 0 ? 1 : 0;
    }
  }
  return flags;
}

/**
 * True when two routes from site v, sections[a … b) and sections[b … end), pass through a same
 * site other than their ends (`seen` stamped with `stamp`).
 */
function sharesInnerSite(net: CompiledNetwork, v: number, sections: Int32Array, a: number, b: number, end: number, seen: Int32Array, stamp: number): boolean {
  let u = v;
  for (let j = a; j + 1 < b; j++) {
    const e = sections[j];
    u = net.sectionFrom[e] === u ? net.sectionTo[e] : net.sectionFrom[e];
    seen[u] = stamp;
  }
  u = v;
  for (let j = b; j + 1 < end; j++) {
    const e = sections[j];
    u = net.sectionFrom[e] === u ? net.sectionTo[e] : net.sectionFrom[e];
    if (seen[u] === stamp) return true;
  }
  return false;
}

/** True when sections[from … to) is the path of the tree `via` from site v to its head-end. */
function isTreeRoute(net: CompiledNetwork, via: Int32Array, v: number, sections: Int32Array, from: number, to: number): boolean {
  for (let j = from; j < to; j++) {
    const e = via[v];
    if (e !== sections[j]) return false;
    v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
  }
  return net.isHeadend[v] === 1 && via[v] < 0;
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
  const count = routing.nros.length;
  for (let r = 0; r < 2 * count; r++) {
    const route = (r & 1 ? routing.backup : routing.primary)[r >> 1];
    if (!route) continue;
    const { sections } = route;
    for (let j = 0; j < sections.length; j++) offset[sections[j] + 1]++;
  }
  for (let e = 0; e < m; e++) offset[e + 1] += offset[e];
  const cursor = offset.slice(0, m);
  const routes = new Int32Array(offset[m]);
  for (let r = 0; r < 2 * count; r++) {
    const route = (r & 1 ? routing.backup : routing.primary)[r >> 1];
    if (!route) continue;
    const { sections } = route;
    for (let j = 0; j < sections.length; j++) routes[cursor[sections[j]]++] = r;
  }
  return { offset, routes };
}
