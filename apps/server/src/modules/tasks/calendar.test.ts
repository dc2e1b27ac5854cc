import { sql } from 'drizzle-orm';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows } from '../../platform/db/query.ts';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';
import { sendDueTaskReminders } from './reminders.ts';

let env: TestEnv;
let org: Org;

beforeAll(async () => {
  env = await createTestApp({ PUBLIC_URL: 'https://crm.example.com' });
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

describe('the calendar', () => {
  it('shows my tasks by due time and my planned follow-ups in [from, to)', async () => {
    const customer = await newCustomer(org.rep1.client, { name: '日历客户', nextFollowupAt: '2026-05-06T10:00:00+08:00' });
    const inside = await newTask(org.rep1.client, { title: '周三的任务', dueAt: '2026-05-06T09:00:00+08:00', recordType: 'customer', recordId: customer.id });
    await newTask(org.rep1.client, { title: '下周的任务', dueAt: '2026-05-11T00:00:00+08:00' });
    await newTask(org.rep1.client, { title: '上周的任务', dueAt: '2026-05-03T23:59:00+08:00' });
    const res = await org.rep1.client.get('/api/v1/calendar?from=2026-05-04&to=2026-05-11');
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json().items;
    expect(items.map((i: { title: string }) => i.title)).toEqual(['周三的任务', '日历客户']);
    expect(items[0]).toMatchObject({ kind: 'task', taskId: inside.id, start: '2026-05-06T01:00:00.000Z', recordName: '日历客户', link: `/tasks?task=${inside.id}` });
    expect(items[1]).toMatchObject({ kind: 'followup', recordType: 'customer', recordId: customer.id, link: `/customers/${customer.id}`, start: '2026-05-06T02:00:00.000Z' });
  });

  it('a manager may open a rep\'s calendar in their scope; a rep may not open a colleague\'s', async () => {
    await newTask(org.rep2.client, { title: 'rep2 日历任务', dueAt: '2026-05-07T09:00:00+08:00' });
    const mgr = await org.manager.client.get(`/api/v1/calendar?from=2026-05-04&to=2026-05-11&userId=${org.rep2.userId}`);
    expect(mgr.statusCode, mgr.body).toBe(200);
    expect(mgr.json().items.map((i: { title: string }) => i.title)).toContain('rep2 日历任务');
    expect((await org.rep1.client.get(`/api/v1/calendar?from=2026-05-04&to=2026-05-11&userId=${org.rep2.userId}`)).statusCode).toBe(403);
    expect((await org.manager.client.get(`/api/v1/calendar?from=2026-05-04&to=2026-05-11&userId=${org.rep3.userId}`)).statusCode).toBe(403);
  });

  it('refuses a bad range naming the field', async () => {
    for (const [q, field] of [['from=soon&to=2026-05-11', 'from'], ['from=2026-05-11&to=2026-05-04', 'to'], ['from=2026-01-01&to=2026-12-31', 'to']] as const) {
      const res = await org.rep1.client.get(`/api/v1/calendar?${q}`);
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe(field);
    }
    expect((await org.rep1.client.get('/api/v1/calendar?from=2026-05-04')).statusCode).toBe(400);
  });
});

describe('the private iCalendar feed', () => {
  it('serves my open tasks with their reminder to a calendar app, and stops when revoked or rotated', async () => {
    expect((await org.rep3.client.get('/api/v1/calendar/feed')).json()).toMatchObject({ url: null, active: false });
    const due = new Date(Math.ceil((Date.now() + 3 * 24 * HOUR) / 60_000) * 60_000);
    const remind = new Date(due.getTime() - HOUR);
    const task = await newTask(org.rep3.client, { title: '签约前电话', description: '确认付款方式', dueAt: due.toISOString(), remindAt: remind.toISOString() });
    await newTask(org.rep3.client, { title: '已完成的不出现', dueAt: due.toISOString() }).then((x) => org.rep3.client.patch(`/api/v1/tasks/${x.id}`, { status: 'done' }));
    const created = await org.rep3.client.post('/api/v1/calendar/feed');
    expect(created.statusCode, created.body).toBe(200);
    const url: string = created.json().url;
    expect(url).toMatch(/^https:\/\/crm\.example\.com\/api\/v1\/calendar\/feed\/[A-Za-z0-9_-]+\.ics$/);
    expect((await org.rep3.client.get('/api/v1/calendar/feed')).json()).toMatchObject({ url: null, active: true });

    const path = new URL(url).pathname;
    const anonymous = new TestClient(env.app);
    const res = await anonymous.get(path);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const cal = new ICAL.Component(ICAL.parse(res.body));
    expect(cal.getFirstPropertyValue('x-wr-timezone')).toBe('Asia/Shanghai');
    const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.summary)).toEqual(['签约前电话']);
    const ev = events[0]!;
    expect(ev.uid).toBe(`task-${task.id}@loopline`);
    expect(ev.startDate.toJSDate().toISOString()).toBe(due.toISOString());
    expect(ev.description).toContain('确认付款方式');
    const alarm = ev.component.getFirstSubcomponent('valarm')!;
    const trigger = alarm.getFirstPropertyValue('trigger') as unknown as ICAL.Time;
    expect(trigger.toJSDate().toISOString()).toBe(remind.toISOString());

    // a new URL: the old one is a 404 at once
    const rotated = (await org.rep3.client.post('/api/v1/calendar/feed')).json().url as string;
    expect(rotated).not.toBe(url);
    expect((await anonymous.get(path)).statusCode).toBe(404);
    expect((await anonymous.get(new URL(rotated).pathname)).statusCode).toBe(200);
    expect((await org.rep3.client.delete('/api/v1/calendar/feed')).statusCode).toBe(204);
    expect((await anonymous.get(new URL(rotated).pathname)).statusCode).toBe(404);
    expect((await anonymous.get('/api/v1/calendar/feed/nonsense.ics')).statusCode).toBe(404);
    expect((await anonymous.get('/api/v1/calendar/feed/nonsense')).statusCode).toBe(404);
  });
});

describe('reminders', () => {
  it('fire once at the reminder time — in-app and by email — and never for done tasks', async () => {
    const remindAt = new Date('2030-01-15T01:00:00Z');
    const due = new Date('2030-01-15T02:00:00Z');
    const open = await newTask(org.rep1.client, { title: '提醒我打电话', dueAt: due.toISOString(), remindAt: remindAt.toISOString() });
    const closed = await newTask(org.rep1.client, { title: '已完成不提醒', dueAt: due.toISOString(), remindAt: remindAt.toISOString() });
    await org.rep1.client.patch(`/api/v1/tasks/${closed.id}`, { status: 'done' });
    const mine = async () => (await org.rep1.client.get('/api/v1/notifications')).json().items.filter((n: { link: string }) => [open.id, closed.id].some((id) => n.link === `/tasks?task=${id}`));
    const mails = async () => env.db.forTenant(t(), (db) => rows<{ subject: string }>(db, sql`SELECT subject FROM outbox_emails WHERE subject LIKE '%提醒我打电话%' OR subject LIKE '%已完成不提醒%'`));

    await sendDueTaskReminders(env.app.ctx, new Date(remindAt.getTime() - 60_000));
    expect(await mine()).toHaveLength(0);
    await sendDueTaskReminders(env.app.ctx, remindAt);
    await sendDueTaskReminders(env.app.ctx, new Date(remindAt.getTime() + 60_000));
    const notes = await mine();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ title: '任务提醒：提醒我打电话', link: `/tasks?task=${open.id}` });
    expect((await mails()).map((m) => m.subject)).toEqual(['任务提醒：提醒我打电话 / Task reminder: 提醒我打电话']);
    expect((await org.rep1.client.get(`/api/v1/tasks/${open.id}`)).json().remindedAt).toBe(remindAt.toISOString());

    // a new reminder time earns a new reminder
    const later = new Date('2030-01-15T01:30:00Z');
    await org.rep1.client.patch(`/api/v1/tasks/${open.id}`, { remindAt: later.toISOString() });
    await sendDueTaskReminders(env.app.ctx, later);
    expect(await mine()).toHaveLength(2);
  });
});
