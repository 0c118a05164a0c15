import type { TileIndexInfo } from './tile-index.js';

const SECTION_FIELDS = {
  id: 'String', owner: 'String', status: 'String', state: 'String', loadRatio: 'Number',
  critical: 'Boolean', candidate: 'Boolean', riskGroups: 'String', lengthM: 'Number',
} as const;
const SITE_FIELDS = { id: 'String', kind: 'String', name: 'String', status: 'String', subscribers: 'Number', critical: 'Boolean' } as const;
const DENSITY_FIELDS = { sections: 'Number', lengthM: 'Number', sites: 'Number' } as const;

/**
 * The TileJSON 3.0.0 document of a tile index (docs/tiles.md): `template` is the absolute
 * `…/tiles/{z}/{x}/{y}.mvt?…` URL with the network options and the version tag.
 */
export function tileJson(info: TileIndexInfo, template: string, version: string) {
  const { fullZoom, maxzoom, bounds } = info;
  const below = fullZoom > 0 ? ` (below zoom ${fullZoom}: the backbone only)` : '';
  return {
    tilejson: '3.0.0' as const,
    name: info.name,
    description: `Sites and sections of ${info.name} with the analysis and saturation results; every feature from zoom ${fullZoom}.`,
    version,
    scheme: 'xyz' as const,
    tiles: [template],
    minzoom: 0,
    maxzoom,
    fullDetailZoom: fullZoom,
    bounds,
    center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, Math.min(maxzoom, Math.max(0, fullZoom - 2))] as [number, number, number],
    vector_layers: [
      { id: 'sections', description: `Analysed sections with saturation state, criticality and candidacy${below}`, fields: SECTION_FIELDS, minzoom: 0, maxzoom },
      { id: 'sites', description: `Analysed sites with NRO status and criticality${below.replace('the backbone', 'head-ends, POPs and NROs')}`, fields: SITE_FIELDS, minzoom: 0, maxzoom },
      ...(fullZoom > 0
        ? [{ id: 'density', description: 'One point per grid cell (16 × 16 per tile) of the sections and sites not drawn at this zoom', fields: DENSITY_FIELDS, minzoom: 0, maxzoom: fullZoom - 1 }]
        : []),
    ],
  };
}
