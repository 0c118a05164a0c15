import { reachableSites } from '../analysis/reachability.js';
import { type ResilienceAnalysis, resilienceAnalysis } from '../analysis/resilience-analysis.js';
import type { CompiledNetwork } from '../graph/compile.js';
import { networkWithout } from './network-without.js';
import type { ElementKeys } from './pair-order.js';
import { TopPairs } from './pair-order.js';

export interface ElementPairsOptions {
  /** Weights of the elements; a pair weighs the product. Default 1 each. */
  sectionWeight?: Float64Array;
  siteWeight?: Float64Array;
  riskGroupWeight?: Float64Array;
  /** Heaviest pairs listed per wanted site. Default 5. */
  top?: number;
  /**
   * Which elements are failed one at a time: `all`, sites and risk groups (every pair but
   * section–section is found), or `riskGroups` only (every pair with a risk group is found:
   * group–group, group–section, group–site). Default `all`.
   */
  failing?: 'all' | 'riskGroups';
}

/** The pairs with a site or a risk group in them whose joint failure, and neither's alone, cuts a site off. */
export interface ElementPairs {
  /** For each wanted site, in the order given: pairs of two risk groups. */
  readonly riskGroupPairs: Float64Array;
  /** For each wanted site: the other pairs found (site–site, site–section, site–group, section–group). */
  readonly mixedPairs: Float64Array;
  /** For each wanted site: the sum of the products of the weights over every pair found. */
  readonly weight: Float64Array;
  /** For each wanted site: the same over the pairs of two risk groups. */
  readonly groupWeight: Float64Array;
  readonly top: TopPairs[];
}

/**
 * Finds the pairs with a site or a risk group in them by their definition: each such element x
 * fails in turn, the network less x is analysed (`resilienceAnalysis`, linear), and every
 * element y that alone cuts a wanted site off in it, while neither x nor y alone did in the
 * whole network, makes the pair {x, y}. A pair of two failing elements is found from both:
 * it is kept from the one with the smaller key. The cost is the number of failing elements
 * times an analysis of the network (and a search per head-end): for small networks.
 *
 * @example
 * const pairs = elementPairs(net, elementKeys(net), nroIndices);
 * pairs.riskGroupPairs[0]; // pairs of risk groups that cut off the first NRO
 */
export function elementPairs(net: CompiledNetwork, keys: ElementKeys, wanted: ArrayLike<number>, options: ElementPairsOptions = {}): ElementPairs {
  const top = options.top ?? 5;
  const failing = options.failing ?? 'all';
  const weightOf = elementWeights(net, keys, options);
  const riskGroupPairs = new Float64Array(wanted.length);
  const mixedPairs = new Float64Array(wanted.length);
  const weight = new Float64Array(wanted.length);
  const groupWeight = new Float64Array(wanted.length);
  const lists = Array.from({ length: wanted.length }, () => new TopPairs(top));

  const alone = singleFailures(net, resilienceAnalysis(net), keys, wanted).map((found) => new Set(found));
  const groupBase = net.sectionCount + net.siteCount;
  const firstFailing = failing === 'all' ? net.sectionCount : groupBase;
  const failingKeys: number[] = [];
  if (failing === 'all') for (let v = 0; v < net.siteCount; v++) failingKeys.push(keys.site(v));
  for (let g = 0; g < net.riskGroups.length; g++) failingKeys.push(keys.riskGroup(g));
  const sections = new Uint8Array(net.sectionCount);
  const sites = new Uint8Array(net.siteCount);

  for (const x of failingKeys) {
    const element = keys.element(x);
    const members = element.kind === 'riskGroup' ? net.riskSections.subarray(net.riskOffset[element.index], net.riskOffset[element.index + 1]) : undefined;
    if (members) for (const e of members) sections[e] = 1;
    else sites[element.index] = 1;
    const view = networkWithout(net, { sections, sites });
    const found = singleFailures(view, resilienceAnalysis(view), keys, wanted);
    for (let i = 0; i < wanted.length; i++) {
      for (const y of found[i]) {
        if (alone[i].has(y)) continue;
        // Found from both ends when y fails in turn too: kept from the smaller key.
        if (y >= firstFailing && y < x) continue;
        const w = weightOf[x] * weightOf[y];
        if (x >= groupBase && y >= groupBase) {
          riskGroupPairs[i]++;
          groupWeight[i] += w;
        } else mixedPairs[i]++;
        weight[i] += w;
        lists[i].offer(w, x, y);
      }
    }
    if (members) for (const e of members) sections[e] = 0;
    else sites[element.index] = 0;
  }
  return { riskGroupPairs, mixedPairs, weight, groupWeight, top: lists };
}

/** Every element's weight by key. */
function elementWeights(net: CompiledNetwork, keys: ElementKeys, options: ElementPairsOptions): Float64Array {
  const weights = new Float64Array(net.sectionCount + net.siteCount + net.riskGroups.length).fill(1);
  if (options.sectionWeight) for (let e = 0; e < net.sectionCount; e++) weights[keys.section(e)] = options.sectionWeight[e];
  if (options.siteWeight) for (let v = 0; v < net.siteCount; v++) weights[keys.site(v)] = options.siteWeight[v];
  if (options.riskGroupWeight) for (let g = 0; g < net.riskGroups.length; g++) weights[keys.riskGroup(g)] = options.riskGroupWeight[g];
  return weights;
}

/**
 * For each wanted site, the keys of the elements whose failure alone cuts it off: its critical
 * sections and sites, its shared risk groups, and the head-ends whose loss does (a site that is
 * not connected, or the wanted site itself, has none).
 */
function singleFailures(net: CompiledNetwork, analysis: ResilienceAnalysis, keys: ElementKeys, wanted: ArrayLike<number>): number[][] {
  const { tree, nearestBridge, nearestSeparation } = analysis;
  const { pre, parent, parentSection, order } = tree;
  const found: number[][] = [];
  const index = new Int32Array(net.siteCount).fill(-1);
  for (let i = 0; i < wanted.length; i++) {
    const v = wanted[i];
    index[v] = i;
    const keysOf: number[] = [];
    found.push(keysOf);
    const x = pre[v];
    if (x < 0) continue;
    for (let c = nearestBridge[x]; c >= 0; c = parent[c] > 0 ? nearestBridge[parent[c]] : -1) keysOf.push(keys.section(parentSection[c]));
    for (let c = nearestSeparation[x]; c >= 0; c = parent[c] > 0 ? nearestSeparation[parent[c]] : -1) keysOf.push(keys.site(order[parent[c]]));
  }
  analysis.riskGroupIsolated.forEach((isolated, g) => {
    for (const v of isolated) if (index[v] >= 0) found[index[v]].push(keys.riskGroup(g));
  });
  const lost = new Uint8Array(net.siteCount);
  for (const h of net.headends) {
    lost[h] = 1;
    const reached = reachableSites(net, { sites: lost });
    lost[h] = 0;
    for (let i = 0; i < wanted.length; i++) {
      const v = wanted[i];
      if (v !== h && pre[v] >= 0 && !reached[v]) found[i].push(keys.site(h));
    }
  }
  return found;
}
