import { type ResilienceAnalysis, resilienceAnalysis } from '../analysis/resilience-analysis.js';
import { type NroStatus, siteCutIntervals } from '../analysis/resilience-report.js';
import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import { InvalidOptionError } from '../model/errors.js';
import type { ElementRef, NroDoubleFailures } from './double-failures.js';
import type { FailureRates } from './failure-model.js';

export type { ElementRef, NroDoubleFailures };

/** The kinds of elements that fail, in `ElementRef` order of the sums below. */
const SECTION = 0;
const SITE = 1;
const GROUP = 2;
const KINDS: readonly ElementRef['kind'][] = ['section', 'site', 'riskGroup'];

export interface NroAvailabilityOptions {
  /** The network's analysis, when the caller holds it already. */
  analysis?: ResilienceAnalysis;
  /**
   * Which elements the states of an NRO are made of. `nro` (default): the elements that can
   * touch it, those of the biconnected blocks between it and the head-ends merged into one root (every other
   * element's state is summed out exactly, by independence). `network`: every element of the
   * network, as Net2Plan enumerates states; its bounds widen with the size of the network.
   */
  states?: 'nro' | 'network';
  /**
   * The pairs of elements whose joint failure cuts each NRO off, neither alone, aligned with the
   * NROs in site-index order, weighted by r = p / (1 − p) (what `doubleFailures` answers with
   * those weights). Without them, every 2-element state that no single failure explains goes to
   * the upper bound.
   */
  doubleFailures?: readonly NroDoubleFailures[];
}

/** A probability split as docs/availability.md says: exactly from single failures, and bounds. */
export interface UnavailabilityBounds {
  /** Mass of the states where exactly one element is down and it alone cuts the NRO off (Net2Plan's single-failure figure). */
  single: number;
  /**
   * The states known to cut it off: those where an element that alone cuts it off is down
   * (whatever else is), and those where none is and exactly two others, a jointly-isolating pair, are.
   */
  lower: number;
  /** `lower` + the states with none of those down and two others of a pair not classified, or three or more others, down. */
  upper: number;
}

/** One element whose failure alone cuts an NRO off, and its own unavailability p: every moment it is down, the NRO is. */
export interface SingleFailure extends ElementRef {
  probability: number;
}

/** The availability of one NRO: probabilities, not yet minutes. */
export interface NroAvailability {
  /** Site index. */
  site: number;
  status: NroStatus;
  unavailability: UnavailabilityBounds;
  /** The elements that alone cut it off, the most often down first (ties by kind, then index). */
  singleFailures: SingleFailure[];
  /** Its pairs, as given in the options; null without them. */
  doubleFailures: NroDoubleFailures | null;
  /** Net2Plan's masses, over the elements of its states. */
  states: {
    /** Elements its states are made of. */
    elements: number;
    /** P(nothing down). */
    none: number;
    /** P(exactly one element down), P(exactly two), P(three or more), whichever elements. */
    one: number;
    two: number;
    threeOrMore: number;
    /** Mass of the 2-element states that cut it off, as far as pairs are enumerated: Net2Plan's lower bound is `single` + this. */
    twoCut: number;
    /** Mass of the 2-element states left unclassified (pairs not enumerated). */
    unclassifiedTwo: number;
  };
}

/**
 * The expected unavailability of every analysed NRO under a failure model, in site-index order
 * (docs/availability.md). Elements (sections, sites — head-ends and the NRO itself included —
 * and risk groups) fail independently, each down with its steady-state probability p; the NRO
 * is down when no path of surviving sections joins it to a surviving head-end (the network
 * re-routes). Let S be the elements that alone cut it off — its critical sections, critical
 * sites, shared risk groups, the head-ends whose failure cuts it off, and itself — and, with
 * r = p / (1 − p), P0 = Π(1 − p) over the elements of its states:
 * - single = P0 · Σ r over S: the states of exactly one element down, that one in S (exact);
 * - lower = P(some element of S down) = 1 − Π_S (1 − p), + P0 · the weight of the pairs given in
 *   `doubleFailures` (every state where exactly those two, and nothing of S, are down);
 * - upper = lower + P0 · (weight of the pairs of kinds not enumerated) + Π_S (1 − p) · P(three
 *   or more of the other elements down).
 * All from closed forms (elementary symmetric sums of r); nothing is sampled.
 *
 * An NRO not connected to any head-end is down all the time (every figure 1).
 *
 * @example
 * const rates = failureRates(net, topology);
 * const [first] = nroAvailability(net, rates);
 * first.unavailability.single * 525_600; // minutes per year
 */
export function nroAvailability(net: CompiledNetwork, rates: FailureRates, options: NroAvailabilityOptions = {}): NroAvailability[] {
  const states = options.states ?? 'nro';
  if (states !== 'nro' && states !== 'network') throw new InvalidOptionError('states', `nroAvailability: states must be "nro" or "network", got "${String(states)}"`);
  checkRates(net, rates);
  const analysis = options.analysis ?? resilienceAnalysis(net);
  const { tree } = analysis;
  const probabilities = [rates.sections.unavailability, rates.sites.unavailability, rates.riskGroups.unavailability];
  const weights = probabilities.map(odds);
  const sums = stateSums(net, weights, states === 'network');
  const cutBy = singleFailureLists(net, analysis);
  const nros: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (net.siteKind[v] === KIND_NRO) nros.push(v);
  const pairs = options.doubleFailures;
  if (pairs && pairs.length !== nros.length) {
    throw new InvalidOptionError('doubleFailures', `nroAvailability: doubleFailures holds ${pairs.length} NROs, the network ${nros.length}`);
  }

  return nros.map((v, k) => {
    const x = tree.pre[v];
    const double = pairs?.[k] ?? null;
    if (x < 0) {
      return {
        site: v, status: 'isolated', unavailability: { single: 1, lower: 1, upper: 1 }, singleFailures: [], doubleFailures: double,
        states: { elements: 0, none: 0, one: 0, two: 0, threeOrMore: 0, twoCut: 0, unclassifiedTwo: 0 },
      };
    }
    const singles = cutBy(v);
    // A head-end NRO is cut off by its own failure only.
    const own = net.isHeadend[v] ? ownSums(weights[SITE][v]) : sums.at(v);
    const { s1, s2 } = own;
    const none = Math.exp(-own.log);
    // The elements that alone cut it off, and their share of the sums.
    const c1 = [0, 0, 0];
    const c2 = [0, 0, 0];
    let singlesLog = 0;
    const singleFailures: SingleFailure[] = singles.map(({ kind, index }) => {
      const r = weights[kind][index];
      c1[kind] += r;
      c2[kind] += r * r;
      singlesLog += Math.log1p(r);
      return { kind: KINDS[kind], index, probability: probabilities[kind][index] };
    });
    singleFailures.sort((a, b) => b.probability - a.probability || KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.index - b.index);
    const e2 = (first: number, second: number) => Math.max(0, (first * first - second) / 2);
    const total1 = sum(s1);
    const two = e2(total1, sum(s2));
    const rest1 = s1.map((x, kind) => Math.max(0, x - c1[kind]));
    const rest2 = s2.map((x, kind) => Math.max(0, x - c2[kind]));
    const restOne = sum(rest1);
    const restTwo = e2(restOne, sum(rest2));
    const restByKind = {
      sectionSection: e2(rest1[SECTION], rest2[SECTION]),
      riskGroupRiskGroup: e2(rest1[GROUP], rest2[GROUP]),
      mixed: 0,
    };
    restByKind.mixed = Math.max(0, restTwo - restByKind.sectionSection - restByKind.riskGroupRiskGroup);
    // Net2Plan's single-failure figure: the states of exactly one element down, that element one of the above.
    const singleMass = none * sum(c1);
    // Any state with one of them down cuts it off, whatever else is down: 1 − Π(1 − p) over them.
    const anySingle = -Math.expm1(-singlesLog);
    // With none of them down (probability Π(1 − p) = e^−singlesLog), the other elements decide.
    const restLog = Math.max(0, own.log - singlesLog);
    const joint = double ? none * double.pairWeight : 0;
    // Of a kind not enumerated completely, the pairs found are known to cut it off; the rest are unknown.
    const unknown = (found: NroDoubleFailures, kind: keyof typeof restByKind) =>
      (found.complete[kind] ? 0 : Math.max(0, restByKind[kind] - found.pairWeightByKind[kind]));
    const unclassifiedTwo = none * (double ? unknown(double, 'sectionSection') + unknown(double, 'riskGroupRiskGroup') + unknown(double, 'mixed') : restTwo);
    // P(≥ 3 of the others down) = Q0 · (Π(1 + r) − 1 − e1 − e2) over them, Q0 = e^−restLog, Π(1 + r) − 1 = expm1(restLog).
    const restThree = Math.max(0, Math.exp(-restLog) * (Math.expm1(restLog) - restOne - restTwo));
    const lower = Math.min(1, anySingle + joint);
    const upper = Math.min(1, Math.max(lower, lower + unclassifiedTwo + Math.exp(-singlesLog) * restThree));
    return {
      site: v,
      status: singles.some((x) => x.kind === SECTION) ? 'single-homed' : 'secured',
      unavailability: { single: singleMass, lower, upper },
      singleFailures,
      doubleFailures: double,
      states: {
        elements: own.count, none, one: none * total1, two: none * two,
        threeOrMore: Math.max(0, none * (Math.expm1(own.log) - total1 - two)),
        // Pairs with at least one element of S cut it off, as do the jointly-isolating pairs.
        twoCut: none * Math.max(0, two - restTwo) + joint, unclassifiedTwo,
      },
    };
  });
}

/** r = p / (1 − p) of each element: the weight of the states where it is down, relative to P0. */
export function odds(p: Float64Array): Float64Array {
  const r = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) r[i] = p[i] / (1 - p[i]);
  return r;
}

function checkRates(net: CompiledNetwork, rates: FailureRates): void {
  const sizes: [string, number, number][] = [
    ['sections', rates.sections.unavailability.length, net.sectionCount],
    ['sites', rates.sites.unavailability.length, net.siteCount],
    ['riskGroups', rates.riskGroups.unavailability.length, net.riskGroups.length],
  ];
  for (const [field, got, want] of sizes) {
    if (got !== want) throw new InvalidOptionError(`rates.${field}`, `nroAvailability: rates.${field} holds ${got} elements, the network ${want}: rates of another network?`);
  }
  for (const kind of [rates.sections, rates.sites, rates.riskGroups]) {
    for (const p of kind.unavailability) {
      if (!(p >= 0 && p < 1)) throw new InvalidOptionError('rates', `nroAvailability: an unavailability of ${p} is outside [0, 1)`);
    }
  }
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

/** The sums of states made of one site alone. */
const ownSums = (r: number) => ({ log: Math.log1p(r), count: 1, s1: [0, r, 0], s2: [0, r * r, 0] });

/**
 * For each site, over the elements of its states: Σ log(1 + r), and Σ r, Σ r² by kind, and how
 * many elements; read with `at(site)`.
 *
 * Whether a site reaches a head-end is whether it reaches the root of the network whose
 * head-ends are merged into one root (a head-end's failure is then the failure of its sections
 * at the root). The elements that can matter to a site are exactly those of the biconnected
 * blocks of that network between the site and the root: every other block hangs off them at
 * one site, and a path that enters it leaves by the same site. In a depth-first tree from the
 * root, the tree sections of a block on a site's tree path form a subtree headed by the site
 * just below the block's top, so a block is one preorder interval; the sites that see an element
 * are the union of the intervals of its blocks, added with a difference array. A site belongs
 * to the block of its parent section, a section to one block, a head-end and a risk group to the
 * blocks of their sections.
 */
function stateSums(net: CompiledNetwork, weights: Float64Array[], everything: boolean) {
  const { pre, size, blockOfSection, blockOfSite, visited } = rootedBlocks(net);
  const length = visited + 2;
  const log = new Float64Array(length);
  const count = new Float64Array(length);
  const s1 = KINDS.map(() => new Float64Array(length));
  const s2 = KINDS.map(() => new Float64Array(length));
  const add = (kind: number, r: number, from: number, to: number) => {
    const l = Math.log1p(r);
    log[from] += l;
    log[to] -= l;
    count[from]++;
    count[to]--;
    s1[kind][from] += r;
    s1[kind][to] -= r;
    s2[kind][from] += r * r;
    s2[kind][to] -= r * r;
  };
  // Every site's states hold every element in Net2Plan's way; otherwise the union of the element's blocks.
  const starts: number[] = [];
  const addOver = (kind: number, r: number, blocks: number[]) => {
    if (everything) return add(kind, r, 1, visited + 1);
    // Block intervals nest or are disjoint: the union is the outermost ones.
    blocks.sort((a, b) => a - b);
    let end = -1;
    for (const b of blocks) {
      if (b < end) continue;
      end = b + size[b];
      add(kind, r, b, end);
    }
  };
  const one = (b: number) => {
    starts.length = 0;
    if (b > 0) starts.push(b);
    return starts;
  };

  for (let e = 0; e < net.sectionCount; e++) addOver(SECTION, weights[SECTION][e], one(blockOfSection[e]));
  for (let v = 0; v < net.siteCount; v++) {
    if (!net.isHeadend[v]) {
      addOver(SITE, weights[SITE][v], one(blockOfSite[v]));
      continue;
    }
    starts.length = 0;
    for (let k = net.adjOffset[v]; k < net.adjOffset[v + 1]; k++) if (blockOfSection[net.adjSection[k]] > 0) starts.push(blockOfSection[net.adjSection[k]]);
    addOver(SITE, weights[SITE][v], starts);
  }
  for (let g = 0; g < net.riskGroups.length; g++) {
    starts.length = 0;
    for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) if (blockOfSection[net.riskSections[k]] > 0) starts.push(blockOfSection[net.riskSections[k]]);
    addOver(GROUP, weights[GROUP][g], starts);
  }

  for (const array of [log, count, ...s1, ...s2]) for (let x = 1; x < length; x++) array[x] += array[x - 1];
  /** The sums of a site (connected, not a head-end), by its preorder in this tree. */
  const at = (v: number) => {
    const x = pre[v];
    return { log: log[x], count: count[x], s1: s1.map((a) => a[x]), s2: s2.map((a) => a[x]) };
  };
  return { at };
}

/**
 * A depth-first tree of the network with its head-ends merged into one root (preorder 0), and
 * the biconnected block of each section and site, named by the preorder of the site heading
 * its subtree (0: none, for a section between two head-ends or anything not connected). Grown
 * with an explicit stack; a parent section is skipped by id, so parallel sections close a cycle.
 */
function rootedBlocks(net: CompiledNetwork) {
  const n = net.siteCount;
  const { adjOffset, adjSection, adjSite, isHeadend } = net;
  // The root's sections: those of every head-end that lead to a site that is not one.
  const rootSection: number[] = [];
  const rootSite: number[] = [];
  for (const h of net.headends) {
    for (let k = adjOffset[h]; k < adjOffset[h + 1]; k++) {
      if (isHeadend[adjSite[k]]) continue;
      rootSection.push(adjSection[k]);
      rootSite.push(adjSite[k]);
    }
  }
  const pre = new Int32Array(n).fill(-1);
  const parentSection = new Int32Array(n).fill(-1);
  const size = new Int32Array(n + 1);
  const low = new Int32Array(n + 1);
  const parentPre = new Int32Array(n + 1);
  const order = new Int32Array(n + 1).fill(-1);
  const cursor = new Int32Array(n + 1);
  const stack = new Int32Array(n + 1);
  let counter = 1;
  size[0] = 1;
  let top = 0;
  stack[0] = 0;
  // Preorder 0 is the root; each other preorder x is the site order[x].
  const neighbours = (x: number) => (x === 0 ? rootSection.length : adjOffset[order[x] + 1] - adjOffset[order[x]]);
  const sectionAt = (x: number, k: number) => (x === 0 ? rootSection[k] : adjSection[adjOffset[order[x]] + k]);
  const siteAt = (x: number, k: number) => (x === 0 ? rootSite[k] : adjSite[adjOffset[order[x]] + k]);
  while (top >= 0) {
    const x = stack[top];
    if (cursor[x] < neighbours(x)) {
      const k = cursor[x]++;
      const e = sectionAt(x, k);
      const w = siteAt(x, k);
      if (x > 0 && e === parentSection[order[x]]) continue;
      const y = isHeadend[w] ? 0 : pre[w];
      if (y < 0) {
        const z = counter++;
        pre[w] = z;
        order[z] = w;
        parentSection[w] = e;
        parentPre[z] = x;
        size[z] = 1;
        low[z] = z;
        stack[++top] = z;
      } else if (y < low[x]) low[x] = y;
    } else {
      top--;
      if (top >= 0) {
        const p = stack[top];
        size[p] += size[x];
        if (low[x] < low[p]) low[p] = low[x];
      }
    }
  }
  const visited = counter - 1;
  const block = new Int32Array(visited + 1);
  for (let x = 1; x <= visited; x++) block[x] = low[x] >= parentPre[x] ? x : block[parentPre[x]];
  const blockOfSite = new Int32Array(n);
  for (let v = 0; v < n; v++) if (pre[v] > 0) blockOfSite[v] = block[pre[v]];
  const blockOfSection = new Int32Array(net.sectionCount);
  const preOf = (v: number) => (isHeadend[v] ? 0 : pre[v]);
  for (let e = 0; e < net.sectionCount; e++) {
    const a = net.sectionFrom[e];
    const b = net.sectionTo[e];
    const u = preOf(a);
    const w = preOf(b);
    if (u < 0 || w < 0 || u === w) continue;
    if (!isHeadend[a] && parentSection[a] === e) blockOfSection[e] = block[u];
    else if (!isHeadend[b] && parentSection[b] === e) blockOfSection[e] = block[w];
    // A non-tree section joins a site to an ancestor: it closes a cycle through the descendant's parent section.
    else blockOfSection[e] = block[Math.max(u, w)];
  }
  return { pre, size, blockOfSection, blockOfSite, visited };
}

/**
 * For each NRO, the elements whose failure alone cuts it off: its critical sections and sites
 * (the analysis's chains), the risk groups that cut it off, the head-ends whose failure cuts it
 * off (the analysis leaves them out: a head-end's cut is read from the tree as a site's is),
 * and the NRO itself.
 */
function singleFailureLists(net: CompiledNetwork, analysis: ResilienceAnalysis) {
  const { tree } = analysis;
  const extra = new Map<number, { kind: number; index: number }[]>();
  const push = (v: number, kind: number, index: number) => {
    const list = extra.get(v);
    if (list) list.push({ kind, index });
    else extra.set(v, [{ kind, index }]);
  };
  analysis.riskGroupIsolated.forEach((isolated, g) => {
    for (const v of isolated) if (net.siteKind[v] === KIND_NRO) push(v, GROUP, g);
  });
  const intervals = new Int32Array(2 * net.siteCount + 2);
  for (const h of net.headends) {
    const n = siteCutIntervals(analysis, h, intervals);
    for (let k = 0; k < n; k += 2) {
      for (let x = intervals[k]; x < intervals[k + 1]; x++) {
        const v = tree.order[x];
        if (v !== h && net.siteKind[v] === KIND_NRO) push(v, SITE, h);
      }
    }
  }
  return (v: number) => {
    const found: { kind: number; index: number }[] = [{ kind: SITE, index: v }];
    const x = tree.pre[v];
    for (let c = analysis.nearestBridge[x]; c >= 0; c = tree.parent[c] > 0 ? analysis.nearestBridge[tree.parent[c]] : -1) {
      found.push({ kind: SECTION, index: tree.parentSection[c] });
    }
    for (let c = analysis.nearestSeparation[x]; c >= 0; c = tree.parent[c] > 0 ? analysis.nearestSeparation[tree.parent[c]] : -1) {
      found.push({ kind: SITE, index: tree.order[tree.parent[c]] });
    }
    for (const item of extra.get(v) ?? []) found.push(item);
    return found;
  };
}
