/**
 * Integration-test harness: a fresh database per test file — in-memory PGlite by default, a new
 * PostgreSQL database when TEST_DATABASE_URL is set — and a cookie-keeping client over app.inject.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import pg from 'pg';
import type { LightMyRequestResponse } from 'fastify';
import { CSRF_COOKIE, CSRF_HEADER, SESSION_COOKIE } from '@loopline/shared';
import { buildApp, type App } from '../platform/app.ts';
import { loadConfig, type Config } from '../platform/config.ts';
import { openDatabase, type Database } from '../platform/db/client.ts';

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

/** Creates an empty PostgreSQL database on the TEST_DATABASE_URL server and returns its URL. */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(process.env.TEST_DATABASE_URL!);
  const name = `ll_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestEnv {
  app: App;
  db: Database;
  config: Config;
  dataDir: string;
  /** a second app on the same database (PostgreSQL: its own connection pool) */
  close(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}, opts: { jobs?: boolean } = {}): Promise<TestEnv> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-test-'));
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (usingPostgres) {
    const created = await createPostgresDatabase();
    url = created.url;
    drop = created.drop;
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...(url ? { DATABASE_URL: url } : {}), ...env } as NodeJS.ProcessEnv);
  const db = await openDatabase({ url, dataDir: url ? null : null, poolSize: 5 });
  const app = await buildApp(config, { db, jobs: opts.jobs ?? false });
  await app.ready();
  return {
    app,
    db,
    config,
    dataDir,
    async close() {
      await app.close();
      await db.close();
      await drop?.();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

type Body = Record<string, unknown> | unknown[] | undefined;

/** Keeps cookies like a browser and sends the CSRF header on writes like the web app does. */
export class TestClient {
  cookies: Record<string, string> = {};
  constructor(public app: App, public headers: Record<string, string> = {}) {}

  async request(method: string, url: string, body?: Body, extraHeaders: Record<string, string> = {}): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = { ...this.headers, ...extraHeaders };
    const cookie = Object.entries(this.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    if (cookie) headers.cookie = cookie;
    if (method !== 'GET' && this.cookies[CSRF_COOKIE]) headers[CSRF_HEADER] = this.cookies[CSRF_COOKIE];
    const res = await this.app.inject({ method: method as 'GET', url, payload: body as never, headers });
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      if (c.value === '' || c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now())) delete this.cookies[c.name];
      else this.cookies[c.name] = c.value;
    }
    return res;
  }
  get(url: string) { return this.request('GET', url); }
  post(url: string, body?: Body) { return this.request('POST', url, body ?? {}); }
  patch(url: string, body: Body) { return this.request('PATCH', url, body); }
  put(url: string, body: Body) { return this.request('PUT', url, body); }
  delete(url: string) { return this.request('DELETE', url); }
  get loggedIn() { return Boolean(this.cookies[SESSION_COOKIE]); }
}

let counter = 0;
export interface SignedUp { client: TestClient; tenantId: string; userId: string; email: string; password: string }

/** Signs up a new organization through the public API; the client is logged in as its admin. */
export async function signUp(app: App, overrides: Partial<{ organizationName: string; name: string; email: string; password: string }> = {}): Promise<SignedUp> {
  counter += 1;
  const email = overrides.email ?? `admin${counter}-${crypto.randomBytes(3).toString('hex')}@example.com`;
  const password = overrides.password ?? 'correct-horse-42';
  const client = new TestClient(app);
  const res = await client.post('/api/v1/auth/signup', {
    organizationName: overrides.organizationName ?? `测试公司${counter}`,
    name: overrides.name ?? '管理员',
    email,
    password,
  });
  if (res.statusCode !== 201) throw new Error(`signup failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { user: { id: string }; tenant: { id: string } };
  return { client, tenantId: body.tenant.id, userId: body.user.id, email, password };
}

/**
 * Creates an active user in the tenant with the given role keys, through the invitation flow
 * (admin invites, the invitee accepts via the token from the outbox), and returns a logged-in client.
 */
export async function addUser(
  env: { app: App },
  admin: TestClient,
  opts: { name: string; email: string; roleKeys: string[]; departmentId?: string; managerId?: string; password?: string },
): Promise<{ client: TestClient; userId: string }> {
  const roles = (await admin.get('/api/v1/roles')).json() as { items: { id: string; key: string }[] };
  const roleIds = opts.roleKeys.map((k) => {
    const r = roles.items.find((x) => x.key === k);
    if (!r) throw new Error(`no role ${k}`);
    return r.id;
  });
  const inv = await admin.post('/api/v1/users/invitations', { email: opts.email, name: opts.name, roleIds, departmentId: opts.departmentId, managerId: opts.managerId });
  if (inv.statusCode !== 201) throw new Error(`invite failed: ${inv.statusCode} ${inv.body}`);
  const outbox = (await admin.get('/api/v1/admin/outbox')).json() as { items: { to: string; text: string }[] };
  const mail = outbox.items.find((m) => m.to === opts.email);
  const token = mail && /token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error('invitation mail not found in outbox');
  const client = new TestClient(env.app);
  const acc = await client.post('/api/v1/auth/invitations/accept', { token, name: opts.name, password: opts.password ?? 'correct-horse-42' });
  if (acc.statusCode !== 200) throw new Error(`accept failed: ${acc.statusCode} ${acc.body}`);
  return { client, userId: (inv.json() as { user: { id: string } }).user.id };
}
