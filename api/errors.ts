/** One thing wrong with a request, naming the field (or JSON path) concerned. */
export interface ErrorDetail {
  /** The field: a query or body parameter (`limit`, `sections[2]`), or a JSON path (`$.sections[3].lengthM`). */
  field: string;
  /** Where the field is: `query`, `body`, `path` or `header`. */
  in?: 'query' | 'body' | 'path' | 'header';
  /** The id concerned, when there is one. */
  id?: string;
  /** A machine-readable code for this detail (`duplicate-id`, `too_small`…). */
  code?: string;
  message: string;
}

/** An error with its HTTP status and the `{ code, message, details }` body every error answer has. */
export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(statusCode: number, code: string, message: string, details: ErrorDetail[] = [], headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
    this.headers = headers;
  }
}

export const notFound = (what: string, id: string, field = 'id') =>
  new ApiError(404, 'not-found', `no ${what} "${id}"`, [{ field, in: 'path', id, message: `no ${what} "${id}"` }]);
