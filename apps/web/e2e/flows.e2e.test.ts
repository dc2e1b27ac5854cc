/**
 * Flows through a real browser: an admin builds a small flow in the designer (Settings › 自动化流程) —
 * a manual trigger on leads and a "create task" node connected from it — publishes it, runs it from a
 * lead's page, and opens the run history: the path is drawn on the flowchart (both nodes done), the
 * step inspector shows what the task node did, and the task exists. The lead's "自动化" tab lists the
 * execution. Also: the run pages fit a 375 px phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { choose, launchBrowser, openPage as openTab, pageWidth, poll, requireBrowser, screenshot } from './browser.ts';
import { startServer, type RunningServer } from './server.ts';

const browserOk = requireBrowser();

describe.skipIf(!browserOk)('flows: design, publish, run, see the path', () => {
  let server: RunningServer;
  let browser: Browser;
  let context: BrowserContext;
  const stamp = Date.now().toString(36);
  const admin = { email: `flows+${stamp}@example.com`, password: 'correct-horse-42' };
  const flowName = `回访流程-${stamp}`;
  const buttonLabel = '安排回访';
  const taskTitle = '回访客户';
  let leadId = '';
  let flowId = '';
  let executionUrl = '';

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
    await call('POST', '/auth/signup', { organizationName: `流程测试 ${stamp}`, name: '孙管理', email: admin.email, password: admin.password });
    leadId = (await call<{ id: string }>('POST', '/leads', { name: `李四${stamp}`, company: `青云科技${stamp}`, assign: 'me', duplicatePolicy: 'create' })).id;
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.stop();
  });

  const openPage = () => openTab(context);

  /** Drags a connection from one node's outgoing handle to another node's incoming handle. */
  async function connect(page: Page, fromNode: string, toNode: string) {
    const from = page.locator(`.react-flow__node:has([data-testid="flow-node-${fromNode}"]) .react-flow__handle.source`).first();
    const to = page.locator(`.react-flow__node:has([data-testid="flow-node-${toNode}"]) .react-flow__handle.target`).first();
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await page.mouse.down();
    await page.mouse.move(a.x + a.width / 2 + 20, a.y + a.height / 2 + 30, { steps: 5 });
    await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
    await page.mouse.up();
  }

  it('builds a manual flow in the designer, runs it on a lead and shows the path taken', async () => {
    const { page, errors } = await openPage();

    // Settings › 自动化流程 → a new blank flow
    await page.goto(`${server.baseUrl}/settings/flows`);
    await page.getByTestId('flow-new').click();
    await page.getByTestId('flow-create-name').fill(flowName);
    await page.getByTestId('flow-create-name').press('Enter');
    await page.waitForURL(/\/settings\/flows\/[0-9a-f-]{36}$/);
    flowId = /flows\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await page.getByTestId('flow-node-trigger').waitFor();

    // trigger: manual, on leads, with the button's label
    await page.getByTestId('flow-node-trigger').click();
    await choose(page, page.getByTestId('trigger-type'), '手动');
    await choose(page, page.getByTestId('trigger-record-type'), '线索');
    await page.getByTestId('trigger-button-label').fill(buttonLabel);

    // a "create task" node for the owner, connected from the trigger
    const before = await page.locator('[data-testid^="flow-node-"][data-node-type]').count();
    await page.getByTestId('palette-createTask').click();
    await poll(() => page.locator('[data-testid^="flow-node-"][data-node-type]').count()).toBe(before + 1);
    const taskNode = page.locator('[data-node-type="createTask"]').first();
    const taskNodeId = (await taskNode.getAttribute('data-testid'))!.replace('flow-node-', '');
    await taskNode.click();
    await page.getByTestId('cfg-title').fill(taskTitle);
    if ((await page.locator('.react-flow__edge').count()) === 0) await connect(page, 'trigger', taskNodeId);
    await screenshot(page, 'flow-designer');

    // publish: the flow becomes active
    await page.getByTestId('flow-publish').click();
    await poll(async () => (await call<{ status: string }>('GET', `/flows/${flowId}`)).status).toBe('active');
    await poll(() => page.getByTestId('flow-unsaved').count()).toBe(0);

    // the lead's page offers the flow's button; running it reports how it ended
    await page.goto(`${server.baseUrl}/leads/${leadId}`);
    await page.getByTestId('manual-flow-run').click();
    await poll(() => page.getByTestId('manual-flow-result').textContent(), 30_000).toContain('已完成');

    // the task exists, for the lead's owner
    await poll(async () => (await call<{ items: { title: string }[] }>('GET', `/tasks?scope=mine&recordType=lead&recordId=${leadId}`)).items.map((x) => x.title)).toContain(taskTitle);

    // the lead's "自动化" tab lists the execution and links to it
    await page.getByRole('tab', { name: '自动化' }).click();
    await poll(() => page.getByTestId('record-execution').count()).toBe(1);
    await expect(page.getByTestId('record-execution').textContent()).resolves.toContain(flowName);
    await page.getByTestId('record-execution-link').click();

    // the execution: both nodes done on the flowchart, the followed edge drawn
    await page.waitForURL(/\/runs\/[0-9a-f-]{36}$/);
    executionUrl = page.url();
    await poll(() => page.getByTestId('execution-status').textContent()).toBe('已完成');
    await poll(() => page.getByTestId('flow-node-trigger').getAttribute('data-status')).toBe('done');
    await poll(() => page.getByTestId(`flow-node-${taskNodeId}`).getAttribute('data-status')).toBe('done');
    // every step listed: trigger, the task and the end node it was inserted before
    const stepRows = page.getByTestId('execution-steps').locator('.ant-table-row');
    await poll(() => stepRows.count()).toBe((await page.locator('[data-node-type]').count()));
    await expect(stepRows.filter({ hasText: '创建任务' }).textContent()).resolves.toContain('已完成');
    // every edge was followed, and is drawn in the "done" colour
    const strokes = () => page.locator('.react-flow__edge path.react-flow__edge-path').evaluateAll((els) => els.map((el) => getComputedStyle(el).stroke));
    await poll(async () => [...new Set(await strokes())]).toEqual(['rgb(82, 196, 26)']);

    // the inspector: what the task node did
    await page.getByTestId(`flow-node-${taskNodeId}`).click();
    await poll(() => page.getByTestId('step-inspector').textContent()).toContain('已完成');
    await screenshot(page, 'flow-execution');

    // the flow's run list shows it too
    await page.goto(`${server.baseUrl}/settings/flows/${flowId}/runs`);
    await poll(() => page.locator('[data-testid=run-table] .ant-table-row').count()).toBe(1);
    await expect(page.getByTestId('run-status').textContent()).resolves.toBe('已完成');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains a failed execution: the branch tested and why, the error, and a retry', async () => {
    // built through the API (the designer is covered above): a condition, then a notice to the owner's
    // manager — the admin has no manager, so that step fails with a clear error
    const draft = {
      trigger: { type: 'manual', recordType: 'lead', buttonLabel: '通知上级' },
      nodes: [
        { id: 'trigger', type: 'trigger', config: {}, position: { x: 0, y: 0 } },
        { id: 'hot', type: 'condition', label: '是否A级', config: { branches: [{ id: 'a', label: 'A级', filter: { field: 'grade', op: 'eq', value: 'A' } }] }, position: { x: 0, y: 150 } },
        { id: 'tell', type: 'notify', label: '告诉上级', config: { to: [{ kind: 'ownerManager' }], title: '请关注 {{record.name}}' }, position: { x: 0, y: 300 } },
      ],
      edges: [{ id: 't-h', source: 'trigger', target: 'hot' }, { id: 'h-t', source: 'hot', target: 'tell', sourceHandle: 'default' }, { id: 'h-a', source: 'hot', target: 'tell', sourceHandle: 'a' }],
    };
    const flow = await call<{ id: string }>('POST', '/flows', { name: `上级通知-${stamp}`, draft });
    await call('POST', `/flows/${flow.id}/publish`);
    const { executionId } = await call<{ executionId: string }>('POST', `/flows/${flow.id}/run`, { recordType: 'lead', recordId: leadId });
    await poll(async () => (await call<{ status: string }>('GET', `/flow-executions/${executionId}`)).status).toBe('failed');

    const { page, errors } = await openPage();
    await page.goto(`${server.baseUrl}/settings/flows/${flow.id}/runs`);
    await poll(() => page.locator('[data-testid=run-table] .ant-table-row').count()).toBe(1);
    await expect(page.getByTestId('run-table').textContent()).resolves.toContain('没有设置上级');
    await page.getByTestId('run-link').click();

    // it opens on the failed step: its error, and the path up to it
    await poll(() => page.getByTestId('execution-status').textContent()).toBe('失败');
    await poll(() => page.getByTestId('flow-node-tell').getAttribute('data-status')).toBe('failed');
    await expect(page.getByTestId('flow-node-hot').getAttribute('data-status')).resolves.toBe('done');
    await poll(() => page.getByTestId('step-error').textContent()).toContain('没有设置上级');

    // the condition: A级 tested and not matched (the lead has no grade), so 其他情况 (the default branch)
    await page.getByTestId('flow-node-hot').click();
    await poll(() => page.getByTestId('step-branch').textContent()).toBe('其他情况');
    await expect(page.getByTestId('step-branch-test').textContent()).resolves.toContain('A级');
    await expect(page.getByTestId('step-branch-test').textContent()).resolves.toContain('不满足');
    await screenshot(page, 'flow-execution-failed');

    // retry from the failed step: it runs again (and fails again, still no manager)
    await page.getByTestId('execution-retry').click();
    await poll(() => page.locator('.ant-message').textContent()).toContain('已重新开始失败的步骤');
    await poll(() => page.getByTestId('execution-status').textContent(), 30_000).toBe('失败');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('fits the run pages and the lead tab on a 375 px phone, in English', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'en' });
    try {
      // a language chosen on this device wins over the one saved with the account
      await phone.addInitScript(() => localStorage.setItem('loopline.locale', 'en'));
      const res = await phone.request.post(`${server.baseUrl}/api/v1/auth/login`, { data: { identifier: admin.email, password: admin.password } });
      expect(res.status()).toBe(200);
      const { page, errors } = await openTab(phone);
      await page.goto(`${server.baseUrl}/settings/flows/${flowId}/runs`);
      await poll(() => page.locator('[data-testid=run-table] .ant-table-row').count()).toBe(1);
      await expect(page.getByTestId('run-status').textContent()).resolves.toBe('Completed');
      expect(await pageWidth(page)).toBeLessThanOrEqual(375);

      await page.goto(executionUrl);
      await poll(() => page.getByTestId('flow-node-trigger').getAttribute('data-status')).toBe('done');
      await expect(page.getByTestId('execution-status').textContent()).resolves.toBe('Completed');
      await page.locator('[data-testid=execution-step-node][data-step-node-type=createTask]').first().click();
      await poll(() => page.getByTestId('step-output').textContent()).toContain('taskId');
      await screenshot(page, 'flow-execution-375');
      expect(await pageWidth(page)).toBeLessThanOrEqual(375);

      await page.goto(`${server.baseUrl}/leads/${leadId}`);
      await page.getByRole('tab', { name: 'Automation' }).click();
      await poll(() => page.getByTestId('record-execution').count()).toBe(2);
      await screenshot(page, 'flow-lead-tab-375');
      expect(await pageWidth(page)).toBeLessThanOrEqual(375);
      expect(errors).toEqual([]);
    } finally {
      await phone.close();
    }
  });
});
