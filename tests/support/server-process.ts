import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { tinyTopology } from './api.js';

const root = join(import.meta.dirname, '..', '..');

/** A real `api/server.ts` process. */
export interface ServerProcess {
  child: ChildProcess;
  /** The port it listens on; rejects if it exits first. */
  port: Promise<number>;
  /** Its exit code. */
  exited: Promise<number | null>;
  stdout(): string;
  stderr(): string;
}

const running: ChildProcess[] = [];

/**
 * Starts `api/server.ts` from the sources on a free port, with `env` over the test's environment;
 * `killServers` (in an `afterEach`) ends those still running.
 *
 * @example
 * const server = startServer({ FIBRE_DATA_DIR: dir });
 * const port = await server.port;
 */
export function startServer(env: Record<string, string>): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const listening = /"port":(\d+)/.exec(stdout);
      if (listening) resolve(Number(listening[1]));
    });
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  port.catch(() => undefined);
  return { child, port, exited, stdout: () => stdout, stderr: () => stderr };
}

/** Kills (SIGKILL) every server `startServer` started that is still running. */
export function killServers(): void {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** A version acknowledged by a server: what a later read must give back. */
export interface Ack {
  id: string;
  version: number;
  etag: string;
  name: string;
}

/** PUTs a topology named `name`; resolves to the acknowledgement, or to the status of a refusal. */
export async function putTopology(port: number, token: string, id: string, name: string, headers: Record<string, string> = {}): Promise<Ack | number> {
  const res = await fetch(`http://127.0.0.1:${port}/v1/topologies/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(tinyTopology(name)),
  });
  await res.arrayBuffer();
  if (res.status !== 200 && res.status !== 201) return res.status;
  return { id, version: Number(res.headers.get('topology-version')), etag: res.headers.get('etag')!, name };
}
