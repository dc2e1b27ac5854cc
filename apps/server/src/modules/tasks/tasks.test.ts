import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE, taskBucket, zonedDayBounds } from '@loopline/shared';
import { actorFromSession } from '../../platform/auth/resolveActor.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { createTestApp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';
import { createTasks } from './create.ts';
import { listTasks } from './service.ts';

let env: TestEnv;
let org: Org;

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

const HOUR = 3600_000;
const t = () => org.admin.tenantId;
async function newTask(client: TestClient, body: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await client.post('/api/v1/tasks', body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const titles = (res: { json(): any }) => res.json().items.map((x: { title: string }) => x.title).sort();

describe('tasks: create, read, change, delete', () => {
  it('creates a task with a checklist on a customer, ticks an item, completes it and deletes it', async () => {
    const customer = await newCustomer(org.rep1.client, { name: '任务测试客户' });
    const due = new Date(Date.now() + 48 * HOUR).toISOString();
    const task = await newTask(org.rep1.client, {
      title: '准备报价', description: '含安装费', recordType: 'customer', recordId: customer.id, dueAt: due, priority: 'high',
      checklist: [{ text: '核对价格' }, { text: '发邮件' }],
    });
    expect(task).toMatchObject({
      title: '准备报价', assigneeId: org.rep1.userId, createdBy: org.rep1.userId, recordName: '任务测试客户', priority: 'high', status: 'open', kind: 'todo',
      checklist: [{ text: '核对价格', done: false }, { text: '发邮件', done: false }], dueAt: due,
    });
    const ticked = await org.rep1.client.patch(`/api/v1/tasks/${task.id}`, { checklist: [{ text: '核对价格', done: true }, { text: '发邮件', done: false }] });
    expect(ticked.statusCode, ticked.body).toBe(200);
    expect(ticked.json().checklist[0].done).toBe(true);
    const done = (await org.rep1.client.patch(`/api/v1/tasks/${task.id}`, { status: 'done' })).json();
    expect(done.status).toBe('done');
    expect(done.completedAt).toBeTruthy();
    const doneList = await org.rep1.client.get('/api/v1/tasks?bucket=done');
    expect(titles(doneList)).toContain('准备报价');
    const reopened = (await org.rep1.client.patch(`/api/v1/tasks/${task.id}`, { status: 'open' })).json();
    expect(reopened.completedAt).toBeNull();
    // the record's tasks
    const onRecord = await org.rep1.client.get(`/api/v1/tasks?recordType=customer&recordId=${customer.id}`);
    expect(onRecord.json().items.map((x: { id: string }) => x.id)).toEqual([task.id]);
    // audited
    const history = await org.admin.client.get(`/api/v1/audit-logs?recordType=task&recordId=${task.id}`);
    if (history.statusCode === 200) expect(JSON.stringify(history.json())).toContain('create');
    expect((await org.rep1.client.delete(`/api/v1/tasks/${task.id}`)).statusCode).toBe(204);
    expect((await org.rep1.client.get(`/api/v1/tasks/${task.id}`)).statusCode).toBe(404);
  });

  it('tells the assignee in-app when someone else gives them a task', async () => {
    const task = await newTask(org.manager.client, { title: '拜访华东客户', assigneeId: org.rep2.userId });
    const notes = (await org.rep2.client.get('/api/v1/notifications')).json().items;
    expect(notes.some((n: { title: string; link: string }) => n.title.includes('拜访华东客户') && n.link === `/tasks?task=${task.id}`)).toBe(true);
  });

  it('answers 400 naming the field on bad input', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'title'],
      [{ title: '' }, 'title'],
      [{ title: 'x', dueAt: 'tomorrow' }, 'dueAt'],
      [{ title: 'x', priority: 'asap' }, 'priority'],
      [{ title: 'x', checklist: [{ text: '' }] }, 'checklist.0.text'],
      [{ title: 'x', assigneeId: '00000000-0000-4000-8000-000000000000' }, 'assigneeId'],
      [{ title: 'x', recordType: 'customer', recordId: '00000000-0000-4000-8000-000000000000' }, 'recordId'],
      [{ title: 'x', recordId: '00000000-0000-4000-8000-000000000000' }, 'recordType'],
      [{ title: 'x', dueAt: '2026-03-01T09:00:00+08:00', remindAt: '2026-03-02T09:00:00+08:00' }, 'remindAt'],
      [{ title: 'x', color: 'red' }, 'color'],
    ];
    for (const [body, field] of cases) {
      const res = await org.rep1.client.post('/api/v1/tasks', body);
      expect(res.statusCode, `${JSON.stringify(body)} → ${res.body}`).toBe(400);
      expect(res.json().error.details.fields.map((f: { field: string }) => f.field), JSON.stringify(body)).toContain(field);
    }
    const patch = await org.rep1.client.patch('/api/v1/tasks/00000000-0000-4000-8000-000000000000', { status: 'finished' });
    expect(patch.statusCode).toBe(400);
    expect((await org.rep1.client.get('/api/v1/tasks?bucket=later')).statusCode).toBe(400);
    expect((await org.rep1.client.get('/api/v1/tasks/not-a-uuid')).statusCode).toBe(400);
  });
});

describe('team scope', () => {
  it('a manager sees the tasks of their department; a rep sees only their own', async () => {
    const a = await newTask(org.rep1.client, { title: 'rep1 的任务' });
    await newTask(org.rep2.client, { title: 'rep2 的任务' });
    const c = await newTask(org.rep3.client, { title: 'rep3 的任务' });
    const team = titles(await org.manager.client.get('/api/v1/tasks?scope=team&pageSize=200'));
    expect(team).toEqual(expect.arrayContaining(['rep1 的任务', 'rep2 的任务']));
    expect(team).not.toContain('rep3 的任务');
    expect((await org.manager.client.get(`/api/v1/tasks/${a.id}`)).statusCode).toBe(200);
    expect((await org.manager.client.get(`/api/v1/tasks/${c.id}`)).statusCode).toBe(404);
    const repTeam = titles(await org.rep1.client.get('/api/v1/tasks?scope=team&pageSize=200'));
    expect(repTeam).toContain('rep1 的任务');
    expect(repTeam).not.toContain('rep2 的任务');
    expect((await org.rep2.client.get(`/api/v1/tasks/${a.id}`)).statusCode).toBe(404);
    expect((await org.rep2.client.patch(`/api/v1/tasks/${a.id}`, { status: 'done' })).statusCode).toBe(404);
    // mine is only what is assigned to me, even for a manager
    expect(titles(await org.manager.client.get('/api/v1/tasks?scope=mine&pageSize=200'))).not.toContain('rep1 的任务');
  });
});

describe('buckets in the tenant\'s time zone', () => {
  it('puts each open task in exactly one of overdue / today / upcoming, by the tenant\'s day', () => {
    const now = new Date('2026-03-10T15:00:00Z'); // 23:00 in Shanghai, 11:00 in New York
    const at = (iso: string) => ({ status: 'open' as const, dueAt: iso });
    expect(taskBucket(at('2026-03-10T14:00:00Z'), now, 'Asia/Shanghai')).toBe('overdue');
    expect(taskBucket(at('2026-03-10T15:30:00Z'), now, 'Asia/Shanghai')).toBe('today');
    expect(taskBucket(at('2026-03-10T16:30:00Z'), now, 'Asia/Shanghai')).toBe('upcoming'); // 00:30 tomorrow in Shanghai
    expect(taskBucket(at('2026-03-10T16:30:00Z'), now, 'America/New_York')).toBe('today'); // 12:30 today in New York
    expect(taskBucket({ status: 'open', dueAt: null }, now, 'Asia/Shanghai')).toBe('upcoming');
    expect(taskBucket({ status: 'done', dueAt: '2026-03-01T00:00:00Z' }, now, 'Asia/Shanghai')).toBe('done');
  });

  it('lists the buckets with the same bounds, on a controlled clock', async () => {
    const who = org.rep3;
    const now = new Date('2026-03-10T15:00:00Z');
    await env.db.forTenant(t(), (db) => inTransaction(db, (tx) => createTasks(tx, { tenantId: t(), actorId: who.userId }, [
      { title: 'B-overdue', assigneeId: who.userId, dueAt: new Date('2026-03-10T14:00:00Z') },
      { title: 'B-today', assigneeId: who.userId, dueAt: new Date('2026-03-10T15:30:00Z') },
      { title: 'B-tomorrow-in-shanghai', assigneeId: who.userId, dueAt: new Date('2026-03-10T16:30:00Z') },
      { title: 'B-undated', assigneeId: who.userId },
    ])));
    const actor = (await actorFromSession(env.db, who.client.cookies[SESSION_COOKIE]!))!;
    const bucket = async (b: 'overdue' | 'today' | 'upcoming', timeZone: string) =>
      (await env.db.forTenant(t(), (db) => listTasks(db, { ...actor, timeZone }, { scope: 'mine', bucket: b, page: 1, pageSize: 100 }, now)))
        .items.map((x) => x.title).filter((x) => x.startsWith('B-'));
    expect(await bucket('overdue', 'Asia/Shanghai')).toEqual(['B-overdue']);
    expect(await bucket('today', 'Asia/Shanghai')).toEqual(['B-today']);
    expect(await bucket('upcoming', 'Asia/Shanghai')).toEqual(['B-tomorrow-in-shanghai', 'B-undated']);
    expect(await bucket('today', 'America/New_York')).toEqual(['B-today', 'B-tomorrow-in-shanghai']);
    expect(zonedDayBounds(now, 'Asia/Shanghai').end).toBe(Date.parse('2026-03-10T16:00:00Z'));
  });

  it('the to-do centre lists my overdue tasks', async () => {
    await newTask(org.rep2.client, { title: '已经逾期的任务', dueAt: new Date(Date.now() - 2 * HOUR).toISOString() });
    const res = await org.rep2.client.get('/api/v1/todo');
    expect(res.statusCode, res.body).toBe(200);
    const group = res.json().groups?.find((g: { key: string }) => g.key === 'tasks.overdue') ?? res.json().items?.find((g: { key: string }) => g.key === 'tasks.overdue');
    expect(group?.items.map((i: { title: string }) => i.title)).toContain('已经逾期的任务');
  });
});

describe('createTasks (the flows\' path)', () => {
  it('creates one task per source step, however often the step runs', async () => {
    const step = '11111111-2222-4333-8444-555555555555';
    const make = () => env.db.forTenant(t(), (db) => inTransaction(db, (tx) => createTasks(tx, { tenantId: t(), actorId: null, actorType: 'system' }, [
      { title: '首次电话联系', assigneeId: org.rep1.userId, sourceStepId: step, kind: 'followup', dueAt: new Date(Date.now() + 24 * HOUR) },
    ])));
    const [first] = await make();
    const [second] = await make();
    expect(second).toBe(first);
    const mine = (await org.rep1.client.get('/api/v1/tasks?pageSize=200')).json().items.filter((x: { sourceStepId: string }) => x.sourceStepId === step);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'followup', createdBy: null });
  });
});
