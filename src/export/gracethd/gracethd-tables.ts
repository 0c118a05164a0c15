import type { Topology } from '../../model/schema.js';
import { exportCodes } from './codes.js';
import { equipmentTables, organisationCodes, organisationTable } from './equipment.js';
import { type LineFits, pathwayTable } from './pathways.js';
import { riskGroupTable } from './risk-groups.js';
import { type ExportLoss, exportLosses } from './round-trip.js';
import { sitePlans } from './site-plan.js';
import { siteTables } from './sites.js';
import { subscriberTable } from './subscribers.js';
import type { GracethdTable } from './table.js';
import { type ExportVersion, exportMapping } from './version.js';

export interface GracethdExport {
  version: ExportVersion;
  /** The importer's label of the version's mapping, e.g. "GraceTHD v3". */
  label: string;
  /** The tables, in a stable order: nodes, sites, rooms, points, pathways, organisations, cables, links, ducts, risk groups, subscribers. */
  tables: GracethdTable[];
  /** v3: how many pathway lines were kept as drawn, or re-drawn to measure their length. */
  lineFits: LineFits;
  /** What the delivery does not carry. */
  losses: ExportLoss[];
  /** The head-ends, to name with `--headend` on import. */
  headends: string[];
}

/**
 * A topology as the tables of a GraceTHD delivery of `version`, every table and field named
 * by the importer's mapping of that version (src/import/gracethd/versions/). Pure: the
 * topology is not changed. See docs/gracethd.md#export for what each element becomes and what
 * is lost.
 *
 * @example
 * const { tables } = gracethdTables(topology, { version: '3' });
 * tables.map((t) => `${t.name}: ${t.rows.length}`);
 */
export function gracethdTables(topology: Topology, options: { version: ExportVersion }): GracethdExport {
  const m = exportMapping(options.version);
  const c = exportCodes(m);
  const plans = sitePlans(topology, m, c);
  const { tables: sites, positions } = siteTables(plans, m, c);
  const organisations = organisationCodes(topology.sections);
  const { table: pathways, fits } = pathwayTable(topology.sections, positions, organisations, m, c);
  const subscribers = subscriberTable(plans, m, c);
  const riskGroups = riskGroupTable(topology.sections, m);
  const tables = [...sites, pathways, organisationTable(organisations, m), ...equipmentTables(topology.sections, organisations, m, c), ...(riskGroups ? [riskGroups] : [])];
  const same = tables.find((t) => t.name === subscribers.name);
  if (same) for (const row of subscribers.rows) same.rows.push(row);
  else tables.push(subscribers);
  const losses = exportLosses(topology, options.version);
  if (fits.lengthened + fits.shortened > 0) {
    losses.push({
      what: `v3 pathway lines re-drawn to measure their section's length (v3 has no length field): ${fits.lengthened} bent into an arc, ${fits.shortened} cut short of their far node (lengthM shorter than the straight line)`,
      count: fits.lengthened + fits.shortened,
      ids: [],
    });
  }
  return { version: options.version, label: m.label, tables, lineFits: fits, losses, headends: topology.sites.filter((s) => s.kind === 'headend').map((s) => s.id) };
}
