import { buildApp } from './platform/app.ts';
import { loadConfig } from './platform/config.ts';

/** Starts Loopline: migrations, API, web app, jobs. Stops gracefully on SIGINT/SIGTERM. */
const config = loadConfig();
const app = await buildApp(config);
await app.listen({ port: config.PORT, host: config.HOST });
app.log.info(`Loopline is running at ${config.publicUrl} (database: ${app.ctx.db.kind}${app.ctx.db.kind === 'pglite' ? ` in ${config.dataDir}` : ''})`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.log.info(`${signal} received: finishing in-flight requests and jobs`);
    const force = setTimeout(() => {
      app.log.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
