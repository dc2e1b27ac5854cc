/**
 * Contracts and orders through a real browser: a contract's page shows its amounts (with 大写) and
 * status; once approved it makes an order; the order is shipped in two partial deliveries through
 * the 发货 dialog, which refuses shipping more than is left; the contract page fits a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('contracts and orders', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: BrowserContext;
  let contractId = '';
  const stamp = Date.now().toString(36);

  async function call<T = Record<string, any>>(ctx: BrowserContext, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<T> {
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
    await call(user, 'POST', '/auth/signup', { organizationName: `合同测试 ${stamp}`, name: '王合同', email: `contracts+${stamp}@example.com`, password: 'correct-horse-42' });
    const customer = await call(user, 'POST', '/customers', { name: `杭州合同测试客户${stamp}`, duplicatePolicy: 'create' });
    const contract = await call(user, 'POST', '/contracts', {
      customerId: customer.id, name: '网络设备采购合同', startDate: '2026-01-01', endDate: '2026-12-31',
      lines: [{ productName: '交换机', listPrice: '1000.00', quantity: '10' }, { productName: '光模块', listPrice: '50.00', quantity: '4' }],
    });
    contractId = contract.id;
  }, 180_000);

  afterAll(async () => {
    await user?.close();
    await browser?.close();
    await server?.stop();
  });

  it('shows the contract, makes an order once approved and ships it in two partial deliveries', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/contracts`);
    await page.getByText('网络设备采购合同').first().click();
    await poll(() => page.getByTestId('contract-status').first().textContent()).toBe('草稿');
    await poll(() => page.getByTestId('contract-amount-upper').textContent()).toContain('壹万零贰佰元整');
    expect(await page.getByTestId('contract-new-order').count()).toBe(0); // not approved yet

    // no approval flow in this organization: submitting approves at once
    await call(user, 'POST', '/approvals', { recordType: 'contract', recordId: contractId });
    await page.reload();
    await poll(() => page.getByTestId('contract-status').first().textContent()).toBe('已通过');
    await screenshot(page, 'contract-detail');

    await page.getByTestId('contract-new-order').click();
    await poll(() => page.url()).toMatch(/\/orders\/[0-9a-f-]{36}$/);
    await poll(() => page.getByTestId('order-delivery').first().textContent()).toBe('待发货');
    await page.getByRole('tab', { name: '明细与发货' }).click();

    await page.getByTestId('order-ship').click();
    await page.getByTestId('ship-qty-0').fill('4');
    await page.getByTestId('ship-carrier').fill('顺丰');
    await page.getByTestId('ship-ok').click();
    await poll(() => page.getByTestId('order-delivery').first().textContent()).toBe('部分发货');

    // more than what is left is refused in the dialog; nothing is sent
    await page.getByTestId('order-ship').click();
    await page.getByTestId('ship-qty-0').fill('7');
    await page.getByTestId('ship-ok').click();
    await poll(() => page.getByTestId('ship-error-0').textContent()).toBe('待发 6');
    const order = await call<{ shipments: unknown[] }>(user, 'GET', page.url().replace(/^.*\/orders\//, '/orders/'));
    expect(order.shipments).toHaveLength(1);

    await page.getByTestId('ship-qty-0').fill('6');
    await page.getByTestId('ship-qty-1').fill('4');
    await page.getByTestId('ship-ok').click();
    await poll(() => page.getByTestId('order-delivery').first().textContent()).toBe('已发货');
    await poll(() => page.getByTestId('order-shipments').locator('tr.ant-table-row').count()).toBe(2);
    await screenshot(page, 'order-shipments');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 375 px phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', storageState: await user.storageState() });
    const { page } = await openPage(phone);
    await page.goto(`${server.baseUrl}/contracts/${contractId}`);
    await poll(() => page.getByTestId('contract-status').first().textContent()).toBe('已通过');
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'contract-phone');
    await phone.close();
  });
});
