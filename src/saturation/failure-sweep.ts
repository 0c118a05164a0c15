import type { CompiledNetwork } from '../graph/compile.js';
import { InvalidOptionError } from '../model/errors.js';
import { type SharedRouting, routingView, shareRouting } from '../parallel/shared-routing.js';
import { type ChunkClaims, runParallel, serveChunks, shared, threadCount, type WorkerInput } from '../parallel/threads.js';
import { bridgeFarSides } from '../routing/bridge-sides.js';
import type { CollectionRouting } from '../routing/collection-routes.js';
import type { Route } from '../routing/route.js';
import { Router } from '../routing/shortest-pair.js';
import { HeadendTreeRepair } from '../routing/headend-tree-repair.js';
import { type FailureExclusions, type FailureKind, type FailureList, failureCodeBase, failureKinds, failureList } from './failure-sweep-list.js';
import { PARALLEL_SWEEP_SECTIONS, routesBySection } from './n1-sweep.js';
import { type ResolvedSaturationOptions, type SaturationOptions, saturationOptions } from './options.js';
import { rerouteCollection } from './reroute-collection.js';
import { routedFibres } from './section-loads.js';

export interface FailureSweepOptions extends SaturationOptions {
  /** What to fail, one element at a time. Default every kind: section, site, riskGroup, owner. */
  kinds?: readonly FailureKind[];
  /** Elements never failed (docs/sweeps.md, "Exclusions"). Default none. */
  exclude?: FailureExclusions;
  /** How many of the worst failures are kept per section, 1 to `MAX_WORST_FAILURES`. Default 3. */
  worst?: number;
  /** Called every `progressEvery` failures with (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Default 10 000. */
  progressEvery?: number;
  /**
   * Threads to sweep on (the calling one included), each taking its share of the failures; the
   * answer is the same whatever the number. Default: every available core from
   * `PARALLEL_SWEEP_SECTIONS` sections (as the N-1 sweep), 1 below.
   */
  threads?: number;
}

/** Most failures kept per section. */
export const MAX_WORST_FAILURES = 10;
/** Failures per chunk of a parallel sweep at most. */
const MAX_FAILURES_PER_CHUNK = 256;
/** Chunks per thread a parallel sweep aims at, by estimated cost. */
const CHUNKS_PER_THREAD = 16;

/** Failure codes (`failureOf`) by NRO, CSR: the k-th NRO of the routing's are `codes[offset[k] … offset[k + 1])`, ascending. */
export interface FailuresByNro {
  readonly offset: Int32Array;
  readonly codes: Int32Array;
}

/** The sweep's answer by index (records: `failureSweepRecords`). */
export interface FailureSweep {
  readonly net: CompiledNetwork;
  /** Site index of each NRO, as in the routing. */
  readonly nros: Int32Array;
  readonly saturation: ResolvedSaturationOptions;
  /** The routing's diversity, which every re-route kept. */
  readonly diversity: CollectionRouting['diversity'];
  /** The kinds swept, in the fixed order. */
  readonly kinds: readonly FailureKind[];
  /** The failures swept. */
  readonly failures: FailureList;
  /** Failures kept per section. */
  readonly worst: number;
  /** The load of every section with everything in service. */
  readonly baseLoad: Float64Array;
  /**
   * Section e's `worst` highest loads over the failures that raise it above `baseLoad[e]`, at
   * `e·worst + j` for j = 0 … worst − 1, highest first; NaN past the last.
   */
  readonly worstLoad: Float64Array;
  /** The failure code causing each of `worstLoad`, -1 past the last. On equal loads the first failure in the fixed order comes first. */
  readonly worstFailure: Int32Array;
  /** The failures after which the NRO has no route left (it had one). */
  readonly cutOff: FailuresByNro;
  /** The failures after which the NRO has a route but no backup (it had both). */
  readonly unprotected: FailuresByNro;
  /** Threads that took part (1: the calling thread alone). */
  readonly threads: number;
}

/**
 * The failure sweep (docs/sweeps.md): fails each section, each site, each risk group and each
 * owner in turn (the `kinds` asked for, less the exclusions), re-routes what the failure breaks
 * and gives, for every section, its `worst` highest loads over every failure with the failure
 * causing each, and for every NRO the failures that cut it off or leave it unprotected.
 *
 * A failure takes down a set of sections; it re-routes only the routes through one of them
 * (an index section → routes; the routes through a failed site use one of its sections), each
 * NRO by `rerouteCollection`, and loads move by the lost and the new routes. A failed head-end
 * is no head-end any more: every section at it is down, so nothing reaches it (and an NRO that
 * is itself the failed head-end is cut off). The searches get the exact distances of each
 * failure from a repair of the shortest-path tree under the failed sections
 * (`HeadendTreeRepair`); a failure that no route uses costs nothing. The section part gives
 * the N-1 sweep's figures (`n1SweepLoads`) exactly.
 *
 * @example
 * const sweep = failureSweep(collectionRoutes(net), { kinds: ['site', 'owner'], exclude: { owners: ['divers'] } });
 * failureSweepRecords(sweep).sections[0];
 * // { section: 'S-041', worst: [{ failure: { kind: 'site', id: 'POP-ABB' }, load: { loadFibres: 150, ratio: 1.04, state: 'saturated' } }, …], … }
 */
export function failureSweep(routing: CollectionRouting, options: FailureSweepOptions = {}): FailureSweep {
  const saturation = saturationOptions(options);
  const { fibresPerRoute } = saturation;
  const worst = options.worst ?? 3;
  if (!Number.isInteger(worst) || worst < 1 || worst > MAX_WORST_FAILURES) {
    throw new InvalidOptionError('worst', `failureSweep: worst must be a whole number from 1 to ${MAX_WORST_FAILURES}, got ${worst}`);
  }
  const { net } = routing;
  const kinds = failureKinds(options.kinds);
  const failures = failureList(net, kinds, options.exclude);
  const m = net.sectionCount;
  const total = failures.codes.length;
  const routed = routedFibres(routing, fibresPerRoute);
  const baseLoad = new Float64Array(m);
  for (let e = 0; e < m; e++) baseLoad[e] = net.usedFibres[e] + routed[e];
  const worstLoad = new Float64Array(m * worst).fill(Number.NaN);
  const worstFailure = new Int32Array(m * worst).fill(-1);
  const index = routesBySection(routing);
  const farSide = bridgeFarSides(net);
  const nroAtSite = new Int32Array(net.siteCount).fill(-1);
  for (let k = 0; k < routing.nros.length; k++) nroAtSite[routing.nros[k]] = k;
  const context: SweepContext = {
    fibresPerRoute, baseLoad, index, farSide, nroAtSite, worst,
    firstSiteCode: failureCodeBase(net).site,
    failures: { codes: failures.codes, deadOffset: failures.deadOffset, deadSections: failures.deadSections },
  };
  const threads = Math.max(1, Math.min(threadCount(options.threads, m, PARALLEL_SWEEP_SECTIONS), total));
  const every = options.progressEvery ?? 10_000;
  const sweeper = new FailureSweeper(routing, context);
  const pairs: SweepPairs = { cutOff: [], unprotected: [] };
  const answer = (used: number, byNro: SweepPairs[]): FailureSweep => ({
    net, nros: routing.nros, saturation, diversity: routing.diversity, kinds, failures, worst, baseLoad, worstLoad, worstFailure,
    cutOff: byNroLists(routing.nros.length, byNro.map((p) => p.cutOff)),
    unprotected: byNroLists(routing.nros.length, byNro.map((p) => p.unprotected)),
    threads: used,
  });

  if (threads <= 1) {
    const beat = options.onProgress && ((p: number) => p > 0 && p % every === 0 && options.onProgress!(p, total));
    sweeper.run(0, total, worstLoad, worstFailure, pairs, beat);
    options.onProgress?.(total, total);
    return answer(1, [pairs]);
  }

  // Each worker keeps its own worst loads over the failures it does; merged below.
  const workerWorst = Array.from({ length: threads - 1 }, () => ({
    load: shared(worstLoad),
    failure: shared(worstFailure),
  }));
  const data: FailureSweepTaskData = {
    routing: shareRouting(routing),
    farSide: shared(farSide),
    fibresPerRoute,
    baseLoad: shared(baseLoad),
    index: { offset: shared(index.offset), routes: shared(index.routes) },
    nroAtSite: shared(nroAtSite),
    worst,
    firstSiteCode: context.firstSiteCode,
    failures: { codes: shared(failures.codes), deadOffset: shared(failures.deadOffset), deadSections: shared(failures.deadSections) },
    ...parallelSchedule(failures, index, threads),
    out: workerWorst,
  };
  let reported = 0;
  const answers = runParallel<FailureSweepTaskData, FailureSweepAnswer>({
    task: 'failureSweep',
    data,
    chunks: data.chunkStart.length - 1,
    threads,
    runHere: (claims) => sweepChunks(sweeper, claims, data, worstLoad, worstFailure, pairs),
    onProgress: (done) => {
      if (!options.onProgress || Math.floor(done / every) <= reported) return;
      reported = Math.floor(done / every);
      if (reported * every < total) options.onProgress(reported * every, total);
    },
  });
  const all: SweepPairs[] = [pairs];
  answers.forEach((a, w) => {
    if (!a) return;
    mergeWorst(worstLoad, worstFailure, workerWorst[w].load, workerWorst[w].failure, worst);
    all.push({ cutOff: a.cutOff, unprotected: a.unprotected });
  });
  options.onProgress?.(total, total);
  return answer(1 + answers.filter((a) => a !== undefined).length, all);
}

/** What the sweep of one thread needs besides the routing, by index. */
interface SweepContext {
  fibresPerRoute: number;
  baseLoad: Float64Array;
  index: { offset: Int32Array; routes: Int32Array };
  farSide: Int32Array;
  /** The NRO (position in the routing) at each site, -1 for none. */
  nroAtSite: Int32Array;
  worst: number;
  /** The code of site 0's failure: a code from it on, below the risk groups', is a site's. */
  firstSiteCode: number;
  failures: Pick<FailureList, 'codes' | 'deadOffset' | 'deadSections'>;
}

/** (NRO position, failure code) pairs one thread found, flat. */
interface SweepPairs {
  cutOff: number[] | Int32Array;
  unprotected: number[] | Int32Array;
}

/**
 * Inserts (load, failure) into section e's list of `worst`, kept highest load first and, on
 * equal loads, lowest failure code first: the order the single-thread sweep meets them in.
 */
function insertWorst(load: Float64Array, failure: Int32Array, worst: number, e: number, value: number, code: number): void {
  const at = e * worst;
  const better = (j: number) => failure[at + j] < 0 || value > load[at + j] || (value === load[at + j] && code < failure[at + j]);
  let j = worst - 1;
  if (!better(j)) return;
  while (j > 0 && better(j - 1)) {
    load[at + j] = load[at + j - 1];
    failure[at + j] = failure[at + j - 1];
    j--;
  }
  load[at + j] = value;
  failure[at + j] = code;
}

/** Folds another thread's worst loads into `load` and `failure` (each failure was swept by one thread only). */
function mergeWorst(load: Float64Array, failure: Int32Array, otherLoad: Float64Array, otherFailure: Int32Array, worst: number): void {
  const m = load.length / worst;
  for (let e = 0; e < m; e++) {
    for (let j = 0; j < worst; j++) {
      const code = otherFailure[e * worst + j];
      if (code < 0) break;
      insertWorst(load, failure, worst, e, otherLoad[e * worst + j], code);
    }
  }
}

/** The (NRO, failure) pairs of every thread as lists by NRO, each ascending. */
function byNroLists(nroCount: number, parts: ReadonlyArray<number[] | Int32Array>): FailuresByNro {
  const offset = new Int32Array(nroCount + 1);
  for (const pairs of parts) for (let i = 0; i < pairs.length; i += 2) offset[pairs[i] + 1]++;
  for (let k = 0; k < nroCount; k++) offset[k + 1] += offset[k];
  const cursor = offset.slice(0, nroCount);
  const codes = new Int32Array(offset[nroCount]);
  for (const pairs of parts) for (let i = 0; i < pairs.length; i += 2) codes[cursor[pairs[i]]++] = pairs[i + 1];
  for (let k = 0; k < nroCount; k++) if (offset[k + 1] - offset[k] > 1) codes.subarray(offset[k], offset[k + 1]).sort();
  return { offset, codes };
}

/**
 * The order a parallel sweep takes the failures in, and its chunks: the costliest first (by the
 * routes they break: a head-end or an owner re-routes a large part of the network), in chunks
 * of about equal estimated cost, so that no thread is left with the heavy end while the others
 * wait. The answer does not depend on the order: the worst loads are kept by (load, code).
 */
function parallelSchedule(failures: FailureList, index: { offset: Int32Array }, threads: number): { order: Int32Array; chunkStart: Int32Array } {
  const { deadOffset, deadSections } = failures;
  const total = failures.codes.length;
  const cost = new Float64Array(total);
  let sum = 0;
  for (let p = 0; p < total; p++) {
    let broken = 1;
    for (let i = deadOffset[p]; i < deadOffset[p + 1]; i++) broken += index.offset[deadSections[i] + 1] - index.offset[deadSections[i]];
    cost[p] = broken;
    sum += broken;
  }
  const order = Int32Array.from({ length: total }, (_, p) => p).sort((a, b) => cost[b] - cost[a] || a - b);
  const target = sum / (CHUNKS_PER_THREAD * threads);
  const starts = [0];
  let inChunk = 0;
  let count = 0;
  for (let i = 0; i < total; i++) {
    inChunk += cost[order[i]];
    count++;
    if (inChunk >= target || count === MAX_FAILURES_PER_CHUNK) {
      starts.push(i + 1);
      inChunk = 0;
      count = 0;
    }
  }
  if (starts[starts.length - 1] !== total) starts.push(total);
  return { order: shared(order), chunkStart: shared(Int32Array.from(starts)) };
}

function sweepChunks(
  sweeper: FailureSweeper, claims: ChunkClaims, schedule: { order: Int32Array; chunkStart: Int32Array },
  worstLoad: Float64Array, worstFailure: Int32Array, pairs: SweepPairs,
): void {
  const beat = () => claims.beat();
  const { order, chunkStart } = schedule;
  for (let c = claims.claim(); c >= 0; c = claims.claim()) {
    sweeper.run(chunkStart[c], chunkStart[c + 1], worstLoad, worstFailure, pairs, beat, order);
    claims.done(chunkStart[c + 1] - chunkStart[c]);
  }
}

/** What the sweep workers share: the network, the routing flattened, its index, the failures, and where each writes its worst loads. */
interface FailureSweepTaskData extends Omit<SweepContext, 'failures'> {
  routing: SharedRouting;
  failures: SweepContext['failures'];
  /** The positions of the failures in the order they are claimed, costliest first. */
  order: Int32Array;
  /** Chunk c is `order[chunkStart[c] … chunkStart[c + 1])`. */
  chunkStart: Int32Array;
  /** By worker. */
  out: { load: Float64Array; failure: Int32Array }[];
}

/** A worker's cut-off and unprotected pairs (transferred). */
interface FailureSweepAnswer {
  cutOff: Int32Array;
  unprotected: Int32Array;
}

/** The `failureSweep` task of the worker script (src/parallel/worker.ts): sweeps the failures of the chunks it claims. */
export function failureSweepChunksInWorker(input: WorkerInput<FailureSweepTaskData>): void {
  const { data } = input;
  serveChunks(
    input,
    () => {
      const routing = routingView(data.routing);
      return new FailureSweeper(routing, data);
    },
    (sweeper, claims) => {
      const { load, failure } = data.out[input.worker];
      const pairs: SweepPairs = { cutOff: [], unprotected: [] };
      sweepChunks(sweeper, claims, data, load, failure, pairs);
      const cutOff = Int32Array.from(pairs.cutOff);
      const unprotected = Int32Array.from(pairs.unprotected);
      return { answer: { cutOff, unprotected }, transfer: [cutOff.buffer, unprotected.buffer] as ArrayBuffer[] };
    },
  );
}

// Which routes of an NRO a failure breaks, as `rerouteCollection` takes it (read off the index, not the routes).
const LOST = [
  undefined,
  Object.freeze({ primary: true, backup: false }),
  Object.freeze({ primary: false, backup: true }),
  Object.freeze({ primary: true, backup: true }),
] as const;

/**
 * The sweep's working state for one thread: the tree repaired per failure, a router on it, and
 * the per-failure load deltas. `run` sweeps a range of the failure list in order.
 */
class FailureSweeper {
  private readonly dead: Uint8Array;
  private readonly tree: HeadendTreeRepair;
  private readonly router: Router;
  private readonly delta: Float64Array;
  private readonly touchedBy: Int32Array;
  private readonly touched: number[] = [];
  /** Per NRO: the failure (position + 1) that last broke one of its routes, and which (1 primary, 2 backup). */
  private readonly brokenBy: Int32Array;
  private readonly broken: Uint8Array;
  private readonly affected: number[] = [];
  /** Room for one tree route (a route has at most one section per site). */
  private readonly path: Int32Array;

  constructor(
    private readonly routing: CollectionRouting,
    private readonly context: SweepContext,
  ) {
    const { net } = routing;
    const m = net.sectionCount;
    this.dead = new Uint8Array(m);
    this.tree = new HeadendTreeRepair(net, { distance: routing.toHeadend, via: routing.via });
    this.router = new Router(net, { dead: this.dead, toHeadend: this.tree.distance, via: this.tree.via, bridgeFarSides: context.farSide });
    this.delta = new Float64Array(m);
    this.touchedBy = new Int32Array(m);
    this.brokenBy = new Int32Array(routing.nros.length);
    this.broken = new Uint8Array(routing.nros.length);
    this.path = new Int32Array(net.siteCount);
  }

  /**
   * Sweeps failures `from` to `to` (excluded) of the list — of `order`, positions in the list,
   * when given — into `worstLoad`, `worstFailure` and `pairs`; `beforeFailure` is called before
   * each with its rank in the sweep.
   */
  run(
    from: number, to: number, worstLoad: Float64Array, worstFailure: Int32Array, pairs: SweepPairs,
    beforeFailure?: (rank: number) => void, order?: Int32Array,
  ): void {
    const { routing, context, dead, tree, router, delta, touchedBy, touched, brokenBy, broken, affected } = this;
    const { fibresPerRoute, baseLoad, index, nroAtSite, worst, firstSiteCode } = context;
    const { codes, deadOffset, deadSections } = context.failures;
    const { net } = routing;
    const cutOff = pairs.cutOff as number[];
    const unprotected = pairs.unprotected as number[];
    let stamp = 0;
    const shiftSection = (e: number, fibres: number) => {
      if (touchedBy[e] !== stamp) {
        touchedBy[e] = stamp;
        touched.push(e);
      }
      delta[e] += fibres;
    };
    const shift = (route: Route, fibres: number) => {
      for (const e of route.sections) shiftSection(e, fibres);
    };
    for (let i = from; i < to; i++) {
      beforeFailure?.(i);
      const p = order ? order[i] : i;
      stamp = p + 1;
      const code = codes[p];
      const d0 = deadOffset[p];
      const d1 = deadOffset[p + 1];
      const site = code - firstSiteCode;
      // An NRO that is itself the failed head-end had an empty route: no section tells of its loss.
      if (site >= 0 && site < net.siteCount && net.isHeadend[site] && nroAtSite[site] >= 0) cutOff.push(nroAtSite[site], code);
      for (let i = d0; i < d1; i++) {
        const e = deadSections[i];
        for (let r = index.offset[e]; r < index.offset[e + 1]; r++) {
          const k = index.routes[r] >> 1;
          if (brokenBy[k] !== stamp) {
            brokenBy[k] = stamp;
            broken[k] = 0;
            affected.push(k);
          }
          broken[k] |= (index.routes[r] & 1) === 0 ? 1 : 2;
        }
      }
      if (affected.length === 0) continue;
      for (let i = d0; i < d1; i++) dead[deadSections[i]] = 1;
      tree.cutAll(deadSections, d0, d1, dead);
      for (const k of affected) {
        const lost = broken[k];
        if (lost === 1 && routing.backup[k] === null) {
          // A single route lost: its replacement is the repaired tree's route, walked in place.
          if (!this.treeReroute(routing.nros[k], routing.primary[k]!, shiftSection)) cutOff.push(k, code);
          continue;
        }
        const change = rerouteCollection(router, routing, k, LOST[lost]);
        if (!change) continue;
        for (const { route } of change.lost) shift(route, -fibresPerRoute);
        for (const { route } of change.added) shift(route, fibresPerRoute);
        if (change.primary === null) cutOff.push(k, code);
        else if (change.backup === null && routing.backup[k] !== null) unprotected.push(k, code);
      }
      affected.length = 0;
      tree.restore();
      for (const e of touched) {
        const load = baseLoad[e] + delta[e];
        if (!dead[e] && load > baseLoad[e]) insertWorst(worstLoad, worstFailure, worst, e, load, code);
        delta[e] = 0;
      }
      touched.length = 0;
      for (let i = d0; i < d1; i++) dead[deadSections[i]] = 0;
    }
  }

  /**
   * What `rerouteCollection` does for an NRO whose only route is lost, without building the
   * routes: the lost route's fibres leave, and the route of the repaired tree (what the router
   * reads off it with nothing to avoid) takes them. False when the NRO is cut off.
   */
  private treeReroute(source: number, lost: Route, shiftSection: (e: number, fibres: number) => void): boolean {
    const { net } = this.routing;
    const { distance, via } = this.tree;
    const fibres = this.context.fibresPerRoute;
    for (const e of lost.sections) shiftSection(e, -fibres);
    if (distance[source] === Number.POSITIVE_INFINITY) return false;
    const path = this.path;
    let length = 0;
    for (let v = source; !net.isHeadend[v]; ) {
      const e = via[v];
      if (e < 0) return false; // no route (the router answers null too)
      path[length++] = e;
      v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    }
    for (let j = 0; j < length; j++) shiftSection(path[j], fibres);
    return true;
  }
}
