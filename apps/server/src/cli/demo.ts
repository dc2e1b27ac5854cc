import { buildApp } from '../platform/app.ts';
import { loadConfig } from '../platform/config.ts';
import { DEMO_ADMIN_EMAIL, DEMO_PASSWORD, ensureDemoOrganization } from '../modules/demo/seed.ts';

/** `npm run demo`: applies migrations and creates the demo organization (idempotent). */
const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', JOBS_ENABLED: 'false' });
const app = await buildApp(config, { jobs: false });
const { created } = await ensureDemoOrganization(app.ctx);
await app.close();
console.log(`${created ? 'Created' : 'Found'} the demo organization 示例科技有限公司.`);
console.log(`Log in at ${config.publicUrl} as ${DEMO_ADMIN_EMAIL} (or 13800000001) with password ${DEMO_PASSWORD}.`);
console.log('Other demo users: director@, manager1@, manager2@, rep1@ … rep4@, service1@, service2@, finance@, legal@demo.loopline.cn — same password.');
