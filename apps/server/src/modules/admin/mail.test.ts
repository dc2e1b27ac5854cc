/** Per-organization SMTP: settings without ever returning the password, and the admin's test send. */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, createTestApp, signUp, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let server: SMTPServer;
let port: number;
const received: { to: string[]; user?: string; raw: string }[] = [];
const PASSWORD = 'smtp-s3cret-9';

beforeAll(async () => {
  env = await createTestApp(); // no SMTP_URL
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'], // plain SMTP on loopback
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer@example.com' && auth.password === PASSWORD) return callback(null, { user: auth.username });
      return callback(new Error('invalid credentials'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), user: session.user as string | undefined, raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await env?.close();
});

describe('mail settings', () => {
  it('keeps the test message in the outbox when no SMTP is configured', async () => {
    const admin = await signUp(env.app);
    expect((await admin.client.get('/api/v1/admin/mail-settings')).json()).toMatchObject({ smtp: null, envSmtp: false });
    const res = await admin.client.post('/api/v1/admin/mail/test', { to: 'ops@example.com' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: 'kept' });
    const outbox = (await admin.client.get('/api/v1/admin/outbox')).json().items;
    expect(outbox[0]).toMatchObject({ to: 'ops@example.com', status: 'kept' });
  });

  it('sends through the organization\'s own SMTP server and never returns its password', async () => {
    const admin = await signUp(env.app);
    const put = await admin.client.put('/api/v1/admin/mail-settings', {
      smtp: { host: '127.0.0.1', port, secure: false, user: 'mailer@example.com', password: PASSWORD, from: '星火科技 <mailer@example.com>' },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.body).not.toContain(PASSWORD);
    const got = await admin.client.get('/api/v1/admin/mail-settings');
    expect(got.body).not.toContain(PASSWORD);
    expect(got.json().smtp).toEqual({ host: '127.0.0.1', port, secure: false, user: 'mailer@example.com', from: '星火科技 <mailer@example.com>', passwordSet: true });
    // nor does the organization profile or the audit trail
    expect((await admin.client.get('/api/v1/organization')).body).not.toContain(PASSWORD);
    expect((await admin.client.get('/api/v1/audit?recordType=mailSettings')).body).not.toContain(PASSWORD);

    const res = await admin.client.post('/api/v1/admin/mail/test', { to: 'ops@example.com' });
    expect(res.json(), res.body).toMatchObject({ status: 'sent' });
    expect(received.at(-1)).toMatchObject({ to: ['ops@example.com'], user: 'mailer@example.com' });

    // saving without a password keeps the stored one
    await admin.client.put('/api/v1/admin/mail-settings', { smtp: { host: '127.0.0.1', port, secure: false, user: 'mailer@example.com' } });
    expect((await admin.client.get('/api/v1/admin/mail-settings')).json().smtp.passwordSet).toBe(true);
    expect((await admin.client.post('/api/v1/admin/mail/test', { to: 'ops2@example.com' })).json().status).toBe('sent');

    // the organization's ordinary mail (an invitation) goes the same way
    const before = received.length;
    await addUser(env, admin.client, { name: '赵敏', email: `zhaomin-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    expect(received.length).toBe(before + 1);

    // a wrong password fails, reported to the admin without the password
    await admin.client.put('/api/v1/admin/mail-settings', { smtp: { host: '127.0.0.1', port, secure: false, user: 'mailer@example.com', password: 'wrong-pass-77' } });
    const failed = (await admin.client.post('/api/v1/admin/mail/test', { to: 'ops@example.com' })).json();
    expect(failed.status).toBe('failed');
    expect(failed.error).toBeTruthy();
    expect(failed.error).not.toContain('wrong-pass-77');

    // removing the settings goes back to keeping mail in the outbox
    expect((await admin.client.put('/api/v1/admin/mail-settings', { smtp: null })).json().smtp).toBeNull();
    expect((await admin.client.post('/api/v1/admin/mail/test', { to: 'ops@example.com' })).json().status).toBe('kept');
  });

  it('is for admins only and validates its input', async () => {
    const admin = await signUp(env.app);
    const rep = await addUser(env, admin.client, { name: '周芷若', email: `zzr-${Date.now()}@example.com`, roleKeys: ['salesRep'] });
    expect((await rep.client.get('/api/v1/admin/mail-settings')).statusCode).toBe(403);
    expect((await rep.client.post('/api/v1/admin/mail/test', { to: 'x@example.com' })).statusCode).toBe(403);
    const bad = await admin.client.put('/api/v1/admin/mail-settings', { smtp: { host: 'smtp.example.com', port: 70000, secure: true } });
    expect(bad.json().error.details.fields[0].field).toMatch(/port/);
    expect((await admin.client.post('/api/v1/admin/mail/test', { to: 'not-an-address' })).statusCode).toBe(400);
  });
});
