import { type CompiledNetwork, KIND_NRO } from '../graph/compile.js';
import { type DfsTree, dfsTree, isBridgeAbove, isSeparatedByParent } from './dfs-tree.js';
import { compareIds, idOrder, type IdOrder } from './id-order.js';
import { riskGroupIsolation, type RiskGroupOptions } from './risk-group-isolation.js';

export type NroStatus = 'isolated' | 'single-homed' | 'secured';

export interface NroResilience {
  id: string;
  name?: string;
  subscribers: number;
  paths: 0 | 1 | 2;
  status: NroStatus;
  criticalSections: string[];
  criticalSites: string[];
  sharedRiskGroups: string[];
  exposedBy: string[];
}

export interface Impact {
  isolatedNros: string[];
  subscribersCut: number;
  isolatedSites: string[];
}

export type SectionImpact = { section: string } & Impact;
export type SiteImpact = { site: string } & Impact;

/** The `analyse --json` document of DESIGN.md §5. */
export interface ResilienceReport {
  headends: string[];
  nros: NroResilience[];
  bridges: string[];
  articulationSites: string[];
  cutImpact: SectionImpact[];
  siteImpact: SiteImpact[];
}

export type ResilienceOptions = RiskGroupOptions;

const STATUS: readonly NroStatus[] = ['isolated', 'single-homed', 'secured'];

/**
 * Everything DESIGN.md §4 asks of one network, from one depth-first tree: the resilience of
 * every NRO, the bridges and articulation sites, and the single-cut tables of every section
 * and every site. Linear in the network plus the size of the answer.
 *
 * @example
 * const report = resilienceReport(compileNetwork(topology));
 * report.nros.filter((n) => n.status === 'single-homed');
 */
export function resilienceReport(net: CompiledNetwork, options: ResilienceOptions = {}): ResilienceReport {
  const tree = dfsTree(net);
  const sites = idOrder(net.siteIds);
  const sections = idOrder(net.sectionIds);
  const context: Context = { net, tree, sites, subscribersBefore: subscriberPrefix(net, tree) };
  const groupsOf = nroRiskGroups(net, riskGroupIsolation(net, tree, options));

  return {
    headends: sites.sorted(net.headends),
    nros: nroResilience(context, sections, groupsOf),
    bridges: sections.sorted(tree.order.filter((v, x) => x > 0 && isBridgeAbove(tree, v)).map((v) => tree.parentSection[v])),
    articulationSites: sites.sorted(articulationSites(net, tree)),
    cutImpact: sortImpacts(sectionImpacts(context), 'section'),
    siteImpact: sortImpacts(siteImpacts(context), 'site'),
  };
}

interface Context {
  net: CompiledNetwork;
  tree: DfsTree;
  sites: IdOrder;
  /** Subscribers of the sites before each preorder: the sum over any subtree in O(1). */
  subscribersBefore: Float64Array;
}

function nroResilience(context: Context, sections: IdOrder, groupsOf: Map<number, number[]>): NroResilience[] {
  const { net, tree, sites } = context;
  const upBridge = nearestAbove(tree, (v) => isBridgeAbove(tree, v));
  const upSeparation = nearestAbove(tree, (v) => isSeparatedByParent(net, tree, v));
  const nros: NroResilience[] = [];
  for (let v = 0; v < net.siteCount; v++) {
    if (net.siteKind[v] !== KIND_NRO) continue;
    const criticalSections = chain(tree, upBridge, v).map((c) => tree.parentSection[c]);
    const criticalSites = chain(tree, upSeparation, v).map((c) => tree.parent[c]);
    const paths = tree.pre[v] < 0 ? 0 : criticalSections.length > 0 ? 1 : 2;
    const owners = [...new Set(criticalSections.map((e) => net.owners[net.sectionOwner[e]]))];
    nros.push({
      id: net.siteIds[v],
      ...(net.siteNames[v] !== undefined && { name: net.siteNames[v] }),
      subscribers: net.subscribers[v],
      paths,
      status: STATUS[paths],
      criticalSections: sections.sorted(criticalSections),
      criticalSites: sites.sorted(criticalSites),
      sharedRiskGroups: (groupsOf.get(v) ?? []).map((g) => net.riskGroups[g]).sort(compareIds),
      exposedBy: owners.sort(compareIds),
    });
  }
  return nros.sort((a, b) => compareIds(a.id, b.id));
}

/**
 * For each site, the nearest site on its way up the tree (itself included) that satisfies
 * `test`, or -1: filled in preorder so that each answer reuses its parent's.
 */
function nearestAbove(tree: DfsTree, test: (v: number) => boolean): Int32Array {
  const nearest = new Int32Array(tree.pre.length).fill(-1);
  for (let x = 1; x <= tree.visited; x++) {
    const v = tree.order[x];
    const p = tree.parent[v];
    nearest[v] = test(v) ? v : p >= 0 ? nearest[p] : -1;
  }
  return nearest;
}

/** The sites found by `nearest` from `v` up to the source, in time proportional to their number. */
function chain(tree: DfsTree, nearest: Int32Array, v: number): number[] {
  const found: number[] = [];
  for (let c = nearest[v]; c >= 0; c = tree.parent[c] >= 0 ? nearest[tree.parent[c]] : -1) found.push(c);
  return found;
}

function articulationSites(net: CompiledNetwork, tree: DfsTree): number[] {
  const marked = new Uint8Array(net.siteCount);
  const found: number[] = [];
  for (let x = 1; x <= tree.visited; x++) {
    const v = tree.order[x];
    const p = tree.parent[v];
    if (isSeparatedByParent(net, tree, v) && !marked[p]) {
      marked[p] = 1;
      found.push(p);
    }
  }
  return found;
}

function sectionImpacts(context: Context): SectionImpact[] {
  const { net, tree } = context;
  const bridgeChild = new Int32Array(net.sectionCount).fill(-1);
  for (let x = 1; x <= tree.visited; x++) {
    const v = tree.order[x];
    if (isBridgeAbove(tree, v)) bridgeChild[tree.parentSection[v]] = v;
  }
  return net.sectionIds.map((section, e) => ({
    section,
    ...impactOf(context, bridgeChild[e] < 0 ? [] : [subtreeOf(tree, bridgeChild[e])]),
  }));
}

function siteImpacts(context: Context): SiteImpact[] {
  const { net, tree } = context;
  const impacts: SiteImpact[] = [];
  for (let v = 0; v < net.siteCount; v++) {
    if (net.isHeadend[v]) continue;
    const intervals: Array<[number, number]> = [];
    if (tree.pre[v] >= 0) {
      intervals.push([tree.pre[v], tree.pre[v] + 1]);
      for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
        const w = net.adjSite[i];
        const isChild = tree.parent[w] === v && tree.parentSection[w] === net.adjSection[i];
        if (isChild && tree.low[w] >= tree.pre[v]) intervals.push(subtreeOf(tree, w));
      }
    }
    impacts.push({ site: net.siteIds[v], ...impactOf(context, intervals) });
  }
  return impacts;
}

function subtreeOf(tree: DfsTree, v: number): [number, number] {
  return [tree.pre[v], tree.pre[v] + tree.size[v]];
}

/** The impact of losing the sites whose preorders lie in the given disjoint intervals. */
function impactOf({ net, tree, sites, subscribersBefore }: Context, intervals: Array<[number, number]>): Impact {
  let subscribersCut = 0;
  const isolated: number[] = [];
  for (const [from, to] of intervals) {
    subscribersCut += subscribersBefore[to] - subscribersBefore[from];
    for (let x = from; x < to; x++) isolated.push(tree.order[x]);
  }
  return {
    isolatedNros: sites.sorted(isolated.filter((v) => net.siteKind[v] === KIND_NRO)),
    subscribersCut,
    isolatedSites: sites.sorted(isolated),
  };
}

function subscriberPrefix(net: CompiledNetwork, tree: DfsTree): Float64Array {
  const before = new Float64Array(tree.visited + 2);
  for (let x = 1; x <= tree.visited; x++) before[x + 1] = before[x] + net.subscribers[tree.order[x]];
  return before;
}

function nroRiskGroups(net: CompiledNetwork, isolatedByGroup: Int32Array[]): Map<number, number[]> {
  const groupsOf = new Map<number, number[]>();
  isolatedByGroup.forEach((isolated, g) => {
    for (const v of isolated) {
      if (net.siteKind[v] !== KIND_NRO) continue;
      const list = groupsOf.get(v);
      if (list) list.push(g);
      else groupsOf.set(v, [g]);
    }
  });
  return groupsOf;
}

function sortImpacts<T extends Impact & Record<K, string>, K extends string>(impacts: T[], key: K): T[] {
  return impacts.sort((a, b) => b.subscribersCut - a.subscribersCut || compareIds(a[key], b[key]));
}
