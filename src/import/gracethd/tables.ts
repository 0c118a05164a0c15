import { TopologyError } from '../../model/errors.js';

/**
 * The parsed form of a GraceTHD delivery that the mapping functions work on: rows of text
 * values keyed by lower-case field name, and for tables that come with a geometry, one
 * Lambert-93 geometry per row. The mapping is pure over this shape, so hand-made fixtures can
 * build it directly.
 */

/** A field value: trimmed text, or null when the field is empty. */
export type Value = string | null;
export type Row = Record<string, Value>;

/** A Lambert-93 position in metres. */
export type XY = [number, number];

export interface Table {
  /** The file the rows were read from, e.g. `t_cheminement.dbf`. */
  file: string;
  rows: Row[];
  /** When the table has a geometry: `shapes[i]` is row i's points (one for a point), or null. */
  shapes?: Array<XY[] | null>;
}

/**
 * The tables of a delivery by lower-case name (`t_noeud`, `t_site`…). Which tables a version
 * has, and which fields the importer reads in them, is in `versions/` (one mapping per version).
 */
export type Tables = Partial<Record<string, Table>>;

/** Prefix of every error the importer raises. */
export const ERROR_PREFIX = 'importGracethd:';

/**
 * A delivery that cannot be imported at all: exit code 1 on the command line, 400 in the API
 * (413 for `too-large`). Its one problem is at `where.path` (default `$`, the delivery), with
 * `where.id` when given.
 */
export function importError(message: string, code = 'invalid-delivery', where: { path?: string; id?: string } = {}): TopologyError {
  const text = `${ERROR_PREFIX} ${message}`;
  return new TopologyError(text, [{ path: where.path ?? '$', ...(where.id !== undefined && { id: where.id }), code, message: text }]);
}

/** The value of a field, or null; field names are matched in lower case. */
export const field = (row: Row, name: string): Value => row[name] ?? null;

/**
 * A numeric field: null when empty, NaN when not a number. A decimal comma is accepted, as
 * French spreadsheets write it.
 */
export function numberField(row: Row, name: string): number | null {
  const value = field(row, name);
  if (value === null) return null;
  const text = value.replace(',', '.');
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
}
