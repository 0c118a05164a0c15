import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import type { Site, Topology } from '../../model/schema.js';
import type { ExportCodes } from './codes.js';

/**
 * What each site becomes in a delivery of a version: the technical site (v2 t_sitetech, v3
 * t_site) that gives the importer its kind and name, the v3 room (t_local) that makes it an
 * NRO, the v2 technical point (t_ptech) that carries a junction's name. The node (t_noeud) of
 * every site has the site's id as its code; the codes of the other objects derive from it.
 */
export interface SitePlan {
  site: Site;
  /** On at least one section. */
  connected: boolean;
  technicalSite?: { code: string; typelog: string; name: string | null; nra?: boolean };
  /** v3: the technical room that gives the site its kind. */
  room?: { code: string; typelog: string };
  /** v2: the technical point that names a junction. */
  point?: { code: string; label: string };
}

/** Codes of the objects derived from a site or section id. */
export const codes = {
  technicalSite: (site: string) => `ST-${site}`,
  technicalRoom: (site: string) => `LC-${site}-T`,
  subscriberRoom: (site: string, i: number) => `LC-${site}-R${i}`,
  subscriberUnit: (site: string, i: number) => `SF-${site}-${i}`,
  technicalPoint: (site: string) => `PT-${site}`,
  duct: (section: string) => `CD-${section}`,
  cable: (section: string) => `CB-${section}`,
  organisation: (i: number) => `OR${String(i + 1).padStart(4, '0')}`,
};

/**
 * The plan of every site, in the topology's order.
 *
 * * v2.0.1: head-ends get a technical site of type NRA (a head of the collection network: the
 *   importer's backbone view takes them as the head-ends), NROs one of type NRO, POPs one of
 *   type BRASSAGE (a patching site: kind pop, no head); a junction with a name gets a
 *   technical point of type Z (point technique), whose label the importer prefixes with
 *   "point technique"; other junctions are bare nodes (dropped on import when on no section).
 * * v3: every head-end, NRO and POP gets a network site (t_site RESEAU) named after it,
 *   head-ends the NRA flag (`st_nra`), NROs an NRO room (t_local), POPs an SRO room; a junction that
 *   has a name or is on no section gets a network site, one that only has subscribers a
 *   customer site (CLIENT, which gives its node neither kind nor name).
 *
 * A technical site's name is the site's name, else its id (the importer names such sites).
 */
export function sitePlans(topology: Topology, m: GracethdMapping, c: ExportCodes): SitePlan[] {
  const connected = new Set<string>();
  for (const s of topology.sections) connected.add(s.from).add(s.to);
  return topology.sites.map((site) => {
    const plan: SitePlan = { site, connected: connected.has(site.id) };
    const code = codes.technicalSite(site.id);
    const name = site.name ?? site.id;
    if (m.locals) {
      const network = c.networkSite!;
      if (site.kind === 'nro' || site.kind === 'pop') {
        plan.technicalSite = { code, typelog: network, name, nra: false };
        plan.room = { code: codes.technicalRoom(site.id), typelog: site.kind === 'nro' ? c.nroRoom! : c.popRoom! };
      } else if (site.kind === 'headend') {
        plan.technicalSite = { code, typelog: network, name, nra: true };
      } else if (site.name !== undefined || !plan.connected) {
        plan.technicalSite = { code, typelog: network, name, nra: false };
      } else if ((site.subscribers ?? 0) > 0) {
        plan.technicalSite = { code, typelog: c.customerSite!, name: null, nra: false };
      }
      return plan;
    }
    const typelog = c.siteTypelog[site.kind];
    if (typelog !== undefined) plan.technicalSite = { code, typelog, name };
    else if (site.name !== undefined) plan.point = { code: codes.technicalPoint(site.id), label: site.name };
    return plan;
  });
}
