import { describe, expect, it } from 'vitest';
import { dfsTree } from '../src/analysis/dfs-tree.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { reachedAlongBridges } from '../src/analysis/reach-along-bridges.js';
import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { reachedUnderGroups, riskGroupIsolation } from '../src/analysis/risk-group-isolation.js';
import { compileNetwork } from '../src/graph/compile.js';
import { IdIndex } from '../src/model/id-index.js';
import type { Topology } from '../src/model/schema.js';
import { prng, randomNetwork } from './support/random-network.js';

// The paths written for national networks (ids hashed a block at a time, adjacency placed from
// the end of each range, impacts sorted by digits of 11 bits, small risk groups classified
// without a split), each checked against a plain reference written here.

describe('IdIndex over more ids than one block of hashes', () => {
  it('gives the first index of each id and of each reference as a Map does', () => {
    const random = prng(7);
    const ids: unknown[] = [];
    for (let i = 0; i < 50_000; i++) {
      const r = random();
      // Repeats far apart (across blocks), non-strings, and fresh ids.
      ids.push(r < 0.1 && i > 0 ? ids[Math.floor(random() * i)] : r < 0.12 ? i : `id-${Math.floor(random() * 1e9)}`);
    }
    const first = new Map<string, number>();
    ids.forEach((id, i) => {
      if (typeof id === 'string' && !first.has(id)) first.set(id, i);
    });
    const index = new IdIndex(ids);
    expect(Array.from(index.first)).toEqual(ids.map((id) => (typeof id === 'string' ? first.get(id) : -1)));
    const refs: unknown[] = Array.from({ length: 40_000 }, (_, k) => (k % 3 === 0 ? `missing-${k}` : k % 7 === 0 ? null : ids[Math.floor(random() * ids.length)]));
    expect(Array.from(index.indexesOf(refs))).toEqual(refs.map((ref) => (typeof ref === 'string' ? (first.get(ref) ?? -1) : -1)));
  });
});

describe('compileNetwork', () => {
  for (const includePlanned of [false, true]) {
    it(`numbers the analysed sites and lists each site's sections in ascending order${includePlanned ? ', planned included' : ''}`, () => {
      const topology = randomNetwork(11, { sites: 400, chords: 150, headends: 3, plannedShare: 0.15, islandShare: 0.05 });
      const net = compileNetwork(topology, { includePlanned });
      const analysed = (status?: string) => includePlanned || (status ?? 'existing') === 'existing';
      const sites = topology.sites.filter((s) => analysed(s.status));
      expect(net.siteIds).toEqual(sites.map((s) => s.id));
      expect(net.siteNames).toEqual(sites.map((s) => s.name));
      expect(Array.from(net.subscribers)).toEqual(sites.map((s) => s.subscribers ?? 0));
      expect(Array.from(net.headends)).toEqual(sites.flatMap((s, v) => (s.kind === 'headend' ? [v] : [])));
      const number = new Map(sites.map((s, v) => [s.id, v]));
      const sections = topology.sections.filter((s) => analysed(s.status) && number.has(s.from) && number.has(s.to));
      expect(net.sectionIds).toEqual(sections.map((s) => s.id));
      for (let v = 0; v < net.siteCount; v++) {
        const expected: [number, number][] = [];
        sections.forEach((s, e) => {
          if (number.get(s.from) === v) expected.push([e, number.get(s.to)!]);
          if (number.get(s.to) === v) expected.push([e, number.get(s.from)!]);
        });
        const got: [number, number][] = [];
        for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) got.push([net.adjSection[i], net.adjSite[i]]);
        expect(got).toEqual(expected);
      }
      expect(net.adjOffset[net.siteCount]).toBe(2 * sections.length);
    });
  }
});

/** A tree-like network whose subscribers reach millions, so that impacts need every digit of the sort. */
function heavyNetwork(seed: number): Topology {
  const topology = randomNetwork(seed, { sites: 1500, chords: 120, headends: 2, plannedShare: 0, islandShare: 0.02 });
  const random = prng(seed + 1);
  for (const site of topology.sites) if (site.kind !== 'headend') site.subscribers = random() < 0.5 ? Math.floor(random() * 4) : Math.floor(random() * 3_000_000);
  return topology;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('the single-cut tables', () => {
  for (const seed of [3, 4]) {
    it(`are sorted by subscribers cut, most first, then by id, with counts beyond 2^22 (seed ${seed})`, () => {
      const report = resilienceReport(compileNetwork(heavyNetwork(seed)));
      expect(Math.max(...report.cutImpact.map((c) => c.subscribersCut))).toBeGreaterThan(2 ** 22);
      const sections = report.cutImpact.map((c) => ({ id: c.section, cut: c.subscribersCut }));
      expect(sections).toEqual([...sections].sort((a, b) => b.cut - a.cut || byCode(a.id, b.id)));
      const sites = report.siteImpact.map((c) => ({ id: c.site, cut: c.subscribersCut }));
      expect(sites).toEqual([...sites].sort((a, b) => b.cut - a.cut || byCode(a.id, b.id)));
    });
  }
});

describe('riskGroupIsolation', () => {
  it('cuts off what a search without each group’s sections does not reach, for many small groups', () => {
    for (const seed of [21, 22, 23]) {
      const topology = randomNetwork(seed, { sites: 300, chords: 60, headends: 2, plannedShare: 0, riskGroups: 150 });
      const net = compileNetwork(topology);
      const isolated = riskGroupIsolation(net, dfsTree(net));
      const connected = reachedWithout(net, new Set());
      net.riskGroups.forEach((_, g) => {
        const failed = new Set(net.riskSections.subarray(net.riskOffset[g], net.riskOffset[g + 1]));
        const reached = reachedWithout(net, failed);
        const expected = [...connected].filter((v) => !reached.has(v)).sort((a, b) => a - b);
        expect([...isolated[g]].sort((a, b) => a - b)).toEqual(expected);
      });
    }
  });
});

describe('reachedAlongBridges', () => {
  it('gives the masks of one search over the whole network, for owners and for random groups', () => {
    for (const seed of [31, 32, 33, 34]) {
      const topology = randomNetwork(seed, { sites: 500, chords: seed % 2 ? 40 : 200, headends: 1 + (seed % 3), plannedShare: 0.05, islandShare: 0.05 });
      const net = compileNetwork(topology);
      const analysis = resilienceAnalysis(net);
      const tree = { ...analysis.tree, nearestBridge: analysis.nearestBridge, bridgeChild: analysis.bridgeChild };
      const random = prng(seed);
      // Group 0…2: the owners (every section in one); 3…34: random sets of sections, some shared.
      const members: number[][] = net.owners.map((_, o) => [...net.sectionOwner.keys()].filter((e) => net.sectionOwner[e] === o));
      for (let g = 0; g < 32; g++) members.push([...net.sectionOwner.keys()].filter(() => random() < 0.05 * (1 + (g % 4))));
      const offset = Int32Array.from([0, ...members.map((_, g) => members.slice(0, g + 1).reduce((n, l) => n + l.length, 0))]);
      const groups = { offset, sections: Int32Array.from(members.flat()) };
      for (const batch of [net.owners.map((_, o) => o), Array.from({ length: 32 }, (_, b) => 3 + b), [0, 5, 9]]) {
        expect(Array.from(reachedAlongBridges(net, groups, batch, tree))).toEqual(Array.from(reachedUnderGroups(net, groups, batch)));
      }
    }
  });
});

/** The sites a breadth-first search from the head-ends reaches without the given sections. */
function reachedWithout(net: ReturnType<typeof compileNetwork>, failed: Set<number>): Set<number> {
  const reached = new Set<number>(net.headends);
  const queue = [...net.headends];
  while (queue.length) {
    const v = queue.shift()!;
    for (let i = net.adjOffset[v]; i < net.adjOffset[v + 1]; i++) {
      if (failed.has(net.adjSection[i]) || reached.has(net.adjSite[i])) continue;
      reached.add(net.adjSite[i]);
      queue.push(net.adjSite[i]);
    }
  }
  return reached;
}
