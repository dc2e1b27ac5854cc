/**
 * Quotes through a real browser: a quote's lines are edited with the line-item editor (totals follow),
 * it is marked sent, its PDF downloads, the customer accepts it; the admin sets discount limits;
 * the detail page fits a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('quotes', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: BrowserContext;
  let quoteId = '';
  const stamp = Date.now().toString(36);

  async function call<T = Record<string, any>>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PUT', path: string, data?: unknown): Promise<T> {
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
    await call(user, 'POST', '/auth/signup', { organizationName: `报价测试 ${stamp}`, name: '王报价', email: `quotes+${stamp}@example.com`, password: 'correct-horse-42' });
    const customer = await call(user, 'POST', '/customers', { name: `上海报价测试客户${stamp}`, duplicatePolicy: 'create' });
    const quote = await call(user, 'POST', '/quotes', {
      customerId: customer.id, title: '年度维保报价', lines: [{ productName: '年度维保服务', listPrice: '1000.00', quantity: '2', taxRate: '6' }],
    });
    quoteId = quote.id;
  }, 180_000);

  afterAll(async () => {
    await user?.close();
    await browser?.close();
    await server?.stop();
  });

  it('edits the lines, marks the quote sent, downloads its PDF and records the acceptance', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/quotes`);
    await page.getByText('年度维保报价').first().click();
    await poll(() => page.getByTestId('quote-total').textContent()).toBe('¥2,000.00');
    await poll(() => page.getByTestId('quote-status').first().textContent()).toBe('草稿');

    await page.getByRole('tab', { name: '报价明细' }).click();
    await page.getByTestId('quote-lines-edit').click();
    const qty = page.getByTestId('line-0-quantity');
    await qty.fill('3');
    await page.getByTestId('quote-lines-save').click();
    await poll(() => page.getByTestId('quote-total').textContent()).toBe('¥3,000.00');
    await screenshot(page, 'quote-detail');

    await page.getByTestId('quote-send').click();
    await page.getByRole('button', { name: /确\s*定|OK/ }).last().click();
    await poll(() => page.getByTestId('quote-status').first().textContent()).toBe('已发送');
    await poll(() => page.getByTestId('quote-lines-edit').count()).toBe(0);

    const href = await page.getByTestId('quote-pdf').getAttribute('href');
    expect(href).toBe(`/api/v1/quotes/${quoteId}/pdf`);
    const pdf = await user.request.get(`${server.baseUrl}${href}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    await page.getByTestId('quote-accept').click();
    await page.getByTestId('quote-create-contract').click(); // no contract this time
    await page.getByTestId('quote-accept-ok').click();
    await poll(() => page.getByTestId('quote-status').first().textContent()).toBe('已接受');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('sets a discount limit per role', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/settings/discount-limits`);
    const rep = page.getByTestId('discount-limit-salesRep');
    await rep.fill('12.5');
    await page.getByTestId('discount-limits-save').click();
    await poll(async () => (await call<{ items: { roleKey: string; maxDiscountPct: string | null }[] }>(user, 'GET', '/discount-limits')).items.find((i) => i.roleKey === 'salesRep')?.maxDiscountPct).toBe('12.5');
    await rep.fill('150');
    await page.getByTestId('discount-limits-save').click();
    await poll(() => page.locator('.ant-message-error').count()).toBeGreaterThan(0);
    expect((await call<{ items: { roleKey: string; maxDiscountPct: string | null }[] }>(user, 'GET', '/discount-limits')).items.find((i) => i.roleKey === 'salesRep')?.maxDiscountPct).toBe('12.5');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 375 px phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', storageState: await user.storageState() });
    const { page } = await openPage(phone);
    await page.goto(`${server.baseUrl}/quotes/${quoteId}`);
    await poll(() => page.getByTestId('quote-total').textContent()).toBe('¥3,000.00');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'quote-phone');
    await phone.close();
  });
});
