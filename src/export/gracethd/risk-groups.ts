import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import type { Section } from '../../model/schema.js';
import { type GracethdTable, newTable, plain } from './table.js';

/**
 * fibre-resilience's risk-group table (`fibre_risk_group`: `rg_code`, `rg_cm_code`): one row per
 * risk group of each section, the section's pathway by its code. GraceTHD has no table that
 * says which pathways share a trench, so the groups travel in this one, which GIS tools list
 * as a plain attribute table and the importer reads back. None when no section has a group.
 *
 * @example
 * riskGroupTable([{ id: 'S-1', riskGroups: ['trench-D925'], … }], mapping)?.rows; // [['trench-D925', 'S-1']]
 */
export function riskGroupTable(sections: readonly Section[], m: GracethdMapping): GracethdTable | undefined {
  const rg = m.riskGroups;
  const t = newTable(rg.table, [rg.group, rg.pathway]);
  for (const s of sections) for (const group of s.riskGroups ?? []) t.add({ [rg.group]: group, [rg.pathway]: s.id });
  return t.rows.length ? plain(t) : undefined;
}
