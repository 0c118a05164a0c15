import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import { InvalidOptionError } from '../model/errors.js';
import { cycleEquivalence } from './cycle-equivalence.js';
import { elementPairs } from './element-pairs.js';
import { riskGroupPairs } from './risk-group-pairs.js';
import { type ElementRef, elementKeys, TopPairs } from './pair-order.js';
import { sectionPairs } from './section-pairs.js';

export type { ElementRef } from './pair-order.js';

export interface DoubleFailureOptions {
  /** Weight of each element, e.g. r = p/(1−p); a pair weighs the product. Default 1 each. */
  sectionWeight?: Float64Array;
  siteWeight?: Float64Array;
  riskGroupWeight?: Float64Array;
  /** Pairs listed per NRO, heaviest first (ties by ids). Default 5. */
  top?: number;
  /**
   * Bound on the work of failing each site and risk group in turn, which finds every pair with
   * a site or a group in it: (sites + groups) × (sites + sections). Beyond it, pairs of risk
   * groups and of a group and a section are found by random labels (risk-group-pairs.ts), or,
   * for groups too large to label, by failing each group in turn when groups × (sites +
   * sections) stays within the bound. Default 4 000 000: a network of about 1 500 sections is
   * enumerated whole, in about a second.
   */
  enumerationLimit?: number;
}

/** The double failures of one NRO: pairs of elements whose joint failure, and neither's alone, cuts it off from every head-end. */
export interface NroDoubleFailures {
  /** Exact number of pairs of sections whose joint failure cuts the NRO off, neither alone. */
  sectionPairs: number;
  /** Exact number of pairs of risk groups whose joint failure cuts it off (neither alone); null when not enumerated. */
  riskGroupPairs: number | null;
  /** Exact number of the other pairs (site–site, site–section, site–group, section–group); null when not enumerated. */
  mixedPairs: number | null;
  /** Σ weight(x)·weight(y) over the enumerated jointly-isolating pairs, every kind enumerated. */
  pairWeight: number;
  /** `pairWeight` by kind of pair; `mixed` may hold some of its pairs (those with a risk group) when `complete.mixed` is false. */
  pairWeightByKind: { sectionSection: number; riskGroupRiskGroup: number; mixed: number };
  /** Which kinds of pairs were enumerated completely (A adds the rest's mass to an upper bound). */
  complete: { sectionSection: boolean; riskGroupRiskGroup: boolean; mixed: boolean };
  /** The heaviest pairs found, heaviest first; equal weights by the elements' kinds (section, site, risk group) and ids. Pairs of weight 0 are not listed. */
  top: Array<{ a: ElementRef; b: ElementRef; weight: number }>;
}

const DEFAULT_ENUMERATION_LIMIT = 4_000_000;
const MAX_TOP = 1000;

/**
 * The double failures of every NRO (docs/double-failures.md): for each, the pairs of sections,
 * sites and risk groups whose joint failure cuts it off from every head-end while neither
 * alone does, counted exactly, weighed, and the heaviest listed. A failed site fails all its
 * sections, and a failed head-end is no longer one; the NRO's own failure is not a cut.
 *
 * Section pairs are exact at any size, in O((n + m) α(n)) from the cycle-equivalence classes.
 * Pairs with a site or a risk group in them are found by failing each such element in turn,
 * within `enumerationLimit`; beyond it, the pairs with a risk group and no site by random
 * labels of the cycle space (exact but for a 64-bit collision). `complete` says which kinds
 * were enumerated completely.
 *
 * @example
 * const pairs = doubleFailures(net, { top: 3 });
 * pairs[0].sectionPairs; // pairs of sections that cut off the first NRO in site-index order
 * pairs[0].top[0]; // { a: { kind: 'section', index: 12 }, b: { kind: 'section', index: 40 }, weight: 1 }
 */
export function doubleFailures(net: CompiledNetwork, options: DoubleFailureOptions = {}): NroDoubleFailures[] {
  const top = checkedTop(options.top);
  const limit = checkedLimit(options.enumerationLimit);
  checkWeights(options.sectionWeight, 'sectionWeight', net.sectionCount, (i) => `section "${net.sectionIds[i]}"`);
  checkWeights(options.siteWeight, 'siteWeight', net.siteCount, (i) => `site "${net.siteIds[i]}"`);
  checkWeights(options.riskGroupWeight, 'riskGroupWeight', net.riskGroups.length, (i) => `risk group "${net.riskGroups[i]}"`);

  const nros: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (net.siteKind[v] === KIND_NRO) nros.push(v);
  const keys = elementKeys(net);
  const eq = cycleEquivalence(net);
  const sections = sectionPairs(net, eq, keys, nros, { sectionWeight: options.sectionWeight, top });

  const size = net.siteCount + net.sectionCount;
  const groups = net.riskGroups.length;
  const eachElement = (net.siteCount + groups) * size <= limit;
  const labelled = eachElement || groups === 0 || nros.length === 0 ? null : riskGroupPairs(net, eq, keys, nros, { ...options, top });
  const failing = eachElement ? 'all' : !labelled && groups * size <= limit ? 'riskGroups' : undefined;
  const others = failing && nros.length > 0 && (failing === 'all' || groups > 0) ? elementPairs(net, keys, nros, { ...options, top, failing }) : undefined;
  const complete = { sectionSection: true, riskGroupRiskGroup: failing !== undefined || labelled !== null || groups === 0, mixed: failing === 'all' };

  const listed = sections.top;
  const pair = (weight: number, low: number, high: number) => ({ a: keys.element(low), b: keys.element(high), weight });
  return nros.map((v, i) => {
    const first = i * top;
    let riskGroupRiskGroup = 0;
    let mixed = 0;
    let riskGroupCount = 0;
    const merged = new TopPairs(top);
    for (let k = first; k < first + listed.length[i]; k++) merged.offer(listed.weight[k], listed.low[k], listed.high[k]);
    if (others) {
      const otherTop = others.top[i];
      for (let k = 0; k < otherTop.weight.length; k++) merged.offer(otherTop.weight[k], otherTop.low[k], otherTop.high[k]);
      riskGroupRiskGroup = others.groupWeight[i];
      mixed = others.weight[i] - others.groupWeight[i];
      riskGroupCount = others.riskGroupPairs[i];
    } else if (labelled) {
      const labelledTop = labelled.top;
      for (let k = first; k < first + labelledTop.length[i]; k++) merged.offer(labelledTop.weight[k], labelledTop.low[k], labelledTop.high[k]);
      riskGroupRiskGroup = labelled.riskGroupWeight[i];
      mixed = labelled.sectionGroupWeight[i];
      riskGroupCount = labelled.riskGroupPairs[i];
    }
    const sectionSection = sections.weight[v];
    return {
      sectionPairs: sections.count[v],
      riskGroupPairs: complete.riskGroupRiskGroup ? riskGroupCount : null,
      mixedPairs: complete.mixed ? (others?.mixedPairs[i] ?? 0) : null,
      pairWeight: sectionSection + riskGroupRiskGroup + mixed,
      pairWeightByKind: { sectionSection, riskGroupRiskGroup, mixed },
      complete: { ...complete },
      top: merged.weight.map((weight, k) => pair(weight, merged.low[k], merged.high[k])),
    };
  });
}

function checkedTop(top: number | undefined): number {
  if (top === undefined) return 5;
  if (!Number.isInteger(top) || top < 0 || top > MAX_TOP) {
    throw new InvalidOptionError('top', `doubleFailures: top must be an integer from 0 to ${MAX_TOP}, not ${top}`);
  }
  return top;
}

function checkedLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_ENUMERATION_LIMIT;
  if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0) {
    throw new InvalidOptionError('enumerationLimit', `doubleFailures: enumerationLimit must be a number ≥ 0, not ${limit}`);
  }
  return limit;
}

function checkWeights(weights: Float64Array | undefined, field: string, length: number, name: (i: number) => string): void {
  if (weights === undefined) return;
  if (!(weights instanceof Float64Array) || weights.length !== length) {
    throw new InvalidOptionError(field, `doubleFailures: ${field} must be a Float64Array of ${length} weights, one per ${field.replace('Weight', '')}, not ${weights?.length ?? typeof weights}`);
  }
  for (let i = 0; i < length; i++) {
    const w = weights[i];
    if (!(w >= 0) || w === Number.POSITIVE_INFINITY) {
      throw new InvalidOptionError(field, `doubleFailures: ${field}[${i}] (${name(i)}) is ${w}: a weight must be finite and ≥ 0`);
    }
  }
}
