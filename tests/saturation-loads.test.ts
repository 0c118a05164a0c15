import fc from 'fast-check';
import { InvalidOptionError } from '../src/model/errors.js';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { collectionRecords, collectionRoutes } from '../src/routing/collection-routes.js';
import { desaturationEffect } from '../src/saturation/desaturation-effect.js';
import { saturationOptions } from '../src/saturation/options.js';
import { routedFibres, sectionLoadFibres, sectionLoads, saturationState } from '../src/saturation/section-loads.js';
import { withCapacities } from './support/brute-force-routing.js';
import { randomNetwork } from './support/random-network.js';
import { ringNetwork } from './support/ring-network.js';

const byId = <T extends { section: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.section, r]));

describe('routes on the hand-computed ring', () => {
  it('routes every NRO as worked out by hand', () => {
    const records = collectionRecords(collectionRoutes(compileNetwork(ringNetwork())));
    const summary = records.map((r) => [r.nro, r.status, r.primary?.sections, r.backup?.sections ?? null]);
    expect(summary).toEqual([
      ['A', 'protected', ['r1'], ['r2', 'r3', 'r4']],
      ['B', 'protected', ['r3', 'r4'], ['r2', 'r1']],
      ['C', 'protected', ['r4'], ['r3', 'r2', 'r1']],
      ['D', 'unprotected', ['sp', 'r3', 'r4'], null],
    ]);
  });
});

describe('section loads', () => {
  it('adds 2 fibres per route, primary and backup alike, to the fibres already used', () => {
    const loads = byId(sectionLoads(collectionRoutes(compileNetwork(ringNetwork()))));
    expect(loads.r1).toMatchObject({ routes: 3, routedFibres: 6, usedFibres: 10, loadFibres: 16, capacityFibres: 22, state: 'ok' });
    expect(loads.r1.ratio).toBeCloseTo(16 / 22, 12);
    expect(loads.r2).toMatchObject({ routes: 3, loadFibres: 10, state: 'near', nros: ['A', 'B', 'C'] });
    expect(loads.r3).toMatchObject({ routes: 4, loadFibres: 16, ratio: 1, state: 'saturated', nros: ['A', 'B', 'C', 'D'] });
    expect(loads.r4).toMatchObject({ routes: 4, loadFibres: 8, state: 'ok' });
    expect(loads.ch).toMatchObject({ routes: 0, loadFibres: 0, ratio: 0, state: 'ok', nros: [] });
  });

  it('reports a section without capacity as unknown, never as fine', () => {
    const loads = byId(sectionLoads(collectionRoutes(compileNetwork(ringNetwork()))));
    expect(loads.sp).toMatchObject({ capacityFibres: null, ratio: null, loadFibres: 2, state: 'unknown', nros: ['D'] });
  });

  it('lists sections worst first, unknown capacities last', () => {
    const order = sectionLoads(collectionRoutes(compileNetwork(ringNetwork()))).map((l) => l.section);
    expect(order).toEqual(['r3', 'r2', 'r1', 'r4', 'ch', 'sp']);
  });

  it('takes the fibres per route and the thresholds as options', () => {
    const routing = collectionRoutes(compileNetwork(ringNetwork()));
    const four = byId(sectionLoads(routing, { fibresPerRoute: 4 }));
    expect(four.r3).toMatchObject({ routedFibres: 16, loadFibres: 24, ratio: 1.5, state: 'saturated' });
    expect(four.r4).toMatchObject({ loadFibres: 16, state: 'ok' });
    const strict = byId(sectionLoads(routing, { nearRatio: 0.7, saturatedRatio: 0.8 }));
    expect(strict.r1.state).toBe('near'); // 16 / 22 = 0.727
    expect(strict.r2.state).toBe('saturated'); // 10 / 12 = 0.833
  });

  it('puts a load exactly on a threshold in the worse state', () => {
    const options = saturationOptions();
    expect(saturationState(80, 100, options)).toBe('near');
    expect(saturationState(79, 100, options)).toBe('ok');
    expect(saturationState(100, 100, options)).toBe('saturated');
    expect(saturationState(5, Number.NaN, options)).toBe('unknown');
  });

  it('rejects options that make no sense with a typed error naming the option', () => {
    const fieldOf = (options: Parameters<typeof saturationOptions>[0]) => {
      try {
        saturationOptions(options);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidOptionError);
        return (error as InvalidOptionError).field;
      }
      return undefined;
    };
    expect(fieldOf({ fibresPerRoute: 1.5 })).toBe('fibresPerRoute');
    expect(fieldOf({ nearRatio: 0.9, saturatedRatio: 0.5 })).toBe('saturatedRatio');
    expect(fieldOf({ nearRatio: 0 })).toBe('nearRatio');
    expect(fieldOf({ nearRatio: 0.5 })).toBeUndefined();
  });

  it('equals, on random networks, the fibres counted route by route', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 3, max: 30 }), fc.integer({ min: 0, max: 3 }), (seed, sites, fibres) => {
        const topology = withCapacities(randomNetwork(seed, { sites, chords: sites, headends: 1 + (seed % 2) }), seed);
        const net = compileNetwork(topology);
        const records = collectionRecords(collectionRoutes(net));
        const count = new Map<string, number>();
        for (const r of records) {
          for (const route of [r.primary, r.backup]) for (const s of route?.sections ?? []) count.set(s, (count.get(s) ?? 0) + 1);
        }
        for (const load of sectionLoads(collectionRoutes(net), { fibresPerRoute: fibres })) {
          const section = topology.sections.find((s) => s.id === load.section)!;
          expect(load.routes).toBe(count.get(load.section) ?? 0);
          expect(load.loadFibres).toBe((section.usedFibres ?? 0) + fibres * (count.get(load.section) ?? 0));
          expect(load.state === 'unknown').toBe(section.capacityFibres === undefined);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('desaturation effect', () => {
  it('adds the work capacity to the sections it names, one work at a time', () => {
    const topology = ringNetwork();
    const net = compileNetwork(topology);
    const load = sectionLoadFibres(net, routedFibres(collectionRoutes(net), 2));
    const works = [
      { id: 'D-2', urgency: 2, label: 'B–C', sections: ['r3'], owner: 'SMSN', lengthM: 1500, costEur: 15000, addedCapacityFibres: 8 },
      { id: 'D-1', urgency: 1, label: 'A–B and B–D', sections: ['r2', 'sp', 'GONE'], owner: 'SMSN', lengthM: 2500, costEur: 50000, addedCapacityFibres: 12 },
      { id: 'D-3', urgency: 1, label: 'no figure', sections: ['r3'], owner: 'SMSN', lengthM: 100, costEur: 1000 },
    ];
    const [first, second, third] = desaturationEffect(net, works, load);
    expect([first.id, second.id, third.id]).toEqual(['D-3', 'D-1', 'D-2']); // urgency, then €/m (10 < 20)
    expect(second.sections).toEqual([
      {
        section: 'r2',
        analysed: true,
        capacityBefore: 12,
        capacityAfter: 24,
        before: { loadFibres: 10, ratio: 10 / 12, state: 'near' },
        after: { loadFibres: 10, ratio: 10 / 24, state: 'ok' },
      },
      {
        section: 'sp',
        analysed: true,
        capacityBefore: null,
        capacityAfter: null,
        before: { loadFibres: 2, ratio: null, state: 'unknown' },
        after: { loadFibres: 2, ratio: null, state: 'unknown' },
      },
      { section: 'GONE', analysed: false, capacityBefore: null, capacityAfter: null, before: null, after: null },
    ]);
    expect(third.sections[0]).toMatchObject({ capacityAfter: 24, before: { ratio: 1, state: 'saturated' }, after: { ratio: 16 / 24, state: 'ok' } });
    // A work that gives no capacity relieves its section, as the rankings and the plan take it: the one rule, with its note.
    expect(first.sections[0]).toMatchObject({ capacityAfter: null, before: { state: 'saturated' }, after: { loadFibres: 16, ratio: null, state: 'ok', note: 'assumed relieved by the work (no added capacity given)' } });
  });
});
