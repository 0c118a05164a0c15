/** Minimal types for mbostock's `shapefile` 0.6 (it ships none): the parts this project uses. */
declare module 'shapefile' {
  import type { Feature, Geometry, GeoJsonProperties } from 'geojson';

  type Source = string | ArrayBuffer | Uint8Array;
  interface Options {
    /** Encoding of the .dbf text fields (a WHATWG label); default windows-1252. */
    encoding?: string;
  }
  export interface ShapefileSource {
    bbox: number[];
    read(): Promise<{ done: true; value?: undefined } | { done: false; value: Feature<Geometry | null, GeoJsonProperties> }>;
    cancel(): Promise<void>;
  }
  export function open(shp: Source, dbf?: Source, options?: Options): Promise<ShapefileSource>;
  export function openDbf(
    dbf: Source,
    options?: Options,
  ): Promise<{ read(): Promise<{ done: boolean; value: Record<string, unknown> }>; cancel(): Promise<void> }>;
  export function read(
    shp: Source,
    dbf?: Source,
    options?: Options,
  ): Promise<{ type: 'FeatureCollection'; bbox: number[]; features: Array<Feature<Geometry | null, GeoJsonProperties>> }>;
}
