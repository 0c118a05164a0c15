import type { NetworkRequest } from '../requests/bounds.js';
import { type OptionValues, strings, UsageError } from './command.js';

/** The network options of a command line (docs/cli.md): `--headend`, `--include-planned`, `--with-link`. */
export function networkRequest(values: OptionValues): NetworkRequest {
  return {
    headends: strings(values.headend),
    includePlanned: values['include-planned'] === true,
    withLinks: strings(values['with-link']),
  };
}

/** Request fields named as the command line names them, for messages. */
export const NETWORK_FLAGS: Record<string, string> = {
  'network.headends': '--headend',
  'network.includePlanned': '--include-planned',
  'network.withLinks': '--with-link',
  headends: '--headend',
  withLinks: '--with-link',
  headend: '--headend',
  withLink: '--with-link',
};

/**
 * A number option, or undefined when absent; a decimal comma is accepted.
 *
 * @example
 * number('1,3', '--detour-factor'); // 1.3
 */
export function number(value: OptionValues[string], name: string): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(String(value).replace(',', '.'));
  if (String(value).trim() === '' || !Number.isFinite(x)) throw new UsageError(`${name}: expected a number, got "${String(value)}"`);
  return x;
}

/** A whole number option ≥ `min`, or undefined when absent. */
export function integer(value: OptionValues[string], name: string, min = 0): number | undefined {
  const x = number(value, name);
  if (x !== undefined && !(Number.isInteger(x) && x >= min)) throw new UsageError(`${name}: expected a whole number ≥ ${min}, got "${String(value)}"`);
  return x;
}

/**
 * An amount in euros: `3884950`, `3 884 950`, `3884950€`, `3,5e6`.
 *
 * @example
 * euros('3 884 950 €', '--budget'); // 3884950
 */
export function euros(value: OptionValues[string], name: string): number {
  const text = String(value).replace(/[\s\u00a0\u202f_€]/g, '').replace(',', '.');
  const x = Number(text);
  if (text === '' || !Number.isFinite(x) || x < 0) throw new UsageError(`${name}: expected an amount in euros, got "${String(value)}"`);
  return x;
}

/**
 * A ratio given as `0.8` or as a percentage `80%`.
 *
 * @example
 * ratio('75%', '--near'); // 0.75
 */
export function ratio(value: OptionValues[string], name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim().replace(',', '.');
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text);
  if (!match) throw new UsageError(`${name}: expected a ratio such as 0.8 or a percentage such as 80%, got "${text}"`);
  const x = Number(match[1]);
  if (match[2]) return x / 100;
  if (x > 5) throw new UsageError(`${name}: ${text} as a ratio is ${text}00 %; write ${text}% for a percentage`);
  return x;
}

/** `--top N`: how many rows a table shows, a whole number ≥ 1. */
export function top(values: OptionValues, fallback: number): number {
  return integer(values.top, '--top', 1) ?? fallback;
}
