import { importError, type Tables } from './tables.js';
import { type GracethdVersion, MAPPINGS } from './versions/index.js';

/**
 * Which GraceTHD version a delivery is, from the names of its tables and fields. GraceTHD
 * deliveries carry no version table nor metadata field (none is defined by the v2 or v3
 * scripts), so the evidence is structural:
 *
 * * v3 tables (t_site, t_local, t_cab_chem, and the génie civil tables t_pointaccueil,
 *   t_tranchee, t_point_leve) → `3.x`;
 * * the `*_patch201` / `*_patch202` tables that v2.0.2 adds → `2.0.2`;
 * * v2 tables (t_sitetech, t_suf, t_conduite, t_cond_chem, t_cab_cond, t_ltech) or v2 fields
 *   (nd_type, cm_long, cm_lgreel) without patch tables → `2.0.1` (a 2.0.2 delivery that
 *   leaves out its patch tables reads the same: the tables read are identical);
 * * only tables common to every version with no telling field → `2.0.1`, low confidence;
 * * v3 tables beside v2 ones → `unknown-version`: not one delivery of one version.
 */
export interface VersionDetection {
  version: GracethdVersion;
  /** `forced`: named by the caller (`--gracethd-version`), whatever the delivery looks like. */
  confidence: 'high' | 'medium' | 'low' | 'forced';
  /** The rule applied, in one sentence, naming the tables or fields that decided. */
  why: string;
}

/** Fields that only v2 has on the tables every version shares. */
const V2_FIELDS: ReadonlyArray<readonly [string, string]> = [
  ['t_noeud', 'nd_type'],
  ['t_cheminement', 'cm_long'],
  ['t_cheminement', 'cm_lgreel'],
];

/**
 * The version of a delivery, or the version `forced` names.
 *
 * @throws TopologyError `unknown-version` when the delivery mixes tables of v2 and v3.
 * @example
 * detectVersion({ t_noeud, t_cheminement, t_site, t_cab_chem }).version; // '3.x'
 */
export function detectVersion(tables: Tables, forced?: GracethdVersion): VersionDetection {
  const present = Object.keys(tables).filter((name) => tables[name] !== undefined);
  const has = (names: readonly string[]) => names.filter((n) => present.includes(n)).sort();
  const v3 = has(MAPPINGS['3.x'].markerTables);
  const v2 = has(MAPPINGS['2.0.1'].markerTables);
  const patches = has(MAPPINGS['2.0.2'].markerTables);
  const v2Fields = V2_FIELDS.filter(([t, f]) => fieldsOf(tables, t).includes(f)).map(([t, f]) => `${t}.${f}`);
  if (forced !== undefined) {
    return { version: forced, confidence: 'forced', why: `forced to ${forced} by --gracethd-version (tables found: ${present.sort().join(', ') || 'none'})` };
  }
  if (v3.length > 0 && v2.length + patches.length > 0) {
    throw importError(
      `cannot tell the GraceTHD version: the delivery holds tables of v3 (${v3.join(', ')}) and of v2 (${[...v2, ...patches].join(', ')}); ` +
        `tables found: ${present.sort().join(', ')}. Give one delivery, or force the version with --gracethd-version 2.0.1|2.0.2|3.x`,
      'unknown-version',
    );
  }
  if (v3.length > 0) {
    return { version: '3.x', confidence: v3.length >= 2 ? 'high' : 'medium', why: `v3 tables present (${v3.join(', ')})` };
  }
  if (patches.length > 0) {
    return { version: '2.0.2', confidence: 'high', why: `v2.0.2 patch tables present (${patches.join(', ')})` };
  }
  if (v2.length + v2Fields.length > 0) {
    return {
      version: '2.0.1',
      confidence: v2.length > 0 ? 'medium' : 'low',
      why: `v2 tables or fields present (${[...v2, ...v2Fields].join(', ')}) and no *_patch201/*_patch202 table of v2.0.2`,
    };
  }
  return {
    version: '2.0.1',
    confidence: 'low',
    why: present.length
      ? `only tables every version shares (${present.sort().join(', ')}), with no field of one version: read as 2.0.1`
      : 'no GraceTHD table found: read as 2.0.1',
  };
}

/** The field names of a table (from its first row), or none. */
function fieldsOf(tables: Tables, name: string): string[] {
  const first = tables[name]?.rows[0];
  return first ? Object.keys(first) : [];
}

/** Parses a `--gracethd-version` value: `2.0.1`, `2.0.2`, `3`, `3.x`, `3.0`, `3.0.1`, `3.1` (a leading `v` allowed). */
export function parseGracethdVersion(text: string): GracethdVersion {
  const v = text.trim().toLowerCase().replace(/^v/, '');
  if (v === '2.0.1' || v === '2.0.2') return v;
  if (/^3(\.x|\.0|\.0\.1|\.1)?$/.test(v)) return '3.x';
  throw importError(`--gracethd-version ${text}: not a version the importer reads (2.0.1, 2.0.2, 3.x)`, 'unknown-version');
}
