import type { Db } from '../../platform/db/client.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { generateDemoCustomers } from './demoData.ts';
import { customerKeys } from './keys.ts';
import { customers } from './schema.ts';

const COMPANIES: [string, string, 'A' | 'B' | 'C', string, string][] = [
  ['杭州云栖网络科技有限公司', '互联网', 'A', '浙江省', '杭州市'], ['上海浦江精密机械有限公司', '制造业', 'A', '上海市', '上海市'],
  ['深圳前海智联物流有限公司', '物流', 'B', '广东省', '深圳市'], ['北京中关村数据服务有限公司', '信息技术', 'A', '北京市', '北京市'],
  ['苏州工业园区新材料有限公司', '制造业', 'B', '江苏省', '苏州市'], ['成都天府软件股份有限公司', '信息技术', 'B', '四川省', '成都市'],
  ['广州白云医疗器械有限公司', '医疗', 'A', '广东省', '广州市'], ['武汉光谷电子有限公司', '电子', 'C', '湖北省', '武汉市'],
  ['南京紫金教育咨询有限公司', '教育', 'C', '江苏省', '南京市'], ['厦门海沧进出口贸易有限公司', '贸易', 'B', '福建省', '厦门市'],
  ['西安曲江文化传媒有限公司', '文化传媒', 'C', '陕西省', '西安市'], ['青岛崂山食品有限公司', '食品', 'B', '山东省', '青岛市'],
  ['长沙岳麓智能装备有限公司', '制造业', 'A', '湖南省', '长沙市'], ['宁波北仑港口服务有限公司', '物流', 'B', '浙江省', '宁波市'],
  ['合肥高新新能源有限公司', '新能源', 'A', '安徽省', '合肥市'], ['天津滨海化工有限公司', '化工', 'C', '天津市', '天津市'],
  ['重庆两江汽车配件有限公司', '汽车', 'B', '重庆市', '重庆市'], ['郑州航空港电商有限公司', '电商', 'B', '河南省', '郑州市'],
  ['昆明滇池农业科技有限公司', '农业', 'C', '云南省', '昆明市'], ['大连星海软件有限公司', '信息技术', 'B', '辽宁省', '大连市'],
];
const REPS = ['rep1', 'rep2', 'rep3', 'rep4'];
const DEMO_CUSTOMERS = 200;
const DAY = 86400_000;

/** Where sample customers go: any organization, owned round-robin by the given users. */
export interface SampleCustomerTarget {
  tenantId: string;
  ownerIds: string[];
  /** the tenant's zone, so numbers carry the tenant's local date */
  timeZone?: string;
}

type Row = typeof customers.$inferInsert;
const withKeys = (r: Row): Row => ({ ...r, ...customerKeys({ name: r.name, phone: r.phone, email: r.email }) });

/**
 * Demo customers: the 20 sample companies, then generated ones up to ~200 — grades, lifecycle
 * stages, deals (some won), tags, some locked, owners over the reps and a few for the managers,
 * follow-ups from yesterday to two months ago (the pool's recycle rules have work to do).
 */
export async function seedDemoCustomers(tx: Db, org: DemoOrg): Promise<void> {
  await seedSampleCustomers(tx, { tenantId: org.tenantId, ownerIds: REPS.map((key) => org.usersByKey[key]!) });
  const generated = generateDemoCustomers(DEMO_CUSTOMERS - COMPANIES.length, new Set(COMPANIES.map(([name]) => name)), Date.now());
  const numbers = await nextNumbers(tx, org.tenantId, 'customer', generated.length, new Date(), 'Asia/Shanghai');
  const rows = generated.map(({ ownerKey, ...r }, i) => {
    const ownerId = org.usersByKey[ownerKey]!;
    return withKeys({ ...r, tenantId: org.tenantId, number: numbers[i]!, ownerId, createdBy: ownerId, updatedAt: r.lastFollowupAt ?? r.createdAt });
  });
  for (let i = 0; i < rows.length; i += 100) await tx.insert(customers).values(rows.slice(i, i + 100));
}

/**
 * The same sample companies for any organization (the demo one, or "load sample data" from the
 * onboarding checklist, where the admin owns them all). Returns the number created.
 */
export async function seedSampleCustomers(tx: Db, target: SampleCustomerTarget): Promise<number> {
  if (target.ownerIds.length === 0) throw new Error('sample customers need at least one owner');
  const now = Date.now();
  const numbers = await nextNumbers(tx, target.tenantId, 'customer', COMPANIES.length, new Date(now), target.timeZone ?? 'Asia/Shanghai');
  const rows = COMPANIES.map(([name, industry, grade, province, city], i): Row => {
    const ownerId = target.ownerIds[i % target.ownerIds.length]!;
    const createdAt = new Date(now - (i * 9 + 3) * DAY);
    return withKeys({
      tenantId: target.tenantId, number: numbers[i]!, name, industry, grade, province, city,
      source: ['referral', 'search', 'promotion', 'inquiry'][i % 4]!,
      lifecycleStage: i % 3 === 0 ? 'active' : 'prospect', dealStatus: i % 3 === 0 ? 'won' : 'none',
      phone: `1390000${String(1000 + i).padStart(4, '0')}`,
      email: `contact${i + 1}@example.cn`,
      ownerId, ownerSince: createdAt, createdBy: ownerId,
      tags: grade === 'A' ? ['重点客户'] : [],
      locked: i === 0 || i === 6,
      lastFollowupAt: new Date(now - (i % 10) * DAY),
      nextFollowupAt: new Date(now + ((i % 7) + 1) * DAY),
      createdAt,
    });
  });
  await tx.insert(customers).values(rows);
  return COMPANIES.length;
}
