// @ts-check
/** @import { NetworkModel } from './model.js' */
/** @import { Api } from './api.js' */

/**
 * The legend: one switch per layer with the number of features it draws, the colour key of the
 * current section colouring, and the NRO statuses with their counts. Built from style.js, the
 * tables the map draws with.
 */
import { h, fill, fmt, localized } from './dom.js';
import { t, tEnum } from './i18n.js';
import { CRITICAL_COLORS, LINK_COLOR, LOAD_STATE, NRO_STATUS, ownerColors } from './style.js';

/** The words of each layer the legend switches. @type {Record<string, import('./messages.js').MessageKey>} */
const LAYER_LABELS = {
  sections: 'layer.sections',
  links: 'layer.links',
  headend: 'layer.headend',
  pop: 'layer.pop',
  nro: 'layer.nro',
  junction: 'layer.junction',
  labels: 'layer.labels',
  density: 'layer.density',
  basemap: 'layer.basemap',
};

/** The section colourings and their words. @type {Record<string, import('./messages.js').MessageKey>} */
const MODES = { saturation: 'mode.saturation', owner: 'mode.owner', critical: 'mode.critical' };

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
   * @param {{ visible: Set<string>, basemap: unknown }} view
   * @param {Api['offers']} offers
   */
  render(model, view, offers) {
    this.model = model;
    this.offers = offers;
    if (!offers.saturation && this.mode === 'saturation') this.mode = 'owner';
    // Written again on a switch of language, with the layers' switches as they are then.
    localized(this.container, () => this.view(view));
  }

  /**
   * The legend's columns for the current model, layers and language.
   * @param {{ visible: Set<string>, basemap: unknown }} view
   */
  view(view) {
    const { model, offers } = this;
    if (!offers) return null;
    const a = model.analysis;
    /** @param {string} key */
    const count = (key) => {
      if (key === 'sections') return a.sections;
      if (key === 'links') return a.candidates.redundancyLinks;
      if (key in a.siteKinds) return a.siteKinds[/** @type {keyof typeof a.siteKinds} */ (key)];
      return null;
    };
    /** @type {(key: string, swatch: HTMLElement, extra?: HTMLElement | null) => HTMLElement} */
    const row = (key, swatch, extra = null) => {
      const id = `layer-${key}`;
      const n = count(key);
      return h('li', { className: 'fr-legend-layer' },
        h('input', { type: 'checkbox', id, checked: view.visible.has(key), onchange: (/** @type {Event} */ e) => this.onToggle(key, /** @type {HTMLInputElement} */ (e.target).checked) }),
        h('label', { for: id }, swatch, ` ${t(LAYER_LABELS[key])}`, n === null ? '' : h('span', { className: 'fr-count', dataset: { count: key } }, fmt(n))),
        extra);
    };
    /** @type {Record<string, number>} */
    const statusCounts = { ...a.nros };
    const select = h('select', { id: 'color-mode', onchange: (/** @type {Event} */ e) => this.setMode(/** @type {HTMLSelectElement} */ (e.target).value) },
      Object.entries(MODES).map(([value, key]) => h('option', { value, selected: value === this.mode, disabled: value === 'saturation' && !offers.saturation }, t(key))));
    this.key = h('ul', { className: 'fr-key', 'aria-label': t('legend.sectionColours') });
    const columns = h('div', { className: 'fr-legend-columns' },
      h('ul', { className: 'fr-legend-layers' },
        h('li', { className: 'fr-legend-mode' }, h('label', { for: 'color-mode' }, t('legend.colourBy')), select),
        row('sections', h('span', { className: 'fr-swatch fr-swatch--line', 'aria-hidden': 'true' }), this.key),
        offers.saturation ? null : h('li', { className: 'fr-note' }, t('legend.noSaturation'))),
      h('ul', { className: 'fr-legend-layers' },
        row('headend', h('span', { className: 'fr-swatch fr-swatch--headend', 'aria-hidden': 'true' })),
        row('pop', h('span', { className: 'fr-swatch fr-swatch--pop', 'aria-hidden': 'true' })),
        row('nro', h('span', { className: 'fr-swatch fr-swatch--dot', 'aria-hidden': 'true' }),
          h('ul', { className: 'fr-key', 'aria-label': t('legend.nroStatus') },
            Object.entries(NRO_STATUS).filter(([status]) => statusCounts[status]).map(([status, { color }]) =>
              h('li', { dataset: { status } }, h('span', { className: 'fr-swatch fr-swatch--dot', 'aria-hidden': 'true', dataset: { color } }), ` ${tEnum('nroStatusLegend', status)} `,
                h('span', { className: 'fr-count' }, fmt(statusCounts[status])))))),
        row('junction', h('span', { className: 'fr-swatch fr-swatch--junction', 'aria-hidden': 'true' }))),
      h('ul', { className: 'fr-legend-layers' },
        row('links', h('span', { className: 'fr-swatch fr-swatch--link', 'aria-hidden': 'true' }),
          h('div', { className: 'fr-note' }, t('legend.linksNote'))),
        row('labels', h('span', { className: 'fr-swatch fr-swatch--label', 'aria-hidden': 'true' }, 'Aa')),
        row('density', h('span', { className: 'fr-swatch fr-swatch--density', 'aria-hidden': 'true' })),
        view.basemap ? row('basemap', h('span', { className: 'fr-swatch fr-swatch--area', 'aria-hidden': 'true' })) : null),
    );
    paintSwatches(columns);
    this.renderKey();
    return columns;
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
    /** @type {{ color: string | undefined, text: string, n: number | null, state?: string }[]} */
    let entries;
    if (this.mode === 'owner') {
      const colors = ownerColors(m.owners);
      entries = m.owners.map((o) => ({ color: colors.get(o), text: o, n: m.ownerSections(o) }));
    } else if (this.mode === 'critical') {
      entries = [
        { color: CRITICAL_COLORS.critical, text: t('section.critical'), n: null },
        { color: CRITICAL_COLORS.other, text: t('legend.notCritical'), n: null },
      ];
    } else {
      /** @type {Record<string, number>} */
      const counts = m.saturation?.sections ?? {};
      entries = Object.entries(LOAD_STATE).filter(([state]) => counts[state]).map(([state, { color }]) => ({ color, text: tEnum('loadStateLegend', state), n: counts[state], state }));
    }
    fill(this.key,
      entries.map((e) => h('li', { dataset: e.state ? { state: e.state } : {} },
        h('span', { className: 'fr-swatch fr-swatch--line', 'aria-hidden': 'true', dataset: { color: e.color } }), ` ${e.text} `, e.n === null ? null : h('span', { className: 'fr-count' }, fmt(e.n)))),
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--line fr-swatch--thick', 'aria-hidden': 'true' }), ` ${t('legend.thick')}`),
      h('li', {}, h('span', { className: 'fr-swatch fr-swatch--line fr-swatch--dashed', 'aria-hidden': 'true' }), ` ${t('legend.dashed')}`),
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
  for (const el of root.querySelectorAll('.fr-swatch--link')) if (el instanceof HTMLElement) el.style.borderTopColor = LINK_COLOR;
}
