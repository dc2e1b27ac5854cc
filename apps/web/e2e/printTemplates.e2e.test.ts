/**
 * Print templates through a real browser: an admin starts a quote template from the built-in one,
 * sees a problem reported by line and column (and the server refuse to save it), inserts a field from
 * the list, saves, previews the draft as a PDF on a real quote, and finds it the default; the editor
 * fits a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { choose, launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('print templates', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: BrowserContext;
  let quote: { id: string; number: string };
  const stamp = Date.now().toString(36);

  async function call<T = Record<string, any>>(ctx: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
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
    await call(admin, 'POST', '/auth/signup', { organizationName: `打印测试 ${stamp}`, name: '王打印', email: `print+${stamp}@example.com`, password: 'correct-horse-42' });
    const customer = await call(admin, 'POST', '/customers', { name: `杭州打印测试客户${stamp}`, duplicatePolicy: 'create' });
    quote = await call(admin, 'POST', '/quotes', {
      customerId: customer.id, title: '打印预览报价', lines: [{ productName: '机柜 42U', listPrice: '3200.00', quantity: '2', taxRate: '13' }],
    });
  }, 180_000);

  afterAll(async () => {
    await admin?.close();
    await browser?.close();
    await server?.stop();
  });

  it('edits a template with problems shown by line, saves it, previews it on a real quote', async () => {
    const { page, errors } = await openPage(admin);
    await page.goto(`${server.baseUrl}/settings/print-templates`);
    await poll(() => page.getByTestId('print-template-builtin-hint').textContent()).toContain('标准报价单');
    await page.getByTestId('print-template-new').click();
    const body = page.getByTestId('print-template-body');
    await poll(() => body.inputValue()).toContain('{{#lines}}');
    await poll(() => page.getByTestId('print-template-problems').textContent()).toContain('没有发现问题');

    await body.fill('<h1>报价单 {{number}}</h1>\n<p>{{noSuchField}}</p>');
    await poll(() => page.getByTestId('print-template-problem').first().textContent()).toContain('第 2 行第 4 列');
    await page.getByTestId('print-template-save').click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('未知字段');
    expect(page.url()).toContain('/settings/print-templates/new');

    await body.fill('<h1>报价单 {{number}}</h1>\n<p>客户：</p>');
    await body.click();
    await page.keyboard.press('End'); // the caret after 客户：
    await page.getByTestId('placeholder-customerName').click();
    await poll(() => body.inputValue()).toBe('<h1>报价单 {{number}}</h1>\n<p>客户：</p>{{customerName}}');
    await body.fill('<h1>报价单 {{number}}</h1>\n<p>客户：{{customerName}}</p>\n<table>{{#lines}}<tr><td>{{productName}}</td></tr>{{/lines}}</table>');
    await poll(() => page.getByTestId('print-template-problems').textContent()).toContain('没有发现问题');
    await page.getByTestId('print-template-name-input').fill('简洁报价单');
    await page.getByTestId('print-template-save').click();
    await poll(() => page.url()).toMatch(/\/settings\/print-templates\/[0-9a-f-]{36}$/);

    await choose(page, page.getByTestId('print-preview-record'), quote.number);
    await page.getByTestId('print-preview-run').click();
    await poll(() => page.getByTestId('print-preview-pdf').getAttribute('data')).toMatch(/^blob:/);
    await poll(() => page.getByTestId('print-preview-download').count()).toBe(1);
    await screenshot(page, 'print-template-editor');

    // the first template of its type is the default: printing the quote uses it
    await page.goto(`${server.baseUrl}/settings/print-templates?type=quote`);
    await poll(() => page.getByTestId('print-template-table').textContent()).toContain('简洁报价单');
    await poll(() => page.getByTestId('print-template-table').textContent()).toContain('默认');
    const pdf = await admin.request.get(`${server.baseUrl}/api/v1/print/quote/${quote.id}.pdf`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`报价单-${quote.number}.pdf`)}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 375 px phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 800 }, locale: 'zh-CN', storageState: await admin.storageState() });
    const { page, errors } = await openPage(phone);
    await page.goto(`${server.baseUrl}/settings/print-templates/new?type=payment`);
    await poll(() => page.getByTestId('print-template-body').inputValue()).toContain('收款收据');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await phone.close();
  });
});
