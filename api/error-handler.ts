import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DatabaseError, InvalidOptionError, TopologyError, UnknownReferenceError } from '../src/model/errors.js';
import { RequestError } from '../src/requests/request-error.js';
import { ApiError, type ErrorDetail } from './errors.js';

const WHERE = { body: 'body', querystring: 'query', params: 'path', headers: 'header' } as const;

/** Where the engine's unknown references and request fields come from in a request. */
const REFERENCE_IN: Record<string, ErrorDetail['in']> = {
  headend: 'query', withLink: 'query', sections: 'body', sites: 'body', riskGroups: 'body', owners: 'body', exclude: 'body',
};

/** The query names of the network options. */
const QUERY_NAMES: Record<string, string> = { 'network.headends': 'headend', 'network.withLinks': 'withLink', 'network.includePlanned': 'includePlanned' };

/** A request field (`network.headends`, `reroute.nearRatio`) as the API names it, and where it is. */
function apiField(field: string): Pick<ErrorDetail, 'field' | 'in'> {
  const root = field.split(/[.[]/)[0];
  // The network options come in the query string, under their query names (`headend`, `withLink`).
  if (root === 'network') return { field: QUERY_NAMES[field.replace(/\[\d+\]$/, '')] ?? field, in: 'query' };
  return { field, ...(REFERENCE_IN[root] && { in: REFERENCE_IN[root] }) };
}

/**
 * Turns any error into the one error answer `{ code, message, details }`. Bad input is always
 * a 4xx naming the field; only a fault of the server is a 500, logged with its stack.
 */
export function toApiError(error: unknown, request?: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = WHERE[(error as { validationContext?: keyof typeof WHERE }).validationContext ?? 'body'] ?? 'body';
    const details = error.validation.flatMap((v): ErrorDetail[] => {
      // A strict query string names each unknown parameter (`crs`), not the query string as a whole.
      const unknown = v.keyword === 'unrecognized_keys' ? (v.params as { keys?: string[] }).keys : undefined;
      if (unknown?.length) {
        return unknown.map((key) => ({ field: key || where, in: where, code: v.keyword, message: key ? `unknown ${where === 'query' ? 'parameter' : 'field'}` : 'a parameter with an empty name' }));
      }
      return [{ field: fieldOf(v.instancePath) || where, in: where, code: v.keyword, message: v.message ?? 'invalid' }];
    });
    const list = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return new ApiError(400, 'invalid-request', `invalid ${where === 'query' ? 'query string' : where}: ${list}`, details);
  }
  if (error instanceof TopologyError) {
    const details = error.problems.map((p): ErrorDetail => ({
      field: p.path, in: 'body', ...(p.id !== undefined && { id: p.id }), code: p.code, message: p.message,
    }));
    // A delivery over the importer's bounds (its real decompressed size) is too large, like a body over the limit.
    if (error.problems.some((p) => p.code === 'too-large' || p.code === 'too-many-entries')) return new ApiError(413, 'body-too-large', error.message, details);
    return new ApiError(400, 'invalid-topology', error.message, details);
  }
  if (error instanceof RequestError) {
    const details = error.issues.map((issue): ErrorDetail => ({ ...apiField(issue.field), ...(issue.id !== undefined && { id: issue.id }), code: issue.code, message: issue.message }));
    return new ApiError(400, 'invalid-request', error.message.replace(/^[\w-]+: /, ''), details);
  }
  if (error instanceof InvalidOptionError) {
    const message = error.reason;
    return new ApiError(400, 'invalid-request', `${error.field}: ${message}`, [{ ...apiField(error.field), message }]);
  }
  if (error instanceof DatabaseError) {
    // A schema or table the request named is the client's to fix; a database that does not answer is not.
    const unavailable = error.code === undefined || /^(E[A-Z]+|08|28|57P)/.test(error.code);
    return unavailable
      ? new ApiError(503, 'database-unavailable', error.message, [{ field: error.field, message: error.message }], { 'Retry-After': '5' })
      : new ApiError(400, 'invalid-request', error.message, [{ field: error.field, message: error.message }]);
  }
  if (error instanceof UnknownReferenceError) {
    const message = error.reason;
    return new ApiError(400, 'unknown-reference', message, [
      { field: error.field, ...(REFERENCE_IN[error.field] && { in: REFERENCE_IN[error.field] }), id: error.id, message },
    ]);
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    {
      const limit = request?.routeOptions.bodyLimit;
      const message = limit ? `the request body is over the ${limit} bytes this route takes` : 'the request body is too large';
      return new ApiError(413, 'body-too-large', message, [{ field: 'body', in: 'body', message }]);
    }
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ApiError(415, 'unsupported-media-type', 'send JSON: Content-Type application/json or application/geo+json',
        [{ field: 'Content-Type', in: 'header', message: `got ${request?.headers['content-type'] ?? 'no Content-Type'}` }]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'empty-body', 'the request body is empty', [{ field: 'body', in: 'body', message: fastifyError.message }]);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new ApiError(400, 'invalid-json', 'the request body is not valid JSON', [{ field: 'body', in: 'body', message: fastifyError.message }]);
  }
  if (error instanceof SyntaxError && (error as { statusCode?: number }).statusCode === 400) {
    return new ApiError(400, 'invalid-json', `the request body is not valid JSON: ${error.message}`, [{ field: 'body', in: 'body', message: error.message }]);
  }
  const status = fastifyError.statusCode;
  if (status === 429) return new ApiError(429, 'rate-limited', fastifyError.message, [{ field: 'client', in: 'header', message: fastifyError.message }]);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const field = fastifyError.code === 'FST_ERR_BAD_URL' || fastifyError.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'url' : 'request';
    return new ApiError(status, 'bad-request', fastifyError.message, [{ field, ...(field === 'url' && { in: 'path' as const }), code: fastifyError.code, message: fastifyError.message }]);
  }
  const id = request ? ` (request ${request.id})` : '';
  return new ApiError(500, 'internal-error', `the server failed to answer${id}; the error is in its log`,
    [{ field: 'request', message: `an internal error${id}: nothing in the request was wrong` }]);
}

/** `/sections/0` → `sections[0]`. */
function fieldOf(instancePath: string): string {
  return instancePath
    .split('/')
    .filter(Boolean)
    .reduce((acc, key) => (/^\d+$/.test(key) ? `${acc}[${key}]` : acc ? `${acc}.${key}` : key), '');
}

export function errorHandler(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const apiError = toApiError(error, request);
  if (apiError.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ code: apiError.code, statusCode: apiError.statusCode }, apiError.message);
  const headers = { ...apiError.headers, ...(error as { headers?: Record<string, string> }).headers };
  return reply
    .code(apiError.statusCode)
    .headers(headers)
    .type('application/json; charset=utf-8')
    .send({ code: apiError.code, message: apiError.message, details: apiError.details });
}

/** Errors the framework raises before routing (a URL that does not decode): the same error answer. */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  return errorHandler(error, request, reply);
}

/**
 * Errors of a connection before any request exists (headers too large, a malformed request
 * line): answered in the API's format on the raw socket, then closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (!socket.writable) return;
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'HPE_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const field = status === 431 ? 'headers' : 'request';
  const message = status === 431 ? 'the request headers are too large' : status === 408 ? 'the request took too long to arrive' : 'the request is not valid HTTP';
  const body = JSON.stringify({ code: status === 431 ? 'headers-too-large' : 'bad-request', message, details: [{ field, in: 'header', code: error.code, message }] });
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0];
  return reply.code(404).type('application/json; charset=utf-8').send({
    code: 'not-found',
    message: `no route ${request.method} ${path}; see /openapi.json or /docs`,
    details: [{ field: 'url', in: 'path', message: `no route ${request.method} ${path}` }],
  });
}
