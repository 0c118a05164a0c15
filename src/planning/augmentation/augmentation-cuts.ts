import type { CompiledNetwork } from '../../graph/compile.js';
import type { Assessment, AugmentationInstance } from './augmentation-instance.js';

/**
 * One cut constraint `Σ_{l ∈ links} x_l ≥ demand`: a set S of sites holding required sites and
 * no head-end, `links` the candidates with exactly one end in S, `demand` what they must add to
 * the sections of G crossing S (2 − |δ_G(S)| to secure, 1 − |δ_{G−g}(S)| against risk group g).
 * Every cut is valid — any set of links meeting the target satisfies it — so a solution meeting
 * every cut the engine's analysis finds violated is optimal for the true target.
 */
export interface Cut {
  /** Candidate indices, ascending. */
  readonly links: Int32Array;
  readonly demand: number;
  /** Required sites inside S that asked for the cut (the share target links them to it). */
  readonly sites: number[];
}

/** The cuts found so far, each once (by demand and links), and the cuts of each candidate and site. */
export class CutPool {
  readonly cuts: Cut[] = [];
  /** By candidate: the cuts it crosses. */
  readonly ofLink: number[][];
  /** By site: the cuts it asked for. */
  readonly ofSite = new Map<number, number[]>();
  private readonly byKey = new Map<string, number>();

  constructor(candidates: number) {
    this.ofLink = Array.from({ length: candidates }, () => []);
  }

  /** Adds the cuts not held yet (a known one gains the new sites); returns how many were new. */
  add(cuts: readonly Cut[]): number {
    let added = 0;
    for (const cut of cuts) {
      const key = `${cut.demand}|${cut.links.join(',')}`;
      let k = this.byKey.get(key);
      if (k === undefined) {
        k = this.cuts.length;
        this.byKey.set(key, k);
        this.cuts.push({ links: cut.links, demand: cut.demand, sites: [] });
        for (const l of cut.links) this.ofLink[l].push(k);
        added++;
      }
      const held = this.cuts[k].sites;
      for (const v of cut.sites) {
        if (held.includes(v)) continue;
        held.push(v);
        const list = this.ofSite.get(v);
        if (list) list.push(k);
        else this.ofSite.set(v, [k]);
      }
    }
    return added;
  }

  /** How many of each cut's links are chosen. */
  counts(chosen: Uint8Array): Int32Array {
    const counts = new Int32Array(this.cuts.length);
    this.cuts.forEach((cut, k) => {
      for (const l of cut.links) counts[k] += chosen[l];
    });
    return counts;
  }
}

/**
 * The cuts that the chosen links (the network of `assessment`) violate for the `asked` sites
 * that do not meet the requirement, from the engine's analysis of that network H = G + X:
 * * a site not connected: its component C of H, demand 2 (no section of G crosses it);
 * * a site single-homed: for each bridge e on its way up, the subtree S below e — one preorder
 *   interval of the depth-first tree — crossed in H by e alone: demand 1 when e is a section of
 *   G, 2 when e is a chosen candidate;
 * * against risk groups: for each group g cutting it off, its component of H − g, demand 1.
 * Analysing G itself (nothing chosen) gives the baseline's cuts: its bridges' sides away from
 * the head-ends, the components of isolated sites, and the risk groups' cuts.
 *
 * @example
 * const cuts = violatedCuts(instance, assess(instance, chosen), required);
 * cuts.length === 0; // the chosen links meet the requirement for every required site
 */
export function violatedCuts(instance: AugmentationInstance, { analysis, meets }: Assessment, asked: readonly number[]): Cut[] {
  const { net, tree, nearestBridge } = analysis;
  const { pre, parent, size, parentSection } = tree;
  const below = new Map<number, number[]>();
  const isolated: number[] = [];
  const unmet = new Uint8Array(net.siteCount);
  for (const r of asked) {
    if (meets[r]) continue;
    unmet[r] = 1;
    const x = pre[r];
    if (x < 0) {
      isolated.push(r);
      continue;
    }
    for (let c = nearestBridge[x]; c >= 0; c = parent[c] > 0 ? nearestBridge[parent[c]] : -1) {
      const list = below.get(c);
      if (list) list.push(r);
      else below.set(c, [r]);
    }
  }
  const cuts: Cut[] = [];

  if (below.size > 0) {
    // Candidates crossing each wanted subtree: from each end, up the wanted subtrees holding it
    // until one holds the other end too (the subtrees of a chain are nested).
    const nearestWanted = new Int32Array(tree.visited + 1).fill(-1);
    for (let x = 1; x <= tree.visited; x++) nearestWanted[x] = below.has(x) ? x : parent[x] > 0 ? nearestWanted[parent[x]] : -1;
    const crossing = new Map<number, number[]>([...below.keys()].map((c) => [c, []]));
    const climb = (from: number, other: number, k: number) => {
      if (from < 0) return;
      for (let c = nearestWanted[from]; c > 0; c = parent[c] > 0 ? nearestWanted[parent[c]] : -1) {
        if (other >= c && other < c + size[c]) break;
        crossing.get(c)!.push(k);
      }
    };
    for (let k = 0; k < instance.candidates.length; k++) {
      const pa = pre[instance.endA[k]];
      const pb = pre[instance.endB[k]];
      climb(pa, pb, k);
      climb(pb, pa, k);
    }
    for (const [c, sites] of below) {
      const demand = parentSection[c] < instance.firstCandidate ? 1 : 2;
      cuts.push({ links: Int32Array.from(crossing.get(c)!), demand, sites });
    }
  }

  if (isolated.length > 0) cuts.push(...componentCuts(instance, net, isolated, undefined, 2));
  if (instance.requirement === 'secured-and-groups') {
    analysis.riskGroupIsolated.forEach((cutOff, g) => {
      const sites = [...cutOff].filter((v) => unmet[v]);
      if (sites.length === 0) return;
      const dead = new Uint8Array(net.sectionCount);
      for (let i = net.riskOffset[g]; i < net.riskOffset[g + 1]; i++) dead[net.riskSections[i]] = 1;
      cuts.push(...componentCuts(instance, net, sites, dead, 1));
    });
  }
  return cuts;
}

/**
 * The components, in `net` less the `dead` sections, of the given sites (none of them reaching a
 * head-end there), each as a cut of the given demand crossed by the candidates with one end in it.
 */
function componentCuts(instance: AugmentationInstance, net: CompiledNetwork, sites: readonly number[], dead: Uint8Array | undefined, demand: number): Cut[] {
  const { adjOffset, adjSection, adjSite } = net;
  const label = new Int32Array(net.siteCount).fill(-1);
  const cuts: Cut[] = [];
  const members: number[][] = [];
  const askers: number[][] = [];
  for (const r of sites) {
    if (label[r] >= 0) {
      askers[label[r]].push(r);
      continue;
    }
    const id = members.length;
    const component = [r];
    label[r] = id;
    for (let i = 0; i < component.length; i++) {
      const v = component[i];
      for (let j = adjOffset[v]; j < adjOffset[v + 1]; j++) {
        const w = adjSite[j];
        if (label[w] >= 0 || dead?.[adjSection[j]]) continue;
        label[w] = id;
        component.push(w);
      }
    }
    members.push(component);
    askers.push([r]);
  }
  const { offset, items } = instance.atSite;
  members.forEach((component, id) => {
    const links: number[] = [];
    for (const v of component) {
      for (let i = offset[v]; i < offset[v + 1]; i++) {
        const k = items[i];
        const other = instance.endA[k] === v ? instance.endB[k] : instance.endA[k];
        if (label[other] !== id) links.push(k);
      }
    }
    cuts.push({ links: Int32Array.from(links).sort(), demand, sites: askers[id] });
  });
  return cuts;
}
