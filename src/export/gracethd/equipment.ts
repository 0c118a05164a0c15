import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import type { Section } from '../../model/schema.js';
import type { ExportCodes } from './codes.js';
import { codes } from './site-plan.js';
import { type GracethdTable, newTable, num, plain } from './table.js';

/** The owners of the sections, sorted, each with its organisation code (t_organisme). */
export function organisationCodes(sections: readonly Section[]): Map<string, string> {
  const owners = [...new Set(sections.map((s) => s.owner))].sort();
  return new Map(owners.map((o, i) => [o, codes.organisation(i)]));
}

/** t_organisme: one organisation per owner, its name the owner. */
export function organisationTable(organisations: ReadonlyMap<string, string>, m: GracethdMapping): GracethdTable {
  const og = m.organisations;
  const t = newTable(og.table, [og.code, og.name]);
  for (const [name, code] of organisations) t.add({ [og.code]: code, [og.name]: name });
  return plain(t);
}

/**
 * The ducts and cables of the sections:
 *
 * * v2: one duct per section (t_conduite, owned — `cd_prop` — by the section's owner) lying in
 *   its pathway (t_cond_chem); one cable per section that has a capacity (t_cable: `cb_capafo`
 *   = capacityFibres, `cb_fo_util` = usedFibres, `cb_fo_disp` the rest), in that duct (t_cab_cond);
 * * v3: no duct table (the owner is on the pathway); the cable lies on the pathway (t_cab_chem).
 *
 * A section without capacityFibres has no cable (its capacity stays unknown on import); its
 * usedFibres, if any, cannot be written (a cable without capacity is not counted).
 */
export function equipmentTables(sections: readonly Section[], organisations: ReadonlyMap<string, string>, m: GracethdMapping, c: ExportCodes): GracethdTable[] {
  const cb = m.cables;
  const cables = newTable(cb.table, [cb.code, cb.ends[0], cb.ends[1], cb.capacity, cb.used, cb.available, cb.typelog]);
  const link = m.cableLinks;
  const placed = newTable(link.table, [link.cable, link.via === 'duct' ? link.duct : link.pathway]);
  const dm = m.ducts;
  const ducts = dm && newTable(dm.table, [dm.code, ...dm.owner]);
  const inPathways = dm && newTable(dm.link.table, [dm.link.duct, dm.link.pathway]);
  for (const s of sections) {
    const duct = codes.duct(s.id);
    if (dm && ducts && inPathways) {
      ducts.add({ [dm.code]: duct, [dm.owner[0]]: organisations.get(s.owner)! });
      inPathways.add({ [dm.link.duct]: duct, [dm.link.pathway]: s.id });
    }
    if (s.capacityFibres === undefined) continue;
    const cable = codes.cable(s.id);
    cables.add({
      [cb.code]: cable,
      [cb.ends[0]]: s.from,
      [cb.ends[1]]: s.to,
      [cb.capacity]: num(s.capacityFibres),
      [cb.used]: num(s.usedFibres),
      [cb.available]: s.usedFibres === undefined ? null : num(s.capacityFibres - s.usedFibres),
      [cb.typelog]: c.infraTypelog,
    });
    placed.add(link.via === 'duct' ? { [link.cable]: cable, [link.duct]: duct } : { [link.cable]: cable, [link.pathway]: s.id });
  }
  const tables = [cables, placed, ...(ducts && inPathways ? [ducts, inPathways] : [])];
  return tables.map(plain);
}
