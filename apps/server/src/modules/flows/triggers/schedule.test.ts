/** The clock's triggers on a controlled `now`: cron slots once each, date-relative once per record and day. */
import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { FlowTrigger } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { rows } from '../../../platform/db/query.ts';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../../test/harness.ts';
import type { FlowRuntime } from '../runtime/index.ts';
import { dateFieldTarget, latestSlot, localDay, runScheduledTriggers } from './schedule.ts';
import { executionsOf, publishTestFlow, runtimeForTests } from './testFlows.ts';

let env: TestEnv;
let admin: SignedUp;
let runtime: FlowRuntime;
const api = '/api/v1';
const db = <T>(fn: (d: Db) => Promise<T>) => env.db.forTenant(admin.tenantId, fn);
const tick = (iso: string) => runScheduledTriggers(env.app.ctx, runtime, new Date(iso));
const publish = (trigger: FlowTrigger, publishedAt = new Date('2025-01-01T00:00:00Z')) => db((d) => publishTestFlow(d, admin.tenantId, { trigger, publishedAt }));

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app); // tenant time zone: Asia/Shanghai (UTC+8)
  runtime = runtimeForTests(env.app.ctx);
}, 240_000);
afterAll(async () => env?.close(), 60_000);
afterEach(async () => {
  await db((d) => d.execute(sql`UPDATE flows SET status = 'disabled' WHERE tenant_id = ${admin.tenantId}`));
});

describe('pure helpers', () => {
  it('latest cron slot in the tenant zone', () => {
    // 09:00 Shanghai = 01:00 UTC
    expect(latestSlot('0 9 * * *', new Date('2025-06-02T01:00:00Z'), 'Asia/Shanghai')?.toISOString()).toBe('2025-06-02T01:00:00.000Z');
    expect(latestSlot('0 9 * * *', new Date('2025-06-02T00:59:59Z'), 'Asia/Shanghai')?.toISOString()).toBe('2025-06-01T01:00:00.000Z');
    expect(latestSlot('0 9 * * *', new Date('2025-06-02T01:00:00Z'), 'UTC')?.toISOString()).toBe('2025-06-01T09:00:00.000Z');
    expect(latestSlot('not a cron', new Date(), 'UTC')).toBeNull();
  });
  it('local day and hour, and the date a field must hold', () => {
    expect(localDay(new Date('2025-06-01T17:30:00Z'), 'Asia/Shanghai')).toEqual({ date: '2025-06-02', hour: 1 });
    expect(localDay(new Date('2025-06-01T17:30:00Z'), 'UTC')).toEqual({ date: '2025-06-01', hour: 17 });
    expect(dateFieldTarget('2025-03-01', -3)).toBe('2025-03-04'); // 3 days before a date on 03-04
    expect(dateFieldTarget('2025-03-01', 7)).toBe('2025-02-22'); // 7 days after 02-22
  });
});

describe('scheduled (cron)', () => {
  it('without records: fires once per slot, in the tenant zone, never before publication', async () => {
    const flow = await publish({ type: 'scheduled', cron: '0 9 * * *' }, new Date('2025-06-01T02:00:00Z'));
    expect(await tick('2025-06-01T08:00:00Z')).toBe(0); // today's 09:00 slot passed before publication
    expect(await tick('2025-06-02T00:59:00Z')).toBe(0);
    expect(await tick('2025-06-02T01:00:00Z')).toBe(1);
    expect(await tick('2025-06-02T01:01:00Z')).toBe(0);
    expect(await tick('2025-06-02T05:00:00Z')).toBe(0);
    // two days' outage: the latest missed slot fires once
    expect(await tick('2025-06-05T03:00:00Z')).toBe(1);
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex.map((e) => e.trigger_key)).toEqual(['cron:2025-06-02T01:00:00.000Z:-', 'cron:2025-06-05T01:00:00.000Z:-']);
    expect(ex[0]).toMatchObject({ record_id: null, depth: 0 });
  });

  it('per record matching the condition', async () => {
    const mk = async (name: string, grade: string) => (await admin.client.post(`${api}/leads`, { name, grade, duplicatePolicy: 'create', mobile: `137${crypto.randomInt(10_000_000, 99_999_999)}` })).json().id as string;
    const a = await mk('定时甲', 'A');
    await mk('定时乙', 'B');
    const b = await mk('定时丙', 'A');
    const flow = await publish({ type: 'scheduled', cron: '*/30 * * * *', recordType: 'lead', condition: { field: 'grade', op: 'eq', value: 'A' } });
    expect(await tick('2025-06-02T01:00:00Z')).toBe(2);
    expect(await tick('2025-06-02T01:10:00Z')).toBe(0);
    expect(await tick('2025-06-02T01:30:00Z')).toBe(2);
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex).toHaveLength(4);
    expect(new Set(ex.map((e) => e.record_id))).toEqual(new Set([a, b]));
    const checks = (await admin.client.get(`${api}/flow-checks?recordType=lead&recordId=${a}`)).json().items;
    expect(checks[0]).toMatchObject({ started: true, eventAction: 'schedule', reason: '定时触发（2025-06-02T01:30:00.000Z）' });
  });
});

describe('dateRelative', () => {
  let customerId: string;
  const contact = async (name: string, birthday: string | null) => {
    const res = await admin.client.post(`${api}/contacts`, { name, customerId, birthday, mobile: `136${crypto.randomInt(10_000_000, 99_999_999)}` });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().id as string;
  };

  beforeAll(async () => {
    const res = await admin.client.post(`${api}/customers`, { name: `生日客户${crypto.randomBytes(3).toString('hex')}`, duplicatePolicy: 'create' });
    expect(res.statusCode, res.body).toBe(201);
    customerId = res.json().id;
  });

  it('birthday, yearly, at 9:00 tenant time, once per day', async () => {
    const born = await contact('寿星', '1990-06-02');
    await contact('别人', '1990-06-03');
    await contact('没生日', null);
    const flow = await publish({ type: 'dateRelative', recordType: 'contact', dateField: 'birthday', offsetDays: 0, atHour: 9, yearly: true });
    expect(await tick('2025-06-01T23:59:00Z')).toBe(0); // 07:59 on 06-02 in Shanghai: before atHour
    expect(await tick('2025-06-02T01:00:00Z')).toBe(1); // 09:00
    expect(await tick('2025-06-02T01:01:00Z')).toBe(0); // already today
    expect(await tick('2025-06-02T15:59:00Z')).toBe(0); // 23:59 the same day
    expect(await tick('2025-06-02T16:00:00Z')).toBe(0); // 06-03 00:00: before 9
    expect(await tick('2026-06-02T02:00:00Z')).toBe(1); // next year
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex.map((e) => [e.record_id, e.trigger_key])).toEqual([[born, `date:${born}:2025-06-02`], [born, `date:${born}:2026-06-02`]]);
  });

  it('3 days before a date (not yearly), with a condition', async () => {
    const field = await admin.client.post(`${api}/custom-fields`, { recordType: 'contact', key: 'contractEnd', label: '合同到期', type: 'date' });
    expect(field.statusCode, field.body).toBe(201);
    const soon = await contact('到期甲', null);
    const vip = await contact('到期乙', null);
    for (const [id, end, title] of [[soon, '2025-07-04', '经理'], [vip, '2025-07-04', '总监']] as const) {
      const res = await admin.client.patch(`${api}/contacts/${id}`, { title, custom: { contractEnd: end } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const flow = await publish({ type: 'dateRelative', recordType: 'contact', dateField: 'custom.contractEnd', offsetDays: -3, atHour: 10, condition: { field: 'title', op: 'eq', value: '总监' } });
    expect(await tick('2025-07-01T01:00:00Z')).toBe(0); // 09:00 < 10
    expect(await tick('2025-07-01T02:00:00Z')).toBe(1);
    expect(await tick('2026-07-01T02:00:00Z')).toBe(0); // not yearly
    const ex = await db((d) => executionsOf(d, flow.id));
    expect(ex.map((e) => e.record_id)).toEqual([vip]);
  });

  it('a broken date field is logged, not silent', async () => {
    const flow = await publish({ type: 'dateRelative', recordType: 'contact', dateField: 'nope', atHour: 0 });
    await tick('2025-07-01T02:00:00Z');
    const found = await db((d) => rows<{ reason: string }>(d, sql`SELECT reason FROM flow_trigger_checks WHERE flow_id = ${flow.id}`));
    expect(found.map((r) => r.reason)).toEqual(['日期字段 nope 不存在或不是日期']);
  });
});
