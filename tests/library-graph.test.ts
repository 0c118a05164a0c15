import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MultiUndirectedGraph } from 'graphology';
import { describe, expect, it } from 'vitest';
import * as library from '../src/index.js';
import { analyseRequest, NetworkWorkspace, RequestError, readTopologyFile, resilienceGraph, topologyFromJSON, UnknownReferenceError } from '../src/index.js';
import { SOMME_FILE } from './support/api.js';

const root = join(import.meta.dirname, '..');

/** Sites joined to a head-end when `without` is left out, by a breadth-first search written here. */
function reachingHeadends(graph: MultiUndirectedGraph, headends: string[], without?: string): Set<string> {
  const seen = new Set(headends);
  const queue = [...headends];
  while (queue.length > 0) {
    const site = queue.shift()!;
    graph.forEachEdge(site, (edge, _attributes, source, target) => {
      if (edge === without) return;
      const next = source === site ? target : source;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    });
  }
  return seen;
}

describe('the library entry point (src/index.ts)', () => {
  it('exports the documented functions, classes and errors', () => {
    for (const name of ['readTopologyFile', 'validateTopology', 'analyseRequest', 'analysisJsonRequest', 'cutRequest', 'saturationRequest', 'rankRequest', 'planRequest',
      'importRequest', 'validateRequest', 'routeRequest', 'resilienceGraph', 'NetworkWorkspace', 'TopologyError', 'UnknownReferenceError',
      'InvalidOptionError', 'RequestError']) {
      expect(typeof (library as Record<string, unknown>)[name], name).toBe('function');
    }
  });

  it('points package.json at the built entry point and its declarations', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    expect(pkg.types).toBe('./dist/src/index.d.ts');
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8'));
    expect(build.compilerOptions.declaration).toBe(true);
  });
});

describe('resilienceGraph on the Somme network', () => {
  it('holds the analysed network: as many sites and sections, the analysis of each', async () => {
    const topology = await readTopologyFile(SOMME_FILE);
    const workspace = new NetworkWorkspace(topology);
    const graph = resilienceGraph(workspace);
    const net = workspace.network({ headends: [], includePlanned: false, withLinks: [] }).net;
    expect(graph.type).toBe('undirected');
    expect(graph.multi).toBe(true);
    expect(graph.order).toBe(net.siteCount);
    expect(graph.size).toBe(net.sectionCount);
    expect(graph.order).toBeLessThan(topology.sites.length); // a planned site is left out

    const report = analyseRequest(workspace, {});
    const nros = [...report.nros];
    const cay = nros.find((n) => n.id === 'NRO-CAY')!;
    expect(cay.status).toBe('single-homed');
    // the same document as bytes
    const bytes = JSON.parse(Buffer.concat([...library.analysisJsonRequest(workspace, {})]).toString('utf8'));
    expect(bytes.nros).toEqual(nros);
    expect(bytes.bridges).toEqual(report.bridges);
    expect(graph.getNodeAttributes('NRO-CAY')).toMatchObject({
      kind: 'nro', name: 'Cayeux-sur-Mer', subscribers: 3200, planned: false, headend: false,
      status: cay.status, paths: cay.paths, criticalSections: cay.criticalSections, criticalSites: cay.criticalSites,
    });
    expect(graph.filterNodes((_, a) => a.kind === 'nro').every((id) => graph.getNodeAttribute(id, 'status') === nros.find((n) => n.id === id)!.status)).toBe(true);
    expect(graph.filterNodes((_, a) => a.articulation).sort()).toEqual([...report.articulationSites].sort());
    expect(graph.getNodeAttribute('HE-AMIENS', 'headend')).toBe(true);
    expect(graph.getNodeAttribute('HE-AMIENS', 'status')).toBeUndefined();
    expect(graph.getEdgeAttributes('S-040')).toMatchObject({ from: 'NRO-CAY', to: 'POP-SAINT-VALERY', owner: 'SMSN', bridge: true, subscribersCut: 3200, isolatedNros: ['NRO-CAY'] });
  });

  it('marks as bridges exactly the sections whose removal cuts a site off the head-ends (BFS in this test)', async () => {
    const workspace = new NetworkWorkspace(await readTopologyFile(SOMME_FILE));
    const graph = resilienceGraph(workspace);
    const headends = graph.filterNodes((_, a) => a.headend);
    expect(headends.sort()).toEqual([...analyseRequest(workspace, {}).headends].sort());
    expect(headends.length).toBeGreaterThan(0);
    const connected = reachingHeadends(graph as unknown as MultiUndirectedGraph, headends);
    const bridges = graph.filterEdges((_, a) => a.bridge);
    expect(bridges.length).toBeGreaterThan(10);
    for (const edge of graph.edges()) {
      const after = reachingHeadends(graph as unknown as MultiUndirectedGraph, headends, edge);
      const lost = [...connected].filter((site) => !after.has(site));
      expect(graph.getEdgeAttribute(edge, 'bridge'), edge).toBe(lost.length > 0);
      const subscribers = lost.reduce((total, site) => total + (graph.getNodeAttribute(site, 'subscribers') ?? 0), 0);
      expect(graph.getEdgeAttribute(edge, 'subscribersCut'), edge).toBe(subscribers);
    }
  });

  it('takes the network options: planned elements, links as sections, other head-ends', async () => {
    const workspace = new NetworkWorkspace(await readTopologyFile(SOMME_FILE));
    const graph = resilienceGraph(workspace, { includePlanned: true, withLinks: ['R-01'] });
    const net = workspace.network({ headends: [], includePlanned: true, withLinks: ['R-01'] }).net;
    expect([graph.order, graph.size]).toEqual([net.siteCount, net.sectionCount]);
    expect(graph.getEdgeAttributes('R-01')).toMatchObject({ redundancyLink: true, planned: true, from: 'NRO-CAY', to: 'NRO-FCT' });
    expect(graph.getNodeAttribute('NRO-CAY', 'status')).toBe([...analyseRequest(workspace, { network: { includePlanned: true, withLinks: ['R-01'] } }).nros]
      .find((n) => n.id === 'NRO-CAY')!.status);
    expect(resilienceGraph(workspace, { headends: ['HE-AMIENS'] }).filterNodes((_, a) => a.headend)).toEqual(['HE-AMIENS']);
    expect(() => resilienceGraph(workspace, { withLinks: ['R-99'] })).toThrow(UnknownReferenceError);
    expect(() => resilienceGraph(workspace, { headend: ['HE-AMIENS'] } as never)).toThrow(RequestError);
  });

  it('never changes the topology, and gives a fresh graph that the caller may change', () => {
    const text = readFileSync(SOMME_FILE, 'utf8');
    const topology = topologyFromJSON(JSON.parse(text));
    const before = structuredClone(topology);
    const workspace = new NetworkWorkspace(topology);
    const graph = resilienceGraph(workspace);
    graph.updateNodeAttribute('NRO-CAY', 'subscribers', () => 0);
    graph.getEdgeAttribute('S-040', 'isolatedNros').push('changed');
    graph.getNodeAttribute('NRO-CAY', 'criticalSections')!.push('changed');
    const withGeometry = graph.findEdge((_, a) => a.geometry !== undefined);
    if (withGeometry) graph.getEdgeAttribute(withGeometry, 'geometry')![0][0] = 0;
    graph.dropEdge('S-040');
    expect(topology).toEqual(before);
    const again = resilienceGraph(workspace);
    expect(again.getNodeAttribute('NRO-CAY', 'subscribers')).toBe(3200);
    expect(again.getEdgeAttribute('S-040', 'isolatedNros')).toEqual(['NRO-CAY']);
    expect(again.getNodeAttribute('NRO-CAY', 'criticalSections')).not.toContain('changed');
    expect([...analyseRequest(workspace, {}).cutImpact].find((i) => i.section === 'S-040')!.isolatedNros).toEqual(['NRO-CAY']);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(topology)));
  });
});

describe('docs/library.md', () => {
  it('has an example that runs and prints what its comments say', () => {
    const doc = readFileSync(join(root, 'docs/library.md'), 'utf8');
    const example = /## Example[\s\S]*?```js\n([\s\S]*?)```/.exec(doc)![1];
    const expected = [...example.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
    expect(expected.length).toBeGreaterThanOrEqual(6);
    // Run from the sources: the import of the package becomes one of src/index.ts.
    const folder = join(root, 'tests/artifacts');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, 'library-example.mjs');
    writeFileSync(file, example.replace(/from 'fibre-resilience'/, `from ${JSON.stringify(join(root, 'src/index.ts'))}`));
    const printed = execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' }).trimEnd().split('\n');
    expect(printed).toEqual(expected);
  }, 30_000);
});
