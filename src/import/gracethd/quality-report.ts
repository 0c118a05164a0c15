/**
 * The data-quality report of a GraceTHD import: every defect found, by kind, with the ids
 * concerned. Nothing is fixed silently: whatever the importer assumed, snapped, re-oriented
 * or dropped is here.
 */

/** `error`: data left out of the topology; `warning`: data assumed or repaired; `info`: noted. */
export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'missing-table'
  | 'encoding-assumed'
  | 'unexpected-crs'
  | 'duplicate-code'
  | 'missing-code'
  | 'node-without-geometry'
  | 'end-node-empty'
  | 'end-node-unknown'
  | 'self-loop'
  | 'geometry-reversed'
  | 'geometry-end-far'
  | 'multipart-geometry'
  | 'length-from-cm_long'
  | 'length-from-geometry'
  | 'no-length'
  | 'invalid-number'
  | 'status-assumed'
  | 'pathway-out-of-service'
  | 'node-on-no-pathway'
  | 'unknown-code'
  | 'unknown-reference'
  | 'owner-unknown'
  | 'owner-mixed'
  | 'cable-without-ends'
  | 'cable-not-in-duct'
  | 'capacity-unknown'
  | 'use-from-available'
  | 'use-over-capacity'
  | 'subscribers-off-network'
  | 'no-headend'
  | 'unreachable-from-headend';

/** One element concerned by a finding. */
export interface FindingItem {
  /** The GraceTHD code of the element (cm_code, nd_code, cb_code…). */
  id: string;
  /** What is wrong with it and what the importer did. */
  detail: string;
  /** A node the item was snapped to or compared with. */
  node?: string;
  /** A distance in metres, rounded to the centimetre. */
  distanceM?: number;
}

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** The table (and field) where the defect lies, e.g. `t_cheminement.cm_ndcode1`. */
  where: string;
  /** One sentence: the defect and the rule applied. */
  message: string;
  count: number;
  /** The ids concerned, sorted, without repeats. */
  ids: string[];
  items: FindingItem[];
}

/** Collects findings; items of the same code and place are grouped into one finding. */
export class FindingCollector {
  private readonly byKey = new Map<string, Finding>();

  add(code: FindingCode, severity: Severity, where: string, message: string, item?: FindingItem): void {
    const key = `${code}|${where}|${severity}`;
    let finding = this.byKey.get(key);
    if (!finding) {
      finding = { code, severity, where, message, count: 0, ids: [], items: [] };
      this.byKey.set(key, finding);
    }
    if (item) finding.items.push({ ...item, ...(item.distanceM !== undefined && { distanceM: round2(item.distanceM) }) });
  }

  /** The findings, errors first, then warnings, then notes; items in order of their ids. */
  findings(): Finding[] {
    const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
    return [...this.byKey.values()]
      .map((f) => {
        const unique = new Map(f.items.map((i) => [`${i.id}|${i.detail}`, i]));
        const items = [...unique.values()].sort((a, b) => compare(a.id, b.id));
        const ids = [...new Set(items.map((i) => i.id))];
        return { ...f, items, ids, count: ids.length };
      })
      .sort((a, b) => rank[a.severity] - rank[b.severity] || compare(a.code, b.code) || compare(a.where, b.where));
  }
}

export const round2 = (value: number) => Math.round(value * 100) / 100;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The counts an import reports, from the delivery and from the topology it produced. */
export interface ImportCounts {
  /** Rows of the delivery's tables. */
  nodes: number;
  pathways: number;
  technicalSites: number;
  technicalPoints: number;
  ducts: number;
  cables: number;
  organisations: number;
  subscriberUnits: number;
  /** What the topology holds. */
  sites: number;
  sections: number;
  sitesByKind: Record<string, number>;
  nros: number;
  owners: string[];
  subscribers: number;
  lengthM: number;
}

export interface ImportReport {
  source: 'GraceTHD';
  /** The GraceTHD version the delivery was read as (`2.0.1`, `2.0.2`, `3.x`). */
  version: string;
  /** Why: the rule of `detect-version.ts` that decided, or that `--gracethd-version` forced it. */
  versionRule: string;
  counts: ImportCounts;
  /** The view of the delivery (docs/gracethd.md, "Views"): `backbone` (NROs stay NROs) or `local` (the NRO is the head-end). */
  view: 'backbone' | 'local';
  /** Why this view: named by `--view`, or the default for the number of NROs. */
  viewRule: string;
  /** What the view keeps: which pathways are sections, where subscribers are counted. */
  viewScope: string;
  /** The head-end site ids, and the rule that chose them (why these). */
  headends: string[];
  headendRule: string;
  /** True when the head-ends are the delivery's NROs (the local view's default). */
  headendsAreNros: boolean;
  tolerances: { snapM: number; endM: number };
  findings: Finding[];
}

/**
 * The report as lines of text for a terminal: first what was read and why (version, view,
 * head-ends), then the counts, then each finding and its ids.
 */
export function formatReport(report: ImportReport, maxItems = 12): string {
  const c = report.counts;
  const kinds = Object.entries(c.sitesByKind)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const heads = report.headends.join(', ') || 'none';
  const lines = [
    `GraceTHD ${report.version} (${report.versionRule}) · view ${report.view} (${report.viewRule}) · head-ends ${heads} (${report.headendRule})`,
    `View ${report.view}: ${report.viewScope}`,
    `GraceTHD delivery: ${c.nodes} nodes, ${c.pathways} pathways, ${c.technicalSites} technical sites, ${c.technicalPoints} technical points, ${c.ducts} ducts, ${c.cables} cables, ${c.organisations} organisations, ${c.subscriberUnits} subscriber units`,
    `Topology: ${c.sites} sites (${kinds || 'none'}), ${c.sections} sections, ${Math.round(c.lengthM)} m, ${c.subscribers} subscribers`,
    `Owners: ${c.owners.join(', ') || 'none'}`,
    `Head-ends: ${heads}; NRO sites: ${c.sitesByKind.nro ?? 0}`,
  ];
  if (report.view === 'backbone') {
    lines.push(
      '  NROs stay NROs, with the subscribers of their area: `analyse` lists each one, single-homed or secured,',
      '  with its critical sections and their owners. For the PMs/SROs behind an NRO, import with --view local.',
    );
  } else if (report.headendsAreNros) {
    lines.push(
      '  The NRO is the head-end, so `analyse` lists no NRO: its cut tables give the subscribers each section or',
      '  site cuts off. To analyse the NRO itself against an upstream site, import with --headend CODE.',
    );
  }
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity] += 1;
  lines.push(
    '',
    report.findings.length
      ? `Data-quality findings: ${counts.error} errors (data left out), ${counts.warning} warnings (data assumed or repaired), ${counts.info} notes`
      : 'Data-quality findings: none',
  );
  for (const f of report.findings) {
    lines.push(`  ${f.severity.toUpperCase().padEnd(7)} ${f.code} (${f.count}) ${f.where}: ${f.message}`);
    const detailed = f.items.filter((i) => i.detail !== '');
    if (detailed.length) {
      for (const item of detailed.slice(0, maxItems)) lines.push(`          ${item.id}: ${item.detail}`);
      if (detailed.length > maxItems) lines.push(`          … and ${detailed.length - maxItems} more (--json lists them all)`);
    } else if (f.ids.length) {
      const shown = f.ids.slice(0, maxItems).join(', ');
      lines.push(`          ${shown}${f.ids.length > maxItems ? `, … and ${f.ids.length - maxItems} more (--json lists them all)` : ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
