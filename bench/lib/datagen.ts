/**
 * Data generation at scale, in SQL only: every row is produced by `INSERT … SELECT generate_series`
 * inside the database (PostgreSQL or PGlite run the same statements), never row by row from Node.
 *
 * Layout: one big tenant (BENCH_ROWS customers, ~50 sales users), one 100k tenant (the
 * "performance bar"), and BENCH_SMALL_TENANTS small tenants of BENCH_SMALL_ROWS customers each.
 * Values are deterministic (hashint8 of the row number, not random()), so two runs load the same data.
 */
import { DEFAULT_ROLES } from '../../apps/server/src/platform/permissions/defaultRoles.ts';
import { BAR_SLUG, BIG_SLUG } from './env.ts';

/** One database session (the same connection for every statement: SET commands must stick). */
export interface Session {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

export interface TenantPlan {
  slug: string;
  name: string;
  rows: number;
  reps: number;
}

export interface GenOptions {
  bigRows: number;
  barRows: number;
  smallTenants: number;
  smallRows: number;
  bigOwners: number;
  passwordHash: string;
  /** rows per INSERT statement (progress + bounded transaction size) */
  batch: number;
  log: (msg: string) => void;
}

// ---------------------------------------------------------------- vocabulary

/** [province, city] — the city's short name starts the company name (杭州XX科技有限公司). */
export const CITIES: [string, string][] = [
  ['浙江省', '杭州'], ['浙江省', '宁波'], ['浙江省', '温州'], ['浙江省', '绍兴'], ['浙江省', '嘉兴'], ['浙江省', '金华'], ['浙江省', '台州'],
  ['江苏省', '南京'], ['江苏省', '苏州'], ['江苏省', '无锡'], ['江苏省', '常州'], ['江苏省', '南通'], ['江苏省', '扬州'], ['江苏省', '徐州'],
  ['广东省', '广州'], ['广东省', '深圳'], ['广东省', '东莞'], ['广东省', '佛山'], ['广东省', '珠海'], ['广东省', '中山'], ['广东省', '惠州'],
  ['北京市', '北京'], ['上海市', '上海'], ['天津市', '天津'], ['重庆市', '重庆'],
  ['山东省', '济南'], ['山东省', '青岛'], ['山东省', '烟台'], ['山东省', '潍坊'],
  ['四川省', '成都'], ['四川省', '绵阳'], ['湖北省', '武汉'], ['湖北省', '宜昌'], ['湖南省', '长沙'], ['湖南省', '株洲'],
  ['福建省', '福州'], ['福建省', '厦门'], ['福建省', '泉州'], ['河南省', '郑州'], ['河南省', '洛阳'], ['安徽省', '合肥'], ['安徽省', '芜湖'],
  ['陕西省', '西安'], ['辽宁省', '沈阳'], ['辽宁省', '大连'], ['河北省', '石家庄'], ['河北省', '保定'], ['江西省', '南昌'],
  ['云南省', '昆明'], ['广西壮族自治区', '南宁'], ['山西省', '太原'], ['吉林省', '长春'], ['黑龙江省', '哈尔滨'], ['贵州省', '贵阳'],
  ['海南省', '海口'], ['新疆维吾尔自治区', '乌鲁木齐'], ['内蒙古自治区', '呼和浩特'], ['甘肃省', '兰州'],
];
export const BRAND_1 = [...new Set('华新恒泰瑞鑫盛达宏远博创智联信诚嘉德安通顺源力海天金云星辰光明汇聚鼎峰迅优卓众志')];
export const BRAND_2 = [...new Set('科达通源泰盛华信安康成宇航云禾润丰和美佳尚锐峰腾翔启晟睿拓越朗宸')];
/** [industry, word used in the company name] */
export const INDUSTRIES: [string, string][] = [
  ['信息技术', '科技'], ['软件服务', '软件'], ['智能制造', '智能装备'], ['机械制造', '机械'], ['批发零售', '贸易'], ['电子商务', '电子商务'],
  ['金融服务', '投资管理'], ['房地产', '置业'], ['教育培训', '教育科技'], ['医疗健康', '医疗器械'], ['物流运输', '供应链管理'],
  ['建筑工程', '建设工程'], ['新能源', '新能源'], ['农业', '农业发展'], ['文化传媒', '文化传媒'], ['餐饮酒店', '餐饮管理'],
  ['咨询服务', '企业管理咨询'], ['生物医药', '生物医药'],
];
export const SUFFIXES = ['有限公司', '股份有限公司', '集团有限公司', '有限责任公司'];
const DISTRICTS = ['高新区', '经济技术开发区', '中心城区', '新区', '工业园区', '老城区', '滨江区', '港区'];
const ROADS = ['人民路', '解放路', '建设路', '中山路', '文化路', '科技路', '创业大道', '长江路', '黄河路', '和平路'];
const SCALES = ['1-19', '20-99', '100-499', '500-999', '1000+'];
const LIFECYCLE = ['prospect', 'onboarding', 'active', 'churnRisk', 'churned', 'reactivated'];
const SOURCES = ['promotion', 'search', 'ads', 'referral', 'signup', 'inquiry', 'visitBooking', 'coldVisit', 'phoneInquiry', 'emailInquiry', 'webForm', 'api', 'import', 'lead', 'other'];
const CHANNELS = ['直销', '代理商', '电商平台', '展会', '老客户转介绍'];
const REMARKS = ['客户对产品较感兴趣，需持续跟进', '预算已批，等待采购流程', '决策人出差中，下周再联系', '竞品在跟进，注意价格策略', '年度框架协议客户'];
export const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'];
export const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '华', '平'];

export const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
export const arr = (xs: string[]) => `ARRAY[${xs.map(lit).join(',')}]::text[]`;

/** How many distinct names the mixed-radix decomposition yields (5.8M with the lists above). */
const NAME_CAPACITY = CITIES.length * BRAND_1.length * BRAND_2.length * INDUSTRIES.length * SUFFIXES.length;
const PERMUTE = 7919; // prime and coprime with NAME_CAPACITY: i → (i·7919 + salt) mod CAP is a bijection

export function plans(o: Pick<GenOptions, 'bigRows' | 'barRows' | 'smallTenants' | 'smallRows' | 'bigOwners'>): TenantPlan[] {
  const out: TenantPlan[] = [
    { slug: BIG_SLUG, name: '杭州云帆网络科技有限公司', rows: o.bigRows, reps: o.bigOwners },
    { slug: BAR_SLUG, name: '苏州启明软件有限公司', rows: o.barRows, reps: 20 },
  ];
  for (let k = 1; k <= o.smallTenants; k++) {
    const [, city] = CITIES[k % CITIES.length]!;
    out.push({ slug: `bench-s${String(k).padStart(3, '0')}`, name: `${city}${BRAND_1[k % BRAND_1.length]}${BRAND_2[(k * 7) % BRAND_2.length]}商贸有限公司`, rows: o.smallRows, reps: 4 });
  }
  return out;
}

/** Tenants, roles, departments, users, custom-field definitions: a few set-based statements. */
async function organizations(s: Session, all: TenantPlan[], passwordHash: string): Promise<void> {
  const slugs = all.map((p) => p.slug);
  await s.query(
    `INSERT INTO tenants (name, slug) SELECT v.name, v.slug FROM unnest($1::text[], $2::text[]) AS v(slug, name)`,
    [slugs, all.map((p) => p.name)],
  );
  const roles = DEFAULT_ROLES.map((r) => ({ key: r.key, name: r.name, name_en: r.nameEn, permissions: r.permissions }));
  await s.query(
    `INSERT INTO roles (tenant_id, key, name, name_en, is_system, permissions)
     SELECT t.id, r.key, r.name, r.name_en, true, r.permissions
       FROM tenants t CROSS JOIN jsonb_to_recordset($1::jsonb) AS r(key text, name text, name_en text, permissions jsonb)
      WHERE t.slug = ANY($2::text[])`,
    [JSON.stringify(roles), slugs],
  );
  await s.query(`INSERT INTO departments (tenant_id, name) SELECT id, name FROM tenants WHERE slug = ANY($1::text[])`, [slugs]);
  // Two-level sales organisation in the two big tenants: 销售部 → 销售一部 … 销售五部.
  await s.query(
    `INSERT INTO departments (tenant_id, name, parent_id, sort)
     SELECT t.id, '销售部', d.id, 1 FROM tenants t JOIN departments d ON d.tenant_id = t.id AND d.parent_id IS NULL
      WHERE t.slug = ANY($1::text[])`,
    [[BIG_SLUG, BAR_SLUG]],
  );
  await s.query(
    `INSERT INTO departments (tenant_id, name, parent_id, sort)
     SELECT s.tenant_id, '销售' || (ARRAY['一','二','三','四','五'])[k] || '部', s.id, k
       FROM departments s CROSS JOIN generate_series(1, 5) AS k WHERE s.name = '销售部'`,
  );
  const host = `substr(t.slug, 7) || '.bench.loopline.cn'`;
  await s.query(
    `INSERT INTO users (tenant_id, name, email, mobile, password_hash, department_id)
     SELECT t.id, '管理员', 'admin@' || ${host}, '13900000000', $1, d.id
       FROM tenants t JOIN departments d ON d.tenant_id = t.id AND d.parent_id IS NULL
      WHERE t.slug = ANY($2::text[])`,
    [passwordHash, slugs],
  );
  // Sales users: rep1…rep5 are sales managers of 销售一部…五部, the others sales reps spread over them.
  await s.query(
    `INSERT INTO users (tenant_id, name, email, mobile, password_hash, department_id)
     SELECT t.id,
            (${arr(SURNAMES)})[1 + k % ${SURNAMES.length}] || (${arr(GIVEN)})[1 + (k * 7 + k / ${SURNAMES.length}) % ${GIVEN.length}],
            'rep' || k || '@' || ${host}, '139' || lpad(k::text, 8, '0'), $1, coalesce(sub.id, root.id)
       FROM unnest($2::text[], $3::int[]) AS v(slug, reps)
       JOIN tenants t ON t.slug = v.slug
       CROSS JOIN LATERAL generate_series(1, v.reps) AS k
       JOIN departments root ON root.tenant_id = t.id AND root.parent_id IS NULL
       LEFT JOIN departments sub ON sub.tenant_id = t.id AND sub.name = '销售' || (ARRAY['一','二','三','四','五'])[1 + (k - 1) % 5] || '部'`,
    [passwordHash, slugs, all.map((p) => p.reps)],
  );
  await s.query(
    `INSERT INTO user_roles (tenant_id, user_id, role_id)
     SELECT u.tenant_id, u.id, r.id
       FROM users u JOIN tenants t ON t.id = u.tenant_id
       JOIN roles r ON r.tenant_id = u.tenant_id AND r.key = CASE
            WHEN u.email LIKE 'admin@%' THEN 'admin'
            WHEN substring(u.email from '^rep([0-9]+)@')::int <= 5 THEN 'salesManager'
            ELSE 'salesRep' END
      WHERE t.slug = ANY($1::text[])`,
    [slugs],
  );
  const fields = [
    { key: 'budget', label: '年度预算', label_en: 'Annual budget', type: 'money', options: [], sort: 1 },
    { key: 'channel', label: '渠道', label_en: 'Channel', type: 'singleSelect', options: CHANNELS.map((c) => ({ value: c, label: c })), sort: 2 },
    { key: 'contractDate', label: '签约日期', label_en: 'Contract date', type: 'date', options: [], sort: 3 },
  ];
  await s.query(
    `INSERT INTO custom_fields (tenant_id, record_type, key, label, label_en, type, options, sort)
     SELECT t.id, 'customer', f.key, f.label, f.label_en, f.type, f.options, f.sort
       FROM tenants t CROSS JOIN jsonb_to_recordset($1::jsonb) AS f(key text, label text, label_en text, type text, options jsonb, sort int)
      WHERE t.slug = ANY($2::text[])`,
    [JSON.stringify(fields), slugs],
  );
}

/**
 * The customers INSERT … SELECT for rows [from, to] of each listed tenant (row i of a tenant of n rows).
 * u(k) is a deterministic uniform [0,1) per row and k; created_at grows with i over three years
 * (rows are created over time, so the heap is roughly in created_at order, as in production).
 */
function customersSql(): string {
  const C = CITIES.length, B1 = BRAND_1.length, B2 = BRAND_2.length, I = INDUSTRIES.length, S = SUFFIXES.length;
  const u = (k: number) => `((hashint8(g.i * 64 + ${k} + p.salt) & 2147483647)::float8 / 2147483648.0)`;
  const pick = (xs: string[], k: number) => `(${arr(xs)})[1 + floor(r.u${k} * ${xs.length})::int]`;
  const uniforms = Array.from({ length: 20 }, (_, k) => `${u(k)} AS u${k}`).join(',\n              ');
  return `
INSERT INTO customers (tenant_id, number, name, kind, industry, scale, grade, lifecycle_stage, deal_status, source,
                       province, city, district, address, phone, email, website, owner_id, tags, locked, health_score,
                       last_followup_at, next_followup_at, remark, custom, created_by, created_at, updated_at, deleted_at)
SELECT p.id,
       'KH' || lpad((g.i + 1)::text, 8, '0'),
       (${arr(CITIES.map((c) => c[1]))})[1 + n.city] || (${arr(BRAND_1)})[1 + n.b1] || (${arr(BRAND_2)})[1 + n.b2]
         || (${arr(INDUSTRIES.map((x) => x[1]))})[1 + n.ind] || (${arr(SUFFIXES)})[1 + n.suf]
         || CASE WHEN n.dup > 0 THEN '（' || (n.dup + 1) || '）' ELSE '' END,
       'company',
       (${arr(INDUSTRIES.map((x) => x[0]))})[1 + n.ind],
       CASE WHEN r.u1 < 0.35 THEN '1-19' WHEN r.u1 < 0.7 THEN '20-99' WHEN r.u1 < 0.9 THEN '100-499' WHEN r.u1 < 0.96 THEN '500-999' ELSE '1000+' END,
       CASE WHEN r.u2 < 0.2 THEN 'A' WHEN r.u2 < 0.6 THEN 'B' WHEN r.u2 < 0.95 THEN 'C' END,
       ${pick(LIFECYCLE, 3)},
       CASE WHEN r.u4 < 0.6 THEN 'none' WHEN r.u4 < 0.9 THEN 'won' ELSE 'repeat' END,
       ${pick(SOURCES, 5)},
       (${arr(CITIES.map((c) => c[0]))})[1 + n.city],
       (${arr(CITIES.map((c) => c[1]))})[1 + n.city] || '市',
       ${pick(DISTRICTS, 6)},
       (${arr(CITIES.map((c) => c[1]))})[1 + n.city] || '市' || ${pick(DISTRICTS, 6)} || ${pick(ROADS, 7)} || (1 + floor(r.u8 * 999))::int || '号',
       '1' || (ARRAY['38','39','58','59','86','87','88','89','35','36'])[1 + floor(r.u9 * 10)::int] || lpad(floor(r.u10 * 100000000)::bigint::text, 8, '0'),
       CASE WHEN r.u11 < 0.7 THEN 'contact' || (g.i + 1) || '@c' || p.salt || '.com.cn' END,
       CASE WHEN r.u11 < 0.4 THEN 'https://www.c' || (g.i + 1) || '.cn' END,
       p.owners[1 + floor(r.u12 * cardinality(p.owners))::int],
       CASE WHEN r.u13 < 0.1 THEN ARRAY['重点客户'] WHEN r.u13 < 0.18 THEN ARRAY['老客户','渠道合作'] WHEN r.u13 < 0.22 THEN ARRAY['政府项目'] ELSE '{}'::text[] END,
       r.u14 < 0.02,
       CASE WHEN r.u15 < 0.7 THEN floor(r.u16 * 101)::int END,
       CASE WHEN r.u17 < 0.8 THEN c.created + (now() - c.created) * r.u16 END,
       CASE WHEN r.u17 < 0.5 THEN now() + (r.u15 * 60 - 10) * interval '1 day' END,
       CASE WHEN r.u14 > 0.9 THEN ${pick(REMARKS, 18)} END,
       CASE WHEN r.u19 < 0.6 THEN jsonb_build_object('budget', floor(r.u18 * 2000000)::int, 'channel', ${pick(CHANNELS, 7)},
                                                    'contractDate', to_char(c.created + interval '30 days', 'YYYY-MM-DD'))
            ELSE '{}'::jsonb END,
       p.owners[1 + floor(r.u12 * cardinality(p.owners))::int],
       c.created,
       c.created + (now() - c.created) * r.u18,
       CASE WHEN r.u19 > 0.99 THEN c.created + (now() - c.created) * r.u17 END
  FROM (SELECT t.id, v.n, (hashtext(t.slug) & 65535)::bigint * 1099511627776 AS salt, hashtext(t.slug) & 65535 AS nsalt,
               (SELECT array_agg(u.id ORDER BY u.email) FROM users u WHERE u.tenant_id = t.id AND u.email LIKE 'rep%') AS owners
          FROM unnest($1::text[], $2::bigint[]) AS v(slug, n) JOIN tenants t ON t.slug = v.slug
        OFFSET 0) AS p -- OFFSET 0: evaluate the owners array once per tenant, not once per row
  CROSS JOIN LATERAL generate_series($3::bigint, least($4::bigint, p.n - 1)) AS g(i)
  CROSS JOIN LATERAL (SELECT ${uniforms}) AS r
  CROSS JOIN LATERAL (SELECT (g.i * ${PERMUTE} + p.nsalt) % ${NAME_CAPACITY} AS j, g.i / ${NAME_CAPACITY} AS dup) AS m
  CROSS JOIN LATERAL (SELECT m.j % ${C} AS city, (m.j / ${C}) % ${B1} AS b1, (m.j / ${C * B1}) % ${B2} AS b2,
                             (m.j / ${C * B1 * B2}) % ${I} AS ind, (m.j / ${C * B1 * B2 * I}) % ${S} AS suf, m.dup) AS n
  CROSS JOIN LATERAL (SELECT now() - interval '1095 days' + ((g.i + r.u0) / p.n) * interval '1095 days' AS created) AS c`;
}

/** Loads everything; secondary indexes of customers are dropped first and rebuilt after the load. */
export async function generate(s: Session, o: GenOptions): Promise<{ tenants: TenantPlan[]; customers: number; seconds: Record<string, number> }> {
  const seconds: Record<string, number> = {};
  const step = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    seconds[name] = +((performance.now() - t0) / 1000).toFixed(1);
    o.log(`  ${name}: ${seconds[name]} s`);
    return out;
  };
  if (PERMUTE % 2 === 0 || NAME_CAPACITY % PERMUTE === 0) throw new Error('name permutation is not a bijection');
  const all = plans(o);
  // Foreign-key triggers off for the load (superuser only); the data is consistent by construction.
  await s.query(`SET session_replication_role = replica`);
  await step('organizations', () => organizations(s, all, o.passwordHash));

  const indexes = (await s.query(`SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'customers' AND indexname <> 'customers_pkey'`)).rows as { indexname: string; indexdef: string }[];
  for (const ix of indexes) await s.query(`DROP INDEX ${ix.indexname}`);

  const text = customersSql();
  let total = 0;
  await step('customers', async () => {
    // The big tenant, the 100k tenant, then all small tenants together — each in batches of ~o.batch rows.
    const big = all.filter((p) => p.slug === BIG_SLUG);
    const bar = all.filter((p) => p.slug === BAR_SLUG);
    const rest = all.filter((p) => p.slug !== BIG_SLUG && p.slug !== BAR_SLUG);
    for (const group of [big, bar, rest]) {
      if (!group.length) continue;
      const maxRows = Math.max(0, ...group.map((p) => p.rows));
      const width = group.length === 1 ? o.batch : Math.max(1, Math.floor(o.batch / group.length));
      for (let from = 0; from < maxRows; from += width) {
        const to = Math.min(maxRows, from + width) - 1;
        const t0 = performance.now();
        await s.query(text, [group.map((p) => p.slug), group.map((p) => p.rows), from, to]);
        const n = group.reduce((acc, p) => acc + Math.max(0, Math.min(p.rows - 1, to) - from + 1), 0);
        total += n;
        o.log(`    +${n} rows (${group.length === 1 ? group[0]!.slug : `${group.length} tenants`}, rows ${from}…${to}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      }
    }
  });
  await s.query(`RESET session_replication_role`);
  await step('indexes', async () => {
    for (const ix of indexes) {
      const t0 = performance.now();
      await s.query(ix.indexdef);
      o.log(`    ${ix.indexname} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  });
  await step('vacuum analyze', async () => {
    await s.query(`VACUUM (ANALYZE) customers`);
    await s.query(`ANALYZE`);
  });
  return { tenants: all, customers: total, seconds };
}
