/** Headless Chromium for browser tests (playwright-core drives the system's Chromium; nothing is downloaded). */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { expect, it } from 'vitest';
import { screenshotDir } from './paths.ts';

export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Whether the browser tests can run. Without Chromium they are skipped on a developer's machine but
 * must fail in CI (CI=true), so a missing install step can't pass as green.
 */
export function browserAvailability(): { ok: boolean; message: string } {
  if (existsSync(chromiumPath)) return { ok: true, message: '' };
  return {
    ok: false,
    message: `Chromium not found at ${chromiumPath}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
  };
}

/**
 * Call once at the top of a browser test file: true when Chromium is there. Otherwise the file's
 * tests are skipped on a developer's machine, and under CI a failing test says what is missing.
 */
export function requireBrowser(): boolean {
  const check = browserAvailability();
  if (!check.ok) {
    if (process.env.CI) {
      it('has a Chromium to run the browser tests with', () => {
        throw new Error(check.message);
      });
    } else {
      console.warn(`[e2e] skipping browser tests: ${check.message}`);
    }
  }
  return check.ok;
}

/** The UI waits on the server; vitest's default 1 s poll is too short on a busy CI machine. */
export const poll = <T,>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout });

/** A new tab that collects uncaught page errors (tests assert there were none) and waits up to 20 s. */
export async function openPage(context: BrowserContext): Promise<{ page: Page; errors: string[] }> {
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.setDefaultTimeout(20_000);
  return { page, errors };
}

/**
 * Picks an option in an antd Select: open it, optionally type to search, click the option in the
 * dropdown just opened (a dropdown still animating closed keeps its options in the page for a moment,
 * so closing ones are skipped and the newest open one wins). On a loaded two-core machine a click can
 * still land in a dropdown that is closing or be swallowed, so the select is checked afterwards: if
 * what it shows has not changed, the pick is made again (up to three times), as a person would.
 */
export async function choose(page: Page, select: Locator, option: string, search?: string): Promise<void> {
  const shown = () => select.textContent().then((t) => t ?? '');
  const before = await shown();
  for (let attempt = 1; ; attempt++) {
    try {
      await select.click();
      if (search) await page.keyboard.type(search);
      // an option list that re-renders while it loads can keep the option "not stable": try again rather than wait it out
      await page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden):not([class*="-leave"]) .ant-select-item-option', { hasText: option })
        .last()
        .click({ timeout: 8_000 });
      if (before.includes(option)) return;
      await expect.poll(async () => { const now = await shown(); return now !== before || now.includes(option); }, { timeout: 5_000 }).toBe(true);
      return;
    } catch (err) {
      if (attempt >= 3) throw err;
      await page.keyboard.press('Escape');
    }
  }
}

/** How wide the page really is; a phone layout must not exceed the viewport (no sideways scrolling). */
export function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * Screenshot under e2e/__screenshots__/ (gitignored) for people to look at. Full page by default;
 * `fullPage: false` for open popups, which a full-page capture (it resizes the viewport) closes.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: options.fullPage ?? true });
  return file;
}

/**
 * Logs out through the user menu and waits for the login page. On a loaded two-core machine the
 * dropdown can close again before the click on its item lands (late layout from lazy chunks), which
 * a person would answer by clicking again: so does this, up to three times. A logout that never
 * reaches /login still fails.
 */
export async function logOut(page: Page): Promise<void> {
  const atLogin = /\/login(\?.*)?$/;
  for (let attempt = 1; ; attempt++) {
    await page.waitForLoadState('networkidle').catch(() => undefined);
    try {
      const item = page.getByTestId('logout');
      if (!(await item.isVisible())) await page.getByTestId('user-menu').click({ timeout: 10_000 });
      await item.click({ timeout: 10_000 });
      await page.waitForURL(atLogin, { timeout: 10_000 });
      return;
    } catch (err) {
      if (atLogin.test(new URL(page.url()).pathname + new URL(page.url()).search)) return;
      if (attempt >= 3) throw err;
    }
  }
}
