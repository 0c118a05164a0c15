import { describe, expect, it } from 'vitest';
import { topologyFromGeoJSON, topologyToGeoJSON } from '../src/io/geojson.js';
import { lambert93ToWgs84, wgs84ToLambert93 } from '../src/io/lambert93.js';
import { topologyFromJSON } from '../src/io/read-topology.js';
import { TopologyError } from '../src/model/errors.js';
import { smallNetwork } from './support/small-network.js';

describe('GeoJSON export and import', () => {
  it('writes sites as Points and sections as LineStrings, straight when they have no geometry', () => {
    const fc = topologyToGeoJSON(smallNetwork());
    const site = fc.features.find((f) => f.id === 'site/NRO-CAY')!;
    expect(site.geometry).toEqual({ type: 'Point', coordinates: [1.4931, 50.1817] });
    expect(site.properties).toEqual({ featureType: 'site', id: 'NRO-CAY', kind: 'nro', name: 'Cayeux-sur-Mer', subscribers: 2400 });
    const straight = fc.features.find((f) => f.id === 'section/S-1')!;
    expect(straight.geometry).toEqual({ type: 'LineString', coordinates: [[2.3023, 49.8941], [1.8339, 50.1054]] });
    expect(straight.properties.straightLine).toBe(true);
    const drawn = fc.features.find((f) => f.id === 'section/S-3')!;
    expect(drawn.geometry?.coordinates).toHaveLength(3);
    expect(drawn.properties.straightLine).toBeUndefined();
    expect(fc.features.filter((f) => f.properties.featureType === 'desaturationWork')[0].geometry?.type).toBe('MultiLineString');
  });

  it('round-trips JSON → GeoJSON → JSON without loss', () => {
    const topology = smallNetwork();
    const text = JSON.stringify(topologyToGeoJSON(topology));
    expect(topologyFromJSON(JSON.parse(text))).toEqual(topology);
  });

  it('reads features drawn without featureType: points are sites, lines sections', () => {
    const doc = topologyFromGeoJSON({
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Point', coordinates: [2.3, 49.9] }, properties: { id: 'HE', kind: 'headend' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [2.4, 49.9] }, properties: { id: 'N', kind: 'nro' } },
        { type: 'Feature', geometry: { type: 'LineString', coordinates: [[2.3, 49.9], [2.4, 49.9]] }, properties: { id: 'S', from: 'HE', to: 'N', lengthM: 7300, owner: 'SMSN' } },
      ],
    }, { name: 'drawn' });
    expect(topologyFromJSON(doc).sections[0].geometry).toEqual([[2.3, 49.9], [2.4, 49.9]]);
  });

  it('reprojects Lambert-93 coordinates when asked', () => {
    const fc = topologyToGeoJSON(smallNetwork());
    for (const f of fc.features) {
      if (f.geometry?.type === 'Point') f.geometry.coordinates = wgs84ToLambert93(f.geometry.coordinates);
      if (f.geometry?.type === 'LineString') f.geometry.coordinates = f.geometry.coordinates.map(wgs84ToLambert93);
    }
    const back = topologyFromJSON(fc, { crs: 'EPSG:2154' });
    const cay = back.sites.find((s) => s.id === 'NRO-CAY')!;
    expect(cay.lon).toBeCloseTo(1.4931, 6);
    expect(cay.lat).toBeCloseTo(50.1817, 6);
  });

  it('reading Lambert-93 metres as degrees is refused with located problems', () => {
    const fc = topologyToGeoJSON(smallNetwork());
    const point = fc.features[0].geometry as { coordinates: number[] };
    point.coordinates = [649828, 6977487];
    expect(() => topologyFromJSON(fc)).toThrow(TopologyError);
    try {
      topologyFromJSON(fc);
    } catch (error) {
      expect((error as TopologyError).problems.map((p) => [p.path, p.id])).toEqual([['$.sites[0].lon', 'HE-A'], ['$.sites[0].lat', 'HE-A']]);
    }
  });
});

describe('Lambert-93', () => {
  it('maps the false origin of EPSG:2154 to its defining point, 3° E 46.5° N', () => {
    expect(lambert93ToWgs84([700000, 6600000])).toEqual([3, 46.5]);
  });

  it('goes back and forth to the millimetre', () => {
    expect(wgs84ToLambert93(lambert93ToWgs84([649828.123, 6977487.456]))).toEqual([649828.123, 6977487.456]);
  });
});
