// @ts-check
/**
 * How each element is drawn: colours, line weights and dashes, marker sizes. The legend is
 * built from the same tables, so what it says is what the map draws; its words are in messages.js.
 */

/** The colours of the NROs by status (their words: messages.js, `enum.nroStatusLegend.*`). */
export const NRO_STATUS = {
  secured: { color: '#2b8a3e' },
  'single-homed': { color: '#e8590c' },
  isolated: { color: '#c92a2a' },
  'not analysed': { color: '#adb5bd' },
};

/** The colours of the sections by saturation state (their words: messages.js, `enum.loadStateLegend.*`). */
export const LOAD_STATE = {
  saturated: { color: '#e03131' },
  near: { color: '#f59f00' },
  ok: { color: '#4a6fa5' },
  unknown: { color: '#868e96' },
  'not analysed': { color: '#ced4da' },
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

export const LINK_COLOR = '#7048e8';

export const CUT_COLORS = {
  failed: '#212529',
  isolated: '#c92a2a',
  rerouted: '#1098ad',
  saturating: '#e03131',
  critical: '#d6336c',
};

/** The colour of a section coloured by criticality: critical (a bridge for some NRO) or not. */
export const CRITICAL_COLORS = { critical: '#c2255c', other: '#74c0fc' };
