import { FORMAT, type DesaturationWork, type RedundancyLink, type Section, type Site, type Topology } from '../model/schema.js';
import { lambert93ToWgs84 } from './lambert93.js';

type Position = number[];
type Coordinates = Section['geometry'];
type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'LineString'; coordinates: Position[] }
  | { type: 'MultiLineString'; coordinates: Position[][] };

export interface Feature<P = Record<string, unknown>> {
  type: 'Feature';
  id?: string;
  geometry: Geometry | null;
  properties: P;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<P>[];
  [foreignMember: string]: unknown;
}

/** What a feature of an exported topology stands for (property `featureType`). */
export type FeatureType = 'site' | 'section' | 'redundancyLink' | 'desaturationWork';

/** Document-level fields, carried as a foreign member of the FeatureCollection. */
const META = 'fibreTopology';

/**
 * Exports a topology as an RFC 7946 FeatureCollection (CRS84): sites as Points, sections and
 * redundancy links as LineStrings (a straight line when a section has no geometry, flagged
 * `straightLine`), desaturation works as the MultiLineString of the sections they relieve.
 * Every other field is a property, so `topologyFromGeoJSON` gives back the same document.
 *
 * @example
 * const fc = topologyToGeoJSON(topology);
 * fc.features.filter((f) => f.properties.featureType === 'site').length === topology.sites.length;
 */
export function topologyToGeoJSON(topology: Topology): FeatureCollection {
  const position = new Map(topology.sites.map((s) => [s.id, [s.lon, s.lat]]));
  const lineOf = new Map<string, Position[]>();
  const features: Feature[] = [];

  for (const { lon, lat, ...site } of topology.sites) {
    features.push(feature('site', site.id, { type: 'Point', coordinates: [lon, lat] }, site));
  }
  for (const { geometry, ...section } of topology.sections) {
    const line = geometry ?? [position.get(section.from)!, position.get(section.to)!];
    lineOf.set(section.id, line);
    const props = geometry ? section : { ...section, straightLine: true };
    features.push(feature('section', section.id, { type: 'LineString', coordinates: line }, props));
  }
  for (const link of topology.redundancyLinks ?? []) {
    const line = [position.get(link.a)!, position.get(link.b)!];
    features.push(feature('redundancyLink', link.id, { type: 'LineString', coordinates: line }, link));
  }
  for (const work of topology.desaturationWorks ?? []) {
    const lines = work.sections.flatMap((id) => (lineOf.has(id) ? [lineOf.get(id)!] : []));
    features.push(feature('desaturationWork', work.id, { type: 'MultiLineString', coordinates: lines }, work));
  }

  const { sites: _s, sections: _e, redundancyLinks: _r, desaturationWorks: _d, ...meta } = topology;
  return { type: 'FeatureCollection', [META]: meta, features };
}

export interface FromGeoJSONOptions {
  /** Coordinate reference system of the input coordinates. Default `CRS84` (lon/lat WGS 84). */
  crs?: 'CRS84' | 'EPSG:2154';
  /** Name when the collection carries none. */
  name?: string;
}

/**
 * Reads a FeatureCollection written by `topologyToGeoJSON` (or by hand, or by QGIS) back into a
 * topology document. The result is not validated: pass it to `validateTopology`.
 * With `crs: 'EPSG:2154'`, coordinates are Lambert-93 metres reprojected to CRS84 with proj4.
 *
 * @example
 * topologyFromGeoJSON(topologyToGeoJSON(topology)); // deep-equals topology
 */
export function topologyFromGeoJSON(collection: FeatureCollection, options: FromGeoJSONOptions = {}): unknown {
  const project = options.crs === 'EPSG:2154' ? lambert93ToWgs84 : (p: Position) => p;
  const meta = (collection[META] ?? {}) as Partial<Topology>;
  const sites: Site[] = [];
  const sections: Section[] = [];
  const redundancyLinks: RedundancyLink[] = [];
  const desaturationWorks: DesaturationWork[] = [];

  for (const f of collection.features ?? []) {
    const { featureType, straightLine, ...props } = (f.properties ?? {}) as Record<string, unknown>;
    const type = featureType ?? inferType(f);
    if (type === 'site' && f.geometry?.type === 'Point') {
      const [lon, lat] = project(f.geometry.coordinates);
      sites.push({ ...(props as Omit<Site, 'lon' | 'lat'>), lon, lat });
    } else if (type === 'section') {
      const geometry = f.geometry?.type === 'LineString' && !straightLine ? f.geometry.coordinates.map(project) : undefined;
      sections.push({ ...(props as Section), ...(geometry && { geometry: geometry as Coordinates }) });
    } else if (type === 'redundancyLink') {
      redundancyLinks.push(props as RedundancyLink);
    } else if (type === 'desaturationWork') {
      desaturationWorks.push(props as DesaturationWork);
    }
  }

  return {
    format: FORMAT,
    name: options.name ?? 'Imported from GeoJSON',
    ...meta,
    sites,
    sections,
    ...(redundancyLinks.length > 0 && { redundancyLinks }),
    ...(desaturationWorks.length > 0 && { desaturationWorks }),
  };
}

function feature(type: FeatureType, id: string, geometry: Geometry, props: object): Feature {
  return { type: 'Feature', id: `${type}/${id}`, geometry, properties: { featureType: type, ...props } };
}

/** Features without `featureType` (drawn in QGIS, say): points are sites, lines are sections. */
function inferType(f: Feature): FeatureType | undefined {
  if (f.geometry?.type === 'Point') return 'site';
  if (f.geometry?.type === 'LineString') return 'section';
  return undefined;
}
