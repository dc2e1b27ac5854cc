import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { approval, contract, contractRow, setupPayOrg, type PayOrg } from '../payments/testFixture.ts';

let env: TestEnv;
let org: PayOrg;
const api = '/api/v1';

beforeAll(async () => {
  env = await createTestApp();
  org = await setupPayOrg(env);
});
afterAll(async () => {
  await env?.close();
});

const company = { titleType: 'company', title: '福州闽江机电有限公司', taxNumber: '91350100M000100Y43' };
const special = { ...company, invoiceType: 'specialVat', bankName: '中国工商银行福州分行', bankAccount: '1402020109000012345', address: '福州市鼓楼区五四路 100 号', phone: '0591-87654321' };
const apply = (contractId: string, amount: string, extra: Record<string, unknown> = {}) =>
  org.rep1.client.post(`${api}/invoices`, { contractId, amount, invoiceType: 'ordinaryVat', ...company, ...extra });

describe('invoices', () => {
  it('applies, approves, issues with number and date; invoiced follows approved and issued invoices', async () => {
    const c = await contract(env, org, '10000.00');
    const res = await apply(c, '4000', { ...special, mailRecipient: '林晓', mailPhone: '13905910000', mailAddress: '福州市鼓楼区五四路 100 号', taxNumber: '9135 0100 m000 100y43' });
    expect(res.statusCode, res.body).toBe(201);
    const inv = res.json();
    expect(inv).toMatchObject({ status: 'draft', amount: '4000.00', invoiceType: 'specialVat', taxNumber: '91350100M000100Y43', customerId: org.customerId });
    expect(inv.number).toMatch(/^FP\d{12}$/);
    // issuing needs approval first
    const early = await org.finance.client.post(`${api}/invoices/${inv.id}/issue`, { invoiceNo: '04412345', invoicedOn: '2026-01-20' });
    expect(early.statusCode).toBe(409);
    await approval(env, org.admin.tenantId, 'invoice', inv.id, ['pending', 'approved']);
    expect((await contractRow(env, c))!.invoiced_amount).toBe('4000.00');
    expect((await org.rep1.client.post(`${api}/invoices/${inv.id}/issue`, { invoiceNo: '04412345', invoicedOn: '2026-01-20' })).statusCode).toBe(403);
    const issued = await org.finance.client.post(`${api}/invoices/${inv.id}/issue`, { invoiceNo: '04412345', invoicedOn: '2026-01-20' });
    expect(issued.statusCode, issued.body).toBe(200);
    expect(issued.json()).toMatchObject({ status: 'issued', invoiceNo: '04412345', invoicedOn: '2026-01-20' });
    expect((await org.finance.client.post(`${api}/invoices/${inv.id}/issue`, { invoiceNo: '04412346', invoicedOn: '2026-01-20' })).statusCode).toBe(409);
    expect((await contractRow(env, c))!.invoiced_amount).toBe('4000.00');
    const voided = await org.finance.client.post(`${api}/invoices/${inv.id}/void`, {});
    expect(voided.json().status).toBe('void');
    expect((await contractRow(env, c))!.invoiced_amount).toBe('0.00');
  });

  it('caps the invoiced total at the contract amount, counting applications in flight', async () => {
    const c = await contract(env, org, '1000.00');
    const a = await apply(c, '600');
    expect(a.statusCode).toBe(201);
    const over = await apply(c, '400.01');
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'INVOICE_EXCEEDS_CONTRACT', details: { field: 'amount', amount: '400.01', available: '400.00' } });
    expect(over.json().error.message).toContain('¥400.01');
    expect(over.json().error.message).toContain('¥400.00');
    expect((await apply(c, '400')).statusCode).toBe(201);
    // editing up beyond the cap is refused too
    const edit = await org.rep1.client.patch(`${api}/invoices/${a.json().id}`, { amount: '600.01' });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().error.code).toBe('INVOICE_EXCEEDS_CONTRACT');
  });

  it('lets exactly the fitting ones through when ten applications race for one contract', async () => {
    const c = await contract(env, org, '1000.00');
    const results = await Promise.all(Array.from({ length: 10 }, () => apply(c, '300')));
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes).toEqual([201, 201, 201, ...Array(7).fill(409)]);
    const listed = (await org.finance.client.get(`${api}/invoices?pageSize=50&filter=${encodeURIComponent(JSON.stringify({ field: 'contractId', op: 'eq', value: c }))}`)).json();
    expect(listed.total).toBe(3);
    // approving them concurrently keeps invoiced ≤ amount
    await Promise.all(listed.items.map((x: { id: string }) => approval(env, org.admin.tenantId, 'invoice', x.id, ['pending', 'approved'])));
    expect((await contractRow(env, c))!.invoiced_amount).toBe('900.00');
  });

  it('validates titles, tax numbers and special VAT details, naming the field', async () => {
    const c = await contract(env, org, '1000.00');
    const cases: [Record<string, unknown>, string][] = [
      [{ taxNumber: '91350100M000100Y44' }, 'taxNumber'], // wrong check character
      [{ taxNumber: '12345' }, 'taxNumber'],
      [{ taxNumber: null }, 'taxNumber'], // a company title needs one
      [{ ...special, bankName: null }, 'bankName'],
      [{ ...special, phone: null }, 'phone'],
      [{ ...special, titleType: 'individual' }, 'titleType'],
      [{ invoiceType: 'fapiao' }, 'invoiceType'],
      [{ titleType: 'alien' }, 'titleType'],
      [{ title: '' }, 'title'],
      [{ amount: '-1' }, 'amount'],
      [{ amount: '0.001' }, 'amount'],
      [{ email: 'not-an-email' }, 'email'],
    ];
    for (const [patch, field] of cases) {
      const res = await apply(c, '10', patch);
      expect(res.statusCode, JSON.stringify(patch)).toBe(400);
      expect(JSON.stringify(res.json().error.details), JSON.stringify(patch)).toContain(field);
    }
    // an individual ordinary invoice needs no tax number; 15- and 20-character numbers are accepted
    expect((await apply(c, '10', { titleType: 'individual', title: '林晓', taxNumber: null })).statusCode).toBe(201);
    expect((await apply(c, '10', { taxNumber: '350102600037341' })).statusCode).toBe(201);
    expect((await apply(c, '10', { taxNumber: '35010219800101123X01' })).statusCode).toBe(201);
    const bad = await org.finance.client.post(`${api}/invoices/00000000-0000-4000-8000-000000000000/issue`, { invoiceNo: '1', invoicedOn: '2026-01-01' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('invoiceNo');
  });

  it('refuses invoices on a contract that is not approved', async () => {
    const c = await contract(env, org, '1000.00', { status: 'inReview' });
    const res = await apply(c, '10');
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONTRACT_NOT_APPROVED');
  });

  it('keeps customers\' billing profiles with one default and saves an invoice\'s details back', async () => {
    const url = `${api}/customers/${org.customerId}/billing-profiles`;
    const first = await org.rep1.client.post(url, { ...company, bankName: '招商银行', bankAccount: '591900000010101' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json().isDefault).toBe(true); // the first one is the default
    const second = await org.rep1.client.post(url, { titleType: 'company', title: '闽江机电（厦门）分公司', taxNumber: '91110000600037341L', isDefault: true });
    expect(second.statusCode, second.body).toBe(201);
    let items = (await org.rep1.client.get(url)).json().items;
    expect(items.filter((x: { isDefault: boolean }) => x.isDefault).map((x: { id: string }) => x.id)).toEqual([second.json().id]);
    expect((await org.rep1.client.post(url, { ...company, taxNumber: 'XYZ' })).statusCode).toBe(400);
    // save back from an invoice: same title updates that profile
    const c = await contract(env, org, '1000.00');
    const inv = await apply(c, '10', { bankName: '兴业银行', bankAccount: '117010100100000001', saveBillingProfile: true });
    expect(inv.statusCode, inv.body).toBe(201);
    items = (await org.rep1.client.get(url)).json().items;
    expect(items.find((x: { title: string }) => x.title === company.title)).toMatchObject({ bankName: '兴业银行', bankAccount: '117010100100000001' });
    expect(items).toHaveLength(2);
    await org.rep1.client.delete(`${url}/${second.json().id}`);
    items = (await org.rep1.client.get(url)).json().items;
    expect(items).toMatchObject([{ id: first.json().id, isDefault: true }]);
  });
});
