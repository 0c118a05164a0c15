import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyServerOptions } from 'fastify';
import { z } from 'zod';
import type { PagingLimits } from './ogc/items.js';
import type { StoreFs } from './store/fs.js';

/** Everything `buildApp` can be told. Every field has a default; `optionsFromEnv` reads them from the environment. */
export interface AppOptions {
  /** Folder of seed topologies, read-only. Default: the package's `topology/`. */
  topologyDir?: string;
  /** Where uploaded versions are kept. Default: the package's `.data/`. */
  dataDir?: string;
  /**
   * `postgres://user:password@host:port/database[?schema=name]`: keep topologies and their versions
   * in PostgreSQL (docs/postgres-store.md), so that several servers share them. Default unset: the
   * file store in `dataDir`, one server per folder.
   */
  databaseUrl?: string;
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
  /** Worker threads of the job pool (heavy computations). Default: the cores, 1 to 4. */
  workers?: number;
  /** Longest a job may run before it is cancelled, ms. Default 30 s. */
  deadlineMs?: number;
  /** Longest the background build of a tile index (docs/tiles.md) may run, ms. Default 10 minutes. */
  tileBuildMs?: number;
  /** Jobs waiting for a worker before new ones are refused. Default 32. */
  maxQueue?: number;
  /** Memory for cached results, MiB. Default 512. */
  cacheMb?: number;
  /** File-system seam of the store (tests). */
  fs?: StoreFs;
  /** The map's optional raster basemap: an XYZ tile URL (`https://tile.example/{z}/{x}/{y}.png`) and its attribution. Default none: the map works offline. */
  basemap?: MapBasemap | null;
  /**
   * The server's own GraceTHD database, `postgres://user:password@host:port/database`: `POST
   * /v1/import/gracethd` with a JSON body `{ "schema": … }` reads that schema of it in place
   * (docs/postgis.md). Never a URL a client sends. Default none: JSON bodies are refused (415).
   */
  gracethdDatabaseUrl?: string | null;
  /**
   * Where `POST /v1/topologies/{id}/exports/postgis` writes its result tables (a schema the
   * request names): `postgres://…`. Default none: the route is not served.
   */
  resultsDatabaseUrl?: string | null;
}

/** An XYZ raster tile layer under the map. */
export interface MapBasemap { url: string; attribution: string }

export type ResolvedOptions = Required<Omit<AppOptions, 'token' | 'publicUrl' | 'fs' | 'logger' | 'databaseUrl'>> & Pick<AppOptions, 'token' | 'publicUrl' | 'fs' | 'logger' | 'databaseUrl'>;

export const DEFAULTS = {
  bodyLimit: 16 * 1024 * 1024,
  importBodyLimit: 64 * 1024 * 1024,
  rateLimit: { max: 600, timeWindowMs: 60_000 },
  paging: { defaultLimit: 10, maxLimit: 10_000 },
  cacheSize: 32,
  workers: Math.max(1, Math.min(4, availableParallelism())),
  deadlineMs: 30_000,
  tileBuildMs: 600_000,
  maxQueue: 32,
  cacheMb: 512,
} as const;

/** The folder holding package.json, from here (api/ in the sources, dist/api/ once built). */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}

/** The options with every default filled in, folders made absolute. */
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
    workers: options.workers ?? DEFAULTS.workers,
    deadlineMs: options.deadlineMs ?? DEFAULTS.deadlineMs,
    tileBuildMs: options.tileBuildMs ?? DEFAULTS.tileBuildMs,
    maxQueue: options.maxQueue ?? DEFAULTS.maxQueue,
    cacheMb: options.cacheMb ?? DEFAULTS.cacheMb,
    basemap: options.basemap ?? null,
    gracethdDatabaseUrl: options.gracethdDatabaseUrl ?? null,
    resultsDatabaseUrl: options.resultsDatabaseUrl ?? null,
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MAX_BODY = 1024 * 1024 * 1024;

/** An integer written in decimal, within bounds. */
const integer = (min: number, max: number) => {
  const expected = `expected an integer from ${min} to ${max}`;
  return z.string().regex(/^[+-]?\d+$/, expected).transform(Number).pipe(z.number().min(min, expected).max(max, expected));
};

const ORIGIN = /^https?:\/\/[^\s/?#]+$/;

/**
 * Every variable the server reads, with its bounds. Values are trimmed and blank ones count as
 * unset, so `FIBRE_API_TOKEN=` in a unit file is the same as no token.
 */
const ENV_SCHEMA = z.object({
  PORT: integer(0, 65_535).optional(),
  HOST: z.string().max(255).regex(/^[^\s/]+$/, 'expected a host name or an IP address').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(', ')}`).optional(),
  FIBRE_TOPOLOGY_DIR: z.string().max(4096).optional(),
  FIBRE_DATA_DIR: z.string().max(4096).optional(),
  // Checked when the store opens, by postgresTarget: a bad URL is a DatabaseError (exit 1) naming this variable.
  FIBRE_DATABASE_URL: z.string().max(4096).optional(),
  FIBRE_API_TOKEN: z.string().max(4096).regex(/^[\x20-\x7e]+$/, 'expected printable ASCII characters (it is sent in an Authorization header)').optional(),
  FIBRE_API_BODY_LIMIT: integer(1, MAX_BODY).optional(),
  FIBRE_API_IMPORT_LIMIT: integer(1, MAX_BODY).optional(),
  FIBRE_API_RATE_LIMIT: integer(0, 1_000_000).optional(),
  FIBRE_API_RATE_WINDOW_MS: integer(1, 86_400_000).optional(),
  FIBRE_API_CORS_ORIGINS: z
    .string()
    .max(8192)
    .transform((text) => text.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().refine((o) => o === '*' || ORIGIN.test(o), 'expected * or origins like https://map.example, comma-separated')).max(100))
    .optional(),
  FIBRE_API_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL' }).max(2048).optional(),
  FIBRE_API_TRUST_PROXY: z.stringbool({ error: 'expected true or false' }).optional(),
  FIBRE_API_MAX_ITEMS: integer(1, 1_000_000).optional(),
  FIBRE_API_WORKERS: integer(1, 32).optional(),
  FIBRE_API_DEADLINE_MS: integer(100, 3_600_000).optional(),
  FIBRE_API_TILE_BUILD_MS: integer(100, 86_400_000).optional(),
  FIBRE_API_MAX_QUEUE: integer(0, 10_000).optional(),
  FIBRE_API_CACHE_MB: integer(16, 65_536).optional(),
  FIBRE_MAP_BASEMAP_URL: z.url({ protocol: /^https?$/, error: 'expected an absolute http(s) URL of XYZ tiles with {z}, {x} and {y}' }).max(2048)
    .refine((u) => ['{z}', '{x}', '{y}'].every((k) => u.includes(k)), 'expected {z}, {x} and {y} in the URL, as in https://tile.openstreetmap.org/{z}/{x}/{y}.png')
    .optional(),
  FIBRE_MAP_BASEMAP_ATTRIBUTION: z.string().max(500).optional(),
  FIBRE_GRACETHD_DATABASE_URL: z.string().max(4096).regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
  FIBRE_RESULTS_DATABASE_URL: z.string().max(4096).regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional(),
});

type EnvName = keyof typeof ENV_SCHEMA.shape;
/** Never echoed back in an error message. */
const SECRET_VARIABLES: ReadonlySet<string> = new Set<EnvName>(['FIBRE_API_TOKEN', 'FIBRE_DATABASE_URL', 'FIBRE_GRACETHD_DATABASE_URL', 'FIBRE_RESULTS_DATABASE_URL']);

/** A malformed environment variable; the message names every variable concerned. */
export class EnvError extends Error {
  /** The variables concerned, in schema order. */
  readonly variables: string[];

  constructor(problems: Array<{ variable: string; message: string }>) {
    super(problems.map((p) => `${p.variable}: ${p.message}`).join('; '));
    this.name = 'EnvError';
    this.variables = [...new Set(problems.map((p) => p.variable))];
  }
}

/** The server's variables of `env`, trimmed, without blank ones. */
function knownVariables(env: NodeJS.ProcessEnv): Partial<Record<EnvName, string>> {
  const known: Partial<Record<EnvName, string>> = {};
  for (const name of Object.keys(ENV_SCHEMA.shape) as EnvName[]) {
    const value = env[name]?.trim();
    if (value) known[name] = value;
  }
  return known;
}

/** Reads the server's settings from the environment (README, "HTTP API"). Throws an `EnvError` naming each malformed variable. */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): AppOptions & { port: number; host: string; logLevel: LogLevel } {
  const known = knownVariables(env);
  const parsed = ENV_SCHEMA.safeParse(known);
  if (!parsed.success) {
    throw new EnvError(
      parsed.error.issues.map((issue) => {
        const variable = String(issue.path[0]);
        const value = known[variable as EnvName] ?? '';
        const shown = SECRET_VARIABLES.has(variable) ? '' : `, got "${value.length > 80 ? `${value.slice(0, 80)}…` : value}"`;
        return { variable, message: `${issue.message}${shown}` };
      }),
    );
  }
  const vars = parsed.data;
  const maxLimit = vars.FIBRE_API_MAX_ITEMS ?? DEFAULTS.paging.maxLimit;
  return {
    port: vars.PORT ?? 3000,
    host: vars.HOST ?? '127.0.0.1',
    logLevel: vars.LOG_LEVEL ?? 'info',
    topologyDir: vars.FIBRE_TOPOLOGY_DIR,
    dataDir: vars.FIBRE_DATA_DIR,
    databaseUrl: vars.FIBRE_DATABASE_URL,
    token: vars.FIBRE_API_TOKEN,
    bodyLimit: vars.FIBRE_API_BODY_LIMIT,
    importBodyLimit: vars.FIBRE_API_IMPORT_LIMIT,
    rateLimit: rateLimitOf(vars.FIBRE_API_RATE_LIMIT, vars.FIBRE_API_RATE_WINDOW_MS),
    corsOrigins: vars.FIBRE_API_CORS_ORIGINS,
    publicUrl: vars.FIBRE_API_PUBLIC_URL,
    trustProxy: vars.FIBRE_API_TRUST_PROXY ?? false,
    paging: { defaultLimit: Math.min(DEFAULTS.paging.defaultLimit, maxLimit), maxLimit },
    workers: vars.FIBRE_API_WORKERS,
    deadlineMs: vars.FIBRE_API_DEADLINE_MS,
    tileBuildMs: vars.FIBRE_API_TILE_BUILD_MS,
    maxQueue: vars.FIBRE_API_MAX_QUEUE,
    cacheMb: vars.FIBRE_API_CACHE_MB,
    basemap: vars.FIBRE_MAP_BASEMAP_URL ? { url: vars.FIBRE_MAP_BASEMAP_URL, attribution: vars.FIBRE_MAP_BASEMAP_ATTRIBUTION ?? '' } : null,
    gracethdDatabaseUrl: vars.FIBRE_GRACETHD_DATABASE_URL ?? vars.FIBRE_DATABASE_URL ?? null,
    resultsDatabaseUrl: vars.FIBRE_RESULTS_DATABASE_URL ?? vars.FIBRE_DATABASE_URL ?? null,
  };
}

/** `0` turns the limit off; either variable alone applies, with the default for the other. Undefined: the default limit. */
function rateLimitOf(max: number | undefined, timeWindowMs: number | undefined): AppOptions['rateLimit'] {
  if (max === 0) return false;
  if (max === undefined && timeWindowMs === undefined) return undefined;
  return { max: max ?? DEFAULTS.rateLimit.max, timeWindowMs: timeWindowMs ?? DEFAULTS.rateLimit.timeWindowMs };
}
