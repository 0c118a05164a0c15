import { describe, expect, it } from 'vitest';
import { prng } from '../bench/prng.js';
import { doubleFailures } from '../src/availability/double-failures.js';
import { type FailureModelInput, failureRates } from '../src/availability/failure-model.js';
import { type NroAvailability, nroAvailability, odds } from '../src/availability/nro-availability.js';
import { compileNetwork, type CompiledNetwork } from '../src/graph/compile.js';
import type { Section, Site, Topology } from '../src/model/schema.js';

/**
 * The availability figures against probabilities worked out independently: by hand on a spur
 * and a ring, and by enumerating every state of every element on small random networks.
 */

const topology = (sites: Site[], sections: Section[], failureModel?: FailureModelInput): Topology =>
  ({ format: 'fibre-topology/1', name: 'test', sites, sections, ...(failureModel && { failureModel }) }) as Topology;
const site = (id: string, kind: Site['kind'], subscribers = 0): Site => ({ id, kind, lon: 2, lat: 49, subscribers });
const section = (id: string, from: string, to: string, lengthM: number, riskGroups?: string[]): Section =>
  ({ id, from, to, lengthM, owner: 'SMSN', ...(riskGroups && { riskGroups }) });

/** Availability with every pair enumerated, the weights r = p / (1 − p). */
function withPairs(net: CompiledNetwork, topo: Topology, states: 'nro' | 'network' = 'nro'): NroAvailability[] {
  const rates = failureRates(net, topo);
  const pairs = doubleFailures(net, {
    sectionWeight: odds(rates.sections.unavailability), siteWeight: odds(rates.sites.unavailability), riskGroupWeight: odds(rates.riskGroups.unavailability),
  });
  return nroAvailability(net, rates, { states, doubleFailures: pairs });
}

// Figures chosen so that each p is a simple fraction: λ · MTTR hours down a year, p = λ·MTTR / (8760 + λ·MTTR).
const MODEL: FailureModelInput = {
  // 10 km of duct at 100 cuts / 1 000 km / year: 1 cut a year, 10 h each.
  installations: { duct: { cutsPer1000KmYear: 100, mttrHours: 10 } },
  siteKinds: { headend: { ratePerYear: 2, mttrHours: 5 }, nro: { ratePerYear: 1, mttrHours: 20 }, junction: { ratePerYear: 0.5, mttrHours: 8 }, pop: { ratePerYear: 0, mttrHours: 0 } },
};
const pSection = 10 / 8770;
const pHeadend = 10 / 8770;
const pNro = 20 / 8780;
const pJunction = 4 / 8764;

describe('a spur: HE —S-1— NRO', () => {
  const topo = topology([site('HE', 'headend'), site('NRO', 'nro', 100)], [section('S-1', 'HE', 'NRO', 10_000)], MODEL);
  const net = compileNetwork(topo);
  const [nro] = withPairs(net, topo);
  const [h, s, n] = [pHeadend, pSection, pNro];

  it('gives each element the unavailability λ·MTTR / (8760 + λ·MTTR)', () => {
    const rates = failureRates(net, topo);
    expect(rates.sections.unavailability[0]).toBeCloseTo(s, 15);
    expect(rates.sites.unavailability[net.siteIndex.get('HE')!]).toBeCloseTo(h, 15);
    expect(rates.sites.unavailability[net.siteIndex.get('NRO')!]).toBeCloseTo(n, 15);
  });

  it('is down whenever any of its three elements is: single, lower and upper as worked by hand', () => {
    const single = h * (1 - s) * (1 - n) + s * (1 - h) * (1 - n) + n * (1 - h) * (1 - s);
    const two = h * s * (1 - n) + h * n * (1 - s) + s * n * (1 - h);
    const exact = 1 - (1 - h) * (1 - s) * (1 - n);
    expect(nro.status).toBe('single-homed');
    expect(nro.unavailability.single).toBeCloseTo(single, 15);
    // Every element alone cuts it off: the bounds are exact.
    expect(nro.unavailability.lower).toBeCloseTo(exact, 15);
    expect(nro.unavailability.upper).toBeCloseTo(exact, 15);
    // Net2Plan's figures: states of two elements down, of three.
    expect(nro.states.twoCut).toBeCloseTo(two, 15);
    expect(nro.states.threeOrMore).toBeCloseTo(h * s * n, 18);
  });

  it('lists the three elements, the most often down first, each with its own unavailability', () => {
    expect(nro.singleFailures.map((f) => `${f.kind}:${f.index}:${f.probability}`).sort()).toEqual(
      [`section:0:${s}`, `site:${net.siteIndex.get('HE')}:${h}`, `site:${net.siteIndex.get('NRO')}:${n}`].sort());
    expect(nro.singleFailures[0]).toMatchObject({ kind: 'site', index: net.siteIndex.get('NRO') });
  });
});

describe('a ring: HE —S-1— NRO —S-3— J —S-2— HE', () => {
  const sites = [site('HE', 'headend'), site('NRO', 'nro', 100), site('J', 'junction')];
  const [h, n, j, s] = [pHeadend, pNro, pJunction, pSection];

  it('is cut off alone only by the head-end and itself; S-1 with S-2, S-3 or J as pairs', () => {
    const topo = topology(sites, [section('S-1', 'HE', 'NRO', 10_000), section('S-2', 'HE', 'J', 10_000), section('S-3', 'J', 'NRO', 10_000)], MODEL);
    const net = compileNetwork(topo);
    const [nro] = withPairs(net, topo);
    // Worked by hand: down iff HE or NRO down, or S-1 down with the other way (S-2, J or S-3) broken.
    const exact = 1 - (1 - h) * (1 - n) * (1 - s * (1 - (1 - s) * (1 - j) * (1 - s)));
    const p0 = (1 - h) * (1 - n) * (1 - j) * (1 - s) ** 3;
    const r = (p: number) => p / (1 - p);
    const single = p0 * (r(h) + r(n));
    const withSingle = p0 * (r(h) * r(n) + (r(h) + r(n)) * (r(j) + 3 * r(s)));
    const joint = p0 * (r(s) * r(s) + r(s) * r(s) + r(s) * r(j));
    expect(nro.status).toBe('secured');
    expect(nro.unavailability.single).toBeCloseTo(single, 15);
    expect(nro.states.twoCut).toBeCloseTo(withSingle + joint, 15);
    expect(nro.doubleFailures).toMatchObject({ sectionPairs: 2, mixedPairs: 1, riskGroupPairs: 0 });
    // Lower: HE or NRO down (whatever else), or exactly S-1 with one of S-2, J, S-3 down (and nothing else).
    const eitherEnd = 1 - (1 - h) * (1 - n);
    expect(nro.unavailability.lower).toBeCloseTo(eitherEnd + joint, 15);
    expect(nro.unavailability.lower).toBeLessThanOrEqual(exact);
    expect(nro.unavailability.upper).toBeGreaterThanOrEqual(exact);
    // Upper adds, with HE and NRO up, three or four of J, S-1, S-2, S-3 down.
    const threeOrFour = s ** 3 * (1 - j) + 3 * j * s ** 2 * (1 - s) + j * s ** 3;
    expect(nro.unavailability.upper - nro.unavailability.lower).toBeCloseTo((1 - h) * (1 - n) * threeOrFour, 15);
  });

  it('without the pairs, counts every state of two other elements down in the upper bound only', () => {
    const topo = topology(sites, [section('S-1', 'HE', 'NRO', 10_000), section('S-2', 'HE', 'J', 10_000), section('S-3', 'J', 'NRO', 10_000)], MODEL);
    const net = compileNetwork(topo);
    const [nro] = nroAvailability(net, failureRates(net, topo));
    expect(nro.doubleFailures).toBeNull();
    const eitherEnd = 1 - (1 - h) * (1 - n);
    // With HE and NRO up: two or more of J, S-1, S-2, S-3 down = 1 − P(none) − P(exactly one).
    const none = (1 - j) * (1 - s) ** 3;
    const one = j * (1 - s) ** 3 + 3 * s * (1 - j) * (1 - s) ** 2;
    expect(nro.unavailability.lower).toBeCloseTo(eitherEnd, 15);
    expect(nro.unavailability.upper).toBeCloseTo(eitherEnd + (1 - h) * (1 - n) * (1 - none - one), 15);
  });

  it('with S-1 and S-2 in one trench, the trench alone cuts it off; its rate is that of its longest section by default', () => {
    const topo = topology(sites, [section('S-1', 'HE', 'NRO', 10_000, ['trench']), section('S-2', 'HE', 'J', 5_000, ['trench']), section('S-3', 'J', 'NRO', 10_000)], MODEL);
    const net = compileNetwork(topo);
    const rates = failureRates(net, topo);
    // 10 km (the longest) × 100 cuts / 1 000 km = 1 event a year, repaired in the longest of its sections' 10 h.
    const g = 10 / 8770;
    expect(rates.riskGroups.unavailability[0]).toBeCloseTo(g, 15);
    expect(rates.riskGroups.lengthM[0]).toBe(10_000);
    const [nro] = withPairs(net, topo);
    const s2 = 5 / 8765;
    const exact = 1 - (1 - h) * (1 - n) * (1 - g) * (1 - s * (1 - (1 - s2) * (1 - j) * (1 - s)));
    const r = (p: number) => p / (1 - p);
    const p0 = (1 - h) * (1 - n) * (1 - g) * (1 - j) * (1 - s) ** 2 * (1 - s2);
    expect(nro.singleFailures.map((f) => f.kind).sort()).toEqual(['riskGroup', 'site', 'site']);
    expect(nro.unavailability.single).toBeCloseTo(p0 * (r(h) + r(n) + r(g)), 15);
    expect(nro.unavailability.lower).toBeLessThanOrEqual(exact);
    expect(nro.unavailability.upper).toBeGreaterThanOrEqual(exact);
  });
});

/** Every element of a network and what its failure takes down: sections, sites (with their sections), risk groups (their sections). */
function elementsOf(net: CompiledNetwork, p: { sections: Float64Array; sites: Float64Array; riskGroups: Float64Array }) {
  const elements: { kind: 'section' | 'site' | 'riskGroup'; index: number; p: number }[] = [];
  for (let e = 0; e < net.sectionCount; e++) elements.push({ kind: 'section', index: e, p: p.sections[e] });
  for (let v = 0; v < net.siteCount; v++) elements.push({ kind: 'site', index: v, p: p.sites[v] });
  for (let g = 0; g < net.riskGroups.length; g++) elements.push({ kind: 'riskGroup', index: g, p: p.riskGroups[g] });
  return elements;
}

/** By definition: which sites reach a surviving head-end over surviving sections when the elements in `down` (a bit mask) are down. */
function reached(net: CompiledNetwork, elements: ReturnType<typeof elementsOf>, down: number): Uint8Array {
  const siteDown = new Uint8Array(net.siteCount);
  const sectionDown = new Uint8Array(net.sectionCount);
  elements.forEach((x, k) => {
    if (!(down & (1 << k))) return;
    if (x.kind === 'section') sectionDown[x.index] = 1;
    else if (x.kind === 'site') siteDown[x.index] = 1;
    else for (let i = net.riskOffset[x.index]; i < net.riskOffset[x.index + 1]; i++) sectionDown[net.riskSections[i]] = 1;
  });
  const seen = new Uint8Array(net.siteCount);
  const queue: number[] = [];
  for (const h of net.headends) if (!siteDown[h]) { seen[h] = 1; queue.push(h); }
  while (queue.length) {
    const u = queue.pop()!;
    for (let e = 0; e < net.sectionCount; e++) {
      if (sectionDown[e]) continue;
      const a = net.sectionFrom[e];
      const b = net.sectionTo[e];
      const w = a === u ? b : b === u ? a : -1;
      if (w < 0 || seen[w] || siteDown[w]) continue;
      seen[w] = 1;
      queue.push(w);
    }
  }
  return seen;
}

/** A small random network: a few sites, sections (parallel ones too), a risk group or two, one or two head-ends. */
function randomTopology(seed: number): Topology {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const n = 4 + Math.floor(random() * 2);
  const heads = random() < 0.4 ? 2 : 1;
  const sites: Site[] = [];
  for (let i = 0; i < n; i++) sites.push(site(`V${i}`, i < heads ? 'headend' : pick(['nro', 'nro', 'junction', 'pop'] as const), 100 + i));
  const sections: Section[] = [];
  const m = 4 + Math.floor(random() * 4);
  for (let k = 0; k < m; k++) {
    const a = k < n - 1 ? k + 1 : Math.floor(random() * n);
    let b = k < n - 1 ? Math.floor(random() * (k + 1)) : Math.floor(random() * n);
    if (b === a) b = (a + 1) % n;
    sections.push(section(`S${k}`, `V${a}`, `V${b}`, 2_000 + Math.floor(random() * 20_000), random() < 0.25 ? [pick(['g0', 'g1'])] : undefined));
  }
  // Large failure figures, so that states of two and three elements down weigh something.
  return topology(sites, sections, {
    installations: { duct: { cutsPer1000KmYear: 2_000, mttrHours: 100 } },
    siteKinds: { headend: { ratePerYear: 20, mttrHours: 50 }, nro: { ratePerYear: 30, mttrHours: 40 }, pop: { ratePerYear: 10, mttrHours: 60 }, junction: { ratePerYear: 5, mttrHours: 80 } },
  });
}

describe('every state enumerated on small random networks', () => {
  const cases = Array.from({ length: 40 }, (_, i) => i + 1);
  let checkedNros = 0;

  it.each(cases)('network %i: single, lower and upper are the masses of the states they stand for', (seed) => {
    const topo = randomTopology(seed);
    const net = compileNetwork(topo);
    const rates = failureRates(net, topo);
    const elements = elementsOf(net, { sections: rates.sections.unavailability, sites: rates.sites.unavailability, riskGroups: rates.riskGroups.unavailability });
    const k = elements.length;
    expect(k).toBeLessThanOrEqual(16);
    const states = 1 << k;
    const probability = new Float64Array(states);
    const downCount = new Uint8Array(states);
    for (let s = 0; s < states; s++) {
      let pr = 1;
      elements.forEach((x, i) => { pr *= s & (1 << i) ? x.p : 1 - x.p; });
      probability[s] = pr;
      downCount[s] = elements.reduce((c, _, i) => c + (s & (1 << i) ? 1 : 0), 0);
    }
    const nroSites = [...Array(net.siteCount).keys()].filter((v) => net.siteKind[v] === 2);
    const cutOff = nroSites.map(() => new Uint8Array(states));
    for (let s = 0; s < states; s++) {
      const seen = reached(net, elements, s);
      nroSites.forEach((v, i) => { cutOff[i][s] = seen[v] ? 0 : 1; });
    }
    for (const mode of ['nro', 'network'] as const) {
      const result = withPairs(net, topo, mode);
      nroSites.forEach((v, i) => {
        const got = result[i];
        expect(got.site).toBe(v);
        const exact = probability.reduce((a, pr, s) => a + (cutOff[i][s] ? pr : 0), 0);
        if (cutOff[i][0]) {
          // Cut off with nothing down: not connected at all.
          expect(got.status).toBe('isolated');
          expect(got.unavailability).toEqual({ single: 1, lower: 1, upper: 1 });
          return;
        }
        // The elements its states are made of: all, or (nro) those whose state ever decides whether it is cut off.
        let relevant = 0;
        for (let x = 0; x < k; x++) {
          let matters = mode === 'network';
          for (let s = 0; s < states && !matters; s++) if (cutOff[i][s] !== cutOff[i][s ^ (1 << x)]) matters = true;
          if (matters) relevant |= 1 << x;
        }
        // The elements that alone cut it off.
        let alone = 0;
        for (let x = 0; x < k; x++) if (cutOff[i][1 << x]) alone |= 1 << x;
        let one = 0; // exactly one element down, and it cuts it off (Net2Plan's single)
        let two = 0; // exactly two down, and they cut it off
        let anyAlone = 0; // one of those alone down, whatever else is
        let pairOnly = 0; // none of those down, exactly two others down, and they cut it off
        let restMore = 0; // none of those down, three or more others down
        for (let s = 0; s < states; s++) {
          let d = 0;
          for (let x = 0; x < k; x++) if (relevant & (1 << x) && s & (1 << x)) d++;
          const pr = probability[s];
          if (cutOff[i][s] && d === 1) one += pr;
          if (cutOff[i][s] && d === 2) two += pr;
          if (s & alone) anyAlone += pr;
          else if (d === 2 && cutOff[i][s]) pairOnly += pr;
          else if (d >= 3) restMore += pr;
        }
        expect(got.singleFailures.map((f) => `${f.kind}:${f.index}`).sort()).toEqual(
          elements.filter((_, x) => alone & (1 << x)).map((x) => `${x.kind}:${x.index}`).sort());
        for (const f of got.singleFailures) expect(f.probability).toBe(elements.find((x) => x.kind === f.kind && x.index === f.index)!.p);
        expect(got.states.elements).toBe(elements.filter((_, x) => relevant & (1 << x)).length);
        expect(got.unavailability.single).toBeCloseTo(one, 13);
        expect(got.states.twoCut).toBeCloseTo(two, 13);
        expect(got.unavailability.lower).toBeCloseTo(anyAlone + pairOnly, 13);
        expect(got.unavailability.upper).toBeCloseTo(anyAlone + pairOnly + restMore, 13);
        expect(got.unavailability.lower).toBeLessThanOrEqual(exact + 1e-12);
        expect(got.unavailability.upper).toBeGreaterThanOrEqual(exact - 1e-12);
        expect(got.status).toBe(got.singleFailures.some((f) => f.kind === 'section') ? 'single-homed' : 'secured');
        checkedNros++;
      });
    }
  });

  it('covered connected NROs in both modes', () => expect(checkedNros).toBeGreaterThan(60));
});
