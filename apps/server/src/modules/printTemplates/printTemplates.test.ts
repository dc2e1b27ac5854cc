import { and, eq, sql } from 'drizzle-orm';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PRINT_TEMPLATES } from '@loopline/shared';
import { addUser, createTestApp, signUp, type SignedUp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { notFound } from '../../platform/http/errors.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { customers } from '../customers/schema.ts';
import { printRecordPdf, registerPrintLoader, findPrintLoader, type PrintLoader } from './print.ts';

let env: TestEnv;
let admin: SignedUp;
let rep: { client: TestClient; userId: string };
let service: { client: TestClient; userId: string };
let adminCustomer: string;
let repCustomer: string;
let previousLoader: PrintLoader | undefined;

/**
 * A stand-in quote loader over customers (the quotes module registers the real one): it honours
 * the actor's data scope as a loader must, and gives fields, money and line items.
 */
const testLoader: PrintLoader = async (db, actor, recordId) => {
  const [c] = await db.select().from(customers).where(and(eq(customers.id, recordId), visibleRecords(actor, 'customer', customers)));
  if (!c) throw notFound('quote');
  return {
    title: `报价单 BJ-${c.name}`,
    fields: { number: 'BJ202611230001', title: '年度采购报价', customerName: c.name, totalAmount: '¥12,345.60', quoteDate: '2026-11-23', validUntil: '2026-12-23', terms: '货到付款，一年质保' },
    lines: [
      { productName: '云服务器 X1', quantity: '2', salePrice: '¥5,000.00', totalAmount: '¥10,000.00', taxRate: '13%' },
      { productName: '万兆交换机', quantity: '1', salePrice: '¥2,345.60', totalAmount: '¥2,345.60', taxRate: '13%' },
    ],
  };
};

async function textOf(pdf: Buffer | string): Promise<string> {
  const bytes = typeof pdf === 'string' ? Buffer.from(pdf, 'binary') : pdf;
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  return (await extractText(doc, { mergePages: true })).text;
}

async function upload(client: TestClient, name: string, type: string, bytes: Buffer): Promise<{ statusCode: number; id?: string }> {
  const boundary = '----loopline-test';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: ${type}\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await client.request('POST', '/api/v1/files', body as never, { 'content-type': `multipart/form-data; boundary=${boundary}` });
  return { statusCode: res.statusCode, id: res.statusCode === 201 ? res.json().id : undefined };
}
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

beforeAll(async () => {
  env = await createTestApp();
  previousLoader = findPrintLoader('quote');
  registerPrintLoader('quote', testLoader);
  admin = await signUp(env.app, { organizationName: '星火科技有限公司' });
  rep = await addUser(env, admin.client, { name: '李销售', email: `rep-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
  service = await addUser(env, admin.client, { name: '王客服', email: `cs-${Date.now()}@example.com`, roleKeys: ['customerService'] });
  adminCustomer = (await admin.client.post('/api/v1/customers', { name: '上海云启科技', duplicatePolicy: 'create' })).json().id;
  repCustomer = (await rep.client.post('/api/v1/customers', { name: '杭州西溪贸易', duplicatePolicy: 'create' })).json().id;
  expect(adminCustomer).toBeTruthy();
  expect(repCustomer).toBeTruthy();
}, 60_000);
afterAll(async () => {
  if (previousLoader) registerPrintLoader('quote', previousLoader);
  await env?.close();
});

describe('print templates API', () => {
  it('lets an admin create templates; the first of a type is its default, a new default replaces it', async () => {
    const a = await admin.client.post('/api/v1/print-templates', { recordType: 'quote', name: '简洁报价单', body: '<h1>简洁报价 {{number}}</h1><p>{{customerName}}</p>' });
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json()).toMatchObject({ recordType: 'quote', name: '简洁报价单', isDefault: true, pageSize: 'A4', orientation: 'portrait' });
    const b = await admin.client.post('/api/v1/print-templates', { recordType: 'quote', name: '英文报价单', body: '<h1>Quotation {{number}}</h1>', pageSize: 'A5' });
    expect(b.json()).toMatchObject({ isDefault: false, pageSize: 'A5' });

    const made = await admin.client.post(`/api/v1/print-templates/${b.json().id}/default`);
    expect(made.json().isDefault).toBe(true);
    const list = (await rep.client.get('/api/v1/print-templates?recordType=quote')).json();
    expect(list.items.map((t: { name: string; isDefault: boolean }) => [t.name, t.isDefault])).toEqual([['英文报价单', true], ['简洁报价单', false]]);
    expect(list.builtIn).toEqual([{ recordType: 'quote', ...DEFAULT_PRINT_TEMPLATES.quote }]);

    const dup = await admin.client.post('/api/v1/print-templates', { recordType: 'quote', name: '简洁报价单', body: '<p>x</p>' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('NAME_TAKEN');
    // the same name on another record type is fine
    expect((await admin.client.post('/api/v1/print-templates', { recordType: 'contract', name: '简洁报价单', body: '<p>{{name}}</p>' })).statusCode).toBe(201);

    const audit = (await admin.client.get(`/api/v1/audit?recordType=printTemplate&recordId=${b.json().id}`)).json().items;
    expect(audit.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['create', 'update']));

    expect((await admin.client.delete(`/api/v1/print-templates/${a.json().id}`)).statusCode).toBe(204);
    expect((await admin.client.get(`/api/v1/print-templates/${a.json().id}`)).statusCode).toBe(404);
  });

  it('refuses a body with problems: 400 with each problem’s line and column, nothing saved', async () => {
    const res = await admin.client.post('/api/v1/print-templates', {
      recordType: 'quote', name: '坏模板', body: '<h1>报价</h1>\n<p>{{customerName}} {{noSuchField}}</p>\n<script>x</script><table><p>y</p></table>',
    });
    expect(res.statusCode).toBe(400);
    const err = res.json().error;
    expect(err.code).toBe('TEMPLATE_INVALID');
    expect(err.details.problems).toMatchObject([
      { code: 'UNKNOWN_PLACEHOLDER', line: 2, column: 21 },
      { code: 'UNKNOWN_TAG', line: 3, column: 1 },
      { code: 'MISPLACED', line: 3, column: 26 },
    ]);
    expect((await admin.client.get('/api/v1/print-templates?recordType=quote')).json().items.some((t: { name: string }) => t.name === '坏模板')).toBe(false);

    const t = (await admin.client.get('/api/v1/print-templates?recordType=quote')).json().items[0];
    const patch = await admin.client.patch(`/api/v1/print-templates/${t.id}`, { body: '<p>{{#lines}}{{productName}}</p>' });
    expect(patch.statusCode).toBe(400);
    expect((await admin.client.get(`/api/v1/print-templates/${t.id}`)).json().body).toBe(t.body);

    const check = await admin.client.post('/api/v1/print-templates/check', { recordType: 'quote', body: '{{productName}}' });
    expect(check.json().problems[0]).toMatchObject({ code: 'UNKNOWN_PLACEHOLDER', line: 1, column: 1 });
    expect((await admin.client.post('/api/v1/print-templates', { recordType: 'quote', name: 'x', body: '' })).statusCode).toBe(400);
    expect((await admin.client.post('/api/v1/print-templates', { recordType: 'ticket', name: 'x', body: '<p>x</p>' })).statusCode).toBe(400);
  });

  it('is for admins only to change (members may list)', async () => {
    expect((await rep.client.post('/api/v1/print-templates', { recordType: 'quote', name: 'mine', body: '<p>x</p>' })).statusCode).toBe(403);
    const t = (await admin.client.get('/api/v1/print-templates?recordType=quote')).json().items[0];
    expect((await rep.client.patch(`/api/v1/print-templates/${t.id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await rep.client.delete(`/api/v1/print-templates/${t.id}`)).statusCode).toBe(403);
    expect((await rep.client.post('/api/v1/print-templates/preview', { recordType: 'quote', recordId: repCustomer })).statusCode).toBe(403);
    // another organization sees none of them
    const other = await signUp(env.app);
    expect((await other.client.get('/api/v1/print-templates')).json().items).toEqual([]);
    expect((await other.client.get(`/api/v1/print-templates/${t.id}`)).statusCode).toBe(404);
  });

  it('lists the placeholders of a type: fields, 大写, org and line columns', async () => {
    const res = await admin.client.get('/api/v1/print-templates/fields?recordType=quote');
    expect(res.statusCode).toBe(200);
    const f = res.json();
    const keys = f.fields.map((x: { key: string }) => x.key);
    expect(keys).toEqual(expect.arrayContaining(['number', 'customerName', 'totalAmount', 'totalAmountUpper', 'validUntil', 'terms']));
    expect(f.org).toEqual([{ key: 'org.name', label: '公司名称' }]);
    expect(f.lineColumns.map((c: { key: string }) => c.key)).toEqual(expect.arrayContaining(['index', 'productName', 'quantity', 'salePrice', 'totalAmount']));
    expect((await admin.client.get('/api/v1/print-templates/fields?recordType=nope')).statusCode).toBe(400);
  });
});

describe('printing a record', () => {
  it('downloads the record through the default template with Chinese text, lines and 大写 embedded', async () => {
    const quoteDefault = (await admin.client.get('/api/v1/print-templates?recordType=quote')).json().items.find((t: { isDefault: boolean }) => t.isDefault);
    await admin.client.patch(`/api/v1/print-templates/${quoteDefault.id}`, {
      body: '<h1>报价单 {{number}}</h1><p>客户：{{customerName}}</p><table><tr><th>#</th><th>产品</th><th>金额</th></tr>{{#lines}}<tr><td>{{index}}</td><td>{{productName}}</td><td>{{totalAmount}}</td></tr>{{/lines}}</table><p>大写：{{totalAmountUpper}}</p><p>{{org.name}}</p>',
      pageSize: 'A4',
    });
    const res = await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="___-BJ202611230001.pdf"; filename*=UTF-8''${encodeURIComponent('报价单-BJ202611230001.pdf')}`);
    const pdf = res.rawPayload;
    expect(pdf.includes('FontFile3')).toBe(true);
    const text = await textOf(pdf);
    for (const s of ['报价单 BJ202611230001', '上海云启科技', '云服务器 X1', '万兆交换机', '壹万贰仟叁佰肆拾伍元陆角整', '星火科技有限公司']) expect(text).toContain(s);
    expect((await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?disposition=inline`)).headers['content-disposition']).toMatch(/^inline; /);
  });

  it('prints with a chosen template, or the built-in one, and 404s a template of another type', async () => {
    const other = (await admin.client.post('/api/v1/print-templates', { recordType: 'quote', name: '简洁报价单', body: '<h1>简洁报价 {{number}}</h1>' })).json();
    expect(other.isDefault).toBe(false);
    const chosen = await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=${other.id}`);
    expect(chosen.statusCode).toBe(200);
    expect(await textOf(chosen.rawPayload)).toContain('简洁报价');

    const builtIn = await textOf((await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=builtin`)).rawPayload);
    for (const s of ['报价单', '价税合计', '货到付款，一年质保', '有效期至', '2026-12-23']) expect(builtIn).toContain(s);

    const contractTemplate = (await admin.client.get('/api/v1/print-templates?recordType=contract')).json().items[0];
    expect((await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=${contractTemplate.id}`)).statusCode).toBe(404);
    expect((await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=00000000-0000-4000-8000-000000000000`)).statusCode).toBe(404);
    expect((await admin.client.get(`/api/v1/print/quote/not-a-file`)).statusCode).toBe(400);
  });

  it('honours the actor’s visibility and permissions', async () => {
    expect((await rep.client.get(`/api/v1/print/quote/${repCustomer}.pdf`)).statusCode).toBe(200);
    const hidden = await rep.client.get(`/api/v1/print/quote/${adminCustomer}.pdf`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.headers['content-type']).toMatch(/json/);
    expect((await service.client.get(`/api/v1/print/quote/${adminCustomer}.pdf`)).statusCode).toBe(403);
  });

  it('previews a draft body on a real record: unknown placeholders print as nothing', async () => {
    const res = await admin.client.post('/api/v1/print-templates/preview', { recordType: 'quote', recordId: adminCustomer, body: '<h2>草稿预览</h2><p>[{{noSuchField}}]{{customerName}}</p><marquee>滚动</marquee>' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    const text = await textOf(res.rawPayload);
    expect(text).toContain('草稿预览');
    expect(text).toContain('[]上海云启科技');
    expect(text).toContain('滚动');
    expect((await admin.client.post('/api/v1/print-templates/preview', { recordType: 'quote', recordId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('prints from code (printRecordPdf) as modules attaching a PDF do', async () => {
    const actor = { kind: 'user' as const, tenantId: admin.tenantId, userId: admin.userId, userName: '管理员', departmentId: null, roleIds: [], timeZone: 'Asia/Shanghai', locale: 'zh-CN',
      perms: { admin: true, dataScope: 'all', objects: new Map(), fields: new Map(), masks: new Map() } } as never;
    const out = await env.db.forTenant(admin.tenantId, (db) => printRecordPdf(db, actor, 'quote', adminCustomer, 'builtin'));
    expect(out.fileName).toBe('报价单-BJ202611230001.pdf');
    expect(await textOf(out.pdf)).toContain('上海云启科技');
  });
});

describe('organization logo', () => {
  it('prints the uploaded logo; refuses other image types and logos over 1 MB', async () => {
    const before = (await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=builtin`)).rawPayload;
    expect(before.includes('/Subtype /Image')).toBe(false);

    const png = await upload(admin.client, 'logo.png', 'image/png', PNG);
    expect(png.statusCode).toBe(201);
    const set = await admin.client.patch('/api/v1/organization', { logoFileId: png.id });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.json().logoFileId).toBe(png.id);
    const [row] = await env.db.asSystem((db) => db.execute(sql`SELECT logo_file_id FROM tenants WHERE id = ${admin.tenantId}`)).then((r) => (r as unknown as { rows: { logo_file_id: string }[] }).rows);
    expect(row!.logo_file_id).toBe(png.id);
    const after = (await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=builtin`)).rawPayload;
    expect(after.includes('/Subtype /Image')).toBe(true);
    // a template without the logo tag prints none
    const plain = await admin.client.post('/api/v1/print-templates/preview', { recordType: 'quote', recordId: adminCustomer, body: '<p>无标志</p>' });
    expect(plain.rawPayload.includes('/Subtype /Image')).toBe(false);

    const gif = await upload(admin.client, 'logo.gif', 'image/gif', Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64'));
    if (gif.statusCode === 201) {
      const res = await admin.client.patch('/api/v1/organization', { logoFileId: gif.id });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.details.fields[0].field).toBe('logoFileId');
    }
    const big = await upload(admin.client, 'big.png', 'image/png', Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10)]));
    expect(big.statusCode).toBe(201);
    const tooBig = await admin.client.patch('/api/v1/organization', { logoFileId: big.id });
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details.fields[0].message).toMatch(/1 MB/);
    expect((await admin.client.get('/api/v1/organization')).json().logoFileId).toBe(png.id);

    const removed = await admin.client.patch('/api/v1/organization', { logoFileId: null });
    expect(removed.json().logoFileId).toBeNull();
    expect((await admin.client.get(`/api/v1/print/quote/${adminCustomer}.pdf?templateId=builtin`)).rawPayload.includes('/Subtype /Image')).toBe(false);
  });
});

describe('demo print templates', () => {
  it('seeds a default template per type that an admin can open and save unchanged', async () => {
    const { seedDemoPrintTemplates } = await import('./demo.ts');
    const org = await signUp(env.app, { organizationName: '演示打印模板' });
    await env.db.forTenant(org.tenantId, (db) => seedDemoPrintTemplates(db, { tenantId: org.tenantId, usersByKey: { admin: org.userId }, departmentsByName: {} }));
    const items = (await org.client.get('/api/v1/print-templates')).json().items as { id: string; recordType: string; name: string; body: string; isDefault: boolean }[];
    expect(items.filter((t) => t.isDefault).map((t) => t.recordType).sort()).toEqual(['contract', 'invoice', 'order', 'payment', 'quote']);
    expect(items).toHaveLength(6);
    for (const t of items) {
      const res = await org.client.patch(`/api/v1/print-templates/${t.id}`, { body: t.body });
      expect(res.statusCode, `${t.name}: ${res.body}`).toBe(200);
    }
  });
});
