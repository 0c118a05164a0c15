import pino from 'pino';
import { type FastifyReply, type FastifyRequest, type FastifyServerOptions, LogController } from 'fastify';

/** What the log writes in place of a secret. */
export const REDACTED = '[redacted]';

/**
 * Query parameters that carry a credential: `token`, `access_token`, `api_key`, `apikey`, `key`,
 * `password`, `client_secret`… matched on the decoded name, case-insensitively.
 */
const SECRET_PARAMETER = /^(?:key|auth|authorization|pwd|sig)$|(?:token|secret|passw(?:or)?d|api[-_]?key|access[-_]?key|signature)$/i;

/** Whether a query parameter name (`token`, `user[password]`) names a credential. */
export function isSecretParameter(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    // A malformed escape: judge the name as written.
  }
  return decoded.split(/[[\]]/).some((part) => part !== '' && SECRET_PARAMETER.test(part.trim()));
}

/**
 * The request URL with the values of credential query parameters replaced by `[redacted]`; the
 * path and every other parameter are kept exactly as sent.
 *
 * @example
 * redactUrl('/v1/topologies?token=abc&limit=5'); // '/v1/topologies?token=[redacted]&limit=5'
 */
export function redactUrl(url: string): string {
  const query = url.indexOf('?');
  if (query < 0) return url;
  const hash = url.indexOf('#', query);
  const end = hash < 0 ? url.length : hash;
  const parameters = url.slice(query + 1, end).split('&').map((parameter) => {
    const equals = parameter.indexOf('=');
    if (equals < 0 || !isSecretParameter(parameter.slice(0, equals))) return parameter;
    return `${parameter.slice(0, equals + 1)}${REDACTED}`;
  });
  return `${url.slice(0, query + 1)}${parameters.join('&')}${url.slice(end)}`;
}

/** The parts of a Fastify request the log reads. */
export interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  headers?: Record<string, string | string[] | undefined>;
  socket?: { remotePort?: number };
}

/** Fastify's default `req` serializer, with a redacted URL. No headers: the bearer token stays out. */
export function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: redactUrl(request.url),
    version: request.headers?.['accept-version'],
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/**
 * The server's pino options: JSON lines at `level` on stdout, never a credential (the
 * `Authorization` header is redacted should a header be logged, query credentials are masked
 * in the URL). Lines are written asynchronously — under load, those logged while a write is
 * under way go out together in the next one, where a write per line took a fifth of the main
 * thread's time — and flushed when the process exits.
 */
export function loggerOptions(level: string): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: REDACTED },
    serializers: { req: serializeRequest as (request: unknown) => Record<string, unknown> },
    stream: pino.destination({ dest: 1, sync: false }),
  };
}

/**
 * The request log: one line per request at `info`, `request completed` (or `request errored`)
 * with the request (method, URL with credentials masked, client), its status and time — what
 * Fastify's `incoming request` and `request completed` lines say in two. `incoming request` is
 * kept at `debug`, to see a long request begin.
 *
 * @example
 * Fastify({ logger: loggerOptions('info'), logController: new RequestLog() });
 */
export class RequestLog extends LogController {
  override incomingRequest(request: FastifyRequest): void {
    if (!this.isLogDisabled(request)) request.log.debug({ req: request }, 'incoming request');
  }

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}
