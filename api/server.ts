import type { AddressInfo } from 'node:net';
import { buildApp } from './app.js';
import { optionsFromEnv } from './config.js';

/**
 * `npm start`: reads the environment, listens, and shuts down gracefully on SIGINT/SIGTERM
 * (requests in flight finish, new ones get a 503, the process exits 0). Logs are pino JSON lines.
 */
async function main(): Promise<void> {
  let options: ReturnType<typeof optionsFromEnv>;
  try {
    options = optionsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`fibre-resilience API: ${(error as Error).message}\n`);
    process.exit(2);
  }
  const { port, host, ...appOptions } = options;
  const app = await buildApp({
    ...appOptions,
    logger: { level: process.env.LOG_LEVEL || 'info', redact: ['req.headers.authorization'] },
  });
  if (!appOptions.token) app.log.warn('FIBRE_API_TOKEN is not set: the API is read-only (uploads answer 403)');

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down: finishing the requests in flight');
    const force = setTimeout(() => {
      app.log.error('requests still running after 10 s: exiting anyway');
      process.exit(1);
    }, 10_000);
    force.unref();
    app.close().then(
      () => {
        app.log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        app.log.error({ err: error }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  await app.listen({ port, host });
  const address = app.server.address() as AddressInfo;
  app.log.info({ port: address.port, host: address.address }, `fibre-resilience API on http://${host}:${address.port} (docs at /docs)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fibre-resilience API failed to start: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
