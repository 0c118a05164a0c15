import type { CompiledNetwork } from '../graph/compile.js';
import { MinHeap } from './heap.js';
import { distanceToHeadend } from './nearest-headend.js';
import type { Route } from './route.js';

/** What a search may not use. */
export interface RouteConstraints {
  /** 1 for each failed section. Not copied: the caller may flip flags between searches. */
  dead?: Uint8Array;
  /** Sections this search must avoid, e.g. the route it must be disjoint from. */
  avoid?: ArrayLike<number>;
}

/** The shortest section-disjoint pair to the head-ends, or the shortest route when no pair exists. */
export interface RoutePair {
  /** The shorter route of the pair. */
  primary: Route;
  /** The longer one; null when every path to the head-ends shares a section (single-homed). */
  backup: Route | null;
}

/**
 * Route searches from one site to the nearest head-end (any head-end: a virtual target joined
 * to all of them at zero cost) on the compiled network, reusing typed-array workspaces so that
 * a search allocates only its answer.
 *
 * Every search is an A* guided by the exact distance to the nearest head-end on the intact
 * network (one multi-source Dijkstra, computed once). That bound stays consistent when
 * sections fail or are avoided, so the searches stay exact; on the intact network they walk
 * straight down a shortest path, and after a cut they explore only what a detour can reach.
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
  /** Distance to the nearest head-end on the intact network (the A* bound). */
  readonly toHeadend: Float64Array;
  private readonly heap = new MinHeap();
  private stamp = 0;
  // First search: g = length from the source, key = g + toHeadend.
  private readonly g1: Float64Array;
  private readonly seen1: Int32Array;
  private readonly settled1: Int32Array;
  private readonly via1: Int32Array;
  // Second (residual) search: reduced length from the source.
  private readonly g2: Float64Array;
  private readonly seen2: Int32Array;
  private readonly settled2: Int32Array;
  private readonly via2: Int32Array;
  // Per section: stamp of the search whose first route uses it, and the site it leaves from.
  private readonly onFirst: Int32Array;
  private readonly firstFrom: Int32Array;
  private readonly avoided: Int32Array;

  constructor(net: CompiledNetwork, toHeadend: Float64Array = distanceToHeadend(net)) {
    if (toHeadend.length !== net.siteCount) {
      throw new RangeError(`Router: toHeadend has ${toHeadend.length} entries for ${net.siteCount} sites`);
    }
    this.net = net;
    this.toHeadend = toHeadend;
    const n = net.siteCount;
    const m = net.sectionCount;
    this.g1 = new Float64Array(n);
    this.seen1 = new Int32Array(n);
    this.settled1 = new Int32Array(n);
    this.via1 = new Int32Array(n);
    this.g2 = new Float64Array(n);
    this.seen2 = new Int32Array(n);
    this.settled2 = new Int32Array(n);
    this.via2 = new Int32Array(n);
    this.onFirst = new Int32Array(m);
    this.firstFrom = new Int32Array(m);
    this.avoided = new Int32Array(m);
  }

  /**
   * The shortest route from `source` to any head-end under the constraints, or null when none
   * is left. A head-end source gets an empty route to itself.
   */
  shortestPath(source: number, constraints: RouteConstraints = {}): Route | null {
    const start = this.begin(source, constraints);
    if (start !== undefined) return start;
    const target = this.firstSearch(source, constraints.dead);
    return target < 0 ? null : this.route(this.firstArcs(source, target));
  }

  /**
   * The section-disjoint pair of routes from `source` to the head-ends with the least total
   * length (the two may reach different head-ends), the shorter as primary; when no pair
   * exists, the shortest route alone; null when no route exists.
   */
  shortestPair(source: number, constraints: RouteConstraints = {}): RoutePair | null {
    const start = this.begin(source, constraints);
    if (start !== undefined) return start && { primary: start, backup: null };
    const target = this.firstSearch(source, constraints.dead);
    if (target < 0) return null;
    const first = this.firstArcs(source, target);
    for (let k = 0; k < first.length; k += 2) {
      this.onFirst[first[k]] = this.stamp;
      this.firstFrom[first[k]] = first[k + 1];
    }
    const second = this.residualSearch(source, this.g1[target], constraints.dead);
    if (second < 0) return { primary: this.route(first), backup: null };
    const [a, b] = this.untangle(source, first, this.secondArcs(source, second));
    const ra = this.route(a);
    const rb = this.route(b);
    return rb.lengthM < ra.lengthM ? { primary: rb, backup: ra } : { primary: ra, backup: rb };
  }

  /** Starts a search: a new stamp, the avoided sections marked; a route when the answer is trivial. */
  private begin(source: number, constraints: RouteConstraints): Route | null | undefined {
    if (source < 0 || source >= this.net.siteCount) throw new RangeError(`Router: no site ${source}`);
    this.stamp++;
    if (this.net.isHeadend[source]) return { headend: source, sections: new Int32Array(0), lengthM: 0 };
    if (this.toHeadend[source] === Number.POSITIVE_INFINITY) return null;
    const avoid = constraints.avoid;
    if (avoid) for (let k = 0; k < avoid.length; k++) this.avoided[avoid[k]] = this.stamp;
    return undefined;
  }

  /** A* from `source` until a head-end is settled; returns it, or -1. */
  private firstSearch(source: number, dead: Uint8Array | undefined): number {
    const { adjOffset, adjSection, adjSite, lengthM, isHeadend } = this.net;
    const { g1, seen1, settled1, via1, avoided, toHeadend: h, heap, stamp } = this;
    heap.clear();
    g1[source] = 0;
    seen1[source] = stamp;
    heap.push(h[source], source);
    while (heap.size > 0) {
      const v = heap.pop();
      if (settled1[v] === stamp) continue;
      settled1[v] = stamp;
      if (isHeadend[v]) return v;
      const gv = g1[v];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const e = adjSection[i];
        if ((dead !== undefined && dead[e]) || avoided[e] === stamp) continue;
        const w = adjSite[i];
        if (settled1[w] === stamp) continue;
        const gw = gv + lengthM[e];
        if (seen1[w] !== stamp || gw < g1[w]) {
          seen1[w] = stamp;
          g1[w] = gw;
          via1[w] = e;
          heap.push(gw + h[w], w);
        }
      }
    }
    return -1;
  }

  /**
   * Dijkstra in the residual graph of the first route, on reduced costs: the arc u→w of a section
   * costs len + h(w) − h(u) + π(u) − π(w) ≥ 0 with π the first search's keys (its bound `limit`
   * for the sites it did not settle, which keeps π feasible); a first-route section may only be
   * walked backwards, at cost 0. Returns the head-end reached, or -1.
   */
  private residualSearch(source: number, limit: number, dead: Uint8Array | undefined): number {
    const { adjOffset, adjSection, adjSite, lengthM, isHeadend } = this.net;
    const { g1, settled1, g2, seen2, settled2, via2, onFirst, firstFrom, avoided, toHeadend: h, heap, stamp } = this;
    const potential = (v: number) => (settled1[v] === stamp ? g1[v] + h[v] : limit);
    heap.clear();
    g2[source] = 0;
    seen2[source] = stamp;
    heap.push(0, source);
    while (heap.size > 0) {
      const v = heap.pop();
      if (settled2[v] === stamp) continue;
      settled2[v] = stamp;
      if (isHeadend[v]) return v;
      const gv = g2[v];
      const pv = potential(v) - h[v];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const e = adjSection[i];
        if ((dead !== undefined && dead[e]) || avoided[e] === stamp) continue;
        const w = adjSite[i];
        if (settled2[w] === stamp) continue;
        let cost = 0;
        if (onFirst[e] === stamp) {
          if (firstFrom[e] === v) continue;
        } else {
          cost = lengthM[e] + pv - (potential(w) - h[w]);
          if (cost < 0) cost = 0;
        }
        const gw = gv + cost;
        if (seen2[w] !== stamp || gw < g2[w]) {
          seen2[w] = stamp;
          g2[w] = gw;
          via2[w] = e;
          heap.push(gw, w);
        }
      }
    }
    return -1;
  }

  /** The first search's route as (section, site it leaves from) pairs, from the source. */
  private firstArcs(source: number, target: number): number[] {
    return this.arcs(source, target, this.via1);
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
    for (let k = 0; k < second.length; k += 2) if (this.onFirst[second[k]] === this.stamp) cancelled.add(second[k]);
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
