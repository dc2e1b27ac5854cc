import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { GIVEN, SURNAMES, pick, random } from '../leads/demoData.ts';
import { contactKeys } from './persist.ts';
import { contacts, type DecisionRole } from './schema.ts';

/** Who a company's people are, in decision-chain order: [role, titles]. */
const CHAIN: [DecisionRole, string[]][] = [
  ['decisionMaker', ['总经理', '董事长', '副总裁', '总裁']],
  ['influencer', ['技术总监', 'IT 经理', '项目经理', '运营总监']],
  ['purchaser', ['采购经理', '采购主管']],
  ['finance', ['财务经理', '财务总监']],
  ['user', ['销售主管', '客服主管', '行政主管']],
];
const DAY = 86_400_000;

/** Demo organization: 1–3 contacts per customer, the first the primary one, each with a role in the decision chain. */
export async function seedDemoContacts(tx: Db, org: DemoOrg): Promise<void> {
  const owned = await rows<{ id: string; owner_id: string | null; created_at: Date | string }>(tx, sql`
    SELECT id::text AS id, owner_id::text AS owner_id, created_at FROM customers
     WHERE tenant_id = ${org.tenantId} AND deleted_at IS NULL ORDER BY number`);
  const rnd = random(20_260_005);
  const now = Date.now();
  const values: (typeof contacts.$inferInsert)[] = [];
  owned.forEach((c, ci) => {
    const count = 1 + Math.floor(rnd() * 3);
    const rest = CHAIN.slice(1);
    const turn = Math.floor(rnd() * rest.length); // which other roles this company's people have
    const roles = [CHAIN[0]!, ...rest.slice(turn), ...rest.slice(0, turn)].slice(0, count);
    roles.forEach(([role, titles], i) => {
      const n = values.length;
      const mobile = `1${pick(rnd, ['35', '37', '50', '52', '82', '88'])}${String(20_000_000 + n * 7_919).slice(-8)}`;
      const email = `contact${n + 1}@demo-people.cn`;
      const created = new Date(c.created_at).getTime() + i * DAY;
      values.push({
        tenantId: org.tenantId, customerId: c.id, ownerId: c.owner_id, createdBy: c.owner_id,
        name: pick(rnd, SURNAMES) + pick(rnd, GIVEN), title: pick(rnd, titles), decisionRole: role,
        isKeyDecisionMaker: role === 'decisionMaker' || (role === 'influencer' && rnd() < 0.3), isPrimary: i === 0,
        gender: rnd() < 0.5 ? 'male' : 'female', mobile, email, wechat: rnd() < 0.6 ? `wx_${ci}_${i}` : null,
        tags: role === 'decisionMaker' && rnd() < 0.3 ? ['关键人'] : [],
        lastFollowupAt: rnd() < 0.7 ? new Date(Math.max(created, now - Math.floor(rnd() * 40) * DAY)) : null,
        createdAt: new Date(created), updatedAt: new Date(created),
        ...contactKeys({ mobile, email }),
      });
    });
  });
  const numbers = await nextNumbers(tx, org.tenantId, 'contact', values.length, new Date(), 'Asia/Shanghai');
  values.forEach((v, i) => (v.number = numbers[i]!));
  for (let i = 0; i < values.length; i += 200) await tx.insert(contacts).values(values.slice(i, i + 200));
}
