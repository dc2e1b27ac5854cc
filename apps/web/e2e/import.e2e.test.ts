/**
 * Importing customers through a real browser: open the list, Import, upload an .xlsx with Chinese
 * headers under a merged title row, change one column's mapping, preview, run, watch the progress
 * bar reach 100 %, read the result and find the records in the list. Then the wizard at 375 px.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { choose, launchBrowser, openPage as openTab, pageWidth, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

const poll = <T,>(fn: () => Promise<T> | T, timeout = 20_000) => expect.poll(fn, { timeout });
const ROWS = 1500;

async function customerFile(dir: string, stamp: string): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户名单');
  ws.addRow(['2026 年展会客户名单']);
  ws.mergeCells('A1:E1');
  ws.addRow(['客户名称', '客户级别', '联系电话', '所在城市', '主营业务']);
  for (let i = 0; i < ROWS; i++) ws.addRow([`导入客户${stamp}-${String(i).padStart(4, '0')}`, ['重点客户', '普通客户', 'C'][i % 3], `0571-8${String(8000000 + i)}`, '杭州', '制造业']);
  ws.addRow([`导入客户${stamp}-坏行`, '超级客户', null, null, null]); // not a grade: rejected, the rest imported
  const file = path.join(dir, '展会客户.xlsx');
  writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return file;
}

describe.skipIf(!browserOk)('import customers from a spreadsheet', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  let file: string;
  const stamp = Date.now().toString(36);

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    const res = await context.request.post(`${server.baseUrl}/api/v1/auth/signup`, { data: { organizationName: `导入测试 ${stamp}`, name: '陈经理', email: `imp+${stamp}@example.com`, password: 'correct-horse-42' } });
    expect(res.status()).toBe(201);
    file = await customerFile(mkdtempSync(path.join(tmpdir(), 'loopline-import-')), stamp);
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const openPage = () => openTab(context);

  it('maps, previews, runs with a progress bar to 100 % and shows the result and the records', async () => {
    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/customers`);
    await page.getByTestId('import-button').click();
    const wizard = page.getByTestId('import-wizard');
    await wizard.locator('input[type=file]').setInputFiles(file);

    // mapping: suggested from the Chinese headers; one column is changed by hand
    const rows = wizard.getByTestId('mapping-row');
    await poll(() => rows.count()).toBe(5);
    const row = (header: string) => rows.filter({ has: page.getByTestId('mapping-header').getByText(header, { exact: true }) });
    await poll(() => row('客户名称').locator('.ant-select').textContent()).toContain('客户名称');
    await poll(() => row('客户级别').locator('.ant-select').textContent()).toContain('客户级别');
    await choose(page, row('主营业务').locator('.ant-select'), '行业', '行业');
    await poll(() => row('主营业务').locator('.ant-select').textContent()).toContain('行业');
    await screenshot(page, 'import-mapping');
    await wizard.getByTestId('mapping-next').click();

    // preview of the first 100 rows, then run
    await wizard.getByTestId('import-preview').waitFor();
    await poll(() => wizard.getByTestId('preview-summary').textContent()).toContain('将新建 100');
    // the names differ only in a number, so 查重 would call them similar: import them all anyway
    await wizard.getByTestId('import-policy').getByText('仍然新建').click();
    await poll(() => wizard.getByTestId('import-start').isEnabled()).toBe(true);
    await poll(() => wizard.locator('[data-testid=import-preview] .ant-spin-spinning').count()).toBe(0);
    await screenshot(page, 'import-preview');
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { progressSeen: number[] }).progressSeen = seen;
      new MutationObserver(() => {
        const v = document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow');
        if (v !== null && v !== undefined && seen.at(-1) !== Number(v)) seen.push(Number(v));
      }).observe(document.body, { subtree: true, attributes: true, childList: true });
    });
    await wizard.getByTestId('import-start').click();
    await wizard.getByTestId('import-progress').waitFor();
    await page.waitForFunction(() => document.querySelector('[role=progressbar]')?.getAttribute('aria-valuenow') === '100', undefined, { timeout: 120_000 });
    await screenshot(page, 'import-progress');
    const seen = await page.evaluate(() => (window as unknown as { progressSeen: number[] }).progressSeen);
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never backwards

    // result: counts, the rejected row by its row number in the file, the error file
    await wizard.getByTestId('import-result').waitFor({ timeout: 30_000 });
    await poll(() => wizard.getByTestId('import-count-created').textContent()).toContain(String(ROWS).replace(/\B(?=(\d{3})+(?!\d))/g, ','));
    await poll(() => wizard.getByTestId('import-count-rejected').textContent()).toContain('1');
    await poll(() => wizard.getByTestId('import-errors').textContent()).toContain(String(ROWS + 3)); // title, header, then data
    await poll(() => wizard.getByTestId('import-errors').textContent()).toContain('客户级别');
    await screenshot(page, 'import-result');
    const [download] = await Promise.all([page.waitForEvent('download'), wizard.getByTestId('import-error-file').click()]);
    expect(download.suggestedFilename()).toMatch(/\.xlsx$/);

    // the records are in the list, with the hand-mapped column
    await wizard.getByTestId('import-done').click();
    await page.locator('input[data-testid=list-search], [data-testid=list-search] input').first().fill(`导入客户${stamp}-0007`);
    await page.keyboard.press('Enter');
    await poll(() => page.locator('[data-testid=record-table] .ant-table-row').count()).toBe(1);
    await poll(() => page.locator('[data-testid=record-table] .ant-table-row a').first().textContent()).toBe(`导入客户${stamp}-0007`);
    const found = await context.request.get(`${server.baseUrl}/api/v1/customers?q=${encodeURIComponent(`导入客户${stamp}-0007`)}`);
    expect((await found.json()).items[0]).toMatchObject({ industry: '制造业', grade: 'B', city: '杭州' });
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);

  it('lists the import in the history and fits a 375 px phone', async () => {
    const { page, errors } = await openPage();
    await page.setViewportSize({ width: 375, height: 740 });
    await page.goto(`${server.baseUrl}/imports`);
    await poll(() => page.getByTestId('import-history-link').count()).toBeGreaterThan(0);
    await page.getByTestId('import-history-link').first().click();
    await page.getByTestId('import-result').waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);

    await page.goto(`${server.baseUrl}/customers`);
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-wizard').locator('input[type=file]').setInputFiles(file);
    await poll(() => page.getByTestId('mapping-row').count()).toBe(5);
    await screenshot(page, 'import-mapping-375', { fullPage: false });
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
