import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import KDBush from 'kdbush';
import { compareIds } from '../src/analysis/id-order.js';
import { InvalidOptionError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { distanceM } from '../src/planning/candidate-links.js';
import { fibreNetwork } from './generate.js';

/** A candidate new link, as `minCostAugmentation` takes them (`source` always 'geometry' here). */
export interface BenchCandidate {
  id: string;
  a: string;
  b: string;
  lengthM: number;
  costEur: number;
  owner: string;
  installation: 'duct';
  source: 'geometry';
  /** Great-circle distance between its ends, metres (rounded). */
  distanceM: number;
}

export interface BenchCandidateOptions {
  /** Each analysed site is paired with this many nearest sites. Default 4. */
  nearest?: number;
  /** Every pair of sites closer than this is a candidate too. Default the median distance of a site to its `nearest`-th nearest site. */
  radiusM?: number;
  /** Route length over great-circle distance. Default 1.3. */
  detourFactor?: number;
  /** Cost per metre, € HT. Default 25 (the seed's rate). */
  eurPerM?: number;
  /** Owner of every candidate. Default 'SMSN'. */
  owner?: string;
  /** Head-ends; default the analysed sites of kind `headend`. */
  headends?: readonly string[];
  includePlanned?: boolean;
}

export interface BenchCandidateSet {
  candidates: BenchCandidate[];
  nearest: number;
  radiusM: number;
  /** Pairs added because the nearest/radius pairs could not make every site 2-edge-connected to the head-ends. */
  repairPairs: number;
  /** Rounds of the repair (0 when the first set was feasible). */
  repairRounds: number;
  /** Analysed sites, head-ends included. */
  sites: number;
}

const EARTH_M = 6_371_008.8;
const DEG = 180 / Math.PI;

/**
 * The candidate links of the augmentation benchmark, the one list both NetworkX and the engine
 * read: every analysed site with its `nearest` nearest analysed sites (great-circle distance),
 * plus every pair closer than `radiusM`; pairs already joined by an analysed section, and pairs
 * of two head-ends, left out. Then, while the network with every candidate still has a bridge
 * or a part cut off from the head-ends (head-ends merged into one node), each 2-edge-connected
 * part that is a leaf of the bridge tree, or a whole part without a head-end, gets the shortest
 * pair joining it to a site outside it — so the every-site augmentation is always feasible.
 * Length = distance × detour factor (whole metres, ≥ 1), cost = length × €/m.
 *
 * @example
 * const { candidates, radiusM } = benchCandidates(topology, { nearest: 4 });
 * candidates[0]; // { id: 'P-N0-N12', a: 'N0', b: 'N12', lengthM: 80604, costEur: 2015100, owner: 'SMSN', … }
 */
export function benchCandidates(topology: Topology, options: BenchCandidateOptions = {}): BenchCandidateSet {
  const nearest = options.nearest ?? 4;
  const detour = options.detourFactor ?? 1.3;
  const eurPerM = options.eurPerM ?? 25;
  if (!(Number.isInteger(nearest) && nearest >= 1)) throw new InvalidOptionError('nearest', `bench-candidates: nearest must be a positive integer, got ${nearest}`);
  if (!(detour >= 1)) throw new InvalidOptionError('detourFactor', `bench-candidates: detourFactor must be ≥ 1, got ${detour}`);
  if (!(eurPerM >= 0)) throw new InvalidOptionError('eurPerM', `bench-candidates: eurPerM must be ≥ 0, got ${eurPerM}`);
  if (options.radiusM !== undefined && !(options.radiusM >= 0)) throw new InvalidOptionError('radiusM', `bench-candidates: radiusM must be ≥ 0, got ${options.radiusM}`);

  const analysed = (status: string | undefined) => options.includePlanned || status !== 'planned';
  const sites = topology.sites.filter((s) => analysed(s.status));
  const index = new Map(sites.map((s, i) => [s.id, i]));
  const headends = new Set(options.headends ?? sites.filter((s) => s.kind === 'headend').map((s) => s.id));
  for (const h of headends) if (!index.has(h)) throw new InvalidOptionError('headends', `bench-candidates: head-end ${h} is not an analysed site`);
  if (headends.size === 0) throw new InvalidOptionError('headends', 'bench-candidates: the network has no head-end');
  const sections = topology.sections.filter((e) => analysed(e.status) && index.has(e.from) && index.has(e.to));
  const joined = new Set(sections.map((e) => pairKey(e.from, e.to)));

  const geo = new KDBush(sites.length);
  for (const s of sites) geo.add(s.lon, s.lat);
  geo.finish();
  const near = (i: number, k: number, accept: (j: number) => boolean) => nearestSites(geo, sites, i, k, accept);

  const kth = sites.map((_, i) => {
    const found = near(i, nearest, (j) => j !== i);
    return found.length > 0 ? found[found.length - 1].distance : 0;
  });
  const radiusM = options.radiusM ?? median(kth);

  const usedIds = new Set([...topology.sites, ...topology.sections, ...(topology.redundancyLinks ?? [])].map((x) => x.id));
  const pairs = new Map<string, BenchCandidate>();
  const addPair = (i: number, j: number, distance: number) => {
    const [a, b] = [sites[i].id, sites[j].id].sort(compareIds);
    const key = pairKey(a, b);
    if (i === j || pairs.has(key) || joined.has(key) || (headends.has(a) && headends.has(b))) return false;
    let id = `P-${a}-${b}`;
    for (let k = 2; usedIds.has(id); k++) id = `P-${a}-${b}-${k}`;
    usedIds.add(id);
    const lengthM = Math.max(1, Math.round(distance * detour));
    pairs.set(key, { id, a, b, lengthM, costEur: Math.round(lengthM * eurPerM), owner: options.owner ?? 'SMSN', installation: 'duct', source: 'geometry', distanceM: Math.round(distance) });
    return true;
  };
  for (let i = 0; i < sites.length; i++) {
    for (const { site, distance } of near(i, nearest, (j) => j !== i)) addPair(i, site, distance);
    for (const j of withinM(geo, sites[i], radiusM)) {
      const distance = distanceM(sites[i], sites[j]);
      if (distance <= radiusM) addPair(i, j, distance);
    }
  }

  // Repair: join each leaf part of the bridge tree (and each part cut off) to its nearest outside site.
  const node = (id: string) => (headends.has(id) ? -1 : index.get(id)!);
  const merged = (i: number) => (headends.has(sites[i].id) ? -1 : i);
  let repairPairs = 0;
  let repairRounds = 0;
  for (;;) {
    const edges: Array<[number, number]> = [];
    for (const e of sections) edges.push([node(e.from), node(e.to)]);
    for (const c of pairs.values()) edges.push([node(c.a), node(c.b)]);
    const needy = partsNeedingLinks(sites.length, merged, edges);
    if (needy.length === 0) break;
    repairRounds++;
    for (const part of needy) {
      const inside = new Set(part);
      let best: { i: number; j: number; distance: number } | undefined;
      for (const i of part) {
        const [hit] = near(i, 1, (j) => !inside.has(j) && !(headends.has(sites[i].id) && headends.has(sites[j].id)) && !joined.has(pairKey(sites[i].id, sites[j].id)) && !pairs.has(pairKey(sites[i].id, sites[j].id)));
        if (hit && (!best || hit.distance < best.distance)) best = { i, j: hit.site, distance: hit.distance };
      }
      if (best && addPair(best.i, best.j, best.distance)) repairPairs++;
    }
    if (repairRounds > sites.length) throw new Error('bench-candidates: the repair does not converge');
  }
  const candidates = [...pairs.values()].sort((x, y) => compareIds(x.a, y.a) || compareIds(x.b, y.b));
  return { candidates, nearest, radiusM: Math.round(radiusM), repairPairs, repairRounds, sites: sites.length };
}

/**
 * The 2-edge-connected parts (lists of site indices) that still need a link for every site to
 * be 2-edge-connected to the merged head-end (node −1): leaves of the bridge tree and whole
 * connected parts without a head-end, the head-ends' own part excepted.
 */
function partsNeedingLinks(n: number, merged: (i: number) => number, edges: ReadonlyArray<readonly [number, number]>): number[][] {
  // Node n stands for the merged head-end; site i maps to merged(i) (i, or n for a head-end).
  const to = (v: number) => (v < 0 ? n : v);
  const nodes = n + 1;
  const degree = new Int32Array(nodes + 1);
  for (const [a, b] of edges) {
    if (to(a) === to(b)) continue;
    degree[to(a) + 1]++;
    degree[to(b) + 1]++;
  }
  for (let v = 0; v < nodes; v++) degree[v + 1] += degree[v];
  const start = degree.slice();
  const adjacent = new Int32Array(degree[nodes]);
  const edgeOf = new Int32Array(degree[nodes]);
  edges.forEach(([a, b], e) => {
    const [u, v] = [to(a), to(b)];
    if (u === v) return;
    adjacent[start[u]] = v;
    edgeOf[start[u]++] = e;
    adjacent[start[v]] = u;
    edgeOf[start[v]++] = e;
  });
  // Iterative Tarjan: bridges by low-links, parallel edges told apart by edge index.
  const pre = new Int32Array(nodes).fill(-1);
  const low = new Int32Array(nodes);
  const bridge = new Uint8Array(edges.length);
  const stackV: number[] = [];
  const stackE: number[] = [];
  const cursor = new Int32Array(nodes);
  let clock = 0;
  for (let root = nodes - 1; root >= 0; root--) {
    if (pre[root] >= 0) continue;
    pre[root] = low[root] = clock++;
    cursor[root] = degree[root];
    stackV.push(root);
    stackE.push(-1);
    while (stackV.length > 0) {
      const v = stackV[stackV.length - 1];
      if (cursor[v] < degree[v + 1]) {
        const k = cursor[v]++;
        const w = adjacent[k];
        if (edgeOf[k] === stackE[stackE.length - 1]) continue;
        if (pre[w] < 0) {
          pre[w] = low[w] = clock++;
          cursor[w] = degree[w];
          stackV.push(w);
          stackE.push(edgeOf[k]);
        } else low[v] = Math.min(low[v], pre[w]);
      } else {
        stackV.pop();
        const e = stackE.pop()!;
        if (stackV.length > 0) {
          const parent = stackV[stackV.length - 1];
          low[parent] = Math.min(low[parent], low[v]);
          if (low[v] > pre[parent]) bridge[e] = 1;
        }
      }
    }
  }
  // Parts: components without the bridges; their degree in the bridge forest.
  const part = new Int32Array(nodes).fill(-1);
  let parts = 0;
  for (let s = 0; s < nodes; s++) {
    if (part[s] >= 0) continue;
    const queue = [s];
    part[s] = parts;
    while (queue.length > 0) {
      const v = queue.pop()!;
      for (let k = degree[v]; k < degree[v + 1]; k++) {
        if (bridge[edgeOf[k]] || part[adjacent[k]] >= 0) continue;
        part[adjacent[k]] = parts;
        queue.push(adjacent[k]);
      }
    }
    parts++;
  }
  const treeDegree = new Int32Array(parts);
  edges.forEach(([a, b], e) => {
    if (!bridge[e]) return;
    treeDegree[part[to(a)]]++;
    treeDegree[part[to(b)]]++;
  });
  const members: number[][] = Array.from({ length: parts }, () => []);
  for (let i = 0; i < n; i++) members[part[to(merged(i))]].push(i);
  const head = part[n];
  const single = parts === 1;
  return members.filter((m, p) => p !== head && !single && treeDegree[p] <= 1 && m.length > 0);
}

/** Sites within `radius` metres of a point (a superset: the box of the spherical cap), excluding none. */
function withinM(geo: KDBush, p: { lon: number; lat: number }, radius: number): number[] {
  const angle = radius / EARTH_M;
  const dLat = angle * DEG;
  const polar = Math.abs(p.lat) + dLat >= 90 || angle >= Math.PI / 2;
  const dLon = polar ? 180 : Math.asin(Math.min(1, Math.sin(angle) / Math.cos(p.lat / DEG))) * DEG;
  const [south, north] = [p.lat - dLat, p.lat + dLat];
  if (dLon >= 180) return geo.range(-180, south, 180, north);
  const found = geo.range(p.lon - dLon, south, p.lon + dLon, north);
  if (p.lon - dLon < -180) found.push(...geo.range(p.lon - dLon + 360, south, 180, north));
  if (p.lon + dLon > 180) found.push(...geo.range(-180, south, p.lon + dLon - 360, north));
  return found;
}

/** The k nearest sites j with accept(j), nearest first (ties by index), by great-circle distance. */
function nearestSites(geo: KDBush, sites: ReadonlyArray<{ lon: number; lat: number }>, i: number, k: number, accept: (j: number) => boolean) {
  for (let radius = 1000; ; radius *= 2) {
    const everything = radius >= Math.PI * EARTH_M;
    const found = (everything ? sites.map((_, j) => j) : withinM(geo, sites[i], radius))
      .filter(accept)
      .map((site) => ({ site, distance: distanceM(sites[i], sites[site]) }))
      .filter((x) => everything || x.distance <= radius)
      .sort((x, y) => x.distance - y.distance || x.site - y.site);
    if (found.length >= k || everything) return found.slice(0, k);
  }
}

function pairKey(a: string, b: string) {
  return compareIds(a, b) <= 0 ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}

function median(values: number[]) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * `node --import tsx bench/augmentation-candidates.ts (--topology FILE | --generated SECTIONS [--seed S]) [--out FILE]`:
 * writes `{ name, topology, nearest, radiusM, repairPairs, candidates }`, the input of
 * bench/networkx_augmentation.py and of the engine's side of the benchmark.
 */
function main(argv: string[]) {
  const arg = (name: string) => {
    const k = argv.indexOf(name);
    return k >= 0 ? argv[k + 1] : undefined;
  };
  const file = arg('--topology');
  const generated = arg('--generated');
  const topology: Topology = file ? JSON.parse(readFileSync(file, 'utf8')) : fibreNetwork({ sections: Number(generated), seed: Number(arg('--seed') ?? 42) });
  if (!file && !generated) throw new Error('usage: augmentation-candidates.ts (--topology FILE | --generated SECTIONS [--seed S]) [--out FILE]');
  const set = benchCandidates(topology);
  const text = `${JSON.stringify({ name: topology.name, topology, ...set })}\n`;
  const out = arg('--out');
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
