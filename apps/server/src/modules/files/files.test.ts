import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CSRF_COOKIE, CSRF_HEADER } from '@loopline/shared';
import { createTestApp, signUp, TestClient, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { contentMatches, declaredType, isAllowedType, sanitizeFileName } from './service.ts';
import { contentDisposition } from './routes.ts';

type Part = { name: string; value: string } | { name: string; filename: string; type?: string; data: Buffer };

/** A multipart/form-data body built by hand, the way a browser sends it (file names as raw UTF-8). */
function multipart(parts: Part[]): { payload: Buffer; contentType: string } {
  const boundary = `----loopline${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('data' in p) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; filename="${p.filename}"\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`, 'utf8'));
      chunks.push(p.data, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`, 'utf8'));
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

function upload(env: TestEnv, client: TestClient | null, parts: Part[]) {
  const { payload, contentType } = multipart(parts);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (client) {
    headers.cookie = Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
    headers[CSRF_HEADER] = client.cookies[CSRF_COOKIE]!;
  }
  return env.app.inject({ method: 'POST', url: '/api/v1/files', payload, headers });
}

const file = (filename: string, type: string | undefined, data: Buffer): Part => ({ name: 'file', filename, type, data });
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), crypto.randomBytes(3000), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(500)]);
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(62), Buffer.from('PE\0\0'), crypto.randomBytes(400)]);

/** Every stored file, relative to DATA_DIR/files. */
function storedFiles(env: TestEnv): string[] {
  const root = path.join(env.dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile());
}

/** A sales rep (data scope: self) in the tenant, created directly so the test needs only log-in. */
async function addSalesRep(env: TestEnv, tenantId: string): Promise<{ client: TestClient; userId: string }> {
  const email = `rep-${crypto.randomBytes(4).toString('hex')}@example.com`;
  const q = env.db.owner.query.bind(env.db.owner);
  const user = await q<{ id: string }>(`INSERT INTO users (tenant_id, name, email, password_hash) VALUES ($1, '销售小王', $2, $3) RETURNING id`, [tenantId, email, await hashPassword('correct-horse-42')]);
  const userId = user.rows[0]!.id;
  await q(`INSERT INTO user_roles (tenant_id, user_id, role_id) SELECT $1, $2, id FROM roles WHERE tenant_id = $1 AND key = 'salesRep'`, [tenantId, userId]);
  const client = new TestClient(env.app);
  const res = await client.post('/api/v1/auth/login', { identifier: email, password: 'correct-horse-42' });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  return { client, userId };
}

const addCustomer = async (env: TestEnv, tenantId: string, ownerId: string) =>
  (await env.db.owner.query<{ id: string }>(`INSERT INTO customers (tenant_id, name, owner_id) VALUES ($1, $2, $3) RETURNING id`, [tenantId, `客户${crypto.randomBytes(3).toString('hex')}`, ownerId])).rows[0]!.id;

let env: TestEnv;
let a: SignedUp;
let b: SignedUp;

beforeAll(async () => {
  env = await createTestApp({ MAX_UPLOAD_MB: '0.01' }); // 10 KiB, so "too large" is cheap to send
  a = await signUp(env.app);
  b = await signUp(env.app);
});
afterAll(async () => env?.close());

describe('files API', () => {
  it('uploads and downloads with a Chinese file name, byte for byte', async () => {
    const res = await upload(env, a.client, [file('合同扫描件.pdf', 'application/pdf', PDF)]);
    expect(res.statusCode, res.body).toBe(201);
    const meta = res.json();
    expect(meta).toMatchObject({ name: '合同扫描件.pdf', mimeType: 'application/pdf', size: PDF.length, recordType: null, recordId: null, uploadedBy: a.userId });
    expect(meta.sha256).toBe(crypto.createHash('sha256').update(PDF).digest('hex'));
    expect(meta).not.toHaveProperty('storageKey');

    expect((await a.client.get(`/api/v1/files/${meta.id}`)).json()).toEqual(meta);

    const dl = await a.client.get(`/api/v1/files/${meta.id}/content`);
    expect(dl.statusCode).toBe(200);
    expect(Buffer.compare(dl.rawPayload, PDF)).toBe(0);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.headers['content-length']).toBe(String(PDF.length));
    expect(dl.headers['x-content-type-options']).toBe('nosniff');
    const disposition = String(dl.headers['content-disposition']);
    expect(disposition).toMatch(/^attachment; /);
    const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
    expect(decodeURIComponent(encoded!)).toBe('合同扫描件.pdf');

    // audited in the same transaction as the row
    const audit = await env.db.owner.query<{ action: string; actor_id: string }>(`SELECT action, actor_id FROM audit_logs WHERE record_type = 'file' AND record_id = $1`, [meta.id]);
    expect(audit.rows).toEqual([{ action: 'create', actor_id: a.userId }]);
  });

  it('serves raster images inline only when asked, everything else as an attachment', async () => {
    const png = (await upload(env, a.client, [file('logo.png', 'image/png', PNG)])).json();
    expect(String((await a.client.get(`/api/v1/files/${png.id}/content?inline=1`)).headers['content-disposition'])).toMatch(/^inline; /);
    expect(String((await a.client.get(`/api/v1/files/${png.id}/content`)).headers['content-disposition'])).toMatch(/^attachment; /);
    const svg = (await upload(env, a.client, [file('x.svg', 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))])).json();
    const res = await a.client.get(`/api/v1/files/${svg.id}/content?inline=1`);
    expect(String(res.headers['content-disposition'])).toMatch(/^attachment; /);
    expect(res.headers['content-security-policy']).toContain('sandbox');
  });

  it('refuses a file over MAX_UPLOAD_MB with 413 FILE_TOO_LARGE and keeps nothing', async () => {
    const before = storedFiles(env);
    const big = Buffer.concat([PNG, crypto.randomBytes(20 * 1024)]);
    const res = await upload(env, a.client, [file('big.png', 'image/png', big)]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });
    expect(storedFiles(env)).toEqual(before);
  });

  it('refuses types outside UPLOAD_ALLOWED_TYPES, and an .exe renamed to .png, with 415', async () => {
    const before = storedFiles(env);
    const exe = await upload(env, a.client, [file('setup.exe', 'application/x-msdownload', EXE)]);
    expect(exe.statusCode).toBe(415);
    expect(exe.json()).toMatchObject({ error: { code: 'UNSUPPORTED_FILE_TYPE', details: { mimeType: 'application/x-msdownload' } } });

    const disguised = await upload(env, a.client, [file('holiday.png', 'image/png', EXE)]);
    expect(disguised.statusCode).toBe(415);
    expect(disguised.json()).toMatchObject({ error: { code: 'UNSUPPORTED_FILE_TYPE', details: { mimeType: 'image/png' } } });

    const textAsPdf = await upload(env, a.client, [file('report.pdf', 'application/pdf', Buffer.from('just text'))]);
    expect(textAsPdf.statusCode).toBe(415);

    const runnable = await upload(env, a.client, [file('invoice.pdf.exe', 'application/pdf', PDF)]);
    expect(runnable.statusCode).toBe(415);
    expect(storedFiles(env)).toEqual(before);
  });

  it('takes the type from the extension when the browser sends application/octet-stream', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), crypto.randomBytes(200)]);
    const res = await upload(env, a.client, [file('报价单.xlsx', 'application/octet-stream', zip)]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().mimeType).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const unknown = await upload(env, a.client, [file('data.bin', 'application/octet-stream', crypto.randomBytes(100))]);
    expect(unknown.statusCode).toBe(415);
  });

  it('refuses an empty file, a missing file and a second file with 400', async () => {
    const empty = await upload(env, a.client, [file('empty.txt', 'text/plain', Buffer.alloc(0))]);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('EMPTY_FILE');
    const none = await upload(env, a.client, [{ name: 'recordType', value: 'customer' }]);
    expect(none.statusCode).toBe(400);
    const two = await upload(env, a.client, [file('a.txt', 'text/plain', Buffer.from('a')), file('b.txt', 'text/plain', Buffer.from('b'))]);
    expect(two.statusCode).toBe(400);
    expect(two.json().error.code).toBe('TOO_MANY_FILES');
    const json = await a.client.post('/api/v1/files', { file: 'x' });
    expect(json.statusCode).toBe(415);
  });

  it('stores a path-like file name safely', async () => {
    const res = await upload(env, a.client, [file('../../etc/passwd', 'text/plain', Buffer.from('root:x:0:0'))]);
    expect(res.statusCode, res.body).toBe(201);
    const meta = res.json();
    expect(meta.name).not.toMatch(/[\\/]|\.\./);
    expect(meta.name).toBe('passwd');
    expect(fs.existsSync(path.join(env.dataDir, 'etc'))).toBe(false);
    const dl = await a.client.get(`/api/v1/files/${meta.id}/content`);
    expect(dl.body).toBe('root:x:0:0');
    // every stored file sits at <tenant>/<yyyy>/<mm>/<random id>, whatever the upload was called
    for (const p of storedFiles(env)) expect(p.split(path.sep)).toHaveLength(4);
    expect(storedFiles(env).every((p) => p.startsWith(a.tenantId))).toBe(true);
  });

  it('answers 404 to another tenant for metadata, content and delete', async () => {
    const meta = (await upload(env, a.client, [file('机密.txt', 'text/plain', Buffer.from('secret'))])).json();
    for (const res of [
      await b.client.get(`/api/v1/files/${meta.id}`),
      await b.client.get(`/api/v1/files/${meta.id}/content`),
      await b.client.delete(`/api/v1/files/${meta.id}`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('NOT_FOUND');
    }
    expect((await a.client.get(`/api/v1/files/${meta.id}/content`)).body).toBe('secret');
  });

  it('requires authentication', async () => {
    const meta = (await upload(env, a.client, [file('a.txt', 'text/plain', Buffer.from('a'))])).json();
    expect((await upload(env, null, [file('a.txt', 'text/plain', Buffer.from('a'))])).statusCode).toBe(401);
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/files/${meta.id}` })).statusCode).toBe(401);
    expect((await env.app.inject({ method: 'GET', url: `/api/v1/files/${meta.id}/content` })).statusCode).toBe(401);
    expect((await env.app.inject({ method: 'DELETE', url: `/api/v1/files/${meta.id}` })).statusCode).toBe(401);
  });

  it('deletes the row and the stored bytes, and audits it', async () => {
    const before = storedFiles(env);
    const meta = (await upload(env, a.client, [file('temp.txt', 'text/plain', Buffer.from('bye'))])).json();
    expect(storedFiles(env)).toHaveLength(before.length + 1);
    expect((await a.client.delete(`/api/v1/files/${meta.id}`)).statusCode).toBe(204);
    expect((await a.client.get(`/api/v1/files/${meta.id}`)).statusCode).toBe(404);
    expect(storedFiles(env)).toEqual(before);
    const audit = await env.db.owner.query<{ action: string }>(`SELECT action FROM audit_logs WHERE record_type = 'file' AND record_id = $1 ORDER BY id`, [meta.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['create', 'delete']);
  });

  describe('attached to a customer', () => {
    let customerId: string;
    beforeAll(async () => {
      customerId = await addCustomer(env, a.tenantId, a.userId);
    });

    it('attaches, lists by record and hides it from other tenants', async () => {
      const res = await upload(env, a.client, [{ name: 'recordType', value: 'customer' }, { name: 'recordId', value: customerId }, file('名片.png', 'image/png', PNG)]);
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ recordType: 'customer', recordId: customerId });
      // fields after the file count too
      const later = await upload(env, a.client, [file('b.txt', 'text/plain', Buffer.from('b')), { name: 'recordType', value: 'customer' }, { name: 'recordId', value: customerId }]);
      expect(later.statusCode, later.body).toBe(201);

      const list = await a.client.get(`/api/v1/files?recordType=customer&recordId=${customerId}`);
      expect(list.statusCode).toBe(200);
      expect(list.json().items.map((f: { id: string }) => f.id).sort()).toEqual([res.json().id, later.json().id].sort());

      expect((await b.client.get(`/api/v1/files?recordType=customer&recordId=${customerId}`)).statusCode).toBe(404);
      expect((await b.client.get(`/api/v1/files/${res.json().id}`)).statusCode).toBe(404);
    });

    it('refuses attaching to a record the actor cannot see, or to an unknown record type', async () => {
      const before = storedFiles(env);
      const other = await upload(env, b.client, [{ name: 'recordType', value: 'customer' }, { name: 'recordId', value: customerId }, file('x.txt', 'text/plain', Buffer.from('x'))]);
      expect(other.statusCode).toBe(404);
      const unknownType = await upload(env, a.client, [{ name: 'recordType', value: 'spaceship' }, { name: 'recordId', value: customerId }, file('x.txt', 'text/plain', Buffer.from('x'))]);
      expect(unknownType.statusCode).toBe(400);
      const half = await upload(env, a.client, [{ name: 'recordId', value: customerId }, file('x.txt', 'text/plain', Buffer.from('x'))]);
      expect(half.statusCode).toBe(400);
      expect(storedFiles(env)).toEqual(before);
    });
  });

  describe('inside one tenant', () => {
    it('follows the record for attachments, the uploader for loose files; only uploader or admin deletes', async () => {
      const rep = await addSalesRep(env, a.tenantId);
      const adminsLoose = (await upload(env, a.client, [file('薪资表.txt', 'text/plain', Buffer.from('salaries'))])).json();
      const adminsCustomer = await addCustomer(env, a.tenantId, a.userId);
      const repsCustomer = await addCustomer(env, a.tenantId, rep.userId);
      const onAdmins = (await upload(env, a.client, [{ name: 'recordType', value: 'customer' }, { name: 'recordId', value: adminsCustomer }, file('a.txt', 'text/plain', Buffer.from('a'))])).json();
      const onReps = (await upload(env, a.client, [{ name: 'recordType', value: 'customer' }, { name: 'recordId', value: repsCustomer }, file('b.txt', 'text/plain', Buffer.from('b'))])).json();

      // not visible to the rep: 404 everywhere, as for another tenant
      for (const id of [adminsLoose.id, onAdmins.id]) {
        expect((await rep.client.get(`/api/v1/files/${id}`)).statusCode).toBe(404);
        expect((await rep.client.get(`/api/v1/files/${id}/content`)).statusCode).toBe(404);
        expect((await rep.client.delete(`/api/v1/files/${id}`)).statusCode).toBe(404);
      }
      expect((await rep.client.get(`/api/v1/files?recordType=customer&recordId=${adminsCustomer}`)).statusCode).toBe(404);
      expect((await upload(env, rep.client, [{ name: 'recordType', value: 'customer' }, { name: 'recordId', value: adminsCustomer }, file('c.txt', 'text/plain', Buffer.from('c'))])).statusCode).toBe(404);

      // the rep's own customer: sees the admin's attachment but may not delete it
      expect((await rep.client.get(`/api/v1/files/${onReps.id}/content`)).body).toBe('b');
      expect((await rep.client.get(`/api/v1/files?recordType=customer&recordId=${repsCustomer}`)).json().items).toHaveLength(1);
      const del = await rep.client.delete(`/api/v1/files/${onReps.id}`);
      expect(del.statusCode).toBe(403);
      expect(del.json().error.code).toBe('FORBIDDEN');

      // the rep's own upload: theirs to read and delete; the admin may delete it too
      const own = (await upload(env, rep.client, [file('mine.txt', 'text/plain', Buffer.from('mine'))])).json();
      expect((await rep.client.get(`/api/v1/files/${own.id}`)).statusCode).toBe(200);
      expect((await a.client.delete(`/api/v1/files/${own.id}`)).statusCode).toBe(204);
      const own2 = (await upload(env, rep.client, [file('mine2.txt', 'text/plain', Buffer.from('mine'))])).json();
      expect((await rep.client.delete(`/api/v1/files/${own2.id}`)).statusCode).toBe(204);
    });
  });
});

describe('file name and type rules', () => {
  it('sanitises names', () => {
    expect(sanitizeFileName('合同扫描件.pdf')).toBe('合同扫描件.pdf');
    expect(sanitizeFileName('..\\..\\windows\\win.ini')).toBe('win.ini');
    expect(sanitizeFileName('a\u0000b\r\n.txt')).toBe('ab.txt');
    expect(sanitizeFileName('invoice\u202Egnp.exe')).toBe('invoicegnp.exe');
    expect(sanitizeFileName('..')).toBe('file');
    expect(sanitizeFileName('')).toBe('file');
    const long = sanitizeFileName(`${'报'.repeat(300)}.pdf`);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith('.pdf')).toBe(true);
    expect(Array.from(sanitizeFileName('😀'.repeat(250)))).toHaveLength(200); // no half surrogate pairs
  });

  it('matches the allowed-type list with wildcards', () => {
    const list = 'image/*, application/pdf,application/vnd.openxmlformats-officedocument.*';
    expect(isAllowedType('image/jpeg', list)).toBe(true);
    expect(isAllowedType('application/pdf', list)).toBe(true);
    expect(isAllowedType('application/vnd.openxmlformats-officedocument.wordprocessingml.document', list)).toBe(true);
    expect(isAllowedType('application/pdfx', list)).toBe(false);
    expect(isAllowedType('text/html', list)).toBe(false);
    expect(declaredType('Text/Plain; charset=utf-8', 'a.txt')).toBe('text/plain');
  });

  it('checks content against the declared type', () => {
    expect(contentMatches('image/png', PNG)).toBe(true);
    expect(contentMatches('image/png', EXE)).toBe(false);
    expect(contentMatches('text/plain', EXE)).toBe(false);
    expect(contentMatches('text/plain', Buffer.from('BMW 报告'))).toBe(true);
    expect(contentMatches('text/csv', Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe(true); // UTF-16 with BOM
    expect(contentMatches('application/pdf', PDF)).toBe(true);
    expect(contentMatches('application/vnd.ms-excel', Buffer.from('<html><table></table></html>'))).toBe(true);
    expect(contentMatches('application/msword', PNG)).toBe(false);
  });

  it('encodes Content-Disposition for any name', () => {
    expect(contentDisposition('attachment', '合同 "v2".pdf')).toBe(`attachment; filename="__ _v2_.pdf"; filename*=UTF-8''%E5%90%88%E5%90%8C%20%22v2%22.pdf`);
  });
});
