/**
 * The record framework through a real browser, on customers: create customers (API and the
 * generated form), build an AND/OR filter with a relative date in the filter builder, bulk-transfer,
 * export to Excel, open the detail page and its timeline, and fit a 375 px phone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { choose, launchBrowser, openPage as openTab, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe.skipIf(!browserOk)('record framework on customers', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  const stamp = Date.now().toString(36);
  const admin = { email: `rec+${stamp}@example.com`, password: 'correct-horse-42' };
  const colleague = { name: '王小明', email: `wang+${stamp}@example.com`, password: 'another-horse-43', id: '' };
  const ids: Record<string, string> = {};

  /** JSON API calls in the browser's session (same cookies), with the CSRF header writes need. */
  async function call<T = Record<string, unknown>>(method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const csrf = (await context.cookies()).find((c) => c.name === 'll_csrf')?.value ?? '';
    const res = await context.request.fetch(`${server.baseUrl}/api/v1${path}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    await call('POST', '/auth/signup', { organizationName: `记录框架 ${stamp}`, name: '陈经理', email: admin.email, password: admin.password });
    // a colleague to transfer customers to: invited, then joins with the link from the outbox
    const inv = await call<{ user: { id: string } }>('POST', '/users/invitations', { email: colleague.email, name: colleague.name });
    colleague.id = inv.user.id;
    const outbox = await call<{ items: { to: string; text: string }[] }>('GET', '/admin/outbox');
    const token = /token=([A-Za-z0-9_-]+)/.exec(outbox.items.find((m) => m.to === colleague.email)!.text)![1];
    const accepted = await fetch(`${server.baseUrl}/api/v1/auth/invitations/accept`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token, name: colleague.name, password: colleague.password }),
    });
    expect(accepted.status).toBe(200);
    const seed: [string, Record<string, unknown>][] = [
      ['甲', { grade: 'A', nextFollowupAt: ago(2) }],
      ['乙', { grade: 'B', nextFollowupAt: ago(1) }],
      ['丙', { grade: 'C', nextFollowupAt: ago(1) }], // wrong grade
      ['丁', { grade: 'A', nextFollowupAt: ago(30) }], // too long ago
      ['戊', { grade: 'B' }], // no follow-up at all
    ];
    for (const [key, body] of seed) ids[key] = (await call<{ id: string }>('POST', '/customers', { name: `客户${key}-${stamp}`, duplicatePolicy: 'create', ...body })).id;
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const openPage = () => openTab(context);


  const rowNames = (page: Page) => page.locator('[data-testid=record-table] .ant-table-row a').allTextContents();

  it('creates from the generated form, filters with AND/OR and a relative date, bulk-transfers and exports', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/customers`);
    await poll(async () => (await rowNames(page)).length).toBe(5);

    // the form generated from field metadata: client validation first, then a real create
    await page.getByTestId('record-create').click();
    await page.getByTestId('record-submit').click();
    await page.locator('#record_name_help').waitFor();
    await page.locator('#record_name').fill(`客户己-${stamp}`);
    await page.locator('#record_email').fill('not-an-email');
    await page.getByTestId('record-submit').click();
    await page.locator('#record_email_help').waitFor();
    await page.locator('#record_email').fill('ji@example.com');
    await choose(page, page.locator('#record_grade').locator('xpath=ancestor::div[contains(@class,"ant-select")][1]'), '重点客户');
    await page.getByTestId('record-submit').click();
    // 查重: 客户己 looks like the seeded 客户甲…; the form lists the match and lets the user create anyway
    await page.getByTestId('duplicate-override').click();
    await page.locator('form#record').waitFor({ state: 'detached' });
    await poll(async () => (await rowNames(page)).length).toBe(6);

    // (next follow-up in the last 7 days) AND (grade = A OR grade = B)
    await page.getByTestId('filter-button').click();
    const builder = page.getByTestId('filter-builder');
    const firstRow = builder.getByTestId('filter-row').first();
    await choose(page, firstRow.getByTestId('filter-field'), '下次跟进时间', '下次跟进');
    await choose(page, firstRow.getByTestId('filter-date-mode'), '最近 N 天', '最近');
    await firstRow.getByRole('spinbutton').fill('7');
    await builder.getByTestId('filter-add-group').click();
    const group = builder.getByTestId('filter-group-1');
    await group.getByTestId('filter-add').click();
    for (const [i, label] of [[0, '重点客户'], [1, '普通客户']] as const) {
      const row = group.getByTestId('filter-row').nth(i);
      await choose(page, row.getByTestId('filter-field'), '客户级别', '客户级别');
      await choose(page, row.getByTestId('filter-value'), label);
    }
    await screenshot(page, 'records-filter-builder');
    await page.getByTestId('filter-apply').click();
    await poll(async () => (await rowNames(page)).sort()).toEqual([`客户乙-${stamp}`, `客户甲-${stamp}`]);
    await screenshot(page, 'records-list');

    // bulk-transfer both rows to the colleague
    await page.locator('[data-testid=record-table] .ant-table-thead .ant-checkbox-input').check();
    await page.getByTestId('bulk-transfer').click();
    await choose(page, page.locator('form#bulk .ant-select'), colleague.name, '王小');
    await page.getByTestId('bulk-submit').click();
    await page.getByText('已处理 2 条').waitFor();
    for (const key of ['甲', '乙']) expect((await call<{ ownerId: string }>('GET', `/customers/${ids[key]}`)).ownerId).toBe(colleague.id);
    expect((await call<{ ownerId: string }>('GET', `/customers/${ids['丙']}`)).ownerId).not.toBe(colleague.id);

    // "load all" pages through the API and renders the rows virtualised, still filtered
    await choose(page, page.getByTestId('page-size'), '全部加载');
    await page.locator('[data-testid=record-table] .ant-table-tbody-virtual').waitFor();
    await poll(async () => (await rowNames(page)).sort()).toEqual([`客户乙-${stamp}`, `客户甲-${stamp}`]);

    // export downloads exactly what is filtered, as .xlsx
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
    const file = readFileSync((await download.path())!);
    expect(file.subarray(0, 2).toString()).toBe('PK'); // a zip container, as xlsx files are
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the detail page with key fields and the timeline', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/customers/${ids['甲']}`);
    await poll(() => page.getByTestId('record-title').textContent()).toBe(`客户甲-${stamp}`);
    await poll(() => page.getByTestId('record-header').textContent()).toContain(colleague.name);
    await page.getByRole('tab', { name: '动态' }).click();
    await poll(() => page.getByTestId('timeline').textContent()).toContain('变更了负责人');
    await poll(() => page.getByTestId('timeline').textContent()).toContain('负责人');
    await screenshot(page, 'records-detail');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('turns into cards at 375 px without horizontal scrolling', async () => {
    const { page, errors } = await openPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.baseUrl}/customers`);
    await page.getByTestId('record-cards').waitFor();
    await poll(() => page.locator('[data-testid=record-cards] .ant-card').count()).toBeGreaterThan(0);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    await screenshot(page, 'records-list-375');
    expect(width).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await page.close();
  });
});
