/** Small DOM and formatting helpers shared by the panels. */

/**
 * Creates an element: `h('button', { type: 'button', onclick }, 'Reset')`.
 * Attributes starting with `on` are listeners; `dataset` and `aria` objects are spread; `null`,
 * `undefined` and `false` attributes and children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'className') el.className = value;
    else if (key in el && typeof value !== 'string') el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const integer = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });

/** `128800` → `128 800` (French grouping, as the source documents write figures). */
export const fmt = (n) => (n === null || n === undefined || Number.isNaN(n) ? '–' : integer.format(n));
/** Metres as km with one decimal: `15011` → `15,0 km`. */
export const km = (m) => `${(m / 1000).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} km`;
/** Euros: `375265` → `375 265 €`. */
export const eur = (x) => `${fmt(x)} €`;
/** A ratio as a percentage: `0.873` → `87 %`. */
export const pct = (r) => (r === null || r === undefined ? '–' : `${Math.round(r * 100)} %`);

/** A site's or section's readable name: `Abbeville (POP-ABBEVILLE)`. */
export const label = (item) => (item?.name ? `${item.name} (${item.id})` : item?.id ?? '');

/** Calls `fn` once input has paused for `ms`. */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
