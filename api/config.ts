import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import type { PagingLimits } from './ogc/items.js';
import type { StoreFs } from './store/fs.js';

/** Everything `buildApp` can be told. Every field has a default; `optionsFromEnv` reads them from the environment. */
export interface AppOptions {
  /** Folder of seed topologies, read-only. Default: the package's `topology/`. */
  topologyDir?: string;
  /** Where uploaded versions are kept. Default: the package's `.data/`. */
  dataDir?: string;
  /** Bearer token for writes; writes are refused when unset. */
  token?: string;
  /** Largest request body, bytes. Default 16 MiB. */
  bodyLimit?: number;
  /** Largest zipped GraceTHD delivery, bytes. Default 64 MiB. */
  importBodyLimit?: number;
  /** Requests per client and window; `false` to turn off. Default 600 per minute. */
  rateLimit?: { max: number; timeWindowMs: number } | false;
  /** Origins allowed by CORS (`*` for any). Default none: no CORS headers. */
  corsOrigins?: string[];
  /** Fastify logger options (pino); default off. */
  logger?: FastifyServerOptions['logger'];
  /** Absolute URL clients reach the server at, for links (behind a proxy). Default: from each request. */
  publicUrl?: string;
  /** Trust X-Forwarded-* headers (behind a reverse proxy). Default false. */
  trustProxy?: boolean;
  /** OGC items paging. Default 10 per page, at most 10 000. */
  paging?: PagingLimits;
  /** Compiled networks kept in memory. Default 32. */
  cacheSize?: number;
  /** File-system seam of the store (tests). */
  fs?: StoreFs;
}

export type ResolvedOptions = Required<Omit<AppOptions, 'token' | 'publicUrl' | 'fs' | 'logger'>> & Pick<AppOptions, 'token' | 'publicUrl' | 'fs' | 'logger'>;

export const DEFAULTS = {
  bodyLimit: 16 * 1024 * 1024,
  importBodyLimit: 64 * 1024 * 1024,
  rateLimit: { max: 600, timeWindowMs: 60_000 },
  paging: { defaultLimit: 10, maxLimit: 10_000 },
  cacheSize: 32,
} as const;

/** The folder holding package.json, from here (api/ in the sources, dist/api/ once built). */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

export function resolveOptions(options: AppOptions): ResolvedOptions {
  const root = packageRoot();
  return {
    ...options,
    topologyDir: resolve(options.topologyDir ?? join(root, 'topology')),
    dataDir: resolve(options.dataDir ?? join(root, '.data')),
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    importBodyLimit: options.importBodyLimit ?? DEFAULTS.importBodyLimit,
    rateLimit: options.rateLimit ?? { ...DEFAULTS.rateLimit },
    corsOrigins: options.corsOrigins ?? [],
    trustProxy: options.trustProxy ?? false,
    paging: options.paging ?? { ...DEFAULTS.paging },
    cacheSize: options.cacheSize ?? DEFAULTS.cacheSize,
  };
}

const int = (env: NodeJS.ProcessEnv, name: string, min: number): number | undefined => {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name}: expected an integer ≥ ${min}, got "${text}"`);
  return value;
};

/** Reads the server's settings from the environment (README, "HTTP API"). Throws on a malformed value. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): AppOptions & { port: number; host: string } {
  const rateMax = int(env, 'FIBRE_API_RATE_LIMIT', 0);
  const rateWindow = int(env, 'FIBRE_API_RATE_WINDOW_MS', 1) ?? DEFAULTS.rateLimit.timeWindowMs;
  const maxLimit = int(env, 'FIBRE_API_MAX_ITEMS', 1) ?? DEFAULTS.paging.maxLimit;
  return {
    port: int(env, 'PORT', 0) ?? 3000,
    host: env.HOST || '127.0.0.1',
    topologyDir: env.FIBRE_TOPOLOGY_DIR || undefined,
    dataDir: env.FIBRE_DATA_DIR || undefined,
    token: env.FIBRE_API_TOKEN || undefined,
    bodyLimit: int(env, 'FIBRE_API_BODY_LIMIT', 1),
    importBodyLimit: int(env, 'FIBRE_API_IMPORT_LIMIT', 1),
    rateLimit: rateMax === 0 ? false : rateMax === undefined ? undefined : { max: rateMax, timeWindowMs: rateWindow },
    corsOrigins: env.FIBRE_API_CORS_ORIGINS ? env.FIBRE_API_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean) : undefined,
    publicUrl: env.FIBRE_API_PUBLIC_URL || undefined,
    trustProxy: env.FIBRE_API_TRUST_PROXY === 'true' || env.FIBRE_API_TRUST_PROXY === '1',
    paging: { defaultLimit: Math.min(DEFAULTS.paging.defaultLimit, maxLimit), maxLimit },
  };
}
