import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../api/app.js';
import { SOMME_FILE, listening } from './support/api.js';
import { cliJson, runCli } from './support/run-cli.js';

/**
 * The pages the map's panels ask for: `/analysis` and `/saturation` with `limit`, `offset`,
 * `sort`, filters and `summary` (one request function shared with `analyse --limit …` and
 * `saturation --limit …`), through `app.inject` and a listening server. Expected pages are the
 * whole report's records sorted and filtered here; the summary's counts come from the topology file.
 */
interface Nro { id: string; name?: string; subscribers: number; status: string; lon: number; lat: number }
interface Load { section: string; owner: string; state: string; loadFibres: number; ratio: number | null }
interface TopologyFile {
  sites: { id: string; kind: string; lon: number; lat: number; status?: string }[];
  sections: { id: string; riskGroups?: string[]; owner: string; status?: string }[];
  redundancyLinks?: { costEur: number }[];
  desaturationWorks?: { costEur: number }[];
}
const somme = JSON.parse(readFileSync(SOMME_FILE, 'utf8')) as TopologyFile;
const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const RANK: Record<string, number> = { isolated: 0, 'single-homed': 1, secured: 2 };

describe('pages of the analysis and of the saturation', () => {
  let app: FastifyInstance;
  let base: string;
  let report: { headends: string[]; nros: Nro[] };
  let saturation: { sections: Load[]; summary: { sections: Record<string, number> } };

  beforeAll(async () => {
    app = await buildApp({ dataDir: mkdtempSync(join(tmpdir(), 'fibre-pages-')), rateLimit: false });
    base = await listening(app);
    report = (await app.inject('/v1/topologies/somme/analysis')).json();
    saturation = (await app.inject('/v1/topologies/somme/saturation')).json();
  });
  afterAll(() => app.close());

  /** The same answer through inject and through the listening server. */
  const get = async (path: string) => {
    const injected = await app.inject(path);
    const served = await fetch(`${base}${path}`);
    expect(served.status, path).toBe(injected.statusCode);
    expect(await served.json(), path).toEqual(injected.json());
    return injected;
  };

  it('leaves the whole report as it was without a paging parameter', () => {
    expect(Object.keys(report)).toEqual(['headends', 'nros', 'bridges', 'articulationSites', 'cutImpact', 'siteImpact', 'ownerImpact']);
    expect(report.nros[0]).not.toHaveProperty('lon');
    expect(Object.keys(saturation)).toEqual(['headends', 'fibresPerRoute', 'nearRatio', 'saturatedRatio', 'summary', 'routes', 'sections', 'desaturationWorks']);
  });

  it('pages the NROs in every order, with their positions from the topology', async () => {
    const sorts: Record<string, (a: Nro, b: Nro) => number> = {
      id: byId,
      subscribers: (a, b) => b.subscribers - a.subscribers || byId(a, b),
      status: (a, b) => RANK[a.status] - RANK[b.status] || b.subscribers - a.subscribers || byId(a, b),
      name: (a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id, 'fr') || byId(a, b),
    };
    for (const [sort, compare] of Object.entries(sorts)) {
      const all = [...report.nros].sort(compare);
      for (const offset of [0, 20, 60]) {
        const res = await get(`/v1/topologies/somme/analysis?limit=20&offset=${offset}&sort=${sort}&summary=false`);
        expect(res.statusCode).toBe(200);
        const page = res.json();
        expect(page).toMatchObject({ headends: report.headends, total: report.nros.length, offset, limit: 20, sort });
        expect(page).not.toHaveProperty('summary');
        expect(page.nros.map((n: Nro) => n.id), `${sort} from ${offset}`).toEqual(all.slice(offset, offset + 20).map((n) => n.id));
        for (const n of page.nros as Nro[]) {
          const site = somme.sites.find((s) => s.id === n.id)!;
          expect([n.lon, n.lat]).toEqual([site.lon, site.lat]);
        }
      }
    }
  });

  it('filters the NROs by status and by id', async () => {
    const exposed = report.nros.filter((n) => n.status !== 'secured').sort(byId);
    const page = (await get('/v1/topologies/somme/analysis?status=single-homed&status=isolated&limit=1000&summary=false')).json();
    expect(page.total).toBe(exposed.length);
    expect(page.nros.map((n: Nro) => n.id)).toEqual(exposed.map((n) => n.id));
    const two = [report.nros[3].id, report.nros[1].id];
    const picked = (await get(`/v1/topologies/somme/analysis?nro=${two[0]}&nro=${two[1]}&summary=false`)).json();
    expect(picked.nros.map((n: Nro) => n.id)).toEqual([...two].sort());
    expect(picked.total).toBe(2);
  });

  it('summarises the analysis from the report and the topology', async () => {
    const { summary, nros, total } = (await get('/v1/topologies/somme/analysis?limit=0')).json();
    expect(nros).toEqual([]);
    expect(total).toBe(report.nros.length);
    const count = (status: string) => report.nros.filter((n) => n.status === status).length;
    const subscribers = (status: string) => report.nros.filter((n) => n.status === status).reduce((t, n) => t + n.subscribers, 0);
    expect(summary.nros).toEqual({ isolated: count('isolated'), 'single-homed': count('single-homed'), secured: count('secured') });
    expect(summary.subscribers).toEqual({ isolated: subscribers('isolated'), 'single-homed': subscribers('single-homed'), secured: subscribers('secured') });
    expect(summary.sites).toBe(somme.sites.length);
    expect(summary.sections).toBe(somme.sections.length);
    const kinds = (kind: string) => somme.sites.filter((s) => s.kind === kind).length;
    expect(summary.siteKinds).toEqual({ headend: kinds('headend'), pop: kinds('pop'), nro: kinds('nro'), junction: kinds('junction') });
    expect(summary.riskGroups).toEqual([...new Set(somme.sections.flatMap((s) => s.riskGroups ?? []))].sort());
    const costs = [...(somme.redundancyLinks ?? []), ...(somme.desaturationWorks ?? [])].reduce((t, w) => t + w.costEur, 0);
    expect(summary.candidates).toEqual({ redundancyLinks: somme.redundancyLinks?.length ?? 0, desaturationWorks: somme.desaturationWorks?.length ?? 0, costEur: costs });
    const owners = [...new Set(somme.sections.map((s) => s.owner))].sort();
    expect(summary.owners.map((o: { owner: string }) => o.owner)).toEqual(owners);
    // The sections of each owner the analysis keeps (planned ones are left out by default).
    for (const o of summary.owners) expect(o.sections, o.owner).toBe(somme.sections.filter((s) => s.owner === o.owner && s.status !== 'planned').length);
  });

  it('pages and filters the section loads, with counts by owner', async () => {
    const near = saturation.sections.filter((s) => s.state === 'near' || s.state === 'saturated');
    const page = (await get('/v1/topologies/somme/saturation?state=near&state=saturated&limit=5&offset=2')).json();
    expect(page).toMatchObject({ total: near.length, offset: 2, limit: 5, sort: 'worst' });
    expect(page.sections).toEqual(near.slice(2, 7));
    // The summary's counts by state, counted here from the sections themselves.
    const count = (state: string) => saturation.sections.filter((s) => s.state === state).length;
    expect(page.summary.sections).toEqual({ saturated: count('saturated'), near: count('near'), ok: count('ok'), unknown: count('unknown') });
    const owner = somme.sections[0].owner;
    const ownerRow = page.summary.owners.find((o: { owner: string }) => o.owner === owner);
    const mine = saturation.sections.filter((s) => s.owner === owner);
    expect(ownerRow).toEqual({
      owner, sections: mine.length, saturated: mine.filter((s) => s.state === 'saturated').length, near: mine.filter((s) => s.state === 'near').length,
      ok: mine.filter((s) => s.state === 'ok').length, unknown: mine.filter((s) => s.state === 'unknown').length,
    });
    const byLoad = (await get(`/v1/topologies/somme/saturation?owner=${encodeURIComponent(owner)}&sort=load&limit=1000&summary=false`)).json();
    expect(byLoad.sections.map((s: Load) => s.section)).toEqual([...mine].sort((a, b) => b.loadFibres - a.loadFibres || (a.section < b.section ? -1 : 1)).map((s) => s.section));
    const one = (await get('/v1/topologies/somme/saturation?section=S-041&summary=false')).json();
    expect(one.sections).toEqual(saturation.sections.filter((s) => s.section === 'S-041'));
  });

  it('refuses unknown parameters and out-of-bounds pages, naming the field', async () => {
    for (const [path, field] of [
      ['/v1/topologies/somme/analysis?status=secured&bogus=1', 'bogus'],
      ['/v1/topologies/somme/saturation?crs=EPSG:2154', 'crs'],
      ['/v1/topologies/somme/analysis?limit=1001', 'limit'],
      ['/v1/topologies/somme/analysis?offset=-1', 'offset'],
      ['/v1/topologies/somme/analysis?sort=size', 'sort'],
      ['/v1/topologies/somme/analysis?status=fine', 'status'],
      ['/v1/topologies/somme/saturation?state=red', 'state'],
      ['/v1/topologies/somme/saturation?limit=ten', 'limit'],
    ]) {
      const res = await get(path);
      expect(res.statusCode, path).toBe(400);
      expect(res.json().details.map((d: { field: string }) => d.field.split('.')[0].split('[')[0]), path).toContain(field);
    }
  });

  it('answers the CLI’s --limit with the same request function', async () => {
    const api = (await app.inject('/v1/topologies/somme/analysis?limit=7&offset=3&sort=status')).json();
    expect(await cliJson('analyse', SOMME_FILE, '--limit', '7', '--offset', '3', '--sort', 'status', '--json')).toEqual(api);
    const loads = (await app.inject('/v1/topologies/somme/saturation?limit=4&state=near')).json();
    expect(await cliJson('saturation', SOMME_FILE, '--limit', '4', '--state', 'near', '--json')).toEqual(loads);
    const bad = await runCli('analyse', SOMME_FILE, '--limit', '5000');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit');
  });
});
