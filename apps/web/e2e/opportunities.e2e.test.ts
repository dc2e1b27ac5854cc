/**
 * The opportunity board through a real browser: an admin's pipeline has an entry requirement on
 * 方案报价 (预计成交日期). Dragging a card there is blocked with the message naming the field and the
 * card stays where it was; after the date is filled in on the opportunity, the same drag moves it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, openPage as openTab, poll, requireBrowser } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('opportunities: kanban drag with entry requirements', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  const stamp = Date.now().toString(36);
  const admin = { email: `opps+${stamp}@example.com`, password: 'correct-horse-42' };
  const oppName = `看板拖拽-${stamp}`;
  let oppId = '';
  let pipelineId = '';

  async function call<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<T> {
    const csrf = (await context.cookies()).find((c) => c.name === 'll_csrf')?.value ?? '';
    const res = await context.request.fetch(`${server.baseUrl}/api/v1${path}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await call('POST', '/auth/signup', { organizationName: `商机测试 ${stamp}`, name: '钱管理', email: admin.email, password: admin.password });
    const p = await call<{ id: string }>('POST', '/pipelines', {
      name: '标准销售流程', isDefault: true,
      stages: [{ name: '初步接洽', probability: 10 }, { name: '需求确认', probability: 30 }, { name: '方案报价', probability: 60, requiredFields: ['expectedCloseDate'] }],
    });
    pipelineId = p.id;
    const customer = await call<{ id: string }>('POST', '/customers', { name: `看板客户${stamp}`, duplicatePolicy: 'create' });
    oppId = (await call<{ id: string }>('POST', '/opportunities', { name: oppName, customerId: customer.id, amount: '12345.67' })).id;
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const column = (page: Page, stage: string) => page.locator(`[data-testid="board-column"][data-stage-name="${stage}"]`);
  const card = (page: Page) => page.locator(`[data-testid="board-card"][data-name="${oppName}"]`);

  /** Mouse down on the card, move in steps (dnd-kit needs movement past its activation distance), drop on the column. */
  async function drag(page: Page, from: Locator, to: Locator) {
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    // grab the card below its title link (the link itself opens the opportunity)
    const y = a.y + a.height - 8;
    await page.mouse.move(a.x + a.width / 2, y);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 10, y + 10, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + 60, { steps: 15 });
    await page.mouse.up();
  }

  it('blocks a drag into a stage whose entry requirement is missing, then allows it once filled', async () => {
    const { page, errors } = await openTab(context);
    await page.goto(`${server.baseUrl}/opportunities/board?pipelineId=${pipelineId}`);
    await card(page).waitFor();
    await expect(column(page, '初步接洽').getByTestId('column-totals').textContent()).resolves.toContain('¥12,345.67');
    expect(await column(page, '初步接洽').locator('[data-testid="board-card"]').count()).toBe(1);

    await drag(page, card(page), column(page, '方案报价'));
    await poll(() => page.getByTestId('board-blocked').textContent()).toContain('预计成交日期');
    await expect(page.getByTestId('board-blocked').textContent()).resolves.toContain('方案报价');
    // the card snapped back
    await poll(() => column(page, '初步接洽').locator(`[data-name="${oppName}"]`).count()).toBe(1);
    expect(await column(page, '方案报价').locator('[data-testid="board-card"]').count()).toBe(0);
    expect((await call<{ stageName: string }>('GET', `/opportunities/${oppId}`)).stageName).toBe('初步接洽');

    // fill the field, drag again
    await call('PATCH', `/opportunities/${oppId}`, { expectedCloseDate: '2027-03-31' });
    await page.reload();
    await card(page).waitFor();
    await drag(page, card(page), column(page, '方案报价'));
    await poll(() => column(page, '方案报价').locator(`[data-name="${oppName}"]`).count()).toBe(1);
    await poll(async () => (await call<{ stageName: string; probability: number }>('GET', `/opportunities/${oppId}`)).stageName).toBe('方案报价');
    await poll(() => column(page, '方案报价').getByTestId('column-totals').textContent()).toContain('¥7,407.40'); // 12,345.67 × 60% = 7,407.402
    expect(errors).toEqual([]);
  }, 120_000);
});
