import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { doubleFailures, type NroDoubleFailures } from '../src/availability/double-failures.js';
import { compileNetwork, type CompiledNetwork, KIND_NRO } from '../src/graph/compile.js';
import type { Topology } from '../src/model/schema.js';
import { validateTopology } from '../src/model/validate.js';

/** Every pair of elements failed together by brute force in NetworkX: scripts/oracle/generate_two_cuts.py. */
interface Expected {
  nro: string;
  sectionPairs: number;
  riskGroupPairs: number;
  mixedPairs: number;
  pairWeight: number;
  top: Pair[];
  byKinds: Record<string, number>;
  byKindsWeight: Record<string, number>;
  /** The heaviest pairs with no site in them. */
  topWithoutSites: Pair[];
}
type Pair = { a: { kind: string; id: string }; b: { kind: string; id: string }; weight: number };
interface Fixture {
  name: string;
  options: { headends?: string[]; includePlanned?: boolean };
  topology: Topology;
  weights: { section: Record<string, number>; site: Record<string, number>; riskGroup: Record<string, number> };
  top: number;
  expected: { unweighted: Expected[]; weighted: Expected[] };
}

const dir = join(import.meta.dirname, 'fixtures/two-cuts');
const fixtures: Fixture[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

const weightsOf = (ids: readonly string[], byId: Record<string, number>) => Float64Array.from(ids, (id) => byId[id]);

/** The answer with ids for indices, by NRO id, in the fixture's form. */
function byId(net: CompiledNetwork, answer: NroDoubleFailures[]) {
  const nros = net.siteIds.filter((_, v) => net.siteKind[v] === KIND_NRO);
  const name = ({ kind, index }: { kind: string; index: number }) => ({
    kind,
    id: kind === 'section' ? net.sectionIds[index] : kind === 'site' ? net.siteIds[index] : net.riskGroups[index],
  });
  return nros
    .map((nro, i) => ({
      nro,
      sectionPairs: answer[i].sectionPairs,
      riskGroupPairs: answer[i].riskGroupPairs,
      mixedPairs: answer[i].mixedPairs,
      pairWeight: answer[i].pairWeight,
      top: answer[i].top.map(({ a, b, weight }) => ({ a: name(a), b: name(b), weight })),
    }))
    .sort((x, y) => (x.nro < y.nro ? -1 : x.nro > y.nro ? 1 : 0));
}

describe('double failures against a brute force over every pair (NetworkX)', () => {
  it('has fixtures with parallel sections, risk-group pairs, two head-ends and the Somme network', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(15);
    expect(fixtures.some((f) => f.name === 'somme')).toBe(true);
    expect(fixtures.some((f) => f.expected.unweighted.some((r) => r.riskGroupPairs > 0))).toBe(true);
    expect(fixtures.filter((f) => f.name.startsWith('generated-')).length).toBeGreaterThanOrEqual(3);
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const net = compileNetwork(fixture.topology, { headends: fixture.options.headends, includePlanned: fixture.options.includePlanned });

      it('is a valid topology', () => expect(validateTopology(fixture.topology).problems).toEqual([]));

      it('counts every kind of pair exactly, and lists the first pairs by ids when all weigh 1', () => {
        const answer = doubleFailures(net, { top: fixture.top });
        expect(answer.every((r) => r.complete.sectionSection && r.complete.riskGroupRiskGroup && r.complete.mixed)).toBe(true);
        expect(byId(net, answer)).toEqual(fixture.expected.unweighted.map(({ byKinds, byKindsWeight, topWithoutSites, ...rest }) => rest));
      });

      it('weighs the pairs and lists the heaviest, zero weights left out, ties by ids', () => {
        const answer = doubleFailures(net, {
          top: fixture.top,
          sectionWeight: weightsOf(net.sectionIds, fixture.weights.section),
          siteWeight: weightsOf(net.siteIds, fixture.weights.site),
          riskGroupWeight: weightsOf(net.riskGroups, fixture.weights.riskGroup),
        });
        const got = byId(net, answer);
        fixture.expected.weighted.forEach((expected, i) => {
          const { pairWeight, ...rest } = got[i];
          const { pairWeight: expectedWeight, byKinds, byKindsWeight, topWithoutSites, ...expectedRest } = expected;
          expect(rest, expected.nro).toEqual(expectedRest);
          expect(pairWeight, expected.nro).toBeCloseTo(expectedWeight, 12);
        });
      });

      it('beyond the enumeration bound, finds the pairs without a site (risk groups by random labels), and says what it left out', () => {
        const weights = {
          sectionWeight: weightsOf(net.sectionIds, fixture.weights.section),
          riskGroupWeight: weightsOf(net.riskGroups, fixture.weights.riskGroup),
        };
        for (const [answer, expectedAll] of [
          [doubleFailures(net, { enumerationLimit: 0, top: fixture.top }), fixture.expected.unweighted],
          [doubleFailures(net, { ...weights, enumerationLimit: 0, top: fixture.top }), fixture.expected.weighted],
        ] as const) {
          const got = byId(net, answer);
          expectedAll.forEach((expected, i) => {
            const r = answer[net.siteIds.filter((_, v) => net.siteKind[v] === KIND_NRO).indexOf(expected.nro)];
            expect(r.complete).toEqual({ sectionSection: true, riskGroupRiskGroup: true, mixed: false });
            expect(got[i].sectionPairs, expected.nro).toBe(expected.sectionPairs);
            expect(got[i].riskGroupPairs, expected.nro).toBe(expected.riskGroupPairs);
            expect(got[i].mixedPairs).toBeNull();
            expect(got[i].top, expected.nro).toEqual(expected.topWithoutSites);
            const kinds = expected.byKindsWeight;
            expect(r.pairWeightByKind.sectionSection).toBeCloseTo(kinds['section-section'], 12);
            expect(r.pairWeightByKind.riskGroupRiskGroup).toBeCloseTo(kinds['riskGroup-riskGroup'], 12);
            expect(r.pairWeightByKind.mixed).toBeCloseTo(kinds['section-riskGroup'], 12);
          });
        }
      });
    });
  }
});
