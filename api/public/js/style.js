// @ts-check
/**
 * How each element is drawn: colours, line weights and dashes, marker sizes. The legend is
 * built from the same tables, so what it says is what the map draws.
 */

export const NRO_STATUS = {
  secured: { color: '#2b8a3e', label: 'secured (2 disjoint paths)' },
  'single-homed': { color: '#e8590c', label: 'single-homed (one cut isolates it)' },
  isolated: { color: '#c92a2a', label: 'isolated (no path to a head-end)' },
  'not analysed': { color: '#adb5bd', label: 'not analysed (planned)' },
};

export const SITE_KIND = {
  headend: { label: 'head-end', shape: 'square' },
  pop: { label: 'POP', shape: 'diamond' },
  nro: { label: 'NRO (size: subscribers)', shape: 'circle' },
  junction: { label: 'junction / chamber', shape: 'dot' },
};

export const LOAD_STATE = {
  saturated: { color: '#e03131', label: 'saturated (≥ 100 %)' },
  near: { color: '#f59f00', label: 'near saturation (≥ 80 %)' },
  ok: { color: '#4a6fa5', label: 'below 80 %' },
  unknown: { color: '#868e96', label: 'capacity unknown' },
  'not analysed': { color: '#ced4da', label: 'not analysed (planned)' },
};

// No purple: it is the colour of the candidate links.
const OWNER_PALETTE = ['#1971c2', '#e67700', '#2f9e44', '#c2255c', '#0c8599', '#8f6a00', '#5c940d', '#a61e4d'];
const NO_OWNER = /^(divers|unknown|inconnu|autres?)$/i;

/**
 * A stable colour per owner, in the order of the sorted owner list; grey for "divers" or "unknown".
 * @param {readonly string[]} owners
 * @returns {Map<string, string>}
 */
export function ownerColors(owners) {
  let next = 0;
  return new Map(owners.map((o) => [o, NO_OWNER.test(o) ? '#868e96' : OWNER_PALETTE[next++ % OWNER_PALETTE.length]]));
}

/** Single-cut impact classes: subscribers cut when this section alone fails. */
export const IMPACT_CLASSES = [
  { min: 10000, color: '#c92a2a', label: '≥ 10 000 subscribers' },
  { min: 3000, color: '#f76707', label: '3 000 – 9 999' },
  { min: 1, color: '#fab005', label: '1 – 2 999' },
  { min: 0, color: '#74c0fc', label: 'none (redundant)' },
];

/**
 * The colour of the impact class of `subscribers` (every count ≥ 0 has one).
 * @param {number} subscribers
 */
export const impactColor = (subscribers) => /** @type {{ color: string }} */ (IMPACT_CLASSES.find((c) => subscribers >= c.min)).color;

export const PLANNED_DASH = '10 7';
/** @type {{ color: string } & import('leaflet').PolylineOptions} */
export const LINK_STYLE = { color: '#7048e8', weight: 3, dashArray: '2 7', lineCap: 'round', opacity: 0.95 };
/** `dashArray: null` takes a dash off a line Leaflet already drew. @type {PathStyle} */
export const SELECTED_LINK_STYLE = { color: '#7048e8', weight: 5, dashArray: null, opacity: 1 };

export const CUT_COLORS = {
  failed: '#212529',
  isolated: '#c92a2a',
  rerouted: '#1098ad',
  saturating: '#e03131',
  critical: '#d6336c',
};

/**
 * Leaflet path options, with `dashArray: null` for a solid line (which Leaflet's types leave out).
 * @typedef {Omit<import('leaflet').PolylineOptions, 'dashArray'> & { dashArray?: string | null }} PathStyle
 */

/**
 * Radius of an NRO marker: its area grows with its subscribers.
 * @param {number} subscribers
 * @param {number} max
 */
export function nroRadius(subscribers, max) {
  return 4 + 10 * Math.sqrt(Math.max(0, subscribers) / max);
}

/**
 * The colour of a section for the chosen colouring (`saturation`, `owner` or `impact`).
 * Without saturation figures the saturation colouring falls back to neutral.
 * @param {import('./model.js').NetworkModel} model
 * @param {import('./types.js').Section} section
 * @param {string} mode
 * @param {Map<string, string>} owners
 * @returns {string}
 */
export function sectionColor(model, section, mode, owners) {
  if (mode === 'owner') return owners.get(section.owner) ?? '#495057';
  if (mode === 'impact') {
    const impact = model.sectionImpact.get(section.id);
    return impact ? impactColor(impact.subscribersCut) : LOAD_STATE['not analysed'].color;
  }
  const state = model.loadState(section.id);
  return state ? LOAD_STATE[state].color : '#5c7cfa';
}

/**
 * Leaflet path options of a section line.
 * @param {import('./model.js').NetworkModel} model
 * @param {import('./types.js').Section} section
 * @param {string} mode
 * @param {Map<string, string>} owners
 * @returns {PathStyle}
 */
export function sectionStyle(model, section, mode, owners) {
  const bridge = model.bridges.has(section.id);
  return {
    color: sectionColor(model, section, mode, owners),
    weight: bridge ? 5 : 3,
    opacity: 0.9,
    dashArray: model.status(section) === 'planned' ? PLANNED_DASH : null,
    lineCap: 'butt',
  };
}
