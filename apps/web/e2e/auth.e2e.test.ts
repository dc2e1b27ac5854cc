/**
 * The first thing anyone does with Loopline, driven through a real browser against the real server:
 * create an organization, land on its home page, log out, log back in, log out. Plus a phone-width check.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, requireBrowser, screenshot, logOut as logOutThroughMenu } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('sign up, log out, log in', () => {
  let server: RunningServer;
  let browser: Browser;
  const stamp = Date.now().toString(36);
  const account = {
    organization: `星火科技 ${stamp}`,
    name: '林晓',
    email: `lin.xiao+${stamp}@example.com`,
    password: 'correct-horse-42',
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A fresh context per test (own cookies); uncaught page errors fail the test. */
  async function openPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.setDefaultTimeout(20_000);
    return { context, page, errors };
  }

  async function expectHome(page: Page) {
    await page.waitForURL(`${server.baseUrl}/`);
    await expect.poll(() => page.getByTestId('home-org').textContent()).toContain(account.organization);
  }

  async function logOut(page: Page) {
    await logOutThroughMenu(page);
    await page.locator('#login_identifier').waitFor();
  }

  it('creates an organization, logs out and logs back in', async () => {
    const { context, page, errors } = await openPage({ width: 1280, height: 800 });
    try {
      await page.goto(`${server.baseUrl}/signup`);
      await page.locator('#signup_organizationName').fill(account.organization);
      await page.locator('#signup_name').fill(account.name);
      await page.locator('#signup_email').fill(account.email);
      await page.locator('#signup_password').fill(account.password);
      await page.getByTestId('signup-submit').click();
      await expectHome(page);
      await expect.poll(() => page.getByTestId('home-greeting').textContent()).toContain(account.name);
      // Real numbers from the API: the founder is the one active member.
      await expect.poll(() => page.getByTestId('stat-members').textContent()).toContain('1');
      await screenshot(page, 'home-desktop');

      await logOut(page);
      // Signed out for real: the home page now sends us back to the login page.
      await page.goto(`${server.baseUrl}/`);
      await page.waitForURL(/\/login(\?.*)?$/);

      await page.locator('#login_identifier').fill(account.email);
      await page.locator('#login_password').fill(account.password);
      await screenshot(page, 'login-desktop');
      await page.getByTestId('login-submit').click();
      await expectHome(page);

      await logOut(page);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('lets the admin invite a colleague, who joins from the link in the outbox', async () => {
    const { context, page, errors } = await openPage({ width: 1280, height: 800 });
    const colleague = { name: '周敏', email: `zhou.min+${stamp}@example.com`, password: 'another-horse-43' };
    try {
      await page.goto(`${server.baseUrl}/login`);
      await page.locator('#login_identifier').fill(account.email);
      await page.locator('#login_password').fill(account.password);
      await page.getByTestId('login-submit').click();
      await expectHome(page);

      await page.goto(`${server.baseUrl}/settings/users`);
      // The server's field error lands next to the field, and what was typed stays.
      await page.getByTestId('invite-user').click();
      await page.locator('#invite_email').fill(account.email);
      await page.locator('form#invite button[type=submit]').click();
      await page.locator('#invite_email_help').waitFor();
      expect(await page.locator('#invite_email').inputValue()).toBe(account.email);

      await page.locator('#invite_email').fill(colleague.email);
      await page.locator('form#invite button[type=submit]').click();
      await page.locator('form#invite').waitFor({ state: 'detached' });

      // No SMTP in tests: the invitation is kept in the outbox, where the admin can read its link.
      await page.goto(`${server.baseUrl}/settings/outbox`);
      await page.getByText(colleague.email).first().click();
      const href = await page.locator('.ll-mail-body a').first().getAttribute('href');
      const token = new URL(href!, server.baseUrl).searchParams.get('token');
      expect(token).toBeTruthy();

      await context.clearCookies(); // the colleague opens the link on their own device
      await page.goto(`${server.baseUrl}/accept-invitation?token=${token}`);
      await page.locator('#accept_name').fill(colleague.name);
      await page.locator('#accept_password').fill(colleague.password);
      await page.locator('#accept_confirm').fill(colleague.password);
      await page.locator('form#accept button[type=submit]').click();
      await expectHome(page);
      await expect.poll(() => page.getByTestId('home-greeting').textContent()).toContain(colleague.name);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('fits a 375px-wide phone screen without horizontal scrolling', async () => {
    const { context, page, errors } = await openPage({ width: 375, height: 740 });
    try {
      await page.goto(`${server.baseUrl}/login`);
      await page.locator('#login_identifier').waitFor();
      const loginWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      await screenshot(page, 'login-375');
      expect(loginWidth).toBeLessThanOrEqual(375);

      // The signed-in shell too: the side menu must turn into a drawer rather than squeeze the page.
      await page.locator('#login_identifier').fill(account.email);
      await page.locator('#login_password').fill(account.password);
      await page.getByTestId('login-submit').click();
      await expectHome(page);
      await expect(page.getByTestId('nav-toggle').isVisible()).resolves.toBe(true);
      const homeWidth = await page.evaluate(() => document.documentElement.scrollWidth);
      await screenshot(page, 'home-375');
      expect(homeWidth).toBeLessThanOrEqual(375);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
