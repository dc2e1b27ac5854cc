import ExcelJS from 'exceljs';
import { parseMoney } from '@loopline/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { q, setupOrg, type Org } from '../customers/testOrg.ts';
import { copyLineItems, loadLineItems, saveLineItems } from './lineItems.ts';

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

const admin = () => org.admin.client;
async function product(body: Record<string, unknown>) {
  const res = await admin().post(`${api}/products`, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
const fieldsOf = (res: { json(): any }) => (res.json().error.details?.fields ?? []).map((f: { field: string }) => f.field);
const tenantDb = <T>(fn: (db: Parameters<Parameters<TestEnv['db']['forTenant']>[1]>[0]) => Promise<T>) => env.db.forTenant(org.admin.tenantId, fn);

describe('products: CRUD, codes, recycle bin', () => {
  it('creates with exact prices, auto-numbers an empty code, lists, searches, edits with history, exports', async () => {
    const crm = await product({ code: 'CRM-STD', name: 'Loopline CRM 标准版 年费', unit: '套', listPrice: '19800.00', taxRate: '6', tags: ['软件'] });
    expect(crm).toMatchObject({ code: 'CRM-STD', listPrice: '19800.00', taxRate: '6', listed: true, tags: ['软件'] });
    const auto = await product({ name: '扫码枪', listPrice: 299.9 });
    expect(auto.code).toMatch(/^CP\d{6}$/);
    expect(auto).toMatchObject({ listPrice: '299.90', taxRate: '13' });
    const found = (await org.rep1.client.get(`${api}/products?q=${encodeURIComponent('标准版')}`)).json();
    expect(found.items.map((p: { id: string }) => p.id)).toEqual([crm.id]); // reps see the whole catalogue
    expect((await org.rep1.client.get(`${api}/products?q=crm-std`)).json().items).toHaveLength(1);
    const cheap = (await admin().get(`${api}/products?filter=${q({ field: 'listPrice', op: 'lt', value: 1000 })}`)).json().items;
    expect(cheap.map((p: { id: string }) => p.id)).toEqual([auto.id]);
    const upd = await admin().patch(`${api}/products/${crm.id}`, { listPrice: '21000', listed: false });
    expect(upd.json()).toMatchObject({ listPrice: '21000.00', listed: false });
    const hist = (await admin().get(`${api}/products/${crm.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'update' });
    expect(hist[0].changes.listPrice).toEqual({ before: '19800.00', after: '21000.00' });
    const listedOnly = (await admin().get(`${api}/products?filter=${q({ field: 'listed', op: 'eq', value: true })}`)).json().items;
    expect(listedOnly.map((p: { id: string }) => p.id)).not.toContain(crm.id);
    const xlsx = await admin().get(`${api}/products/export.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as never);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).filter(Boolean);
    expect(header).toEqual(expect.arrayContaining(['产品编码', '产品名称', '标准价']));
    expect(sheet.rowCount).toBe(3);
  });

  it('keeps codes unique among live products (409 naming code), frees a deleted code, and restores only when free', async () => {
    const a = await product({ code: 'DUP-1', name: '甲' });
    const dup = await admin().post(`${api}/products`, { code: 'DUP-1', name: '乙' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.details.field).toBe('code');
    const b = await product({ code: 'DUP-2', name: '乙' });
    expect((await admin().patch(`${api}/products/${b.id}`, { code: 'DUP-1' })).statusCode).toBe(409);
    expect((await org.rep1.client.delete(`${api}/products/${a.id}`)).statusCode).toBe(403);
    expect((await admin().delete(`${api}/products/${a.id}`)).statusCode).toBe(204);
    expect((await admin().get(`${api}/products/${a.id}`)).statusCode).toBe(404);
    const bin = (await admin().get(`${api}/products/recycle-bin`)).json().items;
    expect(bin.map((p: { id: string }) => p.id)).toContain(a.id);
    const c = await product({ code: 'DUP-1', name: '丙' }); // the code is free again
    const blocked = await admin().post(`${api}/products/${a.id}/restore`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.details.field).toBe('code');
    await admin().patch(`${api}/products/${c.id}`, { code: 'DUP-3' });
    expect((await admin().post(`${api}/products/${a.id}/restore`)).statusCode).toBe(200);
  });

  it('refuses bad input with 400 naming the field and writes nothing', async () => {
    for (const [body, field] of [
      [{ name: '负价', listPrice: '-1' }, 'listPrice'],
      [{ name: '小数', listPrice: '1.234' }, 'listPrice'],
      [{ name: '税率', taxRate: '101' }, 'taxRate'],
      [{ name: '荒谬', listPrice: '1e9' }, 'listPrice'],
      [{ name: '分类', categoryId: '00000000-0000-4000-8000-000000000000' }, 'categoryId'],
      [{ name: '', code: 'X' }, 'name'],
    ] as const) {
      const res = await admin().post(`${api}/products`, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(res)).toContain(field);
    }
    expect((await admin().get(`${api}/products?q=${encodeURIComponent('负价')}`)).json().items).toHaveLength(0);
    expect((await org.rep1.client.post(`${api}/products`, { name: '无权' })).statusCode).toBe(403);
  });
});

describe('category tree', () => {
  it('nests, moves, refuses loops, and refuses deleting a category with children or products', async () => {
    const mk = async (name: string, parentId?: string) => {
      const res = await admin().post(`${api}/product-categories`, { name, parentId });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().id as string;
    };
    const soft = await mk('软件');
    const saas = await mk('SaaS', soft);
    const hw = await mk('硬件');
    expect((await admin().post(`${api}/product-categories`, { name: 'SaaS', parentId: soft })).statusCode).toBe(409);
    const loop = await admin().post(`${api}/product-categories/${soft}/move`, { parentId: saas });
    expect(loop.statusCode).toBe(400);
    expect(fieldsOf(loop)).toEqual(['parentId']);
    const p = await product({ name: '分类产品', categoryId: saas });
    expect(p.categoryName).toBe('SaaS');
    expect((await admin().delete(`${api}/product-categories/${soft}`)).json().error.code).toBe('CATEGORY_HAS_CHILDREN');
    expect((await admin().delete(`${api}/product-categories/${saas}`)).json().error.code).toBe('CATEGORY_HAS_PRODUCTS');
    expect((await admin().post(`${api}/product-categories/${saas}/move`, { parentId: hw })).statusCode).toBe(200);
    const tree = (await admin().get(`${api}/product-categories`)).json().items;
    expect(tree.find((c: { id: string }) => c.id === saas)).toMatchObject({ parentId: hw, productCount: 1 });
    const inTree = (await admin().get(`${api}/products?filter=${q({ field: 'categoryId', op: 'in', value: [hw, saas] })}`)).json().items;
    expect(inTree.map((x: { id: string }) => x.id)).toEqual([p.id]);
    expect((await admin().delete(`${api}/product-categories/${soft}`)).statusCode).toBe(204);
    // the category tree's list: a category and its subcategories; creating there files the product in it
    const other = await product({ name: '不在分类' });
    const scoped = await admin().post(`${api}/products/in/${hw}/query`, { pageSize: 50 });
    expect(scoped.json().items.map((x: { id: string }) => x.id)).toEqual([p.id]);
    const made = await admin().post(`${api}/products/in/${saas}`, { name: '分类内新建' });
    expect(made.json().categoryId).toBe(saas);
    expect((await admin().get(`${api}/products/in/${hw}?pageSize=50`)).json().total).toBe(2);
    expect((await admin().get(`${api}/products/in/${hw}/export.xlsx`)).statusCode).toBe(200);
    const bulk = (await admin().post(`${api}/products/bulk`, { ids: [p.id, other.id, '00000000-0000-4000-8000-000000000000'], action: 'addTags', tags: ['热销'] })).json();
    expect(bulk.ok.sort()).toEqual([p.id, other.id].sort());
    expect(bulk.failed).toMatchObject([{ code: 'NOT_FOUND' }]);
    expect((await admin().get(`${api}/products/${other.id}`)).json().tags).toEqual(['热销']);
    expect((await org.rep1.client.post(`${api}/products/bulk`, { ids: [p.id], action: 'delete' })).statusCode).toBe(403);
  });
});

describe('price books, tiers and the price endpoint', () => {
  it('keeps one default book, validates tiers naming the field, and answers the unit price per quantity', async () => {
    const scanner = await product({ code: 'HW-SCAN', name: '扫码枪 X1', listPrice: '399.00', taxRate: '13' });
    const retail = (await admin().post(`${api}/price-books`, { name: '零售价', isDefault: true })).json();
    const dealer = (await admin().post(`${api}/price-books`, { name: '经销价' })).json();
    expect((await admin().post(`${api}/price-books`, { name: '零售价' })).statusCode).toBe(409);
    for (const [tiers, field] of [
      [[{ minQuantity: '10', price: '350' }, { minQuantity: '5', price: '360' }], 'tiers[1].minQuantity'],
      [[{ minQuantity: '10', price: '350' }, { minQuantity: '10', price: '340' }], 'tiers[1].minQuantity'],
      [[{ minQuantity: '10', price: '-1' }], 'tiers[0].price'],
      [[{ minQuantity: '0', price: '1' }], 'tiers[0].minQuantity'],
    ] as const) {
      const res = await admin().put(`${api}/price-books/${retail.id}/entries/${scanner.id}`, { price: '380', tiers });
      expect(res.statusCode, JSON.stringify(tiers)).toBe(400);
      expect(fieldsOf(res)).toEqual([field]);
    }
    expect(fieldsOf(await admin().put(`${api}/price-books/${retail.id}/entries/${scanner.id}`, { price: '-5' }))).toEqual(['price']);
    const put = await admin().put(`${api}/price-books/${retail.id}/entries/${scanner.id}`, { price: '380', tiers: [{ minQuantity: '10', price: '360' }, { minQuantity: '50', price: '340.5' }] });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ price: '380.00', tiers: [{ minQuantity: '10', price: '360.00' }, { minQuantity: '50', price: '340.50' }] });
    await admin().put(`${api}/price-books/${dealer.id}/entries/${scanner.id}`, { price: '300' });
    const price = async (query: string) => (await org.rep1.client.get(`${api}/products/${scanner.id}/price?${query}`)).json();
    expect(await price('quantity=1')).toMatchObject({ price: '380.00', source: 'book', priceBookId: retail.id, productListPrice: '399.00', taxRate: '13' });
    expect(await price('quantity=9.9999')).toMatchObject({ price: '380.00' });
    expect(await price('quantity=10')).toMatchObject({ price: '360.00', source: 'tier' });
    expect(await price('quantity=500')).toMatchObject({ price: '340.50', source: 'tier' });
    expect(await price(`quantity=500&priceBookId=${dealer.id}`)).toMatchObject({ price: '300.00', source: 'book' });
    expect((await org.rep1.client.get(`${api}/products/${scanner.id}/price?quantity=-1`)).statusCode).toBe(400);
    // a second default takes over; the first is no longer default
    await admin().patch(`${api}/price-books/${dealer.id}`, { isDefault: true });
    const books = (await admin().get(`${api}/price-books`)).json().items;
    expect(books.filter((b: { isDefault: boolean }) => b.isDefault).map((b: { id: string }) => b.id)).toEqual([dealer.id]);
    expect(await price('quantity=500')).toMatchObject({ price: '300.00' });
    expect((await admin().get(`${api}/products/${scanner.id}/price-books`)).json().items).toHaveLength(2);
    expect((await admin().delete(`${api}/price-books/${dealer.id}/entries/${scanner.id}`)).statusCode).toBe(204);
    expect(await price('quantity=1')).toMatchObject({ price: '399.00', source: 'list', priceBookId: null });
    expect((await org.rep1.client.put(`${api}/price-books/${retail.id}/entries/${scanner.id}`, { price: '1' })).statusCode).toBe(403);
  });
});

describe('line items', () => {
  const parent = '11111111-1111-4111-8111-111111111111';

  it('prices from the book with tiers, copies the product, applies the document discount, and reloads exactly', async () => {
    const svc = await product({ code: 'SVC-DAY', name: '实施服务 人天', unit: '人天', specification: '现场', listPrice: '2000.00', taxRate: '6' });
    const book = (await admin().post(`${api}/price-books`, { name: '项目价' })).json();
    await admin().put(`${api}/price-books/${book.id}/entries/${svc.id}`, { price: '1800', tiers: [{ minQuantity: '20', price: '1500' }] });
    const saved = await tenantDb((db) => saveLineItems(db, org.admin.tenantId, 'quote', parent, [
      { productId: svc.id, quantity: '20', discountValue: '5' },
      { productName: '差旅费', listPrice: '0.10', quantity: '3', taxRate: '0' },
    ], { priceBookId: book.id, discount: { kind: 'amount', value: '100' } }));
    expect(saved.lines[0]).toMatchObject({ productCode: 'SVC-DAY', productName: '实施服务 人天', unit: '人天', specification: '现场', listPrice: '1500.00', salePrice: '1500.00', quantity: '20', taxRate: '6', grossAmount: '30000.00', discountAmount: '1500.00' });
    const total = saved.lines.reduce((a, l) => a + parseMoney(l.totalAmount), 0);
    expect(total).toBe(saved.priced.totalAmount);
    expect(saved.priced.totalAmount).toBe(30000_00 - 1500_00 + 30 - 100_00);
    // 100.00 shared in proportion 28500.00 : 0.30 → the whole of it on the first line (largest remainder)
    expect(saved.lines.map((l) => l.allocatedDiscount)).toEqual(['100.00', '0.00']);
    const reloaded = await tenantDb((db) => loadLineItems(db, org.admin.tenantId, 'quote', parent));
    expect(reloaded).toEqual(saved.lines);
    // the product changes; the stored line does not
    await admin().patch(`${api}/products/${svc.id}`, { name: '实施服务（新）', listPrice: '2500' });
    const copied = await tenantDb((db) => copyLineItems(db, org.admin.tenantId, { type: 'quote', id: parent }, { type: 'contract', id: parent }));
    expect(copied.map(({ id: _i, ...l }) => l)).toEqual(saved.lines.map(({ id: _i, ...l }) => l));
    // saving again replaces the lines
    const again = await tenantDb((db) => saveLineItems(db, org.admin.tenantId, 'quote', parent, [{ productId: svc.id, quantity: '1' }], { priceBookId: null }));
    expect(again.lines).toHaveLength(1);
    expect(again.lines[0]).toMatchObject({ productName: '实施服务（新）', listPrice: '2500.00' });
    expect(await tenantDb((db) => loadLineItems(db, org.admin.tenantId, 'quote', parent))).toHaveLength(1);
    // an unlisted product is no longer offered, but a document that has it saves again unchanged
    await admin().patch(`${api}/products/${svc.id}`, { listed: false });
    const kept = await tenantDb((db) => saveLineItems(db, org.admin.tenantId, 'quote', parent, [{ productId: svc.id, quantity: '1', listPrice: '2500', salePrice: '2400' }]));
    expect(kept.lines[0]).toMatchObject({ productId: svc.id, salePrice: '2400.00', totalAmount: '2400.00' });
  });

  it('refuses bad lines with 400 naming lines[i].field and keeps the old lines', async () => {
    const p = await product({ code: 'LINE-P', name: '线条产品', listPrice: '100' });
    const gone = await product({ code: 'LINE-GONE', name: '已删除', listPrice: '100' });
    await admin().delete(`${api}/products/${gone.id}`);
    const id = '22222222-2222-4222-8222-222222222222';
    await tenantDb((db) => saveLineItems(db, org.admin.tenantId, 'order', id, [{ productId: p.id, quantity: '1' }]));
    const attempt = async (lines: Parameters<typeof saveLineItems>[4], opts: Parameters<typeof saveLineItems>[5] = {}) => {
      try {
        await tenantDb((db) => saveLineItems(db, org.admin.tenantId, 'order', id, lines, opts));
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(400);
        return ((err as AppError).details as { fields: { field: string }[] }).fields.map((f) => f.field);
      }
      throw new Error('saved');
    };
    expect(await attempt([{ productId: p.id, quantity: '1' }, { productId: gone.id, quantity: '1' }])).toEqual(['lines[1].productId']);
    expect(await attempt([{ productId: '00000000-0000-4000-8000-000000000000', quantity: '1' }])).toEqual(['lines[0].productId']);
    expect(await attempt([{ productId: p.id, quantity: '0' }])).toEqual(['lines[0].quantity']);
    expect(await attempt([{ productId: p.id, quantity: 'abc' }])).toEqual(['lines[0].quantity']);
    expect(await attempt([{ productId: p.id, quantity: '1', salePrice: '-3' }])).toEqual(['lines[0].salePrice']);
    expect(await attempt([{ productId: p.id, quantity: '1', discountValue: '101' }])).toEqual(['lines[0].discountValue']);
    expect(await attempt([{ productId: p.id, quantity: '1', discountKind: 'amount', discountValue: '100.01' }])).toEqual(['lines[0].discountValue']);
    expect(await attempt([{ productId: p.id, quantity: '1', taxRate: '150' }])).toEqual(['lines[0].taxRate']);
    expect(await attempt([{ productName: '无价', quantity: '1' }])).toEqual(['lines[0].listPrice']);
    expect(await attempt([{ listPrice: '1', quantity: '1' }])).toEqual(['lines[0].productName']);
    expect(await attempt([{ productId: p.id, quantity: '1' }], { discount: { kind: 'amount', value: '100.01' } })).toEqual(['discount.value']);
    expect(await attempt([{ productId: p.id, quantity: '1' }], { priceBookId: '00000000-0000-4000-8000-000000000000' })).toEqual(['priceBookId']);
    expect(await attempt([{ productId: p.id, quantity: '99999999999' }])).toEqual(['lines[0].quantity']);
    expect(await tenantDb((db) => loadLineItems(db, org.admin.tenantId, 'order', id))).toMatchObject([{ productId: p.id, totalAmount: '100.00' }]);
  });
});
