import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from './errors.js';

export const JSON_TYPE = 'application/json';
export const GEOJSON_TYPE = 'application/geo+json';
export const OPENAPI_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

/**
 * Whether the client asked for GeoJSON: `?f=geojson` (wins), or an Accept header that names
 * `application/geo+json` and ranks it above `application/json`.
 */
export function wantsGeoJSON(request: FastifyRequest): boolean {
  const f = (request.query as { f?: string } | undefined)?.f;
  if (f) return f === 'geojson';
  const accept = request.headers.accept ?? '';
  const rank = (type: string) => {
    let best = -1;
    for (const part of accept.split(',')) {
      const [media, ...params] = part.trim().toLowerCase().split(';');
      if (media.trim() !== type) continue;
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      best = Math.max(best, q ? Number(q.slice(2)) || 0 : 1);
    }
    return best;
  };
  const geo = rank(GEOJSON_TYPE);
  return geo > 0 && geo >= rank(JSON_TYPE);
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
