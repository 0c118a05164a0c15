import { dfsTree } from '../../analysis/dfs-tree.js';
import { type CompiledNetwork, compileNetwork, KIND_NRO } from '../../graph/compile.js';
import type { Topology } from '../../model/schema.js';
import { type ScenarioOptions, scenarioNetwork } from '../link-scenario.js';
import { nroPaths } from '../nro-paths.js';
import type { PlanObjective } from './objective.js';

/** A candidate of the plan, in the column order of the programme. */
export interface StructureCandidate {
  id: string;
  kind: 'link' | 'work';
}

/** A cut S around an NRO: `Σ x_l (l ∈ links, the candidate links crossing S) ≥ need · y_nro`, need = 2 − |δ_G(S)|. */
export interface LinkCut {
  /** Index into `nros`. */
  nro: number;
  /** Candidate indices. */
  links: number[];
  need: 1 | 2;
}

/**
 * A bridge e of the baseline on the way of some NRO to the head-ends: `t ≤ Σ x_l` over the
 * candidate links crossing S_e (the side of e away from the head-ends), `t ≤ t_up` for the next
 * bridge towards the head-ends. `t` = 1 says every bridge from e up is covered.
 */
export interface BridgeCover {
  links: number[];
  /** Index of the next bridge towards the head-ends, -1 when none. */
  up: number;
}

/** A strained section some works can clear, and the minimal sets of works that do (candidate indices). */
export interface ClearableSection {
  id: string;
  sets: number[][];
}

/** A blocked route that the works can unblock: every strained section it crosses is clearable. */
export interface UnblockableRoute {
  nro: string;
  /** What unblocking it adds to the score: weight × subscribers. */
  worth: number;
  /** Indices into `sections`. */
  sections: number[];
}

/**
 * The linear structure of the `subscribers` objective (docs/analysis.md, "Planning"): what the
 * MILP is made of, without a solver.
 */
export interface PlanStructure {
  candidates: readonly StructureCandidate[];
  /** The NROs the objective counts that the baseline does not secure, with subscribers. */
  nros: Array<{ id: string; subscribers: number; bridge: number }>;
  bridges: BridgeCover[];
  /** The cuts known before any solve: the components of the NROs not connected to a head-end. */
  cuts: LinkCut[];
  sections: ClearableSection[];
  routes: UnblockableRoute[];
  /** Strained sections named by more works than `maxWorksPerSection`: the clearing sets were not enumerated. */
  tooManyWorks: string[];
  /**
   * The cuts the chosen links violate: for each NRO claimed secured (indices into `nros`) that
   * the engine's analysis of the network with `links` does not secure, the cut of its component
   * when it is isolated, else the side of each bridge on its way to the head-ends.
   */
  violatedCuts(links: readonly string[], claimed: readonly number[]): LinkCut[];
}

export interface PlanStructureOptions {
  /** Most works on one strained section whose subsets are enumerated. Default 12. */
  maxWorksPerSection?: number;
}

const STRAINED = new Set(['saturated', 'near']);

/**
 * The MILP's structure of a plan: for the links, each NRO not secured in the baseline and the
 * bridges of the baseline on its way to the head-ends (sides by preorder intervals of the
 * depth-first tree) or, when it is isolated, its component; for the works, the minimal sets of
 * works that clear each strained section (asked of the saturation model itself) and the blocked
 * routes they unblock. Links and works act on separate terms, so the objective is linear in
 * these. Cuts missed here are found after each solve by `violatedCuts`.
 *
 * @example
 * const structure = planStructure(topology, {}, objective, [{ id: 'R-01', kind: 'link' }, { id: 'D-01', kind: 'work' }]);
 * structure.bridges.length; // the bridges the links may cover
 */
export function planStructure(
  topology: Topology,
  scenario: ScenarioOptions,
  objective: PlanObjective,
  candidates: readonly StructureCandidate[],
  options: PlanStructureOptions = {},
): PlanStructure {
  const base = new Set(scenario.baseLinks ?? []);
  const linkEnds = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, [l.a, l.b] as const]));
  // Links taken as built are in the baseline already: choosing them again adds nothing.
  const links = candidates.flatMap((c, k) => (c.kind === 'link' && !base.has(c.id) && linkEnds.has(c.id) ? [{ k, id: c.id, ends: linkEnds.get(c.id)! }] : []));
  const net = compileNetwork(topology, scenarioNetwork(scenario));
  const paths = nroPaths(net);
  const tree = dfsTree(net);
  const endsIn = (n: CompiledNetwork) => links.map((l) => [n.siteIndex.get(l.ends[0]) ?? -1, n.siteIndex.get(l.ends[1]) ?? -1] as const);
  const baseEnds = endsIn(net);
  const crossing = (inside: (site: number) => boolean, ends: ReadonlyArray<readonly [number, number]>) =>
    links.flatMap((l, j) => (inside(ends[j][0]) !== inside(ends[j][1]) ? [l.k] : []));

  // Bridges of the baseline, found from the bottom of each NRO's way up: `bridgeAt[x]`, the
  // index of the bridge above preorder x, when the tree edge into x is one.
  const { parent, low, size, pre } = tree;
  const bridgeAt = new Int32Array(tree.visited + 1).fill(-1);
  const lowestBridge = new Int32Array(tree.visited + 1).fill(-1);
  const bridgeRoot: number[] = [];
  const bridges: BridgeCover[] = [];
  const bridgeOf = (x: number): number => {
    if (bridgeAt[x] < 0) {
      bridgeAt[x] = bridges.length;
      bridgeRoot.push(x);
      bridges.push({ links: [], up: -1 });
    }
    return bridgeAt[x];
  };
  // In preorder a parent comes before its children: the lowest bridge at or above each site.
  for (let x = 1; x <= tree.visited; x++) {
    const p = parent[x];
    lowestBridge[x] = p > 0 && low[x] > p ? x : p > 0 ? lowestBridge[p] : -1;
  }

  const nros: PlanStructure['nros'] = [];
  const cuts: LinkCut[] = [];
  const component = new Int32Array(net.siteCount).fill(-1);
  for (let v = 0; v < net.siteCount; v++) {
    if (net.siteKind[v] !== KIND_NRO || paths[v] === 2 || !(net.subscribers[v] > 0)) continue;
    const id = net.siteIds[v];
    if (!objective.counts(id)) continue;
    const x = pre[v];
    if (x > 0) {
      const bottom = lowestBridge[x];
      if (bottom <= 0) continue;
      nros.push({ id, subscribers: net.subscribers[v], bridge: bridgeOf(bottom) });
      for (let y = bottom; y > 0; ) {
        const b = bridgeOf(y);
        const above = parent[y] > 0 ? lowestBridge[parent[y]] : -1;
        if (above <= 0) break;
        const alreadyChained = bridgeAt[above] >= 0;
        bridges[b].up = bridgeOf(above);
        if (alreadyChained) break;
        y = above;
      }
    } else {
      if (component[v] < 0) label(net, v, v, component);
      const c = component[v];
      nros.push({ id, subscribers: net.subscribers[v], bridge: -1 });
      cuts.push({ nro: nros.length - 1, links: crossing((s) => s >= 0 && component[s] === c, baseEnds), need: 2 });
    }
  }
  // Ends of links at sites not connected to a head-end have no preorder: outside every subtree.
  const preEnds = baseEnds.map(([a, b]) => [a >= 0 ? pre[a] : -1, b >= 0 ? pre[b] : -1] as const);
  bridges.forEach((bridge, b) => {
    const x = bridgeRoot[b];
    const end = x + size[x];
    bridge.links = crossing((p) => p >= x && p < end, preEnds);
  });

  const { sections, routes, tooManyWorks } = worksStructure(topology, objective, candidates, options.maxWorksPerSection ?? 12);

  const violatedCuts = (chosen: readonly string[], claimed: readonly number[]): LinkCut[] => {
    const chosenLinks = new Set(chosen.filter((id) => linkEnds.has(id) && !base.has(id)));
    const after = compileNetwork(topology, scenarioNetwork(scenario, [...chosenLinks]));
    const afterPaths = nroPaths(after);
    const wrong = claimed.filter((n) => afterPaths[after.siteIndex.get(nros[n].id)!] !== 2);
    if (wrong.length === 0) return [];
    const t = dfsTree(after);
    const ends = endsIn(after);
    const afterPre = ends.map(([a, b]) => [a >= 0 ? t.pre[a] : -1, b >= 0 ? t.pre[b] : -1] as const);
    const labels = new Int32Array(after.siteCount).fill(-1);
    const found: LinkCut[] = [];
    for (const n of wrong) {
      const v = after.siteIndex.get(nros[n].id)!;
      const x = t.pre[v];
      if (x < 0) {
        if (labels[v] < 0) label(after, v, v, labels);
        const c = labels[v];
        found.push({ nro: n, links: crossing((s) => s >= 0 && labels[s] === c, ends), need: 2 });
        continue;
      }
      // Every bridge of the network with the chosen links on the NRO's way up: its side is a cut
      // crossed once, by a section of the baseline (need 1 more) or by a chosen link (need 2).
      for (let y = x; y > 0; y = t.parent[y]) {
        const p = t.parent[y];
        if (!(p > 0 && t.low[y] > p)) continue;
        const end = y + t.size[y];
        const need = chosenLinks.has(after.sectionIds[t.parentSection[y]]) ? 2 : 1;
        found.push({ nro: n, links: crossing((q) => q >= y && q < end, afterPre), need });
      }
    }
    return found;
  };

  return { candidates, nros, bridges, cuts, sections, routes, tooManyWorks, violatedCuts };
}

/** Labels with `mark` every site reachable from `from` (one component). */
function label(net: CompiledNetwork, from: number, mark: number, labels: Int32Array) {
  const stack = [from];
  labels[from] = mark;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
      const w = net.adjSite[i];
      if (labels[w] < 0) {
        labels[w] = mark;
        stack.push(w);
      }
    }
  }
}

/**
 * The works' side: the strained sections before any work (those `routeRelief` watches), the
 * minimal sets of the works naming each that clear it, asked of the model itself, and the blocked
 * routes whose every strained section some set clears. Routes do not move in either saturation
 * model, so a section's state depends only on the works naming it.
 */
function worksStructure(topology: Topology, objective: PlanObjective, candidates: readonly StructureCandidate[], maxWorks: number) {
  const model = objective.saturation;
  const works = topology.desaturationWorks ?? [];
  const column = new Map(candidates.flatMap((c, k) => (c.kind === 'work' ? [[c.id, k] as const] : [])));
  const watched = [...new Set([...model.routes.flatMap((r) => r.sections), ...works.flatMap((w) => w.sections)])];
  const strained = model.sectionLoads(watched, []).filter((l) => STRAINED.has(l.state)).map((l) => l.section);
  const worksOn = new Map<string, string[]>();
  for (const w of works) if (column.has(w.id)) for (const s of new Set(w.sections)) worksOn.set(s, [...(worksOn.get(s) ?? []), w.id]);

  const sections: ClearableSection[] = [];
  const sectionIndex = new Map<string, number>();
  const tooManyWorks: string[] = [];
  for (const s of strained) {
    const on = worksOn.get(s) ?? [];
    if (on.length === 0) continue;
    if (on.length > maxWorks) {
      tooManyWorks.push(s);
      continue;
    }
    const sets = minimalClearingSets(on, (subset) => !STRAINED.has(model.sectionLoads([s], subset)[0].state));
    if (sets.length === 0) continue;
    sectionIndex.set(s, sections.length);
    sections.push({ id: s, sets: sets.map((set) => set.map((id) => column.get(id)!)) });
  }

  const strainedSet = new Set(strained);
  const weight = objective.weight;
  const routes: UnblockableRoute[] = [];
  for (const r of model.routes) {
    const on = [...new Set(r.sections.filter((s) => strainedSet.has(s)))];
    if (on.length === 0 || !objective.counts(r.nro) || !(r.subscribers > 0) || !(weight > 0)) continue;
    if (on.some((s) => !sectionIndex.has(s))) continue;
    routes.push({ nro: r.nro, worth: weight * r.subscribers, sections: on.map((s) => sectionIndex.get(s)!) });
  }
  return { sections, routes, tooManyWorks };
}

/**
 * The minimal subsets of `works` for which `clears` holds, smallest first, assuming it is
 * monotone (more works clear at least as much): supersets of a clearing set are skipped.
 *
 * @example
 * minimalClearingSets(['a', 'b', 'c'], (s) => s.includes('a') || (s.includes('b') && s.includes('c'))); // [['a'], ['b', 'c']]
 */
export function minimalClearingSets(works: readonly string[], clears: (subset: string[]) => boolean): string[][] {
  const k = works.length;
  const masks = Array.from({ length: 1 << k }, (_, m) => m).slice(1).sort((a, b) => popcount(a) - popcount(b) || a - b);
  const found: number[] = [];
  for (const m of masks) {
    if (found.some((f) => (f & m) === f)) continue;
    if (clears(works.filter((_, i) => (m >> i) & 1))) found.push(m);
  }
  return found.map((m) => works.filter((_, i) => (m >> i) & 1));
}

function popcount(m: number): number {
  let c = 0;
  for (let x = m; x; x &= x - 1) c++;
  return c;
}
