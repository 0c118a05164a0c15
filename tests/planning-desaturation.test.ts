import { describe, expect, it } from 'vitest';
import { compileNetwork } from '../src/graph/compile.js';
import { rankDesaturationWorks } from '../src/planning/desaturation-ranking.js';
import { routeRelief } from '../src/planning/route-relief.js';
import { engineSaturationModel } from '../src/planning/saturation-engine-model.js';
import { shortestRoutes, staticSaturationModel } from '../src/planning/saturation-model.js';
import { planningNetwork } from './support/planning-network.js';

// Read off tests/support/planning-network.ts: S3 96/96 saturated, S2 130/144 near, S6 no counts.
describe('rankDesaturationWorks with the static proxy', () => {
  const topology = planningNetwork();
  const ranking = rankDesaturationWorks(topology, { model: staticSaturationModel(topology) });
  const work = (id: string) => ranking.works.find((w) => w.id === id)!;

  it('orders by urgency, then €/m', () => {
    // D1 and D3 urgency 1 at 10 €/m (id order), D2 urgency 2.
    expect(ranking.works.map((w) => w.id)).toEqual(['D1', 'D3', 'D2']);
    expect(ranking.model).toMatch(/^static proxy/);
  });

  it('shows each section before and after', () => {
    // D1 adds 96 fibres to S3: 96/96 → 96/192.
    expect(work('D1').sections).toEqual([
      {
        section: 'S3',
        before: { section: 'S3', loadFibres: 96, capacityFibres: 96, ratio: 1, state: 'saturated' },
        after: { section: 'S3', loadFibres: 96, capacityFibres: 192, ratio: 0.5, state: 'ok' },
      },
    ]);
    // D3 adds 16 to S2: 130/160 = 0.8125, still near: it buys nothing.
    expect(work('D3').sections[0].after).toMatchObject({ capacityFibres: 160, state: 'near' });
    expect(work('D3').sections[0].after.ratio).toBeCloseTo(130 / 160, 12);
    expect(work('D3').buysNothing).toBe(true);
    // S6 has no fibre counts: the source's word is taken, with a note.
    expect(work('D2').sections[0].before).toMatchObject({ state: 'near', note: expect.stringMatching(/declared/) });
    expect(work('D2').sections[0].after).toMatchObject({ state: 'ok', note: expect.stringMatching(/assumed/) });
  });

  it('names the routes each work relieves and unblocks on its own', () => {
    // Routes: NRO-3 S6+S3, NRO-4 S7+S3. D1 alone unblocks NRO-4 only: NRO-3 still crosses S6.
    expect(work('D1')).toMatchObject({ relievedNros: ['NRO-3', 'NRO-4'], unblockedNros: ['NRO-4'], subscribersUnblocked: 300, sectionsCleared: ['S3'] });
    expect(work('D2')).toMatchObject({ relievedNros: ['NRO-3'], unblockedNros: [], subscribersUnblocked: 0, sectionsCleared: ['S6'], buysNothing: false });
  });

  it('values sets of works together', () => {
    const relief = routeRelief(staticSaturationModel(planningNetwork()), planningNetwork().desaturationWorks!);
    expect(relief(['D1', 'D2'])).toEqual({ sectionsCleared: ['S3', 'S6'], unblockedNros: ['NRO-3', 'NRO-4'], subscribersUnblocked: 1100 });
    expect(relief([])).toEqual({ sectionsCleared: [], unblockedNros: [], subscribersUnblocked: 0 });
  });

  it('routes each NRO by the shortest path to the nearest head-end', () => {
    const routes = shortestRoutes(compileNetwork(planningNetwork()));
    expect(routes.map((r) => [r.nro, r.sections])).toEqual([
      ['NRO-1', ['S4', 'S1']],
      ['NRO-2', ['S5', 'S4', 'S1']],
      ['NRO-3', ['S6', 'S3']],
      ['NRO-4', ['S7', 'S3']],
    ]);
  });

  it('takes the thresholds as options', () => {
    // With near at 95 %, S2 (90 %) is fine before any work and D3 clears nothing anyway.
    const model = staticSaturationModel(planningNetwork(), { nearRatio: 0.95 });
    expect(model.sectionLoads(['S2'], [])[0].state).toBe('ok');
    expect(() => staticSaturationModel(planningNetwork(), { nearRatio: 0 })).toThrow(/nearRatio must be a number > 0/);
  });
});

describe('rankDesaturationWorks with the saturation engine (the default)', () => {
  const ranking = rankDesaturationWorks(planningNetwork());
  const work = (id: string) => ranking.works.find((w) => w.id === id)!;

  it('adds 2 fibres per route to the declared use', () => {
    expect(ranking.model).toMatch(/^saturation engine: usedFibres \+ 2 fibres per route/);
    // NRO-3 and NRO-4 are single-homed: one route each, both through S3: 96 + 2 × 2 = 100 on 96.
    expect(work('D1').sections[0].before).toMatchObject({ loadFibres: 100, capacityFibres: 96, state: 'saturated' });
    expect(work('D1').sections[0].before.ratio).toBeCloseTo(100 / 96, 12);
    // D1 adds 96: 100 / 192.
    expect(work('D1').sections[0].after).toMatchObject({ loadFibres: 100, capacityFibres: 192, state: 'ok' });
    expect(work('D1').sections[0].after.ratio).toBeCloseTo(100 / 192, 12);
    // No route crosses S2: 130 / 144 before, 130 / 160 after D3, near both times.
    expect(work('D3').sections[0].before).toMatchObject({ loadFibres: 130, state: 'near' });
    expect(work('D3')).toMatchObject({ buysNothing: true, relievedNros: [] });
    expect(work('D1')).toMatchObject({ relievedNros: ['NRO-3', 'NRO-4'], unblockedNros: ['NRO-4'], subscribersUnblocked: 300 });
    // Together D1 and D2 clear S3 and S6: NRO-3 (800) is unblocked too.
    expect(ranking.together).toEqual({ sectionsCleared: ['S3', 'S6'], unblockedNros: ['NRO-3', 'NRO-4'], subscribersUnblocked: 1100 });
  });

  it('counts more fibres per route when asked', () => {
    // 40 fibres per route: 96 + 2 routes × 40 = 176 on 96 + 96 ≈ 92 %: still near after D1.
    const model = engineSaturationModel(planningNetwork(), { fibresPerRoute: 40 });
    expect(model.sectionLoads(['S3'], ['D1'])[0]).toMatchObject({ loadFibres: 176, capacityFibres: 192, state: 'near' });
  });

  it('routes primary and backup: an NRO on a ring is relieved through either', () => {
    const model = engineSaturationModel(planningNetwork(), { baseLinks: ['L1'] });
    // With L1, NRO-3 has a disjoint pair: S6+S3 and L1+S4+S1.
    expect([...model.routes.find((r) => r.nro === 'NRO-3')!.sections].sort()).toEqual(['L1', 'S1', 'S3', 'S4', 'S6']);
  });
});
