/**
 * Tasks through a real browser: create a task with a checklist on /tasks, tick an item, complete it
 * and find it under 已完成; the calendar's week view shows a task due this week; both pages fit a
 * 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('tasks and calendar', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: BrowserContext;
  const stamp = Date.now().toString(36);

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
    user = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await call(user, 'POST', '/auth/signup', { organizationName: `任务测试 ${stamp}`, name: '王任务', email: `tasks+${stamp}@example.com`, password: 'correct-horse-42' });
  }, 180_000);

  afterAll(async () => {
    await user?.close();
    await browser?.close();
    await server?.stop();
  });

  it('creates a task with a checklist, ticks an item, completes it and finds it under 已完成', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/tasks`);
    await page.getByTestId('task-new').click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.getByTestId('task-title').fill('准备季度报价');
    for (const item of ['核对价格', '发送邮件']) {
      await drawer.getByTestId('task-checklist-input').fill(item);
      await drawer.getByTestId('task-checklist-add').click();
    }
    await poll(() => drawer.getByTestId('task-checklist-item').count()).toBe(2);
    await drawer.getByTestId('task-save').click();

    // no due time: it waits under 即将到期
    await page.getByTestId('task-tab-upcoming').click();
    const row = page.getByTestId('task-row').filter({ hasText: '准备季度报价' });
    await poll(() => row.count()).toBe(1);
    await expect(row.getByTestId('task-progress').textContent()).resolves.toContain('0/2');

    // tick the first item in the drawer: saved at once
    await row.getByTestId('task-open').click();
    await page.getByTestId('task-drawer').getByTestId('task-checklist-item').first().click();
    await poll(() => row.getByTestId('task-progress').textContent()).toContain('1/2');
    await page.getByTestId('task-drawer').getByRole('button', { name: /取\s*消/ }).click();
    await screenshot(page, 'tasks-list');

    await row.getByTestId('task-complete').click();
    await poll(() => page.getByTestId('task-row').filter({ hasText: '准备季度报价' }).count()).toBe(0);
    await page.getByTestId('task-tab-done').click();
    await poll(() => page.getByTestId('task-row').filter({ hasText: '准备季度报价' }).count()).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a task due this week in the calendar\'s week view and opens it', async () => {
    await call(user, 'POST', '/tasks', { title: '本周客户拜访', dueAt: new Date().toISOString() });
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/calendar`);
    const item = page.getByTestId('calendar-week').getByTestId('calendar-item').filter({ hasText: '本周客户拜访' });
    await poll(() => item.count()).toBe(1);
    await item.click();
    await poll(() => page.getByTestId('task-drawer').getByTestId('task-title').inputValue()).toBe('本周客户拜访');
    await page.getByTestId('task-drawer').getByRole('button', { name: /取\s*消/ }).click();
    await page.getByTestId('feed-create').click();
    await poll(() => page.getByTestId('feed-url').inputValue()).toMatch(/\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]+\.ics$/);
    await screenshot(page, 'calendar-week');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 375 px phone', async () => {
    const { page, errors } = await openPage(user);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.baseUrl}/tasks`);
    await page.getByTestId('task-tab-done').click();
    await poll(() => page.getByTestId('task-row').count()).toBeGreaterThan(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'tasks-375');
    await page.goto(`${server.baseUrl}/calendar`);
    await poll(() => page.getByTestId('calendar-item').count()).toBeGreaterThan(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await page.getByTestId('calendar-view').getByText('月').click();
    await page.getByTestId('calendar-month').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'calendar-375');
    expect(errors).toEqual([]);
    await page.close();
  });
});
