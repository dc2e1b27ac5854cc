/**
 * The quote PDF (报价单): Chinese text that extracts back, embedded fonts, a download name, and the
 * same PDF sent by email as an attachment through a real SMTP server (the outbox records the message).
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
let server: SMTPServer;
const received: { to: string[]; raw: string }[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env = await createTestApp();
  org = await setupOrg(env);
});
afterAll(async () => {
  await env?.close();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function pdfText(bytes: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(doc, { mergePages: true });
  return text as string;
}

async function quoteFor(customerName: string): Promise<Record<string, any>> {
  const customer = await newCustomer(org.rep1.client, { name: customerName });
  const res = await org.rep1.client.post('/api/v1/quotes', {
    customerId: customer.id, title: '智能仓储系统报价', terms: '报价含税，有效期内有效。',
    lines: [{ productName: '仓储管理软件', listPrice: '12345.60', quantity: '1', taxRate: '13' }, { productName: '条码扫描枪', listPrice: '980.00', quantity: '5', taxRate: '13' }],
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

describe('quote PDF', () => {
  it('downloads a PDF with the Chinese text extractable and the font embedded', async () => {
    const quote = await quoteFor('杭州西湖数据科技有限公司');
    const res = await org.rep1.client.get(`/api/v1/quotes/${quote.id}/pdf`);
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(String(res.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent(`报价单-${quote.number}.pdf`)}`);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment;/);
    const bytes = res.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    expect(/\/FontFile[23]\b/.test(raw)).toBe(true);
    const text = await pdfText(bytes);
    expect(text).toContain('报价单');
    expect(text).toContain('杭州西湖数据科技有限公司');
    expect(text).toContain('仓储管理软件');
    expect(text).toContain(quote.number);
    // preview inline
    const inline = await org.rep1.client.get(`/api/v1/quotes/${quote.id}/pdf?inline=1`);
    expect(String(inline.headers['content-disposition'])).toMatch(/^inline;/);
    // someone who may not see the quote gets a 404, not the document
    expect((await org.rep3.client.get(`/api/v1/quotes/${quote.id}/pdf`)).statusCode).toBe(404);
  });

  it('emails the PDF as an attachment, records it in the outbox and marks the quote sent', async () => {
    const port = (server.server.address() as AddressInfo).port;
    const mailEnv = await createTestApp({ SMTP_URL: `smtp://127.0.0.1:${port}` });
    try {
      const mailOrg = await setupOrg(mailEnv);
      const customer = await newCustomer(mailOrg.rep1.client, { name: '苏州园区精工机械有限公司' });
      const created = await mailOrg.rep1.client.post('/api/v1/quotes', { customerId: customer.id, title: '数控机床报价', lines: [{ productName: '数控机床', listPrice: '88000.00', quantity: '1', taxRate: '13' }] });
      const quote = created.json();
      const bad = await mailOrg.rep1.client.post(`/api/v1/quotes/${quote.id}/email`, { to: 'not-an-email' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details.fields.map((f: { field: string }) => f.field)).toEqual(['to']);
      const res = await mailOrg.rep1.client.post(`/api/v1/quotes/${quote.id}/email`, { to: 'buyer@example.com', message: '请查收报价单。' });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({ status: 'sent', email: { to: 'buyer@example.com', status: 'sent', fileName: `报价单-${quote.number}.pdf` } });
      const mail = received.find((m) => m.to.includes('buyer@example.com'));
      expect(mail).toBeTruthy();
      expect(mail!.raw).toMatch(/Content-Type: application\/pdf/i);
      // the attachment is the PDF (base64 body of the application/pdf part)
      const part = mail!.raw.split(/--[^\r\n]+\r\n/).find((p) => /Content-Type: application\/pdf/i.test(p))!;
      const body = part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\s+/g, '').replace(/--.*$/, '');
      const pdf = Buffer.from(body, 'base64');
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(await pdfText(pdf)).toContain('苏州园区精工机械有限公司');
      const outbox = (await mailOrg.admin.client.get('/api/v1/admin/outbox')).json().items as { to: string; subject: string; text: string; status: string }[];
      const row = outbox.find((m) => m.to === 'buyer@example.com')!;
      expect(row).toMatchObject({ status: 'sent' });
      expect(row.subject).toContain('报价单');
      expect(row.text).toContain(`报价单-${quote.number}.pdf`);
      // sent again (a reminder) keeps the status; the history shows both
      expect((await mailOrg.rep1.client.post(`/api/v1/quotes/${quote.id}/email`, { to: 'buyer@example.com' })).statusCode).toBe(200);
      const history = (await mailOrg.rep1.client.get(`/api/v1/quotes/${quote.id}/history`)).json().items;
      expect(history.slice(0, 2).map((h: { data: { event: string } }) => h.data.event)).toEqual(['resend', 'send']);
    } finally {
      await mailEnv.close();
    }
  }, 120_000);
});
