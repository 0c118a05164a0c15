import { riskGroupIsolation } from '../analysis/risk-group-isolation.js';
import type { CompiledNetwork } from '../graph/compile.js';
import type { CycleEquivalence } from './cycle-equivalence.js';
import { heaviestAtWanted, IntervalPairs, wantedByPreorder } from './interval-pairs.js';
import type { ElementKeys, PairLists } from './pair-order.js';

export interface RiskGroupPairsOptions {
  sectionWeight?: Float64Array;
  riskGroupWeight?: Float64Array;
  /** Heaviest pairs listed per wanted site. Default 5. */
  top?: number;
  /** A group of more analysed sections than this is not split into its subsets: the method gives up. Default 16. */
  maxGroupSections?: number;
  /** The method gives up beyond this many subsets of groups, or this many pairs matched. Default 4 000 000. */
  maxWork?: number;
  /** Seed of the random labels. */
  seed?: number;
}

/** The pairs with a risk group in them, other than with a site, whose joint failure (and neither's alone) cuts a site off. */
export interface RiskGroupPairs {
  /** For each wanted site: pairs of two risk groups. */
  readonly riskGroupPairs: Float64Array;
  readonly riskGroupWeight: Float64Array;
  /** For each wanted site: pairs of a risk group and a section outside it. */
  readonly sectionGroupPairs: Float64Array;
  readonly sectionGroupWeight: Float64Array;
  readonly top: PairLists;
}

/**
 * The pairs of risk groups, and of a risk group and a section, that cut each wanted site off,
 * at any network size, from random labels of the cycle space (the method of Pătraşcu–Thorup
 * and Kapron–King–Mountjoy): each non-tree link gets a random 64-bit label, each tree section
 * the XOR of the labels of the links covering it. A set of sections is a cut — the sections
 * leaving a set X of sites, X then cut off — exactly when its labels XOR to 0, except with
 * probability 2^-64 per set; X is the sites with an odd number of the set's tree sections
 * above them. A cut within g1 ∪ g2 that neither group holds alone splits into S1 ⊆ g1 and
 * S2 ⊆ g2 \ g1 of equal non-zero XOR: so every subset of every group is labelled, equal labels
 * are matched through a table, each match gives a cut, and a pair cuts off the union of its
 * cuts' sides less what either group cuts off alone. Cost: the subsets of the groups (2^size
 * each), the matches, and one pass over the sections; `null` when beyond `maxGroupSections`
 * or `maxWork`.
 *
 * @example
 * const pairs = riskGroupPairs(net, cycleEquivalence(net), elementKeys(net), nroIndices);
 * pairs?.riskGroupPairs[0]; // pairs of risk groups that cut off the first NRO
 */
export function riskGroupPairs(net: CompiledNetwork, eq: CycleEquivalence, keys: ElementKeys, wanted: ArrayLike<number>, options: RiskGroupPairsOptions = {}): RiskGroupPairs | null {
  const top = options.top ?? 5;
  const maxGroupSections = options.maxGroupSections ?? 16;
  const maxWork = options.maxWork ?? 4_000_000;
  const { tree } = eq;
  const { pre, parent, parentSection, size, visited } = tree;
  const groupCount = net.riskGroups.length;

  // The groups' analysed sections, each once.
  const memberOffset = new Int32Array(groupCount + 1);
  const memberList: number[] = [];
  const seen = new Int32Array(net.sectionCount).fill(-1);
  let subsets = 0;
  for (let g = 0; g < groupCount; g++) {
    for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) {
      const e = net.riskSections[k];
      if (seen[e] === g || pre[net.sectionFrom[e]] < 0) continue;
      seen[e] = g;
      memberList.push(e);
    }
    memberOffset[g + 1] = memberList.length;
    const s = memberOffset[g + 1] - memberOffset[g];
    if (s > maxGroupSections) return null;
    subsets += 2 ** s - 1;
    if (subsets > maxWork) return null;
  }

  const { hi, lo } = sectionLabels(net, eq, options.seed ?? 0x5eed_2c75);

  // Every subset of every group with a non-zero label, in a table by label.
  const entryGroup: number[] = [];
  const entryMask: number[] = [];
  const entryHi: number[] = [];
  const entryLo: number[] = [];
  const table = new Map<number, number[]>();
  for (let g = 0; g < groupCount; g++) {
    const first = memberOffset[g];
    const s = memberOffset[g + 1] - first;
    const maskHi = new Int32Array(2 ** s);
    const maskLo = new Int32Array(2 ** s);
    for (let mask = 1; mask < 2 ** s; mask++) {
      const bit = 31 - Math.clz32(mask & -mask);
      const e = memberList[first + bit];
      maskHi[mask] = maskHi[mask & (mask - 1)] ^ hi[e];
      maskLo[mask] = maskLo[mask & (mask - 1)] ^ lo[e];
      if (maskHi[mask] === 0 && maskLo[mask] === 0) continue;
      const id = entryGroup.length;
      entryGroup.push(g);
      entryMask.push(mask);
      entryHi.push(maskHi[mask]);
      entryLo.push(maskLo[mask]);
      const key = tableKey(maskHi[mask], maskLo[mask]);
      const bucket = table.get(key);
      if (bucket) bucket.push(id);
      else table.set(key, [id]);
    }
  }

  const subsetSections = (id: number): number[] => {
    const first = memberOffset[entryGroup[id]];
    const out: number[] = [];
    for (let mask = entryMask[id]; mask !== 0; mask &= mask - 1) out.push(memberList[first + 31 - Math.clz32(mask & -mask)]);
    return out;
  };
  const inGroup = (e: number, g: number) => {
    for (let k = memberOffset[g]; k < memberOffset[g + 1]; k++) if (memberList[k] === e) return true;
    return false;
  };

  // Matches: two subsets of different groups, disjoint, of equal labels; or a subset and a
  // section outside its group. Each pair's cuts, as lists of sections.
  const groupPairCuts = new Map<number, number[][]>();
  const sectionPairCuts = new Map<number, number[][]>();
  let work = 0;
  const record = (pairs: Map<number, number[][]>, key: number, cut: number[]) => {
    const cuts = pairs.get(key);
    if (cuts) cuts.push(cut);
    else pairs.set(key, [cut]);
    return ++work <= maxWork;
  };
  for (const bucket of table.values()) {
    for (let i = 0; i < bucket.length; i++) {
      for (let j = i + 1; j < bucket.length; j++) {
        const [a, b] = [bucket[i], bucket[j]];
        if (entryGroup[a] === entryGroup[b] || entryHi[a] !== entryHi[b] || entryLo[a] !== entryLo[b]) continue;
        const sa = subsetSections(a);
        const sb = subsetSections(b);
        if (sa.some((e) => sb.includes(e))) continue;
        const [g1, g2] = entryGroup[a] < entryGroup[b] ? [entryGroup[a], entryGroup[b]] : [entryGroup[b], entryGroup[a]];
        if (!record(groupPairCuts, g1 * groupCount + g2, [...sa, ...sb])) return null;
      }
    }
  }
  for (let e = 0; e < net.sectionCount; e++) {
    if ((hi[e] === 0 && lo[e] === 0) || pre[net.sectionFrom[e]] < 0) continue;
    const bucket = table.get(tableKey(hi[e], lo[e]));
    if (!bucket) continue;
    for (const id of bucket) {
      const g = entryGroup[id];
      if (entryHi[id] !== hi[e] || entryLo[id] !== lo[e] || inGroup(e, g)) continue;
      if (!record(sectionPairCuts, g * net.sectionCount + e, [...subsetSections(id), e])) return null;
    }
  }

  // What each group cuts off alone, as preorder intervals.
  const alone = riskGroupIsolation(net, tree).map((sites) => runs(Int32Array.from(sites, (v) => pre[v]).sort()));
  const sectionChild = new Int32Array(net.sectionCount).fill(-1);
  for (let x = 1; x <= visited; x++) if (parent[x] !== 0) sectionChild[parentSection[x]] = x;
  const side = (cut: number[]): number[] => {
    const toggles: number[] = [];
    for (const e of cut) {
      const x = sectionChild[e];
      if (x >= 0) toggles.push(x, x + size[x]);
    }
    return parity(toggles);
  };

  const { wantedAt, holdsWanted } = wantedByPreorder(tree, wanted);
  const groupDiff = new Float64Array(visited + 2);
  const groupWeightDiff = new Float64Array(visited + 2);
  const sectionDiff = new Float64Array(visited + 2);
  const sectionWeightDiff = new Float64Array(visited + 2);
  const listed = new IntervalPairs();
  const groupWeight = (g: number) => (options.riskGroupWeight ? options.riskGroupWeight[g] : 1);
  const sectionWeight = (e: number) => (options.sectionWeight ? options.sectionWeight[e] : 1);
  const settle = (cuts: number[][], without: number[], weight: number, low: number, high: number, count: Float64Array, weights: Float64Array) => {
    let cutOff: number[] = [];
    for (const cut of cuts) cutOff = union(cutOff, side(cut));
    cutOff = minus(cutOff, without);
    for (let k = 0; k < cutOff.length; k += 2) {
      const [from, to] = [cutOff[k], cutOff[k + 1]];
      if (!holdsWanted(from, to)) continue;
      count[from]++;
      count[to]--;
      weights[from] += weight;
      weights[to] -= weight;
      if (weight > 0 && top > 0) listed.add(from, to, weight, Math.min(low, high), Math.max(low, high));
    }
  };
  for (const [key, cuts] of groupPairCuts) {
    const g1 = Math.floor(key / groupCount);
    const g2 = key % groupCount;
    settle(cuts, union(alone[g1], alone[g2]), groupWeight(g1) * groupWeight(g2), keys.riskGroup(g1), keys.riskGroup(g2), groupDiff, groupWeightDiff);
  }
  for (const [key, cuts] of sectionPairCuts) {
    const g = Math.floor(key / net.sectionCount);
    const e = key % net.sectionCount;
    settle(cuts, alone[g], groupWeight(g) * sectionWeight(e), keys.riskGroup(g), keys.section(e), sectionDiff, sectionWeightDiff);
  }

  const result = {
    riskGroupPairs: new Float64Array(wanted.length),
    riskGroupWeight: new Float64Array(wanted.length),
    sectionGroupPairs: new Float64Array(wanted.length),
    sectionGroupWeight: new Float64Array(wanted.length),
    top: heaviestAtWanted(listed, tree, wanted, top),
  };
  let pairs = 0;
  let weight = 0;
  let sectionPairs = 0;
  let sectionPairWeight = 0;
  for (let x = 1; x <= visited; x++) {
    pairs += groupDiff[x];
    weight += groupWeightDiff[x];
    sectionPairs += sectionDiff[x];
    sectionPairWeight += sectionWeightDiff[x];
    const i = wantedAt[x];
    if (i < 0) continue;
    result.riskGroupPairs[i] = pairs;
    result.riskGroupWeight[i] = pairs > 0 ? Math.max(0, weight) : 0;
    result.sectionGroupPairs[i] = sectionPairs;
    result.sectionGroupWeight[i] = sectionPairs > 0 ? Math.max(0, sectionPairWeight) : 0;
  }
  return result;
}

/** 53 bits of a 64-bit label, exact as a number: the table's key (the full label is compared on a match). */
const tableKey = (hi: number, lo: number) => (hi >>> 0) * 2 ** 21 + (lo >>> 11);

/**
 * Random 64-bit labels (two 32-bit halves) of the sections: a non-tree link's own, a tree
 * section's the XOR of the links covering it. 0 for a bridge and for a section not connected.
 */
function sectionLabels(net: CompiledNetwork, eq: CycleEquivalence, seed: number) {
  const { tree, linkDescendant, linkAncestor, linkSection } = eq;
  const { parent, parentSection, visited } = tree;
  const random = xoshiro128(seed);
  const treeHi = new Int32Array(visited + 1);
  const treeLo = new Int32Array(visited + 1);
  const hi = new Int32Array(net.sectionCount);
  const lo = new Int32Array(net.sectionCount);
  for (let k = 0; k < linkDescendant.length; k++) {
    const h = random();
    const l = random();
    treeHi[linkDescendant[k]] ^= h;
    treeLo[linkDescendant[k]] ^= l;
    treeHi[linkAncestor[k]] ^= h;
    treeLo[linkAncestor[k]] ^= l;
    if (linkSection[k] >= 0) {
      hi[linkSection[k]] = h;
      lo[linkSection[k]] = l;
    }
  }
  for (let x = visited; x >= 1; x--) {
    treeHi[parent[x]] ^= treeHi[x];
    treeLo[parent[x]] ^= treeLo[x];
    if (parent[x] !== 0) {
      hi[parentSection[x]] = treeHi[x];
      lo[parentSection[x]] = treeLo[x];
    }
  }
  return { hi, lo };
}

/**
 * xoshiro128** (Blackman and Vigna), seeded by splitmix32: 32 random bits per call, as a signed
 * integer, from 128 bits of state, so that the two halves of a label are not tied by a
 * 32-bit state.
 */
function xoshiro128(seed: number): () => number {
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) | 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return z ^ (z >>> 16);
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9);
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
}

const rotl = (value: number, bits: number) => (value << bits) | (value >>> (32 - bits));

/** Sorted preorders as [from, to) runs. */
function runs(sorted: Int32Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < sorted.length; k++) {
    if (out.length > 0 && out[out.length - 1] === sorted[k]) out[out.length - 1]++;
    else out.push(sorted[k], sorted[k] + 1);
  }
  return out;
}

/** The positions covered an odd number of times by intervals given by their ends, as [from, to) runs. */
function parity(toggles: number[]): number[] {
  toggles.sort((a, b) => a - b);
  // Sorted, equal ends are side by side: each pair of them cancels.
  const out: number[] = [];
  for (const t of toggles) {
    if (out.length > 0 && out[out.length - 1] === t) out.pop();
    else out.push(t);
  }
  return out;
}

/** The union of two lists of disjoint sorted [from, to) runs. */
function union(a: number[], b: number[]): number[] {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const all: [number, number][] = [];
  for (let k = 0; k < a.length; k += 2) all.push([a[k], a[k + 1]]);
  for (let k = 0; k < b.length; k += 2) all.push([b[k], b[k + 1]]);
  all.sort((x, y) => x[0] - y[0]);
  const out: number[] = [];
  for (const [from, to] of all) {
    if (out.length > 0 && from <= out[out.length - 1]) out[out.length - 1] = Math.max(out[out.length - 1], to);
    else out.push(from, to);
  }
  return out;
}

/** The runs of `a` less those of `b` (both disjoint and sorted). */
function minus(a: number[], b: number[]): number[] {
  if (b.length === 0) return a;
  const out: number[] = [];
  let j = 0;
  for (let k = 0; k < a.length; k += 2) {
    let from = a[k];
    const to = a[k + 1];
    while (j < b.length && b[j + 1] <= from) j += 2;
    let i = j;
    while (from < to && i < b.length && b[i] < to) {
      if (b[i] > from) out.push(from, b[i]);
      from = Math.max(from, b[i + 1]);
      i += 2;
    }
    if (from < to) out.push(from, to);
  }
  return out;
}
