import type { XY } from '../../import/gracethd/tables.js';
import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import type { Section } from '../../model/schema.js';
import type { ExportCodes } from './codes.js';
import { type LineFit, lineOfLength, sectionLine } from './geometry.js';
import { type GracethdTable, newTable, num } from './table.js';

/** How many pathway geometries `pathwayTable` kept as drawn, lengthened or shortened. */
export type LineFits = Record<LineFit, number>;

/**
 * The pathways (t_cheminement), one per section, with the section's id as code: ends
 * (`cm_ndcode1`/`cm_ndcode2` = from/to), state of the works (existing E, planned C) and phase
 * (REC, PRO), logical type CO (collecte), the owner's organisation code on the pathway where the
 * version puts it (v3 `cm_prop`), and a Lambert-93 LineString: the section's geometry, else the
 * straight line between its sites.
 *
 * Lengths: v2 pathways carry `lengthM` in every length field (`cm_lgreel`, `cm_long`) and the
 * line as drawn; v3 pathways have no length field, so the line is re-drawn when needed to
 * measure `lengthM` (`lineOfLength`: an arc when longer, cut short when shorter).
 */
export function pathwayTable(
  sections: readonly Section[],
  positions: ReadonlyMap<string, XY>,
  organisations: ReadonlyMap<string, string>,
  m: GracethdMapping,
  c: ExportCodes,
): { table: GracethdTable; fits: LineFits } {
  const pm = m.pathways;
  const t = newTable(pm.table, [pm.code, pm.ends[0], pm.ends[1], ...pm.lengths, pm.statut, pm.state, ...pm.owner, pm.typelog]);
  const shapes: XY[][] = [];
  const fits: LineFits = { kept: 0, lengthened: 0, shortened: 0 };
  const fit = pm.lengths.length === 0;
  for (const s of sections) {
    const status = s.status ?? 'existing';
    const values: Record<string, string | null> = {
      [pm.code]: s.id,
      [pm.ends[0]]: s.from,
      [pm.ends[1]]: s.to,
      [pm.statut]: c.statut[status],
      [pm.state]: c.state[status],
      [pm.typelog]: c.infraTypelog,
    };
    for (const f of pm.lengths) values[f] = num(s.lengthM);
    if (pm.owner.length > 0) values[pm.owner[0]] = organisations.get(s.owner)!;
    t.add(values);
    const line = sectionLine(s, positions.get(s.from)!, positions.get(s.to)!);
    if (fit) {
      const fitted = lineOfLength(line, s.lengthM);
      fits[fitted.fit] += 1;
      shapes.push(fitted.points);
    } else {
      fits.kept += 1;
      shapes.push(line);
    }
  }
  return { table: { name: t.name, columns: t.columns, rows: t.rows, geometry: { column: m.geometryColumns[0], type: 'LineString', srid: 2154, shapes } }, fits };
}
