import { ROUTE_DIVERSITIES, type RouteDiversity } from '../routing/route-diversity.js';
import { integer, ratio } from './arguments.js';
import { type OptionValues, UsageError } from './command.js';

/** Command-line options of the saturation model, shared by `saturation` and `cut --reroute`. */
export const SATURATION_CLI_OPTIONS = {
  'fibres-per-route': { type: 'string' },
  near: { type: 'string' },
  saturated: { type: 'string' },
  diversity: { type: 'string' },
} as const;

/** The saturation model's request fields as the command line names them. */
export const SATURATION_FLAGS: Record<string, string> = {
  fibresPerRoute: '--fibres-per-route',
  nearRatio: '--near',
  saturatedRatio: '--saturated',
  diversity: '--diversity',
};

/**
 * The saturation model from the command line: `--fibres-per-route 2`, `--near 0.8` or
 * `--near 80%`, `--saturated 1` or `--saturated 100%`, `--diversity section|site|risk-group|owner`;
 * absent options keep their defaults.
 *
 * @example
 * saturationModel({ near: '75%' }); // { fibresPerRoute: undefined, nearRatio: 0.75, saturatedRatio: undefined, diversity: undefined }
 */
export function saturationModel(values: OptionValues) {
  return {
    fibresPerRoute: integer(values['fibres-per-route'], '--fibres-per-route'),
    nearRatio: ratio(values.near, '--near'),
    saturatedRatio: ratio(values.saturated, '--saturated'),
    diversity: diversity(values.diversity),
  };
}

function diversity(value: OptionValues[string]): RouteDiversity | undefined {
  if (value === undefined) return undefined;
  if (!(ROUTE_DIVERSITIES as readonly unknown[]).includes(value)) {
    throw new UsageError(`--diversity: expected one of ${ROUTE_DIVERSITIES.join(', ')}, got "${String(value)}"`);
  }
  return value as RouteDiversity;
}
