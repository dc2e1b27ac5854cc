import type { Db } from '../../platform/db/client.ts';
import { nextNumber } from '../../platform/records/numbering.ts';
import type { DemoOrg } from '../demo/seed.ts';
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

/** Where sample customers go: any organization, owned round-robin by the given users. */
export interface SampleCustomerTarget {
  tenantId: string;
  ownerIds: string[];
  /** the tenant's zone, so numbers carry the tenant's local date */
  timeZone?: string;
}

/** Demo customers spread over the four reps, with grades, regions and follow-up dates people can filter on. */
export async function seedDemoCustomers(tx: Db, org: DemoOrg): Promise<void> {
  await seedSampleCustomers(tx, { tenantId: org.tenantId, ownerIds: REPS.map((key) => org.usersByKey[key]!) });
}

/**
 * The same sample companies for any organization (the demo one, or "load sample data" from the
 * onboarding checklist, where the admin owns them all). Returns the number created.
 */
export async function seedSampleCustomers(tx: Db, target: SampleCustomerTarget): Promise<number> {
  if (target.ownerIds.length === 0) throw new Error('sample customers need at least one owner');
  const now = new Date();
  for (const [i, [name, industry, grade, province, city]] of COMPANIES.entries()) {
    const ownerId = target.ownerIds[i % target.ownerIds.length]!;
    await tx.insert(customers).values({
      tenantId: target.tenantId,
      number: await nextNumber(tx, target.tenantId, 'customer', now, target.timeZone ?? 'Asia/Shanghai'),
      name,
      industry,
      grade,
      province,
      city,
      source: ['转介绍', '搜索引擎', '展会', '线上询价'][i % 4]!,
      phone: `1390000${String(1000 + i).padStart(4, '0')}`,
      email: `contact${i + 1}@example.cn`,
      ownerId,
      createdBy: ownerId,
      tags: grade === 'A' ? ['重点客户'] : [],
      lastFollowupAt: new Date(now.getTime() - (i % 10) * 86400_000),
      nextFollowupAt: new Date(now.getTime() + ((i % 7) + 1) * 86400_000),
      createdAt: new Date(now.getTime() - (i * 9 + 3) * 86400_000),
    });
  }
  return COMPANIES.length;
}
