import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutImpact } from '../src/analysis/cut-impact.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { validateTopology } from '../src/model/validate.js';
import { bruteForceCut } from './support/brute-force.js';

/** Reference answers computed by NetworkX by the definitions: scripts/oracle/generate_fixtures.py. */
const dir = join(import.meta.dirname, 'fixtures/oracle');
const fixtures = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));

describe('resilience engine against NetworkX', () => {
  it('has fixtures covering parallel sections, islands, planned elements and two head-ends', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(25);
    expect(fixtures.some((f) => f.options.includePlanned)).toBe(true);
    expect(fixtures.some((f) => f.expected.headends.length === 2)).toBe(true);
    expect(fixtures.some((f) => f.expected.nros.some((n: { paths: number }) => n.paths === 0))).toBe(true);
  });

  for (const fixture of fixtures) {
    describe(fixture.name, () => {
      const topology = validateTopology(fixture.topology);
      const net = () =>
        compileNetwork(fixture.topology, {
          headends: fixture.options.headends ?? undefined,
          includePlanned: fixture.options.includePlanned,
        });

      it('is a valid topology', () => expect(topology.problems).toEqual([]));

      it('analyses exactly as NetworkX does, field by field', () => {
        const { ownerImpact: _beyondTheContract, ...report } = resilienceReport(net());
        expect(report).toEqual(fixture.expected);
      });

      it("cuts each owner's conduits as a brute force does", () => {
        const options = { headends: fixture.options.headends ?? undefined, includePlanned: fixture.options.includePlanned };
        for (const row of resilienceReport(net()).ownerImpact) {
          const { isolatedSites, isolatedNros, subscribersCut } = row;
          expect({ isolatedSites, isolatedNros, subscribersCut }, row.owner).toEqual(bruteForceCut(fixture.topology, { owners: [row.owner] }, options));
        }
      });

      it('cuts exactly as NetworkX does', () => {
        const compiled = net();
        for (const cut of fixture.cuts) {
          const { isolatedSites, isolatedNros, subscribersCut } = cutImpact(compiled, cut.request);
          expect({ isolatedSites, isolatedNros, subscribersCut }).toEqual(cut.expected);
        }
      });
    });
  }
});
