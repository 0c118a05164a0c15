import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutImpact } from '../src/analysis/cut-impact.js';
import { compileNetwork } from '../src/graph/compile.js';
import { collectionRoutes } from '../src/routing/collection-routes.js';
import { failedSectionFlags, rerouteAfterCut, routingAfterFailure } from '../src/saturation/reroute-after-cut.js';
import { assertValidRoute, brutePairTotal, bruteShortest, withCapacities } from './support/brute-force-routing.js';
import { randomNetwork } from './support/random-network.js';
import { ringNetwork } from './support/ring-network.js';

const ring = () => collectionRoutes(compileNetwork(ringNetwork()));

describe('re-routing after a cut, on the hand-computed ring', () => {
  it('cut B–C: three detours, B left unprotected, the chord saturates and HE–A comes near', () => {
    const report = rerouteAfterCut(ring(), { sections: ['r3'] });
    expect(report.routesLost.map((r) => [r.nro, r.role, r.sections, r.lengthM])).toEqual([
      ['A', 'backup', ['r2', 'r3', 'r4'], 4500],
      ['B', 'primary', ['r3', 'r4'], 2500],
      ['C', 'backup', ['r3', 'r2', 'r1'], 4500],
      ['D', 'primary', ['sp', 'r3', 'r4'], 3000],
    ]);
    expect(report.rerouted).toEqual([
      { nro: 'A', role: 'backup', headend: 'HE', lengthM: 6000, sections: ['ch', 'r4'], previousLengthM: 4500, addedLengthM: 1500 },
      { nro: 'C', role: 'backup', headend: 'HE', lengthM: 6000, sections: ['ch', 'r1'], previousLengthM: 4500, addedLengthM: 1500 },
      { nro: 'D', role: 'primary', headend: 'HE', lengthM: 3500, sections: ['sp', 'r2', 'r1'], previousLengthM: 3000, addedLengthM: 500 },
    ]);
    expect(report.unprotected).toEqual(['B']);
    expect(report.unroutable).toEqual([]);
    expect(report.sections).toEqual([
      { section: 'ch', owner: 'SMSN', capacityFibres: 4, before: { loadFibres: 0, ratio: 0, state: 'ok' }, after: { loadFibres: 4, ratio: 1, state: 'saturated' } },
      {
        section: 'r1',
        owner: 'SMSN',
        capacityFibres: 22,
        before: { loadFibres: 16, ratio: 16 / 22, state: 'ok' },
        after: { loadFibres: 18, ratio: 18 / 22, state: 'near' },
      },
    ]);
    expect(report.loadedFurther).toEqual([]);
    expect(report.unknownCapacity).toEqual([]);
  });

  it('lists apart a section already strained that takes more fibres', () => {
    // With near at 70 %, HE–A is near before the cut (16 / 22 = 72.7 %) and takes D's detour.
    const report = rerouteAfterCut(ring(), { sections: ['r3'] }, { nearRatio: 0.7 });
    expect(report.sections.map((s) => s.section)).toEqual(['ch']);
    expect(report.loadedFurther).toEqual([
      {
        section: 'r1',
        owner: 'SMSN',
        capacityFibres: 22,
        before: { loadFibres: 16, ratio: 16 / 22, state: 'near' },
        after: { loadFibres: 18, ratio: 18 / 22, state: 'near' },
      },
    ]);
  });

  it('cut A–B and B–C: B and its spur D cannot be re-routed', () => {
    const report = rerouteAfterCut(ring(), { sections: ['r2', 'r3'] });
    expect(report.unroutable).toEqual([
      { nro: 'B', subscribers: 1200 },
      { nro: 'D', subscribers: 300 },
    ]);
    expect(report.routesLost.map((r) => `${r.nro}:${r.role}`)).toEqual(['A:backup', 'B:primary', 'B:backup', 'C:backup', 'D:primary']);
    expect(report.rerouted.map((r) => [r.nro, r.sections])).toEqual([
      ['A', ['ch', 'r4']],
      ['C', ['ch', 'r1']],
    ]);
    expect(report.unprotected).toEqual([]);
    expect(report.sections.map((s) => [s.section, s.after.loadFibres, s.after.state])).toEqual([['ch', 4, 'saturated']]);
  });

  it('a failed site takes its sections with it', () => {
    const bySite = rerouteAfterCut(ring(), { sites: ['B'] });
    const bySections = rerouteAfterCut(ring(), { sections: ['r2', 'r3', 'sp'] });
    expect(bySite).toEqual(bySections);
    expect(bySite.unroutable.map((u) => u.nro)).toEqual(['B', 'D']);
  });

  it('a cut no route uses changes nothing', () => {
    const report = rerouteAfterCut(ring(), { sections: ['ch'] });
    expect([report.routesLost, report.rerouted, report.unprotected, report.unroutable, report.sections]).toEqual([[], [], [], [], []]);
  });

  it('reports the options it used', () => {
    const report = rerouteAfterCut(ring(), { sections: ['r3'] }, { fibresPerRoute: 1, nearRatio: 0.5 });
    expect(report).toMatchObject({ fibresPerRoute: 1, nearRatio: 0.5, saturatedRatio: 1 });
    // With one fibre per route the chord carries 2 of 4: 0.5, near.
    expect(report.sections.find((s) => s.section === 'ch')?.after).toEqual({ loadFibres: 2, ratio: 0.5, state: 'near' });
  });
});

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sites: fc.integer({ min: 2, max: 10 }),
  chords: fc.integer({ min: 0, max: 10 }),
  headends: fc.integer({ min: 1, max: 2 }),
  riskGroups: fc.integer({ min: 0, max: 2 }),
});

describe('re-routing after random cuts on random small networks', () => {
  it('loses exactly the NROs the cut isolates, and re-routes the others as brute force says', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 1000 }), ({ seed, ...shape }, salt) => {
        const topology = withCapacities(randomNetwork(seed, { ...shape, plannedShare: 0 }), seed);
        const net = compileNetwork(topology);
        const every = <T>(list: readonly T[], k: number) => list.filter((_, i) => (i + salt) % k === 0);
        const cut = {
          sections: every(net.sectionIds, 3 + (salt % 4)),
          sites: salt % 3 === 0 ? every(net.siteIds, 5).filter((id) => !net.isHeadend[net.siteIndex.get(id)!]) : [],
          riskGroups: every(net.riskGroups, 2),
        };
        // The replacement is checked section-disjoint from the intact route (site diversity: tests/route-diversity.test.ts).
        const routing = collectionRoutes(net, { diversity: 'section' });
        const report = rerouteAfterCut(routing, cut);
        expect(report.unroutable.map((u) => u.nro).sort()).toEqual(cutImpact(net, cut).isolatedNros);

        const dead = failedSectionFlags(net, cut);
        const alive = (e: number) => !dead[e];
        const { routing: after, changes } = routingAfterFailure(routing, dead);
        routing.nros.forEach((v, k) => {
          const [p, b] = [routing.primary[k], routing.backup[k]];
          const [p2, b2] = [after.primary[k], after.backup[k]];
          for (const route of [p2, b2]) if (route) assertValidRoute(net, v, route, alive);
          if (!changes.has(k)) {
            expect([p2, b2]).toEqual([p, b]);
            return;
          }
          const lost = changes.get(k)!.lost.map((l) => l.role);
          const pLost = lost.includes('primary');
          const bLost = lost.includes('backup');
          expect(pLost).toBe(p?.sections.some((e) => dead[e]) ?? false);
          expect(bLost).toBe(b?.sections.some((e) => dead[e]) ?? false);
          if (pLost !== bLost && b !== null) {
            const intact = pLost ? b : p!;
            const usable = (e: number) => alive(e) && !intact.sections.includes(e);
            const shortest = bruteShortest(net, v, usable);
            // The intact route stays; the replacement, if any, is the shortest disjoint from it.
            expect([p2, b2]).toContain(intact);
            const replacement = [p2, b2].find((r) => r !== null && r !== intact) ?? null;
            expect(replacement?.lengthM ?? null).toBe(shortest);
            if (replacement === null) expect([p2, b2]).toEqual([intact, null]);
          } else {
            const total = brutePairTotal(net, v, alive);
            if (total === null) {
              expect(b2).toBeNull();
              expect(p2?.lengthM ?? null).toBe(bruteShortest(net, v, alive));
            } else {
              expect(p2!.lengthM + b2!.lengthM).toBeCloseTo(total, 6);
            }
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
