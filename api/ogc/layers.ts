import type { LoadedNetwork } from '../../src/requests/network-workspace.js';
import { AvailabilityRequest, availabilityOf } from '../../src/requests/availability.js';
import { saturationOf } from '../../src/requests/saturation.js';
import { notFound } from '../errors.js';
import type { Feature } from '../schemas/geojson.js';
import { availabilityToGeoJSON } from '../geojson/availability.js';
import { TopologyGeometry } from '../geojson/results.js';
import type { CollectionInfo } from './documents.js';
import { listProp, listValue, prop, type PropertySpec } from './properties.js';

/** The geometry type of every feature of a layer (one per layer, as QGIS and GDAL expect). */
export type LayerGeometry = 'Point' | 'LineString';

/** A feature collection of the OGC API: what it is, its attributes, and how its features come from a network. */
export interface Layer extends CollectionInfo {
  geometry: LayerGeometry;
  /** Every attribute of its features, in order: the same keys on every feature. */
  properties: readonly PropertySpec[];
  features(loaded: LoadedNetwork): Feature[];
}

const feature = (id: string, geometry: Feature['geometry'], properties: Record<string, unknown>): Feature => ({
  type: 'Feature', id, geometry, properties,
});

const STATUS = ['existing', 'planned'] as const;
const owner = prop('owner', 'string', 'owner or operator of the conduit', { queryable: true });
const ends = [
  prop('from', 'string', 'site id at one end', { queryable: true }),
  prop('to', 'string', 'site id at the other end', { queryable: true }),
];

const sites: Layer = {
  id: 'sites',
  title: 'Sites',
  description: 'Every site of the topology: head-ends, POPs, NROs and junctions, existing and planned, with their subscribers.',
  geometry: 'Point',
  properties: [
    prop('kind', 'string', 'headend, pop, nro or junction', { enum: ['headend', 'pop', 'nro', 'junction'], queryable: true }),
    prop('name', 'string', 'name of the site', { nullable: true, queryable: true }),
    prop('subscribers', 'integer', 'subscribers (prises) served'),
    prop('status', 'string', 'existing or planned', { enum: STATUS, queryable: true }),
  ],
  features: ({ topology }) =>
    topology.sites.map((s) => feature(s.id, { type: 'Point', coordinates: [s.lon, s.lat] }, {
      kind: s.kind, name: s.name ?? null, subscribers: s.subscribers ?? 0, status: s.status ?? 'existing',
    })),
};

const sections: Layer = {
  id: 'sections',
  title: 'Sections',
  description: 'Every conduit section of the topology, existing and planned, with its owner, length and fibres. Sections without a drawn geometry are straight lines between their sites (straightLine true).',
  geometry: 'LineString',
  properties: [
    ...ends, owner,
    prop('lengthM', 'number', 'length, metres'),
    prop('status', 'string', 'existing or planned', { enum: STATUS, queryable: true }),
    prop('capacityFibres', 'integer', 'fibres the conduit holds; null when unknown', { nullable: true }),
    prop('usedFibres', 'integer', 'fibres already used by others; null when unknown', { nullable: true }),
    listProp('riskGroups', 'risk groups it fails together with'),
    prop('straightLine', 'boolean', 'true when the section has no drawn geometry'),
  ],
  features: ({ topology }) => {
    const geometry = new TopologyGeometry(topology);
    return topology.sections.map((s) => feature(s.id, geometry.line(s.id), {
      from: s.from, to: s.to, owner: s.owner, lengthM: s.lengthM, status: s.status ?? 'existing',
      capacityFibres: s.capacityFibres ?? null, usedFibres: s.usedFibres ?? null, riskGroups: listValue(s.riskGroups ?? []),
      straightLine: s.geometry === undefined,
    }));
  },
};

const nros: Layer = {
  id: 'nros',
  title: 'NROs and their resilience',
  description: 'Every analysed NRO with its analysis status (secured, single-homed, isolated), its subscribers, the sections and sites one cut of which isolates it, and the owners it depends on.',
  geometry: 'Point',
  properties: [
    prop('name', 'string', 'name of the NRO', { nullable: true, queryable: true }),
    prop('subscribers', 'integer', 'subscribers (prises) served'),
    prop('status', 'string', 'isolated, single-homed or secured', { enum: ['isolated', 'single-homed', 'secured'], queryable: true }),
    prop('paths', 'integer', 'section-disjoint paths to the head-ends, capped at 2', { queryable: true }),
    listProp('criticalSections', 'sections whose cut alone isolates it'),
    listProp('criticalSites', 'sites whose failure alone isolates it'),
    listProp('sharedRiskGroups', 'risk groups whose failure alone isolates it'),
    listProp('exposedBy', 'owners of its critical sections'),
  ],
  features: (loaded) => {
    const geometry = new TopologyGeometry(loaded.topology);
    return loaded.report().nros.map((n) => feature(n.id, geometry.point(n.id), {
      name: n.name ?? null, subscribers: n.subscribers, status: n.status, paths: n.paths,
      criticalSections: listValue(n.criticalSections), criticalSites: listValue(n.criticalSites),
      sharedRiskGroups: listValue(n.sharedRiskGroups), exposedBy: listValue(n.exposedBy),
    }));
  },
};

const criticalSections: Layer = {
  id: 'critical-sections',
  title: 'Critical sections',
  description: 'The sections whose cut alone disconnects at least one site from every head-end (bridges), with the NROs and subscribers that cut isolates.',
  geometry: 'LineString',
  properties: [
    ...ends, owner,
    prop('lengthM', 'number', 'length, metres'),
    prop('subscribersCut', 'integer', 'subscribers that lose service when it is cut'),
    listProp('isolatedNros', 'NROs its cut isolates'),
    prop('isolatedSiteCount', 'integer', 'sites its cut isolates'),
  ],
  features: (loaded) => {
    const { topology } = loaded;
    const geometry = new TopologyGeometry(topology);
    const byId = new Map(topology.sections.map((s) => [s.id, s]));
    const links = new Map((topology.redundancyLinks ?? []).map((l) => [l.id, l]));
    const impact = new Map(loaded.report().cutImpact.map((c) => [c.section, c]));
    return loaded.report().bridges.map((id) => {
      const s = byId.get(id);
      const l = s ? undefined : links.get(id);
      const cut = impact.get(id)!;
      return feature(id, geometry.line(id), {
        from: s?.from ?? l?.a, to: s?.to ?? l?.b, owner: s?.owner ?? l?.owner, lengthM: s?.lengthM ?? l?.lengthM,
        subscribersCut: cut.subscribersCut, isolatedNros: listValue(cut.isolatedNros), isolatedSiteCount: cut.isolatedSites.length,
      });
    });
  },
};

const saturation: Layer = {
  id: 'saturation',
  title: 'Section saturation',
  description: 'Every analysed section with its load (fibres already used plus two fibres per collection route through it), its capacity and its state: ok, near (≥ 80 %), saturated (≥ 100 %) or unknown capacity.',
  geometry: 'LineString',
  properties: [
    owner,
    prop('capacityFibres', 'integer', 'fibres the conduit holds; null when unknown', { nullable: true }),
    prop('usedFibres', 'integer', 'fibres already used by others; null when unknown', { nullable: true }),
    prop('routedFibres', 'integer', 'fibres of the collection routes through it'),
    prop('loadFibres', 'integer', 'usedFibres + routedFibres'),
    prop('ratio', 'number', 'load / capacity; null when the capacity is unknown', { nullable: true }),
    prop('state', 'string', 'ok, near, saturated or unknown', { enum: ['ok', 'near', 'saturated', 'unknown'], queryable: true }),
    prop('routes', 'integer', 'collection routes through it'),
    listProp('nros', 'NROs whose routes run through it'),
  ],
  features: (loaded) => {
    const geometry = new TopologyGeometry(loaded.topology);
    return saturationOf(loaded).sections.map((s) => feature(s.section, geometry.line(s.section), {
      owner: s.owner, capacityFibres: s.capacityFibres, usedFibres: s.usedFibres, routedFibres: s.routedFibres,
      loadFibres: s.loadFibres, ratio: s.ratio, state: s.state, routes: s.routes, nros: listValue(s.nros),
    }));
  },
};

/** The availability layer's request: the topology's failure model, no works (docs/availability.md). */
const AVAILABILITY_LAYER_REQUEST = AvailabilityRequest.parse({ works: false, top: 1 });

const availability: Layer = {
  id: 'availability',
  title: 'NRO expected outage',
  description: 'Every analysed NRO with its expected minutes a year cut off from every head-end under the failure model (docs/availability.md): from single failures exactly, and the bounds with double failures; the subscriber-hours lost, and what cuts it off most often.',
  geometry: 'Point',
  properties: [
    prop('name', 'string', 'name of the NRO', { nullable: true, queryable: true }),
    prop('subscribers', 'integer', 'subscribers (prises) served'),
    prop('status', 'string', 'isolated, single-homed or secured', { enum: ['isolated', 'single-homed', 'secured'], queryable: true }),
    prop('unavailabilityMinPerYear', 'number', 'expected minutes a year cut off: the lower bound with double failures'),
    prop('unavailabilitySingleMinPerYear', 'number', 'the same from single failures alone'),
    prop('unavailabilityUpperMinPerYear', 'number', 'the upper bound with double failures'),
    prop('subscriberHoursPerYear', 'number', 'subscribers × hours cut off a year (lower bound)'),
    prop('worstSingleFailure', 'string', 'the element whose failure alone cuts it off most often (kind and id)', { nullable: true }),
    prop('sectionPairs', 'integer', 'pairs of sections whose joint failure cuts it off, neither alone'),
    prop('worstDoubleFailure', 'string', 'the most likely such pair of elements', { nullable: true }),
  ],
  features: (loaded) => availabilityToGeoJSON(loaded.topology, availabilityOf(loaded, AVAILABILITY_LAYER_REQUEST)).features,
};

/** The collections every topology offers, in the order `/collections` lists them. */
export const LAYERS: readonly Layer[] = [sites, sections, nros, criticalSections, saturation, availability];

/** The layer of a collection id, or undefined. */
export const findLayer = (id: string): Layer | undefined => LAYERS.find((l) => l.id === id);

/** The layer of a collection id; a 404 naming `collectionId` when there is none. */
export function layerOf(id: string): Layer {
  const layer = findLayer(id);
  if (!layer) throw notFound('collection', id, 'collectionId');
  return layer;
}

/** The features of a layer for a network, built once per network version. */
export function layerFeatures(layer: Layer, loaded: LoadedNetwork): Feature[] {
  return loaded.memo(`ogc:${layer.id}`, () => layer.features(loaded));
}
