import type { ReportLang } from './figures.js';
import { EN } from './messages-en.js';
import { FR } from './messages-fr.js';
import type { Messages } from './messages.js';

/**
 * The words of a language: French by default, English on request.
 *
 * @example
 * messagesOf('fr').inBrief; // 'L’essentiel'
 */
export const messagesOf = (lang: ReportLang): Messages => (lang === 'en' ? EN : FR);
