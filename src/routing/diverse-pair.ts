import type { CompiledNetwork } from '../graph/compile.js';
import { InvalidOptionError } from '../model/errors.js';
import type { Route } from './route.js';
import { ownerSections, type RouteDiversity, type SectionGroups, sectionRiskGroups } from './route-diversity.js';
import type { RoutePair, Router } from './shortest-pair.js';

/** A pair of routes at some diversity level, and whether it is proven the best there. */
export interface DiversePair extends RoutePair {
  /**
   * True when the pair is proven the best at the asked level: the shortest section-disjoint
   * pair (`section`); the one sharing the fewest sites, then the shortest (`site`); the one
   * sharing the fewest groups, then sites, then the shortest (`risk-group`, `owner`).
   */
  exact: boolean;
}

/**
 * Work allowed per NRO to prove a risk-group- or owner-diverse pair exact (sites settled by
 * the searches plus arcs walked by the enumeration of first routes): beyond, the best pair
 * found so far is kept, said not exact.
 */
export const DIVERSITY_SEARCH_BUDGET = 50_000;

export interface DiversePairsOptions {
  /** Default `DIVERSITY_SEARCH_BUDGET`. */
  budget?: number;
}

/** A pair being searched: both routes and their total length. */
interface Candidate {
  total: number;
  a: Route | null;
  b: Route | null;
}

/**
 * The pair of routes of one NRO at a diversity level (docs/analysis.md, "Saturation"), on
 * the network a `Router` searches (its failed sections out), with workspaces reused from one
 * NRO to the next.
 *
 * * `section`: `router.shortestPair`, exact.
 * * `site`: `router.sitePair` (fewest shared sites, then the shortest), exact.
 * * `risk-group`, `owner` (risk groups and every owner as one more group): the site pair
 *   first. When it shares no group it is the answer, exact: no pair shares fewer groups,
 *   and no pair without a shared group shares fewer sites or is shorter. Otherwise the
 *   groups and sites it shares that no route can avoid (one search each without them) are
 *   shared by every pair: a pair sharing exactly those is the best there is in what it
 *   shares, and the shortest of them is searched by branch and bound: every first route A
 *   (a simple path to a head-end, walked depth first, cut as soon as its length plus the
 *   distance left reaches half the best total found: A is the shorter of a better pair),
 *   then the shortest route B avoiding A's sections, A's sites and A's groups (the
 *   unavoidable ones excepted). Exact when the enumeration ends within the budget. When no
 *   such pair exists (the best pair must share an avoidable group or site; NP-hard in
 *   general) or the budget runs out before one is found: the best, by (groups, sites,
 *   length), of the site pair and of each of its routes kept with the shortest route
 *   avoiding its sections and groups, said not exact.
 *
 * @example
 * const pairs = new DiversePairs(new Router(net));
 * pairs.pair(net.siteIndex.get('NRO-CAY')!, 'risk-group'); // { primary, backup, exact: true }
 */
export class DiversePairs {
  readonly router: Router;
  readonly budget: number;
  private readonly net: CompiledNetwork;
  private readonly riskCount: number;
  /** Per group (risk groups, then owners): a stamp, to mark or to count once. */
  private readonly groupMark: Int32Array;
  /** Per group: the stamp of the search in which no route can avoid it. */
  private readonly groupFree: Int32Array;
  private readonly siteMark: Int32Array;
  private readonly siteFree: Int32Array;
  private tick = 0;
  private avoid = new Int32Array(256);
  private avoidLength = 0;
  private avoidOwners: number[] = [];
  /**
   * Per site, bit T set when the site reaches a head-end on the intact network over sections
   * of the owners in the set T (bit o of T: owner o); computed on the first owner-level pair,
   * null when the network has more than `MAX_SPLIT_OWNERS` owners.
   */
  private ownerReach: Uint32Array | null | undefined;
  // The depth-first enumeration of first routes: the path's sites, the next arc to try at
  // each, the section taken from each, and the length so far.
  private readonly onPath: Int32Array;
  private readonly stackSite: Int32Array;
  private readonly stackCursor: Int32Array;
  private readonly stackSection: Int32Array;
  private readonly stackLength: Float64Array;

  constructor(router: Router, options: DiversePairsOptions = {}) {
    const budget = options.budget ?? DIVERSITY_SEARCH_BUDGET;
    if (!(Number.isInteger(budget) && budget >= 0)) throw new InvalidOptionError('diversityBudget', `DiversePairs: the budget must be an integer ≥ 0, got ${budget}`);
    const net = router.net;
    const n = net.siteCount;
    this.router = router;
    this.budget = budget;
    this.net = net;
    this.riskCount = net.riskOffset.length - 1;
    const groups = this.riskCount + net.owners.length;
    this.groupMark = new Int32Array(groups);
    this.groupFree = new Int32Array(groups);
    this.siteMark = new Int32Array(n);
    this.siteFree = new Int32Array(n);
    this.onPath = new Int32Array(n);
    this.stackSite = new Int32Array(n + 1);
    this.stackCursor = new Int32Array(n + 1);
    this.stackSection = new Int32Array(n + 1);
    this.stackLength = new Float64Array(n + 1);
  }

  /** Each section's risk groups, made for the network on the first search that reads them (none at `section` or `site`). */
  private get riskGroups(): SectionGroups {
    return sectionRiskGroups(this.net);
  }

  /** Each owner's sections, likewise. */
  private get owners(): SectionGroups {
    return ownerSections(this.net);
  }

  /**
   * The pair of routes from `source` to the head-ends at `diversity`, the shorter as primary;
   * the shortest route alone when no section-disjoint pair exists; null when no route does.
   */
  pair(source: number, diversity: RouteDiversity): DiversePair | null {
    const { router } = this;
    if (diversity === 'section') {
      const pair = router.shortestPair(source);
      return pair && { primary: pair.primary, backup: pair.backup, exact: true };
    }
    const sites = router.sitePair(source);
    if (!sites) return null;
    if (diversity === 'site' || sites.backup === null) return { primary: sites.primary, backup: sites.backup, exact: true };
    return this.groupDiversePair(source, sites.primary, sites.backup, diversity === 'owner');
  }

  /**
   * The route replacing a lost one of `source` while `intact` carries on: the shortest route
   * avoiding what `intact` uses at `diversity`, relaxed one constraint at a time until one
   * exists: its sections, sites and groups; its sections and groups; its sections and sites;
   * its sections. Null when every route shares a section with `intact`.
   *
   * @example
   * pairs.replacement(v, routing.backup[k]!, 'site'); // avoids the backup's sections and sites
   */
  replacement(source: number, intact: Route, diversity: RouteDiversity): Route | null {
    const { router } = this;
    const none = ++this.tick;
    if (diversity === 'risk-group' || diversity === 'owner') {
      const owners = diversity === 'owner';
      for (const sites of [true, false]) {
        const route = this.avoiding(source, intact, none, owners, true, sites);
        if (route) return route;
      }
    }
    if (diversity !== 'section') {
      const route = this.avoiding(source, intact, none, false, false, true);
      if (route) return route;
    }
    return router.shortestPath(source, intact.sections);
  }

  private groupDiversePair(source: number, a: Route, b: Route, owners: boolean): DiversePair {
    const { router } = this;
    const groups = this.sharedGroups(a, b, owners);
    if (groups.length === 0) return { primary: a, backup: b, exact: true };
    const sites = this.sharedSites(source, a, b);
    const startWork = router.work;
    const free = ++this.tick;
    let fixedGroups = 0;
    let freeOwners = 0;
    for (const g of groups) {
      const avoidable = g < this.riskCount ? router.shortestPath(source, this.groupSections(g)) : router.shortestPath(source, NONE, [g - this.riskCount]);
      if (avoidable !== null) continue;
      this.groupFree[g] = free;
      fixedGroups++;
      if (g >= this.riskCount) freeOwners |= 1 << (g - this.riskCount);
    }
    let fixedSites = 0;
    for (const v of sites) {
      if (router.shortestPath(source, this.siteSections(v)) !== null) continue;
      this.siteFree[v] = free;
      fixedSites++;
    }
    if (fixedGroups === groups.length && fixedSites === sites.length) return { primary: a, backup: b, exact: true };

    const best: Candidate = { total: Number.POSITIVE_INFINITY, a: null, b: null };
    const splits = owners ? this.ownerSplits(source, freeOwners) : null;
    if (splits === null || splits.length > 0) {
      const consider = (kept: Route | null) => {
        const other = kept && this.avoiding(source, kept, free, owners, true, true);
        if (other && kept!.lengthM + other.lengthM < best.total) Object.assign(best, { total: kept!.lengthM + other.lengthM, a: kept, b: other });
      };
      consider(a);
      consider(b);
      // At owner level, the shortest route over each share of the owners that may work, with the best route avoiding it.
      for (const banned of splits ?? []) if (router.work - startWork <= this.budget) consider(router.shortestPath(source, NONE, banned));
      const complete = this.searchPairs(source, free, owners, best, startWork);
      if (best.a && best.b) return ordered(best.a, best.b, complete);
    }

    // Best effort: the site pair, or one of its routes with a route avoiding its groups.
    let chosen = { a, b, key: [groups.length, sites.length, a.lengthM + b.lengthM] };
    for (const kept of [a, b]) {
      const other = this.avoiding(source, kept, free, owners, true, false);
      if (!other) continue;
      const key = [this.sharedGroups(kept, other, owners).length, this.sharedSites(source, kept, other).length, kept.lengthM + other.lengthM];
      if (lexicographicLess(key, chosen.key)) chosen = { a: kept, b: other, key };
    }
    return ordered(chosen.a, chosen.b, false);
  }

  /**
   * The branch and bound of `groupDiversePair`: every first route shorter than half of
   * `best.total`, each with the shortest second route avoiding its sections, sites and
   * groups but the free ones; `best` improves as it goes. False when the budget ran out.
   */
  private searchPairs(source: number, free: number, owners: boolean, best: Candidate, startWork: number): boolean {
    const { net, router, onPath, stackSite, stackCursor, stackSection, stackLength } = this;
    const { adjOffset, adjSection, adjSite, isHeadend, lengthM } = net;
    const { dead, farSide, toHeadend: h } = router;
    let steps = 0;
    const path = ++this.tick;
    let depth = 0;
    stackSite[0] = source;
    stackCursor[0] = adjOffset[source];
    stackLength[0] = 0;
    onPath[source] = path;
    while (depth >= 0) {
      const v = stackSite[depth];
      const i = stackCursor[depth]++;
      if (i >= adjOffset[v + 1]) {
        onPath[v] = 0;
        depth--;
        continue;
      }
      // Without a pair to beat nothing prunes the enumeration: it gets a tenth of the budget.
      if (++steps + router.work - startWork > (best.a ? this.budget : this.budget / 10)) return false;
      const e = adjSection[i];
      const w = adjSite[i];
      if (dead[e] || farSide[e] === w || onPath[w] === path) continue;
      const length = stackLength[depth] + lengthM[e];
      if (!(length + h[w] < best.total / 2)) continue;
      stackSection[depth] = e;
      if (!isHeadend[w]) {
        depth++;
        stackSite[depth] = w;
        stackCursor[depth] = adjOffset[w];
        stackLength[depth] = length;
        onPath[w] = path;
        continue;
      }
      const first: Route = { headend: w, sections: stackSection.slice(0, depth + 1), lengthM: length };
      const second = this.avoiding(source, first, free, owners, true, true);
      steps += this.avoidLength;
      if (second && length + second.lengthM < best.total) Object.assign(best, { total: length + second.lengthM, a: first, b: second });
    }
    return true;
  }

  /**
   * How a pair sharing no owner but the free ones (`freeOwners`, a set of owner bits) could
   * share the other owners out: each set A of them such that A and the rest, each with the
   * free owners, join `source` to a head-end on the intact network, given as the owners a
   * route over A must avoid. Empty: no such pair exists (a necessary condition: the routes
   * must also avoid each other's sites and risk groups). Null when the network has too many
   * owners to tell.
   */
  private ownerSplits(source: number, freeOwners: number): number[][] | null {
    if (this.ownerReach === undefined) this.ownerReach = ownerReach(this.net);
    if (this.ownerReach === null) return null;
    const reach = this.ownerReach[source];
    const count = this.owners.offset.length - 1;
    const rest = ((1 << count) - 1) & ~freeOwners;
    const splits: number[][] = [];
    for (let a = rest; ; a = (a - 1) & rest) {
      const b = rest & ~a;
      if ((reach >>> (a | freeOwners)) & 1 && (reach >>> (b | freeOwners)) & 1) {
        const banned: number[] = [];
        for (let o = 0; o < count; o++) if ((b >>> o) & 1) banned.push(o);
        splits.push(banned);
      }
      if (a === 0) return splits;
    }
  }

  /**
   * The shortest route from `source` that avoids `route`: its sections, with `sites` every
   * section at its sites (not its ends), with `groups` every section of its groups (risk
   * groups, and its owners with `owners`), the groups and sites free in the search `free`
   * excepted.
   */
  private avoiding(source: number, route: Route, free: number, owners: boolean, groups: boolean, sites: boolean): Route | null {
    const { net, riskCount, groupMark, groupFree, siteFree } = this;
    this.avoidLength = 0;
    this.avoidOwners.length = 0;
    this.push(route.sections);
    if (sites) {
      let v = source;
      for (let k = 0; k + 1 < route.sections.length; k++) {
        const e = route.sections[k];
        v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
        if (siteFree[v] !== free) this.push(this.siteSections(v));
      }
    }
    if (groups) {
      const t = ++this.tick;
      const { offset, groups: of } = this.riskGroups;
      for (const e of route.sections) {
        for (let i = offset[e]; i < offset[e + 1]; i++) {
          const g = of[i];
          if (groupFree[g] === free || groupMark[g] === t) continue;
          groupMark[g] = t;
          this.push(this.groupSections(g));
        }
        const o = riskCount + net.sectionOwner[e];
        if (owners && groupFree[o] !== free && groupMark[o] !== t) {
          groupMark[o] = t;
          this.avoidOwners.push(net.sectionOwner[e]);
        }
      }
    }
    return this.router.shortestPath(source, this.avoid.subarray(0, this.avoidLength), this.avoidOwners);
  }

  private push(sections: ArrayLike<number>): void {
    const end = this.avoidLength + sections.length;
    if (end > this.avoid.length) {
      const grown = new Int32Array(Math.max(end, 2 * this.avoid.length));
      grown.set(this.avoid.subarray(0, this.avoidLength));
      this.avoid = grown;
    }
    for (let k = 0; k < sections.length; k++) this.avoid[this.avoidLength + k] = sections[k];
    this.avoidLength = end;
  }

  /** The sections of group g: a risk group below `riskCount`, an owner from there. */
  private groupSections(g: number): Int32Array {
    const { net, riskCount } = this;
    if (g < riskCount) return net.riskSections.subarray(net.riskOffset[g], net.riskOffset[g + 1]);
    const o = g - riskCount;
    const { offset, groups } = this.owners;
    return groups.subarray(offset[o], offset[o + 1]);
  }

  private siteSections(v: number): Int32Array {
    return this.net.adjSection.subarray(this.net.adjOffset[v], this.net.adjOffset[v + 1]);
  }

  /** The groups with a section on each route (risk groups, and owners with `owners`). */
  private sharedGroups(a: Route, b: Route, owners: boolean): number[] {
    const { net, riskCount, groupMark } = this;
    const { offset, groups } = this.riskGroups;
    const onA = ++this.tick;
    for (const e of a.sections) {
      for (let i = offset[e]; i < offset[e + 1]; i++) groupMark[groups[i]] = onA;
      if (owners) groupMark[riskCount + net.sectionOwner[e]] = onA;
    }
    const counted = ++this.tick;
    const shared: number[] = [];
    const meet = (g: number) => {
      if (groupMark[g] !== onA) return;
      groupMark[g] = counted;
      shared.push(g);
    };
    for (const e of b.sections) {
      for (let i = offset[e]; i < offset[e + 1]; i++) meet(groups[i]);
      if (owners) meet(riskCount + net.sectionOwner[e]);
    }
    return shared;
  }

  /** The sites both routes from `source` pass through (their ends excepted). */
  private sharedSites(source: number, a: Route, b: Route): number[] {
    const { net, siteMark } = this;
    const t = ++this.tick;
    const shared: number[] = [];
    for (const [route, visit] of [
      [a, (v: number) => (siteMark[v] = t)],
      [b, (v: number) => siteMark[v] === t && shared.push(v)],
    ] as const) {
      let v = source;
      for (let k = 0; k + 1 < route.sections.length; k++) {
        const e = route.sections[k];
        v = net.sectionFrom[e] === v ? net.sectionTo[e] : net.sectionFrom[e];
        visit(v);
      }
    }
    return shared;
  }
}

const NONE = new Int32Array(0);

/** Owner-level pairs check which owners can split between the two routes when there are at most this many owners (2^5 sets: one 32-bit word per site). */
export const MAX_SPLIT_OWNERS = 5;

/**
 * For every site, the sets of owners over whose sections it reaches a head-end on the intact
 * network, as the bits of a 32-bit word (bit T for the set T); null beyond `MAX_SPLIT_OWNERS`
 * owners. One breadth-first search from the head-ends per set.
 */
function ownerReach(net: CompiledNetwork): Uint32Array | null {
  const owners = net.owners.length;
  if (owners > MAX_SPLIT_OWNERS) return null;
  const { adjOffset, adjSection, adjSite, sectionOwner, headends } = net;
  const n = net.siteCount;
  const reach = new Uint32Array(n);
  const queue = new Int32Array(n);
  for (let set = 0; set < 1 << owners; set++) {
    const bit = (1 << set) >>> 0;
    let tail = 0;
    for (const h of headends) {
      if (reach[h] & bit) continue;
      reach[h] |= bit;
      queue[tail++] = h;
    }
    for (let head = 0; head < tail; head++) {
      const v = queue[head];
      for (let i = adjOffset[v]; i < adjOffset[v + 1]; i++) {
        const w = adjSite[i];
        if (reach[w] & bit || !((set >>> sectionOwner[adjSection[i]]) & 1)) continue;
        reach[w] |= bit;
        queue[tail++] = w;
      }
    }
  }
  return reach;
}

const ordered = (a: Route, b: Route, exact: boolean): DiversePair =>
  b.lengthM < a.lengthM ? { primary: b, backup: a, exact } : { primary: a, backup: b, exact };

const lexicographicLess = (x: number[], y: number[]): boolean => {
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k] < y[k];
  return false;
};

const cached = new WeakMap<Router, DiversePairs>();

/**
 * The `DiversePairs` of a router, made once (its workspaces are as large as the network): the
 * re-routes after a cut ask for one NRO at a time.
 *
 * @example
 * diversePairs(router).replacement(v, intact, routing.diversity);
 */
export function diversePairs(router: Router): DiversePairs {
  let pairs = cached.get(router);
  if (!pairs) {
    pairs = new DiversePairs(router);
    cached.set(router, pairs);
  }
  return pairs;
}
