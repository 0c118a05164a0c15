import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileNetwork } from '../src/graph/compile.js';
import { fibreNetwork } from './generate.js';
import { endToEnd } from './end-to-end.js';
import { gracethdImportBench } from './gracethd-import.js';
import { apiLoadBench } from './api-load.js';
import { augmentationBench, augmentationTable } from './augmentation.js';
import { availabilityBench } from './availability.js';
import { diversityBench } from './diversity.js';
import { failureSweepBench } from './failure-sweep.js';
import { healthUnderLoad } from './health-under-load.js';
import { mapBench } from './map.js';
import { planBench } from './plan.js';
import { saturationBench } from './saturation.js';
import { tilesBench } from './tiles.js';

/**
 * `npm run bench`: for fibre-like networks of 1e4, 1e5 and 1e6 sections (BENCH_SIZES to
 * change), one JSON line per measurement on stdout. The CLI runs in a child process, as a user
 * runs it, so its peak RSS is the whole run's; python-igraph (Debian python3-igraph) is timed
 * on the same graph for comparison. Then the saturation engine, in a process of its own
 * (BENCH_ONLY=saturation for it alone): routing, loads, the re-route after the busiest
 * section's cut and the N-1 sweep. Then `/health` on a listening server
 * while the rankings, a whole-owner cut with re-routing and the N-1 sweep run at once. At 1e4
 * and 1e5 (or every size with BENCH_ONLY=gracethd), the GraceTHD import: the network exported
 * as a v3 GeoPackage, imported by the CLI, timed per phase (bench/gracethd-import.ts).
 * Last, the API under autocannon's load (BENCH_ONLY=load for it alone): cuts beside `/health`, then `/health`
 * during a 1e6 analysis (bench/api-load.ts; BENCH_LOAD_SECONDS per run, default 10; BENCH_LOAD_SIZES, default 1e5,1e6,
 * 0 to leave one out; BENCH_SERVER_NODE_OPTIONS for the server process: --cpu-prof, --expose-gc).
 * BENCH_ONLY=plan: the plan's MILP beside the greedy and branch and bound (bench/plan.ts);
 * BENCH_ONLY=augmentation: the cheapest links securing every site beside NetworkX's
 * k_edge_augmentation on the Topology Zoo and generated networks (bench/augmentation.ts).
 * BENCH_ONLY=failures: the failure model at each size — availability (beside the analysis), the
 * failure sweep of every kind (beside the section-only N-1 sweep; BENCH_SWEEP_BUDGET_MS as for
 * the saturation) — and the routing at each diversity (beside the section-disjoint routing).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const sizes = (process.env.BENCH_SIZES ?? '1e4,1e5,1e6').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'fibre-bench-'));

try {
  // The map's peer: the embedded Somme network in the same renderer, the same run.
  if (process.env.BENCH_ONLY === 'map') {
    const somme = JSON.parse(readFileSync(join(root, 'topology/somme.json'), 'utf8'));
    print({ bench: 'map', size: 'somme', sites: somme.sites.length, sections: somme.sections.length, ...(await mapBench(somme, 'somme', root)) });
  }
  if (process.env.BENCH_ONLY === 'load') await apiLoad();
  if (process.env.BENCH_ONLY === 'plan') {
    const somme = JSON.parse(readFileSync(join(root, 'topology/somme.json'), 'utf8'));
    const networks = [
      { name: 'somme', topology: somme, budgetEur: 2_000_000, years: 3 },
      { name: 'somme + proposals', topology: somme, budgetEur: 2_000_000, years: 3, propose: true },
    ];
    for (const r of await planBench({ sizes: [25, 50, 100, 200, 400], networks })) print({ bench: 'plan', ...r });
  }
  if (process.env.BENCH_ONLY === 'augmentation') {
    const records = [];
    for await (const record of augmentationBench({ root, work })) {
      records.push(record);
      print({ ...record });
    }
    console.error(augmentationTable(records));
  }
  for (const size of ['load', 'plan', 'augmentation'].includes(process.env.BENCH_ONLY ?? '') ? [] : sizes) {
    const topology = fibreNetwork({ sections: size, seed: 42 });
    const base = { size, sites: topology.sites.length, sections: topology.sections.length };
    if (process.env.BENCH_ONLY === 'saturation') {
      print({ bench: 'saturation', size, ...saturationBench(topology, { sweepBudgetMs: sweepBudget() }) });
      continue;
    }
    const file = join(work, `network-${size}.json`);
    writeFileSync(file, JSON.stringify(topology));
    spawnSync('sync'); // the network written out before anything is timed

    if (process.env.BENCH_ONLY === 'gracethd' || (process.env.BENCH_ONLY === undefined && size <= 1e5)) {
      print(await gracethdImportBench(size, work, root));
      if (process.env.BENCH_ONLY === 'gracethd') continue;
    }
    if (process.env.BENCH_ONLY === 'tiles') {
      print({ bench: 'tiles', ...base, ...(await tilesBench(file, topology, work, root)) });
      continue;
    }
    if (process.env.BENCH_ONLY === 'map') {
      print({ bench: 'map', ...base, ...(await mapBench(topology, size, root)) });
      continue;
    }
    if (process.env.BENCH_ONLY === 'failures') {
      // Owner-diverse pairs search up to a budget per NRO: minutes at 1e6, left out there.
      print({ bench: 'diversity', ...base, ...diversityBench(topology, { diversities: size >= 1e6 ? ['site', 'risk-group'] : undefined }) });
      print({ bench: 'availability', ...base, ...availabilityBench(topology) });
      const budgetMs = sweepBudget();
      print({ bench: 'failure-sweep', ...base, ...failureSweepBench(topology, { budgetMs }) });
      // The peer of its section part: the N-1 sweep of sections alone, same run.
      print({ bench: 'saturation', ...base, ...saturationBench(topology, { sweepBudgetMs: budgetMs, singleThread: false }) });
      continue;
    }
    if (process.env.BENCH_ONLY === 'api') {
      print({ bench: 'health-under-load', ...base, ...(await healthUnderLoad(topology)) });
      continue;
    }
    const cli = analyseWithCli(file);
    const igraph = igraphCuts(topology, join(work, `edges-${size}.txt`));
    const ratio = igraph ? round(cli.timings.analyse / (igraph.bridges_ms + igraph.articulation_ms)) : null;
    print({ bench: 'analyse', ...base, ...cli.timings, peakRssMB: cli.peakRssMB, igraphMs: igraph && round(igraph.bridges_ms + igraph.articulation_ms), ratioToIgraph: ratio });
    print({ bench: 'end-to-end', ...base, ...(await endToEnd(file, work, root, Number(process.env.BENCH_RUNS ?? 3))) });
    // The saturation engine in a process of its own (BENCH_ONLY=saturation for it alone), which
    // holds the network it generates as a user's process holds its own: `saturationBench` wants a
    // fresh heap, and this one holds what the runs above left (the network compiled for the
    // igraph edge list, the end-to-end's output read back); collecting it would take a core from
    // the routing's workers.
    if (process.env.BENCH_ONLY !== 'analyse' && process.env.BENCH_ONLY !== 'api') {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_ONLY: 'saturation', BENCH_SIZES: String(size) }, stdio: 'inherit' });
      if (child.status !== 0) throw new Error(`bench: the saturation run failed (${child.status ?? child.signal})`);
    }
    if (process.env.BENCH_ONLY !== 'analyse') print({ bench: 'health-under-load', size, ...(await healthUnderLoad(topology)) });
  }
  // The default run ends with the API under load, from a process of its own: this one holds the
  // networks of every size, and its collections would take a core from the server being measured.
  if (process.env.BENCH_ONLY === undefined) {
    const load = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], { env: { ...process.env, BENCH_ONLY: 'load' }, stdio: 'inherit' });
    if (load.status !== 0) throw new Error(`bench: the API load run failed (${load.status ?? load.signal})`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** BENCH_SWEEP_BUDGET_MS cuts the N-1 sweep short (a rough extrapolation): it takes minutes at 1e6. */
function sweepBudget(): number | undefined {
  return process.env.BENCH_SWEEP_BUDGET_MS ? Number(process.env.BENCH_SWEEP_BUDGET_MS) : undefined;
}

/** The API under autocannon's load (bench/api-load.ts), with the BENCH_LOAD_* settings. */
async function apiLoad(): Promise<void> {
  const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
  const execArgv = process.env.BENCH_SERVER_NODE_OPTIONS?.split(' ').filter(Boolean);
  const [cutSections, analysisSections] = (process.env.BENCH_LOAD_SIZES ?? '1e5,1e6').split(',').map(Number);
  for await (const record of apiLoadBench({ root, seconds, execArgv, cutSections, analysisSections })) print(record);
}

function analyseWithCli(file: string) {
  // The script itself, as a user runs it (its first line starts Node with --expose-gc).
  const run = spawnSync('/usr/bin/time', ['-f', 'maxrss=%M', join(root, 'bin/fibre-resilience.js'), 'analyse', file, '--json', '--timings'], {
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
  });
  if (run.status !== 0) throw new Error(`bench: analyse failed: ${run.stderr}`);
  const timingLine = run.stderr.split('\n').find((l) => l.startsWith('{"read"'));
  const rss = /maxrss=(\d+)/.exec(run.stderr);
  return { timings: JSON.parse(timingLine!), peakRssMB: rss ? Math.round(Number(rss[1]) / 1024) : null };
}

/** The analysed graph (existing sites and sections) as an edge list for igraph. */
function igraphCuts(topology: ReturnType<typeof fibreNetwork>, file: string) {
  const net = compileNetwork(topology);
  let text = `${net.siteCount}\n`;
  for (let e = 0; e < net.sectionCount; e++) text += `${net.sectionFrom[e]} ${net.sectionTo[e]}\n`;
  writeFileSync(file, text);
  try {
    const out = execFileSync('/usr/bin/python3', [join(root, 'bench/igraph_cuts.py'), file], { encoding: 'utf8' });
    return JSON.parse(out) as { bridges_ms: number; articulation_ms: number };
  } catch {
    print({ bench: 'igraph', skipped: 'python3-igraph is not installed (apt-get install python3-igraph)' });
    return null;
  }
}

function print(record: Record<string, unknown>) {
  console.log(JSON.stringify(record));
}

function round(value: number) {
  return Math.round(value * 100) / 100;
}
