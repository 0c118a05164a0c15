import type { CompiledNetwork } from '../graph/compile.js';
import { bridgeFarSides } from './bridge-sides.js';
import { MinHeap } from './heap.js';
import { headendTree } from './nearest-headend.js';
import { Int32Slab } from './int32-slab.js';
import type { Route } from './route.js';

/**
 * The state of the network the router searches: what failed, and how far each site is from
 * the head-ends. The router keeps these arrays by reference: a caller may change them between
 * searches (a sweep flips one section at a time) as long as they stay consistent.
 */
export interface RouterState {
  /** 1 for each failed section: no search uses it. Default none. */
  dead?: Uint8Array;
  /**
   * A lower bound of each site's distance to the nearest head-end with `dead` out, consistent
   * (d(u) ≤ len(u, w) + d(w)), e.g. the distances before the failure. Default: the exact
   * distances, computed (one Dijkstra).
   */
  toHeadend?: Float64Array;
  /**
   * A shortest-path tree matching `toHeadend` exactly (`headendTree(net, dead).via`); with it a
   * search without avoided sections reads its first route off the tree. Default: computed
   * with `toHeadend` when that is not given, none otherwise.
   */
  via?: Int32Array;
  /** `bridgeFarSides(net)`, if already computed: the dead-end sides searches skip. */
  bridgeFarSides?: Int32Array;
  /**
   * `entryBounds(net, tree)`: with them `replacementInto` first searches with a stronger
   * bound (the distances without the head-end entry its walls close) and keeps the route when
   * it proves it the only shortest one.
   */
  entryBounds?: EntryBounds | null;
  /**
   * True when every change of `dead` after the router is built goes through `fail` and
   * `unfail`: the replacement searches and the site-diverse residual search then read the
   * failures off their packed arcs, not off `dead` (one random read per arc fewer). Default false.
   */
  failuresInArcs?: boolean;
}

/**
 * For the sites next to a head-end (entries), the distance from every site to the nearest
 * head-end on the intact network without that entry: a lower bound of the routes that may
 * not pass through it.
 */
export interface EntryBounds {
  /** Per site: the index of its bound in `distance` when it is an entry, -1 otherwise. */
  readonly entryOf: Int32Array;
  readonly distance: readonly Float64Array[];
}

/** The shortest section-disjoint pair to the head-ends, or the shortest route when no pair exists. */
export interface RoutePair {
  /** The shorter route of the pair. */
  primary: Route;
  /** The longer one; null when every path to the head-ends shares a section (single-homed). */
  backup: Route | null;
}

/** A section-disjoint pair with the fewest shared sites, then the least length (`Router.sitePair`). */
export interface SitePair extends RoutePair {
  /** Sites both routes pass through (the NRO and the head-ends excepted); 0 without a backup. */
  sharedSites: number;
}

/** The workspaces of the site-disjoint search, allocated on its first use. */
interface SplitSpace {
  /**
   * Per site v, what the search reads of its "out" copy side by side (one cache line, not
   * four), two views of one buffer. As doubles: at 4v its g, at 4v + 1 its code (as in
   * `state2`). As 32-bit integers: at 8v + 4 the shared sites on the way to it, at 8v + 5 the
   * section it was reached by, at 8v + 6 `stamp` when v is on the first route (not its ends),
   * at 8v + 7 then the first route's section that enters v.
   */
  outG: Float64Array;
  outI: Int32Array;
  /** The site's "in" copy: g and code side by side, as `state2`. */
  stateIn: Float64Array;
  viaIn: Int32Array;
  /** Shared sites on the way to each "in" copy. */
  levelIn: Int32Array;
  /** Entries one shared site further, searched once the current level is exhausted. */
  next: MinHeap;
}

const NONE = new Int32Array(0);
/** `boundedSearch` could not prove its route the only shortest one. */
const UNPROVEN = -2;
/** Lengths within this ratio count as a tie for `boundedSearch` (only an exact tie is certain to be one). */
const NEAR = 1 + 1e-9;

/**
 * Route searches from one site to the nearest head-end (any head-end: a virtual target joined
 * to all of them at zero cost) on the compiled network less its failed sections, reusing
 * typed-array workspaces so that a search allocates only its answer.
 *
 * Every search is an A* guided by the distance to the nearest head-end (`RouterState`). With
 * the exact distances the first route is read off the shortest-path tree and the searches
 * explore only what a detour can reach; with the distances of the network before a cut they
 * stay exact and explore a little more. No search crosses a bridge away from the head-ends
 * (`bridgeFarSides`): the tree-like branches hanging off a busy site cost nothing.
 *
 * `shortestPair` is Suurballe's algorithm on the undirected multigraph (each section usable by
 * at most one of the two routes; parallel sections are distinct): the shortest route, then one
 * search in the residual graph with reduced costs (the first route's sections reversed at
 * zero cost), then the sections used both ways cancel and the rest splits into two routes.
 * Unlike "remove the first route and search again", it finds the pair whenever one exists.
 *
 * @example
 * const router = new Router(net);
 * const pair = router.shortestPair(net.siteIndex.get('NRO-CAY')!);
 * pair?.backup?.lengthM; // the backup's length, or undefined when single-homed
 */
export class Router {
  readonly net: CompiledNetwork;
  readonly dead: Uint8Array;
  /** The A* bound: distance (or a lower bound of it) to the nearest head-end. */
  readonly toHeadend: Float64Array;
  /** Shortest-path tree matching `toHeadend` exactly, or null. */
  readonly via: Int32Array | null;
  /** For each bridge, the site on its side away from the head-ends, where no search goes. */
  readonly farSide: Int32Array;
  private readonly heap = new MinHeap();
  private stamp = 0;
  /** Key at which the first route reached its head-end: the residual potentials' bound. */
  private firstKey = 0;
  // Each search's state per site v, side by side (one cache line, not two): at 2v its g, at
  // 2v + 1 a code, 2·stamp once reached in the current search and 2·stamp + 1 once settled.
  // First search: g = length from the source, key = g + toHeadend.
  private readonly state1: Float64Array;
  private readonly via1: Int32Array;
  // Second (residual) search: reduced length from the source.
  private readonly state2: Float64Array;
  private readonly via2: Int32Array;
  // Per section: +stamp when the search avoids it, −stamp when its first route uses it.
  private readonly mark: Int32Array;
  /** Per section on the first route: the site it leaves from. */
  private readonly firstFrom: Int32Array;
  // Per arc, in adjacency order (read in sequence): its length, and 1 when it crosses a bridge
  // away from the head-ends.
  private readonly arcLength: Float64Array;
  private readonly arcAway: Uint8Array;
  /** True when the current first route came off the exact tree (residual potentials constant). */
  private firstFromTree = false;
  private split: SplitSpace | null = null;
  /** Per owner: `stamp` when the current search avoids its sections (`shortestPath`'s `avoidOwners`). */
  private ownerMark: Int32Array | null = null;
  private ownersAvoided = false;
  /** True when the current search avoids sections of its own (`begin`'s `avoid`, marked `stamp`). */
  private sectionsAvoided = false;
  /**
   * True when the current search may not enter some sites (`replacementInto`'s walls): those
   * whose `state1` code says settled before the search starts.
   */
  private sitesWalled = false;
  /**
   * Per arc, in adjacency order: at 2i the site it leads to, -1 when it crosses a bridge away
   * from the head-ends; at 2i + 1 its section. One read for what `arcAway`, `adjSite` and
   * `adjSection` say, for the replacement searches of the sweep. Built on first use.
   */
  private arcPack: Int32Array | null = null;
  /** `RouterState.failuresInArcs`: the packed arcs of the failed sections lead nowhere (-1). */
  private readonly failuresInArcs: boolean;
  /** Per section, with `failuresInArcs`: the indices of its two arcs; made on the first failure (`arcsOfSections`). */
  private sectionArcs: Int32Array | null = null;
  private readonly entryBounds: EntryBounds | null;
  /** Per site: `stamp` when the current bounded search reached it two ways within the margin. */
  private tie: Int32Array | null = null;

  /** The head-end the last route written by `treeRouteInto` or `sectionsInto` reaches. */
  private lastHeadend = -1;
  /** Room for one route read off the tree (a route has at most one section per site). */
  private treeSections: Int32Array | null = null;
  /** The first route of the current search as (section, site it leaves from) pairs. */
  private readonly firstArcs: Int32Array;
  /** The second (residual) search's path, as pairs; grown when needed. */
  private secondArcs = new Int32Array(64);
  /** The two routes `untangle` gives, as pairs. */
  private walkA = new Int32Array(64);
  private walkB = new Int32Array(64);
  private walkALength = 0;
  private walkBLength = 0;
  private untangleSpace: { cancelled: Int32Array; listed: Int32Array; head: Int32Array; tail: Int32Array; section: Int32Array; next: Int32Array } | null = null;
  /**
   * Sites settled by every search so far (a route read off the tree counts its sections): a
   * measure of the work done, for budgets. Only grows.
   */
  work = 0;

  /** Where the routes' section arrays are carved (the routes a routing keeps are most of them). */
  private readonly slab = new Int32Slab();

  constructor(net: CompiledNetwork, state: RouterState = {}) {
    const n = net.siteCount;
    const m = net.sectionCount;
    this.net = net;
    this.dead = state.dead ?? new Uint8Array(m);
    if (this.dead.length !== m) throw new RangeError(`Router: dead has ${this.dead.length} flags for ${m} sections`);
    const tree = state.toHeadend ? null : headendTree(net, this.dead);
    this.toHeadend = state.toHeadend ?? tree!.distance;
    this.via = state.via ?? tree?.via ?? null;
    if (this.toHeadend.length !== n) throw new RangeError(`Router: toHeadend has ${this.toHeadend.length} entries for ${n} sites`);
    if (this.via && this.via.length !== n) throw new RangeError(`Router: via has ${this.via.length} entries for ${n} sites`);
    this.farSide = state.bridgeFarSides ?? bridgeFarSides(net);
    if (this.farSide.length !== m) throw new RangeError(`Router: bridgeFarSides has ${this.farSide.length} entries for ${m} sections`);
    this.firstArcs = new Int32Array(2 * n);
    this.state1 = new Float64Array(2 * n);
    this.via1 = new Int32Array(n);
    this.state2 = new Float64Array(2 * n);
    this.via2 = new Int32Array(n);
    this.mark = new Int32Array(m);
    this.firstFrom = new Int32Array(m);
    this.entryBounds = state.entryBounds ?? null;
    if (this.entryBounds && this.entryBounds.entryOf.length !== n) throw new RangeError('Router: entryBounds do not match the network');
    this.arcLength = new Float64Array(2 * m);
    this.arcAway = new Uint8Array(2 * m);
    for (let i = 0; i < 2 * m; i++) {
      const e = net.adjSection[i];
      this.arcLength[i] = net.lengthM[e];
      this.arcAway[i] = this.farSide[e] === net.adjSite[i] ? 1 : 0;
    }
    this.failuresInArcs = state.failuresInArcs ?? false;
    if (this.failuresInArcs) {
      const arcs = this.packedArcs();
      for (let e = 0; e < m; e++) if (this.dead[e]) cutArcs(arcs, this.arcsOfSections(), e);
    }
  }

  /** `sectionArcs`, made when first needed: a routing of the intact network fails nothing. */
  private arcsOfSections(): Int32Array {
    this.sectionArcs ??= arcsBySection(this.net.adjSection, this.net.sectionCount);
    return this.sectionArcs;
  }

  /** Fails section e (`dead[e] = 1`); with `failuresInArcs`, the way every failure must come. */
  fail(e: number): void {
    this.dead[e] = 1;
    if (this.failuresInArcs) cutArcs(this.packedArcs(), this.arcsOfSections(), e);
  }

  /** Puts section e back in service (`dead[e] = 0`). */
  unfail(e: number): void {
    this.dead[e] = 0;
    if (!this.failuresInArcs) return;
    const arcs = this.packedArcs();
    const sectionArcs = this.arcsOfSections();
    const { adjSite } = this.net;
    for (let j = 2 * e; j < 2 * e + 2; j++) {
      const i = sectionArcs[j];
      arcs[2 * i] = this.arcAway[i] ? -1 : adjSite[i];
    }
  }

  /**
   * The shortest route from `source` to any head-end without the failed and the `avoid`ed
   * sections, nor the sections of the `avoidOwners` (owner indices), or null when none is
   * left. A head-end source gets an empty route to itself.
   */
  shortestPath(source: number, avoid: ArrayLike<number> = NONE, avoidOwners: ArrayLike<number> = NONE): Route | null {
    const start = this.begin(source, avoid, avoidOwners);
    if (start !== undefined) return start;
    const avoiding = avoid.length > 0 || avoidOwners.length > 0;
    if (avoiding && this.via) {
      this.treeSections ??= new Int32Array(this.net.siteCount);
      const count = this.treeRouteInto(source, this.treeSections);
      if (count >= 0) return this.routeOf(this.treeSections, count);
    }
    const first = this.firstRoute(source, avoiding);
    return first < 0 ? null : this.route(this.firstArcs, first);
  }

  /**
   * The tree's route from `source` when it avoids the marked sections (and sites) and is the
   * only shortest route left, written into `out` as its sections; returns their number, -1
   * otherwise. Then the search would find exactly it, whatever its order of exploration, so
   * it need not run: at every site of the route the tree's section is the one section left
   * (not failed, not avoided, not away over a bridge) that starts a shortest route. "Starts a
   * shortest route" is taken with a margin of rounding (only a tie is certain to be exact),
   * so a near tie leaves the answer to the search.
   */
  private treeRouteInto(source: number, out: Int32Array): number {
    const { net, via, mark, dead, arcAway, arcLength, stamp, toHeadend: h } = this;
    const { adjOffset, adjSection, adjSite, isHeadend, sectionFrom, sectionTo, sectionOwner } = net;
    const ownerMark = this.ownersAvoided ? this.ownerMark! : null;
    // The walled sites (settled before the search): every section at one counts as avoided
    // (the current site is never one).
    const walls = this.sitesWalled ? this.state1 : null;
    const walled = 2 * stamp + 1;
    const packed = this.failuresInArcs ? this.arcPack : null;
    let count = 0;
    let v = source;
    while (!isHeadend[v]) {
      const e = via![v];
      if (e < 0 || mark[e] === stamp || (ownerMark !== null && ownerMark[sectionOwner[e]] === stamp)) return -1;
      const next = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      if (walls !== null && walls[2 * next + 1] === walled) return -1;
      const bound = h[v] * (1 + 1e-9);
      let tight = 0;
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const f = adjSection[i];
        // A failed or away arc leads nowhere in the packed arcs: only the tree's own needs telling apart.
        if (packed !== null && packed[2 * i] < 0 && f !== e) continue;
        const off =
          (packed === null && dead[f]) ||
          mark[f] === stamp ||
          (ownerMark !== null && ownerMark[sectionOwner[f]] === stamp) ||
          (walls !== null && walls[2 * adjSite[i] + 1] === walled) ||
          (f === e && dead[f] === 1);
        if (arcAway[i] || off) {
          if (f === e && !off) return -1; // the tree crosses a bridge away: leave it to the search
          continue;
        }
        if (arcLength[i] + h[adjSite[i]] <= bound && ++tight > 1) return -1;
      }
      if (tight !== 1) return -1;
      this.work++;
      out[count++] = e;
      v = next;
    }
    this.lastHeadend = v;
    return count;
  }

  /**
   * The route `DiversePairs.replacement(source, intact, 'site')` finds (with `sites`), or
   * `'section'` (without), written into `out` as its sections from `source`: the shortest
   * route avoiding the failed sections, `intact`'s sections and, with `sites`, every site
   * `intact` passes through (not its ends), relaxed to its sections alone when no such route
   * exists. Returns the number of sections, or -1 when no route is left. The same searches,
   * in the same order, with the same answer, without building the list of avoided sections
   * nor the route: a walled site is one the search may not enter, as when every section at
   * it is avoided. The intact route is `intact[from … to)` (all of it by default), so that
   * routes flattened into one array need no view each.
   *
   * @example
   * const count = router.replacementInto(v, routing.backup[k]!.sections, true, scratch);
   * scratch.subarray(0, count); // the primary's replacement while the backup carries on
   */
  replacementInto(source: number, intact: Int32Array, sites: boolean, out: Int32Array, from = 0, to = intact.length): number {
    if (sites) {
      const count = this.avoidingInto(source, intact, from, to, true, out);
      if (count >= 0) return count;
    }
    return this.avoidingInto(source, intact, from, to, false, out);
  }

  /**
   * The first pass of `replacementInto(source, intact, true, out)` alone: the route avoiding
   * `intact[from … to)`'s sections and sites, or -1 when none exists (no relaxing to sections).
   */
  siteReplacementInto(source: number, intact: Int32Array, out: Int32Array, from = 0, to = intact.length): number {
    return this.avoidingInto(source, intact, from, to, true, out);
  }

  /**
   * `shortestPath(source, avoid)` of `replacement`'s avoided sections, written into `out`.
   * With `bounded` and entry bounds, walled searches first try `boundedSearch`.
   */
  private avoidingInto(source: number, intact: Int32Array, from: number, to: number, sites: boolean, out: Int32Array, bounded = true): number {
    if (this.begin(source, NONE) !== undefined) {
      if (!this.net.isHeadend[source]) return -1;
      this.lastHeadend = source;
      return 0;
    }
    const { mark, stamp, net, state1 } = this;
    for (let k = from; k < to; k++) mark[intact[k]] = stamp;
    const walled = sites && to - from > 1;
    let lastWall = -1;
    if (walled) {
      let v = source;
      for (let k = from; k + 1 < to; k++) {
        const e = intact[k];
        v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
        state1[2 * v + 1] = 2 * stamp + 1;
      }
      this.sitesWalled = true;
      // The last walled site leads to the intact route's head-end: an entry the search may not use.
      lastWall = v;
    }
    const avoiding = to > from;
    if (this.via) {
      if (!avoiding) return this.treeReadInto(source, out);
      // Most tree routes run into the avoided sections: a walk along it tells, before the checks.
      if (this.treeRouteClear(source)) {
        const count = this.treeRouteInto(source, out);
        if (count >= 0) return count;
      }
    }
    // Every section of a route of two or more sections has a walled end: the walls say it all.
    const entry = bounded && lastWall >= 0 && this.entryBounds ? this.entryBounds.entryOf[lastWall] : -1;
    if (entry >= 0) {
      const target = this.boundedSearch(source, this.entryBounds!.distance[entry]);
      if (target === UNPROVEN) return this.avoidingInto(source, intact, from, to, sites, out, false);
      return target < 0 ? -1 : this.sectionsInto(source, target, this.via1, out);
    }
    const target = this.replacementSearch(source, !walled);
    return target < 0 ? -1 : this.sectionsInto(source, target, this.via1, out);
  }

  /**
   * The walled search of `replacementSearch` (same graph: walls settled before it starts)
   * guided by a stronger bound: the larger of `toHeadend` and `closed`, the distances without
   * a walled entry, both consistent. It explores less, in another order, so on a tie it could
   * take another route than `replacementSearch`: its route is kept only when it is the only
   * shortest one with a margin of rounding. Proof: every site is settled up to that length
   * (and the margin), each having tried its ways out, and no site of the route was reached
   * two ways as short, nor a second head-end. Returns the head-end reached, -1 when no route
   * exists (certain: the bound is a lower bound), `UNPROVEN` otherwise.
   */
  private boundedSearch(source: number, closed: Float64Array): number {
    const { adjOffset, isHeadend, sectionFrom, sectionTo } = this.net;
    const { state1: state, via1, dead, arcLength, toHeadend: h, heap, stamp } = this;
    const checkDead = !this.failuresInArcs;
    this.tie ??= new Int32Array(this.net.siteCount);
    const tie = this.tie;
    const arcs = this.packedArcs();
    const reached = 2 * stamp;
    const settled = reached + 1;
    const start = Math.max(closed[source], h[source]);
    if (start === Number.POSITIVE_INFINITY) return -1;
    heap.clear();
    state[2 * source] = 0;
    state[2 * source + 1] = reached;
    tie[source] = 0;
    heap.push(start, source);
    let target = -1;
    let limit = Number.POSITIVE_INFINITY;
    while (heap.size > 0) {
      if (target >= 0 && heap.peekKey() > limit) break;
      const v = heap.pop();
      if (state[2 * v + 1] === settled) continue;
      state[2 * v + 1] = settled;
      this.work++;
      if (isHeadend[v]) {
        if (target >= 0) return UNPROVEN; // a second head-end within the margin
        target = v;
        limit = state[2 * v] * NEAR;
        continue;
      }
      const gv = state[2 * v];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = arcs[2 * i];
        if (w < 0 || (checkDead && dead[arcs[2 * i + 1]])) continue;
        const code = state[2 * w + 1];
        const gw = gv + arcLength[i];
        if (code === settled || (code === reached && gw >= state[2 * w])) {
          // Another way in as short, within the margin (walls too, harmlessly: never on a route).
          if (gw <= state[2 * w] * NEAR) tie[w] = stamp;
          continue;
        }
        let hw = h[w];
        if (closed[w] > hw) hw = closed[w];
        if (hw === Number.POSITIVE_INFINITY) continue;
        tie[w] = code === reached && state[2 * w] <= gw * NEAR ? stamp : 0;
        state[2 * w + 1] = reached;
        state[2 * w] = gw;
        via1[w] = arcs[2 * i + 1];
        heap.push(gw + (isHeadend[w] ? 0 : hw), w);
      }
    }
    if (target < 0) return -1;
    for (let w = target; w !== source; ) {
      if (tie[w] === stamp) return UNPROVEN;
      const e = via1[w];
      w = sectionFrom[e] === w ? sectionTo[e] : sectionFrom[e];
    }
    return target;
  }

  /**
   * `firstSearch` for `avoidingInto`, exploring exactly as it does: no owners avoided, the
   * walled sites settled before it starts, the avoided sections read only when `marked`, the
   * arcs from `arcPack`.
   */
  private replacementSearch(source: number, marked: boolean): number {
    const { adjOffset, isHeadend } = this.net;
    const { state1: state, via1, mark, dead, arcLength, toHeadend: h, heap, stamp } = this;
    const checkDead = !this.failuresInArcs;
    const arcs = this.packedArcs();
    const reached = 2 * stamp;
    const settled = reached + 1;
    heap.clear();
    state[2 * source] = 0;
    state[2 * source + 1] = reached;
    heap.push(h[source], source);
    while (heap.size > 0) {
      const v = heap.pop();
      if (state[2 * v + 1] === settled) continue;
      state[2 * v + 1] = settled;
      this.work++;
      if (isHeadend[v]) return v;
      const gv = state[2 * v];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = arcs[2 * i];
        if (w < 0) continue;
        const code = state[2 * w + 1];
        if (code === settled) continue;
        const e = arcs[2 * i + 1];
        if ((checkDead && dead[e]) || (marked && mark[e] === stamp)) continue;
        const hw = h[w];
        if (hw === Number.POSITIVE_INFINITY) continue;
        const gw = gv + arcLength[i];
        if (code !== reached || gw < state[2 * w]) {
          state[2 * w + 1] = reached;
          state[2 * w] = gw;
          via1[w] = e;
          heap.push(gw + hw, w);
        }
      }
    }
    return -1;
  }

  private packedArcs(): Int32Array {
    if (this.arcPack === null) {
      const { adjSection, adjSite } = this.net;
      const arcs = new Int32Array(2 * adjSite.length);
      for (let i = 0; i < adjSite.length; i++) {
        arcs[2 * i] = this.arcAway[i] ? -1 : adjSite[i];
        arcs[2 * i + 1] = adjSection[i];
      }
      this.arcPack = arcs;
    }
    return this.arcPack;
  }

  /** True when the tree's route from `source` uses no avoided section and enters no walled site (`treeRouteInto` may then take it). */
  private treeRouteClear(source: number): boolean {
    const { via, mark, stamp, state1 } = this;
    const { isHeadend, sectionFrom, sectionTo } = this.net;
    const walls = this.sitesWalled;
    const walled = 2 * stamp + 1;
    for (let v = source; !isHeadend[v]; ) {
      const e = via![v];
      if (e < 0 || mark[e] === stamp) return false;
      v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      if (walls && state1[2 * v + 1] === walled) return false;
    }
    return true;
  }

  /** The tree's route from `source` into `out`, as `firstRoute` reads it with nothing to avoid; -1 when the tree has none. */
  private treeReadInto(source: number, out: Int32Array): number {
    const { via, net } = this;
    let count = 0;
    let v = source;
    while (!net.isHeadend[v]) {
      const e = via![v];
      if (e < 0) return -1;
      out[count++] = e;
      v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
    }
    this.work += count;
    this.lastHeadend = v;
    return count;
  }

  /** The sections of a search's path from `source` to `target` (by `via`, back from the target) into `out`; returns their number. */
  private sectionsInto(source: number, target: number, via: Int32Array, out: Int32Array): number {
    const { sectionFrom, sectionTo } = this.net;
    let count = 0;
    for (let v = target; v !== source; count++) {
      const e = via[v];
      v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
    }
    let k = count;
    for (let v = target; v !== source; ) {
      const e = via[v];
      out[--k] = e;
      v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
    }
    this.lastHeadend = target;
    return count;
  }

  /** A route from its first `count` sections in `sections`, reaching `lastHeadend`. */
  private routeOf(sections: Int32Array, count: number): Route {
    const { lengthM } = this.net;
    const copy = this.slab.take(count);
    copy.set(sections.subarray(0, count));
    let length = 0;
    for (let k = 0; k < count; k++) length += lengthM[copy[k]];
    return { headend: this.lastHeadend, sections: copy, lengthM: length };
  }

  /**
   * The section-disjoint pair of routes from `source` to the head-ends with the least total
   * length (the two may reach different head-ends), the shorter as primary; when no pair
   * exists, the shortest route alone; null when no route exists. Failed and `avoid`ed sections
   * are out.
   */
  shortestPair(source: number, avoid: ArrayLike<number> = NONE): RoutePair | null {
    const start = this.begin(source, avoid);
    if (start !== undefined) return start && { primary: start, backup: null };
    const length = this.firstRoute(source, avoid.length > 0);
    if (length < 0) return null;
    const first = this.firstArcs;
    // A route over a bridge: every route crosses it, so no disjoint pair exists (the residual search would find none).
    for (let k = 0; k < length; k += 2) if (this.farSide[first[k]] >= 0) return { primary: this.route(first, length), backup: null };
    for (let k = 0; k < length; k += 2) {
      this.mark[first[k]] = -this.stamp;
      this.firstFrom[first[k]] = first[k + 1];
    }
    const second = this.residualSearch(source);
    if (second < 0) return { primary: this.route(first, length), backup: null };
    this.untangle(source, length, this.arcsInto(source, second, this.via2, this.secondArcsSpace(2 * this.net.siteCount)));
    const ra = this.route(this.walkA, this.walkALength);
    const rb = this.route(this.walkB, this.walkBLength);
    return rb.lengthM < ra.lengthM ? { primary: rb, backup: ra } : { primary: ra, backup: rb };
  }

  /**
   * The section-disjoint pair of routes from `source` to the head-ends that shares the fewest
   * sites (the NRO and the head-ends excepted), and of those the least total length: a
   * site-disjoint pair when one exists. Exact: Suurballe's algorithm on the node-split graph
   * (each site v an arc v_in → v_out of capacity 1, plus a second one at a cost M larger than
   * any route, so that a pair sharing a site is found only when no site-disjoint pair
   * exists), with the costs (shared sites, length) compared in that order instead of a
   * numeric M: the residual search settles every site reachable without one more shared site
   * before it takes one. The first route and the potentials are those of `shortestPair`.
   * When no section-disjoint pair exists, the shortest route alone; null when none.
   *
   * @example
   * const pair = router.sitePair(net.siteIndex.get('NRO-CAY')!);
   * pair?.sharedSites; // 0: a site-disjoint pair
   */
  sitePair(source: number, avoid: ArrayLike<number> = NONE): SitePair | null {
    const start = this.begin(source, avoid);
    if (start !== undefined) return start && { primary: start, backup: null, sharedSites: 0 };
    const length = this.firstRoute(source, avoid.length > 0);
    if (length < 0) return null;
    const first = this.firstArcs;
    for (let k = 0; k < length; k += 2) if (this.farSide[first[k]] >= 0) return { primary: this.route(first, length), backup: null, sharedSites: 0 };
    const split = this.splitSpace();
    for (let k = 0; k < length; k += 2) {
      this.mark[first[k]] = -this.stamp;
      this.firstFrom[first[k]] = first[k + 1];
      if (k > 0) {
        split.outI[8 * first[k + 1] + 6] = this.stamp;
        split.outI[8 * first[k + 1] + 7] = first[k - 2];
      }
    }
    const target = this.residualSplitSearch(source, split, first[length - 2]);
    if (target < 0) return { primary: this.route(first, length), backup: null, sharedSites: 0 };
    this.untangle(source, length, this.splitArcsInto(source, target, split));
    const ra = this.route(this.walkA, this.walkALength);
    const rb = this.route(this.walkB, this.walkBLength);
    const sharedSites = split.outI[8 * target + 4];
    return rb.lengthM < ra.lengthM ? { primary: rb, backup: ra, sharedSites } : { primary: ra, backup: rb, sharedSites };
  }

  private splitSpace(): SplitSpace {
    const n = this.net.siteCount;
    if (this.split === null) {
      const out = new ArrayBuffer(32 * n);
      this.split = {
        outG: new Float64Array(out),
        outI: new Int32Array(out),
        stateIn: new Float64Array(2 * n),
        viaIn: new Int32Array(n),
        levelIn: new Int32Array(n),
        next: new MinHeap(),
      };
    }
    return this.split;
  }

  /**
   * The residual search of `sitePair` on the node-split graph, with the reduced costs of
   * `residualSearch`. A site off the first route is one node. A site v on it has two: its
   * "out" copy (index v), left by any section that is not the first route's, and its "in"
   * copy (n + v), reached by those sections, whose one residual arc walks the first route
   * back at cost 0; out → in costs 0 (the first route's internal arc reversed), in → out
   * costs one shared site. Levels (shared sites) are searched in order, each with its own
   * heap. Returns the head-end reached (its shared sites in `outI`), or -1.
   *
   * The first route's sections are told from the sites' records, not by a read of `mark` per
   * arc (at random, by section: a fifth of the search's time at 1e6): each enters one of its
   * sites from the source's side (`outI` at 8v + 7), but the last, `lastFirst`, which enters
   * the head-end.
   */
  private residualSplitSearch(source: number, split: SplitSpace, lastFirst: number): number {
    const n = this.net.siteCount;
    const { adjOffset, isHeadend } = this.net;
    const { state1, mark, firstFrom, dead, arcLength, toHeadend: h, stamp } = this;
    const checkDead = !this.failuresInArcs;
    const avoiding = this.sectionsAvoided;
    const arcs = this.packedArcs();
    const { outG, outI, stateIn, viaIn, levelIn } = split;
    const limit = this.firstKey;
    const tree = this.firstFromTree;
    const reached = 2 * stamp;
    const settled = reached + 1;
    const shifted = (v: number) => (!tree && state1[2 * v + 1] === settled ? state1[2 * v] : limit - h[v]);
    let current = this.heap;
    let next = split.next;
    current.clear();
    next.clear();
    let level = 0;
    // Reaches a copy at (lvl, g) if that is better, lexicographically, than what it has.
    const reachOut = (w: number, g: number, lvl: number, e: number) => {
      const code = outG[4 * w + 1];
      if (code === settled) return;
      const was = outI[8 * w + 4];
      if (code !== reached || lvl < was || (lvl === was && g < outG[4 * w])) {
        outG[4 * w + 1] = reached;
        outG[4 * w] = g;
        outI[8 * w + 4] = lvl;
        outI[8 * w + 5] = e;
        (lvl === level ? current : next).push(g, w);
      }
    };
    const reachIn = (w: number, g: number, lvl: number, e: number) => {
      const code = stateIn[2 * w + 1];
      if (code === settled) return;
      if (code !== reached || lvl < levelIn[w] || (lvl === levelIn[w] && g < stateIn[2 * w])) {
        stateIn[2 * w + 1] = reached;
        stateIn[2 * w] = g;
        levelIn[w] = lvl;
        viaIn[w] = e;
        current.push(g, n + w);
      }
    };
    outG[4 * source] = 0;
    outG[4 * source + 1] = reached;
    outI[8 * source + 4] = 0;
    current.push(0, source);
    for (;;) {
      if (current.size === 0) {
        if (next.size === 0) return -1;
        [current, next] = [next, current];
        level++;
        continue;
      }
      const x = current.pop();
      if (x >= n) {
        const v = x - n;
        if (stateIn[2 * v + 1] === settled) continue;
        stateIn[2 * v + 1] = settled;
        this.work++;
        const gv = stateIn[2 * v];
        const e = outI[8 * v + 7];
        reachOut(firstFrom[e], gv, level, e);
        reachOut(v, gv, level + 1, -1);
        continue;
      }
      const v = x;
      if (outG[4 * v + 1] === settled) continue;
      outG[4 * v + 1] = settled;
      this.work++;
      if (isHeadend[v]) return v;
      const gv = outG[4 * v];
      const pv = shifted(v);
      const vOnFirst = outI[8 * v + 6] === stamp;
      const vFirstIn = vOnFirst ? outI[8 * v + 7] : -1;
      if (vOnFirst) reachIn(v, gv, level, -1);
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = arcs[2 * i];
        if (w < 0) continue;
        const e = arcs[2 * i + 1];
        if ((checkDead && dead[e]) || (avoiding && mark[e] === stamp)) continue;
        // A first-route section enters one of its ends from the source's side, or is the last.
        const wOnFirst = outI[8 * w + 6] === stamp;
        if (e === vFirstIn || e === lastFirst || (wOnFirst && e === outI[8 * w + 7])) continue;
        const hw = h[w];
        if (hw === Number.POSITIVE_INFINITY) continue;
        let cost = arcLength[i] + pv - (!tree && state1[2 * w + 1] === settled ? state1[2 * w] : limit - hw);
        if (cost < 0) cost = 0;
        if (wOnFirst) reachIn(w, gv + cost, level, e);
        else reachOut(w, gv + cost, level, e);
      }
    }
  }

  /**
   * The sections of the split search's path to `target` as (section, site it leaves from)
   * pairs from the source, the internal arcs left out. An "out" copy reached over a section
   * of the first route came from the "in" copy of its other end; over another section, from
   * the other end's "out" copy; without a section (-1), from its own "in" copy. An "in" copy
   * reached without a section came from its own "out" copy.
   */
  private splitArcsInto(source: number, target: number, split: SplitSpace): number {
    const { sectionFrom, sectionTo } = this.net;
    const { viaIn, outI } = split;
    const out = this.secondArcsSpace(4 * this.net.siteCount);
    // Back from the target, then reversed in place into (section, site) pairs from the source.
    let length = 0;
    let v = target;
    let inCopy = false;
    while (inCopy || v !== source) {
      const e: number = inCopy ? viaIn[v] : outI[8 * v + 5];
      if (e < 0) {
        inCopy = !inCopy;
        continue;
      }
      const u = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      out[length++] = u;
      out[length++] = e;
      inCopy = !inCopy && this.mark[e] === -this.stamp;
      v = u;
    }
    out.subarray(0, length).reverse();
    return length;
  }

  /** The second route's (section, site) pairs: `secondArcs`, with room for `length` numbers. */
  private secondArcsSpace(length: number): Int32Array {
    if (this.secondArcs.length < length) this.secondArcs = new Int32Array(Math.max(length, 2 * this.secondArcs.length));
    return this.secondArcs;
  }

  /** Starts a search: a new stamp, the avoided sections and owners marked; a route when the answer is trivial. */
  private begin(source: number, avoid: ArrayLike<number>, avoidOwners: ArrayLike<number> = NONE): Route | null | undefined {
    if (source < 0 || source >= this.net.siteCount) throw new RangeError(`Router: no site ${source}`);
    this.stamp++;
    this.ownersAvoided = false;
    this.sitesWalled = false;
    this.sectionsAvoided = avoid.length > 0;
    if (this.net.isHeadend[source]) return { headend: source, sections: new Int32Array(0), lengthM: 0 };
    if (this.toHeadend[source] === Number.POSITIVE_INFINITY) return null;
    for (let k = 0; k < avoid.length; k++) this.mark[avoid[k]] = this.stamp;
    if (avoidOwners.length > 0) {
      this.ownerMark ??= new Int32Array(this.net.owners.length);
      for (let k = 0; k < avoidOwners.length; k++) this.ownerMark[avoidOwners[k]] = this.stamp;
      this.ownersAvoided = true;
    }
    return undefined;
  }

  /**
   * The shortest route as (section, site it leaves from) pairs into `firstArcs`: read off the
   * tree when there is one and nothing to avoid, searched otherwise. Returns how many numbers
   * it wrote, -1 when there is no route.
   */
  private firstRoute(source: number, avoiding: boolean): number {
    const arcs = this.firstArcs;
    if (this.via && !avoiding) {
      const { via, net } = this;
      let length = 0;
      for (let v = source; !net.isHeadend[v]; ) {
        const e = via[v];
        if (e < 0) return -1;
        arcs[length++] = e;
        arcs[length++] = v;
        v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
      }
      this.firstKey = this.toHeadend[source];
      this.firstFromTree = true;
      this.work += length >> 1;
      return length;
    }
    const target = this.firstSearch(source);
    if (target < 0) return -1;
    this.firstKey = this.state1[2 * target];
    this.firstFromTree = false;
    return this.arcsInto(source, target, this.via1, arcs);
  }

  /** A* from `source` until a head-end is settled; returns it, or -1. */
  private firstSearch(source: number): number {
    const { adjOffset, adjSection, adjSite, isHeadend, sectionOwner } = this.net;
    const { state1: state, via1, mark, dead, arcLength, arcAway, toHeadend: h, heap, stamp } = this;
    const ownerMark = this.ownersAvoided ? this.ownerMark! : null;
    const reached = 2 * stamp;
    const settled = reached + 1;
    heap.clear();
    state[2 * source] = 0;
    state[2 * source + 1] = reached;
    heap.push(h[source], source);
    while (heap.size > 0) {
      const v = heap.pop();
      if (state[2 * v + 1] === settled) continue;
      state[2 * v + 1] = settled;
      this.work++;
      if (isHeadend[v]) return v;
      const gv = state[2 * v];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        if (arcAway[i]) continue;
        const e = adjSection[i];
        if (dead[e] || mark[e] === stamp || (ownerMark !== null && ownerMark[sectionOwner[e]] === stamp)) continue;
        const w = adjSite[i];
        const code = state[2 * w + 1];
        if (code === settled) continue;
        const hw = h[w];
        if (hw === Number.POSITIVE_INFINITY) continue;
        const gw = gv + arcLength[i];
        if (code !== reached || gw < state[2 * w]) {
          state[2 * w + 1] = reached;
          state[2 * w] = gw;
          via1[w] = e;
          heap.push(gw + hw, w);
        }
      }
    }
    return -1;
  }

  /**
   * Dijkstra in the residual graph of the first route, on reduced costs: the arc u→w of a section
   * costs len + h(w) − h(u) + π(u) − π(w) ≥ 0 with π the first search's keys (the key it stopped
   * at for the sites it did not settle, which keeps π feasible; a constant when the first route
   * came off an exact tree); a first-route section may only be walked backwards, at cost 0.
   * Returns the head-end reached, or -1.
   */
  private residualSearch(source: number): number {
    const { adjOffset, adjSection, adjSite, isHeadend } = this.net;
    const { state1, state2: state, via2, mark, firstFrom, dead, arcLength, arcAway, toHeadend: h, heap, stamp } = this;
    const limit = this.firstKey;
    const tree = this.firstFromTree;
    const reached = 2 * stamp;
    const settled = reached + 1;
    // π − h, the part of the reduced cost that depends on a site (constant − h off a tree).
    const shifted = (v: number) => (!tree && state1[2 * v + 1] === settled ? state1[2 * v] : limit - h[v]);
    heap.clear();
    state[2 * source] = 0;
    state[2 * source + 1] = reached;
    heap.push(0, source);
    while (heap.size > 0) {
      const v = heap.pop();
      if (state[2 * v + 1] === settled) continue;
      state[2 * v + 1] = settled;
      this.work++;
      if (isHeadend[v]) return v;
      const gv = state[2 * v];
      const pv = shifted(v);
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        if (arcAway[i]) continue;
        const e = adjSection[i];
        const marked = mark[e];
        if (dead[e] || marked === stamp) continue;
        const w = adjSite[i];
        const code = state[2 * w + 1];
        if (code === settled) continue;
        const hw = h[w];
        if (hw === Number.POSITIVE_INFINITY) continue;
        let cost = 0;
        if (marked === -stamp) {
          if (firstFrom[e] === v) continue;
        } else {
          cost = arcLength[i] + pv - (!tree && state1[2 * w + 1] === settled ? state1[2 * w] : limit - hw);
          if (cost < 0) cost = 0;
        }
        const gw = gv + cost;
        if (code !== reached || gw < state[2 * w]) {
          state[2 * w + 1] = reached;
          state[2 * w] = gw;
          via2[w] = e;
          heap.push(gw, w);
        }
      }
    }
    return -1;
  }

  /** The search path to `target` (by `via`) as (section, site it leaves from) pairs into `out`; returns how many numbers. */
  private arcsInto(source: number, target: number, via: Int32Array, out: Int32Array): number {
    const { sectionFrom, sectionTo } = this.net;
    let length = 0;
    for (let v = target; v !== source; length += 2) {
      const e = via[v];
      v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
    }
    let k = length;
    for (let v = target; v !== source; ) {
      const e = via[v];
      const u = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      out[--k] = u;
      out[--k] = e;
      v = u;
    }
    return length;
  }

  /**
   * The two routes carried by the union of both searches' arcs (`firstArcs`, then
   * `secondArcs`) once the sections walked both ways cancel: every site but the source and
   * the head-ends has as many arcs in as out. Each site's arcs are taken in the order they
   * come (the first route's, then the second's), into `walkA` then `walkB`.
   */
  private untangle(source: number, firstLength: number, secondLength: number): void {
    const { sectionFrom, sectionTo, isHeadend, siteCount } = this.net;
    const { mark, stamp, firstArcs: first, secondArcs: second } = this;
    this.untangleSpace ??= {
      cancelled: new Int32Array(this.net.sectionCount),
      listed: new Int32Array(siteCount),
      head: new Int32Array(siteCount),
      tail: new Int32Array(siteCount),
      section: new Int32Array(64),
      next: new Int32Array(64),
    };
    const space = this.untangleSpace;
    const { cancelled, listed, head, tail } = space;
    for (let k = 0; k < secondLength; k += 2) if (mark[second[k]] === -stamp) cancelled[second[k]] = stamp;
    const total = (firstLength + secondLength) >> 1;
    if (space.section.length < total) {
      space.section = new Int32Array(Math.max(total, 2 * space.section.length));
      space.next = new Int32Array(space.section.length);
    }
    const { section, next } = space;
    let count = 0;
    const add = (arcs: Int32Array, length: number) => {
      for (let k = 0; k < length; k += 2) {
        const e = arcs[k];
        if (cancelled[e] === stamp) continue;
        const v = arcs[k + 1];
        section[count] = e;
        next[count] = -1;
        if (listed[v] !== stamp) {
          listed[v] = stamp;
          head[v] = count;
        } else if (head[v] < 0) head[v] = count;
        else next[tail[v]] = count;
        tail[v] = count++;
      }
    };
    add(first, firstLength);
    add(second, secondLength);
    if (this.walkA.length < 2 * total) {
      this.walkA = new Int32Array(2 * total);
      this.walkB = new Int32Array(2 * total);
    }
    const walk = (path: Int32Array): number => {
      let length = 0;
      let v = source;
      while (!(isHeadend[v] && v !== source)) {
        const arc = listed[v] === stamp ? head[v] : -1;
        if (arc < 0) throw new Error('Router: internal error, the shortest pair does not decompose');
        head[v] = next[arc];
        const e = section[arc];
        path[length++] = e;
        path[length++] = v;
        v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      }
      return length;
    };
    this.walkALength = walk(this.walkA);
    this.walkBLength = walk(this.walkB);
  }

  /** A route from (section, site) pairs; its head-end is where the last section leads. */
  private route(arcs: Int32Array, count: number): Route {
    const { sectionFrom, sectionTo, lengthM } = this.net;
    const sections = this.slab.take(count / 2);
    let length = 0;
    for (let k = 0; k < sections.length; k++) {
      sections[k] = arcs[2 * k];
      length += lengthM[sections[k]];
    }
    const lastSection = arcs[count - 2];
    const lastFrom = arcs[count - 1];
    const headend = sectionFrom[lastSection] === lastFrom ? sectionTo[lastSection] : sectionFrom[lastSection];
    return { headend, sections, lengthM: length };
  }
}

/** Per section, the indices of its two arcs in adjacency order (`adjSection` lists each section twice). */
function arcsBySection(adjSection: Int32Array, m: number): Int32Array {
  const arcs = new Int32Array(2 * m).fill(-1);
  for (let i = 0; i < adjSection.length; i++) {
    const j = 2 * adjSection[i];
    arcs[arcs[j] < 0 ? j : j + 1] = i;
  }
  return arcs;
}

/** Points the packed arcs of section e nowhere (-1). */
function cutArcs(packed: Int32Array, sectionArcs: Int32Array, e: number): void {
  packed[2 * sectionArcs[2 * e]] = -1;
  packed[2 * sectionArcs[2 * e + 1]] = -1;
}
