import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doubleFailures } from '../src/availability/double-failures.js';
import { type FailureModelInput, failureRates } from '../src/availability/failure-model.js';
import { nroAvailability, odds } from '../src/availability/nro-availability.js';
import { compileNetwork } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { validateTopology } from '../src/model/validate.js';

/**
 * The availability figures against a Monte Carlo simulation written independently in Python
 * (scripts/oracle/availability_montecarlo.py): the failure model's rules implemented again, each
 * element drawn down with its p, each NRO cut off or not by NetworkX's connected components.
 * Every rate is multiplied by the fixture's `scale` on both sides, so that states of several
 * elements down are frequent enough to be seen.
 */

interface Fixture {
  name: string;
  source?: string;
  topology?: Topology;
  scale: number;
  failureModel: FailureModelInput;
  samples: number;
  threeOrMoreDown: number;
  z: number;
  elements: { kind: 'section' | 'site' | 'riskGroup'; id: string; p: number }[];
  nros: { nro: string; cut: number; cutOne: number; cutTwo: number }[];
}

const dir = join(import.meta.dirname, 'fixtures/availability');
const fixtures: Fixture[] = readdirSync(dir).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
const topologyOf = (f: Fixture): Topology => f.topology ?? JSON.parse(readFileSync(join(import.meta.dirname, '..', f.source!), 'utf8'));

/** An estimated probability from `count` of `n` samples and its standard error (never below that of one sample). */
const estimate = (count: number, n: number) => {
  const p = count / n;
  return { p, se: Math.sqrt(Math.max(p * (1 - p), 1 / n) / n) };
};

describe('availability against a Monte Carlo simulation in Python', () => {
  it('has the Somme network and a small one with every installation, two head-ends and risk groups', () => {
    expect(fixtures.map((f) => f.name).sort()).toEqual(['small-x200', 'somme-x20']);
    const small = fixtures.find((f) => f.name === 'small-x200')!;
    expect(validateTopology(small.topology).problems).toEqual([]);
    expect(new Set(small.topology!.sections.map((s) => s.installation ?? 'duct'))).toEqual(new Set(['duct', 'aerial', 'buried', 'bridge', 'facade']));
  });

  for (const fixture of fixtures) {
    describe(`${fixture.name} (${fixture.samples.toLocaleString('en')} samples, rates × ${fixture.scale})`, () => {
      const topology = topologyOf(fixture);
      const net = compileNetwork(topology);
      const rates = failureRates(net, topology, { model: fixture.failureModel });
      const pairs = doubleFailures(net, {
        sectionWeight: odds(rates.sections.unavailability), siteWeight: odds(rates.sites.unavailability), riskGroupWeight: odds(rates.riskGroups.unavailability),
      });
      const results = {
        nro: nroAvailability(net, rates, { states: 'nro', doubleFailures: pairs }),
        network: nroAvailability(net, rates, { states: 'network', doubleFailures: pairs }),
      };
      const byId = (mode: 'nro' | 'network') => new Map(results[mode].map((r) => [net.siteIds[r.site], r]));
      const { z, samples } = fixture;

      it('gives every element the unavailability the Python implementation of the rules gives', () => {
        const p = (kind: string, id: string) => {
          if (kind === 'section') return rates.sections.unavailability[net.sectionIndex.get(id)!];
          if (kind === 'site') return rates.sites.unavailability[net.siteIndex.get(id)!];
          return rates.riskGroups.unavailability[net.riskGroups.indexOf(id)];
        };
        expect(fixture.elements.length).toBe(net.sectionCount + net.siteCount + net.riskGroups.length);
        for (const x of fixture.elements) expect(p(x.kind, x.id), `${x.kind} ${x.id}`).toBeCloseTo(x.p, 14);
      });

      it('has every pair enumerated, so that the bounds are those of the states of three or more elements', () => {
        for (const r of results.nro) expect(r.doubleFailures?.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: true });
      });

      it('puts the simulated unavailability of every NRO in [lower, upper], widened by the confidence interval, in both modes', () => {
        for (const mode of ['nro', 'network'] as const) {
          const got = byId(mode);
          for (const sample of fixture.nros) {
            const { p, se } = estimate(sample.cut, samples);
            const { lower, upper, single } = got.get(sample.nro)!.unavailability;
            expect(single, `${mode} ${sample.nro}`).toBeLessThanOrEqual(lower);
            expect(p, `${mode} ${sample.nro} lower`).toBeGreaterThanOrEqual(lower - z * se);
            expect(p, `${mode} ${sample.nro} upper`).toBeLessThanOrEqual(upper + z * se);
          }
        }
      });

      it('finds the exact masses of the states of one and of two elements down that cut each NRO off (states of the whole network)', () => {
        const got = byId('network');
        for (const sample of fixture.nros) {
          const r = got.get(sample.nro)!;
          if (r.status === 'isolated') continue;
          const one = estimate(sample.cutOne, samples);
          const two = estimate(sample.cutTwo, samples);
          expect(Math.abs(r.unavailability.single - one.p), `${sample.nro} single`).toBeLessThanOrEqual(z * one.se);
          expect(Math.abs(r.states.twoCut - two.p), `${sample.nro} two`).toBeLessThanOrEqual(z * two.se);
        }
      });

      it('finds the probability of three or more elements down in the whole network', () => {
        const three = estimate(fixture.threeOrMoreDown, samples);
        const connected = results.network.find((r) => r.status !== 'isolated')!;
        expect(Math.abs(connected.states.threeOrMore - three.p)).toBeLessThanOrEqual(z * three.se);
      });

      it('has NROs whose single failures, pairs and states of three or more all weigh something', () => {
        const cutTwo = fixture.nros.reduce((a, n) => a + n.cutTwo, 0);
        expect(cutTwo).toBeGreaterThan(100);
        expect(fixture.threeOrMoreDown).toBeGreaterThan(100);
        expect(results.nro.some((r) => (r.doubleFailures?.sectionPairs ?? 0) + (r.doubleFailures?.mixedPairs ?? 0) > 0)).toBe(true);
      });
    });
  }
});
