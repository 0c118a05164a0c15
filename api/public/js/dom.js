// @ts-check
/** Small DOM and formatting helpers shared by the panels; the numbers are written in the map's language. */
import { locale, onLanguage } from './i18n.js';

/** What `h` and `fill` take as children: nodes, text, numbers, and lists of them; `null`, `undefined` and `false` are skipped. */
/** @typedef {Node | string | number | boolean | null | undefined | ChildList} Child */
/** @typedef {Child[]} ChildList */

/**
 * Creates an element: `h('button', { type: 'button', onclick }, 'Reset')`.
 * Attributes starting with `on` are listeners; `dataset` and `aria` objects are spread; `null`,
 * `undefined` and `false` attributes and children are skipped.
 * @template {keyof HTMLElementTagNameMap} K
 * @param {K} tag
 * @param {Record<string, any> | null} [attrs]
 * @param {Child[]} children
 * @returns {HTMLElementTagNameMap[K]}
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'className') el.className = value;
    else if (key in el && typeof value !== 'string') /** @type {any} */ (el)[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/**
 * @param {Element} el
 * @param {Child[]} children
 */
function append(el, children) {
  for (const child of /** @type {any[]} */ (children).flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/**
 * Replaces an element's children.
 * @template {Element} E
 * @param {E} el
 * @param {Child[]} children
 * @returns {E}
 */
export function fill(el, ...children) {
  views.delete(el);
  el.replaceChildren();
  append(el, children);
  return el;
}

/** @type {Map<string, Intl.NumberFormat>} */
const formats = new Map();
/**
 * A number format of the current language, made once.
 * @param {string} name
 * @param {Intl.NumberFormatOptions} options
 */
function format(name, options) {
  const key = `${locale()}/${name}`;
  if (!formats.has(key)) formats.set(key, new Intl.NumberFormat(locale(), options));
  return /** @type {Intl.NumberFormat} */ (formats.get(key));
}
/** @param {number | null | undefined} n */
const missing = (n) => n === null || n === undefined || Number.isNaN(n);

/**
 * A whole number in the map's language: `128800` → `128 800` in French, `128,800` in English.
 * @param {number | null | undefined} n
 * @example fmt(128800); // '128 800' (fr)
 */
export const fmt = (n) => (missing(n) ? '–' : format('integer', { maximumFractionDigits: 0 }).format(/** @type {number} */ (n)));
/**
 * A number with at most `digits` decimals: `decimal(12.345, 1)` → `12,3` in French.
 * @param {number} x
 * @param {number} digits
 * @example decimal(12.345, 1); // '12,3' (fr)
 */
export const decimal = (x, digits) => format(`decimal${digits}`, { maximumFractionDigits: digits }).format(x);
/**
 * Metres as km with one decimal: `15011` → `15,0 km` in French, `15.0 km` in English.
 * @param {number} m
 * @example km(15011); // '15,0 km' (fr)
 */
export const km = (m) => format('km', { style: 'unit', unit: 'kilometer', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(m / 1000);
/**
 * Euros, whole: `375265` → `375 265 €` in French, `€375,265` in English.
 * @param {number | null | undefined} x
 * @example eur(375265); // '375 265 €' (fr)
 */
export const eur = (x) => (missing(x) ? '–' : format('eur', { style: 'currency', currency: 'EUR', maximumFractionDigits: 0, minimumFractionDigits: 0 }).format(/** @type {number} */ (x)));
/**
 * A ratio as a percentage with at most one decimal: `0.875` → `87,5 %` in French, `87.5%` in English.
 * @param {number | null | undefined} r
 * @example pct(0.875); // '87,5 %' (fr)
 */
export const pct = (r) => (missing(r) ? '–' : format('percent', { style: 'percent', maximumFractionDigits: 1 }).format(/** @type {number} */ (r)));

/**
 * A site's or section's readable name: `Abbeville (POP-ABBEVILLE)`.
 * @param {{ id: string, name?: string } | null | undefined} item
 */
export const label = (item) => (item?.name ? `${item.name} (${item.id})` : item?.id ?? '');

/**
 * The element `selector` finds under `root`, which the page always has: a missing one is a bug.
 * @param {ParentNode} root
 * @param {string} selector
 * @returns {HTMLElement}
 */
export function find(root, selector) {
  const el = root.querySelector(selector);
  if (!el) throw new Error(`The page has no ${selector}.`);
  return /** @type {HTMLElement} */ (el);
}

/**
 * Calls `fn` once input has paused for `ms`.
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {(...args: A) => void}
 */
export function debounce(fn, ms) {
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** What each element shows, as a function of the language, for the elements filled by `localized`. @type {Map<Element, () => Child>} */
const views = new Map();

/**
 * Fills an element with what `render` gives, and again after every switch of language (while
 * the element is in the page): `render` reads the panel's state and calls `t`. A later `fill`
 * of the element forgets it.
 * @template {Element} E
 * @param {E} el
 * @param {() => Child} render
 * @returns {E}
 * @example localized(find(panel, '[data-part="plan"]'), () => planView(plan));
 */
export function localized(el, render) {
  fill(el, render());
  views.set(el, render);
  return el;
}

onLanguage(() => {
  for (const [el, render] of [...views]) {
    if (!el.isConnected) views.delete(el);
    else if (views.get(el) === render) localized(el, render);
  }
});
