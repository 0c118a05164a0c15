import { dfsTree } from '../analysis/dfs-tree.js';
import { compareIds } from '../analysis/id-order.js';
import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import { networkView, type SharedNetwork, shareNetwork } from '../parallel/shared-network.js';
import { awaitFlag, flagRaised, raiseFlag, serveStream, shared, sharedFlag, sharedZeros, startParallel, takeFlag, threadCount, type WorkerInput } from '../parallel/threads.js';
import { farSidesOf, keepBridgeFarSides, knownBridgeFarSides } from './bridge-sides.js';
import { DiversePairs } from './diverse-pair.js';
import { type HeadendTree, headendTree } from './nearest-headend.js';
import { type Route, type RouteRecord, routeRecord } from './route.js';
import { diversityReached, type RouteDiversity, routeDiversity, routeSharing } from './route-diversity.js';
import { type ArenaMessage, type RouteSlots, routeSlots, SectionArena, slotRoute } from './route-slots.js';
import { type RenumberedArrays, renumberedArrays, renumberedNetwork, renumberInto } from './relabel.js';
import { nroSearchOrder } from './search-order.js';
import { Router } from './shortest-pair.js';

/**
 * How each NRO is collected: `protected` with a primary and a section-disjoint backup (diverse
 * at the routing's level where possible),
 * `unprotected` with a primary only (every path shares a section), `unroutable` when no path
 * reaches a head-end, `at-headend` when the NRO is itself a head-end (an empty route).
 */
export type CollectionStatus = 'protected' | 'unprotected' | 'unroutable' | 'at-headend';

/** The routes of every analysed NRO, by index: the input of the load and cut computations. */
export interface CollectionRouting {
  readonly net: CompiledNetwork;
  /** Site index of each routed NRO, by ascending site index. */
  readonly nros: Int32Array;
  /** Aligned with `nros`; null when unroutable. */
  readonly primary: readonly (Route | null)[];
  /** Aligned with `nros`; null when no disjoint backup exists. */
  readonly backup: readonly (Route | null)[];
  /**
   * The diversity the pairs were asked for; a re-route after a cut keeps it
   * (`rerouteCollection`).
   */
  readonly diversity: RouteDiversity;
  /**
   * Aligned with `nros`: 1 where the pair is proven the best at `diversity` (always at
   * `section` and `site`), 0 where it is the best found within the search budget. Set by
   * `collectionRoutes`; absent (every pair counted as proven) in a routing assembled by hand.
   * A routing after a failure (`routingAfterFailure`) keeps the flags it came with.
   */
  readonly exact?: Uint8Array;
  /** Distance from every site to its nearest head-end on the intact network. */
  readonly toHeadend: Float64Array;
  /** The shortest-path tree of those distances (`headendTree`). */
  readonly via: Int32Array;
}

export interface CollectionRoutesOptions {
  /** How diverse each NRO's two routes must be. Default `DEFAULT_DIVERSITY` ('site'). */
  diversity?: RouteDiversity;
  /**
   * Work allowed per NRO to prove a `risk-group` or `owner` pair exact. Default
   * `DIVERSITY_SEARCH_BUDGET`; the answer does not depend on the threads.
   */
  diversityBudget?: number;
  /** Called every `progressEvery` NROs with (done, total), e.g. to print progress on stderr. */
  onProgress?: (done: number, total: number) => void;
  /** Default 10 000. */
  progressEvery?: number;
  /**
   * Threads to route on, each routing its share of the NROs; the routes are the same
   * whatever the number. 1 routes on the calling thread; more start that many workers while
   * the calling thread computes the tree they route on, then gathers their routes (it routes
   * only what no worker could take). Default: every available core from
   * `PARALLEL_ROUTING_SECTIONS` sections, 1 below (a worker costs more than it saves).
   */
  threads?: number;
}

/** From this many sections the routing runs on every core by default. */
export const PARALLEL_ROUTING_SECTIONS = 200_000;
/** NROs per chunk of parallel routing at most: small enough to share out evenly, large enough to cost nothing to claim. */
const MAX_NROS_PER_CHUNK = 1024;

/**
 * Routes the collection of every analysed NRO (docs/analysis.md, "Saturation"): the pair of
 * routes to the head-ends diverse at `options.diversity` with the least total length
 * (`DiversePairs`: by default site-disjoint, else section-disjoint sharing the fewest sites),
 * the shorter of the two as primary and the other as backup; when no section-disjoint pair
 * exists, the shortest route alone. One Dijkstra from the head-ends gives every primary
 * candidate; then one guided search per NRO (more for `risk-group` and `owner`).
 *
 * The primary is the shorter route of the best pair, so on a trap topology it can be longer
 * than the plain shortest path (whose sections every alternative needs): `shortestPathM` in
 * the records shows the difference.
 *
 * @example
 * const routing = collectionRoutes(compileNetwork(topology));
 * routing.backup[0] === null; // the first NRO is single-homed
 */
export function collectionRoutes(net: CompiledNetwork, options: CollectionRoutesOptions = {}): CollectionRouting {
  const diversity = routeDiversity(options.diversity);
  const budget = options.diversityBudget;
  const nroList: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (net.siteKind[v] === KIND_NRO) nroList.push(v);
  const nros = Int32Array.from(nroList);
  const total = nros.length;
  const primary = new Array<Route | null>(total).fill(null);
  const backup = new Array<Route | null>(total).fill(null);
  const every = options.progressEvery ?? 10_000;
  const threads = Math.min(threadCount(options.threads, net.sectionCount, PARALLEL_ROUTING_SECTIONS), total);
  // On several threads, where the workers leave the routes; their flags are the routing's own.
  const slots = threads > 1 ? routeSlots(total) : undefined;
  const exact = slots?.exact ?? new Uint8Array(total).fill(1);
  const routeOne = (pairs: DiversePairs, k: number) => {
    const pair = pairs.pair(nros[k], diversity);
    primary[k] = pair?.primary ?? null;
    backup[k] = pair?.backup ?? null;
    if (pair && !pair.exact) exact[k] = 0;
  };

  if (!slots) {
    const pass = knownDepthFirst(net) ?? depthFirstInto(net, nros, { farSide: new Int32Array(net.sectionCount), order: new Int32Array(total), sites: new Int32Array(net.siteCount) });
    keepDepthFirst(net, pass);
    const { order } = pass;
    const { distance: toHeadend, via } = headendTree(net);
    const pairs = routePairs(net, toHeadend, via, pass.farSide, budget);
    for (let p = 0; p < total; p++) {
      routeOne(pairs, order[p]);
      if (options.onProgress && (p + 1) % every === 0) options.onProgress(p + 1, total);
    }
    return { net, nros, primary, backup, diversity, exact, toHeadend, via };
  }

  // `threads` workers start while this thread computes the tree they wait for. The first of
  // them to run makes the depth-first pass meanwhile (unless known from an earlier routing) and
  // renumbers the network in its preorder, which the workers search: the sites a search meets
  // together then lie together in memory. This thread gathers their routes as they come: its
  // heap holds the network, so collections (and the router's arrays, which set them off) cost
  // most here.
  const n = net.siteCount;
  const known = knownDepthFirst(net);
  const chunkSize = Math.max(1, Math.min(MAX_NROS_PER_CHUNK, Math.ceil(total / (16 * threads))));
  const renumbered = renumberedArrays(net, sharedZeros);
  // The pass's sites are the renumbering's order.
  if (known) renumbered.oldSite.set(known.sites);
  const pass: DepthFirst = {
    farSide: known ? shared(known.farSide) : sharedZeros(Int32Array, net.sectionCount, Int32Array.BYTES_PER_ELEMENT),
    order: known ? shared(known.order) : sharedZeros(Int32Array, total, Int32Array.BYTES_PER_ELEMENT),
    sites: renumbered.oldSite,
  };
  const data: RoutesTaskData = {
    net: shareNetwork(net),
    nros: shared(nros),
    farSide: pass.farSide,
    order: pass.order,
    renumbered,
    depthFirstKnown: known !== undefined,
    depthFirstTaken: sharedFlag(),
    depthFirstReady: sharedFlag(),
    tree: { distance: sharedZeros(Float64Array, n, Float64Array.BYTES_PER_ELEMENT), via: sharedZeros(Int32Array, n, Int32Array.BYTES_PER_ELEMENT) },
    stages: sharedFlag(),
    toHeadend: sharedZeros(Float64Array, n, Float64Array.BYTES_PER_ELEMENT),
    via: sharedZeros(Int32Array, n, Int32Array.BYTES_PER_ELEMENT),
    treeReady: sharedFlag(),
    chunkSize,
    diversity,
    budget,
    slots,
  };
  const { order } = data;
  const { oldSite } = renumbered;
  const arenas: Int32Array[] = [];
  let reported = 0;
  const progress = (done: number) => {
    if (!options.onProgress || Math.floor(done / every) <= reported) return;
    reported = Math.floor(done / every);
    options.onProgress(Math.min(total, reported * every), total);
  };
  const read = (message: RoutesMessage | undefined) => {
    if (message && 'arena' in message) arenas[message.arena] = message.sections;
    else if (message) {
      // A worker announces an arena before the chunks whose routes it holds.
      const end = Math.min(total, (message.chunk + 1) * chunkSize);
      for (let p = message.chunk * chunkSize; p < end; p++) {
        const k = order[p];
        primary[k] = slotRoute(slots, arenas, 2 * k, oldSite);
        backup[k] = slotRoute(slots, arenas, 2 * k + 1, oldSite);
      }
    }
  };
  const run = startParallel<RoutesTaskData, RoutesMessage>({ task: 'routes', data, chunks: Math.ceil(total / chunkSize), threads: threads + 1 });
  try {
    const tree = headendTree(net);
    data.tree.distance.set(tree.distance);
    data.tree.via.set(tree.via);
    if (takeFlag(data.depthFirstTaken)) {
      makeDepthFirstPass(net, data);
      stageDone(data);
    }
    stageDone(data);
    // A worker makes the pass and renumbers the tree: `receive` throws if it fails.
    while (!flagRaised(data.treeReady)) read(run.receive(20));
    while (!run.finished) {
      read(run.receive(200));
      progress(run.claims.itemsDone);
    }
    // What no worker took (none could start), on the network as it is numbered.
    let pairs: DiversePairs | null = null;
    for (let c = run.claims.claim(); c >= 0; c = run.claims.claim()) {
      pairs ??= routePairs(net, data.tree.distance, data.tree.via, data.farSide, budget);
      const end = Math.min(total, (c + 1) * chunkSize);
      for (let p = c * chunkSize; p < end; p++) routeOne(pairs, order[p]);
      run.claims.done(end - c * chunkSize);
      progress(run.claims.itemsDone);
    }
    keepDepthFirst(net, pass);
  } finally {
    run.close();
  }
  return { net, nros, primary, backup, diversity, exact, toHeadend: data.tree.distance, via: data.tree.via };
}

/**
 * What the depth-first tree gives the routing: the bridges' far sides, the order to route the
 * NROs in (`nroSearchOrder`), and the sites in its preorder (those off it last, by index).
 */
interface DepthFirst {
  farSide: Int32Array;
  order: Int32Array;
  sites: Int32Array;
}

/** The search orders and site orders of the networks routed so far (a network's NROs never change). */
const searchOrders = new WeakMap<CompiledNetwork, Pick<DepthFirst, 'order' | 'sites'>>();

function knownDepthFirst(net: CompiledNetwork): DepthFirst | undefined {
  const farSide = knownBridgeFarSides(net);
  const orders = searchOrders.get(net);
  return farSide && orders ? { farSide, ...orders } : undefined;
}

/** One depth-first pass over `net` (`dfsTree`) into `into`. */
function depthFirstInto(net: CompiledNetwork, nros: Int32Array, into: DepthFirst): DepthFirst {
  const tree = dfsTree(net);
  farSidesOf(tree, into.farSide);
  nroSearchOrder(tree, nros, into.order);
  const { sites } = into;
  sites.set(tree.order.subarray(1, tree.visited + 1));
  let next = tree.visited;
  for (let v = 0; v < net.siteCount; v++) if (tree.pre[v] < 0) sites[next++] = v;
  return into;
}

function keepDepthFirst(net: CompiledNetwork, pass: DepthFirst): void {
  keepBridgeFarSides(net, pass.farSide);
  searchOrders.set(net, { order: pass.order, sites: pass.sites });
}

/**
 * The depth-first job of a parallel routing, on whichever thread takes it: the pass (unless
 * known), then the network renumbered in its preorder; then `depthFirstReady`.
 */
function makeDepthFirstPass(net: CompiledNetwork, data: RoutesTaskData): void {
  if (!data.depthFirstKnown) depthFirstInto(net, data.nros, { farSide: data.farSide, order: data.order, sites: data.renumbered.oldSite });
  renumberInto(net, data.farSide, data.renumbered);
  raiseFlag(data.depthFirstReady);
}

/**
 * Counts one of the two stages before the searches done, the tree (on the calling thread) or
 * the depth-first job (on whichever took it); the thread that ends the second renumbers the
 * tree for the workers and raises `treeReady`.
 */
function stageDone(data: RoutesTaskData): void {
  if (Atomics.add(data.stages, 0, 1) !== 1) return;
  const { oldSite } = data.renumbered;
  const { distance, via } = data.tree;
  for (let x = 0; x < oldSite.length; x++) {
    data.toHeadend[x] = distance[oldSite[x]];
    data.via[x] = via[oldSite[x]];
  }
  raiseFlag(data.treeReady);
}

/**
 * The pair searches of one thread. Its router's own `dead` changes only through `fail`, so
 * it reads failures off its packed arcs (`failuresInArcs`): one random read per arc fewer.
 */
function routePairs(net: CompiledNetwork, toHeadend: Float64Array, via: Int32Array, farSide: Int32Array, budget: number | undefined): DiversePairs {
  return new DiversePairs(new Router(net, { toHeadend, via, bridgeFarSides: farSide, failuresInArcs: true }), { budget });
}

/** What the routing workers share: the network, the NROs, the depth-first pass and the intact shortest-path tree. */
interface RoutesTaskData {
  net: SharedNetwork;
  nros: Int32Array;
  /**
   * The depth-first pass (`DepthFirst`: chunk c routes the NROs at positions c·chunkSize… of
   * `order`; its sites are `renumbered.oldSite`) and the network renumbered in its preorder,
   * made by the first thread to take them on (`depthFirstTaken`; only the renumbering when
   * `depthFirstKnown`); then `depthFirstReady`.
   */
  farSide: Int32Array;
  order: Int32Array;
  renumbered: RenumberedArrays;
  depthFirstKnown: boolean;
  depthFirstTaken: Int32Array;
  depthFirstReady: Int32Array;
  /** The intact tree, filled by the calling thread. */
  tree: HeadendTree;
  /** The stages done of the two before the searches (`stageDone`). */
  stages: Int32Array;
  /** The tree on the renumbered network (`stageDone`); then `treeReady`. */
  toHeadend: Float64Array;
  via: Int32Array;
  treeReady: Int32Array;
  chunkSize: number;
  diversity: RouteDiversity;
  budget: number | undefined;
  /** Where the workers leave the routes (their head-ends numbered as in `renumbered`). */
  slots: RouteSlots;
}

/** What a routing worker sends: a new arena of sections, or that a chunk's routes are in the slots. */
type RoutesMessage = ArenaMessage | { chunk: number };

/**
 * The `routes` task of the worker script: once the tree is there, routes the NROs of the
 * chunks it claims into the shared slots (`RouteSlots`) and says when each chunk is done.
 */
export function routeChunksInWorker(input: WorkerInput<RoutesTaskData>): void {
  serveStream(input, ({ data, claims, send }) => {
    const view = networkView(data.net);
    if (takeFlag(data.depthFirstTaken)) {
      makeDepthFirstPass(view, data);
      stageDone(data);
    } else awaitFlag(data.depthFirstReady);
    const { renumbered, slots, nros, order, chunkSize } = data;
    const pairs = routePairs(renumberedNetwork(view, renumbered), data.toHeadend, data.via, renumbered.farSide, data.budget);
    awaitFlag(data.treeReady);
    const total = nros.length;
    // Room for a sixth of the routes at 16 sections each, then twice as much each time.
    const arena = new SectionArena(slots, send, Math.ceil((2 * total * 16) / 6));
    for (let c = claims.claim(); c >= 0; c = claims.claim()) {
      const end = Math.min(total, (c + 1) * chunkSize);
      for (let p = c * chunkSize; p < end; p++) {
        const k = order[p];
        const pair = pairs.pair(renumbered.newSite[nros[k]], data.diversity);
        arena.put(2 * k, pair?.primary ?? null);
        arena.put(2 * k + 1, pair?.backup ?? null);
        if (pair && !pair.exact) slots.exact[k] = 0;
      }
      claims.done(end - c * chunkSize);
      send({ chunk: c } satisfies RoutesMessage);
    }
  });
}

/** The status of the k-th NRO of a routing. */
export function collectionStatus(routing: CollectionRouting, k: number): CollectionStatus {
  if (routing.net.isHeadend[routing.nros[k]]) return 'at-headend';
  return routing.primary[k] === null ? 'unroutable' : routing.backup[k] === null ? 'unprotected' : 'protected';
}

export interface CollectionRecord {
  nro: string;
  name?: string;
  subscribers: number;
  status: CollectionStatus;
  /** Length of the plain shortest path to a head-end; null when unroutable. */
  shortestPathM: number | null;
  primary: RouteRecord | null;
  backup: RouteRecord | null;
  /** Protected NROs: the strongest level the pair reaches (`diversityReached`), whatever was asked. */
  diversity?: RouteDiversity;
  /** Protected NROs: what the two routes both use (sorted ids; the routes never share a section). */
  shares?: { sites: string[]; riskGroups: string[]; owners: string[] };
  /** Protected NROs: whether the pair is proven the best at the routing's diversity. */
  exact?: boolean;
}

/**
 * The routing as JSON records, sorted by NRO id; a protected NRO's record also says the
 * diversity its pair reaches, what its two routes share and whether the pair is proven the
 * best at the routing's diversity.
 *
 * @example
 * collectionRecords(routing)[0];
 * // { nro: 'NRO-ABB', status: 'protected', shortestPathM: 30100, primary: {…}, backup: {…},
 * //   diversity: 'site', shares: { sites: [], riskGroups: ['bridge-somme-abbeville'], owners: ['SMSN'] }, exact: true }
 */
export function collectionRecords(routing: CollectionRouting): CollectionRecord[] {
  const { net } = routing;
  const records = Array.from(routing.nros, (v, k): CollectionRecord => {
    const primary = routing.primary[k];
    const backup = routing.backup[k];
    const name = net.siteNames[v];
    const record: CollectionRecord = {
      nro: net.siteIds[v],
      ...(name !== undefined && { name }),
      subscribers: net.subscribers[v],
      status: collectionStatus(routing, k),
      shortestPathM: Number.isFinite(routing.toHeadend[v]) ? routing.toHeadend[v] : null,
      primary: primary && routeRecord(net, primary),
      backup: backup && routeRecord(net, backup),
    };
    if (primary && backup) {
      const { sections, ...shares } = routeSharing(net, primary, backup);
      record.diversity = diversityReached({ sections, ...shares }) ?? 'section';
      record.shares = shares;
      record.exact = routing.exact ? routing.exact[k] === 1 : true;
    }
    return record;
  });
  return records.sort((a, b) => compareIds(a.nro, b.nro));
}
