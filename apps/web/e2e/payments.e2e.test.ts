/**
 * Payments and invoices through a real browser: on an approved contract's page 回款计划 are
 * generated; 登记回款 picks the contract, shows what is still open and warns about an over-payment;
 * the server's refusal is shown in the form; a fitting payment is registered and, once confirmed,
 * counts on the contract. 申请开票 pre-fills from the customer's saved 开票信息 and finance records
 * the issued invoice. Pages fit a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core';
import { choose, launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();
/** antd InputNumber: the test id sits on the input or on its wrapper, depending on the version. */
const num = (page: Page, id: string) => page.locator(`input[data-testid="${id}"], [data-testid="${id}"] input`).first();

describe.skipIf(!browserOk)('payments and invoices', () => {
  let server: RunningServer;
  let browser: Browser;
  let user: BrowserContext;
  let contractId = '';
  let customerId = '';
  const stamp = Date.now().toString(36);
  const contractName = `收款测试合同${stamp}`;

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
    await call(user, 'POST', '/auth/signup', { organizationName: `回款测试 ${stamp}`, name: '徐财务', email: `payments+${stamp}@example.com`, password: 'correct-horse-42' });
    const customer = await call(user, 'POST', '/customers', { name: `福州回款测试客户${stamp}`, duplicatePolicy: 'create' });
    customerId = customer.id;
    const contract = await call(user, 'POST', '/contracts', { customerId, name: contractName, amount: '10000.00', startDate: '2026-01-01', endDate: '2026-12-31' });
    contractId = contract.id;
    await call(user, 'POST', '/approvals', { recordType: 'contract', recordId: contractId }); // no flow: approved at once
    await call(user, 'POST', `/customers/${customerId}/billing-profiles`, {
      titleType: 'company', title: `福州回款测试客户${stamp}`, taxNumber: '91350100M000100Y43', bankName: '招商银行福州分行', bankAccount: '591900000010101', address: '福州市鼓楼区五四路 100 号', phone: '0591-87654321',
    });
  }, 180_000);

  afterAll(async () => {
    await user?.close();
    await browser?.close();
    await server?.stop();
  });

  it('generates plans on the contract, registers a payment with the outstanding shown and refuses an over-payment', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/contracts/${contractId}`);
    await page.getByRole('tab', { name: '回款计划' }).click();
    await page.getByTestId('new-plan').click();
    await num(page, 'plan-count').fill('2');
    await page.getByTestId('plan-save').click();
    await poll(() => page.getByTestId('related-paymentPlan').getByText('第 2 期').count()).toBe(1);

    await page.goto(`${server.baseUrl}/payments`);
    await page.getByTestId('new-payment').click();
    await choose(page, page.getByTestId('contract-picker'), contractName, stamp);
    await poll(() => page.getByTestId('payment-summary').textContent()).toContain('可登记 ¥10,000.00');
    await num(page, 'payment-amount').fill('12000');
    await poll(() => page.getByText('超过可登记金额 ¥10,000.00').count()).toBe(1);
    await page.getByTestId('payment-save').click();
    await poll(() => page.getByTestId('form-error').textContent()).toContain('超过合同未回款金额 ¥10,000.00');
    expect((await call<{ total: number }>(user, 'GET', '/payments')).total).toBe(0);

    await num(page, 'payment-amount').fill('4000');
    await choose(page, page.getByTestId('plan-picker'), '第 1 期');
    await page.getByTestId('payment-save').click();
    await poll(() => page.url()).toMatch(/\/payments\/[0-9a-f-]{36}$/);
    await poll(() => page.getByTestId('payment-status').first().textContent()).toBe('草稿');
    const paymentId = page.url().split('/').pop()!;
    await call(user, 'POST', '/approvals', { recordType: 'payment', recordId: paymentId }); // no 回款确认 flow: confirmed at once
    await page.reload();
    await poll(() => page.getByTestId('payment-status').first().textContent()).toBe('已确认');
    expect(await page.getByTestId('payment-receipt').getAttribute('href')).toBe(`/api/v1/payments/${paymentId}/receipt.pdf`);
    await screenshot(page, 'payment-detail');
    const contract = await call<{ receivedAmount: string }>(user, 'GET', `/contracts/${contractId}`);
    expect(contract.receivedAmount).toBe('4000.00');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('applies for an invoice pre-filled from the saved billing details and issues it', async () => {
    const { page, errors } = await openPage(user);
    await page.goto(`${server.baseUrl}/invoices`);
    await page.getByTestId('new-invoice').click();
    await choose(page, page.getByTestId('contract-picker'), contractName, stamp);
    await poll(() => page.getByTestId('invoice-tax-number').inputValue()).toBe('91350100M000100Y43');
    await num(page, 'invoice-amount').fill('4000');
    await page.getByTestId('invoice-tax-number').fill('91350100M000100Y44');
    await page.getByTestId('invoice-save').click();
    await poll(() => page.getByText('税号不正确').count()).toBeGreaterThan(0);
    await page.getByTestId('invoice-tax-number').fill('91350100M000100Y43');
    await page.getByTestId('invoice-save').click();
    await poll(() => page.url()).toMatch(/\/invoices\/[0-9a-f-]{36}$/);
    const invoiceId = page.url().split('/').pop()!;
    await call(user, 'POST', '/approvals', { recordType: 'invoice', recordId: invoiceId });
    await page.reload();
    await poll(() => page.getByTestId('invoice-status').first().textContent()).toBe('待开票');
    await page.getByTestId('invoice-issue').click();
    await page.getByTestId('invoice-no').fill('24352000000000012345');
    await page.getByTestId('invoice-issue-ok').click();
    await poll(() => page.getByTestId('invoice-status').first().textContent()).toBe('已开票');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows 开票信息 on the customer page, and the payment pages fit a 375 px phone', async () => {
    const { page: desk } = await openPage(user);
    await desk.goto(`${server.baseUrl}/customers/${customerId}`);
    await desk.getByRole('tab', { name: '开票信息' }).click();
    await poll(() => desk.getByTestId('billing-profiles').getByText('91350100M000100Y43', { exact: false }).count()).toBe(1);
    await desk.close();
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN', storageState: await user.storageState() });
    const { page } = await openPage(phone);
    await page.goto(`${server.baseUrl}/payments`);
    await poll(() => page.getByText('¥4,000.00').count()).toBeGreaterThan(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'payments-phone');
    await page.goto(`${server.baseUrl}/invoices`);
    await poll(() => page.getByText('¥4,000.00').count()).toBeGreaterThan(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await phone.close();
  });
});
