/**
 * Mailer against a real SMTP server (smtp-server on 127.0.0.1), parsing what arrived byte for byte:
 * Chinese subjects travel as RFC 2047 encoded words, bodies as base64 or quoted-printable.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import pino from 'pino';
import type { FastifyBaseLogger } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { openDatabase, type Database } from '../db/client.ts';
import { migrate } from '../db/migrate.ts';
import { addUser, createPostgresDatabase, createTestApp, signUp, usingPostgres } from '../../test/harness.ts';
import { createMailer } from './mailer.ts';

const log = pino({ level: 'silent' }) as unknown as FastifyBaseLogger;
let db: Database;
let drop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  let url: string | undefined;
  if (usingPostgres) ({ url, drop } = await createPostgresDatabase());
  db = await openDatabase({ url, dataDir: null, poolSize: 2 });
  await migrate(db);
});
afterAll(async () => {
  await db.close();
  await drop?.();
});

// --- a small MIME reader (mailparser is not installed) ---------------------------------------------

function qpBytes(s: string): Buffer {
  const t = s.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < t.length; i++) {
    const hex = t.slice(i + 1, i + 3);
    if (t[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      out.push(parseInt(hex, 16));
      i += 2;
    } else out.push(...Buffer.from(t[i]!, 'utf8'));
  }
  return Buffer.from(out);
}

/** RFC 2047: adjacent encoded words join without the whitespace between them, bytes before decoding. */
function decodeWords(value: string): string {
  const re = /=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi;
  let out = '';
  let pending: Buffer[] = [];
  let last = 0;
  for (const m of value.matchAll(re)) {
    const gap = value.slice(last, m.index);
    if (!(pending.length && /^\s*$/.test(gap))) {
      out += Buffer.concat(pending).toString('utf8') + gap;
      pending = [];
    }
    expect(m[1]!.toLowerCase()).toBe('utf-8');
    pending.push(m[2]!.toUpperCase() === 'B' ? Buffer.from(m[3]!, 'base64') : qpBytes(m[3]!.replace(/_/g, ' ')));
    last = m.index! + m[0].length;
  }
  return out + Buffer.concat(pending).toString('utf8') + value.slice(last);
}

interface Part { headers: Record<string, string>; text?: string; parts: Part[] }

function parse(raw: string): Part {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const body = raw.slice(split + 4);
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const type = headers['content-type'] ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (type.startsWith('multipart/') && boundary) {
    const chunks = body.split(`--${boundary}`).slice(1, -1);
    return { headers, parts: chunks.map((c) => parse(c.replace(/^\r\n/, ''))) };
  }
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const bytes = cte === 'base64' ? Buffer.from(body.replace(/\s+/g, ''), 'base64') : cte === 'quoted-printable' ? qpBytes(body) : Buffer.from(body, 'utf8');
  return { headers, text: bytes.toString('utf8').replace(/\r\n$/, ''), parts: [] };
}

const leaves = (p: Part): Part[] => (p.parts.length ? p.parts.flatMap(leaves) : [p]);

// --- tests ------------------------------------------------------------------------------------------

const outbox = async (to: string) =>
  (await db.owner.query<{ status: string; error: string | null; attempts: number; sent_at: Date | null; subject: string; text_body: string }>(
    'SELECT status, error, attempts, sent_at, subject, text_body FROM outbox_emails WHERE to_address = $1',
    [to],
  )).rows;

describe('mailer', () => {
  const received: { from: string; to: string[]; raw: string }[] = [];
  let server: SMTPServer;
  let port: number;

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'], // plain SMTP on loopback, as in SMTP_URL=smtp://host:port
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('delivers Chinese subject and bodies intact over SMTP and marks the outbox row sent', async () => {
    const config = loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: '示例科技 <noreply@example.com>' } as NodeJS.ProcessEnv);
    const mailer = createMailer(config, db, log);
    const subject = '欢迎加入示例科技有限公司';
    const text = '张三，您好！\n\n李四邀请您加入「示例科技有限公司」。请点击以下链接设置密码：\nhttps://crm.example.com/invite?token=abc_DEF-123\n\n—— Loopline 客户管理';
    const html = `<p>张三，您好！</p><p>李四邀请您加入「示例科技有限公司」。</p>`;
    await mailer.send({ tenantId: null, to: 'zhangsan@example.com', subject, text, html });

    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.from).toBe('noreply@example.com');
    expect(mail.to).toEqual(['zhangsan@example.com']);
    expect(mail.raw).not.toContain(subject); // really encoded on the wire
    const msg = parse(mail.raw);
    expect(decodeWords(msg.headers.subject!)).toBe(subject);
    expect(decodeWords(msg.headers.from!)).toBe('示例科技 <noreply@example.com>');
    const parts = leaves(msg);
    expect(parts.find((p) => p.headers['content-type']!.startsWith('text/plain'))!.text!.replace(/\r\n/g, '\n')).toBe(text);
    expect(parts.find((p) => p.headers['content-type']!.startsWith('text/html'))!.text).toBe(html);

    const [row] = await outbox('zhangsan@example.com');
    expect(row).toMatchObject({ status: 'sent', error: null, attempts: 1, subject, text_body: text });
    expect(row!.sent_at).toBeTruthy();
  });

  it('keeps long encoded subjects intact across folded header lines', async () => {
    const config = loadConfig({ SMTP_URL: `smtp://127.0.0.1:${port}` } as NodeJS.ProcessEnv);
    const subject = '【提醒】客户「上海示例贸易有限公司」的跟进计划已到期，请尽快联系负责人王五并更新商机阶段';
    await createMailer(config, db, log).send({ tenantId: null, to: 'wangwu@example.com', subject, text: '纯文本正文' });
    const msg = parse(received.at(-1)!.raw);
    expect(decodeWords(msg.headers.subject!)).toBe(subject);
    expect(msg.text).toBe('纯文本正文');
  });

  it('without SMTP_URL keeps the message in the outbox', async () => {
    const before = received.length;
    const mailer = createMailer(loadConfig({} as NodeJS.ProcessEnv), db, log);
    await mailer.send({ tenantId: null, to: 'offline@example.com', subject: '离线演示', text: '只保存在发件箱' });
    expect(received.length).toBe(before);
    const [row] = await outbox('offline@example.com');
    expect(row).toMatchObject({ status: 'kept', attempts: 0, sent_at: null, subject: '离线演示' });
  });

  it('records a delivery failure without throwing at the caller', async () => {
    const closed = new SMTPServer({ disabledCommands: ['STARTTLS', 'AUTH'] });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadPort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const mailer = createMailer(loadConfig({ SMTP_URL: `smtp://user:s3cret@127.0.0.1:${deadPort}` } as NodeJS.ProcessEnv), db, log);
    await expect(mailer.send({ tenantId: null, to: 'nobody@example.com', subject: '失败', text: '无法投递' })).resolves.toBeUndefined();
    const [row] = await outbox('nobody@example.com');
    expect(row).toMatchObject({ status: 'failed', attempts: 1, sent_at: null });
    expect(row!.error).toMatch(/ECONNREFUSED|connect/i);
    expect(row!.error).not.toContain('s3cret');
  });
});

describe('outbox API', () => {
  it('shows admins their organization\'s mail only, newest first, filtered and paged', async () => {
    const env = await createTestApp(); // no SMTP_URL: everything is kept
    try {
      const a = await signUp(env.app);
      const b = await signUp(env.app);
      // the invitation flow itself reads its link from this outbox
      const rep = await addUser(env, a.client, { name: '陈静', email: 'chenjing@example.com', roleKeys: ['salesRep'] });
      expect((await rep.client.get('/api/v1/admin/outbox')).json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const mailer = env.app.ctx.mailer;
      await mailer.send({ tenantId: a.tenantId, to: 'one@example.com', subject: '第一封', text: '正文一' });
      await mailer.send({ tenantId: a.tenantId, to: 'two@example.com', subject: '第二封', text: '正文二', html: '<b>二</b>' });
      await mailer.send({ tenantId: b.tenantId, to: 'b@example.com', subject: '别家的', text: '…' });
      await mailer.send({ tenantId: null, to: 'stranger@example.com', subject: '无组织', text: '…' });

      const res = await a.client.get('/api/v1/admin/outbox?pageSize=2');
      expect(res.statusCode).toBe(200);
      const body = res.json() as { items: { to: string; subject: string; text: string; html: string | null; status: string; sentAt: string | null }[]; total: number };
      const mine = body.items.filter((m) => m.to.endsWith('@example.com') && m.subject.endsWith('封'));
      expect(mine.map((m) => m.subject)).toEqual(['第二封', '第一封']);
      expect(mine[0]).toMatchObject({ to: 'two@example.com', text: '正文二', html: '<b>二</b>', status: 'kept', sentAt: null });
      const all = (await a.client.get('/api/v1/admin/outbox?pageSize=200')).json() as typeof body;
      expect(all.items.map((m) => m.subject)).not.toContain('别家的');
      expect(all.items.map((m) => m.subject)).not.toContain('无组织');
      expect(all.total).toBe(all.items.length);
      expect((await a.client.get('/api/v1/admin/outbox?status=sent')).json()).toEqual({ items: [], total: 0 });
      expect((await a.client.get('/api/v1/admin/outbox?status=bogus')).statusCode).toBe(400);
    } finally {
      await env.close();
    }
  }, 120_000);
});
