import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import { type GeoPackageFieldType, type GeoPackageLayer, type GeoPackageValue, writeGeoPackage } from '../../io/geopackage.js';
import type { GracethdExport } from './gracethd-tables.js';
import type { GracethdTable } from './table.js';
import { exportMapping } from './version.js';

/** Field types of the numeric and boolean fields of a mapping, by `table.field` (the others are TEXT); the SHP/CSV writer types its .dbf fields by them too. */
export function gracethdFieldTypes(m: GracethdMapping): Map<string, GeoPackageFieldType> {
  const types = new Map<string, GeoPackageFieldType>();
  for (const f of m.pathways.lengths) types.set(`${m.pathways.table}.${f}`, 'REAL');
  for (const f of [m.cables.capacity, m.cables.used, m.cables.available]) types.set(`${m.cables.table}.${f}`, 'INTEGER');
  if (m.technicalSites.nraFlag) types.set(`${m.technicalSites.table}.${m.technicalSites.nraFlag}`, 'BOOLEAN');
  return types;
}

/** A table as a GeoPackage layer: a feature layer (EPSG:2154) for a spatial table, an attribute table for the others. */
export function gracethdLayer(table: GracethdTable, types: ReadonlyMap<string, GeoPackageFieldType>): GeoPackageLayer {
  const fields = table.columns.map((name) => ({ name, type: types.get(`${table.name}.${name}`) ?? ('TEXT' as const) }));
  const convert = fields.map((f) =>
    f.type === 'INTEGER' || f.type === 'REAL' ? (v: string) => Number(v) : f.type === 'BOOLEAN' ? (v: string) => v === '1' : (v: string) => v,
  );
  const g = table.geometry;
  const features = table.rows.map((row, i) => {
    const properties: Record<string, GeoPackageValue> = {};
    row.forEach((value, k) => {
      properties[fields[k].name] = value === null ? null : convert[k](value);
    });
    if (!g) return { properties };
    const shape = g.shapes[i];
    return { properties, geometry: g.type === 'Point' ? { type: 'Point' as const, coordinates: shape[0] } : { type: 'LineString' as const, coordinates: shape } };
  });
  return {
    name: table.name,
    fields,
    features,
    ...(g && { geometryType: g.type === 'Point' ? ('POINT' as const) : ('LINESTRING' as const), geometryColumn: g.column, srs: g.srid }),
  };
}

/**
 * Writes an export as a GeoPackage (`writeGeoPackage`, src/io/geopackage.ts): one layer per
 * table, the spatial ones (t_noeud POINT, t_cheminement LINESTRING) in EPSG:2154 with an
 * R-tree, the others as attribute tables; lengths REAL, fibre counts INTEGER, the v3 NRA flag
 * BOOLEAN, every other field TEXT.
 */
export function writeGracethdGeoPackage(file: string, exported: GracethdExport): void {
  const types = gracethdFieldTypes(exportMapping(exported.version));
  writeGeoPackage(file, exported.tables.map((t) => gracethdLayer(t, types)));
}
