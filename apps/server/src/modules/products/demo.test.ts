import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('demo products', () => {
  it('seeds a category tree, a catalogue a rep can search, and two price books with tiers (零售价 default)', async () => {
    const res = await new TestClient(env.app).post('/api/v1/demo');
    expect(res.statusCode, res.body).toBeLessThan(300);
    const demo = res.json();
    const rep = new TestClient(env.app);
    await rep.post('/api/v1/auth/login', { identifier: 'rep1@demo.loopline.cn', password: demo.password });
    const cats = (await rep.get('/api/v1/product-categories')).json().items as { id: string; parentId: string | null; name: string }[];
    expect(cats.filter((c) => !c.parentId).map((c) => c.name).sort()).toEqual(['硬件', '服务', '软件'].sort());
    expect(cats.filter((c) => c.parentId).length).toBeGreaterThanOrEqual(6);
    const all = (await rep.get('/api/v1/products?pageSize=100')).json();
    expect(all.total).toBeGreaterThanOrEqual(28);
    const crm = (await rep.get(`/api/v1/products?q=${encodeURIComponent('CRM 标准版')}`)).json().items[0];
    expect(crm).toMatchObject({ code: 'SW-CRM-STD', listPrice: '1980.00', taxRate: '6' });
    const books = (await rep.get('/api/v1/price-books')).json().items as { id: string; name: string; isDefault: boolean }[];
    expect(books.map((b) => [b.name, b.isDefault])).toEqual([['零售价', true], ['经销价', false]]);
    expect((await rep.get(`/api/v1/products/${crm.id}/price?quantity=200`)).json()).toMatchObject({ price: '1683.00', source: 'tier' });
    const dealer = books.find((b) => b.name === '经销价')!;
    expect((await rep.get(`/api/v1/products/${crm.id}/price?quantity=1&priceBookId=${dealer.id}`)).json()).toMatchObject({ price: '1386.00' });
  });
});
