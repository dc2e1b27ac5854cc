/**
 * 公海 through a real browser: a rep opens /pool, sees the customers waiting in their pool (contact
 * details masked), claims one; it leaves the pool and shows up in the rep's customers. Also the
 * admin's pool settings page and the pool page at 375 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();


describe.skipIf(!browserOk)('public pool', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: BrowserContext;
  let rep: BrowserContext;
  const stamp = Date.now().toString(36);
  const people = { admin: { email: `pooladmin+${stamp}@example.com`, password: 'correct-horse-42' }, rep: { name: '周小海', email: `poolrep+${stamp}@example.com`, password: 'another-horse-43' } };
  const names = [`星辰科技-${stamp}`, `远山贸易-${stamp}`];
  let poolId = '';

  /** JSON API calls in a browser context's session, with the CSRF header writes need. */
  async function call<T = Record<string, unknown>>(ctx: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const csrf = (await ctx.cookies()).find((c) => c.name === 'll_csrf')?.value ?? '';
    const req: APIRequestContext = ctx.request;
    const res = await req.fetch(`${server.baseUrl}/api/v1${path}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    rep = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await call(admin, 'POST', '/auth/signup', { organizationName: `公海测试 ${stamp}`, name: '刘管理', ...people.admin });
    const roles = await call<{ items: { id: string; key: string }[] }>(admin, 'GET', '/roles');
    const inv = await call<{ user: { id: string } }>(admin, 'POST', '/users/invitations', { email: people.rep.email, name: people.rep.name, roleIds: [roles.items.find((r) => r.key === 'salesRep')!.id] });
    const outbox = await call<{ items: { to: string; text: string }[] }>(admin, 'GET', '/admin/outbox');
    const token = /token=([A-Za-z0-9_-]+)/.exec(outbox.items.find((m) => m.to === people.rep.email)!.text)![1];
    await call(rep, 'POST', '/auth/invitations/accept', { token, name: people.rep.name, password: people.rep.password });
    const pool = await call<{ id: string }>(admin, 'POST', '/pools', { name: '华东公海', recordTypes: ['customer'], memberUserIds: [inv.user.id], hideContacts: true, dailyClaimLimit: 5 });
    poolId = pool.id;
    // customers that went back to the pool
    const ids: string[] = [];
    for (const [i, name] of names.entries()) ids.push((await call<{ id: string }>(admin, 'POST', '/customers', { name, grade: 'B', phone: `1381234567${i}`, duplicatePolicy: 'create' })).id);
    await call(admin, 'POST', '/pools/return', { recordType: 'customer', ids, poolId, reason: '长期未跟进' });
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await rep?.close();
    await browser?.close();
    await server?.stop();
  });

  async function openPage(ctx: BrowserContext): Promise<{ page: Page; errors: string[] }> {
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.setDefaultTimeout(20_000);
    return { page, errors };
  }

  const poolRows = (page: Page) => page.locator('[data-testid=pool-table] .ant-table-row');

  it('a rep claims a customer: it leaves the pool and appears in their customers', async () => {
    const { page, errors } = await openPage(rep);
    await page.goto(`${server.baseUrl}/pool`);
    await poll(() => poolRows(page).count()).toBe(2);
    await expect(page.getByTestId('pool-claims-left').textContent()).resolves.toContain('5 / 5');
    // contact details stay hidden until claimed
    await poll(() => page.getByTestId('pool-table').textContent()).toContain('138****5670');
    await screenshot(page, 'pool-list');

    await poolRows(page).filter({ hasText: names[0]! }).getByTestId('pool-claim').click();
    await poll(() => poolRows(page).count()).toBe(1);
    await expect(poolRows(page).first().textContent()).resolves.toContain(names[1]);
    await poll(() => page.getByTestId('pool-claims-left').textContent()).toContain('4 / 5');

    await page.goto(`${server.baseUrl}/customers`);
    await poll(() => page.locator('[data-testid=record-table] .ant-table-row a').allTextContents()).toEqual([names[0]]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the admin the pool settings and runs recycling on demand', async () => {
    const { page, errors } = await openPage(admin);
    await page.goto(`${server.baseUrl}/settings/pools`);
    await poll(() => page.getByTestId('pool-card').count()).toBe(1);
    await page.getByTestId('recycle-run').click();
    await page.getByTestId('recycle-result').waitFor();
    await screenshot(page, 'pool-settings');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 375 px phone', async () => {
    const { page, errors } = await openPage(rep);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.baseUrl}/pool`);
    await poll(() => page.locator('[data-testid=pool-cards] .ant-card').count()).toBe(1);
    const width = await pageWidth(page);
    await screenshot(page, 'pool-375');
    expect(width).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await page.close();
  });
});
