import { integer, ratio } from './arguments.js';
import type { OptionValues } from './command.js';

/** Command-line options of the saturation model, shared by `saturation` and `cut --reroute`. */
export const SATURATION_CLI_OPTIONS = {
  'fibres-per-route': { type: 'string' },
  near: { type: 'string' },
  saturated: { type: 'string' },
} as const;

/** The saturation model's request fields as the command line names them. */
export const SATURATION_FLAGS: Record<string, string> = {
  fibresPerRoute: '--fibres-per-route',
  nearRatio: '--near',
  saturatedRatio: '--saturated',
};

/**
 * The saturation model from the command line: `--fibres-per-route 2`, `--near 0.8` or
 * `--near 80%`, `--saturated 1` or `--saturated 100%`; absent options keep their defaults.
 *
 * @example
 * saturationModel({ near: '75%' }); // { fibresPerRoute: undefined, nearRatio: 0.75, saturatedRatio: undefined }
 */
export function saturationModel(values: OptionValues) {
  return {
    fibresPerRoute: integer(values['fibres-per-route'], '--fibres-per-route'),
    nearRatio: ratio(values.near, '--near'),
    saturatedRatio: ratio(values.saturated, '--saturated'),
  };
}
