import { availableParallelism } from 'node:os';
import { isAbsolute } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULTS, EnvError, optionsFromEnv, resolveOptions } from '../api/config.js';

/** The error `optionsFromEnv(env)` throws. */
function envError(env: Record<string, string>): EnvError {
  try {
    optionsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`no error for ${JSON.stringify(env)}`);
}

describe('optionsFromEnv', () => {
  it('applies the rate window alone to the default limit, and the limit alone to the default window', () => {
    expect(optionsFromEnv({ FIBRE_API_RATE_WINDOW_MS: '1000' }).rateLimit).toEqual({ max: DEFAULTS.rateLimit.max, timeWindowMs: 1000 });
    expect(optionsFromEnv({ FIBRE_API_RATE_LIMIT: '5' }).rateLimit).toEqual({ max: 5, timeWindowMs: DEFAULTS.rateLimit.timeWindowMs });
    expect(optionsFromEnv({ FIBRE_API_RATE_LIMIT: '0', FIBRE_API_RATE_WINDOW_MS: '1000' }).rateLimit).toBe(false);
    expect(optionsFromEnv({}).rateLimit).toBeUndefined();
  });

  it.each([
    ['PORT', '65536'],
    ['PORT', 'eighty'],
    ['HOST', 'local host'],
    ['LOG_LEVEL', 'verbose'],
    ['FIBRE_API_TOKEN', 'tab\tinside'],
    ['FIBRE_API_BODY_LIMIT', '0'],
    ['FIBRE_API_BODY_LIMIT', '-1'],
    ['FIBRE_API_IMPORT_LIMIT', '1.5'],
    ['FIBRE_API_IMPORT_LIMIT', '99999999999'],
    ['FIBRE_API_RATE_LIMIT', '-3'],
    ['FIBRE_API_RATE_WINDOW_MS', '0'],
    ['FIBRE_API_CORS_ORIGINS', 'https://a.example/path'],
    ['FIBRE_API_PUBLIC_URL', 'fibre.example'],
    ['FIBRE_API_PUBLIC_URL', 'ftp://fibre.example'],
    ['FIBRE_API_TRUST_PROXY', 'maybe'],
    ['FIBRE_API_MAX_ITEMS', '0'],
    ['FIBRE_API_WORKERS', '0'],
    ['FIBRE_API_WORKERS', '33'],
    ['FIBRE_API_DEADLINE_MS', '99'],
    ['FIBRE_API_DEADLINE_MS', '3600001'],
    ['FIBRE_API_MAX_QUEUE', '10001'],
    ['FIBRE_API_CACHE_MB', '15'],
    ['FIBRE_API_CACHE_MB', '65537'],
  ])('names %s when it is "%s"', (variable, value) => {
    const error = envError({ [variable]: value });
    expect(error.variables).toEqual([variable]);
    expect(error.message).toMatch(new RegExp(`^${variable}: `));
  });

  it('names every malformed variable at once, and never echoes the token', () => {
    const error = envError({ PORT: '-1', FIBRE_API_WORKERS: 'many', FIBRE_API_TOKEN: 'secret\u0007', FIBRE_API_MAX_ITEMS: '10' });
    expect(error.variables).toEqual(['PORT', 'FIBRE_API_TOKEN', 'FIBRE_API_WORKERS']);
    expect(error.message).toContain('PORT: expected an integer from 0 to 65535, got "-1"');
    expect(error.message).toContain('FIBRE_API_WORKERS: expected an integer from 1 to 32, got "many"');
    expect(error.message).not.toContain('secret');
  });

  it('accepts the bounds, trims values, and takes blank ones as unset', () => {
    const options = optionsFromEnv({
      PORT: ' 0 ', HOST: '::1', LOG_LEVEL: 'debug', FIBRE_API_TOKEN: '', FIBRE_DATA_DIR: '  ',
      FIBRE_API_WORKERS: '32', FIBRE_API_DEADLINE_MS: '100', FIBRE_API_MAX_QUEUE: '0', FIBRE_API_CACHE_MB: '65536',
      FIBRE_API_TRUST_PROXY: 'TRUE', FIBRE_API_CORS_ORIGINS: '*', FIBRE_API_MAX_ITEMS: '5',
    });
    expect(options).toMatchObject({
      port: 0, host: '::1', logLevel: 'debug', token: undefined, dataDir: undefined,
      workers: 32, deadlineMs: 100, maxQueue: 0, cacheMb: 65536, trustProxy: true, corsOrigins: ['*'],
      paging: { defaultLimit: 5, maxLimit: 5 },
    });
    expect(optionsFromEnv({ FIBRE_API_TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(optionsFromEnv({}).logLevel).toBe('info');
  });
});

describe('resolveOptions', () => {
  it('fills in the job-pool defaults', () => {
    const resolved = resolveOptions({});
    expect(resolved).toMatchObject({ deadlineMs: 30_000, maxQueue: 32, cacheMb: 512, cacheSize: 32 });
    expect(resolved.workers).toBe(Math.max(1, Math.min(4, availableParallelism())));
    expect(isAbsolute(resolved.dataDir)).toBe(true);
    expect(resolveOptions({ workers: 2, deadlineMs: 500, maxQueue: 0, cacheMb: 16 })).toMatchObject({ workers: 2, deadlineMs: 500, maxQueue: 0, cacheMb: 16 });
  });
});
