import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cutImpact } from '../src/analysis/cut-impact.js';
import { resilienceAnalysis } from '../src/analysis/resilience-analysis.js';
import { resilienceReport } from '../src/analysis/resilience-report.js';
import { compileNetwork } from '../src/graph/compile.js';
import { validateTopology } from '../src/model/validate.js';
import { bruteForceCut, bruteForceReport } from './support/brute-force.js';
import { randomNetwork } from './support/random-network.js';

const shapes = fc.record({
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  sites: fc.integer({ min: 2, max: 28 }),
  chords: fc.integer({ min: 0, max: 20 }),
  headends: fc.integer({ min: 1, max: 2 }),
  riskGroups: fc.integer({ min: 0, max: 4 }),
  includePlanned: fc.boolean(),
});

describe('resilienceReport against brute force', () => {
  it('agrees field by field on random small networks', () => {
    fc.assert(
      fc.property(shapes, ({ seed, includePlanned, ...shape }) => {
        const topology = randomNetwork(seed, shape);
        expect(validateTopology(topology).ok).toBe(true);
        const report = resilienceReport(compileNetwork(topology, { includePlanned }));
        expect(report).toEqual(bruteForceReport(topology, { includePlanned }));
      }),
      { numRuns: 300 },
    );
  });

  it('takes named head-ends instead of the headend sites', () => {
    fc.assert(
      fc.property(shapes, ({ seed, ...shape }) => {
        const topology = randomNetwork(seed, shape);
        const headends = [topology.sites[topology.sites.length - 1].id];
        const net = compileNetwork(topology, { headends, includePlanned: true });
        expect(resilienceReport(net)).toEqual(bruteForceReport(topology, { headends, includePlanned: true }));
      }),
      { numRuns: 100 },
    );
  });

  it('settles large risk groups by search with the same answers', () => {
    fc.assert(
      fc.property(shapes, ({ seed, includePlanned, ...shape }) => {
        const topology = randomNetwork(seed, { ...shape, riskGroups: 6 });
        const net = compileNetwork(topology, { includePlanned });
        expect(resilienceReport(net, { maxTreeCuts: 0 })).toEqual(resilienceReport(net));
      }),
      { numRuns: 100 },
    );
  });

  it('settles more groups than one search holds (32) with the same answers as brute force', () => {
    fc.assert(
      fc.property(shapes, ({ seed, includePlanned, ...shape }) => {
        const topology = randomNetwork(seed, { ...shape, riskGroups: 70 });
        const net = compileNetwork(topology, { includePlanned });
        expect(resilienceReport(net, { maxTreeCuts: 0 })).toEqual(bruteForceReport(topology, { includePlanned }));
      }),
      { numRuns: 40 },
    );
  });
});

describe('cutImpact against brute force', () => {
  it('agrees on random cuts of sections, sites, risk groups and owners', () => {
    fc.assert(
      fc.property(shapes, fc.integer({ min: 0, max: 1000 }), ({ seed, includePlanned, ...shape }, salt) => {
        const topology = randomNetwork(seed, shape);
        const net = compileNetwork(topology, { includePlanned });
        const every = <T>(list: readonly T[], k: number) => list.filter((_, i) => (i + salt) % k === 0);
        const cut = {
          sections: every(net.sectionIds, 5),
          sites: every(net.siteIds, 7).filter((id) => !net.headends.includes(net.siteIndex.get(id)!)),
          riskGroups: every(net.riskGroups, 3),
          owners: salt % 4 === 0 ? [net.owners[0]].filter(Boolean) : [],
        };
        const { failedSections: _s, failedSites: _t, ...impact } = cutImpact(net, cut);
        // A cut of sections alone, settled from the analysis's tree, agrees too.
        const sectionsOnly = { ...cut, sites: [] };
        const analysis = resilienceAnalysis(net);
        const { failedSections: _u, failedSites: _v, ...fromTree } = cutImpact(net, sectionsOnly, { analysis });
        expect(fromTree).toEqual(bruteForceCut(topology, sectionsOnly, { includePlanned }));
        // and one section at a time, read off the tree
        for (const section of every(net.sectionIds, 3)) {
          const { failedSections: _w, failedSites: _x, ...one } = cutImpact(net, { sections: [section] }, { analysis });
          expect(one).toEqual(bruteForceCut(topology, { sections: [section] }, { includePlanned }));
        }
        expect(impact).toEqual(bruteForceCut(topology, cut, { includePlanned }));
      }),
      { numRuns: 200 },
    );
  });
});
