import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import type { ExportCodes } from './codes.js';
import { codes, type SitePlan } from './site-plan.js';
import { type GracethdTable, newTable, plain } from './table.js';

/**
 * The subscribers of every site, one row each, as the importer counts them: v2 subscriber
 * units (t_suf) on the site's node; v3 subscriber premises (t_local of type RES) in the
 * site's technical site (v3 has no unit table: the rows go to t_local, beside the
 * technical rooms).
 */
export function subscriberTable(plans: readonly SitePlan[], m: GracethdMapping, c: ExportCodes): GracethdTable {
  const sub = m.subscribers;
  if (sub.from === 'units') {
    const units = newTable(sub.table, [sub.code, sub.node]);
    for (const { site } of plans) {
      for (let i = 1; i <= (site.subscribers ?? 0); i++) units.add({ [sub.code]: codes.subscriberUnit(site.id, i), [sub.node]: site.id });
    }
    return plain(units);
  }
  const lc = m.locals!;
  const rooms = newTable(lc.table, [lc.code, lc.site, lc.typelog]);
  for (const { site, technicalSite } of plans) {
    const n = site.subscribers ?? 0;
    if (n > 0 && !technicalSite) throw new Error(`exportGracethd: site ${site.id} has subscribers but no technical site to hold them`);
    for (let i = 1; i <= n; i++) rooms.add({ [lc.code]: codes.subscriberRoom(site.id, i), [lc.site]: technicalSite!.code, [lc.typelog]: c.subscriberRoom! });
  }
  return plain(rooms);
}
