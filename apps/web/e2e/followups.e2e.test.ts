/**
 * 跟进记录 through a real browser: a rep opens a lead, writes a follow-up with outcome 高意向 and a
 * next follow-up time, sees it in the lead's Follow-ups tab and the lead's last follow-up updated;
 * a visit check-in with the browser's location (granted through the context); a denied location
 * explains itself; the drawer fits a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('follow-ups', () => {
  let server: RunningServer;
  let browser: Browser;
  let located: BrowserContext;
  const stamp = Date.now().toString(36);
  const person = { email: `followup+${stamp}@example.com`, password: 'correct-horse-42' };
  const where = { latitude: 30.2741, longitude: 120.1551, accuracy: 25 };
  let leadId = '';

  async function call<T = Record<string, unknown>>(ctx: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const csrf = (await ctx.cookies()).find((c) => c.name === 'll_csrf')?.value ?? '';
    const res = await ctx.request.fetch(`${server.baseUrl}/api/v1${path}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** A context signed in as the test user (cookies copied from the first one). */
  async function signedIn(options: Parameters<Browser['newContext']>[0]): Promise<BrowserContext> {
    const ctx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    await ctx.addCookies(await located.cookies());
    return ctx;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    located = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', permissions: ['geolocation'], geolocation: where });
    await call(located, 'POST', '/auth/signup', { organizationName: `跟进测试 ${stamp}`, name: '陈跟进', ...person });
    const lead = await call<{ id: string }>(located, 'POST', '/leads', {
      name: '王先生', company: `云帆科技-${stamp}`, mobile: '13812345678', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路 90 号', duplicatePolicy: 'create',
    });
    leadId = lead.id;
  }, 180_000);

  afterAll(async () => {
    await located?.close();
    await browser?.close();
    await server?.stop();
  });

  it('writes a follow-up with 高意向 and a next time; the tab and the lead show it', async () => {
    const { page, errors } = await openPage(located);
    await page.goto(`${server.baseUrl}/leads/${leadId}`);
    await page.getByTestId('followup-write').click();
    const drawer = page.getByTestId('followup-drawer');
    await drawer.getByTestId('followup-content').fill('电话沟通，客户对移动端很感兴趣');
    await drawer.getByText('高意向').click();
    await drawer.getByTestId('followup-next-step').fill('发送产品资料');
    await drawer.getByTestId('followup-next-in3Days').click();
    // antd puts the test id on the picker's input or on its wrapper, depending on the version
    const nextAt = drawer.locator('input[data-testid=followup-next-at], [data-testid=followup-next-at] input').first();
    await expect(nextAt.inputValue()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} 10:00$/);
    const planned = await nextAt.inputValue();
    await screenshot(page, 'followup-drawer', { fullPage: false });
    await drawer.getByTestId('followup-save').click();
    await drawer.waitFor({ state: 'hidden' });

    await page.getByRole('tab', { name: '跟进记录' }).click();
    const item = page.getByTestId('followups-tab').getByTestId('followup-item').first();
    await poll(() => item.textContent()).toContain('电话沟通，客户对移动端很感兴趣');
    await expect(item.getByTestId('followup-outcome').textContent()).resolves.toBe('高意向');
    await expect(item.getByTestId('followup-next').textContent()).resolves.toContain(planned);

    // the lead's own fields moved: the header's next follow-up and status, last follow-up content and time
    await poll(() => page.getByTestId('record-header').textContent()).toContain(planned);
    const lead = await call<{ lastFollowupAt: string | null; lastFollowupContent: string | null; nextFollowupAt: string | null; status: string }>(located, 'GET', `/leads/${leadId}`);
    expect(lead.lastFollowupContent).toBe('电话沟通，客户对移动端很感兴趣');
    expect(lead.lastFollowupAt).not.toBeNull();
    expect(lead.nextFollowupAt).not.toBeNull();
    expect(lead.status).toBe('contacting');
    await poll(() => page.getByTestId('record-header').getByTestId('lead-status').textContent()).toBe('跟进中');
    await screenshot(page, 'followup-tab');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('checks in at a visit with the browser\'s location and the confirmed address', async () => {
    const { page, errors } = await openPage(located);
    await page.goto(`${server.baseUrl}/leads/${leadId}`);
    await page.getByTestId('followup-write').click();
    const drawer = page.getByTestId('followup-drawer');
    await drawer.getByTestId('followup-checkin').click();
    await drawer.getByTestId('followup-checkin-done').waitFor();
    await expect(drawer.getByTestId('followup-checkin-coords').textContent()).resolves.toContain('30.274100, 120.155100');
    await expect(drawer.getByTestId('followup-checkin-address').inputValue()).resolves.toBe('浙江省杭州市西湖区文三路 90 号');
    await drawer.getByTestId('followup-checkin-address').fill('杭州市西湖区文三路 90 号 3 楼');
    await drawer.getByTestId('followup-content').fill('上门拜访，见到了 IT 负责人');
    await drawer.getByTestId('followup-save').click();
    await drawer.waitFor({ state: 'hidden' });

    const list = await call<{ items: { type: string; location: { lat: number; lng: number; accuracy: number; address: string } | null }[] }>(located, 'GET', `/followups?recordType=lead&recordId=${leadId}`);
    expect(list.items[0]!.type).toBe('visit'); // checking in makes it a visit
    expect(list.items[0]!.location).toMatchObject({ lat: 30.2741, lng: 120.1551, accuracy: 25, address: '杭州市西湖区文三路 90 号 3 楼' });
    await page.getByRole('tab', { name: '跟进记录' }).click();
    await poll(() => page.getByTestId('followups-tab').getByTestId('followup-location').first().textContent()).toContain('文三路 90 号 3 楼');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so when the location is refused', async () => {
    const denied = await signedIn({ viewport: { width: 1366, height: 900 } });
    // no geolocation: navigator.geolocation answers "permission denied" (code 1) as a refused prompt would
    await denied.addInitScript(() => {
      Object.defineProperty(navigator, 'geolocation', {
        value: { getCurrentPosition: (_ok: unknown, fail: (e: { code: number; message: string }) => void) => setTimeout(() => fail({ code: 1, message: 'User denied Geolocation' }), 10) },
      });
    });
    const { page, errors } = await openPage(denied);
    await page.goto(`${server.baseUrl}/leads/${leadId}`);
    await page.getByTestId('followup-write').click();
    await page.getByTestId('followup-checkin').click();
    await poll(() => page.getByTestId('followup-checkin-error').textContent()).toContain('拒绝了定位权限');
    expect(errors).toEqual([]);
    await page.close();
    await denied.close();
  });

  it('fits a 375 px phone: full-screen drawer, big buttons', async () => {
    const phone = await signedIn({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, permissions: ['geolocation'], geolocation: where });
    const { page, errors } = await openPage(phone);
    await page.goto(`${server.baseUrl}/leads/${leadId}`);
    await page.getByTestId('followup-write').click();
    const drawer = page.getByTestId('followup-drawer');
    await drawer.getByTestId('followup-content').waitFor();
    const box = await page.locator('.ant-drawer-content-wrapper').boundingBox();
    expect(Math.round(box!.width)).toBe(375);
    const save = await drawer.getByTestId('followup-save').boundingBox();
    expect(save!.height).toBeGreaterThanOrEqual(40);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'followup-375', { fullPage: false });
    await drawer.getByTestId('followup-content').fill('微信沟通，约下周演示');
    await drawer.getByText('待培育').click();
    await drawer.getByTestId('followup-save').click();
    await drawer.waitFor({ state: 'hidden' });
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);

    await page.goto(`${server.baseUrl}/followups`);
    await poll(() => page.getByTestId('followup-item').count()).toBe(3);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'followups-list-375');
    expect(errors).toEqual([]);
    await page.close();
    await phone.close();
  });
});
