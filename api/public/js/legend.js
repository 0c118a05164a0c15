// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { Api } from './api.js' */

/**
 * The legend: one switch per layer with the number of features it draws, the colour key of the
 * current section colouring, and the NRO statuses with their counts. Built from style.js, the
 * tables the map draws with.
 */
import { h, fill, fmt } from './dom.js';
import { IMPACT_CLASSES, LINK_STYLE, LOAD_STATE, NRO_STATUS, ownerColors } from './style.js';

/** @type {Record<string, string>} */
const LAYER_LABELS = {
  sections: 'Sections',
  links: 'Redundancy links (candidates)',
  headend: 'Head-ends',
  pop: 'POPs',
  nro: 'NROs',
  junction: 'Junctions',
  labels: 'Names of head-ends and POPs',
  background: 'Area covered',
};

const MODES = { saturation: 'saturation state', owner: 'conduit owner', impact: 'single-cut impact' };

export class Legend {
  /**
   * `onToggle(layer, on)`, `onMode(mode)`.
   * @param {HTMLElement} container
   * @param {{ onToggle: (layer: string, on: boolean) => void, onMode: (mode: string) => void }} handlers
   */
  constructor(container, { onToggle, onMode }) {
    this.container = container;
    this.onToggle = onToggle;
    this.onMode = onMode;
    this.mode = 'saturation';
    /** The topology the legend describes; `render` sets it before anything reads it. */
    this.model = /** @type {NetworkModel} */ (/** @type {unknown} */ (null));
    /** @type {Api['offers'] | undefined} */
    this.offers = undefined;
    this.key = h('ul');
  }

  /**
   * @param {NetworkModel} model
   * @param {{ visible: Set<string>, areaKm2?: number }} view
   * @param {Api['offers']} offers
   */
  render(model, view, offers) {
    this.model = model;
    this.offers = offers;
    if (!offers.saturation && this.mode === 'saturation') this.mode = 'owner';
    /** @param {string} key */
    const count = (key) => {
      if (key === 'sections') return model.sections.size;
      if (key === 'links') return model.links.size;
      if (key === 'labels' || key === 'background') return null;
      return [...model.sites.values()].filter((s) => s.kind === key).length;
    };
    /** @type {(key: string, swatch: HTMLElement, extra?: HTMLElement | null) => HTMLElement} */
    const row = (key, swatch, extra = null) => {
      const id = `layer-${key}`;
      const n = count(key);
      return h('li', { className: 'fr-legend-layer' },
        h('input', { type: 'checkbox', id, checked: view.visible.has(key), onchange: (/** @type {Event} */ e) => this.onToggle(key, /** @type {HTMLInputElement} */ (e.target).checked) }),
        h('label', { for: id }, swatch, ` ${LAYER_LABELS[key]}`, n === null ? '' : h('span', { className: 'fr-count', dataset: { count: key } }, fmt(n))),
        extra);
    };
    const sites = [...model.sites.values()];
    /** @type {Record<string, number>} */
    const statusCounts = {};
    for (const s of sites) if (s.kind === 'nro') statusCounts[model.nroStatus(s.id)] = (statusCounts[model.nroStatus(s.id)] ?? 0) + 1;
    const select = h('select', { id: 'color-mode', onchange: (/** @type {Event} */ e) => this.setMode(/** @type {HTMLSelectElement} */ (e.target).value) },
      Object.entries(MODES).map(([value, text]) => h('option', { value, selected: value === this.mode, disabled: value === 'saturation' && !offers.saturation }, text)));
    this.key = h('ul', { className: 'fr-key', 'aria-label': 'colours of the sections' });
    fill(this.container,
      h('div', { className: 'fr-legend-columns' },
        h('ul', { className: 'fr-legend-layers' },
          h('li', { className: 'fr-legend-mode' }, h('label', { for: 'color-mode' }, 'Colour sections by'), select),
          row('sections', h('span', { className: 'fr-swatch fr-swatch--line', 'aria-hidden': 'true' }), this.key),
          offers.saturation ? null : h('li', { className: 'fr-note' }, 'Saturation: this server does not offer it.')),
        h('ul', { className: 'fr-legend-layers' },
          row('headend', h('span', { className: 'fr-icon fr-icon--headend fr-swatch-icon', 'aria-hidden': 'true' })),
          row('pop', h('span', { className: 'fr-icon fr-icon--pop fr-swatch-icon', 'aria-hidden': 'true' })),
          row('nro', h('span', { className: 'fr-swatch fr-swatch--dot', 'aria-hidden': 'true' }),
            h('ul', { className: 'fr-key', 'aria-label': 'NRO status' },
              Object.entries(NRO_STATUS).filter(([status]) => statusCounts[status]).map(([status, { color, label }]) =>
                h('li', { dataset: { status } }, h('span', { className: 'fr-swatch fr-swatch--dot', 'aria-hidden': 'true', dataset: { color } }), ` ${label} `,
                  h('span', { className: 'fr-count' }, fmt(statusCounts[status])))))),
          row('junction', h('span', { className: 'fr-swatch fr-swatch--junction', 'aria-hidden': 'true' }))),
        h('ul', { className: 'fr-legend-layers' },
          row('links', h('span', { className: 'fr-swatch fr-swatch--link', 'aria-hidden': 'true' })),
          row('labels', h('span', { className: 'fr-swatch fr-swatch--label', 'aria-hidden': 'true' }, 'Aa')),
          row('background', h('span', { className: 'fr-swatch fr-swatch--area', 'aria-hidden': 'true' }),
            view.areaKm2 ? h('div', { className: 'fr-note' }, `outline ≈ ${fmt(view.areaKm2)} km² around the sites; graticule`) : null)),
      ),
    );
    paintSwatches(this.container);
    this.renderKey();
  }

  /** @param {string} mode */
  setMode(mode) {
    this.mode = mode;
    this.onMode(mode);
    this.renderKey();
  }

  /** The colour key of the current section colouring, plus the line styles common to all. */
  renderKey() {
    const m = this.model;
    /** @type {{ color: string | undefined, text: string, n: number, state?: string }[]} */
    let entries;
    if (this.mode === 'owner') {
      const colors = ownerColors(m.owners);
      /** @param {string} owner */
      const n = (owner) => [...m.sections.values()].filter((s) => s.owner === owner).length;
      entries = m.owners.map((o) => ({ color: colors.get(o), text: o, n: n(o) }));
    } else if (this.mode === 'impact') {
      entries = IMPACT_CLASSES.map((c, i) => ({
        color: c.color, text: `${c.label}`,
        n: [...m.sectionImpact.values()].filter((s) => s.subscribersCut >= c.min && (i === 0 || s.subscribersCut < IMPACT_CLASSES[i - 1].min)).length,
      }));
    } else {
      /** @type {Record<string, number>} */
      const counts = {};
      for (const s of m.sections.values()) counts[String(m.loadState(s.id))] = (counts[String(m.loadState(s.id))] ?? 0) + 1;
      entries = Object.entries(LOAD_STATE).filter(([state]) => counts[state]).map(([state, { color, label }]) => ({ color, text: label, n: counts[state], state }));
    }
    fill(this.key,
      entries.map((e) => h('li', { dataset: e.state ? { state: e.state } : {} },
        h('span', { className: 'fr-swatch fr-swatch--line', 'aria-hidden': 'true', dataset: { color: e.color } }), ` ${e.text} `, h('span', { className: 'fr-count' }, fmt(e.n)))),
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--line fr-swatch--thick', 'aria-hidden': 'true' }), ` thick: critical (a bridge) `, h('span', { className: 'fr-count' }, fmt(m.bridges.size))),
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--line fr-swatch--dashed', 'aria-hidden': 'true' }), ' dashed: planned'),
    );
    paintSwatches(this.key);
  }
}

/**
 * Swatch colours go through the CSSOM (allowed by the Content-Security-Policy, unlike style attributes).
 * @param {HTMLElement} root
 */
function paintSwatches(root) {
  for (const el of root.querySelectorAll('[data-color]')) {
    if (!(el instanceof HTMLElement)) continue;
    if (el.classList.contains('fr-swatch--dot')) el.style.backgroundColor = String(el.dataset.color);
    else el.style.borderTopColor = String(el.dataset.color);
  }
  for (const el of root.querySelectorAll('.fr-swatch--link')) if (el instanceof HTMLElement) el.style.borderTopColor = LINK_STYLE.color;
}
