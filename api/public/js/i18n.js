// @ts-check
/** @import { Language, MessageKey } from './messages.js' */

/**
 * The map's language: French or English, from the browser's languages (`fr*` → French, else
 * English) unless the planner chose one with the FR | EN switch (remembered in localStorage);
 * `t(key, params)` for the words (messages.js), the number formats of the language, and the
 * page's static words (`data-i18n*` attributes) set from the same table.
 */
import { MESSAGES } from './messages.js';

/** The languages of the map, the default last. @type {readonly Language[]} */
export const LANGUAGES = ['fr', 'en'];
/** Where the switch remembers the planner's choice. */
export const STORAGE_KEY = 'fibre-resilience.language';

/**
 * The map's language for a browser's preferred languages: the first French or English one, else English.
 * @param {readonly string[] | undefined} preferred `navigator.languages`
 * @returns {Language}
 * @example languageOf(['de-DE', 'fr-FR', 'en']); // 'fr'
 */
export function languageOf(preferred) {
  for (const tag of preferred ?? []) {
    const primary = String(tag).toLowerCase().split('-')[0];
    if (primary === 'fr' || primary === 'en') return primary;
  }
  return 'en';
}

/** @returns {Storage | null} */
function storage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    // A browser that refuses storage (privacy settings): the choice lasts the page.
    return null;
  }
}

/** @returns {Language} */
function initialLanguage() {
  const stored = storage()?.getItem(STORAGE_KEY);
  if (stored === 'fr' || stored === 'en') return stored;
  const nav = /** @type {Navigator | undefined} */ (globalThis.navigator);
  return languageOf(nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []);
}

let current = initialLanguage();
/** @type {Set<(language: Language) => void>} */
const listeners = new Set();

/**
 * The map's current language.
 * @returns {Language}
 * @example language(); // 'fr' in a French browser
 */
export function language() {
  return current;
}

/**
 * The BCP 47 locale the numbers are written in: French of France, or British English.
 * @example locale(); // 'fr-FR'
 */
export function locale() {
  return current === 'fr' ? 'fr-FR' : 'en-GB';
}

/**
 * Switches the map's language: remembered (unless `remember: false`), `<html lang>` set, the
 * page's static words and every listener (the panels re-render) called. No reload.
 * @param {Language} next
 * @param {{ remember?: boolean }} [options]
 * @example setLanguage('en');
 */
export function setLanguage(next, { remember = true } = {}) {
  if (!LANGUAGES.includes(next)) throw new RangeError(`setLanguage: "${next}" is not one of ${LANGUAGES.join(', ')}`);
  if (remember) storage()?.setItem(STORAGE_KEY, next);
  if (next === current) return;
  current = next;
  if (globalThis.document) translatePage(document);
  for (const listener of listeners) listener(next);
}

/**
 * Calls `listener(language)` after every switch of language.
 * @param {(language: Language) => void} listener
 * @returns {() => void} stops listening
 * @example onLanguage(() => legend.relabel());
 */
export function onLanguage(listener) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The French spaces: no-break before `:` and inside guillemets, narrow no-break before `;`, `!`, `?`, `%`. @param {string} text */
const frenchSpaces = (text) => text.replace(/ ([:»])/g, '\u00a0$1').replace(/ ([;!?%])/g, '\u202f$1').replace(/« /g, '«\u00a0');

/** @type {Map<string, Intl.PluralRules>} */
const pluralRules = new Map();
/** @param {number} n */
const isOne = (n) => {
  const tag = locale();
  if (!pluralRules.has(tag)) pluralRules.set(tag, new Intl.PluralRules(tag));
  return /** @type {Intl.PluralRules} */ (pluralRules.get(tag)).select(n) === 'one';
};

/** @type {Map<string, Intl.NumberFormat>} */
const integers = new Map();
/** @param {number} n */
const integer = (n) => {
  const tag = locale();
  if (!integers.has(tag)) integers.set(tag, new Intl.NumberFormat(tag, { maximumFractionDigits: 0 }));
  return /** @type {Intl.NumberFormat} */ (integers.get(tag)).format(n);
};

/**
 * The message `key` in the current language, its `{name}` placeholders replaced by `params`
 * (numbers written as whole numbers of the language: pass decimals already formatted) and its
 * `{name|one|other}` choices made by the plural of the number `params[name]`.
 * @param {MessageKey} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 * @example t('nros.summary', { total: 63, subscribers: 128800, shown: 50 }); // '63 NRO, 128 800 abonnés · 50 affichés'
 */
export function t(key, params = {}) {
  const template = MESSAGES[current][key] ?? MESSAGES.en[key] ?? key;
  const text = current === 'fr' ? frenchSpaces(template) : template;
  return text.replace(/\{(\w+)(?:\|([^|}]*)\|([^}]*))?\}/g, (whole, name, one, other) => {
    const value = params[name];
    if (one !== undefined) return typeof value === 'number' && isOne(value) ? one : other;
    if (value === undefined) return whole;
    return typeof value === 'number' ? integer(value) : String(value);
  });
}

/**
 * The words for a value of one of the API's enumerations (`tEnum('nroStatus', 'single-homed')`:
 * messages.js key `enum.nroStatus.single-homed`); a value the table does not know is shown as the API wrote it.
 * @param {string} group
 * @param {string | null | undefined} value
 * @example tEnum('loadState', 'near'); // 'proche de la saturation'
 */
export function tEnum(group, value) {
  const key = `enum.${group}.${value}`;
  return key in MESSAGES[current] ? t(/** @type {MessageKey} */ (key)) : String(value ?? '');
}

/** The attributes the page's static elements are translated by, and what each one sets. */
const STATIC = /** @type {const} */ ([
  ['data-i18n', 'text'],
  ['data-i18n-title', 'title'],
  ['data-i18n-aria-label', 'aria-label'],
  ['data-i18n-placeholder', 'placeholder'],
]);

/**
 * Sets the static words of a page (or a part of it) in the current language: the text of every
 * `data-i18n` element and the attributes named by `data-i18n-title`, `-aria-label`,
 * `-placeholder`; on the whole document also `<html lang>`, `data-language` (the page shows once
 * it is set: style.css) and the title.
 * @param {ParentNode} root
 * @example translatePage(document);
 */
export function translatePage(root) {
  for (const [attribute, target] of STATIC) {
    for (const el of root.querySelectorAll(`[${attribute}]`)) {
      const text = t(/** @type {MessageKey} */ (el.getAttribute(attribute)));
      if (target === 'text') el.textContent = text;
      else el.setAttribute(target, text);
    }
  }
  if (root instanceof Document) {
    root.documentElement.lang = current;
    root.documentElement.dataset.language = current;
    root.title = t('page.title');
  }
}
