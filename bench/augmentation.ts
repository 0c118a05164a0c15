import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reachableSites } from '../src/analysis/reachability.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { minCostAugmentation } from '../src/planning/augmentation/min-cost-augmentation.js';
import { loadMilpSolver, type MilpSolver } from '../src/planning/milp/milp-solver.js';
import { type BenchCandidate, benchCandidates } from './augmentation-candidates.js';
import { fibreNetwork } from './generate.js';

export interface AugmentationBenchOptions {
  /** The repository's root (bench/*.py are read there). */
  root: string;
  /** A directory for each network's input file. */
  work: string;
  /** The Topology Zoo GML files (with their SHA256SUMS). Default `<root>/../shared/datasets/topology-zoo`. */
  zooDir?: string;
  /** The Zoo networks to run, by file name without `.gml`. Default every file of `zooDir`; [] for none. */
  zoo?: readonly string[];
  /** Generated networks (`fibreNetwork`), by number of sections. Default 1e3, 3e3 and 1e4 (NetworkX runs out of memory at 1e4). */
  generated?: readonly number[];
  /** Seed of the generated networks. Default 42. */
  seed?: number;
  /** Seconds NetworkX may take per network before it is stopped. Default 900. */
  networkxTimeoutS?: number;
  /** NetworkX's address-space limit, MB (its arborescence takes many GB at 1e4 sections). Default 12 000. */
  networkxMemoryMB?: number;
  /** Also NetworkX's algorithm with the lightest arcs on the networks where NetworkX took at most this many seconds. Default 120. */
  lightestArcsUpToS?: number;
  /** The engine's MILP time limit per network, seconds. Default 300. */
  timeLimitS?: number;
  /** Default `loadMilpSolver()`. */
  solver?: MilpSolver;
}

/** One side's answer on one network. */
export interface AugmentationAnswer {
  costEur: number | null;
  seconds: number | null;
  links: number | null;
  /** Every analysed site secured with the links, by the engine's analysis (no bridge, every site reached). */
  secured: boolean | null;
}

export interface NetworkxAnswer extends AugmentationAnswer {
  /** `ok`, `timeout` (stopped after networkxTimeoutS), `error` (an exception: `error` says which). */
  status: 'ok' | 'timeout' | 'error';
  error?: string;
  /** NetworkX's own check: nx.is_k_edge_connected(G + links, 2). */
  check?: boolean;
  /**
   * NetworkX's algorithm with the lightest arc kept in its metagraph (bench/networkx_augmentation.py
   * `lightest_arc_augmentation`: NetworkX keeps the last one written), when NetworkX took at most
   * `lightestArcsUpToS`; its check is NetworkX's.
   */
  lightestArcs?: { costEur: number; seconds: number; links: number; check: boolean };
}

export interface EngineAnswer extends AugmentationAnswer {
  method: string;
  optimal: boolean;
  lowerBoundEur: number;
  gap: number;
  status: string;
}

/** One JSON record per network. */
export interface AugmentationRecord {
  bench: 'augmentation';
  network: string;
  source: 'topology-zoo' | 'generated';
  sites: number;
  sections: number;
  headends: number;
  candidates: number;
  /** Candidate pairs added so that every site can be secured (bench/augmentation-candidates.ts). */
  repairPairs: number;
  radiusM: number;
  networkx: NetworkxAnswer;
  milp: EngineAnswer;
  heuristic: EngineAnswer;
  /** Cost ratios; null when a side has no answer. */
  milpOverNetworkx: number | null;
  heuristicOverNetworkx: number | null;
  heuristicOverMilp: number | null;
  /** NetworkX over the proven optimum (null unless the MILP proved it). */
  networkxOverOptimum: number | null;
  /** The same for NetworkX's algorithm with the lightest arcs. */
  lightestArcsOverOptimum: number | null;
}

/** A network left out, and why. */
export interface AugmentationSkip {
  bench: 'augmentation';
  network: string;
  source: 'topology-zoo' | 'generated';
  skipped: string;
}

/**
 * The every-site augmentation against NetworkX's `k_edge_augmentation(k=2, avail=…)`, network
 * by network: every Topology Zoo GML of `zooDir` (converted as the oracle fixtures are:
 * bench/zoo_topology.py), then the generated networks; on each, the same candidate list
 * (`benchCandidates`) for NetworkX (bench/networkx_augmentation.py, in a child process, timed
 * there around the call alone) and for `minCostAugmentation` (target every-site), once as
 * the MILP (every candidate within the exact limit) and once as the heuristic (exactLimit 0),
 * each timed around the call (analyses and solves; both sides: the median of 3 runs, or of the
 * runs made within 5 s). Each answer's links are checked with the
 * engine's analysis. One record per network, in order; synchronous solves.
 *
 * @example
 * for await (const record of augmentationBench({ root, work, zoo: ['Geant2012'], generated: [] })) console.log(record.milpOverNetworkx);
 * // 0.66
 */
export async function* augmentationBench(options: AugmentationBenchOptions): AsyncGenerator<AugmentationRecord | AugmentationSkip> {
  const solver = options.solver ?? (await loadMilpSolver());
  const zooDir = options.zooDir ?? join(options.root, '..', 'shared', 'datasets', 'topology-zoo');
  const zoo = options.zoo ?? readdirSync(zooDir).filter((f) => f.endsWith('.gml')).map((f) => f.slice(0, -4)).sort();
  for (const name of zoo) {
    const converted = spawnSync('/usr/bin/python3', [join(options.root, 'bench/zoo_topology.py'), zooDir, name], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (converted.status === 3) {
      yield { bench: 'augmentation', network: name, source: 'topology-zoo', skipped: converted.stderr.trim() };
      continue;
    }
    if (converted.status !== 0) throw new Error(`augmentation bench: converting ${name} failed: ${converted.stderr}`);
    yield networkRecord(name, 'topology-zoo', JSON.parse(converted.stdout), solver, options);
  }
  for (const sections of options.generated ?? [1e3, 3e3, 1e4]) {
    const topology = fibreNetwork({ sections, seed: options.seed ?? 42 });
    yield networkRecord(`generated ${sections}`, 'generated', topology, solver, options);
  }
}

function networkRecord(name: string, source: AugmentationRecord['source'], topology: Topology, solver: MilpSolver, options: AugmentationBenchOptions): AugmentationRecord {
  const set = benchCandidates(topology);
  const { candidates } = set;
  const file = join(options.work, `augmentation-${name.replace(/\W+/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ name, topology, candidates }));
  const networkx = networkxAnswer(file, topology, candidates, options);
  const timeLimitS = options.timeLimitS ?? 300;
  const ours = (exactLimit: number): EngineAnswer => {
    // As NetworkX's side: the median of 3 runs, or of those made within 5 s (the first also warms the compiler up).
    const runs: number[] = [];
    let result: ReturnType<typeof minCostAugmentation>;
    do {
      const start = performance.now();
      result = minCostAugmentation(topology, { candidates, target: { kind: 'every-site' }, solver, timeLimitS, exactLimit });
      runs.push((performance.now() - start) / 1000);
    } while (runs.length < 3 && runs.reduce((s, x) => s + x, 0) < 5);
    const seconds = [...runs].sort((x, y) => x - y)[(runs.length - 1) >> 1];
    return {
      costEur: result.costEur,
      seconds: round(seconds, 3),
      links: result.links.length,
      secured: result.unsecurable.length === 0 && everySiteSecured(topology, result.links),
      method: result.method,
      optimal: result.optimal,
      lowerBoundEur: result.lowerBoundEur,
      gap: round(result.gap, 6),
      status: result.solver.status,
    };
  };
  const milp = ours(candidates.length);
  const heuristic = ours(0);
  const ratio = (x: number | null, y: number | null) => (x !== null && y ? round(x / y, 4) : null);
  const analysed = topology.sites.filter((s) => s.status !== 'planned');
  return {
    bench: 'augmentation',
    network: name,
    source,
    sites: analysed.length,
    sections: topology.sections.filter((e) => e.status !== 'planned').length,
    headends: analysed.filter((s) => s.kind === 'headend').length,
    candidates: candidates.length,
    repairPairs: set.repairPairs,
    radiusM: set.radiusM,
    networkx,
    milp,
    heuristic,
    milpOverNetworkx: ratio(milp.costEur, networkx.costEur),
    heuristicOverNetworkx: ratio(heuristic.costEur, networkx.costEur),
    heuristicOverMilp: ratio(heuristic.costEur, milp.costEur),
    networkxOverOptimum: milp.optimal ? ratio(networkx.costEur, milp.costEur) : null,
    lightestArcsOverOptimum: milp.optimal && networkx.lightestArcs ? ratio(networkx.lightestArcs.costEur, milp.costEur) : null,
  };
}

function networkxAnswer(file: string, topology: Topology, candidates: readonly BenchCandidate[], options: AugmentationBenchOptions): NetworkxAnswer {
  const timeoutS = options.networkxTimeoutS ?? 900;
  const args = [join(options.root, 'bench/networkx_augmentation.py'), file, '--max-memory-mb', String(options.networkxMemoryMB ?? 12_000), '--lightest-arcs', String(options.lightestArcsUpToS ?? 120)];
  const run = spawnSync('/usr/bin/python3', args, { encoding: 'utf8', timeout: timeoutS * 1000, killSignal: 'SIGKILL', maxBuffer: 1 << 28 });
  const none = { costEur: null, links: null, secured: null };
  if (run.error || run.signal) return { ...none, seconds: timeoutS, status: 'timeout', error: `stopped after ${timeoutS} s` };
  if (run.status !== 0) return { ...none, seconds: null, status: 'error', error: run.stderr.trim().split('\n').pop() };
  const answer = JSON.parse(run.stdout) as {
    cost?: number;
    links?: string[];
    seconds: number;
    check?: boolean;
    error?: string;
    lightestArcs?: { cost: number; links: number; seconds: number; check: boolean };
  };
  if (answer.error !== undefined) {
    const memory = answer.error.startsWith('MemoryError') ? `out of memory (${options.networkxMemoryMB ?? 12_000} MB) after ${Math.round(answer.seconds)} s` : answer.error;
    return { ...none, seconds: answer.seconds, status: 'error', error: memory };
  }
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return {
    costEur: answer.cost!,
    seconds: answer.seconds,
    links: answer.links!.length,
    secured: everySiteSecured(topology, answer.links!.map((id) => byId.get(id)!)),
    status: 'ok',
    check: answer.check,
    ...(answer.lightestArcs && { lightestArcs: { costEur: answer.lightestArcs.cost, seconds: answer.lightestArcs.seconds, links: answer.lightestArcs.links, check: answer.lightestArcs.check } }),
  };
}

/**
 * Whether every analysed site has two section-disjoint paths to the head-ends once the links
 * are built, by the engine's analysis: every site reaches a head-end and no section is a bridge.
 *
 * @example
 * everySiteSecured(topology, result.links); // true
 */
export function everySiteSecured(topology: Topology, links: ReadonlyArray<Pick<BenchCandidate, 'id' | 'a' | 'b' | 'lengthM' | 'costEur' | 'owner'>>): boolean {
  const redundancyLinks = links.map((l) => ({ id: l.id, priority: 1, a: l.a, b: l.b, lengthM: l.lengthM, costEur: l.costEur, owner: l.owner }));
  const net = compileNetwork({ ...topology, redundancyLinks: [...(topology.redundancyLinks ?? []), ...redundancyLinks] }, { withLinks: links.map((l) => l.id) });
  return reachableSites(net).every(Boolean) && resilienceReport(net).bridges.length === 0;
}

/**
 * The README's table of the records, one row per network (the skipped ones in a note below).
 *
 * @example
 * augmentationTable(records); // '| network | sites | … |\n|---|…'
 */
export function augmentationTable(records: ReadonlyArray<AugmentationRecord | AugmentationSkip>): string {
  const eur = (x: number | null) => (x === null ? '–' : `${(x / 1e6).toFixed(2)} M€`);
  const s = (x: number | null) => (x === null ? '–' : x < 10 ? `${x.toFixed(2)} s` : `${x.toFixed(0)} s`);
  const r = (x: number | null) => (x === null ? '–' : x.toFixed(3));
  const pct = (x: number) => (x === 0 ? '0' : `${(x * 100).toFixed(2)} %`);
  const lines = [
    '| network | sites | sections | candidates | NetworkX | time | MILP | time | gap | heuristic | time | MILP / NetworkX | heuristic / NetworkX | heuristic / MILP | NetworkX / optimum | lightest arcs / optimum |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  const notes: string[] = [];
  for (const x of records) {
    if ('skipped' in x) {
      notes.push(`${x.network} (${x.skipped.replace(/^\S+: skipped, /, '')})`);
      continue;
    }
    const nx = x.networkx.status === 'ok' ? eur(x.networkx.costEur) : x.networkx.status === 'timeout' ? `stopped at ${x.networkx.seconds} s` : (x.networkx.error ?? 'error');
    const milp = `${eur(x.milp.costEur)}${x.milp.optimal ? '' : ' (not proved)'}`;
    lines.push(`| ${x.network} | ${x.sites} | ${x.sections} | ${x.candidates}${x.repairPairs ? ` (${x.repairPairs} added)` : ''} | ${nx} | ${s(x.networkx.status === 'ok' ? x.networkx.seconds : null)} | ${milp} | ${s(x.milp.seconds)} | ${pct(x.milp.gap)} | ${eur(x.heuristic.costEur)} | ${s(x.heuristic.seconds)} | ${r(x.milpOverNetworkx)} | ${r(x.heuristicOverNetworkx)} | ${r(x.heuristicOverMilp)} | ${r(x.networkxOverOptimum)} | ${r(x.lightestArcsOverOptimum)} |`);
  }
  return [...lines, ...(notes.length ? ['', `Skipped: ${notes.join('; ')}.`] : [])].join('\n');
}

function round(value: number, digits: number) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
