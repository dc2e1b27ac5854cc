/** The real path: POST /imports/:id/run queues a pg-boss job that a worker of this app runs. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { prepare, xlsx } from './testFiles.ts';

let env: TestEnv;
let admin: SignedUp;

beforeAll(async () => {
  env = await createTestApp({}, { jobs: true });
  admin = await signUp(env.app);
}, 120_000);
afterAll(async () => {
  await env?.close();
});

it('runs the import in the background; the browser watches it to 100 % with the watch token', async () => {
  const file = await xlsx(['公司名称', '联系电话'], Array.from({ length: 30 }, (_, i) => [`后台导入客户${i}`, `0571-8800${String(1000 + i)}`]), { title: '客户' });
  const { id, token } = await prepare(admin.client, 'customer', file, { 公司名称: 'name', 联系电话: 'phone' });
  const seen: number[] = [];
  let last: { status: string; progress: { done: number; total: number }; counts: { created: number } } | undefined;
  for (let i = 0; i < 150 && last?.status !== 'completed'; i++) {
    await new Promise((r) => setTimeout(r, 200));
    const res = await env.app.inject({ method: 'GET', url: `/api/v1/imports/${id}/progress`, headers: { 'x-import-token': token } });
    expect(res.statusCode, res.body).toBe(200);
    last = res.json();
    seen.push(last!.progress.done);
  }
  expect(last).toMatchObject({ status: 'completed', progress: { done: 30, total: 30 }, counts: { created: 30 } });
  expect(seen).toEqual([...seen].sort((a, b) => a - b)); // never goes backwards
  const list = await admin.client.get(`/api/v1/customers?pageSize=100&q=${encodeURIComponent('后台导入客户')}`);
  expect(list.json().items).toHaveLength(30);
  expect((await admin.client.get(`/api/v1/imports/${id}`)).json()).toMatchObject({ status: 'completed', progress: { done: 30, total: 30 } });
}, 60_000);
