import type { CompiledNetwork } from '../graph/compile.js';
import { bridgeFarSides } from './bridge-sides.js';
import { MinHeap } from './heap.js';
import { headendTree } from './nearest-headend.js';
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
  /** Per site on the first route (not its ends): `stamp`. */
  onFirst: Int32Array;
  /** Per site on the first route: the first route's section that enters it. */
  firstIn: Int32Array;
  /** The site's "in" copy: g and code side by side, as `state2` for the "out" copy. */
  stateIn: Float64Array;
  viaIn: Int32Array;
  /** Shared sites on the way to each copy. */
  levelOut: Int32Array;
  levelIn: Int32Array;
  /** Entries one shared site further, searched once the current level is exhausted. */
  next: MinHeap;
}

const NONE = new Int32Array(0);

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
  /**
   * Sites settled by every search so far (a route read off the tree counts its sections): a
   * measure of the work done, for budgets. Only grows.
   */
  work = 0;

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
    this.state1 = new Float64Array(2 * n);
    this.via1 = new Int32Array(n);
    this.state2 = new Float64Array(2 * n);
    this.via2 = new Int32Array(n);
    this.mark = new Int32Array(m);
    this.firstFrom = new Int32Array(m);
    this.arcLength = new Float64Array(2 * m);
    this.arcAway = new Uint8Array(2 * m);
    for (let i = 0; i < 2 * m; i++) {
      const e = net.adjSection[i];
      this.arcLength[i] = net.lengthM[e];
      this.arcAway[i] = this.farSide[e] === net.adjSite[i] ? 1 : 0;
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
      const certain = this.uniqueTreeRoute(source);
      if (certain) return this.route(certain);
    }
    const first = this.firstRoute(source, avoiding);
    return first && this.route(first);
  }

  /**
   * The tree's route from `source` when it avoids the marked sections and is the only shortest
   * route left, as (section, site) pairs; null otherwise. Then the search would find exactly
   * it, whatever its order of exploration, so it need not run: at every site of the route the
   * tree's section is the one section left (not failed, not avoided, not away over a bridge)
   * that starts a shortest route. "Starts a shortest route" is taken with a margin of rounding
   * (only a tie is certain to be exact), so a near tie leaves the answer to the search.
   */
  private uniqueTreeRoute(source: number): number[] | null {
    const { net, via, mark, dead, arcAway, arcLength, stamp, toHeadend: h } = this;
    const { adjOffset, adjSection, adjSite, isHeadend, sectionFrom, sectionTo, sectionOwner } = net;
    const ownerMark = this.ownersAvoided ? this.ownerMark! : null;
    const arcs: number[] = [];
    for (let v = source; !isHeadend[v]; ) {
      const e = via![v];
      if (e < 0 || mark[e] === stamp || (ownerMark !== null && ownerMark[sectionOwner[e]] === stamp)) return null;
      const bound = h[v] * (1 + 1e-9);
      let tight = 0;
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const f = adjSection[i];
        const off = dead[f] || mark[f] === stamp || (ownerMark !== null && ownerMark[sectionOwner[f]] === stamp);
        if (arcAway[i] || off) {
          if (f === e && !off) return null; // the tree crosses a bridge away: leave it to the search
          continue;
        }
        if (arcLength[i] + h[adjSite[i]] <= bound && ++tight > 1) return null;
      }
      if (tight !== 1) return null;
      this.work++;
      arcs.push(e, v);
      v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
    }
    return arcs;
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
    const first = this.firstRoute(source, avoid.length > 0);
    if (!first) return null;
    // A route over a bridge: every route crosses it, so no disjoint pair exists (the residual search would find none).
    for (let k = 0; k < first.length; k += 2) if (this.farSide[first[k]] >= 0) return { primary: this.route(first), backup: null };
    for (let k = 0; k < first.length; k += 2) {
      this.mark[first[k]] = -this.stamp;
      this.firstFrom[first[k]] = first[k + 1];
    }
    const second = this.residualSearch(source);
    if (second < 0) return { primary: this.route(first), backup: null };
    const [a, b] = this.untangle(source, first, this.secondArcs(source, second));
    const ra = this.route(a);
    const rb = this.route(b);
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
    const first = this.firstRoute(source, avoid.length > 0);
    if (!first) return null;
    for (let k = 0; k < first.length; k += 2) if (this.farSide[first[k]] >= 0) return { primary: this.route(first), backup: null, sharedSites: 0 };
    const split = this.splitSpace();
    for (let k = 0; k < first.length; k += 2) {
      this.mark[first[k]] = -this.stamp;
      this.firstFrom[first[k]] = first[k + 1];
      if (k > 0) {
        split.onFirst[first[k + 1]] = this.stamp;
        split.firstIn[first[k + 1]] = first[k - 2];
      }
    }
    const target = this.residualSplitSearch(source, split);
    if (target < 0) return { primary: this.route(first), backup: null, sharedSites: 0 };
    const [a, b] = this.untangle(source, first, this.splitArcs(source, target, split));
    const ra = this.route(a);
    const rb = this.route(b);
    const sharedSites = split.levelOut[target];
    return rb.lengthM < ra.lengthM ? { primary: rb, backup: ra, sharedSites } : { primary: ra, backup: rb, sharedSites };
  }

  private splitSpace(): SplitSpace {
    const n = this.net.siteCount;
    this.split ??= {
      onFirst: new Int32Array(n),
      firstIn: new Int32Array(n),
      stateIn: new Float64Array(2 * n),
      viaIn: new Int32Array(n),
      levelOut: new Int32Array(n),
      levelIn: new Int32Array(n),
      next: new MinHeap(),
    };
    return this.split;
  }

  /**
   * The residual search of `sitePair` on the node-split graph, with the reduced costs of
   * `residualSearch`. A site off the first route is one node. A site v on it has two: its
   * "out" copy (index v), left by any section that is not the first route's, and its "in"
   * copy (n + v), reached by those sections, whose one residual arc walks the first route
   * back at cost 0; out → in costs 0 (the first route's internal arc reversed), in → out
   * costs one shared site. Levels (shared sites) are searched in order, each with its own
   * heap. Returns the head-end reached (its level in `levelOut`), or -1.
   */
  private residualSplitSearch(source: number, split: SplitSpace): number {
    const n = this.net.siteCount;
    const { adjOffset, adjSection, adjSite, isHeadend } = this.net;
    const { state1, state2: out, via2: viaOut, mark, firstFrom, dead, arcLength, arcAway, toHeadend: h, stamp } = this;
    const { onFirst, firstIn, stateIn, viaIn, levelOut, levelIn } = split;
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
      const code = out[2 * w + 1];
      if (code === settled) return;
      if (code !== reached || lvl < levelOut[w] || (lvl === levelOut[w] && g < out[2 * w])) {
        out[2 * w + 1] = reached;
        out[2 * w] = g;
        levelOut[w] = lvl;
        viaOut[w] = e;
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
    out[2 * source] = 0;
    out[2 * source + 1] = reached;
    levelOut[source] = 0;
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
        const e = firstIn[v];
        reachOut(firstFrom[e], gv, level, e);
        reachOut(v, gv, level + 1, -1);
        continue;
      }
      const v = x;
      if (out[2 * v + 1] === settled) continue;
      out[2 * v + 1] = settled;
      this.work++;
      if (isHeadend[v]) return v;
      const gv = out[2 * v];
      const pv = shifted(v);
      if (onFirst[v] === stamp) reachIn(v, gv, level, -1);
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        if (arcAway[i]) continue;
        const e = adjSection[i];
        const marked = mark[e];
        if (dead[e] || marked === stamp || marked === -stamp) continue;
        const w = adjSite[i];
        const hw = h[w];
        if (hw === Number.POSITIVE_INFINITY) continue;
        let cost = arcLength[i] + pv - (!tree && state1[2 * w + 1] === settled ? state1[2 * w] : limit - hw);
        if (cost < 0) cost = 0;
        if (onFirst[w] === stamp) reachIn(w, gv + cost, level, e);
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
  private splitArcs(source: number, target: number, split: SplitSpace): number[] {
    const { sectionFrom, sectionTo } = this.net;
    const { viaIn } = split;
    const reversed: number[] = [];
    let v = target;
    let inCopy = false;
    while (inCopy || v !== source) {
      const e: number = inCopy ? viaIn[v] : this.via2[v];
      if (e < 0) {
        inCopy = !inCopy;
        continue;
      }
      const u = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      reversed.push(u, e);
      inCopy = !inCopy && this.mark[e] === -this.stamp;
      v = u;
    }
    return reversed.reverse();
  }

  /** Starts a search: a new stamp, the avoided sections and owners marked; a route when the answer is trivial. */
  private begin(source: number, avoid: ArrayLike<number>, avoidOwners: ArrayLike<number> = NONE): Route | null | undefined {
    if (source < 0 || source >= this.net.siteCount) throw new RangeError(`Router: no site ${source}`);
    this.stamp++;
    this.ownersAvoided = false;
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
   * The shortest route as (section, site it leaves from) pairs: read off the tree when there is
   * one and nothing to avoid, searched otherwise; null when none.
   */
  private firstRoute(source: number, avoiding: boolean): number[] | null {
    if (this.via && !avoiding) {
      const { via, net } = this;
      const arcs: number[] = [];
      for (let v = source; !net.isHeadend[v]; ) {
        const e = via[v];
        if (e < 0) return null;
        arcs.push(e, v);
        v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
      }
      this.firstKey = this.toHeadend[source];
      this.firstFromTree = true;
      this.work += arcs.length >> 1;
      return arcs;
    }
    const target = this.firstSearch(source);
    if (target < 0) return null;
    this.firstKey = this.state1[2 * target];
    this.firstFromTree = false;
    return this.arcs(source, target, this.via1);
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

  private secondArcs(source: number, target: number): number[] {
    return this.arcs(source, target, this.via2);
  }

  private arcs(source: number, target: number, via: Int32Array): number[] {
    const { sectionFrom, sectionTo } = this.net;
    const reversed: number[] = [];
    for (let v = target; v !== source; ) {
      const e = via[v];
      const u = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      reversed.push(u, e);
      v = u;
    }
    return reversed.reverse();
  }

  /**
   * The two routes carried by the union of both searches' arcs once the sections walked both
   * ways cancel: every site but the source and the head-ends has as many arcs in as out.
   */
  private untangle(source: number, first: number[], second: number[]): [number[], number[]] {
    const { sectionFrom, sectionTo, isHeadend } = this.net;
    const cancelled = new Set<number>();
    for (let k = 0; k < second.length; k += 2) if (this.mark[second[k]] === -this.stamp) cancelled.add(second[k]);
    const out = new Map<number, number[]>();
    for (const arcs of [first, second]) {
      for (let k = 0; k < arcs.length; k += 2) {
        const e = arcs[k];
        if (cancelled.has(e)) continue;
        const list = out.get(arcs[k + 1]);
        if (list) list.push(e);
        else out.set(arcs[k + 1], [e]);
      }
    }
    const walk = (): number[] => {
      const path: number[] = [];
      let v = source;
      while (!(isHeadend[v] && v !== source)) {
        const e = out.get(v)?.shift();
        if (e === undefined) throw new Error('Router: internal error, the shortest pair does not decompose');
        path.push(e, v);
        v = sectionFrom[e] === v ? sectionTo[e] : sectionFrom[e];
      }
      return path;
    };
    return [walk(), walk()];
  }

  /** A route from (section, site) pairs; its head-end is where the last section leads. */
  private route(arcs: number[]): Route {
    const { sectionFrom, sectionTo, lengthM } = this.net;
    const sections = new Int32Array(arcs.length / 2);
    let length = 0;
    for (let k = 0; k < sections.length; k++) {
      sections[k] = arcs[2 * k];
      length += lengthM[sections[k]];
    }
    const lastSection = arcs[arcs.length - 2];
    const lastFrom = arcs[arcs.length - 1];
    const headend = sectionFrom[lastSection] === lastFrom ? sectionTo[lastSection] : sectionFrom[lastSection];
    return { headend, sections, lengthM: length };
  }
}
