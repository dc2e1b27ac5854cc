import fs from 'node:fs';
import crypto from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { openDatabase, type Database } from './db/client.ts';
import { migrate } from './db/migrate.ts';
import { errorHandler } from './http/errors.ts';
import { registerAuthentication } from './auth/plugin.ts';
import { createJobQueue } from './jobs/queue.ts';
import { createMailer } from './mail/mailer.ts';
import { createNotifier } from './notifications/notifier.ts';
import { createFileStore } from './files/store.ts';
import { registerModules, registerPublicPages } from '../modules/index.ts';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

export type App = FastifyInstance;

export interface BuildOptions {
  /** reuse an open database (tests share one per file) */
  db?: Database;
  /** start pg-boss workers and schedules (default: config.JOBS_ENABLED) */
  jobs?: boolean;
}

export async function buildApp(config: Config, opts: BuildOptions = {}): Promise<App> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.cookie', 'req.headers.authorization', 'req.headers["x-csrf-token"]'] },
    bodyLimit: Math.round(config.MAX_BODY_KB * 1024),
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    trustProxy: true,
    forceCloseConnections: 'idle',
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });

  const db = opts.db ?? (await openDatabase({ url: config.DATABASE_URL, dataDir: config.dataDir, poolSize: config.DB_POOL_SIZE, allowRlsBypass: config.ALLOW_RLS_BYPASS, log: app.log as never }));
  await migrate(db);
  const ctx: AppContext = {
    config,
    db,
    log: app.log,
    jobs: createJobQueue(config, db, app.log),
    mailer: createMailer(config, db, app.log),
    notifier: createNotifier(db, app.log),
    files: createFileStore(config),
  };
  app.decorate('ctx', ctx);

  await app.register(cookie);
  await app.register(multipart, { limits: { fileSize: config.MAX_UPLOAD_MB * 1024 * 1024, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Loopline API', version: '1', description: 'CRM and sales management. Errors: {error:{code,message,details}}.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'll_session' } } },
      security: [{ apiKey: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  registerAuthentication(app);
  await app.register(registerModules, { prefix: '/api' });
  await app.register(registerPublicPages);

  if (fs.existsSync(config.webDistDir)) {
    // wildcard: files built after start-up are served too; a missing file falls through to the SPA fallback
    await app.register(fastifyStatic, { root: config.webDistDir, wildcard: true, index: 'index.html' });
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || req.url.startsWith('/assets/') || req.method !== 'GET' || !fs.existsSync(config.webDistDir)) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${req.method} ${req.url.split('?')[0]}` } });
    }
    return reply.sendFile('index.html'); // single-page app: the web router decides
  });

  const runJobs = opts.jobs ?? config.JOBS_ENABLED;
  app.addHook('onReady', async () => {
    await ctx.notifier.start();
    if (runJobs) await ctx.jobs.start();
  });
  app.addHook('onClose', async () => {
    // In-flight requests have finished by now; let running jobs finish, then close the database.
    await ctx.jobs.stop();
    await ctx.notifier.stop();
    if (!opts.db) await db.close();
  });
  return app as unknown as App;
}
