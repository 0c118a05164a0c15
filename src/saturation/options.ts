import { InvalidOptionError } from '../model/errors.js';

/** How routes load sections and when a section counts as near saturation or saturated (docs/analysis.md, "Saturation"). */
export interface SaturationOptions {
  /** Fibres each route (primary and backup alike) takes on every section it uses. Default 2: one pair. */
  fibresPerRoute?: number;
  /** Load / capacity from which a section is `near` saturation. Default 0.8. */
  nearRatio?: number;
  /** Load / capacity from which a section is `saturated`. Default 1. */
  saturatedRatio?: number;
}

export type ResolvedSaturationOptions = Required<SaturationOptions>;

export const SATURATION_DEFAULTS: ResolvedSaturationOptions = Object.freeze({
  fibresPerRoute: 2,
  nearRatio: 0.8,
  saturatedRatio: 1,
});

/**
 * The options with their defaults, checked: fibres per route a non-negative integer,
 * 0 < nearRatio ≤ saturatedRatio. Only these three keys are returned, whatever else `options` holds.
 *
 * @example
 * saturationOptions({ fibresPerRoute: 4 }); // { fibresPerRoute: 4, nearRatio: 0.8, saturatedRatio: 1 }
 */
export function saturationOptions(options: SaturationOptions = {}): ResolvedSaturationOptions {
  const fibresPerRoute = options.fibresPerRoute ?? SATURATION_DEFAULTS.fibresPerRoute;
  const nearRatio = options.nearRatio ?? SATURATION_DEFAULTS.nearRatio;
  const saturatedRatio = options.saturatedRatio ?? SATURATION_DEFAULTS.saturatedRatio;
  if (!Number.isInteger(fibresPerRoute) || fibresPerRoute < 0) {
    throw new InvalidOptionError('fibresPerRoute', `saturationOptions: fibresPerRoute must be an integer ≥ 0, got ${fibresPerRoute}`);
  }
  if (!(Number.isFinite(nearRatio) && nearRatio > 0)) {
    throw new InvalidOptionError('nearRatio', `saturationOptions: nearRatio must be a number > 0, got ${nearRatio}`);
  }
  if (!(Number.isFinite(saturatedRatio) && saturatedRatio >= nearRatio)) {
    throw new InvalidOptionError('saturatedRatio', `saturationOptions: the saturated ratio must be a number ≥ the near ratio (${nearRatio}), got ${saturatedRatio}`);
  }
  return { fibresPerRoute, nearRatio, saturatedRatio };
}
