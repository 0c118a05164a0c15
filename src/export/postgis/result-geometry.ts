import type { LineString, MultiLineString, Point, Position } from 'geojson';
import type { Topology } from '../../model/schema.js';

/**
 * Where each site, section and work of a topology lies, in WGS84: a site's point, a section's
 * drawn line or else the straight line between its sites, a redundancy link's straight line (it
 * is no section yet), a desaturation work along the sections it relieves. The same rules as the
 * API's layers (api/geojson/results.ts), which the engine does not import.
 */
export class ResultGeometry {
  private readonly sites = new Map<string, Position>();
  private readonly lines = new Map<string, Position[]>();
  private readonly works = new Map<string, readonly string[]>();

  constructor(topology: Topology) {
    for (const s of topology.sites) this.sites.set(s.id, [s.lon, s.lat]);
    for (const l of topology.redundancyLinks ?? []) this.straight(l.id, l.a, l.b);
    for (const s of topology.sections) {
      if (s.geometry) this.lines.set(s.id, s.geometry);
      else this.straight(s.id, s.from, s.to);
    }
    for (const w of topology.desaturationWorks ?? []) this.works.set(w.id, w.sections);
  }

  /**
   * @example
   * new ResultGeometry(topology).point('NRO-ALBERT'); // { type: 'Point', coordinates: [2.65, 50.0] }
   */
  point(site: string): Point | null {
    const p = this.sites.get(site);
    return p ? { type: 'Point', coordinates: p } : null;
  }

  /**
   * A section's (or a redundancy link's) line.
   *
   * @example
   * new ResultGeometry(topology).line('S-040')?.coordinates.length; // 2 for a straight section
   */
  line(section: string): LineString | null {
    const l = this.lines.get(section);
    return l ? { type: 'LineString', coordinates: l } : null;
  }

  /**
   * A work as a MultiLineString: a link's line, or the lines of the sections a desaturation
   * work relieves; null for a work the topology does not hold.
   *
   * @example
   * new ResultGeometry(topology).work('D-01')?.coordinates.length; // the sections it relieves
   */
  work(id: string): MultiLineString | null {
    const sections = this.works.get(id);
    if (sections) {
      const lines = sections.flatMap((s) => {
        const l = this.lines.get(s);
        return l ? [l] : [];
      });
      return lines.length > 0 ? { type: 'MultiLineString', coordinates: lines } : null;
    }
    const link = this.lines.get(id);
    return link ? { type: 'MultiLineString', coordinates: [link] } : null;
  }

  private straight(id: string, a: string, b: string): void {
    const pa = this.sites.get(a);
    const pb = this.sites.get(b);
    if (pa && pb) this.lines.set(id, [pa, pb]);
  }
}
