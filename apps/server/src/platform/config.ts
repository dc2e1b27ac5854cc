import path from 'node:path';
import { z } from 'zod';

/** Every setting comes from the environment; the README's configuration table mirrors this schema. */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().optional(),
  PUBLIC_URL: z.string().url().optional(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default('Loopline <no-reply@loopline.local>'),
  SESSION_TTL_HOURS: z.coerce.number().positive().default(24 * 7),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCK_MINUTES: z.coerce.number().positive().default(15),
  LOGIN_IP_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(20),
  MAX_BODY_KB: z.coerce.number().positive().default(1024),
  UPLOAD_ALLOWED_TYPES: z
    .string()
    .default('image/*,application/pdf,text/plain,text/csv,application/zip,application/vnd.openxmlformats-officedocument.*,application/msword,application/vnd.ms-excel'),
  JOBS_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ALLOW_RLS_BYPASS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  WEB_DIST_DIR: z.string().optional(),
  DEMO_ENABLED: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string; publicUrl: string; webDistDir: string };

/** npm runs workspace scripts inside the workspace folder; INIT_CWD is where the user typed the command. */
function baseDir(): string {
  return process.env.INIT_CWD ?? process.cwd();
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(baseDir(), c.DATA_DIR ?? 'data');
  const repoRoot = path.resolve(import.meta.dirname, '../../../..');
  return {
    ...c,
    dataDir,
    publicUrl: (c.PUBLIC_URL ?? `http://localhost:${c.PORT}`).replace(/\/$/, ''),
    webDistDir: c.WEB_DIST_DIR ? path.resolve(baseDir(), c.WEB_DIST_DIR) : path.join(repoRoot, 'apps/web/dist'),
  };
}
