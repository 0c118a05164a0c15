import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EndToEndResult {
  runs: number;
  /** `analyse FILE --json --timings > out.json` as a process: wall time, the run with the median wall time. */
  oursMs: number;
  /** That run's phases (read, validate, compile, analyse, output), ms. */
  phases: Record<string, number>;
  peakRssMB: number;
  outputMB: number;
  /** The peer: bench/igraph_analyse.py on the same file, as a process, median of as many runs. */
  igraphScriptMs: number | null;
  igraphPeakRssMB: number | null;
  /** ours / the igraph script; the target is ≤ 1. */
  ratio: number | null;
  /** Whether both count the same NROs by status, bridges and articulation sites. */
  sameCounts: boolean | null;
}

interface Run { wallMs: number; rssMB: number; stderr: string }

/**
 * One process under /usr/bin/time, its stdout to `out`. The disk is synced before it, untimed:
 * the writeback of the output before (ours is 357 MB at 1e6), or of the generated network, would
 * otherwise take the machine while this one runs.
 */
function timed(command: string, args: string[], out: string): Run {
  spawnSync('sync');
  const fd = openSync(out, 'w');
  try {
    const run = spawnSync('/usr/bin/time', ['-f', 'wall=%e maxrss=%M', command, ...args], { encoding: 'utf8', stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 26 });
    if (run.status !== 0) throw new Error(`bench: ${command} ${args.join(' ')} failed: ${run.stderr}`);
    const wall = /wall=([\d.]+)/.exec(run.stderr);
    const rss = /maxrss=(\d+)/.exec(run.stderr);
    return { wallMs: Math.round(Number(wall?.[1]) * 1000), rssMB: Math.round(Number(rss?.[1]) / 1024), stderr: run.stderr };
  } finally {
    closeSync(fd);
  }
}

const median = (runs: Run[]) => [...runs].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(runs.length / 2)];

/**
 * The whole `analyse --json` against the script an engineer would write (bench/igraph_analyse.py,
 * Debian python3-igraph), both as processes on the same file, alternated, median of `runs`.
 */
export async function endToEnd(file: string, work: string, root: string, runs = 3): Promise<EndToEndResult> {
  const ours: Run[] = [];
  const peer: Run[] = [];
  const out = join(work, 'analyse-out.json');
  const peerOut = join(work, 'igraph-out.json');
  let peerMissing = false;
  for (let i = 0; i < runs; i++) {
    ours.push(timed(join(root, 'bin/fibre-resilience.js'), ['analyse', file, '--json', '--timings'], out));
    if (peerMissing) continue;
    try {
      peer.push(timed('/usr/bin/python3', [join(root, 'bench/igraph_analyse.py'), file], peerOut));
    } catch {
      peerMissing = true;
    }
  }
  const mine = median(ours);
  const phases = JSON.parse(mine.stderr.split('\n').find((l) => l.startsWith('{"read"')) ?? '{}');
  const theirs = peer.length ? median(peer) : null;
  const counts = await countsOf(out);
  const peerCounts = theirs ? JSON.parse(readFileSync(peerOut, 'utf8')) : null;
  return {
    runs,
    oursMs: mine.wallMs,
    phases,
    peakRssMB: Math.max(...ours.map((r) => r.rssMB)),
    outputMB: Math.round(counts.bytes / 2 ** 20),
    igraphScriptMs: theirs?.wallMs ?? null,
    igraphPeakRssMB: theirs?.rssMB ?? null,
    ratio: theirs ? Math.round((mine.wallMs / theirs.wallMs) * 100) / 100 : null,
    sameCounts: peerCounts ? JSON.stringify(peerCounts) === JSON.stringify(counts.summary) : null,
  };
}

/** The counts of an `analyse --json` report, read line by line (a national report does not fit one string). */
async function countsOf(file: string) {
  const nros: Record<string, number> = { secured: 0, 'single-homed': 0, isolated: 0 };
  const lists: Record<string, number> = { bridges: 0, articulationSites: 0 };
  let field = '';
  let bytes = 0;
  let rest = '';
  for await (const chunk of createReadStream(file, { encoding: 'utf8' })) {
    bytes += Buffer.byteLength(chunk);
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const key = /^ {2}"(\w+)": /.exec(line);
      if (key) field = key[1];
      else if (line.startsWith('    ')) {
        if (field === 'nros') nros[(/"status":"([\w-]+)"/.exec(line) as RegExpExecArray)[1]]++;
        else if (field in lists) lists[field]++;
      }
    }
  }
  return { bytes, summary: { nros, bridges: lists.bridges, articulationSites: lists.articulationSites } };
}
