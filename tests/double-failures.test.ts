import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { doubleFailures } from '../src/availability/double-failures.js';
import { elementPairs } from '../src/availability/element-pairs.js';
import { networkWithout } from '../src/availability/network-without.js';
import { elementKeys } from '../src/availability/pair-order.js';
import { compileNetwork, type CompiledNetwork, KIND_NRO } from '../src/graph/compile.js';
import { InvalidOptionError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { prng, randomNetwork } from './support/random-network.js';

const somme: Topology = JSON.parse(readFileSync(new URL('../topology/somme.json', import.meta.url), 'utf8'));

type Kind = 'section' | 'site' | 'riskGroup';
interface Element {
  kind: Kind;
  index: number;
  id: string;
  sections: number[];
  sites: number[];
}

/**
 * A naive reading of the definition, independent of the engine: every element and every pair
 * failed in turn, then a search from the surviving head-ends over what is left.
 */
function bruteForce(net: CompiledNetwork, weight: (e: Element) => number) {
  const elements: Element[] = [];
  for (let e = 0; e < net.sectionCount; e++) elements.push({ kind: 'section', index: e, id: net.sectionIds[e], sections: [e], sites: [] });
  for (let v = 0; v < net.siteCount; v++) elements.push({ kind: 'site', index: v, id: net.siteIds[v], sections: [], sites: [v] });
  net.riskGroups.forEach((id, g) => {
    const sections = Array.from(net.riskSections.subarray(net.riskOffset[g], net.riskOffset[g + 1]));
    elements.push({ kind: 'riskGroup', index: g, id, sections, sites: [] });
  });
  const reached = (deadSections: Set<number>, deadSites: Set<number>) => {
    const seen = new Uint8Array(net.siteCount);
    const stack = [...net.headends].filter((h) => !deadSites.has(h));
    for (const h of stack) seen[h] = 1;
    while (stack.length) {
      const v = stack.pop()!;
      for (let e = 0; e < net.sectionCount; e++) {
        if (deadSections.has(e)) continue;
        const [a, b] = [net.sectionFrom[e], net.sectionTo[e]];
        const w = a === v ? b : b === v ? a : -1;
        if (w < 0 || seen[w] || deadSites.has(w)) continue;
        seen[w] = 1;
        stack.push(w);
      }
    }
    return seen;
  };
  const connected = reached(new Set(), new Set());
  const nros = [...net.siteKind.keys()].filter((v) => net.siteKind[v] === KIND_NRO);
  const cutOff = (failed: Element[]) => {
    const sites = new Set(failed.flatMap((f) => f.sites));
    const after = reached(new Set(failed.flatMap((f) => f.sections)), sites);
    return new Set(nros.filter((v) => connected[v] && !after[v] && !sites.has(v)));
  };
  const alone = elements.map((x) => cutOff([x]));
  const kindOrder: Record<Kind, number> = { section: 0, site: 1, riskGroup: 2 };
  const order = (x: Element, y: Element) => kindOrder[x.kind] - kindOrder[y.kind] || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0);
  const result = nros.map(() => ({
    sectionPairs: 0,
    riskGroupPairs: 0,
    mixedPairs: 0,
    pairWeight: 0,
    pairs: [] as [Element, Element, number][],
    byKinds: {} as Record<string, { count: number; weight: number }>,
  }));
  for (let i = 0; i < elements.length; i++) {
    for (let j = i + 1; j < elements.length; j++) {
      const cut = cutOff([elements[i], elements[j]]);
      nros.forEach((v, k) => {
        if (!cut.has(v) || alone[i].has(v) || alone[j].has(v)) return;
        const [x, y] = order(elements[i], elements[j]) < 0 ? [elements[i], elements[j]] : [elements[j], elements[i]];
        const r = result[k];
        if (x.kind === 'section' && y.kind === 'section') r.sectionPairs++;
        else if (x.kind === 'riskGroup' && y.kind === 'riskGroup') r.riskGroupPairs++;
        else r.mixedPairs++;
        const w = weight(x) * weight(y);
        r.pairWeight += w;
        const kinds = `${x.kind}-${y.kind}`;
        r.byKinds[kinds] ??= { count: 0, weight: 0 };
        r.byKinds[kinds].count++;
        r.byKinds[kinds].weight += w;
        if (w > 0) r.pairs.push([x, y, w]);
      });
    }
  }
  return result.map(({ pairs, byKinds, ...counts }) => ({
    ...counts,
    byKinds,
    /** The heaviest pairs without a site in them. */
    withoutSites: pairs
      .filter(([a, b]) => a.kind !== 'site' && b.kind !== 'site')
      .sort(([a, b, w], [c, d, z]) => z - w || order(a, c) || order(b, d))
      .slice(0, 6)
      .map(([a, b, weight]) => ({ a: { kind: a.kind, index: a.index }, b: { kind: b.kind, index: b.index }, weight })),
    top: pairs
      .sort(([a, b, w], [c, d, z]) => z - w || order(a, c) || order(b, d))
      .slice(0, 6)
      .map(([a, b, weight]) => ({ a: { kind: a.kind, index: a.index }, b: { kind: b.kind, index: b.index }, weight })),
  }));
}

describe('doubleFailures against a brute force over every pair, on random networks', () => {
  for (let seed = 1; seed <= 30; seed++) {
    it(`random network ${seed}`, () => {
      const random = prng(seed * 7919);
      const topology = randomNetwork(seed, {
        sites: 6 + Math.floor(random() * 14),
        chords: Math.floor(random() * 12),
        headends: 1 + Math.floor(random() * 3),
        riskGroups: Math.floor(random() * 5),
        plannedShare: 0.05,
      });
      const net = compileNetwork(topology);
      // Weights with ties and zeros: 0, 0.5 or a random value.
      const draw = () => {
        const u = random();
        return u < 0.1 ? 0 : u < 0.3 ? 0.5 : Math.round(random() * 1000) / 1000;
      };
      const sectionWeight = Float64Array.from({ length: net.sectionCount }, draw);
      const siteWeight = Float64Array.from({ length: net.siteCount }, draw);
      const riskGroupWeight = Float64Array.from({ length: net.riskGroups.length }, draw);
      const weights: Record<Kind, Float64Array> = { section: sectionWeight, site: siteWeight, riskGroup: riskGroupWeight };
      const expected = bruteForce(net, (e) => weights[e.kind][e.index]);
      const answer = doubleFailures(net, { sectionWeight, siteWeight, riskGroupWeight, top: 6 });
      expect(answer.length).toBe(expected.length);
      const labelled = doubleFailures(net, { sectionWeight, siteWeight, riskGroupWeight, top: 6, enumerationLimit: 0 });
      answer.forEach((got, i) => {
        expect(got.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: true });
        const { pairWeight, byKinds, withoutSites, ...counts } = expected[i];
        const weightOf = (kinds: string) => byKinds[kinds]?.weight ?? 0;
        const beyond = labelled[i];
        expect(beyond.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: false });
        expect(beyond.riskGroupPairs).toBe(counts.riskGroupPairs);
        expect(beyond.top).toEqual(withoutSites);
        expect(beyond.pairWeightByKind.riskGroupRiskGroup).toBeCloseTo(weightOf('riskGroup-riskGroup'), 12);
        expect(beyond.pairWeightByKind.mixed).toBeCloseTo(weightOf('section-riskGroup'), 12);
        expect({ sectionPairs: got.sectionPairs, riskGroupPairs: got.riskGroupPairs, mixedPairs: got.mixedPairs, top: got.top }).toEqual(counts);
        expect(got.pairWeight).toBeCloseTo(pairWeight, 12);
        const byKind = got.pairWeightByKind;
        expect(byKind.sectionSection + byKind.riskGroupRiskGroup + byKind.mixed).toBeCloseTo(got.pairWeight, 12);
      });
    });
  }
});

describe('section pairs on a network of 1 500 sections, against an analysis after each first failure', () => {
  it('counts, for every NRO, the sections that become critical once another has failed', () => {
    const net = compileNetwork(fibreNetwork({ sections: 1500, seed: 8 }));
    const nros = [...net.siteKind.keys()].filter((v) => net.siteKind[v] === KIND_NRO);
    const criticalIn = (analysis: ReturnType<typeof resilienceAnalysis>, v: number) => {
      const { tree, nearestBridge } = analysis;
      const found: number[] = [];
      const x = tree.pre[v];
      if (x < 0) return found;
      for (let c = nearestBridge[x]; c >= 0; c = tree.parent[c] > 0 ? nearestBridge[tree.parent[c]] : -1) found.push(tree.parentSection[c]);
      return found;
    };
    const whole = resilienceAnalysis(net);
    const alone = nros.map((v) => new Set(criticalIn(whole, v)));
    const twice = new Float64Array(nros.length);
    const failed = new Uint8Array(net.sectionCount);
    for (let e = 0; e < net.sectionCount; e++) {
      failed[e] = 1;
      const after = resilienceAnalysis(networkWithout(net, { sections: failed }));
      failed[e] = 0;
      nros.forEach((v, i) => {
        if (alone[i].has(e) || whole.tree.pre[v] < 0) return;
        for (const f of criticalIn(after, v)) if (!alone[i].has(f)) twice[i]++;
      });
    }
    const answer = doubleFailures(net, { enumerationLimit: 0 });
    expect(answer.map((r) => r.sectionPairs)).toEqual(Array.from(twice, (t) => t / 2));
    expect(answer.filter((r) => r.sectionPairs > 0).length).toBeGreaterThan(50);
  });
});

describe('the heaviest pairs listed at scale are real double failures', () => {
  it('each listed pair of sections or risk groups cuts its NRO off, and neither alone does', () => {
    const net = compileNetwork(fibreNetwork({ sections: 20_000, seed: 3 }));
    const random = prng(5);
    const sectionWeight = Float64Array.from({ length: net.sectionCount }, () => random());
    const riskGroupWeight = Float64Array.from({ length: net.riskGroups.length }, () => random());
    const answer = doubleFailures(net, { sectionWeight, riskGroupWeight, top: 4 });
    expect(answer[0].complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: false });
    const nros = [...net.siteKind.keys()].filter((v) => net.siteKind[v] === KIND_NRO);
    const sectionsOf = ({ kind, index }: { kind: string; index: number }) =>
      kind === 'section' ? [index] : Array.from(net.riskSections.subarray(net.riskOffset[index], net.riskOffset[index + 1]));
    const weightOf = ({ kind, index }: { kind: string; index: number }) => (kind === 'section' ? sectionWeight[index] : riskGroupWeight[index]);
    const preorderAfter = (dead: number[]) => {
      const failed = new Uint8Array(net.sectionCount);
      for (const e of dead) failed[e] = 1;
      return resilienceAnalysis(networkWithout(net, { sections: failed })).tree.pre;
    };
    const kinds = new Set<string>();
    let checked = 0;
    for (let i = 0; i < nros.length && checked < 60; i += 23) {
      for (const { a, b, weight } of answer[i].top) {
        kinds.add(`${a.kind}-${b.kind}`);
        expect(weight).toBe(weightOf(a) * weightOf(b));
        expect(preorderAfter([...sectionsOf(a), ...sectionsOf(b)])[nros[i]]).toBe(-1);
        expect(preorderAfter(sectionsOf(a))[nros[i]]).toBeGreaterThan(0);
        expect(preorderAfter(sectionsOf(b))[nros[i]]).toBeGreaterThan(0);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(kinds.has('section-section')).toBe(true);
    expect(kinds.has('section-riskGroup')).toBe(true);
  });
});

describe('enumeration bound', () => {
  const net = compileNetwork(somme, { includePlanned: true });
  const full = doubleFailures(net);
  const size = net.siteCount + net.sectionCount;

  it('enumerates everything on the Somme network by default', () => {
    expect(full.every((r) => r.complete.mixed && r.complete.riskGroupRiskGroup)).toBe(true);
  });

  it('beyond the bound, finds the risk-group pairs by their labels: group pairs exact, site pairs left out', () => {
    const partial = doubleFailures(net, { enumerationLimit: (net.siteCount + net.riskGroups.length) * size - 1 });
    partial.forEach((r, i) => {
      expect(r.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: false });
      expect(r.sectionPairs).toBe(full[i].sectionPairs);
      expect(r.riskGroupPairs).toBe(full[i].riskGroupPairs);
      expect(r.mixedPairs).toBeNull();
      expect(r.pairWeight).toBeLessThanOrEqual(full[i].pairWeight);
      expect(r.pairWeightByKind.riskGroupRiskGroup).toBe(full[i].pairWeightByKind.riskGroupRiskGroup);
    });
  });

  it('with a group too large to label, fails the risk groups in turn within the bound, and gives up below it', () => {
    // A group of 20 sections (2^20 subsets are too many to label): one section of a 2-cut and
    // 19 leading to a leaf, and a group of the 2-cut's other section.
    const somme2 = compileNetwork(somme, { includePlanned: true });
    const degree = (v: number) => somme2.adjOffset[v + 1] - somme2.adjOffset[v];
    const leaves = somme2.sectionIds.filter((_, e) => degree(somme2.sectionFrom[e]) === 1 || degree(somme2.sectionTo[e]) === 1);
    const cut = full.flatMap((r) => r.top).find((p) => p.a.kind === 'section' && p.b.kind === 'section')!;
    const [e, f] = [somme2.sectionIds[cut.a.index], somme2.sectionIds[cut.b.index]];
    const long = new Set([e, ...leaves.filter((id) => id !== f).slice(0, 19)]);
    const big = structuredClone(somme);
    for (const s of big.sections) {
      if (long.has(s.id)) s.riskGroups = [...(s.riskGroups ?? []), 'trench-long'];
      if (s.id === f) s.riskGroups = [...(s.riskGroups ?? []), 'duct-short'];
    }
    const bigNet = compileNetwork(big, { includePlanned: true });
    expect(long.size).toBe(20);
    const all = doubleFailures(bigNet);
    const groups = doubleFailures(bigNet, { enumerationLimit: bigNet.riskGroups.length * size });
    groups.forEach((r, i) => {
      expect(r.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: false });
      expect(r.riskGroupPairs).toBe(all[i].riskGroupPairs);
      expect(r.mixedPairs).toBeNull();
      expect(r.pairWeightByKind.riskGroupRiskGroup).toBe(all[i].pairWeightByKind.riskGroupRiskGroup);
    });
    expect(all.some((r) => (r.riskGroupPairs ?? 0) > 0)).toBe(true);
    for (const r of doubleFailures(bigNet, { enumerationLimit: 0 })) {
      expect(r.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: false, mixed: false });
      expect(r.riskGroupPairs).toBeNull();
      expect(r.pairWeight).toBe(r.sectionPairs);
    }
  });

  it('with no risk group at all, group pairs are complete (none) whatever the bound', () => {
    const plain = compileNetwork({ ...somme, sections: somme.sections.map(({ riskGroups, ...s }) => s) });
    for (const r of doubleFailures(plain, { enumerationLimit: 0 })) {
      expect(r.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: false });
      expect(r.riskGroupPairs).toBe(0);
    }
  });
});

describe('doubleFailures on the Somme network (the figures of docs/double-failures.md)', () => {
  const net = compileNetwork(somme);
  const answer = doubleFailures(net);
  const nros = [...net.siteKind.keys()].filter((v) => net.siteKind[v] === KIND_NRO);
  const nro = (id: string) => answer[nros.indexOf(net.siteIndex.get(id)!)];
  const name = ({ kind, index }: { kind: string; index: number }) => (kind === 'section' ? net.sectionIds[index] : kind === 'site' ? net.siteIds[index] : net.riskGroups[index]);

  it('gives one record per NRO, in site-index order, everything enumerated', () => {
    expect(answer.length).toBe(63);
    expect(answer.every((r) => r.complete.sectionSection && r.complete.riskGroupRiskGroup && r.complete.mixed)).toBe(true);
    const total = (f: (r: (typeof answer)[number]) => number) => answer.reduce((sum, r) => sum + f(r), 0);
    expect([total((r) => r.sectionPairs), total((r) => r.riskGroupPairs ?? 0), total((r) => r.mixedPairs ?? 0)]).toEqual([141, 0, 593]);
  });

  it('lists the first pairs of Nesle and Beauval', () => {
    expect(nro('NRO-NES').sectionPairs).toBe(6);
    expect(nro('NRO-NES').top.slice(0, 3).map((p) => [name(p.a), name(p.b)])).toEqual([['S-081', 'S-082'], ['S-081', 'S-083'], ['S-081', 'S-087']]);
    expect(nro('NRO-BVL').sectionPairs).toBe(6);
    expect([name(nro('NRO-BVL').top[0].a), name(nro('NRO-BVL').top[0].b)]).toEqual(['S-118', 'S-120']);
  });

  it('gives no pair to an NRO that is not connected, and lists none at top 0', () => {
    const isolated = compileNetwork({ ...somme, sites: [...somme.sites, { id: 'NRO-ALONE', kind: 'nro', lon: 2, lat: 50 }] });
    const records = doubleFailures(isolated, { top: 0 });
    expect(records[records.length - 1]).toMatchObject({ sectionPairs: 0, riskGroupPairs: 0, mixedPairs: 0, pairWeight: 0, top: [] });
    expect(records.every((r) => r.top.length === 0)).toBe(true);
  });
});

describe('bad options', () => {
  const net = compileNetwork(somme);
  it('names the field and the element', () => {
    const sectionWeight = new Float64Array(net.sectionCount);
    sectionWeight[3] = -1;
    expect(() => doubleFailures(net, { sectionWeight })).toThrow(InvalidOptionError);
    expect(() => doubleFailures(net, { sectionWeight })).toThrow(`sectionWeight[3] (section "${net.sectionIds[3]}")`);
    expect(() => doubleFailures(net, { siteWeight: new Float64Array(2) })).toThrow(/siteWeight must be a Float64Array of \d+ weights/);
    const riskGroupWeight = new Float64Array(net.riskGroups.length).fill(Number.NaN);
    expect(() => doubleFailures(net, { riskGroupWeight })).toThrow(`riskGroupWeight[0] (risk group "${net.riskGroups[0]}") is NaN`);
    expect(() => doubleFailures(net, { top: 2.5 })).toThrow(InvalidOptionError);
    expect(() => doubleFailures(net, { top: -1 })).toThrow(/top must be an integer/);
    expect(() => doubleFailures(net, { enumerationLimit: -1 })).toThrow(/enumerationLimit/);
  });
});

describe('purity', () => {
  it('leaves the network as it was', () => {
    const net = compileNetwork(somme, { includePlanned: true });
    const digest = () => {
      const hash = createHash('sha256');
      for (const [key, value] of Object.entries(net).sort(([a], [b]) => (a < b ? -1 : 1))) {
        hash.update(key);
        if (ArrayBuffer.isView(value)) hash.update(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        else hash.update(JSON.stringify(value instanceof Map ? [...value] : value));
      }
      return hash.digest('hex');
    };
    const before = digest();
    doubleFailures(net, { siteWeight: new Float64Array(net.siteCount).fill(0.1) });
    expect(digest()).toBe(before);
  });
});

describe('risk-group pairs by random labels, against failing each group in turn', () => {
  for (const [name, topology] of [
    ['fibreNetwork 5 000 sections', fibreNetwork({ sections: 5000, seed: 12 })],
    ['randomNetwork of 400 sites and 120 groups', randomNetwork(77, { sites: 400, chords: 160, headends: 2, riskGroups: 120, plannedShare: 0 })],
  ] as const) {
    it(name, () => {
      const net = compileNetwork(topology);
      const nros = [...net.siteKind.keys()].filter((v) => net.siteKind[v] === KIND_NRO);
      const random = prng(9);
      const riskGroupWeight = Float64Array.from({ length: net.riskGroups.length }, () => random());
      const labelled = doubleFailures(net, { riskGroupWeight, enumerationLimit: 0 });
      const failing = elementPairs(net, elementKeys(net), nros, { riskGroupWeight, failing: 'riskGroups' });
      expect(labelled.map((r) => r.riskGroupPairs)).toEqual(Array.from(failing.riskGroupPairs));
      labelled.forEach((r, i) => {
        expect(r.pairWeightByKind.riskGroupRiskGroup).toBeCloseTo(failing.groupWeight[i], 12);
      });
      expect(labelled.some((r) => (r.riskGroupPairs ?? 0) > 0)).toBe(true);
    });
  }
});
