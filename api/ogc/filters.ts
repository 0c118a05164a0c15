import { ApiError } from '../errors.js';
import type { Feature } from '../schemas/geojson.js';
import type { Layer } from './layers.js';
import { queryablesOf } from './schema.js';

/** Property filters of an items request: attribute name → the value its features must have. */
export type PropertyFilters = Readonly<Record<string, string>>;

const invalid = (field: string, message: string): never => {
  throw new ApiError(400, 'invalid-request', `${field}: ${message}`, [{ field, in: 'query', message }]);
};

/**
 * Checks the property filters of a request against a layer's queryables: each must be one of
 * them, an integer attribute takes an integer, an enumerated one one of its values. A 400 names
 * the parameter otherwise.
 */
export function checkFilters(layer: Layer, filters: PropertyFilters): void {
  const queryables = new Map(queryablesOf(layer).map((p) => [p.name, p]));
  for (const [name, value] of Object.entries(filters)) {
    const spec = queryables.get(name);
    if (!spec) invalid(name, `not a queryable of ${layer.id}; its queryables are ${[...queryables.keys()].join(', ')}`);
    else if (spec.type === 'integer' && !/^-?\d+$/.test(value)) invalid(name, 'expected an integer');
    else if (spec.enum && !spec.enum.includes(value)) invalid(name, `expected one of ${spec.enum.join(', ')}`);
  }
}

/** Whether a feature has every filtered attribute equal to its value (numbers compared as text, `1` = `1`). */
export function matchesFilters(feature: Feature, filters: PropertyFilters): boolean {
  const properties = feature.properties ?? {};
  for (const [name, value] of Object.entries(filters)) {
    const actual = properties[name];
    if (actual === null || actual === undefined || String(actual) !== value) return false;
  }
  return true;
}
