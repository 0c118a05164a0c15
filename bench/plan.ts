import { dfsTree } from '../src/analysis/dfs-tree.js';
import { compileNetwork, KIND_NRO, SITE_KINDS } from '../src/graph/compile.js';
import type { DesaturationWork, RedundancyLink, Topology } from '../src/model/schema.js';
import { distanceM } from '../src/planning/candidate-links.js';
import { loadMilpSolver } from '../src/planning/milp/milp-solver.js';
import { nroPaths } from '../src/planning/nro-paths.js';
import { engineSaturationModel } from '../src/planning/saturation-engine-model.js';
import { type Plan, type PlanOptions, planInvestments } from '../src/planning/plan/plan.js';
import { fibreNetwork } from './generate.js';
import { prng } from './prng.js';

const JUNCTION = SITE_KINDS.indexOf('junction');

/** One method's figures on one instance. */
export interface PlanMethodFigures {
  method: string;
  ms: number;
  optimal: boolean;
  status: string | null;
  gap: number | null;
  bound: number | null;
  score: number;
  sectionsCleared: number;
  costEur: number;
  works: number;
  /** HiGHS's own seconds, every solve (the rest of `ms`: the greedy start, the checks, the figures). */
  solverSeconds: number | null;
  rounds: number | null;
  nodes: number | null;
}

export interface PlanBenchFigures {
  /** `generated` for `planInstance`, else the name given in `networks`. */
  network: string;
  candidates: number;
  links: number;
  works: number;
  sites: number;
  sections: number;
  budgetEur: number;
  milp: PlanMethodFigures;
  greedy: PlanMethodFigures;
  /** Branch and bound, at 25 candidates or fewer only; null above. */
  branchAndBound: PlanMethodFigures | null;
  /** MILP score / greedy score − 1. */
  milpOverGreedy: number | null;
}

export interface PlanBenchOptions {
  /** Candidates per instance. Default 25, 50, 100, 200, 400. */
  sizes?: readonly number[];
  seed?: number;
  /** The MILP's time limit, seconds. Default 60. */
  timeLimitS?: number;
  /** Share of the candidates' total cost the budget allows. Default 0.3. */
  budgetShare?: number;
  /** Real networks too, after the generated ones (the Somme network with its proposals, say). */
  networks?: ReadonlyArray<{ name: string; topology: Topology; budgetEur: number; years?: number; propose?: boolean }>;
}

/**
 * A generated planning instance of about `candidates` candidates: a `fibreNetwork` sized to
 * have enough single-homed NROs, four in five candidates links proposed by geometry (each from a
 * single-homed NRO to the nearest connected site outside what its topmost bridge cuts off;
 * length = distance × 1.3, 25 €/m) and one in five desaturation works on sections of the
 * collection routes made near or saturated, a third of them needing two works together.
 *
 * @example
 * planInstance(100, 1).redundancyLinks!.length; // 80
 */
export function planInstance(candidates: number, seed = 1): Topology {
  const random = prng(seed * 7919 + candidates);
  const linkCount = Math.round(candidates * 0.8);
  const workCount = candidates - linkCount;
  const topology = fibreNetwork({ sections: Math.max(150, Math.round(linkCount * 5.5)), seed });
  const net = compileNetwork(topology);
  const paths = nroPaths(net);
  const tree = dfsTree(net);
  const sites = new Map(topology.sites.map((s) => [s.id, s]));
  // The topmost bridge above each connected site: what a link from it must leave.
  const top = new Int32Array(tree.visited + 1);
  for (let x = 1; x <= tree.visited; x++) {
    const p = tree.parent[x];
    top[x] = p > 0 && tree.low[x] > p && top[p] === 0 ? x : p > 0 ? top[p] : 0;
  }
  const single = Array.from({ length: net.siteCount }, (_, v) => v).filter((v) => net.siteKind[v] === KIND_NRO && paths[v] === 1);
  for (let i = single.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [single[i], single[j]] = [single[j], single[i]];
  }
  const connected = Array.from({ length: net.siteCount }, (_, v) => v).filter((v) => tree.pre[v] > 0 && net.siteKind[v] !== JUNCTION);
  const links: RedundancyLink[] = [];
  const taken = new Set<string>();
  for (const v of single) {
    if (links.length >= linkCount) break;
    const x = tree.pre[v];
    const root = top[x];
    const from = sites.get(net.siteIds[v])!;
    let best: { w: number; d: number } | undefined;
    for (const w of connected) {
      const y = tree.pre[w];
      if (root > 0 && y >= root && y < root + tree.size[root]) continue;
      const d = distanceM(from, sites.get(net.siteIds[w])!);
      if (!best || d < best.d) best = { w, d };
    }
    if (!best) continue;
    const key = [v, best.w].sort().join('-');
    if (taken.has(key)) continue;
    taken.add(key);
    const lengthM = Math.max(1, Math.round(best.d * 1.3));
    links.push({ id: `P-${links.length}`, priority: 1 + Math.floor(random() * 3), a: net.siteIds[v], b: net.siteIds[best.w], lengthM, costEur: lengthM * 25, owner: 'SMSN' });
  }

  // Works on sections of routes, each made strained by its routed load: cleared by one work, or
  // by two together. Elsewhere the capacity is raised to twice the load, so that the strained
  // sections are the works' own and the routes through them can be unblocked.
  const loads = new Map(engineSaturationModel(topology).sectionLoads(topology.sections.map((s) => s.id), []).map((l) => [l.section, l.loadFibres ?? 0]));
  const onRoutes = topology.sections.filter((s) => s.status !== 'planned' && (loads.get(s.id) ?? 0) > (s.usedFibres ?? 0));
  const works: DesaturationWork[] = [];
  const strained = new Map<string, number>();
  while (works.length < workCount && onRoutes.length > 0) {
    const s = onRoutes.splice(Math.floor(random() * onRoutes.length), 1)[0];
    const load = loads.get(s.id)!;
    const pair = random() < 0.33 && works.length + 2 <= workCount;
    // Alone: 95 % of the capacity, a work doubles it. Pair: 100 %, each work adds 15 %: one leaves it near, both clear it.
    const capacity = pair ? load : Math.ceil(load / 0.95);
    strained.set(s.id, capacity);
    for (let k = 0; k < (pair ? 2 : 1); k++) {
      const lengthM = 500 + Math.floor(random() * 5000);
      works.push({ id: `D-${works.length}`, urgency: 1 + Math.floor(random() * 3), label: `work on ${s.id}`, sections: [s.id], owner: 'SMSN', lengthM, costEur: lengthM * 20, addedCapacityFibres: pair ? Math.ceil(capacity * 0.15) : capacity });
    }
  }
  const sections = topology.sections.map((s) => ({ ...s, capacityFibres: strained.get(s.id) ?? Math.max(s.capacityFibres ?? 0, 2 * Math.ceil(loads.get(s.id) ?? 0), 12) }));
  return { ...topology, name: `${topology.name}, ${links.length} links + ${works.length} works`, sections, redundancyLinks: links, desaturationWorks: works };
}

/**
 * The plan's methods side by side on generated instances (`planInstance`) of each size, and on
 * the `networks` given, the same run: the MILP (time, status, gap, value), the lazy greedy, and
 * branch and bound at 25 candidates or fewer. JSON-ready.
 *
 * @example
 * const figures = await planBench({ sizes: [50, 100], networks: [{ name: 'somme', topology: somme, budgetEur: 3_884_950, years: 3, propose: true }] });
 * figures[0].milp.optimal; // true
 */
export async function planBench(options: PlanBenchOptions = {}): Promise<PlanBenchFigures[]> {
  const solver = await loadMilpSolver();
  const timeLimitS = options.timeLimitS ?? 60;
  const runs = [
    ...(options.sizes ?? [25, 50, 100, 200, 400]).map((size) => {
      const topology = planInstance(size, options.seed ?? 1);
      const total = [...topology.redundancyLinks!, ...topology.desaturationWorks!].reduce((t, w) => t + w.costEur, 0);
      return { name: 'generated', topology, budgetEur: Math.round(total * (options.budgetShare ?? 0.3)), years: undefined, propose: undefined };
    }),
    ...(options.networks ?? []),
  ];
  const out: PlanBenchFigures[] = [];
  for (const { name, topology, budgetEur, years, propose } of runs) {
    const run = (method: PlanOptions['method']) => timedPlan(topology, { budgetEur, years, propose, method, solver, timeLimitS, exactLimit: 25 });
    // The greedy first: the MILP starts from its set, computed again inside its own run.
    const greedy = run('greedy');
    const milp = run('milp');
    const candidates = milp.candidates;
    out.push({
      network: name,
      candidates,
      links: milp.links,
      works: (topology.desaturationWorks ?? []).length,
      sites: topology.sites.length,
      sections: topology.sections.length,
      budgetEur,
      milp: milp.figures,
      greedy: greedy.figures,
      branchAndBound: candidates <= 25 ? run('branch-and-bound').figures : null,
      milpOverGreedy: greedy.figures.score > 0 ? Math.round((milp.figures.score / greedy.figures.score - 1) * 1e4) / 1e4 : null,
    });
  }
  return out;
}

function timedPlan(topology: Topology, options: PlanOptions): { figures: PlanMethodFigures; candidates: number; links: number } {
  const start = performance.now();
  const plan: Plan = planInvestments(topology, options);
  const ms = Math.round(performance.now() - start);
  const links = plan.selected.filter((w) => w.kind === 'redundancy link').length + plan.notSelected.filter((w) => w.kind === 'redundancy link').length;
  return { candidates: plan.candidates, links, figures: {
    method: plan.method,
    ms,
    optimal: plan.optimal,
    status: plan.solver?.status ?? null,
    gap: plan.gap,
    bound: plan.bound,
    score: plan.value.score,
    sectionsCleared: plan.value.sectionsCleared,
    costEur: plan.costEur,
    works: plan.selected.length,
    solverSeconds: plan.solver?.seconds ?? null,
    rounds: plan.solver?.rounds ?? null,
    nodes: plan.solver?.nodes ?? null,
  } };
}
