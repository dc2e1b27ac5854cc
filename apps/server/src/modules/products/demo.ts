/** Demo catalogue: a category tree, ~30 products, and two price books (经销价, 零售价 = default) with quantity tiers. */
import { formatMoney, mulDivRound, parseMoney } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';
import { priceBookEntries, priceBooks, productCategories, products } from './schema.ts';

/** [parent, child] names; a null child is the top-level category itself. */
const TREE: Record<string, string[]> = {
  软件: ['CRM 订阅', '增值模块'],
  硬件: ['扫码设备', '打印设备', '移动终端'],
  服务: ['实施服务', '培训服务', '运维服务'],
};

// code, name, category, unit, specification, list price, tax rate, listed
type P = [string, string, string, string, string | null, string, string, boolean?];
const PRODUCTS: P[] = [
  ['SW-CRM-STD', 'Loopline CRM 标准版 年费', 'CRM 订阅', '用户/年', '10 用户起', '1980.00', '6'],
  ['SW-CRM-PRO', 'Loopline CRM 专业版 年费', 'CRM 订阅', '用户/年', '含审批与自动化', '3280.00', '6'],
  ['SW-CRM-ENT', 'Loopline CRM 企业版 年费', 'CRM 订阅', '用户/年', '含私有部署选项', '5880.00', '6'],
  ['SW-CRM-BASIC', 'Loopline CRM 基础版 年费（停售）', 'CRM 订阅', '用户/年', null, '980.00', '6', false],
  ['SW-MOD-BI', '商业智能分析模块', '增值模块', '套/年', null, '12000.00', '6'],
  ['SW-MOD-CALL', '呼叫中心集成模块', '增值模块', '套/年', '支持主流云呼叫平台', '8800.00', '6'],
  ['SW-MOD-WX', '企业微信集成模块', '增值模块', '套/年', null, '6800.00', '6'],
  ['SW-MOD-API', 'API 调用扩容包', '增值模块', '包', '每包 100 万次', '2000.00', '6'],
  ['SW-MOD-STORE', '附件存储扩容', '增值模块', 'TB/年', null, '1500.00', '6'],
  ['HW-SCAN-01', '扫码枪 LS-200 有线', '扫码设备', '台', 'USB 有线，一维/二维码', '299.00', '13'],
  ['HW-SCAN-02', '扫码枪 LS-260 无线', '扫码设备', '台', '2.4G 无线，100 米', '468.00', '13'],
  ['HW-SCAN-03', '桌面扫码平台 DS-80', '扫码设备', '台', null, '699.00', '13'],
  ['HW-PRN-01', '热敏标签打印机 TP-58', '打印设备', '台', '58mm', '880.00', '13'],
  ['HW-PRN-02', '热敏标签打印机 TP-110', '打印设备', '台', '110mm，203dpi', '1580.00', '13'],
  ['HW-PRN-R1', '热敏标签纸 60×40', '打印设备', '卷', '800 张/卷', '12.50', '13'],
  ['HW-PDA-01', '手持终端 PDA M3', '移动终端', '台', '安卓 12，4G 全网通', '2680.00', '13'],
  ['HW-PDA-02', '手持终端 PDA M5 工业级', '移动终端', '台', 'IP67，1.5 米跌落', '3980.00', '13'],
  ['HW-PAD-01', '销售平板 10 寸', '移动终端', '台', '8+128G', '2299.00', '13'],
  ['SV-IMPL-DAY', '实施服务 人天', '实施服务', '人天', '现场或远程', '2000.00', '6'],
  ['SV-IMPL-PKG', '标准实施包', '实施服务', '项', '含数据迁移与配置，20 人天', '36000.00', '6'],
  ['SV-MIGR', '历史数据迁移', '实施服务', '项', '10 万条以内', '8000.00', '6'],
  ['SV-CUST-DAY', '定制开发 人天', '实施服务', '人天', null, '2500.00', '6'],
  ['SV-TRN-ONS', '现场培训', '培训服务', '场', '半天，30 人以内', '3000.00', '6'],
  ['SV-TRN-ONL', '在线培训', '培训服务', '场', '2 小时', '800.00', '6'],
  ['SV-TRN-CERT', '管理员认证培训', '培训服务', '人', null, '1200.00', '6'],
  ['SV-OPS-STD', '标准运维服务 年费', '运维服务', '年', '5×8 响应', '9800.00', '6'],
  ['SV-OPS-PRM', '高级运维服务 年费', '运维服务', '年', '7×24 响应，专属客户成功经理', '19800.00', '6'],
  ['SV-OPS-HW', '硬件延保 2 年', '运维服务', '台', null, '199.00', '6'],
  ['SV-ONSITE', '驻场服务 月', '运维服务', '人月', null, '28000.00', '6'],
  ['SV-HEALTH', '系统健康检查', '运维服务', '次', null, '5000.00', '6'],
];

/** 零售价 (default): list price with volume tiers on hardware; 经销价: about 70 % of list, steeper tiers. */
const pct = (price: string, percent: number) => formatMoney(mulDivRound(parseMoney(price), percent, 100));

export async function seedDemoProducts(db: Db, org: DemoOrg): Promise<void> {
  const t = org.tenantId;
  const tops = await db.insert(productCategories).values(Object.keys(TREE).map((name, i) => ({ tenantId: t, name, sort: i }))).returning();
  const topId = Object.fromEntries(tops.map((c) => [c.name, c.id]));
  const subs = await db.insert(productCategories)
    .values(Object.entries(TREE).flatMap(([top, children]) => children.map((name, i) => ({ tenantId: t, parentId: topId[top]!, name, sort: i }))))
    .returning();
  const catId = Object.fromEntries(subs.map((c) => [c.name, c.id]));
  const admin = org.usersByKey.admin ?? null;
  const made = await db.insert(products).values(PRODUCTS.map(([code, name, cat, unit, spec, price, tax, listed]) => ({
    tenantId: t, code, name, categoryId: catId[cat]!, unit, specification: spec, listPrice: price, taxRate: tax, listed: listed ?? true,
    description: `${name}${spec ? `（${spec}）` : ''}`, tags: [code.startsWith('SW') ? '软件' : code.startsWith('HW') ? '硬件' : '服务'], createdBy: admin,
  }))).returning({ id: products.id, code: products.code, listPrice: products.listPrice });
  const [retail, dealer] = await db.insert(priceBooks).values([
    { tenantId: t, name: '零售价', description: '面向终端客户的标准价格', isDefault: true },
    { tenantId: t, name: '经销价', description: '签约经销商价格，约为零售价七折' },
  ]).returning();
  const entries: (typeof priceBookEntries.$inferInsert)[] = [];
  for (const p of made) {
    const hw = p.code.startsWith('HW');
    const sub = p.code.startsWith('SW-CRM');
    entries.push({
      tenantId: t, priceBookId: retail!.id, productId: p.id, price: p.listPrice,
      tiers: hw ? [{ minQuantity: '10', price: pct(p.listPrice, 95) }, { minQuantity: '50', price: pct(p.listPrice, 90) }]
        : sub ? [{ minQuantity: '50', price: pct(p.listPrice, 92) }, { minQuantity: '200', price: pct(p.listPrice, 85) }] : [],
    });
    if (p.code.startsWith('SV-ONSITE')) continue; // not sold through dealers
    entries.push({
      tenantId: t, priceBookId: dealer!.id, productId: p.id, price: pct(p.listPrice, 70),
      tiers: hw ? [{ minQuantity: '20', price: pct(p.listPrice, 65) }, { minQuantity: '100', price: pct(p.listPrice, 60) }] : [],
    });
  }
  await db.insert(priceBookEntries).values(entries);
}
