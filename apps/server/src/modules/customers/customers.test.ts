import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { listedIds, newCustomer, q, setupOrg, userWithRole, type Member, type Org } from './testOrg.ts';

let env: TestEnv;
let org: Org;
let other: SignedUp; // a second tenant
let limited: Member; // role with hidden email/custom.secret and list-masked phone, may export

const api = '/api/v1';

async function readXlsx(buf: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  other = await signUp(env.app);
  const cf = await org.admin.client.post(`${api}/custom-fields`, { recordType: 'customer', key: 'secret', label: '机密', type: 'text' });
  expect(cf.statusCode, cf.body).toBe(201);
  limited = await userWithRole(env, org.admin.client, 'limitedViewer', {
    dataScope: 'all',
    objects: { customer: ['view', 'edit', 'export'] },
    fields: { customer: { email: 'hidden', 'custom.secret': 'hidden' } },
    masks: { customer: { phone: 'list' } },
  });
});
afterAll(async () => {
  await env?.close();
});

describe('create, read, update, delete', () => {
  it('numbers new customers, defaults the owner to the creator and rejects duplicate names', async () => {
    const c = await newCustomer(org.rep1.client, { name: '杭州云帆科技有限公司', grade: 'A', phone: '13812345678', tags: ['重点'] });
    expect(c.number).toMatch(/^KH\d{8}\d{4}$/);
    expect(c.ownerId).toBe(org.rep1.userId);
    expect(c.ownerName).toBe('rep1');
    const dup = await org.rep2.client.post(`${api}/customers`, { name: '杭州云帆科技有限公司' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error).toMatchObject({ code: 'DUPLICATE', details: { field: 'name' } });
  });

  it('rejects unknown fields, wrong types and hostile input with 4xx, never 500', async () => {
    const c = org.admin.client;
    const unknown = await c.post(`${api}/customers`, { name: 'X', colour: 'red' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.fields).toEqual([{ field: 'colour', message: 'unknown field' }]);
    const types = await c.post(`${api}/customers`, { name: 123, grade: 'Z', tags: 'a' });
    expect(types.statusCode).toBe(400);
    expect(types.json().error.code).toBe('VALIDATION_FAILED');
    const inj = await newCustomer(c, { name: "'; DROP TABLE customers; --", remark: '<script>alert(1)</script>' });
    expect(inj.name).toBe("'; DROP TABLE customers; --");
    for (const url of [
      `/customers?pageSize=1000`, `/customers?page=-1`, `/customers?filter=%7Bnot-json`, `/customers?filter=${q({ field: 'name', op: 'like', value: 1 })}`,
      `/customers?filter=${q({ field: 'nope', op: 'eq', value: 'x' })}`, `/customers?sort=-nope`, `/customers?sort=tags`, `/customers?count=all`,
      `/customers?filter=${q({ field: 'healthScore', op: 'gt', value: "1; DROP TABLE customers" })}`, `/customers/not-a-uuid`, `/customers?bogus=1`,
      `/customers?filter=${q(JSON.parse('{"not":'.repeat(30) + '{"field":"name","op":"eq","value":"x"}' + '}'.repeat(30)))}`,
    ]) {
      const res = await c.get(api + url);
      expect(res.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, url).toBeLessThan(500);
      expect(res.json().error.code, url).toMatch(/^[A-Z_]+$/);
    }
    const injValue = await c.get(`${api}/customers?filter=${q({ field: 'name', op: 'eq', value: "x' OR '1'='1" })}&q=${encodeURIComponent("%' OR 1=1 --")}`);
    expect(injValue.statusCode).toBe(200);
    expect(injValue.json().items).toEqual([]);
    const badJson = await c.request('POST', `${api}/customers`, undefined, { 'content-type': 'application/json' });
    expect(badJson.statusCode).toBeLessThan(500);
    const badPatch = await c.patch(`${api}/customers/${inj.id}`, { ownerId: org.rep1.userId });
    expect(badPatch.statusCode).toBe(400); // owner changes go through /owner
  });

  it('updates with an audited field diff and soft-deletes', async () => {
    const c = await newCustomer(org.admin.client, { name: '苏州明德贸易', grade: 'B' });
    const upd = await org.admin.client.patch(`${api}/customers/${c.id}`, { grade: 'A', city: '苏州' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ grade: 'A', city: '苏州' });
    const hist = (await org.admin.client.get(`${api}/customers/${c.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'update', changes: { grade: { before: 'B', after: 'A' }, city: { before: null, after: '苏州' } } });
    expect(hist.at(-1).action).toBe('create');
    expect((await org.admin.client.delete(`${api}/customers/${c.id}`)).statusCode).toBe(204);
    expect((await org.admin.client.get(`${api}/customers/${c.id}`)).statusCode).toBe(404);
    expect(await listedIds(org.admin.client)).not.toContain(c.id);
    await newCustomer(org.admin.client, { name: '苏州明德贸易' }); // the name is free again
  });

  it('pages with exact counts or hasMore', async () => {
    for (let i = 0; i < 5; i++) await newCustomer(org.rep3.client, { name: `分页客户${i}`, healthScore: i * 10 });
    const p1 = (await org.rep3.client.get(`${api}/customers?pageSize=2&sort=healthScore`)).json();
    expect(p1).toMatchObject({ total: 5, hasMore: true });
    expect(p1.items.map((c: { healthScore: number }) => c.healthScore)).toEqual([0, 10]);
    const p3 = (await org.rep3.client.get(`${api}/customers?pageSize=2&page=3&sort=healthScore`)).json();
    expect(p3).toMatchObject({ total: 5, hasMore: false });
    const hm = (await org.rep3.client.get(`${api}/customers?pageSize=4&count=hasMore`)).json();
    expect(hm.total).toBeUndefined();
    expect(hm.items).toHaveLength(4);
    expect(hm.hasMore).toBe(true);
    const body = (await org.rep3.client.post(`${api}/customers/query`, { filter: { field: 'healthScore', op: 'gte', value: 30 }, sort: [{ field: 'healthScore', dir: 'desc' }] })).json();
    expect(body.items.map((c: { healthScore: number }) => c.healthScore)).toEqual([40, 30]);
  });
});

describe('data scope, sharing and transfer', () => {
  it('a rep sees only their own customers; a manager sees the department tree', async () => {
    const mine = await newCustomer(org.rep1.client, { name: '宁波海岳机械' });
    const south = await newCustomer(org.rep3.client, { name: '广州南粤食品' });
    expect(await listedIds(org.rep2.client)).not.toContain(mine.id);
    expect((await org.rep2.client.get(`${api}/customers/${mine.id}`)).statusCode).toBe(404);
    expect((await org.rep2.client.patch(`${api}/customers/${mine.id}`, { city: 'x' })).statusCode).toBe(404);
    const managerSees = await listedIds(org.manager.client);
    expect(managerSees).toContain(mine.id);
    expect(managerSees).not.toContain(south.id);
    expect(await listedIds(org.rep1.client, `&filter=${q({ field: 'ownerId', op: 'eq', value: '$me' })}`)).toContain(mine.id);
  });

  it('sharing grants read, then write, and expires; shared users cannot re-share', async () => {
    const c = await newCustomer(org.rep1.client, { name: '温州联创电子' });
    const share = (body: Record<string, unknown>) => org.rep1.client.post(`${api}/customers/${c.id}/shares`, body);
    expect((await share({ userId: org.rep2.userId, access: 'read' })).statusCode).toBe(201);
    expect((await org.rep2.client.get(`${api}/customers/${c.id}`)).statusCode).toBe(200);
    expect(await listedIds(org.rep2.client)).toContain(c.id);
    expect((await org.rep2.client.patch(`${api}/customers/${c.id}`, { city: '温州' })).statusCode).toBe(403);
    expect((await share({ userId: org.rep2.userId, access: 'write' })).statusCode).toBe(201);
    expect((await org.rep2.client.patch(`${api}/customers/${c.id}`, { city: '温州' })).statusCode).toBe(200);
    expect((await org.rep2.client.post(`${api}/customers/${c.id}/shares`, { userId: org.rep3.userId, access: 'read' })).statusCode).toBe(403);
    const shares = (await org.rep1.client.get(`${api}/customers/${c.id}/shares`)).json().items;
    expect(shares).toMatchObject([{ userId: org.rep2.userId, access: 'write', expired: false }]);
    expect((await share({ userId: org.rep2.userId, access: 'read', expiresAt: new Date(Date.now() - 1000).toISOString() })).statusCode).toBe(400);
    expect((await share({ userId: org.rep2.userId, access: 'read', expiresAt: new Date(Date.now() + 1500).toISOString() })).statusCode).toBe(201);
    expect((await org.rep2.client.get(`${api}/customers/${c.id}`)).statusCode).toBe(200);
    await new Promise((r) => setTimeout(r, 1600));
    expect((await org.rep2.client.get(`${api}/customers/${c.id}`)).statusCode).toBe(404);
    expect((await org.rep1.client.delete(`${api}/customers/${c.id}/shares/${org.rep2.userId}`)).statusCode).toBe(204);
    const actions = (await org.rep1.client.get(`${api}/customers/${c.id}/history`)).json().items.map((h: { action: string }) => h.action);
    expect(actions).toEqual(expect.arrayContaining(['share', 'unshare']));
  });

  it('transfers need the transfer permission and are audited as ownerChange', async () => {
    const c = await newCustomer(org.rep1.client, { name: '嘉兴远景物流' });
    expect((await org.rep1.client.patch(`${api}/customers/${c.id}/owner`, { ownerId: org.rep2.userId })).statusCode).toBe(403);
    const res = await org.manager.client.patch(`${api}/customers/${c.id}/owner`, { ownerId: org.rep2.userId });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ ownerId: org.rep2.userId, ownerName: 'rep2' });
    expect(await listedIds(org.rep2.client)).toContain(c.id);
    const hist = (await org.manager.client.get(`${api}/customers/${c.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'ownerChange', changes: { ownerId: { before: org.rep1.userId, after: org.rep2.userId } } });
  });
});

describe('tenant isolation', () => {
  it('another tenant cannot read, change, search, export or share a customer', async () => {
    const c = await newCustomer(org.admin.client, { name: '绝密客户甲', phone: '13900001111' });
    const b = other.client;
    for (const url of [`/customers/${c.id}`, `/customers/${c.id}/history`, `/customers/${c.id}/shares`]) expect((await b.get(api + url)).statusCode, url).toBe(404);
    expect((await b.patch(`${api}/customers/${c.id}`, { city: 'x' })).statusCode).toBe(404);
    expect((await b.patch(`${api}/customers/${c.id}/owner`, { ownerId: other.userId })).statusCode).toBe(404);
    expect((await b.delete(`${api}/customers/${c.id}`)).statusCode).toBe(404);
    expect((await b.post(`${api}/customers/${c.id}/shares`, { userId: other.userId, access: 'read' })).statusCode).toBe(404);
    expect(await listedIds(b)).toEqual([]);
    expect((await b.get(`${api}/search?q=${encodeURIComponent('绝密')}`)).json().groups).toEqual([]);
    expect((await b.get(`${api}/search?q=13900001111`)).json().groups).toEqual([]);
    const rows = await readXlsx((await b.get(`${api}/customers/export.xlsx`)).rawPayload);
    expect(rows).toHaveLength(1); // header only
    // a name taken in another tenant is free here
    await newCustomer(b, { name: '绝密客户甲' });
  });
});

describe('hidden fields and masking', () => {
  it('hidden fields never appear and cannot be filtered or sorted; phones are masked in lists', async () => {
    const c = await newCustomer(org.admin.client, { name: '上海隐藏字段测试', phone: '13812345678', email: 'boss@example.com', custom: { secret: '底价 80 万' } });
    await org.admin.client.patch(`${api}/customers/${c.id}`, { email: 'ceo@example.com', custom: { secret: '底价 70 万' } });
    const lc = limited.client;
    const list = (await lc.get(`${api}/customers?q=${encodeURIComponent('上海隐藏')}`)).json().items;
    expect(list).toHaveLength(1);
    expect(list[0].phone).toBe('138****5678');
    expect(list[0]).not.toHaveProperty('email');
    expect(list[0].custom).not.toHaveProperty('secret');
    const detail = (await lc.get(`${api}/customers/${c.id}`)).json();
    expect(detail.phone).toBe('13812345678'); // mask mode "list"
    expect(detail).not.toHaveProperty('email');
    expect(detail.custom).toEqual({});
    const hist = (await lc.get(`${api}/customers/${c.id}/history`)).body;
    expect(hist).not.toContain('example.com');
    expect(hist).not.toContain('底价');
    const search = (await lc.get(`${api}/search?q=${encodeURIComponent('上海隐藏')}`)).json();
    expect(search.groups[0].items[0].subtitle).toContain('138****5678');
    expect((await lc.get(`${api}/search?q=boss@example.com`)).json().groups).toEqual([]);
    for (const url of [`filter=${q({ field: 'email', op: 'contains', value: 'boss' })}`, `filter=${q({ field: 'custom.secret', op: 'isNotEmpty' })}`, 'sort=email']) {
      const res = await lc.get(`${api}/customers?${url}`);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code).toBe('INVALID_FILTER');
      expect(res.json().error.details.field).toMatch(/email|custom\.secret/);
    }
    const xlsx = await lc.get(`${api}/customers/export.xlsx?q=${encodeURIComponent('上海隐藏')}`);
    expect(xlsx.statusCode).toBe(200);
    const rows = await readXlsx(xlsx.rawPayload);
    expect(rows[0]).toContain('客户名称');
    expect(rows[0]).not.toContain('邮箱');
    expect(rows[0]).not.toContain('机密');
    expect(rows[1]).toContain('138****5678');
    expect(JSON.stringify(rows)).not.toContain('example.com');
    expect((await lc.patch(`${api}/customers/${c.id}`, { email: 'x@example.com' })).statusCode).toBe(403);
    const fields = (await lc.get(`${api}/customers/fields`)).json().items.map((f: { key: string }) => f.key);
    expect(fields).toContain('phone');
    expect(fields).not.toContain('email');
    expect(fields).not.toContain('custom.secret');
  });

  it('the default salesRep role masks phones in lists only', async () => {
    const c = await newCustomer(org.rep2.client, { name: '成都锦城茶业', phone: '138-1234 5678' }); // stored as 13812345678
    const item = (await org.rep2.client.get(`${api}/customers?q=${encodeURIComponent('锦城')}`)).json().items[0];
    expect(item.phone).toBe('138****5678');
    expect((await org.rep2.client.get(`${api}/customers/${c.id}`)).json().phone).toBe('13812345678');
  });
});

describe('export', () => {
  it('exports the filtered list with Chinese headers, needs the export permission and is audited', async () => {
    await newCustomer(org.admin.client, { name: '导出测试一', grade: 'A', tags: ['华东', '制造'], locked: true });
    await newCustomer(org.admin.client, { name: '导出测试二', grade: 'C' });
    const filter = q({ and: [{ field: 'name', op: 'startsWith', value: '导出测试' }, { field: 'grade', op: 'eq', value: 'A' }] });
    const res = await org.admin.client.get(`${api}/customers/export.xlsx?filter=${filter}&columns=number,name,grade,tags,locked,ownerId`);
    expect(res.statusCode).toBe(200);
    const rows = await readXlsx(res.rawPayload);
    expect(rows[0]).toEqual(['客户编号', '客户名称', '客户级别', '标签', '锁定', '负责人']);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(1)).toEqual(['导出测试一', '重点客户', '华东、制造', '是', '管理员']);
    expect((await org.rep1.client.get(`${api}/customers/export.xlsx`)).statusCode).toBe(403);
    expect((await org.admin.client.get(`${api}/customers/export.xlsx?columns=nope`)).statusCode).toBe(400);
    const audit = (await org.admin.client.get(`${api}/audit?action=export`)).json();
    expect(JSON.stringify(audit)).toContain('"rowCount":1');
  });

  it('refuses more than 50,000 rows with a clear 422 before streaming', async () => {
    const big = await signUp(env.app);
    await env.db.owner.query(
      `INSERT INTO customers (tenant_id, name, owner_id) SELECT $1, 'bulk' || g, $2 FROM generate_series(1, 50001) g`,
      [big.tenantId, big.userId],
    );
    const res = await big.client.get(`${api}/customers/export.xlsx`);
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'EXPORT_TOO_LARGE', details: { count: 50001, max: 50000 } });
    const narrow = await big.client.get(`${api}/customers/export.xlsx?filter=${q({ field: 'name', op: 'in', value: ['bulk1', 'bulk2'] })}`);
    expect(narrow.statusCode).toBe(200);
    expect(await readXlsx(narrow.rawPayload)).toHaveLength(3);
  });
});
