// @ts-check
/** @import { Analysis, DesaturationWork, Line, NroAnalysis, RedundancyLink, Saturation, Section, SectionImpact, SectionLoad, Site, SiteImpact, TopologyGeoJson } from './types.js' */

/**
 * What the map shows of one topology, indexed by id: the topology's features (from its GeoJSON),
 * the analysis (NRO status, critical sections, single-cut tables) and, when the server offers it,
 * the saturation of each section.
 */
export class NetworkModel {
  /**
   * @param {TopologyGeoJson} geojson
   * @param {Analysis} analysis
   * @param {Saturation | null} [saturation]
   */
  constructor(geojson, analysis, saturation = null) {
    this.name = geojson.fibreTopology?.name ?? '';
    /** @type {Map<string, Site>} */
    this.sites = new Map();
    /** @type {Map<string, Section>} */
    this.sections = new Map();
    /** @type {Map<string, RedundancyLink>} */
    this.links = new Map();
    /** @type {Map<string, DesaturationWork>} */
    this.works = new Map();
    for (const f of geojson.features) {
      const p = f.properties;
      /** @type {any} */
      const item = { ...p, geometry: f.geometry };
      if (p.featureType === 'site') this.sites.set(p.id, { ...item, lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
      else if (p.featureType === 'section') this.sections.set(p.id, item);
      else if (p.featureType === 'redundancyLink') this.links.set(p.id, item);
      else if (p.featureType === 'desaturationWork') this.works.set(p.id, item);
    }
    this.analysis = analysis;
    this.headends = new Set(analysis.headends);
    /** @type {Map<string, NroAnalysis>} */
    this.nros = new Map(analysis.nros.map((n) => [n.id, n]));
    this.bridges = new Set(analysis.bridges);
    /** @type {Map<string, SectionImpact>} */
    this.sectionImpact = new Map(analysis.cutImpact.map((i) => [i.section, i]));
    /** @type {Map<string, SiteImpact>} */
    this.siteImpact = new Map(analysis.siteImpact.map((i) => [i.site, i]));
    this.saturation = saturation;
    /** @type {Map<string, SectionLoad>} */
    this.loads = new Map((saturation?.sections ?? []).map((s) => [s.section, s]));
    this.owners = [...new Set([...this.sections.values()].map((s) => s.owner))].sort();
    this.riskGroups = [...new Set([...this.sections.values()].flatMap((s) => s.riskGroups ?? []))].sort();
    this.maxSubscribers = Math.max(1, ...[...this.sites.values()].map((s) => s.subscribers ?? 0));
  }

  /**
   * `existing` or `planned`.
   * @param {{ status?: string }} item
   */
  status(item) {
    return item.status ?? 'existing';
  }

  /**
   * The NRO's resilience status, or `not analysed` (a planned NRO when planned elements are left out).
   * @param {string} siteId
   * @returns {import('./types.js').NroStatus | 'not analysed'}
   */
  nroStatus(siteId) {
    return this.nros.get(siteId)?.status ?? 'not analysed';
  }

  /**
   * The section's saturation state (`ok`, `near`, `saturated`, `unknown`), or null without saturation data.
   * @param {string} sectionId
   * @returns {import('./types.js').LoadState | 'not analysed' | null}
   */
  loadState(sectionId) {
    return this.loads.get(sectionId)?.state ?? (this.saturation ? 'not analysed' : null);
  }

  /**
   * [lat, lng] of a site.
   * @param {string} siteId
   * @returns {[number, number]}
   */
  latLng(siteId) {
    const s = /** @type {Site} */ (this.sites.get(siteId));
    return [s.lat, s.lon];
  }

  /**
   * The [lat, lng] vertices of a section or link (its geometry, else a straight line).
   * @param {Line} item
   * @returns {[number, number][]}
   */
  line(item) {
    return item.geometry.coordinates.map(([lon, lat]) => [lat, lon]);
  }

  /**
   * Sites and sections named in a list of ids, whichever they are.
   * @param {string} id
   * @returns {'section' | 'site' | 'link' | null}
   */
  kindOf(id) {
    return this.sections.has(id) ? 'section' : this.sites.has(id) ? 'site' : this.links.has(id) ? 'link' : null;
  }
}
