import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PING_MS } from './routes.ts';
import { createTestApp, signUp, TestClient, type SignedUp, type TestEnv } from '../../test/harness.ts';

let env: TestEnv;
let alice: SignedUp;
let other: SignedUp; // another organization
let colleagueId: string; // same organization as alice

beforeAll(async () => {
  env = await createTestApp();
  alice = await signUp(env.app, { name: '张三' });
  other = await signUp(env.app, { organizationName: '另一家公司' });
  colleagueId = crypto.randomUUID();
  await env.db.asSystem((d) => d.execute(sql`INSERT INTO users (id, tenant_id, name) VALUES (${colleagueId}, ${alice.tenantId}, '李四')`));
});
afterAll(() => env.close());

const notify = (who: SignedUp | { tenantId: string; userId: string }, title: string, extra: { body?: string; link?: string; kind?: string } = {}) =>
  env.app.ctx.notifier.notify({ tenantId: who.tenantId, userId: who.userId, title, ...extra });

interface Item { id: string; title: string; body: string | null; link: string | null; kind: string; readAt: string | null; createdAt: string }
const list = async (client: TestClient, qs = '') => {
  const res = await client.get(`/api/v1/notifications${qs}`);
  expect(res.statusCode).toBe(200);
  return res.json() as { items: Item[]; unreadCount: number };
};

/** Reads a real SSE connection (app.inject would wait for an end that never comes). */
function openStream(port: number, client: TestClient) {
  const cookie = Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  let buffer = '';
  let onData: () => void = () => undefined;
  return new Promise<{ res: http.IncomingMessage; req: http.ClientRequest; waitFor: (re: RegExp) => Promise<string> }>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/api/v1/notifications/stream', headers: { cookie, accept: 'text/event-stream' } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        buffer += c;
        onData();
      });
      const waitFor = (re: RegExp) =>
        new Promise<string>((ok, fail) => {
          const timer = setTimeout(() => fail(new Error(`stream never matched ${re}; got ${JSON.stringify(buffer)}`)), 5_000);
          onData = () => {
            const m = re.exec(buffer);
            if (!m) return;
            clearTimeout(timer);
            buffer = buffer.slice(m.index + m[0].length);
            ok(m[0]);
          };
          onData();
        });
      resolve({ res, req, waitFor });
    });
    req.on('error', reject);
  });
}

const eventData = (block: string) => JSON.parse(/^data: (.*)$/m.exec(block)![1]!) as unknown;

describe('notifications API', () => {
  it('lists my notifications newest first with the unread count, pages with before, filters unread', async () => {
    // a few ms apart: `before=<createdAt>` is read at millisecond precision, stored times have microseconds
    const tick = () => new Promise((r) => setTimeout(r, 3));
    await notify(alice, '客户已分配', { body: '上海示例贸易有限公司', link: '/customers/1', kind: 'assignment' });
    await tick();
    await notify(alice, '跟进提醒');
    await tick();
    await notify(alice, '合同待审批');
    await notify({ tenantId: alice.tenantId, userId: colleagueId }, '同事的通知');
    await notify(other, '别家公司的通知');

    const all = await list(alice.client);
    expect(all.items.map((i) => i.title)).toEqual(['合同待审批', '跟进提醒', '客户已分配']);
    expect(all.unreadCount).toBe(3);
    expect(all.items[2]).toMatchObject({ body: '上海示例贸易有限公司', link: '/customers/1', kind: 'assignment', readAt: null });

    const page1 = await list(alice.client, '?limit=2');
    expect(page1.items.map((i) => i.title)).toEqual(['合同待审批', '跟进提醒']);
    const page2 = await list(alice.client, `?limit=2&before=${page1.items[1]!.id}`);
    expect(page2.items.map((i) => i.title)).toEqual(['客户已分配']);
    const byTime = await list(alice.client, `?before=${encodeURIComponent(all.items[0]!.createdAt)}`);
    expect(byTime.items.map((i) => i.title)).toEqual(['跟进提醒', '客户已分配']);

    const res = await alice.client.get('/api/v1/notifications?limit=0');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('marks one and then all read; nobody else can mark mine', async () => {
    const { items } = await list(alice.client, '?unread=1');
    const target = items.find((i) => i.title === '跟进提醒')!;
    expect((await other.client.post(`/api/v1/notifications/${target.id}/read`)).statusCode).toBe(404);
    expect((await alice.client.post(`/api/v1/notifications/${crypto.randomUUID()}/read`)).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });

    expect((await alice.client.post(`/api/v1/notifications/${target.id}/read`)).statusCode).toBe(204);
    const after = await list(alice.client, '?unread=1');
    expect(after.unreadCount).toBe(2);
    expect(after.items.map((i) => i.id)).not.toContain(target.id);
    const readAt = (await list(alice.client)).items.find((i) => i.id === target.id)!.readAt;
    expect(readAt).toBeTruthy();
    expect((await alice.client.post(`/api/v1/notifications/${target.id}/read`)).statusCode).toBe(204); // idempotent
    expect((await list(alice.client)).items.find((i) => i.id === target.id)!.readAt).toBe(readAt);

    expect((await alice.client.post('/api/v1/notifications/read-all')).statusCode).toBe(204);
    expect(await list(alice.client, '?unread=1')).toEqual({ items: [], unreadCount: 0 });
    expect((await list(other.client)).unreadCount).toBe(1); // other organization untouched
    const colleague = await env.db.owner.query<{ n: number }>('SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND read_at IS NULL', [colleagueId]);
    expect(colleague.rows[0]!.n).toBe(1);
  });

  it('requires a session', async () => {
    const anon = new TestClient(env.app);
    for (const url of ['/api/v1/notifications', '/api/v1/notifications/stream']) {
      const res = await anon.get(url);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    }
  });

  it('streams my new notifications and unread counts as Server-Sent Events', async () => {
    await env.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (env.app.server.address() as AddressInfo).port;
    const notifier = env.app.ctx.notifier;
    const subscribe = notifier.subscribe.bind(notifier);
    let unsubscribed = 0;
    const spy = vi.spyOn(notifier, 'subscribe').mockImplementation((t, u, l) => {
      const off = subscribe(t, u, l);
      return () => {
        unsubscribed += 1;
        off();
      };
    });
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] }); // only the stream's ping timer
    const stream = await openStream(port, alice.client);
    expect(stream.res.statusCode).toBe(200);
    expect(stream.res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(stream.res.headers['x-request-id']).toBeTruthy();
    expect(eventData(await stream.waitFor(/event: unread\ndata: .*\n\n/))).toEqual({ count: 0 });
    vi.advanceTimersByTime(PING_MS);
    vi.useRealTimers();
    await stream.waitFor(/^: ping\n\n/m);

    await notify({ tenantId: alice.tenantId, userId: colleagueId }, '不是给我的');
    await notify(alice, '新商机', { link: '/deals/9' });
    const note = eventData(await stream.waitFor(/event: notification\ndata: .*\n\n/)) as Item;
    expect(note).toMatchObject({ title: '新商机', link: '/deals/9', readAt: null });
    expect(eventData(await stream.waitFor(/event: unread\ndata: .*\n\n/))).toEqual({ count: 1 });

    // a second tab of another organization sees nothing of this
    const otherStream = await openStream(port, other.client);
    expect(eventData(await otherStream.waitFor(/event: unread\ndata: .*\n\n/))).toEqual({ count: 1 });

    // Disconnecting removes the subscription.
    expect(unsubscribed).toBe(0);
    stream.req.destroy();
    otherStream.req.destroy();
    await vi.waitFor(() => expect(unsubscribed).toBe(2));
    spy.mockRestore();
  });

  it('documents the endpoints in the OpenAPI spec', async () => {
    const spec = env.app.swagger() as { paths: Record<string, Record<string, { tags?: string[]; responses?: Record<string, { content?: Record<string, unknown> }> }>> };
    expect(spec.paths['/api/v1/notifications']?.get?.tags).toEqual(['notifications']);
    expect(Object.keys(spec.paths['/api/v1/notifications/stream']?.get?.responses?.['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(spec.paths['/api/v1/notifications/{id}/read']?.post).toBeTruthy();
  });

  it('closing the server ends open streams instead of waiting for them', async () => {
    const port = (env.app.server.address() as AddressInfo).port;
    const stream = await openStream(port, alice.client);
    await stream.waitFor(/event: unread\n/);
    const ended = new Promise<void>((r) => stream.res.on('close', () => r()));
    const started = Date.now();
    await env.app.close();
    await ended;
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
