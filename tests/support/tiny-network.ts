import type { Section, Site, SiteKind, Topology } from '../../src/model/schema.js';

/**
 * A hand-written network in one expression: sites as `id:kind` (kind defaults to nro), sections
 * as [id, from, to, lengthM, extra fields].
 *
 * @example
 * tinyNetwork(['HE:headend', 'A'], [['s1', 'HE', 'A', 100, { capacityFibres: 12 }]]);
 */
export function tinyNetwork(
  sites: string[],
  sections: Array<[string, string, string, number, Partial<Section>?]>,
  siteExtras: Record<string, Partial<Site>> = {},
): Topology {
  return {
    format: 'fibre-topology/1',
    name: 'tiny',
    sites: sites.map((spec, i) => {
      const [id, kind = 'nro'] = spec.split(':');
      return { id, kind: kind as SiteKind, lon: 2 + i / 100, lat: 49.9, ...siteExtras[id] };
    }),
    sections: sections.map(([id, from, to, lengthM, extra]) => ({ id, from, to, lengthM, owner: 'SMSN', ...extra })),
  };
}
