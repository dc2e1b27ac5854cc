/** Headless Chromium for browser tests (playwright-core drives the system's Chromium; nothing is downloaded). */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
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
