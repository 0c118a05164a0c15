/**
 * What the map shows of one topology, indexed by id: the topology's features (from its GeoJSON),
 * the analysis (NRO status, critical sections, single-cut tables) and, when the server offers it,
 * the saturation of each section.
 */
export class NetworkModel {
  constructor(geojson, analysis, saturation = null) {
    this.name = geojson.fibreTopology?.name ?? '';
    this.sites = new Map();
    this.sections = new Map();
    this.links = new Map();
    this.works = new Map();
    for (const f of geojson.features) {
      const p = f.properties;
      const item = { ...p, geometry: f.geometry };
      if (p.featureType === 'site') this.sites.set(p.id, { ...item, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
      else if (p.featureType === 'section') this.sections.set(p.id, item);
      else if (p.featureType === 'redundancyLink') this.links.set(p.id, item);
      else if (p.featureType === 'desaturationWork') this.works.set(p.id, item);
    }
    this.analysis = analysis;
    this.headends = new Set(analysis.headends);
    this.nros = new Map(analysis.nros.map((n) => [n.id, n]));
    this.bridges = new Set(analysis.bridges);
    this.sectionImpact = new Map(analysis.cutImpact.map((i) => [i.section, i]));
    this.siteImpact = new Map(analysis.siteImpact.map((i) => [i.site, i]));
    this.saturation = saturation;
    this.loads = new Map((saturation?.sections ?? []).map((s) => [s.section, s]));
    this.owners = [...new Set([...this.sections.values()].map((s) => s.owner))].sort();
    this.riskGroups = [...new Set([...this.sections.values()].flatMap((s) => s.riskGroups ?? []))].sort();
    this.maxSubscribers = Math.max(1, ...[...this.sites.values()].map((s) => s.subscribers ?? 0));
  }

  /** `existing` or `planned`. */
  status(item) {
    return item.status ?? 'existing';
  }

  /** The NRO's resilience status, or `not analysed` (a planned NRO when planned elements are left out). */
  nroStatus(siteId) {
    return this.nros.get(siteId)?.status ?? 'not analysed';
  }

  /** The section's saturation state (`ok`, `near`, `saturated`, `unknown`), or null without saturation data. */
  loadState(sectionId) {
    return this.loads.get(sectionId)?.state ?? (this.saturation ? 'not analysed' : null);
  }

  /** [lat, lng] of a site. */
  latLng(siteId) {
    const s = this.sites.get(siteId);
    return [s.lat, s.lon];
  }

  /** The [lat, lng] vertices of a section or link (its geometry, else a straight line). */
  line(item) {
    return item.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
  }

  /** Sites and sections named in a list of ids, whichever they are. */
  kindOf(id) {
    return this.sections.has(id) ? 'section' : this.sites.has(id) ? 'site' : this.links.has(id) ? 'link' : null;
  }
}
