import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { contract, setupPayOrg, type PayOrg } from './testFixture.ts';

let env: TestEnv;
let org: PayOrg;
beforeAll(async () => {
  env = await createTestApp();
  org = await setupPayOrg(env);
});
afterAll(async () => env?.close());

describe('payment receipt (收款收据)', () => {
  it('prints the receipt with the amount in figures and in 大写', async () => {
    const c = await contract(env, org, '20000.00');
    const p = (await org.rep1.client.post('/api/v1/payments', { contractId: c, amount: '12345.60', paidOn: '2026-01-15', method: 'bankTransfer', payerName: '福州闽江机电' })).json();
    const res = await org.rep1.client.get(`/api/v1/payments/${p.id}/receipt.pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const { text } = await extractText(await getDocumentProxy(new Uint8Array(res.rawPayload)), { mergePages: true });
    expect(text.replace(/\s/g, '')).toContain('壹万贰仟叁佰肆拾伍元陆角');
    expect(text).toContain('12,345.60');
    // someone who may not see the payment gets a 404
    expect((await org.rep3.client.get(`/api/v1/payments/${p.id}/receipt.pdf`)).statusCode).toBe(404);
  });
});
