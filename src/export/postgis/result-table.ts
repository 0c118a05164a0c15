import type { LineString, MultiLineString, Point } from 'geojson';

/** The PostgreSQL types of the result columns. */
export type ColumnType = 'text' | 'integer' | 'double precision' | 'boolean' | 'text[]' | 'integer[]' | 'double precision[]';

export interface ResultColumn {
  /** A lower-case SQL identifier. */
  name: string;
  type: ColumnType;
  /** What it holds, in one phrase: the column's comment, which QGIS shows. */
  comment: string;
}

/** The geometry type of every row of a table (one per table, as QGIS and GDAL expect). */
export type ResultGeometryType = 'Point' | 'LineString' | 'MultiLineString';

/** A row: a value per column (null when unknown), and its geometry in WGS84 (CRS84), or null. */
export interface ResultRow {
  values: Readonly<Record<string, string | number | boolean | null | readonly (string | number)[]>>;
  geometry: Point | LineString | MultiLineString | null;
}

/**
 * One result table as it is written to PostGIS: its columns, its primary key, its rows, and one
 * geometry type written twice, `geom_2154` (Lambert-93) and `geom_4326` (WGS84).
 */
export interface ResultTable {
  /** A lower-case SQL identifier: the table's name in the target schema. */
  name: string;
  /** The table's comment (QGIS shows it as the layer's abstract). */
  comment: string;
  geometry: ResultGeometryType;
  /** The columns of the primary key, in order. */
  key: readonly string[];
  columns: readonly ResultColumn[];
  rows: readonly ResultRow[];
}

/** The geometry columns of every result table, and their SRIDs. */
export const GEOMETRY_COLUMNS = [
  { name: 'geom_2154', srid: 2154 },
  { name: 'geom_4326', srid: 4326 },
] as const;

/**
 * A column of a result table.
 *
 * @example
 * column('subscribers', 'integer', 'subscribers (prises) served'); // { name: 'subscribers', type: 'integer', comment: … }
 */
export const column = (name: string, type: ColumnType, comment: string): ResultColumn => ({ name, type, comment });
