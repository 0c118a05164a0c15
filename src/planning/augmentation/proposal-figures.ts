import { compareIds } from '../../analysis/id-order.js';
import { resilienceAnalysis } from '../../analysis/resilience-analysis.js';
import { dfsTree } from '../../analysis/dfs-tree.js';
import { cycleEquivalence } from '../../availability/cycle-equivalence.js';
import { networkWithout } from '../../availability/network-without.js';
import { type CompiledNetwork, KIND_NRO } from '../../graph/compile.js';
import { nroPaths } from '../nro-paths.js';
import { type Assessment, assess, type AugmentationInstance, networkWith } from './augmentation-instance.js';
import { violatedCuts } from './augmentation-cuts.js';
import type { AugmentationCandidate } from './geometric-candidates.js';
import { lowerBound } from '../../analysis/risk-group-isolation.js';

/** Most analyses spent on finding the links each link works with, in all: then only those that secure the same NROs are named. */
const PARTNER_ANALYSES = 500;

/** One link of the proposed set, with the columns of the seed's table. */
export interface Proposal extends AugmentationCandidate {
  /** 1 first: least € per subscriber secured, then least cost. */
  rank: number;
  /** NROs the set brings to the target only with this link: without it, they no longer are. */
  securedNros: string[];
  subscribersSecured: number;
  /** Cost over subscribersSecured; null when 0. */
  eurPerSubscriber: number | null;
  eurPerM: number;
  /** When the link alone (on the baseline) does not secure all of its NROs: the other links of the set it needs. */
  alsoNeeds: string[];
}

/**
 * Each chosen link's figures: the NROs lost without it, their subscribers and the cost per
 * subscriber, and — when the link alone on the baseline does not secure them all — the links of
 * the set it works with (`partners`).
 *
 * To secure, what a link's removal loses comes from the cycle-equivalence classes of the set's
 * network (a link and the sections of its class form the 2-cuts it is in), and what it secures
 * alone from the baseline's bridges (it covers those on the tree path between its ends). Against
 * risk groups, also the NROs below it when it is a bridge of the set's network less a group, and
 * alone it must join each NRO a group cuts off to what the baseline less that group still reaches.
 *
 * @example
 * proposalFigures(instance, chosen, assess(instance, nothing)).proposals[0].securedNros; // ['NRO-CAY', 'NRO-FCT']
 */
export function proposalFigures(instance: AugmentationInstance, chosen: Uint8Array, baseline: Assessment): { proposals: Proposal[]; warnings: string[] } {
  const net = instance.full;
  const links = [...chosen.keys()].filter((l) => chosen[l]);
  const ofSet = networkWith(instance, chosen);
  const withAll = meetsIn(instance, ofSet);
  const gained: number[] = [];
  for (let v = 0; v < net.siteCount; v++) if (withAll[v] && !baseline.meets[v] && net.siteKind[v] === KIND_NRO) gained.push(v);
  const lost = lostByClass(instance, ofSet, links, gained);
  if (instance.requirement === 'secured-and-groups') lostToGroups(instance, ofSet, chosen, gained, lost);
  const alone = instance.requirement === 'secured' ? securedAlone(instance, baseline) : securedAloneAgainstGroups(instance, baseline);
  const budget = { analyses: PARTNER_ANALYSES, skipped: 0 };
  const proposals = links.map((l): Omit<Proposal, 'rank'> => {
    const mine = lost.get(l)!;
    const securedAlone = new Set(alone(l, mine));
    const needy = mine.filter((v) => !securedAlone.has(v));
    const alsoNeeds = needy.length === 0 ? [] : partners(instance, links, l, lost, needy, budget);
    const candidate = instance.candidates[l];
    const subscribersSecured = mine.reduce((s, v) => s + net.subscribers[v], 0);
    return {
      ...candidate,
      securedNros: mine.map((v) => net.siteIds[v]).sort(compareIds),
      subscribersSecured,
      eurPerSubscriber: subscribersSecured > 0 ? candidate.costEur / subscribersSecured : null,
      eurPerM: candidate.costEur / candidate.lengthM,
      alsoNeeds: alsoNeeds.map((m) => instance.candidates[m].id).sort(compareIds),
    };
  });
  proposals.sort((x, y) => (x.eurPerSubscriber ?? Number.POSITIVE_INFINITY) - (y.eurPerSubscriber ?? Number.POSITIVE_INFINITY) || x.costEur - y.costEur || compareIds(x.id, y.id));
  const ranked = proposals.map((p, i) => ({ rank: i + 1, ...p }));
  const warnings = budget.skipped > 0
    ? [`${budget.skipped} link(s) need others beyond those that secure the same NROs, not searched (more than ${PARTNER_ANALYSES} analyses): their alsoNeeds may be incomplete`]
    : [];
  return { proposals: ranked, warnings };
}

/** By site, 1 where a network (G plus some candidates) brings it to the instance's requirement. */
function meetsIn(instance: AugmentationInstance, net: CompiledNetwork): Uint8Array {
  const meets = Uint8Array.from(nroPaths(net), (p) => (p === 2 ? 1 : 0));
  if (instance.requirement === 'secured') return meets;
  for (const isolated of resilienceAnalysis(net).riskGroupIsolated) for (const v of isolated) meets[v] = 0;
  return meets;
}

/**
 * The gained NROs each chosen link's failure leaves single-homed, from the cycle-equivalence
 * classes of the set's network: in a class of tree sections t1 … tk from the top down (the
 * site below t_i at preorder z_i) and maybe one non-tree section g, the pairs with a section of
 * the class cut off subtree(z_1), less subtree(z_k) when there is no g (docs/double-failures.md);
 * every section of a class loses the same NROs. A link in no class (a bridge, or covering no
 * tree section alone) loses none.
 */
function lostByClass(instance: AugmentationInstance, ofSet: CompiledNetwork, links: readonly number[], gained: readonly number[]): Map<number, number[]> {
  const eq = cycleEquivalence(ofSet);
  const { tree, treeClass, memberOffset, members, classNonTree } = eq;
  const classOf = new Int32Array(ofSet.sectionCount).fill(-1);
  for (let x = 1; x <= tree.visited; x++) if (treeClass[x] >= 0) classOf[tree.parentSection[x]] = treeClass[x];
  for (let c = 0; c < eq.classCount; c++) if (classNonTree[c] >= 0) classOf[classNonTree[c]] = c;
  const byPreorder = gained.map((v) => tree.pre[v]).sort((a, b) => a - b);
  const atPre = new Map(gained.map((v) => [tree.pre[v], v]));
  const within = (from: number, to: number) => byPreorder.slice(lowerBound(byPreorder, from), lowerBound(byPreorder, to));
  const ofClass = new Map<number, number[]>();
  const lost = new Map<number, number[]>();
  for (const l of links) {
    const c = classOf[instance.firstCandidate + l];
    if (c < 0 || memberOffset[c + 1] === memberOffset[c]) {
      lost.set(l, []);
      continue;
    }
    let sites = ofClass.get(c);
    if (!sites) {
      const top = members[memberOffset[c]];
      const bottom = members[memberOffset[c + 1] - 1];
      const inner = classNonTree[c] >= 0 ? [] : within(bottom, bottom + tree.size[bottom]);
      const skip = new Set(inner);
      sites = within(top, top + tree.size[top]).filter((x) => !skip.has(x)).map((x) => atPre.get(x)!);
      ofClass.set(c, sites);
    }
    lost.set(l, sites);
  }
  return lost;
}

/**
 * Which of some NROs one link alone secures on the baseline: it must join two connected sites
 * and cover every bridge above the NRO — the nested subtrees of the NRO's chain of bridges each
 * hold exactly one of its ends, i.e. the deepest holds one end and the topmost not the other.
 */
function securedAlone(instance: AugmentationInstance, baseline: Assessment): (l: number, nros: readonly number[]) => number[] {
  const { tree, nearestBridge } = baseline.analysis;
  const { pre, parent, size } = tree;
  const holds = (x: number, p: number) => p >= x && p < x + size[x];
  return (l, nros) => {
    const a = pre[instance.endA[l]];
    const b = pre[instance.endB[l]];
    if (a < 0 || b < 0) return [];
    return nros.filter((v) => {
      const x = pre[v];
      if (x < 0) return false;
      const deepest = nearestBridge[x];
      if (deepest < 0) return true;
      let top = deepest;
      for (let c = deepest; c >= 0; c = parent[c] > 0 ? nearestBridge[parent[c]] : -1) top = c;
      return (holds(deepest, a) && !holds(top, b)) || (holds(deepest, b) && !holds(top, a));
    });
  };
}

/**
 * Against risk groups, the gained NROs a chosen link's failure also leaves cut off by some
 * group: those below it when it is a bridge of the set's network less the group's sections
 * (one depth-first tree per group), added to `lost`.
 */
function lostToGroups(instance: AugmentationInstance, ofSet: CompiledNetwork, chosen: Uint8Array, gained: readonly number[], lost: Map<number, number[]>): void {
  const wanted = new Uint8Array(ofSet.siteCount);
  for (const v of gained) wanted[v] = 1;
  const extra = new Map<number, Set<number>>();
  for (let g = 0; g + 1 < ofSet.riskOffset.length; g++) {
    if (ofSet.riskOffset[g + 1] === ofSet.riskOffset[g]) continue;
    const { parent, parentSection, low, size, order, visited } = dfsTree(withoutGroup(ofSet, g));
    for (let x = 1; x <= visited; x++) {
      const l = parentSection[x] - instance.firstCandidate;
      if (parent[x] === 0 || low[x] <= parent[x] || l < 0 || !chosen[l]) continue;
      const found = extra.get(l) ?? new Set<number>();
      for (let y = x; y < x + size[x]; y++) if (wanted[order[y]]) found.add(order[y]);
      extra.set(l, found);
    }
  }
  for (const [l, sites] of extra) lost.set(l, [...new Set([...lost.get(l)!, ...sites])]);
}

/**
 * Against risk groups, which of some NROs one link alone brings to the target on the baseline:
 * it secures them (`securedAlone`), and for each group that cuts one off, it joins the NRO's
 * part of the baseline less the group to what still reaches a head-end.
 */
function securedAloneAgainstGroups(instance: AugmentationInstance, baseline: Assessment): (l: number, nros: readonly number[]) => number[] {
  const secured = securedAlone(instance, baseline);
  const net = baseline.analysis.net;
  const partsOf = new Map<number, Int32Array>();
  const groupsOf = new Map<number, number[]>();
  baseline.analysis.riskGroupIsolated.forEach((isolated, g) => {
    if (isolated.length === 0) return;
    partsOf.set(g, partsWithout(withoutGroup(net, g)));
    for (const v of isolated) groupsOf.set(v, [...(groupsOf.get(v) ?? []), g]);
  });
  return (l, nros) => {
    const [a, b] = [instance.endA[l], instance.endB[l]];
    return secured(l, nros).filter((v) => (groupsOf.get(v) ?? []).every((g) => {
      const part = partsOf.get(g)!;
      return (part[a] === part[v] && part[b] < 0) || (part[b] === part[v] && part[a] < 0);
    }));
  };
}

/** A network less one risk group's sections. */
function withoutGroup(net: CompiledNetwork, g: number): CompiledNetwork {
  const dead = new Uint8Array(net.sectionCount);
  for (let i = net.riskOffset[g]; i < net.riskOffset[g + 1]; i++) dead[net.riskSections[i]] = 1;
  return networkWithout(net, { sections: dead });
}

/** By site: -1 where it reaches a head-end, else the number of its part (a connected component of the rest). */
function partsWithout(net: CompiledNetwork): Int32Array {
  const part = new Int32Array(net.siteCount).fill(-2);
  const spread = (from: number[], label: number) => {
    for (const v of from) part[v] = label;
    for (let i = 0; i < from.length; i++) {
      const v = from[i];
      for (let j = net.adjOffset[v]; j < net.adjOffset[v + 1]; j++) {
        const w = net.adjSite[j];
        if (part[w] !== -2) continue;
        part[w] = label;
        from.push(w);
      }
    }
  };
  spread([...net.headends], -1);
  let parts = 0;
  for (let v = 0; v < net.siteCount; v++) if (part[v] === -2) spread([v], parts++);
  return part;
}

/**
 * The other links of the set that `l` needs to secure `needy`: first those whose removal from
 * the set loses some of them (each is needed: a subset of the set without it fails them too),
 * then, while the engine's analysis of the baseline with `l` and those finds cuts of the needy
 * NROs violated, links of the set crossing most of them (the set meets every such cut); the
 * links added that way are then dropped, dearest first, when the rest still suffice.
 */
function partners(
  instance: AugmentationInstance,
  links: readonly number[],
  l: number,
  lost: ReadonlyMap<number, readonly number[]>,
  needy: readonly number[],
  budget: { analyses: number; skipped: number },
): number[] {
  const flags = new Uint8Array(instance.candidates.length);
  flags[l] = 1;
  const needed = links.filter((m) => m !== l && lost.get(m)!.some((v) => needy.includes(v)));
  for (const m of needed) flags[m] = 1;
  if (budget.analyses <= 0) {
    budget.skipped++;
    return needed;
  }
  const violated = () => {
    budget.analyses--;
    return violatedCuts(instance, assess(instance, flags), needy);
  };
  const added: number[] = [];
  for (let cuts = violated(); cuts.length > 0; cuts = violated()) {
    const short = new Set(cuts.keys());
    const missing = cuts.map((cut) => cut.demand - cut.links.reduce((s, m) => s + flags[m], 0));
    while (short.size > 0) {
      let best = -1;
      let most = 0;
      for (const m of links) {
        if (flags[m]) continue;
        let crossed = 0;
        for (const k of short) if (cuts[k].links.includes(m)) crossed++;
        if (crossed > most) [best, most] = [m, crossed];
      }
      if (best < 0) break;
      flags[best] = 1;
      added.push(best);
      for (const k of [...short]) if (cuts[k].links.includes(best) && --missing[k] <= 0) short.delete(k);
    }
  }
  for (const m of [...added].sort((x, y) => instance.costs[y] - instance.costs[x] || y - x)) {
    flags[m] = 0;
    if (violated().length > 0) flags[m] = 1;
  }
  return links.filter((m) => m !== l && flags[m]);
}
