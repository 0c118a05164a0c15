import type { XY } from '../../import/gracethd/tables.js';

/** A value as written: text, or null for an empty field. */
export type Cell = string | null;

/**
 * One GraceTHD table as the writers take it: columns named by the version's mapping, rows
 * of cells in the same order, and for a spatial table its geometry column and one Lambert-93
 * (EPSG:2154) geometry per row.
 */
export interface GracethdTable {
  name: string;
  columns: string[];
  rows: Cell[][];
  geometry?: { column: string; type: 'Point' | 'LineString'; srid: 2154; shapes: XY[][] };
}

/** A table with the given columns (undefined ones, fields a version lacks, left out). */
export function newTable(name: string, columns: ReadonlyArray<string | undefined>): GracethdTable & { add(values: Readonly<Record<string, Cell | undefined>>): void } {
  const kept = [...new Set(columns.filter((c): c is string => c !== undefined))];
  const rows: Cell[][] = [];
  return {
    name,
    columns: kept,
    rows,
    add(values) {
      rows.push(kept.map((c) => values[c] ?? null));
    },
  };
}

/** The table without its `add`. */
export const plain = (t: GracethdTable): GracethdTable => ({ name: t.name, columns: t.columns, rows: t.rows, ...(t.geometry && { geometry: t.geometry }) });

/** A cell for a number: its shortest exact decimal text. */
export const num = (n: number | undefined): Cell => (n === undefined ? null : String(n));
