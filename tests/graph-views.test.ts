import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileNetwork, SITE_KINDS } from '../src/graph/compile.js';
import { networkGraph } from '../src/graph/network-graph.js';
import { UnknownReferenceError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { smallNetwork } from './support/small-network.js';

const kdl: Topology = JSON.parse(readFileSync(new URL('./fixtures/oracle/zoo-kdl.json', import.meta.url), 'utf8')).topology;

/** The network each view describes, as sorted plain records, so the two can be compared. */
function fromGraph(topology: Topology) {
  const graph = networkGraph(topology, { includePlanned: false });
  return {
    sites: graph.mapNodes((id, a) => `${id}|${a.kind}|${a.subscribers ?? 0}`).sort(),
    sections: graph.mapEdges((id, a, s, t) => `${id}|${s}|${t}|${a.lengthM}|${a.owner}`).sort(),
    degrees: graph.mapNodes((id) => `${id}|${graph.degree(id)}`).sort(),
  };
}

function fromCompiled(topology: Topology) {
  const net = compileNetwork(topology);
  const degree = (v: number) => net.adjOffset[v + 1] - net.adjOffset[v];
  return {
    sites: net.siteIds.map((id, v) => `${id}|${SITE_KINDS[net.siteKind[v]]}|${net.subscribers[v]}`).sort(),
    sections: net.sectionIds
      .map((id, e) => `${id}|${net.siteIds[net.sectionFrom[e]]}|${net.siteIds[net.sectionTo[e]]}|${net.lengthM[e]}|${net.owners[net.sectionOwner[e]]}`)
      .sort(),
    degrees: net.siteIds.map((id, v) => `${id}|${degree(v)}`).sort(),
  };
}

describe('the graphology graph and the compiled view', () => {
  it('describe the same network (Kdl, 754 sites, parallel sections)', () => {
    expect(fromCompiled(kdl)).toEqual(fromGraph(kdl));
    expect(fromCompiled(kdl).sections.length).toBe(kdl.sections.length);
  });

  it('keep parallel sections as distinct edges', () => {
    const graph = networkGraph(smallNetwork());
    expect(graph.edges('HE-A', 'POP-1').sort()).toEqual(['S-1', 'S-2']);
    const net = compileNetwork(smallNetwork());
    const pop = net.siteIndex.get('POP-1')!;
    expect(Array.from(net.adjSection.slice(net.adjOffset[pop], net.adjOffset[pop + 1])).map((e) => net.sectionIds[e]).sort()).toEqual(['S-1', 'S-2', 'S-3']);
  });

  it('the compiled view leaves planned elements out unless asked, and adds named links', () => {
    expect(compileNetwork(smallNetwork()).siteIds).not.toContain('NRO-NEW');
    expect(compileNetwork(smallNetwork(), { includePlanned: true }).sectionIds).toContain('S-5');
    const withLink = compileNetwork(smallNetwork(), { withLinks: ['R-01'] });
    const e = withLink.sectionIndex.get('R-01')!;
    expect([withLink.siteIds[withLink.sectionFrom[e]], withLink.siteIds[withLink.sectionTo[e]], withLink.lengthM[e]]).toEqual(['NRO-CAY', 'POP-1', 15011]);
  });

  it('groups risk-group sections and knows unknown capacities', () => {
    const net = compileNetwork(smallNetwork());
    const g = net.riskGroups.indexOf('trench-A16');
    expect(Array.from(net.riskSections.slice(net.riskOffset[g], net.riskOffset[g + 1])).map((e) => net.sectionIds[e])).toEqual(['S-2', 'S-4']);
    expect(net.capacityFibres[net.sectionIndex.get('S-1')!]).toBe(144);
    expect(net.capacityFibres[net.sectionIndex.get('S-2')!]).toBeNaN();
  });

  it('refuses unknown head-ends and links, naming them', () => {
    expect(() => compileNetwork(smallNetwork(), { headends: ['HE-X'] })).toThrow(/head-end "HE-X"/);
    expect(() => compileNetwork(smallNetwork(), { withLinks: ['R-99'] })).toThrow(UnknownReferenceError);
  });
});
