/** Demo tasks: each salesperson has work overdue, due today, coming up and done, on their own records. */
import { sql } from 'drizzle-orm';
import type { TaskChecklistItem, TaskPriority, TaskStatus } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { tasks } from './schema.ts';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const PEOPLE = ['rep1', 'rep2', 'rep3', 'rep4', 'manager1', 'manager2'];

interface Plan { title: string; on: 'lead' | 'customer' | null; dueIn: number | null; remindBefore?: number; priority: TaskPriority; status: TaskStatus; checklist?: string[]; ticked?: number }

/** Due times relative to the moment the demo is created, so the tabs are never empty. */
const PLANS: Plan[] = [
  { title: '首次电话联系', on: 'lead', dueIn: -2 * DAY, priority: 'high', status: 'open' },
  { title: '发送产品资料', on: 'lead', dueIn: -5 * HOUR, priority: 'normal', status: 'inProgress', checklist: ['整理产品手册', '准备报价单', '发送邮件'], ticked: 1 },
  { title: '电话回访确认需求', on: 'customer', dueIn: 3 * HOUR, remindBefore: HOUR, priority: 'high', status: 'open' },
  { title: '准备上门拜访', on: 'customer', dueIn: 26 * HOUR, remindBefore: 2 * HOUR, priority: 'normal', status: 'open', checklist: ['确认拜访时间', '打印方案', '带上样品'] },
  { title: '整理客户需求清单', on: 'customer', dueIn: 4 * DAY, remindBefore: DAY, priority: 'low', status: 'open' },
  { title: '周报：本周跟进总结', on: null, dueIn: 6 * DAY, priority: 'normal', status: 'open' },
  { title: '发送演示账号', on: 'lead', dueIn: -3 * DAY, priority: 'normal', status: 'done', checklist: ['开通试用账号', '发送使用指南'], ticked: 2 },
  { title: '确认合同条款', on: 'customer', dueIn: -6 * DAY, priority: 'urgent', status: 'done' },
];

export async function seedDemoTasks(db: Db, org: DemoOrg): Promise<void> {
  const now = Date.now();
  const values: (typeof tasks.$inferInsert)[] = [];
  for (const key of PEOPLE) {
    const userId = org.usersByKey[key];
    if (!userId) continue;
    const own = async (table: 'leads' | 'customers') => (await rows<{ id: string }>(db, sql`SELECT id FROM ${sql.raw(table)}
      WHERE tenant_id = ${org.tenantId} AND owner_id = ${userId} AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 8`)).map((r) => r.id);
    const records = { lead: await own('leads'), customer: await own('customers') };
    PLANS.forEach((p, i) => {
      const pick = p.on ? records[p.on][i % Math.max(1, records[p.on].length)] : undefined;
      const due = p.dueIn === null ? null : new Date(now + p.dueIn);
      const checklist: TaskChecklistItem[] = (p.checklist ?? []).map((text, n) => ({ text, done: n < (p.ticked ?? 0) }));
      const closed = p.status === 'done';
      values.push({
        tenantId: org.tenantId, title: p.title, assigneeId: userId, createdBy: key.startsWith('rep') ? (org.usersByKey[key === 'rep1' || key === 'rep2' ? 'manager1' : 'manager2'] ?? userId) : userId,
        recordType: pick ? p.on : null, recordId: pick ?? null, dueAt: due, remindAt: due && p.remindBefore ? new Date(due.getTime() - p.remindBefore) : null,
        priority: p.priority, status: p.status, checklist, completedAt: closed && due ? new Date(due.getTime() + HOUR) : null,
        // past reminders of the demo count as sent: a fresh demo should not flood its users
        remindedAt: due && p.remindBefore && due.getTime() - p.remindBefore < now ? new Date(now) : null,
      });
    });
  }
  if (values.length) await db.insert(tasks).values(values);
}
