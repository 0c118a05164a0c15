import type { SaturationOptions } from '../saturation/options.js';
import { saturationOptions } from '../saturation/options.js';
import { type OptionValues, UsageError } from './command.js';

/** Command-line options of the saturation model, shared by `saturation` and `cut --reroute`. */
export const SATURATION_CLI_OPTIONS = {
  'fibres-per-route': { type: 'string' },
  near: { type: 'string' },
  saturated: { type: 'string' },
} as const;

/**
 * The saturation options from the command line: `--fibres-per-route 2`, `--near 0.8` or
 * `--near 80%`, `--saturated 1` or `--saturated 100%`. Usage errors name the option.
 *
 * @example
 * saturationCliOptions({ near: '75%' }); // { fibresPerRoute: 2, nearRatio: 0.75, saturatedRatio: 1 }
 */
export function saturationCliOptions(values: OptionValues): Required<SaturationOptions> {
  const options = {
    fibresPerRoute: count(values['fibres-per-route'], '--fibres-per-route'),
    nearRatio: ratio(values.near, '--near'),
    saturatedRatio: ratio(values.saturated, '--saturated'),
  };
  try {
    return saturationOptions(options);
  } catch (error) {
    throw new UsageError(
      (error as Error).message
        .replace(/^saturationOptions: /, '')
        .replace('fibresPerRoute', '--fibres-per-route')
        .replace('saturatedRatio', '--saturated')
        .replace('nearRatio', '--near'),
    );
  }
}

function count(value: OptionValues[string], name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text)) throw new UsageError(`${name}: expected a whole number of fibres, got "${text}"`);
  return Number(text);
}

function ratio(value: OptionValues[string], name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim().replace(',', '.');
  const match = /^(\d+(?:\.\d+)?|\.\d+)\s*(%?)$/.exec(text);
  if (!match) throw new UsageError(`${name}: expected a ratio such as 0.8 or a percentage such as 80%, got "${text}"`);
  const number = Number(match[1]);
  if (match[2]) return number / 100;
  if (number > 5) throw new UsageError(`${name}: ${text} as a ratio is ${text}00 %; write ${text}% for a percentage`);
  return number;
}
