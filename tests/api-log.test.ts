import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSecretParameter, redactUrl, serializeRequest } from '../api/log.js';

const root = join(import.meta.dirname, '..');

describe('redactUrl', () => {
  it.each(['token', 'access_token', 'api_key', 'apikey', 'key', 'password', 'TOKEN', 'Api-Key', 'client_secret', 'accessToken', '%74oken', 'user[password]'])(
    'masks the value of ?%s=',
    (name) => {
      expect(redactUrl(`/v1/topologies?${name}=SECRET&limit=5`)).toBe(`/v1/topologies?${name}=[redacted]&limit=5`);
    },
  );

  it('keeps the path, the order and the spelling of every other parameter', () => {
    expect(redactUrl('/ogc/somme/collections/sites/items?bbox=1.5%2C49&f=json&token=a%20b&limit=10&api_key=x&key=')).toBe(
      '/ogc/somme/collections/sites/items?bbox=1.5%2C49&f=json&token=[redacted]&limit=10&api_key=[redacted]&key=[redacted]',
    );
    expect(redactUrl('/v1/topologies')).toBe('/v1/topologies');
    expect(redactUrl('/health?')).toBe('/health?');
    expect(redactUrl('/x?token&monkey=1&keys=2&bbox=3')).toBe('/x?token&monkey=1&keys=2&bbox=3');
    expect(redactUrl('/x?token=1&token=2#token=3')).toBe('/x?token=[redacted]&token=[redacted]#token=3');
    expect(redactUrl('/x?%E0%A4%A=1&password=2')).toBe('/x?%E0%A4%A=1&password=[redacted]');
  });

  it('tells credential names from ordinary ones', () => {
    expect(['limit', 'offset', 'bbox', 'f', 'headend', 'monkey', 'keys', 'tokens'].filter(isSecretParameter)).toEqual([]);
    expect(['sig', 'signature', 'X-Amz-Signature', 'refresh_token', 'passwd', 'auth'].every(isSecretParameter)).toBe(true);
  });
});

describe('serializeRequest', () => {
  it('writes the fields of Fastify’s serializer, the URL redacted, and no headers', () => {
    const serialized = serializeRequest({
      method: 'GET', url: '/v1/topologies?token=SECRET', host: 'localhost:3000', ip: '127.0.0.1',
      headers: { authorization: 'Bearer SECRET', 'accept-version': '1' }, socket: { remotePort: 5555 },
    });
    expect(serialized).toEqual({
      method: 'GET', url: '/v1/topologies?token=[redacted]', version: '1', host: 'localhost:3000', remoteAddress: '127.0.0.1', remotePort: 5555,
    });
    expect(JSON.stringify(serialized)).not.toContain('SECRET');
  });
});

describe('the server’s log', () => {
  it('never writes a bearer token nor a credential sent in the query string', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
      cwd: root,
      env: {
        ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', FIBRE_API_TOKEN: 'SECRET456',
        FIBRE_DATA_DIR: mkdtempSync(join(tmpdir(), 'fibre-log-')),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exit = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', () => {
        const listening = /"port":(\d+)/.exec(output);
        if (listening) resolve(Number(listening[1]));
      });
      void exit.then((code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    const base = `http://127.0.0.1:${port}`;
    const bearer = { authorization: 'Bearer SECRET456' };
    // An unknown parameter is a 400 naming it, never echoing its value.
    const unknown = await fetch(`${base}/v1/topologies?token=SECRET123`, { headers: bearer });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).not.toContain('SECRET123');
    expect((await fetch(`${base}/v1/nothing?access_token=SECRET789&apikey=SECRETABC`, { headers: bearer })).status).toBe(404);
    const wrong = await fetch(`${base}/v1/topologies/x?password=SECRETDEF`, {
      method: 'PUT', headers: { authorization: 'Bearer SECRET000', 'content-type': 'application/json' }, body: '{}',
    });
    expect(wrong.status).toBe(401);
    const stopped = exit;
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);

    for (const secret of ['SECRET123', 'SECRET456', 'SECRET789', 'SECRETABC', 'SECRETDEF', 'SECRET000']) expect(output).not.toContain(secret);
    // The requests were logged, with their URLs masked.
    const urls = output.split('\n').filter(Boolean).map((line) => JSON.parse(line)).flatMap((line) => (line.req?.url ? [line.req.url] : []));
    expect(urls).toEqual([
      '/v1/topologies?token=[redacted]',
      '/v1/nothing?access_token=[redacted]&apikey=[redacted]',
      '/v1/topologies/x?password=[redacted]',
    ]);
  });
});
