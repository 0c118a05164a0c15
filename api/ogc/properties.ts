/**
 * The attributes of an OGC collection: their names, JSON types and whether a client may filter
 * by them. Lists of ids are encoded as one comma-separated string on every page (an empty list is
 * the empty string), never as JSON arrays: GDAL and QGIS guess a field's type from the first
 * page, and an array that is empty there loses every value after it.
 */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean';

export interface PropertySpec {
  name: string;
  type: PropertyType;
  description: string;
  /** The values a string may take, when they are known in advance. */
  enum?: readonly string[];
  /** Whether `?name=value` filters the items by it (and it is listed in the queryables). */
  queryable?: boolean;
  /** Whether the value may be null (e.g. an unknown capacity). */
  nullable?: boolean;
}

/** The separator of the ids in a list attribute. */
export const LIST_SEPARATOR = ',';

/** A list of ids as one attribute value: `S-017,S-018`; `''` when empty. */
export const listValue = (ids: readonly string[]): string => ids.join(LIST_SEPARATOR);

/** A list attribute back as its ids. */
export const listOf = (value: string): string[] => (value === '' ? [] : value.split(LIST_SEPARATOR));

const listNote = ` (comma-separated ids, '' when none)`;

export const prop = (name: string, type: PropertyType, description: string, extra: Partial<PropertySpec> = {}): PropertySpec =>
  ({ name, type, description, ...extra });

/** A list attribute: a string of comma-separated ids. */
export const listProp = (name: string, description: string): PropertySpec => prop(name, 'string', `${description}${listNote}`);
