import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { TopologyError, UnknownReferenceError } from '../src/model/errors.js';
import { ApiError, type ErrorDetail } from './errors.js';

const WHERE = { body: 'body', querystring: 'query', params: 'path', headers: 'header' } as const;

/** Where the engine's unknown references come from in a request. */
const REFERENCE_IN: Record<string, ErrorDetail['in']> = {
  headend: 'query', withLink: 'query', sections: 'body', sites: 'body', riskGroups: 'body', owners: 'body',
};

/**
 * Turns any error into the one error answer `{ code, message, details }`. Bad input is always
 * a 4xx naming the field; only a fault of the server is a 500, logged with its stack.
 */
export function toApiError(error: unknown, request?: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const where = WHERE[(error as { validationContext?: keyof typeof WHERE }).validationContext ?? 'body'] ?? 'body';
    const details = error.validation.map((v): ErrorDetail => ({
      field: fieldOf(v.instancePath) || where,
      in: where,
      code: v.keyword,
      message: v.message ?? 'invalid',
    }));
    const list = details.map((d) => `${d.field}: ${d.message}`).join('; ');
    return new ApiError(400, 'invalid-request', `invalid ${where === 'query' ? 'query string' : where}: ${list}`, details);
  }
  if (error instanceof TopologyError) {
    const details = error.problems.map((p): ErrorDetail => ({
      field: p.path, in: 'body', ...(p.id !== undefined && { id: p.id }), code: p.code, message: p.message,
    }));
    return new ApiError(400, 'invalid-topology', error.message, details);
  }
  if (error instanceof UnknownReferenceError) {
    const message = error.message.replace(/^\w+: /, '');
    return new ApiError(400, 'unknown-reference', message, [
      { field: error.field, ...(REFERENCE_IN[error.field] && { in: REFERENCE_IN[error.field] }), id: error.id, message },
    ]);
  }
  const fastifyError = error as FastifyError;
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'body-too-large', 'request body is too large', [{ field: 'body', in: 'body', message: fastifyError.message }]);
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
  if (status === 429) return new ApiError(429, 'rate-limited', fastifyError.message);
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ApiError(status, 'bad-request', fastifyError.message);
  }
  return new ApiError(500, 'internal-error', 'the server failed to answer; the error is in its log');
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

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  const path = request.url.split('?')[0];
  return reply.code(404).type('application/json; charset=utf-8').send({
    code: 'not-found',
    message: `no route ${request.method} ${path}; see /openapi.json or /docs`,
    details: [{ field: 'url', in: 'path', message: `no route ${request.method} ${path}` }],
  });
}
