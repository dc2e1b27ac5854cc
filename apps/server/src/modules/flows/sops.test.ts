/**
 * The built-in SOPs, published as an admin would, on a controlled clock: exactly the expected
 * tasks, notifications and pool returns — and nothing for the leads someone did follow up.
 * Leads and follow-ups go through the API; the test drives the dispatcher, timers and workers.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { createFlowRuntime, type FlowRuntime } from './runtime/index.ts';
import { FLOW_TEMPLATES } from './templates.ts';
import { dispatchFlowEvents, runScheduledTriggers } from './triggers/dispatch.ts';
import { createLead, setupFlowOrg, sqlRows, type FlowOrg } from './testFlows.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const REASON = '7 天未跟进，自动退回公海';

let env: TestEnv;
let org: FlowOrg;
let runtime: FlowRuntime;
let now = new Date();
const t0 = now;

beforeAll(async () => {
  env = await createTestApp();
  org = await setupFlowOrg(env);
  runtime = createFlowRuntime(env.app.ctx, { clock: () => now });
  for (const t of FLOW_TEMPLATES) {
    const created = await org.admin.client.post('/api/v1/flows', { name: t.name, templateKey: t.key });
    expect(created.statusCode, created.body).toBe(201);
    const published = await org.admin.client.post(`/api/v1/flows/${created.json().id}/publish`);
    expect(published.statusCode, `${t.key}: ${published.body}`).toBe(200);
  }
});
afterAll(async () => env?.close());

/** Events → executions, due timers, pending steps — until nothing is left to do at `now`. */
async function settle(): Promise<void> {
  for (let round = 0; round < 20; round++) {
    const work = (await dispatchFlowEvents(env.app.ctx, runtime)) + (await runtime.wakeDue(now)) + (await runtime.drain());
    if (!work) return;
  }
  throw new Error('flows did not settle');
}

async function at(offsetMs: number): Promise<void> {
  now = new Date(t0.getTime() + offsetMs);
  await settle();
}

interface TaskRow { title: string; assignee_id: string; kind: string; due_at: Date | string | null; status: string }
const tasksOf = (recordId: string) =>
  sqlRows<TaskRow>(env, org.admin.tenantId, sql`SELECT title, assignee_id::text, kind, due_at, status FROM tasks WHERE record_id = ${recordId} AND deleted_at IS NULL ORDER BY created_at, title`);
/** The SOPs' own notifications about a record (not the task-assigned notices of the task module). */
const notesAbout = (name: string) =>
  sqlRows<{ user_id: string; title: string }>(env, org.admin.tenantId, sql`SELECT user_id::text, title FROM notifications
    WHERE title LIKE ${`%${name}%`} AND (title LIKE '%未跟进%' OR title LIKE '明天是%') ORDER BY created_at`);
const leadRow = async (id: string) =>
  (await sqlRows<{ owner_id: string | null; pool_id: string | null; next_followup_at: Date | string | null }>(env, org.admin.tenantId,
    sql`SELECT owner_id::text, pool_id::text, next_followup_at FROM leads WHERE id = ${id}`))[0]!;
const ms = (d: Date | string | null) => (d === null ? null : new Date(d).getTime());

async function logFollowup(leadId: string, outcome: string) {
  const res = await org.rep.client.post('/api/v1/followups', { recordType: 'lead', recordId: leadId, type: 'call', content: '电话沟通了需求', outcome });
  expect(res.statusCode, res.body).toBe(201);
}

describe('built-in SOPs on a controlled clock', () => {
  const ignored = { id: '', name: '无人跟进的线索' };
  const hot = { id: '', name: '高意向线索' };
  const warm = { id: '', name: '待培育线索' };

  it('day 0: a lead assigned to a rep gets the first-call task due in 24 h, and nothing else yet', async () => {
    for (const l of [ignored, hot, warm]) l.id = await createLead(org.admin.client, org.rep.userId, l.name);
    await settle();
    for (const l of [ignored, hot, warm]) {
      const tasks = await tasksOf(l.id);
      expect(tasks.map((t) => [t.title, t.assignee_id]), l.name).toEqual([['首次电话联系', org.rep.userId]]);
      expect(Math.abs(ms(tasks[0]!.due_at)! - (t0.getTime() + DAY))).toBeLessThan(60_000);
      expect(await notesAbout(l.name)).toEqual([]);
    }
    // the discipline flow waits for day 3 on each lead
    const waiting = await sqlRows<{ n: number }>(env, org.admin.tenantId, sql`SELECT count(*)::int AS n FROM flow_executions e JOIN flows f ON f.id = e.flow_id
      WHERE f.template_key = 'followupDiscipline' AND e.status = 'waiting'`);
    expect(waiting[0]!.n).toBe(3);
  });

  it('a high-intent follow-up adds "发送产品资料" and a reminder in 3 days; nurture a reminder in 14 days', async () => {
    await at(2 * HOUR);
    await logFollowup(hot.id, 'highIntent');
    await logFollowup(warm.id, 'nurture');
    await settle();

    // the reminder is a follow-up task (kind followup) due at the new next follow-up time
    const todos = (tasks: TaskRow[]) => tasks.filter((t) => t.kind !== 'followup').map((t) => t.title).sort();
    const reminders = (tasks: TaskRow[]) => tasks.filter((t) => t.kind === 'followup').map((t) => ms(t.due_at));
    const hotTasks = await tasksOf(hot.id);
    expect(todos(hotTasks)).toEqual(['发送产品资料', '首次电话联系'].sort());
    expect(reminders(hotTasks)).toEqual([now.getTime() + 3 * DAY]);
    expect(hotTasks.every((t) => t.assignee_id === org.rep.userId)).toBe(true);
    expect(ms((await leadRow(hot.id)).next_followup_at)).toBe(now.getTime() + 3 * DAY);

    const warmTasks = await tasksOf(warm.id);
    expect(todos(warmTasks)).toEqual(['首次电话联系']);
    expect(reminders(warmTasks)).toEqual([now.getTime() + 14 * DAY]);
    expect(ms((await leadRow(warm.id)).next_followup_at)).toBe(now.getTime() + 14 * DAY);

    // the lead nobody followed up got nothing from the follow-up flows
    expect((await tasksOf(ignored.id)).map((t) => t.title)).toEqual(['首次电话联系']);
    // logging the same outcome on another lead does not touch these (one execution per event)
    const rep = await sqlRows<{ n: number }>(env, org.admin.tenantId, sql`SELECT count(*)::int AS n FROM flow_executions e JOIN flows f ON f.id = e.flow_id
      WHERE f.template_key IN ('newLeadHighIntent', 'newLeadNurture')`);
    expect(rep[0]!.n).toBe(2);
  });

  it('day 3: the owner is reminded about the lead nobody followed up — only that one', async () => {
    await at(3 * DAY - HOUR);
    expect(await notesAbout(ignored.name)).toEqual([]);
    await at(3 * DAY + HOUR);
    expect(await notesAbout(ignored.name)).toEqual([{ user_id: org.rep.userId, title: `线索已 3 天未跟进：${ignored.name}` }]);
    expect(await notesAbout(hot.name)).toEqual([]);
    expect(await notesAbout(warm.name)).toEqual([]);
  });

  it('day 5: the manager is told', async () => {
    await at(5 * DAY + HOUR);
    expect(await notesAbout(ignored.name)).toEqual([
      { user_id: org.rep.userId, title: `线索已 3 天未跟进：${ignored.name}` },
      { user_id: org.manager.userId, title: `陈销售 的线索已 5 天未跟进：${ignored.name}` },
    ]);
    expect(await notesAbout(hot.name)).toEqual([]);
  });

  it('day 7: the lead goes back to the pool with the reason; followed-up leads stay with their owner', async () => {
    await at(6 * DAY + 23 * HOUR);
    expect((await leadRow(ignored.id)).owner_id).toBe(org.rep.userId);
    await at(7 * DAY + HOUR);
    expect(await leadRow(ignored.id)).toMatchObject({ owner_id: null, pool_id: org.leadPoolId });
    const audit = await sqlRows<{ changes: unknown }>(env, org.admin.tenantId, sql`SELECT changes FROM audit_logs WHERE record_type = 'lead' AND record_id = ${ignored.id} ORDER BY id`);
    expect(JSON.stringify(audit)).toContain(REASON);
    for (const l of [hot, warm]) expect((await leadRow(l.id)).owner_id, l.name).toBe(org.rep.userId);
    // three notifications and one return in all: nothing was done twice
    expect(await notesAbout(ignored.name)).toHaveLength(2);
    const runs = await sqlRows<{ status: string; n: number }>(env, org.admin.tenantId, sql`SELECT e.status, count(*)::int AS n FROM flow_executions e JOIN flows f ON f.id = e.flow_id
      WHERE f.template_key = 'followupDiscipline' GROUP BY e.status`);
    expect(runs).toEqual([{ status: 'completed', n: 3 }]);
    // later timers change nothing
    await at(20 * DAY);
    expect(await notesAbout(ignored.name)).toHaveLength(2);
    expect((await tasksOf(ignored.id)).map((t) => t.title)).toEqual(['首次电话联系']);
  });

  it('the rep sees the SOP tasks in their task list', async () => {
    const res = await org.rep.client.get(`/api/v1/tasks?scope=mine&recordType=lead&recordId=${hot.id}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().items.map((t: { title: string }) => t.title)).toEqual(expect.arrayContaining(['首次电话联系', '发送产品资料']));
  });
});

describe('birthday greeting', () => {
  it('the day before a contact\'s birthday at 9:00: a task and a reminder for the owner, once', async () => {
    // a fixed day in the tenant zone (Asia/Shanghai), well after the lead scenario's clock
    const day = new Date(t0.getTime() + 40 * DAY);
    const ymd = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
    const today = ymd(day);
    const tomorrow = ymd(new Date(Date.parse(`${today}T12:00:00+08:00`) + DAY));
    const customer = await org.admin.client.post('/api/v1/customers', { name: '生日客户公司', ownerId: org.rep.userId });
    expect(customer.statusCode, customer.body).toBe(201);
    const contact = await org.admin.client.post('/api/v1/contacts', { name: '王寿星', customerId: customer.json().id, birthday: `1992-${tomorrow.slice(5)}`, ownerId: org.rep.userId });
    expect(contact.statusCode, contact.body).toBe(201);
    const contactId = contact.json().id as string;
    await settle();

    const tick = async (time: string) => {
      now = new Date(`${today}T${time}:00+08:00`);
      await runScheduledTriggers(env.app.ctx, runtime, now);
      await settle();
    };
    await tick('08:30');
    expect(await tasksOf(contactId)).toEqual([]);
    await tick('09:01');
    await tick('10:00');
    const tasks = await tasksOf(contactId);
    expect(tasks.map((t) => [t.title, t.assignee_id])).toEqual([['准备生日祝福', org.rep.userId]]);
    expect(await notesAbout('王寿星')).toEqual([{ user_id: org.rep.userId, title: '明天是 王寿星 的生日' }]);
  });
});
