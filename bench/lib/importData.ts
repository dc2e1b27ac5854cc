/**
 * Data of the import benchmark: a tenant with N existing leads generated in SQL (their dedupe keys
 * written exactly as the app's normalisers would), and an .xlsx of leads to import, written with
 * exceljs's streaming writer — a title row, Chinese headers, phones stored as numbers, and a share
 * of rows that duplicate an existing lead's mobile.
 */
import ExcelJS from 'exceljs';
import type pg from 'pg';

const CITIES = ['杭州', '宁波', '上海', '苏州', '南京', '广州', '深圳', '成都', '武汉', '西安'];
const WORDS = ['云帆', '海风', '星火', '远山', '青禾', '博研', '恒信', '启明', '瑞丰', '安达', '华越', '通达'];
const TRADES = ['科技', '贸易', '制造', '物流', '咨询', '电子'];
const SOURCES = ['促销', '搜索引擎', '广告', '转介绍', '线上询价', '电话咨询'];

/** mobiles of existing leads: 139 + 8 digits; new ones in the file: 137 + 8 digits */
export const existingMobile = (i: number) => `139${String(i).padStart(8, '0')}`;
const newMobile = (i: number) => 13700000000 + i;
const company = (i: number) => `${CITIES[i % CITIES.length]}${WORDS[(i >> 3) % WORDS.length]}${TRADES[(i >> 7) % TRADES.length]}${i}有限公司`;

/**
 * Inserts `rows` leads in the tenant with indexes dropped and rebuilt afterwards (minutes instead
 * of an hour with two trigram GIN indexes maintained row by row). company_norm follows
 * normalizeCompanyName for these names: the 有限公司 suffix removed.
 */
export async function generateLeads(c: pg.Client, tenantId: string, ownerIds: string[], rows: number, log: (m: string) => void): Promise<void> {
  const idx = await c.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'leads' AND indexname <> 'leads_pkey'`,
  );
  for (const i of idx.rows) await c.query(`DROP INDEX ${i.indexname}`);
  const arr = (xs: string[]) => `ARRAY[${xs.map((x) => `'${x}'`).join(',')}]`;
  const companyExpr = `(${arr(CITIES)})[1 + i % ${CITIES.length}] || (${arr(WORDS)})[1 + (i >> 3) % ${WORDS.length}] || (${arr(TRADES)})[1 + (i >> 7) % ${TRADES.length}] || i`;
  const batch = 250_000;
  for (let from = 0; from < rows; from += batch) {
    const to = Math.min(rows, from + batch) - 1;
    await c.query(
      `INSERT INTO leads (tenant_id, number, name, company, mobile, email, province, city, source, status, owner_id,
                          owner_since, mobile_norm, email_norm, company_norm, created_at, updated_at)
       SELECT $1, 'BENCH' || lpad(i::text, 8, '0'), '线索' || i, ${companyExpr} || '有限公司',
              '139' || lpad(i::text, 8, '0'), 'lead' || i || '@bench.example', '浙江', (${arr(CITIES)})[1 + i % ${CITIES.length}],
              'promotion', (ARRAY['new','contacting','qualified','invalid'])[1 + i % 4], ($2::uuid[])[1 + i % $3],
              now() - (i % 700) * interval '1 day', '139' || lpad(i::text, 8, '0'), 'lead' || i || '@bench.example', ${companyExpr},
              now() - (i % 700) * interval '1 day', now() - (i % 700) * interval '1 day'
         FROM generate_series($4::int, $5::int) AS i`,
      [tenantId, ownerIds, ownerIds.length, from, to],
    );
    log(`  ${to + 1} leads`);
  }
  const t0 = performance.now();
  await c.query(`SET maintenance_work_mem = '512MB'`);
  for (const i of idx.rows) await c.query(i.indexdef);
  await c.query('VACUUM (ANALYZE) leads');
  log(`  indexes rebuilt and analyzed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

export const FILE_HEADERS = ['姓名', '公司名称', '手机', '邮箱', '省份', '城市', '线索来源', '备注'];

/** Every `dupEvery`-th row repeats an existing lead's mobile (查重 finds it; policy decides). */
export async function writeLeadFile(file: string, rows: number, existing: number, dupEvery: number): Promise<{ duplicates: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('线索');
  ws.addRow(['2026 年展会线索（导入基准）']);
  ws.mergeCells(1, 1, 1, FILE_HEADERS.length);
  ws.getRow(1).commit();
  ws.addRow(FILE_HEADERS).commit();
  let duplicates = 0;
  for (let i = 0; i < rows; i++) {
    const dup = dupEvery > 0 && i % dupEvery === 0;
    if (dup) duplicates += 1;
    const mobile = dup ? Number(existingMobile((i * 7919) % existing)) : newMobile(i);
    ws.addRow([`导入${i}`, company(2_000_000 + i), mobile, `import${i}@file.example`, '浙江', CITIES[i % CITIES.length], SOURCES[i % SOURCES.length], i % 5 === 0 ? '展会名片' : null]).commit();
  }
  ws.commit();
  await wb.commit();
  return { duplicates };
}
