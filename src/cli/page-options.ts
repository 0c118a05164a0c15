import { integer } from './arguments.js';
import { type OptionValues, strings } from './command.js';

/** `--limit N --offset N --sort KEY --summary`: one page of a long list instead of the whole report (docs/cli.md). */
export const PAGE_OPTIONS = {
  limit: { type: 'string' },
  offset: { type: 'string' },
  sort: { type: 'string' },
  summary: { type: 'boolean' },
} as const;

/** True when the command line asks for a page. */
export function wantsPage(values: OptionValues, filters: readonly string[]): boolean {
  return [...Object.keys(PAGE_OPTIONS), ...filters].some((key) => values[key] !== undefined);
}

/** The paging fields of a request, from the options; the request's schema checks their bounds. */
export function pageFields(values: OptionValues) {
  return {
    limit: integer(values.limit, '--limit'),
    offset: integer(values.offset, '--offset'),
    sort: values.sort === undefined ? undefined : String(values.sort),
    summary: values.summary === undefined ? undefined : values.summary === true,
  };
}

export { strings };
