/**
 * Products through a real browser: the category tree scopes the list, the product page shows the
 * price books it is in, and the price-book settings page edits a product's price with quantity tiers
 * (a tier out of order is refused on its own input). /products and /settings/price-books fit 375 px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { choose, launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('products and price books', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: BrowserContext;
  const stamp = Date.now().toString(36);
  const ids: Record<string, string> = {};

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
    await call(user, 'POST', '/auth/signup', { organizationName: `产品测试 ${stamp}`, name: '李产品', email: `products+${stamp}@example.com`, password: 'correct-horse-42' });
    ids.soft = (await call(user, 'POST', '/product-categories', { name: '软件' })).id;
    ids.saas = (await call(user, 'POST', '/product-categories', { name: 'SaaS', parentId: ids.soft })).id;
    ids.hw = (await call(user, 'POST', '/product-categories', { name: '硬件' })).id;
    ids.crm = (await call(user, 'POST', '/products', { code: 'CRM-STD', name: 'Loopline CRM 标准版 年费', categoryId: ids.saas, unit: '用户/年', listPrice: '1980', taxRate: '6' })).id;
    ids.scan = (await call(user, 'POST', '/products', { code: 'HW-SCAN', name: '扫码枪 LS-200', categoryId: ids.hw, unit: '台', listPrice: '299' })).id;
    ids.book = (await call(user, 'POST', '/price-books', { name: '零售价', isDefault: true })).id;
    await call(user, 'PUT', `/price-books/${ids.book}/entries/${ids.crm}`, { price: '1880', tiers: [{ minQuantity: '50', price: '1780' }] });
  }, 180_000);

  afterAll(async () => {
    await user?.close();
    await browser?.close();
    await server?.stop();
  });

  it('scopes the list to a category subtree and shows a product with its price books', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/products`);
    const table = page.getByTestId('record-table');
    await poll(() => table.textContent()).toContain('扫码枪 LS-200');
    await page.getByTestId('category-软件').click();
    await poll(() => table.textContent()).toContain('Loopline CRM 标准版 年费');
    await poll(() => table.textContent()).not.toContain('扫码枪 LS-200');
    expect(page.url()).toContain(`category=${ids.soft}`);
    await page.getByTestId('category-all').click();
    await poll(() => table.textContent()).toContain('扫码枪 LS-200');
    await table.getByRole('link', { name: 'Loopline CRM 标准版 年费' }).click();
    await poll(() => page.getByTestId('record-title').textContent()).toContain('Loopline CRM 标准版 年费');
    await expect(page.getByTestId('record-header').textContent()).resolves.toContain('¥1,980.00');
    await page.getByRole('tab', { name: '价格表' }).click();
    const books = page.getByTestId('product-price-books');
    await poll(() => books.textContent()).toContain('零售价');
    await expect(books.textContent()).resolves.toContain('≥50: ¥1,780.00');
    expect(errors).toEqual([]);
  });

  it('adds a product price with tiers on the price-book page; tiers out of order are refused on their input', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/settings/price-books`);
    await poll(() => page.getByTestId('price-book-list').textContent()).toContain('零售价');
    await poll(() => page.getByTestId('entry-table').textContent()).toContain('CRM-STD');
    await page.getByTestId('entry-add').click();
    await choose(page, page.getByTestId('entry-product'), '扫码枪 LS-200', '扫码');
    await poll(() => page.getByTestId('entry-price').inputValue()).toBe('299.00');
    await page.getByTestId('entry-price').fill('289');
    await page.getByTestId('tier-add').click();
    await page.getByTestId('tier-0-min').fill('10');
    await page.getByTestId('tier-0-price').fill('279');
    await page.getByTestId('tier-add').click();
    await page.getByTestId('tier-1-min').fill('5');
    await page.getByTestId('tier-1-price').fill('269');
    await page.getByTestId('entry-save').click();
    await poll(() => page.getByTestId('tier-1').textContent()).toContain('ascending');
    await page.getByTestId('tier-1-min').fill('50');
    await page.getByTestId('entry-save').click();
    const table = page.getByTestId('entry-table');
    await poll(() => table.textContent()).toContain('≥50台: ¥269.00');
    await expect(table.textContent()).resolves.toContain('≥10台: ¥279.00');
    const price = await call(user, 'GET', `/products/${ids.scan}/price?quantity=12`);
    expect(price).toMatchObject({ price: '279.00', source: 'tier' });
    expect(errors).toEqual([]);
  });

  it('fits a 375 px phone: the category tree folds above the list', async () => {
    const { page, errors } = await openPage(user);
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.baseUrl}/products`);
    const cards = page.getByTestId('record-cards');
    await poll(() => cards.textContent()).toContain('扫码枪 LS-200');
    expect(await page.getByTestId('category-tree').isVisible()).toBe(false);
    await page.getByTestId('category-panel').getByText('分类').click();
    await page.getByTestId('category-硬件').click();
    await poll(() => cards.textContent()).toContain('扫码枪 LS-200');
    await poll(() => cards.textContent()).not.toContain('Loopline CRM');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'products-375');
    await page.goto(`${server.baseUrl}/settings/price-books`);
    await poll(() => page.getByTestId('entry-table').textContent()).toContain('CRM-STD');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'price-books-375');
    expect(errors).toEqual([]);
  });
});
