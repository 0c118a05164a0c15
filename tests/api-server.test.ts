import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { optionsFromEnv } from '../api/config.js';

const root = join(import.meta.dirname, '..');

describe('server settings from the environment', () => {
  it('defaults to 127.0.0.1:3000, read-only, with the documented limits', () => {
    const options = optionsFromEnv({});
    expect(options).toMatchObject({ port: 3000, host: '127.0.0.1', token: undefined, rateLimit: undefined, corsOrigins: undefined });
    expect(options.paging).toEqual({ defaultLimit: 10, maxLimit: 10000 });
  });

  it('reads every variable, and refuses a malformed number', () => {
    const options = optionsFromEnv({
      PORT: '8080', HOST: '0.0.0.0', FIBRE_API_TOKEN: 't', FIBRE_DATA_DIR: '/var/lib/fibre', FIBRE_TOPOLOGY_DIR: '/srv/topology',
      FIBRE_API_BODY_LIMIT: '1000', FIBRE_API_RATE_LIMIT: '5', FIBRE_API_RATE_WINDOW_MS: '1000',
      FIBRE_API_CORS_ORIGINS: 'https://a.example, https://b.example', FIBRE_API_MAX_ITEMS: '500', FIBRE_API_PUBLIC_URL: 'https://fibre.example',
    });
    expect(options).toMatchObject({
      port: 8080, host: '0.0.0.0', token: 't', dataDir: '/var/lib/fibre', topologyDir: '/srv/topology', bodyLimit: 1000,
      rateLimit: { max: 5, timeWindowMs: 1000 }, corsOrigins: ['https://a.example', 'https://b.example'],
      paging: { defaultLimit: 10, maxLimit: 500 }, publicUrl: 'https://fibre.example',
    });
    expect(optionsFromEnv({ FIBRE_API_RATE_LIMIT: '0' }).rateLimit).toBe(false);
    expect(() => optionsFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => optionsFromEnv({ FIBRE_API_BODY_LIMIT: '-1' })).toThrow(/FIBRE_API_BODY_LIMIT/);
  });
});

describe('server.ts as a process', () => {
  it('listens, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', FIBRE_DATA_DIR: mkdtempSync(join(tmpdir(), 'fibre-server-')), LOG_LEVEL: 'info', FIBRE_API_TOKEN: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Array<Record<string, unknown>> = [];
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const port = await new Promise<number>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (chunk) => {
        buffer += chunk;
        for (let i = buffer.indexOf('\n'); i >= 0; i = buffer.indexOf('\n')) {
          const line = JSON.parse(buffer.slice(0, i));
          buffer = buffer.slice(i + 1);
          lines.push(line);
          if (typeof line.port === 'number') resolve(line.port);
        }
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
      setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    });
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(lines.some((l) => String(l.msg).includes('FIBRE_API_TOKEN is not set'))).toBe(true);
    // One line per request at info: the request, its status and time together.
    const completed = lines.filter((l) => l.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({ req: { method: 'GET', url: '/health' }, res: { statusCode: 200 } });
    expect(typeof completed[0].reqId).toBe('string');
    expect(typeof completed[0].responseTime).toBe('number');
    expect(lines.some((l) => l.msg === 'incoming request')).toBe(false);
    expect(lines.map((l) => l.msg)).toContain('stopped');
  });
});
