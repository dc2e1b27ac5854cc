import { sql } from 'drizzle-orm';
import { formatMoney } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { pick, random } from '../leads/demoData.ts';
import { opportunities, opportunityStageHistory, pipelineStages, pipelines, type ForecastCategory, type OpportunityStatus } from './schema.ts';

const DAY = 86_400_000;
const STANDARD: [string, number, string[]][] = [['初步接洽', 10, []], ['需求确认', 30, []], ['方案报价', 60, ['expectedCloseDate', 'amount']], ['谈判审核', 80, ['expectedCloseDate', 'amount', 'competitor']]];
const CHANNEL: [string, number, string[]][] = [['渠道报备', 10, []], ['联合拜访', 40, []], ['招投标', 70, ['expectedCloseDate', 'amount']]];
const TOPICS = ['ERP 升级', 'MES 实施', '年度运维服务', '数据中台', 'CRM 扩容', '仓储自动化', '视频会议系统', '安全等保改造', '门店收银系统', '私有云建设', '智能客服', '供应链协同'];
const LOSS = ['价格高于竞争对手', '客户预算取消', '选择了竞争对手', '需求不匹配', '决策周期延长，项目搁置'];
const COMPETITORS = ['用友', '金蝶', '纷享销客', '销售易', 'SAP', '浪潮'];
const SOURCES = ['线索转化', '老客户推荐', '展会', '官网咨询', '渠道伙伴'];

/**
 * Demo organization: 标准销售流程 (everyone) and 渠道项目 (销售二部 only), ~300 opportunities over
 * the sales team's customers, spread across stages, with back-dated stage histories; about a
 * fifth won and a tenth lost with reasons. Bulk inserts only.
 */
export async function seedDemoOpportunities(tx: Db, org: DemoOrg): Promise<void> {
  const t = org.tenantId;
  const [std] = await tx.insert(pipelines).values({ tenantId: t, name: '标准销售流程', description: '直销项目：从接洽到签约', isDefault: true, sort: 1 }).returning();
  const dept2 = org.departmentsByName['销售二部'];
  const [chn] = await tx.insert(pipelines).values({ tenantId: t, name: '渠道项目', description: '与渠道伙伴联合跟进的项目', departmentIds: dept2 ? [dept2] : [], sort: 2 }).returning();
  const mkStages = (pipelineId: string, list: typeof STANDARD) => tx.insert(pipelineStages).values(list.map(([name, probability, requiredFields], i) => ({ tenantId: t, pipelineId, name, probability, requiredFields, sort: i + 1 }))).returning();
  const stdStages = await mkStages(std!.id, STANDARD);
  const chnStages = await mkStages(chn!.id, CHANNEL);

  const owned = await rows<{ id: string; name: string; owner_id: string; dept: string | null }>(tx, sql`
    SELECT c.id::text AS id, c.name, c.owner_id::text AS owner_id, u.department_id::text AS dept FROM customers c JOIN users u ON u.id = c.owner_id
     WHERE c.tenant_id = ${t} AND c.deleted_at IS NULL ORDER BY c.number LIMIT 400`);
  if (!owned.length) return;
  const rnd = random(20_260_018);
  const now = Date.now();
  const values: (typeof opportunities.$inferInsert)[] = [];
  const histories: Omit<typeof opportunityStageHistory.$inferInsert, 'opportunityId'>[][] = [];
  const wonCustomers = new Set<string>();
  for (let i = 0; i < 300; i++) {
    const c = owned[Math.floor(rnd() * owned.length)]!;
    const channel = Boolean(dept2 && c.dept === dept2 && rnd() < 0.35);
    const pipe = channel ? chn! : std!;
    const stages = channel ? chnStages : stdStages;
    const roll = rnd();
    const status: OpportunityStatus = roll < 0.2 ? 'won' : roll < 0.3 ? 'lost' : roll < 0.33 ? 'invalid' : 'open';
    const reached = status === 'won' ? stages.length - 1 : Math.floor(rnd() * stages.length);
    const created = now - Math.floor(30 + rnd() * 300) * DAY;
    const amountFen = Math.round((5 + rnd() * 95) * 10) * 1000_00 + Math.floor(rnd() * 100); // ¥5,000–¥1,000,000 with odd cents
    // back-dated path: created in the first stage, then one step at a time
    const hist: Omit<typeof opportunityStageHistory.$inferInsert, 'opportunityId'>[] = [];
    let at = created;
    hist.push({ tenantId: t, pipelineId: pipe.id, fromStageId: null, toStageId: stages[0]!.id, fromStatus: null, toStatus: 'open', changedBy: c.owner_id, changedAt: new Date(at), secondsInStage: null });
    for (let s = 1; s <= reached; s++) {
      const stay = Math.floor((3 + rnd() * 25) * DAY);
      if (at + stay > now - DAY) break;
      at += stay;
      hist.push({ tenantId: t, pipelineId: pipe.id, fromStageId: stages[s - 1]!.id, toStageId: stages[s]!.id, fromStatus: 'open', toStatus: 'open', changedBy: c.owner_id, changedAt: new Date(at), secondsInStage: Math.round(stay / 1000) });
    }
    const stage = stages[hist.length - 1]!;
    let closedAt: Date | null = null;
    if (status !== 'open') {
      const stay = Math.floor((2 + rnd() * 20) * DAY);
      const end = Math.min(now - DAY, at + stay);
      hist.push({ tenantId: t, pipelineId: pipe.id, fromStageId: stage.id, toStageId: stage.id, fromStatus: 'open', toStatus: status, changedBy: c.owner_id, changedAt: new Date(end), secondsInStage: Math.round((end - at) / 1000) });
      closedAt = new Date(end);
      at = end;
    }
    if (status === 'won') wonCustomers.add(c.id);
    const closeDate = status === 'open' ? new Date(now + Math.floor(-20 + rnd() * 200) * DAY) : closedAt!;
    const category: ForecastCategory = status !== 'open' ? 'pipeline' : stage.probability >= 60 ? (rnd() < 0.6 ? 'commit' : 'bestCase') : rnd() < 0.2 ? 'bestCase' : 'pipeline';
    values.push({
      tenantId: t, name: `${c.name.replace(/(有限公司|股份有限公司|集团)$/, '')}${pick(rnd, TOPICS)}`.slice(0, 200), customerId: c.id, pipelineId: pipe.id, stageId: stage.id,
      probability: status === 'won' ? 100 : status === 'open' ? stage.probability : 0, amount: formatMoney(amountFen),
      expectedCloseDate: closeDate.toISOString().slice(0, 10), competitor: rnd() < 0.6 ? pick(rnd, COMPETITORS) : null, status,
      lossReason: status === 'lost' ? pick(rnd, LOSS) : null, forecastCategory: category, source: pick(rnd, SOURCES),
      stageEnteredAt: new Date(at), closedAt, ownerId: c.owner_id, createdBy: c.owner_id,
      tags: rnd() < 0.15 ? ['重点项目'] : [], createdAt: new Date(created), updatedAt: new Date(at),
    });
    histories.push(hist);
  }
  const numbers = await nextNumbers(tx, t, 'opportunity', values.length, new Date(), 'Asia/Shanghai');
  values.forEach((v, i) => (v.number = numbers[i]!));
  const ids: string[] = [];
  for (let i = 0; i < values.length; i += 200) ids.push(...(await tx.insert(opportunities).values(values.slice(i, i + 200)).returning({ id: opportunities.id })).map((r) => r.id));
  const allHist = histories.flatMap((h, i) => h.map((row) => ({ ...row, opportunityId: ids[i]! })));
  for (let i = 0; i < allHist.length; i += 500) await tx.insert(opportunityStageHistory).values(allHist.slice(i, i + 500));
  await tx.execute(sql`UPDATE customers c SET last_opportunity_at = x.at FROM (SELECT customer_id, max(created_at) AS at FROM opportunities WHERE tenant_id = ${t} GROUP BY customer_id) x
    WHERE c.id = x.customer_id AND (c.last_opportunity_at IS NULL OR c.last_opportunity_at < x.at)`);
  if (wonCustomers.size) {
    await tx.execute(sql`UPDATE customers SET deal_status = CASE WHEN deal_status = 'none' THEN 'won' ELSE deal_status END
      WHERE id = ANY(${sql.param([...wonCustomers])}::uuid[])`);
  }
}
