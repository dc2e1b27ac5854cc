import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../../test/harness.ts';
import { rows } from '../../../platform/db/query.ts';
import { createFlowRuntime, type FlowRuntime, type RuntimeOptions } from './index.ts';
import { backoffMs, MAX_ATTEMPTS, signature } from './deliveries.ts';
import { SimulatedCrash } from './worker.ts';
import { chain, execution, insertFlow, startFlow, taskNode, tasksOf, testClock } from './testFlows.ts';

let env: TestEnv;
let org: SignedUp;
let server: http.Server;
let base = '';
const clock = testClock();
const received: { path: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

const runtime = (opts: RuntimeOptions = {}): FlowRuntime => createFlowRuntime(env.app.ctx, { clock: clock.now, webhookTimeoutMs: 300, ...opts });

interface Delivery { id: string; status: string; attempts: number; last_error: string | null; next_attempt_at: Date | string; kind: string }
const deliveriesOf = (executionId: string) =>
  env.db.forTenant(org.tenantId, (d) => rows<Delivery>(d, sql`SELECT id::text AS id, status, attempts, last_error, next_attempt_at, kind FROM flow_deliveries WHERE execution_id = ${executionId}`));

beforeAll(async () => {
  env = await createTestApp();
  org = await signUp(env.app);
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/fail') return void res.writeHead(500).end('boom');
      if (req.url === '/slow') return void setTimeout(() => res.writeHead(200).end('late'), 2000);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  await env?.close();
});

async function newLead(name: string): Promise<string> {
  const res = await org.client.post('/api/v1/leads', { name, email: `${Date.now()}${Math.random().toString(36).slice(2, 6)}@example.com`, duplicatePolicy: 'create' });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
}

const hook = (path: string, secret?: string) => ({ id: 'hook', type: 'webhook', config: { url: `${base}${path}`, ...(secret ? { secret } : {}), body: '{"lead":"{{record.name}}"}' } });

describe('flow deliveries (outbox)', () => {
  it('retries a failing or timing-out webhook with backoff, then marks it failed, while other executions complete', async () => {
    const rt = runtime();
    const leadId = await newLead('外呼');
    const failing = await insertFlow(env.db, org.tenantId, chain({ type: 'manual', recordType: 'lead' }, [hook('/fail', 's3cret')]));
    const slow = await insertFlow(env.db, org.tenantId, chain({ type: 'manual', recordType: 'lead' }, [hook('/slow')]));
    const tasks = await insertFlow(env.db, org.tenantId, chain({ type: 'manual', recordType: 'lead' }, [taskNode()]));
    const a = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId: failing.flowId, recordType: 'lead', recordId: leadId });
    const b = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId: slow.flowId, recordType: 'lead', recordId: leadId });
    const c = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId: tasks.flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    // steps never wait for the outbox
    for (const id of [a.executionId, b.executionId, c.executionId]) expect((await execution(env.db, org.tenantId, id)).exec.status).toBe('completed');
    expect(await tasksOf(env.db, org.tenantId, leadId)).toHaveLength(1);

    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await rt.deliverDue()).toBe(2);
      const [da] = await deliveriesOf(a.executionId);
      const [db] = await deliveriesOf(b.executionId);
      expect(da!.attempts).toBe(attempt);
      expect(da!.last_error).toContain('500');
      expect(db!.last_error).toContain('超时');
      expect(await rt.deliverDue()).toBe(0); // not due again before its backoff
      if (attempt < MAX_ATTEMPTS) {
        expect(da!.status).toBe('pending');
        expect(new Date(da!.next_attempt_at).getTime() - clock.now().getTime()).toBe(backoffMs(attempt));
        clock.advance(backoffMs(attempt));
      } else {
        expect(da!.status).toBe('failed');
        expect(db!.status).toBe('failed');
      }
    }
    clock.advance(3_600_000);
    expect(await rt.deliverDue()).toBe(0);
    const calls = received.filter((r) => r.path === '/fail');
    expect(calls).toHaveLength(MAX_ATTEMPTS);
    const [da] = await deliveriesOf(a.executionId);
    for (const call of calls) {
      expect(call.headers['idempotency-key']).toBe(da!.id);
      expect(call.body).toBe('{"lead":"外呼"}');
      expect(call.headers['x-loopline-signature']).toBe(signature('s3cret', call.body));
    }
  });

  it('a crash before delivering retries the delivery once and it is sent once', async () => {
    const leadId = await newLead('通知');
    const flow = await insertFlow(env.db, org.tenantId, chain({ type: 'manual', recordType: 'lead' }, [hook('/ok')]));
    const crashing = runtime({ faults: { beforeDeliver: () => { throw new Error('kill -9'); } } });
    const { executionId } = await startFlow(env.db, crashing, { tenantId: org.tenantId, flowId: flow.flowId, recordType: 'lead', recordId: leadId });
    await crashing.drain();
    const before = received.length;
    await expect(crashing.deliverDue()).rejects.toBeInstanceOf(SimulatedCrash);
    expect(received.length).toBe(before);
    const restarted = runtime();
    expect(await restarted.deliverDue()).toBe(0); // the crashed attempt's lease has not run out
    clock.advance(61_000);
    expect(await restarted.deliverDue()).toBe(1);
    clock.advance(3_600_000);
    expect(await restarted.deliverDue()).toBe(0);
    const [d] = await deliveriesOf(executionId);
    expect(d).toMatchObject({ status: 'sent', attempts: 2 });
    expect(received.filter((r) => r.headers['idempotency-key'] === d!.id)).toHaveLength(1);
  });

  it('sends templated email through the mail outbox', async () => {
    const rt = runtime();
    const leadId = await newLead('邮件客户');
    const flow = await insertFlow(env.db, org.tenantId, chain({ type: 'manual', recordType: 'lead' }, [
      { id: 'mail', type: 'sendEmail', config: { to: [{ kind: 'recordEmail' }, { kind: 'owner' }], subject: '您好 {{record.name}}', body: '感谢关注' } },
    ]));
    const { executionId } = await startFlow(env.db, rt, { tenantId: org.tenantId, flowId: flow.flowId, recordType: 'lead', recordId: leadId });
    await rt.drain();
    expect(await rt.deliverDue()).toBe(2);
    const ds = await deliveriesOf(executionId);
    expect(ds.map((d) => d.status)).toEqual(['sent', 'sent']);
    const mails = await env.db.forTenant(org.tenantId, (d) => rows<{ to: string; subject: string }>(d, sql`SELECT to_address AS "to", subject FROM outbox_emails WHERE subject = '您好 邮件客户'`));
    expect(mails.map((m) => m.to).sort()).toEqual([org.email, expect.stringContaining('@example.com')].sort());
  });
});
