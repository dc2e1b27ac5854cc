/**
 * The wizard's first steps over HTTP: uploading files as people really have them (and files that
 * are not spreadsheets at all), the suggested and remembered mapping, the validation preview.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, userWithRole, type Member, type Org } from '../customers/testOrg.ts';
import { multipart, upload, xlsx } from './testFiles.ts';

let env: TestEnv;
let org: Org;
let importer: Member; // may import leads, customers and contacts; sees only their own
let viewer: Member; // a sales rep: may create leads but not import them
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  importer = await userWithRole(env, org.admin.client, 'importer', { dataScope: 'self', objects: { lead: ['view', 'create', 'import'], customer: ['view', 'create', 'import'], contact: ['view', 'create', 'import'] } });
  viewer = org.rep1;
});
afterAll(async () => {
  await env?.close();
});

const LEAD_HEADER = ['姓名', '公司名称', '手机', '电子邮箱', '下次跟进', '负责人', '线索级别', '备注说明'];

describe('upload', () => {
  it('finds the Chinese header under a merged title row, suggests a mapping and previews cells as typed', async () => {
    const file = await xlsx(LEAD_HEADER, [
      ['张三', '杭州云帆科技有限公司', 13800138000, 'zhang@example.com', new Date(Date.UTC(2026, 2, 1)), 'rep1', '重点客户', '展会'],
      ['李四', '宁波海风贸易', '13900139000', null, '2026/3/2', null, 'B', null],
    ], { title: '2026年春季展会线索' });
    const res = await upload(org.manager.client, 'lead', '展会线索.xlsx', file);
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'uploaded', fileName: '展会线索.xlsx', headerRow: 2, headers: LEAD_HEADER, rowCount: 2, progress: { done: 0, total: 2 } });
    expect(body.mapping).toEqual({ 姓名: 'name', 公司名称: 'company', 手机: 'mobile', 电子邮箱: 'email', 下次跟进: 'nextFollowupAt', 负责人: 'ownerId', 线索级别: 'grade', 备注说明: 'remark' });
    expect(body.preview[0]).toEqual({ rowNumber: 3, cells: ['张三', '杭州云帆科技有限公司', '13800138000', 'zhang@example.com', '2026-03-01', 'rep1', '重点客户', '展会'] });
    expect(body.fields.find((f: { key: string }) => f.key === 'name')).toMatchObject({ required: true, label: '姓名' });
    expect(body.fields.some((f: { key: string }) => f.key === 'number' || f.key === 'createdAt')).toBe(false);
  });

  it.each([
    ['a PNG renamed .xlsx', 'photo.xlsx', Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64)]), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['a Word document', '名单.doc', Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]), 415, 'UNSUPPORTED_FILE_TYPE'],
    ['an empty file', 'empty.csv', Buffer.alloc(0), 400, 'EMPTY_FILE'],
    ['a damaged xlsx', 'broken.xlsx', Buffer.concat([Buffer.from('504b0304', 'hex'), Buffer.from('xl/workbook.xml and then garbage')]), 422, 'MALFORMED_FILE'],
    ['numbers without a header', 'nums.csv', Buffer.from('1,2,3\n4,5,6\n7,8,9\n'), 422, 'NO_HEADER'],
    ['a CSV mixing UTF-8 and GBK', 'mixed.csv', Buffer.concat([Buffer.from('姓名,手机\n张三,13800138000\n李四,13900139000\n'), Buffer.from('d5c5c8fd2c3133373030313337303030', 'hex'), Buffer.from('\n')]), 422, 'MIXED_ENCODING'],
  ])('refuses %s with a clear 4xx', async (_what, name, content, status, code) => {
    const res = await upload(org.manager.client, 'lead', name, content);
    expect(res.statusCode, res.body).toBe(status);
    const err = res.json().error;
    expect(err.code).toBe(code);
    expect(err.message).toMatch(/[\u4e00-\u9fff].* \/ [a-z]/i); // Chinese and English
    if (code === 'MIXED_ENCODING') expect(err.details).toMatchObject({ line: 4 });
  });

  it('refuses a 50 MB file with 413 and the limit, keeping nothing', async () => {
    const big = Buffer.alloc(50 * 1024 * 1024, 0x61);
    const res = await upload(org.manager.client, 'lead', 'big.csv', big);
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'FILE_TOO_LARGE', details: { maxBytes: 20 * 1024 * 1024 } });
    expect(res.json().error.message).toContain('20 MB');
    const list = await org.manager.client.get(`${api}/imports?recordType=lead`);
    expect(list.json().items.every((i: { fileName: string }) => i.fileName !== 'big.csv')).toBe(true);
  });

  it('needs the import right for the record type and a known record type', async () => {
    const file = await xlsx(['姓名'], [['张三']]);
    expect((await upload(viewer.client, 'lead', 'a.xlsx', file)).statusCode).toBe(403);
    const bad = await upload(org.manager.client, 'opportunity', 'a.xlsx', file);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('recordType');
    const noFile = multipart({ recordType: 'lead' });
    const res = await org.manager.client.app.inject({ method: 'POST', url: `${api}/imports`, payload: noFile.payload, headers: { ...noFile.headers, cookie: `ll_session=${org.manager.client.cookies.ll_session}; ll_csrf=${org.manager.client.cookies.ll_csrf}`, 'x-csrf-token': org.manager.client.cookies.ll_csrf! } });
    expect(res.statusCode).toBe(400);
    expect((await org.manager.client.post(`${api}/imports`, { recordType: 'lead' })).statusCode).toBe(415);
  });
});

describe('mapping and validation preview', () => {
  it('rejects a mapping without the required name or with a field twice, then previews real outcomes per row', async () => {
    const file = await xlsx(['客户姓名', '手机号', '备用手机', '级别'], [
      ['王五', 13700137000, null, 'A'],
      [null, 13600136000, null, 'B'],
      ['赵六', '12345', null, 'Z'],
    ]);
    const up = (await upload(importer.client, 'lead', 'a.xlsx', file)).json();
    expect(up.mapping).toMatchObject({ 客户姓名: 'name', 手机号: 'mobile', 备用手机: null });
    const c = importer.client;
    const missing = await c.put(`${api}/imports/${up.id}`, { mapping: { 客户姓名: null, 手机号: 'mobile' }, duplicatePolicy: 'skip' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error).toMatchObject({ code: 'INVALID_MAPPING', details: { fields: [{ field: 'name' }] } });
    const twice = await c.put(`${api}/imports/${up.id}`, { mapping: { 客户姓名: 'name', 手机号: 'mobile', 备用手机: 'mobile' }, duplicatePolicy: 'skip' });
    expect(twice.json().error.details.fields[0].field).toBe('mapping.备用手机');
    const unknown = await c.put(`${api}/imports/${up.id}`, { mapping: { 城市: 'city', 客户姓名: 'name' }, duplicatePolicy: 'skip' });
    expect(unknown.json().error.details.fields[0].field).toBe('mapping.城市');

    const ok = await c.put(`${api}/imports/${up.id}`, { mapping: { 客户姓名: 'name', 手机号: 'mobile', 备用手机: null, 级别: 'grade' }, duplicatePolicy: 'create' });
    expect(ok.statusCode, ok.body).toBe(200);
    const { rows, summary } = ok.json().preview;
    expect(summary).toEqual({ created: 1, updated: 0, skipped: 0, rejected: 2 });
    expect(rows.map((r: { rowNumber: number; status: string }) => [r.rowNumber, r.status])).toEqual([[2, 'created'], [3, 'rejected'], [4, 'rejected']]);
    expect(rows[1].errors.map((e: { column: string }) => e.column)).toContain('客户姓名');
    expect(rows[2].errors.map((e: { column: string }) => e.column)).toEqual(['级别']); // cells first; the creator sees only convertible rows
    expect(rows[0].cells).toEqual(['王五', '13700137000', null, 'A']);
    // the preview ran in a transaction that was rolled back
    expect((await c.get(`${api}/leads?pageSize=200`)).json().items.some((l: { name: string }) => l.name === '王五')).toBe(false);
    expect((await c.get(`${api}/imports/${up.id}`)).json()).toMatchObject({ status: 'uploaded', duplicatePolicy: 'create' });
  });

  it('remembers the chosen mapping for the next file with the same headers', async () => {
    const file = await xlsx(['联系人', '电话号码', '展会编号'], [['钱七', '13500135000', '朋友介绍']]);
    const first = (await upload(org.admin.client, 'lead', 'a.xlsx', file)).json();
    expect(first.mapping['展会编号']).not.toBe('remark');
    const put = await org.admin.client.put(`${api}/imports/${first.id}`, { mapping: { 联系人: 'name', 电话号码: 'mobile', 展会编号: 'remark' }, duplicatePolicy: 'skip' });
    expect(put.statusCode, put.body).toBe(200);
    const second = (await upload(importer.client, 'lead', 'b.xlsx', file)).json(); // same organisation, another person
    expect(second.mapping).toEqual({ 联系人: 'name', 电话号码: 'mobile', 展会编号: 'remark' });
  });

  it('shows an import only to its creator and administrators', async () => {
    const up = (await upload(org.manager.client, 'lead', 'mine.xlsx', await xlsx(['姓名'], [['孙八']]))).json();
    expect((await importer.client.get(`${api}/imports/${up.id}`)).statusCode).toBe(404);
    expect((await viewer.client.get(`${api}/imports/${up.id}`)).statusCode).toBe(404);
    expect((await org.admin.client.get(`${api}/imports/${up.id}`)).statusCode).toBe(200);
    const mine = (await importer.client.get(`${api}/imports`)).json().items.map((i: { id: string }) => i.id);
    expect(mine).not.toContain(up.id);
    expect((await org.admin.client.get(`${api}/imports?limit=100`)).json().items.map((i: { id: string }) => i.id)).toContain(up.id);
  });
});
