/**
 * Demo follow-ups: a few hundred over the last 60 days on the demo's leads and customers, by their
 * owners, ending at each record's last_followup_at so the record and its Follow-ups tab agree.
 * Deterministic (seeded) and inserted in batches.
 */
import { sql } from 'drizzle-orm';
import type { FollowupLocation, FollowupOutcome, FollowupType } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { FOLLOWUPS, pick, random } from '../leads/demoData.ts';
import { followups } from './schema.ts';

const DAY = 86_400_000;
const WINDOW = 60 * DAY;
const MAX = 400;

const EARLIER = [
  '首次电话联系，介绍了公司和产品', '客户未接听，稍后再打', '发送了公司介绍和案例', '微信添加成功，简单沟通了需求',
  '客户表示近期没有预算', '约了下周上门拜访', '拜访客户，参观了生产线', '与采购负责人开会讨论方案',
];
const TYPES: FollowupType[] = ['call', 'call', 'call', 'wechat', 'wechat', 'email', 'visit', 'meeting', 'sms'];
const NEXT_STEPS = ['发送报价单', '安排产品演示', '约技术负责人交流', '跟进试用反馈', '确认采购流程'];
/** Roughly around the demo's cities (杭州, 上海, 南京, 苏州 …), for visit check-ins. */
const SPOTS: [number, number][] = [[30.2741, 120.1551], [31.2304, 121.4737], [32.0603, 118.7969], [31.2989, 120.5853], [22.5431, 114.0579]];

function outcomeOf(rnd: () => number, type: FollowupType): FollowupOutcome {
  if (type === 'call' && rnd() < 0.25) return 'noAnswer';
  const r = rnd();
  return r < 0.3 ? 'highIntent' : r < 0.7 ? 'nurture' : r < 0.85 ? 'noIntent' : 'other';
}

interface Target { record_type: 'lead' | 'customer'; id: string; owner_id: string; customer_id: string | null; created_at: Date | string; last_at: Date | string; last_content: string | null; address: string | null; contact_id: string | null }

export async function seedDemoFollowups(db: Db, org: DemoOrg): Promise<void> {
  const now = Date.now();
  const since = new Date(now - WINDOW).toISOString();
  const targets = await rows<Target>(db, sql`
    SELECT 'lead' AS record_type, id::text AS id, owner_id::text AS owner_id, NULL::text AS customer_id, created_at, last_followup_at AS last_at,
           last_followup_content AS last_content, concat_ws('', province, city, district, address) AS address, NULL::text AS contact_id
      FROM leads WHERE tenant_id = ${org.tenantId} AND deleted_at IS NULL AND owner_id IS NOT NULL AND last_followup_at >= ${since}::timestamptz
    UNION ALL
    SELECT 'customer', c.id::text, c.owner_id::text, c.id::text, c.created_at, c.last_followup_at, NULL, c.address,
           (SELECT k.id::text FROM contacts k WHERE k.customer_id = c.id AND k.deleted_at IS NULL ORDER BY k.is_primary DESC, k.created_at LIMIT 1)
      FROM customers c WHERE c.tenant_id = ${org.tenantId} AND c.deleted_at IS NULL AND c.owner_id IS NOT NULL AND c.last_followup_at >= ${since}::timestamptz
    ORDER BY last_at DESC, id`);
  const rnd = random(515);
  const values: (typeof followups.$inferInsert)[] = [];
  // most recently followed-up records first, leads and customers mixed; whole records only
  for (const t of targets) {
    if (values.length + 3 > MAX) break;
    const last = new Date(t.last_at).getTime();
    const start = Math.max(new Date(t.created_at).getTime(), now - WINDOW);
    const count = 1 + Math.floor(rnd() * 3);
    // the earlier ones spread between the start and the last, which matches the record's last_followup_at
    const times = Array.from({ length: count - 1 }, () => start + rnd() * Math.max(0, last - start)).sort((a, b) => a - b);
    times.push(last);
    times.forEach((at, i) => {
      const isLast = i === times.length - 1;
      const type = pick(rnd, TYPES);
      const outcome = outcomeOf(rnd, type);
      const [lat, lng] = pick(rnd, SPOTS);
      const location: FollowupLocation | null = type === 'visit'
        ? { lat: +(lat + (rnd() - 0.5) / 50).toFixed(6), lng: +(lng + (rnd() - 0.5) / 50).toFixed(6), accuracy: Math.round(10 + rnd() * 60), address: t.address, at: new Date(at).toISOString() }
        : null;
      const content = isLast && t.last_content ? t.last_content : pick(rnd, isLast ? FOLLOWUPS : EARLIER);
      const hasNext = outcome === 'highIntent' || outcome === 'nurture';
      values.push({
        tenantId: org.tenantId, recordType: t.record_type, recordId: t.id, customerId: t.customer_id, type, content, outcome,
        nextStep: hasNext ? pick(rnd, NEXT_STEPS) : null,
        nextFollowupAt: hasNext ? new Date(at + (outcome === 'highIntent' ? 3 : 14) * DAY) : null,
        contactIds: t.contact_id && (type === 'visit' || type === 'meeting' || rnd() < 0.3) ? [t.contact_id] : [],
        location, ownerId: t.owner_id, createdAt: new Date(at), updatedAt: new Date(at),
      });
    });
  }
  for (let i = 0; i < values.length; i += 200) await db.insert(followups).values(values.slice(i, i + 200));
}
