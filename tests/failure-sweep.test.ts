import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fibreNetwork } from '../bench/generate.js';
import { type CompiledNetwork, compileNetwork } from '../src/graph/compile.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { InvalidOptionError, UnknownReferenceError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { collectionRoutes, type CollectionRouting } from '../src/routing/collection-routes.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import { type FailureSweepOptions, failureSweep } from '../src/saturation/failure-sweep.js';
import { FAILURE_KINDS, type FailureKind, failureOf } from '../src/saturation/failure-sweep-list.js';
import { failureSweepRecords } from '../src/saturation/failure-sweep-records.js';
import { HeadendTreeRepair } from '../src/routing/headend-tree-repair.js';
import { n1SweepLoads } from '../src/saturation/n1-sweep.js';
import { routingAfterFailure } from '../src/saturation/reroute-after-cut.js';
import { SOMME_FILE } from './support/api.js';
import { withCapacities } from './support/brute-force-routing.js';
import { prng, randomNetwork } from './support/random-network.js';

const somme = topologyFromJSON(JSON.parse(readFileSync(SOMME_FILE, 'utf8')));

type Exclusions = NonNullable<FailureSweepOptions['exclude']>;

/**
 * The failures of a sweep by definition, from the topology's ids: each element of each kind
 * asked for, in the fixed order, with the sections it takes down.
 */
function failuresByDefinition(net: CompiledNetwork, kinds: readonly FailureKind[], exclude: Exclusions) {
  const safe = new Set(exclude.sections ?? []);
  const out: { kind: FailureKind; id: string; dead: Uint8Array }[] = [];
  const failing = (kind: FailureKind, id: string, inIt: (e: number) => boolean) => {
    const dead = new Uint8Array(net.sectionCount);
    for (let e = 0; e < net.sectionCount; e++) if (inIt(e)) dead[e] = 1;
    out.push({ kind, id, dead });
  };
  if (kinds.includes('section')) {
    net.sectionIds.forEach((id, e) => {
      if (!safe.has(id)) failing('section', id, (f) => f === e);
    });
  }
  if (kinds.includes('site')) {
    net.siteIds.forEach((id, v) => {
      if (!exclude.sites?.includes(id)) failing('site', id, (e) => net.sectionFrom[e] === v || net.sectionTo[e] === v);
    });
  }
  if (kinds.includes('riskGroup')) {
    net.riskGroups.forEach((group, g) => {
      if (exclude.riskGroups?.includes(group)) return;
      const members = new Set<number>();
      for (let k = net.riskOffset[g]; k < net.riskOffset[g + 1]; k++) members.add(net.riskSections[k]);
      failing('riskGroup', group, (e) => members.has(e) && !safe.has(net.sectionIds[e]));
    });
  }
  if (kinds.includes('owner')) {
    net.owners.forEach((owner, o) => {
      if (!exclude.owners?.includes(owner)) failing('owner', owner, (e) => net.sectionOwner[e] === o && !safe.has(net.sectionIds[e]));
    });
  }
  return out;
}

function loadsFromScratch(routing: CollectionRouting, fibres: number): number[] {
  const load = Array.from(routing.net.usedFibres);
  for (const route of [...routing.primary, ...routing.backup]) for (const e of route?.sections ?? []) load[e] += fibres;
  return load;
}

/**
 * The sweep the slow way: each failure re-routes the whole network (`routingAfterFailure`, a
 * router with a Dijkstra of its own), every load recounted; the worst loads sorted by load,
 * then failure order; the NROs compared before and after.
 */
function bruteForceSweep(routing: CollectionRouting, kinds: readonly FailureKind[], exclude: Exclusions, fibres: number, worst: number) {
  const { net } = routing;
  const base = loadsFromScratch(routing, fibres);
  const candidates = net.sectionIds.map(() => [] as { order: number; kind: FailureKind; id: string; load: number }[]);
  const cutOff = new Map<string, { kind: FailureKind; id: string }[]>();
  const unprotected = new Map<string, { kind: FailureKind; id: string }[]>();
  const push = (map: typeof cutOff, nro: string, failure: { kind: FailureKind; id: string }) => map.set(nro, [...(map.get(nro) ?? []), failure]);
  failuresByDefinition(net, kinds, exclude).forEach(({ kind, id, dead }, order) => {
    const after = routingAfterFailure(routing, dead).routing;
    const load = loadsFromScratch(after, fibres);
    load.forEach((l, e) => {
      if (!dead[e] && l > base[e]) candidates[e].push({ order, kind, id, load: l });
    });
    routing.nros.forEach((v, k) => {
      const nro = net.siteIds[v];
      if (routing.primary[k] !== null && after.primary[k] === null) push(cutOff, nro, { kind, id });
      else if (routing.backup[k] !== null && after.primary[k] !== null && after.backup[k] === null) push(unprotected, nro, { kind, id });
    });
  });
  const sections = Object.fromEntries(net.sectionIds.map((section, e) => [section, {
    base: base[e],
    worst: candidates[e].sort((a, b) => b.load - a.load || a.order - b.order).slice(0, worst).map(({ kind, id, load }) => ({ kind, id, load })),
  }]));
  const nros = [...new Set([...cutOff.keys(), ...unprotected.keys()])].sort()
    .map((nro) => ({ nro, cutOffBy: cutOff.get(nro) ?? [], unprotectedBy: unprotected.get(nro) ?? [] }));
  return { sections, nros };
}

function comparable(routing: CollectionRouting, options: FailureSweepOptions) {
  const records = failureSweepRecords(failureSweep(routing, options));
  return {
    sections: Object.fromEntries(records.sections.map((s) => [s.section, {
      base: s.base.loadFibres, worst: s.worst.map((w) => ({ ...w.failure, load: w.load.loadFibres })),
    }])),
    nros: records.nros.map(({ nro, cutOffBy, unprotectedBy }) => ({ nro, cutOffBy, unprotectedBy })).sort((a, b) => (a.nro < b.nro ? -1 : 1)),
  };
}

const smallNetwork = (seed: number, shape: { sites: number; chords: number; headends: number }) =>
  compileNetwork(withCapacities(randomNetwork(seed, { ...shape, plannedShare: 0, riskGroups: 3 }), seed));

describe('failure sweep', () => {
  it('gives, for the sections, the N-1 sweep’s worst load and cut for every section', () => {
    for (const net of [compileNetwork(somme), compileNetwork(fibreNetwork({ sections: 3_000, seed: 5 }))]) {
      for (const fibresPerRoute of [2, 3]) {
        const routing = collectionRoutes(net);
        const n1 = n1SweepLoads(routing, { fibresPerRoute });
        const sweep = failureSweep(routing, { fibresPerRoute, kinds: ['section'], worst: 1 });
        expect(Array.from(sweep.baseLoad)).toEqual(Array.from(n1.baseLoad));
        const worst = Array.from(sweep.worstFailure, (code, e) => (code < 0 ? sweep.baseLoad[e] : sweep.worstLoad[e]));
        expect(worst).toEqual(Array.from(n1.worstLoad));
        expect(Array.from(sweep.worstFailure)).toEqual(Array.from(n1.worstCut));
        // Kept deeper, the first of the worst failures is the same.
        const three = failureSweep(routing, { fibresPerRoute, kinds: ['section'], worst: 3 });
        expect(Array.from({ length: net.sectionCount }, (_, e) => three.worstFailure[3 * e])).toEqual(Array.from(n1.worstCut));
      }
    }
  });

  it('agrees with a brute-force sweep on random small networks, exclusions included', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          sites: fc.integer({ min: 2, max: 22 }),
          chords: fc.integer({ min: 0, max: 14 }),
          headends: fc.integer({ min: 1, max: 3 }),
          fibres: fc.integer({ min: 1, max: 4 }),
          worst: fc.integer({ min: 1, max: 4 }),
          kinds: fc.subarray([...FAILURE_KINDS], { minLength: 1 }),
          excludeShare: fc.constantFrom(0, 0.2),
        }),
        ({ seed, fibres, worst, kinds, excludeShare, ...shape }) => {
          const net = smallNetwork(seed, shape);
          const routing = collectionRoutes(net);
          const pick = (ids: readonly string[]) => ids.filter((_, i) => ((i * 7919 + seed) % 100) / 100 < excludeShare);
          const exclude = { sections: pick(net.sectionIds), sites: pick(net.siteIds), riskGroups: pick(net.riskGroups), owners: pick(net.owners) };
          const fast = comparable(routing, { fibresPerRoute: fibres, worst, kinds, exclude });
          const slow = bruteForceSweep(routing, kinds, exclude, fibres, worst);
          expect(fast).toEqual(slow);
        },
      ),
      { numRuns: 120 },
    );
  });

  it('agrees with the brute-force sweep on the Somme network, with and without exclusions', () => {
    const routing = collectionRoutes(compileNetwork(somme));
    const exclude = { sections: ['S-001', 'S-040'], sites: ['POP-ABBEVILLE'], riskGroups: ['bridge-somme-abbeville'], owners: ['divers'] };
    for (const ex of [{}, exclude]) {
      expect(comparable(routing, { fibresPerRoute: 2, worst: 3, exclude: ex })).toEqual(bruteForceSweep(routing, FAILURE_KINDS, ex, 2, 3));
    }
  });

  it('repairs the tree as a Dijkstra after the failure gives it: sites, risk groups, owners, random sets', () => {
    for (const net of [compileNetwork(somme), compileNetwork(fibreNetwork({ sections: 2_000, seed: 9 })), smallNetwork(4, { sites: 30, chords: 20, headends: 2 })]) {
      const intact = headendTree(net);
      const repair = new HeadendTreeRepair(net, intact);
      const sets: number[][] = [];
      for (let v = 0; v < net.siteCount; v += 3) sets.push(Array.from(net.adjSection.subarray(net.adjOffset[v], net.adjOffset[v + 1])));
      for (let g = 0; g < net.riskGroups.length; g++) sets.push(Array.from(net.riskSections.subarray(net.riskOffset[g], net.riskOffset[g + 1])));
      for (let o = 0; o < net.owners.length; o++) sets.push(net.sectionIds.flatMap((_, e) => (net.sectionOwner[e] === o ? [e] : [])));
      const random = prng(12345);
      for (let r = 0; r < 30; r++) sets.push(Array.from({ length: 1 + (r % 7) }, () => Math.floor(random() * net.sectionCount)));
      const dead = new Uint8Array(net.sectionCount);
      for (const set of sets) {
        for (const e of set) dead[e] = 1;
        repair.cutAll(Int32Array.from(set), 0, set.length, dead);
        const expected = headendTree(net, dead);
        expect(Array.from(repair.distance)).toEqual(Array.from(expected.distance));
        expect(Array.from(repair.via)).toEqual(Array.from(expected.via));
        repair.restore();
        for (const e of set) dead[e] = 0;
        expect(Array.from(repair.via)).toEqual(Array.from(intact.via));
      }
    }
  });

  it('fails a head-end: its routes move to another, and an NRO that is itself the failed head-end is cut off', () => {
    // HA and HB are head-ends, and so is the NRO N2 (named); N1's routes: HA by a, and N2 by b, e.
    const topology: Topology = {
      format: 'fibre-topology/1',
      name: 'two head-ends and an NRO named one',
      sites: [
        { id: 'HA', kind: 'headend', lon: 2, lat: 49 },
        { id: 'HB', kind: 'headend', lon: 2.2, lat: 49 },
        { id: 'N1', kind: 'nro', lon: 2.1, lat: 49.1, subscribers: 300 },
        { id: 'N2', kind: 'nro', lon: 2.1, lat: 49.2, subscribers: 200 },
        { id: 'J', kind: 'junction', lon: 2.1, lat: 49.15 },
      ],
      sections: [
        { id: 'a', from: 'HA', to: 'N1', lengthM: 1000, owner: 'SMSN', capacityFibres: 10, usedFibres: 0 },
        { id: 'b', from: 'N1', to: 'J', lengthM: 1000, owner: 'SMSN', capacityFibres: 10, usedFibres: 0 },
        { id: 'c', from: 'J', to: 'HB', lengthM: 5000, owner: 'Viatel', capacityFibres: 10, usedFibres: 0 },
        { id: 'd', from: 'HA', to: 'J', lengthM: 1500, owner: 'Viatel', capacityFibres: 10, usedFibres: 0 },
        { id: 'e', from: 'N2', to: 'J', lengthM: 100, owner: 'SMSN', capacityFibres: 10, usedFibres: 0 },
      ],
    };
    const net = compileNetwork(topology, { headends: ['HA', 'HB', 'N2'] });
    const routing = collectionRoutes(net, { diversity: 'section' });
    expect(routing.backup[0]?.sections).toEqual(Int32Array.of(1, 4)); // N1 → b, e → N2
    const records = failureSweepRecords(failureSweep(routing, { kinds: ['site'] }));
    const n2 = records.nros.find((r) => r.nro === 'N2')!;
    expect(n2.cutOffBy).toEqual([{ kind: 'site', id: 'N2' }]);
    // N2 failing ends N1's backup there: it is replaced by b, d towards HA (+2 on d); HA failing leaves N1 on its backup alone.
    const n1 = records.nros.find((r) => r.nro === 'N1')!;
    expect(n1.cutOffBy).toEqual([{ kind: 'site', id: 'N1' }]);
    expect(n1.unprotectedBy).toEqual([{ kind: 'site', id: 'HA' }, { kind: 'site', id: 'J' }]);
    const d = records.sections.find((s) => s.section === 'd')!;
    expect(d.worst).toEqual([{ failure: { kind: 'site', id: 'N2' }, load: { loadFibres: 2, ratio: 0.2, state: 'ok' } }]);
    expect(records.summary).toMatchObject({ nrosCutOff: 2, nrosUnprotected: 1 });
  });

  it('never fails what is excluded, and keeps an excluded section in service when its group or owner fails', () => {
    const net = compileNetwork(somme);
    const routing = collectionRoutes(net);
    const all = failureSweep(routing);
    const group = 'duct-amiens-ouest';
    const g = net.riskGroups.indexOf(group);
    const members = Array.from(net.riskSections.subarray(net.riskOffset[g], net.riskOffset[g + 1]), (e) => net.sectionIds[e]);
    expect(members).toContain('S-001');
    const exclude = { sections: ['S-001'], sites: ['POP-ABBEVILLE', 'J-LONGUEAU'], riskGroups: ['bridge-somme-abbeville'], owners: ['divers'] };
    const sweep = failureSweep(routing, { exclude });
    expect(sweep.failures.counts).toEqual({
      section: all.failures.counts.section - 1, site: all.failures.counts.site - 2, riskGroup: all.failures.counts.riskGroup - 1, owner: all.failures.counts.owner - 1,
    });
    const records = failureSweepRecords(sweep);
    expect(records.excluded).toEqual({ sections: ['S-001'], sites: ['J-LONGUEAU', 'POP-ABBEVILLE'], riskGroups: ['bridge-somme-abbeville'], owners: ['divers'] });
    const named = new Set([
      ...records.sections.flatMap((s) => s.worst.map((w) => `${w.failure.kind} ${w.failure.id}`)),
      ...records.nros.flatMap((r) => [...r.cutOffBy, ...r.unprotectedBy].map((f) => `${f.kind} ${f.id}`)),
    ]);
    for (const f of ['section S-001', 'site POP-ABBEVILLE', 'site J-LONGUEAU', 'riskGroup bridge-somme-abbeville', 'owner divers']) expect(named.has(f)).toBe(false);
    // The group without S-001 fails its other sections only; S-001 carries load under it.
    const p = Array.from(sweep.failures.codes).findIndex((code) => failureOf(net, code).id === group);
    const dead = Array.from(sweep.failures.deadSections.subarray(sweep.failures.deadOffset[p], sweep.failures.deadOffset[p + 1]), (e) => net.sectionIds[e]);
    expect(dead).toEqual(members.filter((id) => id !== 'S-001'));
    // The owner of S-001 fails without it: S-001 can take load when its owner fails.
    const owner = net.owners[net.sectionOwner[net.sectionIndex.get('S-001')!]];
    const q = Array.from(sweep.failures.codes).findIndex((code) => failureOf(net, code).kind === 'owner' && failureOf(net, code).id === owner);
    expect(Array.from(sweep.failures.deadSections.subarray(sweep.failures.deadOffset[q], sweep.failures.deadOffset[q + 1]))).not.toContain(net.sectionIndex.get('S-001'));
  });

  it('never mutates the network or the routing it is given', () => {
    const net = compileNetwork(somme, { withLinks: ['R-01'] });
    const routing = collectionRoutes(net);
    const copy = (value: unknown) => JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v));
    const before = [copy(net), copy(routing.primary), copy(routing.backup), copy(routing.toHeadend), copy(routing.via)];
    failureSweep(routing, { exclude: { owners: ['divers'] } });
    expect([copy(net), copy(routing.primary), copy(routing.backup), copy(routing.toHeadend), copy(routing.via)]).toEqual(before);
  });

  it('answers the same on two threads as on one', { timeout: 60_000 }, () => {
    // Large enough for a worker to start before the calling thread has done every failure.
    const routing = collectionRoutes(compileNetwork(fibreNetwork({ sections: 20_000, seed: 21 })));
    const kinds: FailureKind[] = ['section', 'riskGroup', 'owner'];
    const one = failureSweepRecords(failureSweep(routing, { threads: 1, worst: 4, kinds }));
    const two = failureSweepRecords(failureSweep(routing, { threads: 2, worst: 4, kinds }));
    expect(two).toEqual(one);
  });

  it('reports progress in failures, and lists sections worst first and NROs the most cut off first', () => {
    const routing = collectionRoutes(compileNetwork(somme));
    const calls: [number, number][] = [];
    const sweep = failureSweep(routing, { progressEvery: 100, onProgress: (done, total) => calls.push([done, total]) });
    const total = sweep.failures.codes.length;
    expect(calls).toEqual([[100, total], [200, total], [total, total]]);
    const records = failureSweepRecords(sweep);
    const worstRatio = (s: (typeof records.sections)[number]) => (s.worst[0]?.load ?? s.base).ratio ?? -1;
    for (let i = 1; i < records.sections.length; i++) expect(worstRatio(records.sections[i - 1])).toBeGreaterThanOrEqual(worstRatio(records.sections[i]));
    for (let i = 1; i < records.nros.length; i++) expect(records.nros[i - 1].cutOffBy.length).toBeGreaterThanOrEqual(records.nros[i].cutOffBy.length);
    for (const s of records.sections) {
      for (let j = 1; j < s.worst.length; j++) expect(s.worst[j - 1].load.loadFibres).toBeGreaterThanOrEqual(s.worst[j].load.loadFibres);
    }
  });

  it('refuses unknown ids, kinds and counts with typed errors naming the field', () => {
    const routing = collectionRoutes(compileNetwork(somme));
    const unknown = (exclude: Exclusions) => {
      try {
        failureSweep(routing, { exclude });
      } catch (error) {
        return error instanceof UnknownReferenceError ? { field: error.field, id: error.id } : error;
      }
      return null;
    };
    expect(unknown({ sections: ['S-999'] })).toEqual({ field: 'exclude.sections', id: 'S-999' });
    expect(unknown({ sites: ['NOWHERE'] })).toEqual({ field: 'exclude.sites', id: 'NOWHERE' });
    expect(unknown({ riskGroups: ['no-trench'] })).toEqual({ field: 'exclude.riskGroups', id: 'no-trench' });
    expect(unknown({ owners: ['Orange'] })).toEqual({ field: 'exclude.owners', id: 'Orange' });
    expect(() => failureSweep(routing, { kinds: [] })).toThrow(InvalidOptionError);
    expect(() => failureSweep(routing, { kinds: ['bridge' as FailureKind] })).toThrow(/unknown failure kind "bridge"/);
    for (const worst of [0, 11, 2.5]) expect(() => failureSweep(routing, { worst })).toThrow(expect.objectContaining({ field: 'worst' }));
  });
});
