import type { XY } from '../../import/gracethd/tables.js';
import type { GracethdMapping } from '../../import/gracethd/versions/index.js';
import type { ExportCodes } from './codes.js';
import { siteXY } from './geometry.js';
import type { SitePlan } from './site-plan.js';
import { type GracethdTable, newTable, plain } from './table.js';

/**
 * The node, technical-site, room and technical-point tables of the sites (t_noeud; v2
 * t_sitetech and t_ptech; v3 t_site and the technical rooms of t_local). Nodes carry the
 * sites' positions in Lambert-93; the other tables no geometry (GraceTHD places them by their
 * node). Returns the node positions too, for the pathways.
 */
export function siteTables(plans: readonly SitePlan[], m: GracethdMapping, c: ExportCodes): { tables: GracethdTable[]; positions: Map<string, XY> } {
  const nm = m.nodes;
  const nodes = newTable(nm.table, [nm.code, nm.type]);
  const shapes: XY[][] = [];
  const positions = new Map<string, XY>();
  const ts = m.technicalSites;
  const sites = newTable(ts.table, [ts.code, ts.node, ts.name, ts.typelog, ts.nraFlag]);
  const tp = m.technicalPoints;
  const points = newTable(tp.table, [tp.code, tp.node, tp.label, tp.typephy]);
  const lc = m.locals;
  const rooms = lc && newTable(lc.table, [lc.code, lc.site, lc.typelog]);
  for (const plan of plans) {
    const id = plan.site.id;
    const xy = siteXY(plan.site);
    positions.set(id, xy);
    nodes.add({ [nm.code]: id });
    shapes.push([xy]);
    const st = plan.technicalSite;
    if (st) {
      sites.add({
        [ts.code]: st.code,
        [ts.node]: id,
        [ts.name]: st.name,
        [ts.typelog]: st.typelog,
        ...(ts.nraFlag !== undefined && { [ts.nraFlag]: st.nra ? '1' : '0' }),
      });
    }
    if (plan.room && rooms && lc) rooms.add({ [lc.code]: plan.room.code, [lc.site]: st!.code, [lc.typelog]: plan.room.typelog });
    if (plan.point) points.add({ [tp.code]: plan.point.code, [tp.node]: id, [tp.label]: plan.point.label, [tp.typephy]: c.pointType });
  }
  const noeud: GracethdTable = { name: nodes.name, columns: nodes.columns, rows: nodes.rows, geometry: { column: m.geometryColumns[0], type: 'Point', srid: 2154, shapes } };
  const tables: GracethdTable[] = [noeud, plain(sites)];
  if (rooms) tables.push(plain(rooms));
  if (points.rows.length > 0 || !m.locals) tables.push(plain(points));
  return { tables, positions };
}

