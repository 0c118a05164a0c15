// @ts-check
/** Small DOM and formatting helpers shared by the panels. */

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
  el.replaceChildren();
  append(el, children);
  return el;
}

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/**
 * `128800` → `128 800` (French grouping, as the source documents write figures).
 * @param {number | null | undefined} n
 */
export const fmt = (n) => (n === null || n === undefined || Number.isNaN(n) ? '–' : integer.format(n));
/**
 * Metres as km with one decimal: `15011` → `15,0 km`.
 * @param {number} m
 */
export const km = (m) => `${(m / 1000).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`;
/**
 * Euros: `375265` → `375 265 €`.
 * @param {number | null | undefined} x
 */
export const eur = (x) => `${fmt(x)} €`;
/**
 * A ratio as a percentage: `0.873` → `87 %`.
 * @param {number | null | undefined} r
 */
export const pct = (r) => (r === null || r === undefined ? '–' : `${Math.round(r * 100)} %`);

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
