import type { AddressInfo } from 'node:net';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { DatabaseError } from '../src/model/errors.js';
import { buildApp } from './app.js';
import { optionsFromEnv } from './config.js';
import { loggerOptions } from './log.js';
import { StoreLockedError } from './store/topology-store.js';

/** Longest a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_DELAY_MS = 10_000;

/** Writes one line to stderr and exits: a setting or a start-up condition the operator must fix, no stack trace. */
function refuse(message: string, code: number): never {
  process.stderr.write(`fibre-resilience API: ${message}\n`);
  process.exit(code);
}

/**
 * Stops on SIGINT/SIGTERM (and on an uncaught error): requests in flight finish, new ones get a
 * 503, the store unlocks its data folder; exits 0, or 1 after an error or past the 10 s delay.
 */
function shutDownGracefully(app: FastifyInstance): void {
  closeWithGrace(
    {
      delay: SHUTDOWN_DELAY_MS,
      logger: app.log,
      onTimeout: () => app.log.error(`requests still running after ${SHUTDOWN_DELAY_MS / 1000} s: exiting anyway`),
      onSecondSignal: (signal) => app.log.error({ signal }, 'second signal while shutting down: exiting now'),
    },
    async ({ signal, err }) => {
      if (err) app.log.error({ err }, 'uncaught error: shutting down');
      else app.log.info({ signal }, 'shutting down: finishing the requests in flight');
      await app.close();
      app.log.info('stopped');
    },
  );
}

/** `npm start`: reads the environment, builds the API, listens, and shuts down gracefully. Logs are pino JSON lines. */
async function main(): Promise<void> {
  let options: ReturnType<typeof optionsFromEnv>;
  try {
    options = optionsFromEnv(process.env);
  } catch (error) {
    refuse((error as Error).message, 2);
  }
  const { port, host, logLevel, ...appOptions } = options;
  let app: FastifyInstance;
  try {
    app = await buildApp({ ...appOptions, logger: loggerOptions(logLevel) });
  } catch (error) {
    if (error instanceof StoreLockedError) refuse(error.message, 1);
    // FIBRE_DATABASE_URL names a database that cannot be used: say why, and never listen.
    if (error instanceof DatabaseError) refuse(`${error.field}: ${error.message}`, 1);
    throw error;
  }
  if (!appOptions.token) app.log.warn('FIBRE_API_TOKEN is not set: the API is read-only (uploads answer 403)');
  shutDownGracefully(app);

  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  app.log.info({ port: address.port, host: address.address }, `fibre-resilience API on http://${host}:${address.port} (docs at /docs)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fibre-resilience API failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
