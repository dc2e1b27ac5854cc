/**
 * An administrator hides a field for a role through the roles page, and a member holding that role
 * no longer sees it: not in the customers list, not on the detail page, not in the Excel export.
 * Also screenshots the permission matrix, the "view as this role" preview and an audit diff.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { APIRequestContext, Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

/** API calls with the context's cookies, echoing the CSRF cookie like the web app does. */
async function apiCall(context: BrowserContext, method: 'GET' | 'POST' | 'PATCH', url: string, data?: unknown) {
  const csrf = (await context.cookies()).find((c) => c.name === 'll_csrf')?.value;
  const request: APIRequestContext = context.request;
  const res = await request.fetch(url, { method, data, headers: csrf ? { 'x-csrf-token': csrf } : {} });
  return res;
}

describe.skipIf(!browserOk)('field permissions through the roles page', () => {
  let server: RunningServer;
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const PHONE = '13812345678';
  const CUSTOMER = `杭州隐私测试 ${stamp}`;
  const ADMIN_PHONE = '13900001111';
  const ADMIN_CUSTOMER = `管理员的客户 ${stamp}`;
  const adminLogin = { identifier: `admin+${stamp}@example.com`, password: 'correct-horse-42' };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('hides customers’ phone from sales reps in list, detail and export', async () => {
    const errors: string[] = [];
    const admin = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    const rep = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'zh-CN' });
    try {
      const u = (p: string) => `${server.baseUrl}${p}`;
      // --- set-up through the API: an organization, an invited and joined sales rep, one customer of theirs
      const signup = await apiCall(admin, 'POST', u('/api/v1/auth/signup'), { organizationName: `权限测试 ${stamp}`, name: '管理员', email: `admin+${stamp}@example.com`, password: 'correct-horse-42' });
      expect(signup.status(), await signup.text()).toBe(201);
      const roles = (await (await apiCall(admin, 'GET', u('/api/v1/roles'))).json()).items as { id: string; key: string }[];
      const salesRep = roles.find((r) => r.key === 'salesRep')!;
      const repEmail = `rep+${stamp}@example.com`;
      expect((await apiCall(admin, 'POST', u('/api/v1/users/invitations'), { email: repEmail, name: '销售小王', roleIds: [salesRep.id] })).status()).toBe(201);
      const outbox = (await (await apiCall(admin, 'GET', u('/api/v1/admin/outbox'))).json()).items as { to: string; text: string }[];
      const token = /token=([A-Za-z0-9_-]+)/.exec(outbox.find((m) => m.to === repEmail)!.text)![1];
      expect((await apiCall(rep, 'POST', u('/api/v1/auth/invitations/accept'), { token, name: '销售小王', password: 'correct-horse-42' })).status()).toBe(200);
      const created = await apiCall(rep, 'POST', u('/api/v1/customers'), { name: CUSTOMER, phone: PHONE });
      expect(created.status(), await created.text()).toBe(201);
      const customerId = (await created.json()).id as string;
      // the preview evaluates the data scope from the admin's own position: give the admin a customer of their own
      expect((await apiCall(admin, 'POST', u('/api/v1/customers'), { name: ADMIN_CUSTOMER, phone: ADMIN_PHONE })).status()).toBe(201);
      // before: the rep owns it and sees the phone on the detail (masked only in lists by default)
      expect((await (await apiCall(rep, 'GET', u(`/api/v1/customers/${customerId}`))).json()).phone).toBe(PHONE);

      // --- the admin hides the phone for 销售 and grants them export, on the roles page
      const page = await admin.newPage();
      page.on('pageerror', (e) => errors.push(e.message));
      page.setDefaultTimeout(20_000);
      await page.goto(u('/settings/roles'));
      await page.getByTestId('role-item-salesRep').click();
      await page.getByTestId('perm-customer-export').check();
      await screenshot(page, 'admin-roles-matrix');
      await page.getByTestId('tab-fields').click();
      await page.getByTestId('field-access-phone').getByText('隐藏').click();
      await screenshot(page, 'admin-roles-fields');
      await page.getByTestId('role-save').click();
      await page.getByText('权限已保存').waitFor();

      await page.getByTestId('tab-preview').click();
      await page.getByTestId('role-preview').getByText(ADMIN_CUSTOMER).waitFor();
      expect(await page.getByTestId('role-preview').textContent()).not.toContain(ADMIN_PHONE);
      expect(await page.getByTestId('role-preview').textContent()).not.toContain(CUSTOMER); // 仅本人: not the rep's
      await expect.poll(() => page.getByTestId('role-preview').textContent()).toContain('隐藏: 电话');
      await screenshot(page, 'admin-roles-preview');

      // --- the rep: API list, detail and export carry no phone
      const list = (await (await apiCall(rep, 'GET', u('/api/v1/customers'))).json()).items as Record<string, unknown>[];
      expect(list.map((c) => c.name)).toContain(CUSTOMER);
      for (const c of list) expect(c).not.toHaveProperty('phone');
      expect(await (await apiCall(rep, 'GET', u(`/api/v1/customers/${customerId}`))).json()).not.toHaveProperty('phone');
      const xlsx = await apiCall(rep, 'GET', u('/api/v1/customers/export.xlsx'));
      expect(xlsx.status()).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await xlsx.body()) as never);
      const cells = book.worksheets.flatMap((ws) => ws.getSheetValues().flat().map((v) => String(v ?? '')));
      expect(cells).toContain(CUSTOMER);
      expect(cells.join('|')).not.toContain(PHONE);
      expect(cells).not.toContain('电话');

      // --- and in the browser: the customers list and the detail page
      const repPage = await rep.newPage();
      repPage.on('pageerror', (e) => errors.push(e.message));
      repPage.setDefaultTimeout(20_000);
      await repPage.goto(u('/customers'));
      await repPage.getByText(CUSTOMER).first().waitFor();
      const listText = (await repPage.locator('body').textContent()) ?? '';
      expect(listText).not.toContain(PHONE);
      expect(listText).not.toContain('138****5678');
      await screenshot(repPage, 'admin-rep-customers-list');
      await repPage.goto(u(`/customers/${customerId}`));
      await repPage.getByText(CUSTOMER).first().waitFor();
      expect((await repPage.locator('body').textContent()) ?? '').not.toContain(PHONE);
      await screenshot(repPage, 'admin-rep-customer-detail');

      // --- the change is in the audit log, field by field
      await page.goto(u('/settings/audit'));
      // the newest entries may be the rep's export; open the role change
      await page.getByTestId('audit-table').locator('tr', { hasText: '权限变更' }).first().getByRole('button', { name: '查看' }).click();
      await page.getByTestId('audit-diff').waitFor();
      // nested permission changes read leaf by leaf
      expect(await page.getByTestId('audit-diff').textContent()).toContain('permissions.fields.customer.phone');
      await page.waitForTimeout(400); // let the drawer finish sliding in
      await screenshot(page, 'admin-audit-diff');
      expect(errors).toEqual([]);
    } finally {
      await admin.close();
      await rep.close();
    }
  });

  it('fits the settings pages on a 375px-wide phone', async () => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' });
    try {
      expect((await apiCall(context, 'POST', `${server.baseUrl}/api/v1/auth/login`, adminLogin)).status()).toBe(200);
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      for (const path of ['organization', 'roles', 'custom-fields', 'numbering', 'api-keys', 'email', 'audit', 'departments']) {
        await page.goto(`${server.baseUrl}/settings/${path}`);
        await page.locator('h3').first().waitFor();
        await page.waitForLoadState('networkidle');
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (path === 'roles') await screenshot(page, 'admin-roles-375');
        expect(width, `/settings/${path} overflows`).toBeLessThanOrEqual(375);
      }
    } finally {
      await context.close();
    }
  });
});
