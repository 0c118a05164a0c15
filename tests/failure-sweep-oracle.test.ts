import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CompiledNetwork, compileNetwork, KIND_NRO } from '../src/graph/compile.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import type { CollectionRouting } from '../src/routing/collection-routes.js';
import { headendTree } from '../src/routing/nearest-headend.js';
import type { Route } from '../src/routing/route.js';
import { failureSweep } from '../src/saturation/failure-sweep.js';
import type { FailureKind } from '../src/saturation/failure-sweep-list.js';
import { failureSweepRecords } from '../src/saturation/failure-sweep-records.js';
import { routeAlong } from './support/brute-force-routing.js';

const root = join(import.meta.dirname, '..');
const folder = join(root, 'tests/fixtures/failure-sweep');

interface Fixture {
  topology: string | Record<string, unknown>;
  network: { headends: string[]; includePlanned: boolean; withLinks: string[] };
  options: {
    fibresPerRoute: number;
    worst: number;
    kinds: FailureKind[];
    exclude: { sections: string[]; sites: string[]; riskGroups: string[]; owners: string[] };
  };
  routes: { nro: string; primary: string[] | null; backup: string[] | null }[];
  expected: {
    failures: Record<FailureKind, number>;
    sections: { section: string; base: number; worst: { kind: FailureKind; id: string; load: number }[] }[];
    nros: { nro: string; cutOffBy: { kind: FailureKind; id: string }[]; unprotectedBy: { kind: FailureKind; id: string }[] }[];
  };
}

const fixtures = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ name: file.replace(/\.json$/, ''), fixture: JSON.parse(readFileSync(join(folder, file), 'utf8')) as Fixture }));

/** A route from its section ids, walked from the NRO to find the head-end it reaches. */
function routeOf(net: CompiledNetwork, nro: number, ids: string[] | null): Route | null {
  if (ids === null) return null;
  return routeAlong(net, nro, Int32Array.from(ids, (id) => net.sectionIndex.get(id)!));
}

/** The routing the fixture's routes describe (our routing's when it was generated: the sweep's input, not what is tested). */
function fixtureRouting(net: CompiledNetwork, routes: Fixture['routes']): CollectionRouting {
  const nros = Int32Array.from(routes, (r) => net.siteIndex.get(r.nro)!);
  const { distance, via } = headendTree(net);
  return {
    net,
    nros,
    primary: routes.map((r, k) => routeOf(net, nros[k], r.primary)),
    backup: routes.map((r, k) => routeOf(net, nros[k], r.backup)),
    toHeadend: distance,
    via,
    // Re-routing at the level of the reference: section-disjoint (ignored by a routing without levels).
    diversity: 'section',
  } as CollectionRouting;
}

function load({ name, fixture }: (typeof fixtures)[number]) {
  const document = typeof fixture.topology === 'string' ? JSON.parse(readFileSync(join(root, fixture.topology), 'utf8')) : fixture.topology;
  const net = compileNetwork(topologyFromJSON(document), fixture.network);
  return { name, fixture, net, routing: fixtureRouting(net, fixture.routes) };
}

describe('failure sweep against NetworkX (scripts/oracle/generate_failure_sweep.py)', () => {
  it('has fixtures: the Somme network and generated ones of 200 to 1 000 sections', () => {
    expect(fixtures.map((f) => f.name)).toEqual(expect.arrayContaining(['somme', 'somme-excluded', 'gen-200', 'gen-1000']));
  });

  for (const entry of fixtures) {
    it(`${entry.name}: every section's worst loads and their failures, every NRO's cut-offs`, () => {
      const { fixture, net, routing } = load(entry);
      const { fibresPerRoute, worst, kinds, exclude } = fixture.options;
      // Every NRO of the network is in the fixture, in the routing's order.
      expect(Array.from(routing.nros)).toEqual(net.siteIds.flatMap((_, v) => (net.siteKind[v] === KIND_NRO ? [v] : [])));
      const records = failureSweepRecords(failureSweep(routing, { fibresPerRoute, worst, kinds, exclude }));
      expect(records.failures).toEqual(fixture.expected.failures);
      const bySection = new Map(records.sections.map((s) => [s.section, s]));
      const got = fixture.expected.sections.map(({ section }) => {
        const s = bySection.get(section)!;
        return { section, base: s.base.loadFibres, worst: s.worst.map((w) => ({ ...w.failure, load: w.load.loadFibres })) };
      });
      expect(got).toEqual(fixture.expected.sections);
      const byId = (a: { nro: string }, b: { nro: string }) => (a.nro < b.nro ? -1 : a.nro > b.nro ? 1 : 0);
      const nros = records.nros.map(({ nro, cutOffBy, unprotectedBy }) => ({ nro, cutOffBy, unprotectedBy })).sort(byId);
      expect(nros).toEqual([...fixture.expected.nros].sort(byId));
      // The fixture is not empty by accident: failures raise loads and cut NROs off.
      expect(fixture.expected.sections.some((s) => s.worst.length > 0)).toBe(true);
      expect(fixture.expected.nros.length).toBeGreaterThan(0);
    });
  }
});
