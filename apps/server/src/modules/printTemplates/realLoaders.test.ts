import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../test/harness.ts';

// The built-in quote template through the quotes module's own print loader (not a stand-in).
let env: TestEnv;
let admin: SignedUp;
let quoteId: string;

beforeAll(async () => {
  env = await createTestApp();
  admin = await signUp(env.app, { organizationName: '杭州星河信息技术有限公司' });
  const customer = (await admin.client.post('/api/v1/customers', { name: '苏州工业园区客户有限公司', duplicatePolicy: 'create' })).json();
  const created = await admin.client.post('/api/v1/quotes', {
    customerId: customer.id, title: '机房改造报价', terms: '合同签订后七日内发货',
    lines: [
      { productName: '机柜 42U', unit: '台', listPrice: '3200.00', quantity: '2', discountKind: 'percent', discountValue: '0', taxRate: '13' },
      { productName: '精密空调', unit: '套', listPrice: '45000.00', quantity: '1', discountKind: 'percent', discountValue: '0', taxRate: '13' },
    ],
  });
  expect(created.statusCode, created.body).toBe(201);
  quoteId = created.json().id;
}, 60_000);
afterAll(async () => env?.close());

describe('printing a real quote', () => {
  it('prints the built-in 报价单 with the quote’s lines and 价税合计大写', async () => {
    const res = await admin.client.get(`/api/v1/print/quote/${quoteId}.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.rawPayload.includes('FontFile3')).toBe(true);
    const text = (await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), { mergePages: true })).text;
    for (const s of ['报价单', '杭州星河信息技术有限公司', '苏州工业园区客户有限公司', '机柜 42U', '精密空调', '¥51,400.00', '伍万壹仟肆佰元整', '合同签订后七日内发货']) expect(text).toContain(s);
  });

  it('offers the loader’s display fields in the editor and accepts templates using them', async () => {
    const fields = (await admin.client.get('/api/v1/print-templates/fields?recordType=quote')).json();
    const keys = fields.fields.map((f: { key: string }) => f.key);
    expect(keys).toEqual(expect.arrayContaining(['contactName', 'ownerName', 'customerAddress', 'totalAmountUpper']));
    expect(fields.fields.find((f: { key: string }) => f.key === 'ownerName').label).toBe('负责人');
    expect(fields.fields.find((f: { key: string }) => f.key === 'grossAmountUpper').label).toBe('原价合计（大写）');
    // ids print nothing through the loader: not offered once the loader's own fields are known
    expect(keys).not.toContain('customerId');
    const saved = await admin.client.post('/api/v1/print-templates', { recordType: 'quote', name: '带负责人', body: '<p>{{ownerName}} {{customerAddress}}</p>' });
    expect(saved.statusCode, saved.body).toBe(201);
  });
});
