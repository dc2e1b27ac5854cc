/**
 * Leads through a real browser: create a lead in the generated form, move its status, convert it
 * into a customer and a contact in the convert dialog, and land on the customer 360 page with the
 * contact in its tab and the lead's history on its timeline. Also: a duplicate mobile shows the
 * match with "create anyway", and the pages fit a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { choose, launchBrowser, openPage as openTab, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();


describe.skipIf(!browserOk)('leads: create, qualify, convert', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  const stamp = Date.now().toString(36);
  const admin = { email: `leads+${stamp}@example.com`, password: 'correct-horse-42' };
  const lead = { name: `张三${stamp}`, company: `星火科技${stamp}有限公司`, mobile: '13800138000' };
  let customerUrl = '';

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
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
    await call('POST', '/auth/signup', { organizationName: `线索测试 ${stamp}`, name: '陈经理', email: admin.email, password: admin.password });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  /** The status tag in the detail header (the list behind may show one too while the page changes). */
  const status = (page: Page) => page.getByTestId('record-header').getByTestId('lead-status').textContent();

  const openPage = () => openTab(context);

  it('creates a lead, starts contacting it and converts it into a customer and a contact', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/leads`);

    // the generated form, with the owner question leads add
    await page.getByTestId('record-create').click();
    await page.getByTestId('owner-choice').waitFor();
    await page.locator('#record_name').fill(lead.name);
    await page.locator('#record_company').fill(lead.company);
    await page.locator('#record_mobile').fill('1380013800'); // one digit short
    await page.getByTestId('record-submit').click();
    await page.locator('#record_mobile_help').waitFor();
    await page.locator('#record_mobile').fill('+86 138-0013-8000');
    await page.getByTestId('record-submit').click();
    await page.locator('form#record').waitFor({ state: 'detached' });
    const link = page.locator('[data-testid=record-table] .ant-table-row a', { hasText: lead.name });
    await link.waitFor();
    await link.click();

    // status: new → contacting
    await poll(() => page.getByTestId('record-title').textContent()).toBe(lead.name);
    await poll(() => status(page)).toBe('新线索');
    await page.getByTestId('lead-status-contacting').click();
    await poll(() => status(page)).toBe('跟进中');

    // convert: the dialog is prefilled by the default mapping (company → customer name, lead → contact)
    await page.getByTestId('lead-convert').click();
    await page.locator('#convert_customer_name').waitFor();
    await poll(() => page.locator('#convert_customer_name').inputValue()).toBe(lead.company);
    await poll(() => page.locator('#convert_contact_name').inputValue()).toBe(lead.name);
    // more than the mapping filled in: "all fields" shows the contact's job title too
    await page.getByTestId('convert-more').click();
    await page.locator('#convert_contact_title').fill('采购经理');
    await screenshot(page, 'leads-convert-dialog', { fullPage: false });
    await page.getByTestId('convert-submit').click();

    // lands on the customer 360 page
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    customerUrl = page.url();
    await poll(() => page.getByTestId('record-title').textContent()).toBe(lead.company);
    await poll(() => page.getByTestId('customer-summary').textContent()).toContain(lead.name);

    await page.getByRole('tab', { name: '联系人' }).click();
    await poll(() => page.getByTestId('customer-contacts').textContent()).toContain(lead.name);
    await poll(() => page.getByTestId('customer-contacts').textContent()).toContain('采购经理');

    // the customer's timeline carries the lead's history, marked as coming from the lead
    await page.getByRole('tab', { name: '动态' }).click();
    await poll(() => page.getByTestId('timeline').textContent()).toContain('由线索转化而来');
    await poll(() => page.getByTestId('timeline-from').count()).toBeGreaterThan(0);
    await poll(() => page.getByTestId('timeline').textContent()).toContain('变更了状态');
    await poll(() => page.getByTestId('timeline-from').first().textContent()).toContain('来自线索');
    await screenshot(page, 'leads-customer-timeline');

    // the lead now says where it went
    const leads = await call<{ items: { id: string; name: string; status: string }[] }>('GET', `/leads?q=${encodeURIComponent(lead.name)}`);
    expect(leads.items.map((l) => l.status)).toEqual(['converted']);
    await page.goto(`${server.baseUrl}/leads/${leads.items[0]!.id}`);
    await poll(() => status(page)).toBe('已转化');
    await page.getByTestId('lead-converted-customer').click();
    await page.waitForURL(customerUrl);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a duplicate mobile with its owner and creates anyway when asked', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/leads`);
    await page.getByTestId('record-create').click();
    await page.locator('#record_name').fill(`李四${stamp}`);
    await page.locator('#record_mobile').fill('138 0013 8000');
    await page.getByTestId('record-submit').click();
    await page.getByTestId('duplicate-alert').waitFor();
    await poll(() => page.getByTestId('duplicate-list').textContent()).toContain('陈经理');
    await screenshot(page, 'leads-duplicate', { fullPage: false });
    await page.getByTestId('duplicate-override').click();
    await page.locator('form#record').waitFor({ state: 'detached' });
    await page.locator('[data-testid=record-table] .ant-table-row a', { hasText: `李四${stamp}` }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists my uncontacted leads on the home to-do panel and restores a deleted lead from the recycle bin', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/`);
    await poll(() => page.getByTestId('todo-panel').textContent()).toContain(`李四${stamp}`);

    const gone = await call<{ id: string }>('POST', '/leads', { name: `王五${stamp}`, company: `删除测试${stamp}` });
    const csrf = (await context.cookies()).find((c) => c.name === 'll_csrf')?.value ?? '';
    expect((await context.request.delete(`${server.baseUrl}/api/v1/leads/${gone.id}`, { headers: { 'x-csrf-token': csrf } })).status()).toBe(204);
    await page.goto(`${server.baseUrl}/leads`);
    await page.getByTestId('recycle-bin-link').click();
    await page.waitForURL(/\/leads\/recycle-bin$/);
    const row = page.locator('[data-testid=recycle-table] .ant-table-row', { hasText: `王五${stamp}` });
    await poll(() => row.textContent()).toContain('陈经理'); // deleted by
    await row.getByTestId('restore').click();
    await poll(() => call<{ items: unknown[] }>('GET', `/leads?q=${encodeURIComponent(`王五${stamp}`)}`).then((r) => r.items.length)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets the admin map a lead field to a customer field for later conversions', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/settings/lead-conversion`);
    await choose(page, page.getByTestId('mapping-customer-productInterest'), '备注', '备注');
    await page.getByTestId('mapping-save').click();
    await page.locator('.ant-message-success').waitFor();
    await poll(() => call<{ customer: Record<string, string> }>('GET', '/leads/conversion-mapping').then((m) => m.customer.productInterest)).toBe('remark');
    await screenshot(page, 'leads-mapping');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits a 375 px phone: lead cards and the customer page without horizontal scrolling', async () => {
    const { page, errors } = await openPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.baseUrl}/leads`);
    await page.getByTestId('record-cards').waitFor();
    await poll(() => page.locator('[data-testid=record-cards] .ant-card').count()).toBeGreaterThan(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await page.goto(customerUrl);
    await page.getByTestId('customer-summary').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'leads-customer-375');
    for (const path of ['/customers/handover', '/leads/recycle-bin', '/settings/lead-conversion', '/todo']) {
      await page.goto(`${server.baseUrl}${path}`);
      await page.locator('h3').first().waitFor();
      expect(await pageWidth(page), path).toBeLessThanOrEqual(375);
    }
    await page.goto(`${server.baseUrl}/settings/lead-conversion`);
    await page.getByTestId('mapping-row').first().waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'leads-mapping-375');
    expect(errors).toEqual([]);
    await page.close();
  });
});
