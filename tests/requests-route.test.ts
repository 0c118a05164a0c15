import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { UnknownReferenceError } from '../src/model/errors.js';
import type { Topology } from '../src/model/schema.js';
import { NetworkWorkspace } from '../src/requests/network-workspace.js';
import { RequestError } from '../src/requests/request-error.js';
import { type RouteAnswer, routeRequest, routingGraphOf } from '../src/requests/route.js';
import { tinyTopology } from './support/api.js';

const root = join(import.meta.dirname, '..');

/** The NetworkX oracle of scripts/oracle/generate_routes.py. */
interface OracleCase {
  topology: string;
  network: { includePlanned: boolean; withLinks: string[] };
  sites: number;
  sections: number;
  routes: Array<{ from: string; to: string; lengthM: number | null; hops: number | null }>;
}
const oracle = JSON.parse(readFileSync(join(root, 'tests/fixtures/routes/routes.json'), 'utf8')) as { cases: OracleCase[] };

function readTopology(path: string): Topology {
  const document = JSON.parse(readFileSync(join(root, path), 'utf8'));
  return topologyFromJSON(document.topology ?? document);
}

interface Edge { id: string; a: string; b: string; lengthM: number }

/** The analysed sections, read from the document without the engine: existing ones, planned too on request, the links named. */
function analysedEdges(topology: Topology, network: OracleCase['network']): Edge[] {
  const kept = (status?: string) => network.includePlanned || (status ?? 'existing') === 'existing';
  const sites = new Set(topology.sites.filter((s) => kept(s.status)).map((s) => s.id));
  const edges = topology.sections
    .filter((s) => kept(s.status) && sites.has(s.from) && sites.has(s.to))
    .map((s) => ({ id: s.id, a: s.from, b: s.to, lengthM: s.lengthM }));
  for (const id of network.withLinks) {
    const link = topology.redundancyLinks!.find((l) => l.id === id)!;
    edges.push({ id, a: link.a, b: link.b, lengthM: link.lengthM });
  }
  return edges;
}

/**
 * Throws unless the answer is a walk from `from` to `to` over analysed sections, each joining
 * the consecutive sites it stands between and the shortest of its parallels, summing to `lengthM`.
 */
function assertValidRoute(answer: RouteAnswer, edges: Edge[]) {
  const byId = new Map(edges.map((e) => [e.id, e]));
  expect(answer.sites[0]).toBe(answer.from);
  expect(answer.sites.at(-1)).toBe(answer.to);
  expect(answer.sections).toHaveLength(answer.sites.length - 1);
  expect(answer.hops).toBe(answer.sections.length);
  let total = 0;
  answer.sections.forEach((id, i) => {
    const edge = byId.get(id);
    if (!edge) throw new Error(`section ${id} is not analysed`);
    const [u, v] = [answer.sites[i], answer.sites[i + 1]];
    if (!((edge.a === u && edge.b === v) || (edge.a === v && edge.b === u))) throw new Error(`section ${id} does not join ${u} and ${v}`);
    const parallels = edges.filter((e) => (e.a === u && e.b === v) || (e.a === v && e.b === u));
    expect(edge.lengthM, `${id}: the shortest of ${parallels.map((p) => p.id)}`).toBe(Math.min(...parallels.map((p) => p.lengthM)));
    total += edge.lengthM;
  });
  expect(new Set(answer.sites).size, 'a shortest route visits each site once').toBe(answer.sites.length);
  expect(answer.lengthM).toBe(total);
}

describe('route between two sites, against NetworkX (tests/fixtures/routes/routes.json)', () => {
  it('covers networks with parallel sections, islands, planned elements and links', () => {
    expect(oracle.cases.length).toBeGreaterThanOrEqual(8);
    const routes = oracle.cases.flatMap((c) => c.routes);
    expect(routes.length).toBeGreaterThan(250);
    expect(routes.filter((r) => r.lengthM === null).length).toBeGreaterThan(10);
    expect(routes.some((r) => r.from === r.to)).toBe(true);
  });

  for (const c of oracle.cases) {
    it(`${c.topology} ${JSON.stringify(c.network)}: the shortest length and the fewest hops of every pair`, () => {
      const topology = readTopology(c.topology);
      const edges = analysedEdges(topology, c.network);
      expect(edges).toHaveLength(c.sections);
      const workspace = new NetworkWorkspace(topology);
      const network = { headends: [], ...c.network };
      for (const expected of c.routes) {
        const byLength = routeRequest(workspace, { network, from: expected.from, to: expected.to });
        const byHops = routeRequest(workspace, { network, from: expected.from, to: expected.to, weight: 'hops' });
        const pair = `${expected.from} → ${expected.to}`;
        if (expected.lengthM === null) {
          for (const answer of [byLength, byHops]) {
            expect(answer, pair).toMatchObject({ found: false, lengthM: null, hops: null, sites: [], sections: [] });
            expect(answer.reason, pair).toMatch(/^no path joins .* different connected parts/);
          }
          continue;
        }
        expect(byLength.found, pair).toBe(true);
        expect(byLength.lengthM, pair).toBe(expected.lengthM);
        assertValidRoute(byLength, edges);
        expect(byHops.hops, pair).toBe(expected.hops);
        assertValidRoute(byHops, edges);
        expect(byHops.lengthM!, pair).toBeGreaterThanOrEqual(byLength.lengthM!);
        expect(byLength.hops!, pair).toBeGreaterThanOrEqual(byHops.hops!);
      }
    });
  }
});

describe('route on small networks', () => {
  const parallel: Topology = {
    ...tinyTopology('parallel'),
    sections: [
      ...tinyTopology().sections,
      // Parallel to S-2 (12 km): two of 11 km (the first id wins the tie) and a longer one.
      { id: 'S-8', from: 'POP', to: 'NRO-A', lengthM: 11000, owner: 'Viatel' },
      { id: 'S-9', from: 'NRO-A', to: 'POP', lengthM: 11000, owner: 'Viatel' },
      { id: 'S-0', from: 'POP', to: 'NRO-A', lengthM: 30000, owner: 'Viatel' },
      { id: 'S-P', from: 'HE', to: 'NRO-B', lengthM: 1000, owner: 'SMSN', status: 'planned' },
    ],
    sites: [...tinyTopology().sites, { id: 'NRO-P', kind: 'nro', lon: 2.2, lat: 50.3, status: 'planned' }],
  };

  it('takes the shortest of parallel sections, by length and by hops', () => {
    const workspace = new NetworkWorkspace(parallel);
    expect(routeRequest(workspace, { from: 'HE', to: 'NRO-A' })).toEqual({
      from: 'HE', to: 'NRO-A', weight: 'length', found: true, lengthM: 31000, hops: 2, sites: ['HE', 'POP', 'NRO-A'], sections: ['S-1', 'S-8'],
    });
    expect(routeRequest(workspace, { from: 'NRO-A', to: 'HE', weight: 'hops' }).sections).toEqual(['S-8', 'S-1']);
    // With planned elements, a 1 km planned section makes NRO-B two hops and 1 km from the head-end.
    expect(routeRequest(workspace, { from: 'HE', to: 'NRO-B', network: { includePlanned: true } })).toMatchObject({ lengthM: 1000, sections: ['S-P'] });
    expect(routeRequest(workspace, { from: 'HE', to: 'NRO-B' })).toMatchObject({ lengthM: 35000, sections: ['S-1', 'S-3'] });
  });

  it('answers a route from a site to itself with no section', () => {
    expect(routeRequest(new NetworkWorkspace(parallel), { from: 'POP', to: 'POP' })).toMatchObject({ found: true, lengthM: 0, hops: 0, sites: ['POP'], sections: [] });
  });

  it('names the unknown or unanalysed site, with its field', () => {
    const workspace = new NetworkWorkspace(parallel);
    const thrown = (input: Parameters<typeof routeRequest>[1]) => {
      try {
        routeRequest(workspace, input);
      } catch (error) {
        return error;
      }
      throw new Error('no error');
    };
    const unknown = thrown({ from: 'HE', to: 'NOWHERE' });
    expect(unknown).toBeInstanceOf(UnknownReferenceError);
    expect(unknown).toMatchObject({ field: 'to', id: 'NOWHERE', message: 'route: unknown site "NOWHERE"' });
    expect(thrown({ from: 'NRO-P', to: 'HE' })).toMatchObject({ field: 'from', id: 'NRO-P', message: expect.stringContaining('includePlanned') });
    expect(routeRequest(workspace, { from: 'NRO-P', to: 'HE', network: { includePlanned: true } })).toMatchObject({ found: false });
  });

  it('refuses a request out of its bounds, naming each field', () => {
    const workspace = new NetworkWorkspace(parallel);
    const issues = (input: unknown) => {
      try {
        routeRequest(workspace, input as Parameters<typeof routeRequest>[1]);
      } catch (error) {
        expect(error).toBeInstanceOf(RequestError);
        return (error as RequestError).issues.map((i) => i.field);
      }
      throw new Error('no error');
    };
    expect(issues({ to: 'HE' })).toEqual(['from']);
    expect(issues({ from: '', to: 'x'.repeat(201) })).toEqual(['from', 'to']);
    expect(issues({ from: 'HE', to: 'POP', weight: 'metres' })).toEqual(['weight']);
    expect(issues({ from: 'HE', to: 'POP', via: 'NRO-A' })).toEqual(['request']);
  });

  it('builds the graph once per network, and never changes the topology', () => {
    const before = structuredClone(parallel);
    const workspace = new NetworkWorkspace(parallel);
    routeRequest(workspace, { from: 'HE', to: 'NRO-A' });
    const loaded = workspace.network({ headends: [], includePlanned: false, withLinks: [] });
    const graph = routingGraphOf(loaded);
    routeRequest(workspace, { from: 'NRO-B', to: 'NRO-A', weight: 'hops' });
    expect(routingGraphOf(loaded)).toBe(graph);
    expect(graph.order).toBe(loaded.net.siteCount);
    expect(graph.size).toBe(loaded.net.sectionCount);
    expect(parallel).toEqual(before);
  });
});
