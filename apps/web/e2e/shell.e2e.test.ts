/**
 * The shell end to end, in a real browser against the real server: sign-up → log-in → English and back
 * → invite → the invitee joins in a second browser context → logs in → logs out; the getting-started
 * checklist ticks itself; sample data and the header search; and the same screens at 375 px.
 * One server and one browser for the whole file; each test opens its own context (own cookies).
 */
import { gzipSync } from 'node:zlib';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, requireBrowser, screenshot, logOut } from './browser.ts';
import { webRoot } from './paths.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

const stamp = Date.now().toString(36);
const admin = { organization: `云帆贸易 ${stamp}`, name: '陈立', email: `chen.li+${stamp}@example.com`, password: 'shell-horse-42' };
const invitee = { name: '王芳', email: `wang.fang+${stamp}@example.com`, password: 'shell-horse-43' };
const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 800 };

describe.skipIf(!browserOk)('the app shell', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function open(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.setDefaultTimeout(30_000); // generous: CI machines with two cores run the server, Chromium and vitest at once
    return { context, page, errors };
  }

  const text = (page: Page, testId: string) => () => page.getByTestId(testId).first().textContent();
  const noOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

  async function logIn(page: Page, who: { email: string; password: string }) {
    await page.goto(`${server.baseUrl}/login`);
    await page.locator('#login_identifier').fill(who.email);
    await page.locator('#login_password').fill(who.password);
    await page.locator('#login_password').press('Enter'); // Enter submits
    await page.waitForURL(`${server.baseUrl}/`);
    await page.getByTestId('home-greeting').waitFor();
  }

  /** Same-origin API call from inside the page, with the CSRF header the app itself sends. */
  function apiCall<T>(page: Page, method: string, url: string, body?: unknown): Promise<{ status: number; json: T }> {
    return page.evaluate(async ([m, u, b]) => {
      const csrf = decodeURIComponent(/(?:^|; )ll_csrf=([^;]*)/.exec(document.cookie)?.[1] ?? '');
      const headers: Record<string, string> = { 'x-csrf-token': csrf };
      if (b !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`/api/v1${u}`, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) });
      return { status: res.status, json: await res.json().catch(() => null) };
    }, [method, url, body] as const) as Promise<{ status: number; json: T }>;
  }

  const stepDone = (page: Page, key: string) => () => page.getByTestId(`onboarding-step-${key}`).getAttribute('data-done');

  it('signs up, switches language, invites a colleague who joins from a second browser, and logs out', async () => {
    const { context, page, errors } = await open(DESKTOP);
    const second = await open(DESKTOP);
    try {
      await page.goto(`${server.baseUrl}/signup`);
      await page.locator('#signup_organizationName').fill(admin.organization);
      await page.locator('#signup_name').fill(admin.name);
      await page.locator('#signup_email').fill(admin.email);
      await page.locator('#signup_password').fill(admin.password);
      await page.getByTestId('signup-submit').click();
      await page.getByTestId('home-greeting').waitFor();
      await logOut(page);
      await logIn(page, admin);

      // Grouped navigation: built modules show (leads, opportunities); service tickets are not built yet, so they are hidden.
      await expect.poll(text(page, 'nav-home')).toBe('工作台');
      await expect.poll(text(page, 'nav-leads')).toBe('线索');
      await expect.poll(text(page, 'nav-opportunities')).toBe('商机');
      expect(await page.getByTestId('nav-service').count()).toBe(0);
      await expect.poll(stepDone(page, 'invite')).toBe('false');

      // English: our strings and antd's own (Popconfirm buttons) both switch.
      await page.getByTestId('language-switch').click();
      await page.getByTestId('lang-en').click();
      await expect.poll(text(page, 'nav-home')).toBe('Home');
      expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
      await screenshot(page, 'shell-home-en');
      await page.getByTestId('load-sample-data').click();
      await expect.poll(() => page.locator('.ant-popconfirm-buttons').last().textContent()).toMatch(/Cancel\s*OK/);
      await page.locator('.ant-popconfirm-buttons button').first().click();
      // … remembered across a reload, then back to Chinese.
      await page.reload();
      await expect.poll(text(page, 'nav-home')).toBe('Home');
      await page.getByTestId('language-switch').click();
      await page.getByTestId('lang-zh-CN').click();
      await expect.poll(text(page, 'nav-home')).toBe('工作台');

      const invited = await apiCall<{ user: { id: string } }>(page, 'POST', '/users/invitations', { email: invitee.email, name: invitee.name });
      expect(invited.status).toBe(201);
      await page.goto(`${server.baseUrl}/`);
      await expect.poll(stepDone(page, 'invite')).toBe('true');
      await expect.poll(text(page, 'stat-invited')).toContain('1');
      await screenshot(page, 'shell-home-desktop');

      const outbox = await apiCall<{ items: { to: string; text: string }[] }>(page, 'GET', '/admin/outbox');
      const token = /token=([A-Za-z0-9_-]+)/.exec(outbox.json.items.find((m) => m.to === invitee.email)?.text ?? '')?.[1];
      expect(token).toBeTruthy();

      // The colleague, on their own device.
      const p2 = second.page;
      await p2.goto(`${server.baseUrl}/accept-invitation?token=${token}`);
      await p2.locator('#accept_password').fill(invitee.password);
      await p2.locator('#accept_confirm').fill(invitee.password);
      await p2.locator('form#accept button[type=submit]').click();
      await expect.poll(text(p2, 'home-greeting')).toContain(invitee.name);
      // A member: no settings group, no checklist.
      expect(await p2.getByTestId('nav-users').count()).toBe(0);
      expect(await p2.getByTestId('onboarding').count()).toBe(0);
      await logOut(p2);
      await logIn(p2, invitee);
      await expect.poll(text(p2, 'home-greeting')).toContain(invitee.name);
      await logOut(p2);
      await p2.goto(`${server.baseUrl}/`);
      await p2.waitForURL(/\/login(\?.*)?$/);
      expect([...errors, ...second.errors]).toEqual([]);
    } finally {
      await context.close();
      await second.context.close();
    }
  });

  it('loads sample data and finds a customer created through the API with the header search', async () => {
    const { context, page, errors } = await open(DESKTOP);
    try {
      await logIn(page, admin);
      await page.getByTestId('load-sample-data').click();
      await page.locator('.ant-popconfirm-buttons button').last().click();
      await page.getByTestId('sample-data').waitFor({ state: 'detached' });
      await expect.poll(stepDone(page, 'customers')).toBe('true');
      await page.waitForTimeout(500); // let the progress bar finish its animation for the picture
      await screenshot(page, 'shell-home-sample-data');
      // Once only: the server refuses a second load.
      expect((await apiCall(page, 'POST', '/onboarding/sample-data')).status).toBe(409);

      const name = `星河精工 ${stamp}`;
      const created = await apiCall<{ id: string }>(page, 'POST', '/customers', { name });
      expect(created.status).toBe(201);
      const search = page.getByTestId('global-search');
      await search.click();
      await search.pressSequentially('星河精工', { delay: 30 }); // typed like a person: the query is debounced
      await expect.poll(() => page.locator('.ant-select-item-option-active [data-testid=search-result]').textContent()).toContain(name);
      await screenshot(page, 'shell-search-desktop', { fullPage: false });
      await search.press('Enter'); // the first result is active: Enter opens it
      await page.waitForURL(`${server.baseUrl}/customers/${created.json.id}`);
      await screenshot(page, 'shell-customer-desktop');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a 375 px phone on every shell page, with the menu in a drawer and search full-width', async () => {
    const { context, page, errors } = await open(PHONE);
    try {
      for (const path of ['/login', '/signup', '/forgot-password', '/accept-invitation?token=nope-nope-nope-nope-nope']) {
        await page.goto(`${server.baseUrl}${path}`);
        await page.waitForLoadState('networkidle');
        expect(await noOverflow(page), path).toBeLessThanOrEqual(PHONE.width);
      }
      await logIn(page, admin);
      for (const [path, shot] of [['/', 'shell-home-375'], ['/account/profile', 'shell-profile-375'], ['/account/sessions', 'shell-sessions-375']] as const) {
        await page.goto(`${server.baseUrl}${path}`);
        await page.waitForLoadState('networkidle');
        await screenshot(page, shot);
        expect(await noOverflow(page), path).toBeLessThanOrEqual(PHONE.width);
      }
      await page.getByTestId('nav-toggle').click();
      await page.getByTestId('nav-customers').click(); // the drawer navigates and closes
      await page.waitForURL(/\/customers$/);
      await page.getByTestId('search-open').click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('global-search');
      await page.keyboard.type('云栖', { delay: 30 });
      await expect.poll(() => page.getByTestId('search-result').first().textContent()).toContain('杭州云栖');
      await screenshot(page, 'shell-search-375', { fullPage: false });
      expect(await noOverflow(page)).toBeLessThanOrEqual(PHONE.width);
      await page.keyboard.press('Escape');

      // The profile form saves with Enter and keeps what was typed.
      await page.goto(`${server.baseUrl}/account/profile`);
      await page.locator('#profile_name').fill('陈立（销售总监）');
      await page.locator('#profile_name').press('Enter');
      await page.locator('.ant-message-success').waitFor();
      await expect.poll(() => page.locator('#profile_name').inputValue()).toBe('陈立（销售总监）');
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** Everything index.html makes the browser fetch before the first screen: the entry and its preloads. */
describe('initial JavaScript', () => {
  const dist = path.join(webRoot, 'dist');
  it.skipIf(!existsSync(path.join(dist, 'index.html')))('stays within 350 kB gzipped', () => {
    const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    const sizes = files.map((f) => gzipSync(readFileSync(path.join(dist, f))).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.info(`[bundle] initial JS gzip: ${(total / 1000).toFixed(1)} kB (${files.map((f, i) => `${path.basename(f)} ${(sizes[i]! / 1000).toFixed(1)}`).join(', ')})`);
    expect(total).toBeLessThanOrEqual(350_000);
  });
});
