/**
 * Approvals through a real browser, on the demo organization (its published 合同审批 flow: up to
 * 50,000 the sales director decides; from 50,000 the director, then legal countersigns):
 * a sales rep submits an 80,000 contract from its page, the sales director finds it in 待我审批
 * and approves it on the approval page, legal countersigns from the inbox list, and the rep sees
 * the contract approved with the path (both steps, who, comments) on its 审批 tab.
 * Also: withdraw and resubmit, a reject with its reason; drawing an approval flow in the designer;
 * the inbox fits a 375 px phone as cards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { choose, launchBrowser, openPage, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('approvals: submit a contract, director approves, legal countersigns', () => {
  let server: RunningServer;
  let browser: Browser;
  let password = '';
  const contexts: BrowserContext[] = [];
  const stamp = Date.now().toString(36);
  const contractName = `审批测试合同-${stamp}`;
  let contractId = '';

  /** A browser context signed in as a demo user (the API login sets the session cookies). */
  async function signedIn(email: string, viewport = { width: 1366, height: 900 }): Promise<BrowserContext> {
    const context = await browser.newContext({ viewport, locale: 'zh-CN' });
    contexts.push(context);
    const res = await context.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { identifier: email, password } });
    if (!res.ok()) throw new Error(`login ${email}: ${res.status()} ${await res.text()}`);
    return context;
  }

  async function call<T = Record<string, unknown>>(context: BrowserContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
    const csrf = (await context.cookies()).find((c) => c.name === 'll_csrf')?.value ?? '';
    const res = await context.request.fetch(`${server.baseUrl}/api/v1${path}`, { method, data, headers: method === 'GET' ? {} : { 'x-csrf-token': csrf } });
    if (!res.ok()) throw new Error(`${method} ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as T;
  }

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const res = await fetch(`${server.baseUrl}/api/v1/demo`, { method: 'POST' });
    if (!res.ok) throw new Error(`demo: ${res.status} ${await res.text()}`);
    password = ((await res.json()) as { password: string }).password;
  }, 240_000);

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('routes an 80,000 contract through the director and legal to 已通过', async () => {
    // the rep's contract (made through the API: the test is about the approval, not the contract form)
    const rep = await signedIn('rep1@demo.loopline.cn');
    const customers = await call<{ items: { id: string }[] }>(rep, 'GET', '/customers?pageSize=5');
    expect(customers.items.length).toBeGreaterThan(0);
    contractId = (await call<{ id: string }>(rep, 'POST', '/contracts', { name: contractName, customerId: customers.items[0]!.id, amount: '80000.00' })).id;

    // 提交审批 on the contract's page: the record shows 审批中
    const { page: repPage, errors: repErrors } = await openPage(rep);
    await repPage.goto(`${server.baseUrl}/contracts/${contractId}`);
    await repPage.getByTestId('approval-submit').click();
    await repPage.getByTestId('approval-submit-comment').fill('客户要求本周签约');
    await repPage.getByTestId('approval-submit-ok').click();
    await poll(() => repPage.getByTestId('approval-status').first().getAttribute('data-status')).toBe('pending');
    await expect(repPage.getByTestId('approval-status').first().textContent()).resolves.toBe('审批中');
    // while nobody has decided, the submitter may withdraw
    await poll(() => repPage.getByTestId('approval-withdraw').count()).toBeGreaterThan(0);

    // the sales director: 待我审批 lists it with a count; the approval page shows the path and 同意
    const director = await signedIn('director@demo.loopline.cn');
    const { page: dirPage, errors: dirErrors } = await openPage(director);
    await dirPage.goto(`${server.baseUrl}/approvals`);
    const item = dirPage.locator('[data-testid=inbox-item]', { hasText: contractName });
    await poll(() => item.count()).toBe(1);
    await poll(() => dirPage.getByTestId('nav-approvals-badge').count()).toBe(1);
    await screenshot(dirPage, 'approvals-inbox');
    await item.getByTestId('inbox-link').click();
    await dirPage.waitForURL(/\/approvals\/[0-9a-f-]{36}$/);
    await poll(() => dirPage.getByTestId('approval-title').textContent()).toContain(contractName);
    await dirPage.getByTestId('approval-approve').click();
    await dirPage.getByTestId('approval-comment').fill('价格合理，同意');
    await dirPage.getByTestId('approval-confirm').click();
    // the director's step is done; the approval now waits for legal (still 审批中)
    await poll(() => dirPage.locator('[data-testid=approval-task][data-status=approved]').count()).toBe(1);
    await expect(dirPage.getByTestId('approval-status').first().getAttribute('data-status')).resolves.toBe('pending');
    await poll(() => dirPage.getByTestId('approval-approve').count()).toBe(0);
    await screenshot(dirPage, 'approval-instance');

    // legal countersigns from the list: one tap on 同意, an optional comment, confirm
    const legal = await signedIn('legal@demo.loopline.cn');
    const { page: legalPage, errors: legalErrors } = await openPage(legal);
    await legalPage.goto(`${server.baseUrl}/approvals`);
    const legalItem = legalPage.locator('[data-testid=inbox-item]', { hasText: contractName });
    await poll(() => legalItem.count()).toBe(1);
    await legalItem.getByTestId('inbox-approve').click();
    await legalPage.getByTestId('inbox-quick-comment').fill('条款已审');
    await legalPage.getByTestId('inbox-quick-ok').click();
    await poll(() => legalPage.locator('[data-testid=inbox-item]', { hasText: contractName }).count()).toBe(0);
    // … and finds it under 我已审批
    await legalPage.getByTestId('inbox-tab-decided').click();
    await poll(() => legalPage.locator('[data-testid=inbox-item]', { hasText: contractName }).count()).toBe(1);

    // the rep sees the contract approved, and the path with both steps and their comments
    await repPage.reload();
    await poll(() => repPage.getByTestId('approval-status').first().getAttribute('data-status')).toBe('approved');
    await expect(repPage.getByTestId('approval-status').first().textContent()).resolves.toBe('已通过');
    await expect(repPage.getByTestId('approval-withdraw').count()).resolves.toBe(0);
    await repPage.getByRole('tab', { name: '审批' }).click();
    const path = repPage.getByTestId('approval-path');
    await poll(() => path.locator('[data-testid=approval-task][data-status=approved]').count()).toBe(2);
    await expect(path.textContent()).resolves.toContain('价格合理，同意');
    await expect(path.textContent()).resolves.toContain('条款已审');
    await expect(path.textContent()).resolves.toContain('客户要求本周签约');
    await expect(path.getByTestId('approval-path-end').textContent()).resolves.toContain('已通过');
    await screenshot(repPage, 'contract-approved');

    // the server agrees: approved, and the contract's own status follows
    const state = await call<{ latest: { status: string } }>(rep, 'GET', `/approvals/records/contract/${contractId}`);
    expect(state.latest.status).toBe('approved');

    expect(repErrors).toEqual([]);
    expect(dirErrors).toEqual([]);
    expect(legalErrors).toEqual([]);
  });

  it('lets the submitter withdraw before anyone decided, and the director reject with a reason', async () => {
    const rep = await signedIn('rep1@demo.loopline.cn');
    const customerId = (await call<{ items: { id: string }[] }>(rep, 'GET', '/customers?pageSize=1')).items[0]!.id;
    const small = (await call<{ id: string }>(rep, 'POST', '/contracts', { name: `小额合同-${stamp}`, customerId, amount: '30000.00' })).id;

    // submit, then 撤回 on the contract page: 已撤回, and 提交审批 is offered again
    const { page, errors } = await openPage(rep);
    await page.goto(`${server.baseUrl}/contracts/${small}`);
    await page.getByTestId('approval-submit').click();
    await page.getByTestId('approval-submit-ok').click();
    await poll(() => page.getByTestId('approval-status').first().getAttribute('data-status')).toBe('pending');
    await page.getByTestId('approval-withdraw').first().click();
    await page.getByTestId('approval-withdraw-ok').click();
    await poll(() => page.getByTestId('approval-status').first().getAttribute('data-status')).toBe('withdrawn');
    await expect(page.getByTestId('approval-status').first().textContent()).resolves.toBe('已撤回');
    await poll(() => page.getByTestId('approval-submit').count()).toBe(1);

    // resubmitted; under 50,000 only the director decides, and rejects it with a reason
    await page.getByTestId('approval-submit').click();
    await page.getByTestId('approval-submit-ok').click();
    await poll(() => page.getByTestId('approval-status').first().getAttribute('data-status')).toBe('pending');
    const director = await signedIn('director@demo.loopline.cn');
    const { page: dirPage, errors: dirErrors } = await openPage(director);
    await dirPage.goto(`${server.baseUrl}/contracts/${small}`);
    await dirPage.getByTestId('approval-reject').first().click();
    await dirPage.getByTestId('approval-comment').fill('价格太低');
    await dirPage.getByTestId('approval-confirm').click();
    await poll(() => dirPage.getByTestId('approval-status').first().getAttribute('data-status')).toBe('rejected');

    // the rep sees 已驳回 with the reason, and the withdrawn attempt under earlier approvals
    await page.reload();
    await poll(() => page.getByTestId('approval-status').first().getAttribute('data-status')).toBe('rejected');
    await page.getByRole('tab', { name: '审批' }).click();
    await poll(() => page.getByTestId('approval-path').first().textContent()).toContain('价格太低');
    await expect(page.getByTestId('approval-history').textContent()).resolves.toContain('已撤回');
    expect(errors).toEqual([]);
    expect(dirErrors).toEqual([]);
  });

  it('designs an approval flow: approval node in the palette, its panel, 同意 / 驳回 exits', async () => {
    const admin = await signedIn('admin@demo.loopline.cn');
    const { page, errors } = await openPage(admin);
    await page.goto(`${server.baseUrl}/settings/approval-flows`);
    // the demo's published templates are listed
    await poll(() => page.locator('[data-testid=approval-flow-row]', { hasText: '合同审批' }).count()).toBeGreaterThan(0);
    await page.getByTestId('approval-flow-new').click();
    await page.getByTestId('approval-flow-name').fill(`回款审批-${stamp}`);
    await choose(page, page.getByTestId('approval-flow-record-type'), '回款');
    await page.getByTestId('approval-flow-name').press('Enter');
    await page.waitForURL(/\/settings\/flows\/[0-9a-f-]{36}$/);
    // approval flows offer the approval node and no automation-only ones
    await page.getByTestId('palette-approval').waitFor();
    await expect(page.getByTestId('palette-webhook').count()).resolves.toBe(0);
    // the new flow starts with one approval node whose exits are labelled
    const approvalNode = page.locator('[data-node-type=approval]').first();
    await expect(approvalNode.textContent()).resolves.toContain('同意');
    await expect(approvalNode.textContent()).resolves.toContain('驳回');
    await approvalNode.click();
    await choose(page, page.getByTestId('cfg-approval-mode'), '会签');
    await poll(() => approvalNode.textContent()).toContain('会签');
    // the trigger is 提交审批 with a record type and a start condition
    await page.getByTestId('flow-node-trigger').click();
    await expect(page.getByTestId('trigger-type').textContent()).resolves.toContain('提交审批');
    await page.getByTestId('trigger-condition').waitFor();
    await page.getByTestId('flow-publish').click();
    const id = /flows\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await poll(async () => (await call<{ status: string; kind: string }>(admin, 'GET', `/flows/${id}`)).status).toBe('active');
    expect((await call<{ kind: string }>(admin, 'GET', `/flows/${id}`)).kind).toBe('approval');
    expect(errors).toEqual([]);
  });

  it('shows the inbox as cards on a 375 px phone', async () => {
    const phone = await signedIn('director@demo.loopline.cn', { width: 375, height: 740 });
    const { page, errors } = await openPage(phone);
    await page.goto(`${server.baseUrl}/approvals?box=decided`);
    await poll(() => page.locator('[data-testid=inbox-item]', { hasText: contractName }).count()).toBe(1);
    await expect(page.locator('.ant-table').count()).resolves.toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    await screenshot(page, 'approvals-inbox-phone');
    expect(errors).toEqual([]);
  });
});
