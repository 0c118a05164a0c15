import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `job`: the route computes in a worker, and counts as such against the rate limit; `page`: an
     * OGC document or page (the `pages` worker), not counted but limited in requests in flight.
     */
    cost?: 'job' | 'page';
  }
}

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';
/** Sent exactly so, `version=3.0` unquoted: GDAL's OAPIF driver compares the parameters as tokens. */
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';
export const JSON_SCHEMA_TYPE = 'application/schema+json';

/**
 * Sets a media type verbatim. `reply.type()` re-serialises a type with parameters and quotes them
 * (`version="3.0"`) when it adds the charset, which GDAL refuses; a header set here is kept as is.
 */
export function exactType(reply: FastifyReply, type: string): FastifyReply {
  return reply.header('content-type', type);
}

/**
 * The format of an answer: `?f=geojson` or `?f=json` (wins), else what the Accept header ranks
 * first of JSON and GeoJSON (JSON when it ranks them equal or names neither).
 */
export function answerFormat(request: FastifyRequest): 'json' | 'geojson' {
  const f = (request.query as { f?: string } | undefined)?.f;
  if (f) return f === 'geojson' ? 'geojson' : 'json';
  return request.accepts().type([JSON_TYPE, GEOJSON_TYPE]) === GEOJSON_TYPE ? 'geojson' : 'json';
}

/** The URL the client used to reach the API root, without a trailing slash: every link is absolute. */
export function baseUrl(request: FastifyRequest, publicUrl?: string): string {
  if (publicUrl) return publicUrl.replace(/\/+$/, '');
  return `${request.protocol}://${request.host}`;
}

/**
 * An `onRequest` hook for writes: a bearer token equal to `token`, compared in constant time.
 * Without a configured token every write is refused (403), so that a server started without
 * one is read-only rather than open.
 */
export function requireToken(token: string | undefined) {
  const expected = token ? Buffer.from(token) : undefined;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!expected) {
      throw new ApiError(403, 'writes-disabled', 'writes are disabled on this server: start it with FIBRE_API_TOKEN set',
        [{ field: 'Authorization', in: 'header', message: 'the server has no write token' }]);
    }
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header.trim());
    const given = match ? Buffer.from(match[1]) : undefined;
    const ok = given !== undefined && given.length === expected.length && timingSafeEqual(given, expected);
    if (!ok) {
      reply.header('WWW-Authenticate', `Bearer realm="fibre-resilience"${given ? ', error="invalid_token"' : ''}`);
      throw new ApiError(401, 'unauthorized', given ? 'the bearer token is wrong' : 'send Authorization: Bearer <FIBRE_API_TOKEN>',
        [{ field: 'Authorization', in: 'header', message: given ? 'wrong token' : 'missing bearer token' }]);
    }
  };
}
