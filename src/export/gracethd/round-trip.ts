import type { Section, Site, Topology } from '../../model/schema.js';
import type { ExportVersion } from './version.js';

/** The importer's two views of a delivery (src/import/gracethd/import-view.ts). */
export type ImportView = 'backbone' | 'local';

/**
 * What the importer gives back from an exported delivery, as a function of the topology
 * alone: the rules the round-trip tests check against the importer, and that the export
 * summary counts. `view`: `backbone` (`--view backbone`, the importer's default for more than
 * one NRO: the head-ends are the NRA sites the exporter wrote), or `local` with the head-ends
 * named by `--headend`. Every pathway is written as collecte, so both views keep every
 * section and leave subscribers on their site.
 *
 * * sites keep their id (the node code), kind, subscribers and position (to the millimetre in
 *   Lambert-93). A site on no section is kept only when its GraceTHD object makes it a site:
 *   backbone view, NROs only; local view, every technical site (v2: head-ends, NROs, POPs; v3:
 *   all but junctions, which are bare nodes or customer sites); it is dropped otherwise, with
 *   its subscribers;
 * * a site whose technical site names it (head-ends, NROs, POPs; v3 junctions with a name or on
 *   no section) comes back named, by its id when it had no name; a v2 junction's name comes
 *   back as "point technique NAME" (its technical point's label);
 * * a site's status is what its pathways say: planned when every section that joins it is
 *   planned, else existing (a site on no section: existing);
 * * sections keep their id, ends, owner, status, capacity, use (only with a capacity), and
 *   length (v3: to the centimetre), risk groups (in fibre-resilience's table fibre_risk_group,
 *   each group once per section); their geometry is the line written.
 * * redundancy links, desaturation works and declared totals are not GraceTHD objects.
 */
export function expectedImport(topology: Topology, version: ExportVersion, view: ImportView = 'backbone'): Pick<Topology, 'sites' | 'sections'> {
  const joined = new Map<string, boolean>();
  for (const s of topology.sections) {
    const existing = (s.status ?? 'existing') === 'existing';
    for (const end of [s.from, s.to]) joined.set(end, (joined.get(end) ?? false) || existing);
  }
  const v2 = version === '2.0.1';
  const sites: Site[] = [];
  for (const site of topology.sites) {
    const connected = joined.has(site.id);
    const kept = connected || (view === 'backbone' ? site.kind === 'nro' : !v2 || site.kind !== 'junction');
    if (!kept) continue;
    const named = site.kind !== 'junction' || (!v2 && (site.name !== undefined || !connected));
    const name = named ? (site.name ?? site.id) : v2 && site.name !== undefined ? `point technique ${site.name}` : site.name;
    sites.push({
      id: site.id,
      kind: site.kind,
      ...(name !== undefined && { name }),
      lon: site.lon,
      lat: site.lat,
      ...((site.subscribers ?? 0) > 0 && { subscribers: site.subscribers }),
      ...(connected && joined.get(site.id) === false && { status: 'planned' as const }),
    });
  }
  const sections: Section[] = topology.sections.map((s) => ({
    id: s.id,
    from: s.from,
    to: s.to,
    lengthM: version === '3' ? Math.round(s.lengthM * 100) / 100 : s.lengthM,
    owner: s.owner,
    ...(s.status === 'planned' && { status: 'planned' as const }),
    ...(s.capacityFibres !== undefined && { capacityFibres: s.capacityFibres }),
    ...(s.capacityFibres !== undefined && s.usedFibres !== undefined && { usedFibres: s.usedFibres }),
    ...(s.riskGroups?.length && { riskGroups: [...new Set(s.riskGroups)] }),
  }));
  return { sites, sections };
}

/** One thing the delivery does not carry, or carries differently, and the elements concerned. */
export interface ExportLoss {
  what: string;
  count: number;
  ids: string[];
}

/** What an export of `topology` to `version` loses or changes, each with the ids concerned (for the summary). */
export function exportLosses(topology: Topology, version: ExportVersion): ExportLoss[] {
  const back = expectedImport(topology, version, 'backbone');
  const losses: ExportLoss[] = [];
  const add = (what: string, ids: string[]) => {
    if (ids.length) losses.push({ what, count: ids.length, ids });
  };
  add('redundancy links: not GraceTHD objects (a candidate link is no pathway yet), not exported', (topology.redundancyLinks ?? []).map((l) => l.id));
  add('desaturation works: not GraceTHD objects, not exported', (topology.desaturationWorks ?? []).map((w) => w.id));
  if (topology.declaredTotals) add('declared totals: not exported', ['declaredTotals']);
  const kept = new Map(back.sites.map((s) => [s.id, s]));
  add(
    'sites on no section (but NROs): dropped by the backbone view, with their subscribers (the local view keeps technical sites: v2 head-ends, NROs and POPs, v3 every site)',
    topology.sites.filter((s) => !kept.has(s.id)).map((s) => s.id),
  );
  add(
    'site status: the importer derives it from the pathways (planned when every pathway that joins it is planned); these sites come back with the other status',
    topology.sites.filter((s) => kept.has(s.id) && (s.status ?? 'existing') !== (kept.get(s.id)!.status ?? 'existing')).map((s) => s.id),
  );
  add('site names: these sites come back named otherwise (by their id, or "point technique NAME" for a v2 junction)', topology.sites.filter((s) => kept.has(s.id) && s.name !== kept.get(s.id)!.name).map((s) => s.id));
  add('used fibres without a capacity: no cable to carry them, not exported', topology.sections.filter((s) => s.capacityFibres === undefined && s.usedFibres !== undefined).map((s) => s.id));
  if (version === '3') add('lengths beyond the centimetre: a v3 pathway has no length field, its geometry measures it', topology.sections.filter((s) => Math.round(s.lengthM * 100) / 100 !== s.lengthM).map((s) => s.id));
  const headends = topology.sites.filter((s) => s.kind === 'headend').map((s) => s.id);
  add(
    headends.length
      ? `head-ends: written as NRA sites (v2 st_typelog NRA, v3 st_nra), the heads of the collection network the backbone view takes as head-ends; the local view needs ${headendFlags(headends)}`
      : 'no head-end: the backbone view finds none (it fails); the local view makes the NROs the head-ends',
    headends,
  );
  return losses;
}

/** The `--headend` options that give the head-ends back on import. */
export const headendFlags = (ids: readonly string[]) => ids.map((id) => `--headend ${/^[\w.:-]+$/.test(id) ? id : JSON.stringify(id)}`).join(' ');
