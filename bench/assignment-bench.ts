/**
 * Lead assignment benchmark (issue 4), recorded in docs/benchmarks.md:
 *   1. the pure engine: 100,000 leads through assignBatch with 3 rules, and one lead at a time (assignLead)
 *   2. end to end: 10,000 leads created through the API — POST /leads/batch, 1,000 per call, API key,
 *      Idempotency-Key, duplicate check on (policy 'create', so a chance match does not drop a row) — placed
 *      by 3 rules (round-robin with a condition, load-balanced with weights and a cap, a catch-all
 *      round-robin) and announced to 8 reps; alternating with 10,000 more given to the key's user
 *      (assign 'me'), so the difference is what assignment costs; plus assignNewLeads alone per 1,000.
 *      The real server runs in this process, over HTTP.
 *
 *   npx tsx bench/assignment-bench.ts
 * Knobs: BENCH_DB=postgres|pglite|both (default postgres), BENCH_PG_URL (server to create ll_bench_assign on),
 * BENCH_ASSIGN_LEADS (default 10000), BENCH_ENGINE_LEADS (default 100000).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { FieldCatalog } from '@loopline/shared';
import { buildApp } from '../apps/server/src/platform/app.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { openDatabase, type Database, type Db } from '../apps/server/src/platform/db/client.ts';
import { assignBatch, assignLead, type AssignmentRule } from '../apps/server/src/modules/assignment/engine.ts';
import { assignNewLeads } from '../apps/server/src/modules/assignment/apply.ts';
import { signUp } from '../apps/server/src/test/harness.ts';

const int = (name: string, d: number) => Number(process.env[name] ?? d);
const LEADS = int('BENCH_ASSIGN_LEADS', 10_000);
const ENGINE_LEADS = int('BENCH_ENGINE_LEADS', 100_000);
const BATCH = 1_000;
const DBS = (process.env.BENCH_DB ?? 'postgres') === 'both' ? ['postgres', 'pglite'] : [process.env.BENCH_DB ?? 'postgres'];
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const log = (m: string) => console.log(m);

const PROVINCES = ['浙江省', '上海市', '江苏省', '广东省', '北京市', '四川省', '湖北省', '山东省'];
const INDUSTRIES = ['制造业', '软件和信息技术', '零售', '金融', '教育'];
const SOURCES = ['webForm', 'api', 'search', 'referral', 'ads'];
const EAST = { and: [{ field: 'source', op: 'eq', value: 'webForm' }, { field: 'province', op: 'in', value: PROVINCES.slice(0, 3) }] };

/** Each run's leads get their own mobile numbers, so the duplicate check finds nothing. */
const RUN_OFFSET: Record<string, number> = { e: 0, warm: 1_000_000, plain: 2_000_000, rules: 3_000_000, probe: 4_000_000 };

/** Deterministic pseudo-random pick per lead and field (same mix every run). */
const pick = <T>(list: T[], i: number, salt: number): T => {
  let h = Math.imul(i ^ 0x9e3779b9, 0x85ebca6b) ^ salt;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return list[((h ^ (h >>> 16)) >>> 0) % list.length]!;
};

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁欣佳琳晨雪梅倩婷颖璐晶妍思雨涵轩博文嘉怡子瑞阳天乐安'];
const CITIES = ['杭州', '上海', '南京', '苏州', '广州', '深圳', '北京', '成都', '武汉', '济南', '宁波', '无锡'];
const WORDS = [...'华瑞信达宏远恒通博创鼎盛联合汇丰启明天成中科致远新锐金桥盈泰佳禾云图智能数据精工'];

/** A realistic spread of names and companies (the duplicate check's name and company look-ups see normal data). */
function person(i: number) {
  const given = pick(GIVEN, i, 5) + (pick([0, 1, 1], i, 6) ? pick(GIVEN, i, 7) : '');
  const company = `${pick(CITIES, i, 8)}${pick(WORDS, i, 9)}${pick(WORDS, i, 10)}${pick(WORDS, i, 11)}${pick(['科技', '制造', '贸易', '信息', '机械'], i, 12)}有限公司`;
  return { name: pick(SURNAMES, i, 4) + given, company };
}

/** Lead mix: 2 in 5 from web forms, 3 of 8 provinces in East China, 1 in 5 manufacturing. */
function lead(i: number, run: string) {
  const n = i + RUN_OFFSET[run]!;
  return {
    ...person(n), mobile: `13${String(100_000_000 + (n % 900_000_000))}`, email: `lead-${run}-${i}@bench.example.com`,
    source: pick(['webForm', 'webForm', ...SOURCES.slice(1, 4)], n, 1), province: pick(PROVINCES, n, 2), industry: pick(INDUSTRIES, n, 3),
  };
}

function rules(u: string[]): AssignmentRule[] {
  return [
    { id: 'east', name: '华东网页表单', enabled: true, condition: EAST as never, target: { kind: 'roundRobin', userIds: u.slice(0, 3) } },
    { id: 'mfg', name: '制造业大客户', enabled: true, condition: { field: 'industry', op: 'eq', value: '制造业' }, target: { kind: 'loadBalanced', members: [{ userId: u[3]!, weight: 2, cap: 5_000, onLeave: false }, { userId: u[4]!, weight: 1, cap: null, onLeave: false }, { userId: u[5]!, weight: 1, cap: null, onLeave: false }] } },
    { id: 'rest', name: '其他', enabled: true, condition: null, target: { kind: 'roundRobin', userIds: u.slice(6, 8) } },
  ];
}

function engineBench() {
  const catalog: FieldCatalog = { source: { kind: 'select' }, province: { kind: 'text' }, industry: { kind: 'text' } };
  const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
  const leads = Array.from({ length: ENGINE_LEADS }, (_, i) => lead(i, 'e'));
  const opts = { catalog, defaultAssignee: null, available: () => true };
  assignBatch(rules(users), leads.slice(0, 1000), { roundRobinCursor: {}, openLeads: {} }, opts); // warm-up
  let t0 = performance.now();
  const { nextState } = assignBatch(rules(users), leads, { roundRobinCursor: {}, openLeads: {} }, opts);
  const batchSec = (performance.now() - t0) / 1000;
  const single = leads.slice(0, 20_000);
  t0 = performance.now();
  let state = { roundRobinCursor: {}, openLeads: {} };
  for (const l of single) state = assignLead(rules(users), l, state, opts).nextState;
  const singleSec = (performance.now() - t0) / 1000;
  return { batchPerSec: Math.round(ENGINE_LEADS / batchSec), singlePerSec: Math.round(single.length / singleSec), openLeads: nextState.openLeads };
}

async function openBench(kind: string): Promise<{ db: Database; url?: string; dataDir: string; drop: () => Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-assign-bench-'));
  if (kind === 'pglite') return { db: await openDatabase({ dataDir: null }), dataDir, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS ll_bench_assign WITH (FORCE)');
  await admin.query('CREATE DATABASE ll_bench_assign');
  await admin.end();
  const url = new URL(PG_URL);
  url.pathname = '/ll_bench_assign';
  const drop = async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    await c.query('DROP DATABASE IF EXISTS ll_bench_assign WITH (FORCE)');
    await c.end();
  };
  return { db: await openDatabase({ url: url.toString(), dataDir: null, poolSize: 10 }), url: url.toString(), dataDir, drop };
}

async function apiBench(kind: string) {
  const { db, url, dataDir, drop } = await openBench(kind);
  const config = loadConfig({ LOG_LEVEL: 'warn', DATA_DIR: dataDir, JOBS_ENABLED: 'false', ...(url ? { DATABASE_URL: url } : {}) } as NodeJS.ProcessEnv);
  const app = await buildApp(config, { db, jobs: false });
  await app.ready();
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  try {
    const admin = await signUp(app);
    const tenantId = admin.tenantId;
    // Eight reps straight into the table: the benchmark is about leads, not invitations.
    const reps = await db.forTenant(tenantId, async (d) => {
      const out: string[] = [];
      for (let i = 1; i <= 8; i++) {
        const r = await d.execute(sql`INSERT INTO users (tenant_id, name, email) VALUES (${tenantId}, ${`rep${i}`}, ${`rep${i}@bench.example.com`}) RETURNING id`);
        out.push((r as unknown as { rows: { id: string }[] }).rows[0]!.id);
      }
      return out;
    });
    const roles = (await admin.client.get('/api/v1/roles')).json().items as { id: string; key: string }[];
    const key = (await admin.client.post('/api/v1/admin/api-keys', { name: 'bench', roleId: roles.find((r) => r.key === 'admin')!.id })).json().key as string;
    for (const r of rules(reps)) {
      const { id: _id, ...body } = r;
      const target = r.target.kind === 'loadBalanced' ? { kind: 'loadBalanced', members: r.target.members.map(({ onLeave: _o, ...m }) => m) } : r.target;
      const res = await admin.client.post('/api/v1/assignment-rules', { ...body, target });
      if (res.statusCode !== 201) throw new Error(`rule: ${res.body}`);
    }
    // assign 'me' (the key's user owns everything, nobody to tell) vs 'rules' (3 rules, 8 reps told):
    // the difference is what assignment costs. Batches alternate so both see the same table sizes.
    const send = async (items: unknown[], assign: 'me' | 'rules') => {
      const s = performance.now();
      const res = await fetch(`${address}/api/v1/leads/batch`, {
        method: 'POST', body: JSON.stringify({ items, assign, duplicatePolicy: 'create' }),
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      });
      const body = (await res.json()) as { created?: number };
      if (res.status !== 200 || body.created !== items.length) throw new Error(`batch failed: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
      return performance.now() - s;
    };
    await send(Array.from({ length: 100 }, (_, i) => lead(i, 'warm')), 'me');
    const ms = { me: [] as number[], rules: [] as number[] };
    for (let b = 0; b < LEADS / BATCH; b++) {
      const order: ('me' | 'rules')[] = b % 2 ? ['rules', 'me'] : ['me', 'rules'];
      for (const mode of order) {
        const label = mode === 'me' ? 'plain' : 'rules';
        ms[mode].push(await send(Array.from({ length: BATCH }, (_, i) => lead(b * BATCH + i, label)), mode));
      }
      // What autovacuum does on a normal server (the test server runs with autovacuum off, PGlite has none):
      // without fresh statistics the planner keeps plans made for an empty table and duplicate look-ups degrade.
      await db.owner.query('ANALYZE leads');
    }
    const summary = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      const sec = xs.reduce((a, b) => a + b, 0) / 1000;
      return { rowsPerSec: Math.round((xs.length * BATCH) / sec), seconds: Number(sec.toFixed(1)), batchMs: { min: Math.round(sorted[0]!), median: Math.round(sorted[sorted.length >> 1]!), max: Math.round(sorted.at(-1)!) } };
    };
    const baseline = summary(ms.me);
    const withRules = summary(ms.rules);
    // assignNewLeads alone on the filled table, in a transaction that is rolled back.
    const sample = Array.from({ length: BATCH }, (_, i) => lead(i, 'probe'));
    const assignMs: number[] = [];
    for (let k = 0; k < 5; k++) {
      await db.forTenant(tenantId, (d) => d.transaction(async (tx) => {
        const s = performance.now();
        await assignNewLeads(tx as unknown as Db, tenantId, sample);
        assignMs.push(performance.now() - s);
        tx.rollback();
      })).catch(() => undefined);
    }
    const assignOnly = Math.round([...assignMs].sort((a, b) => a - b)[2]!);
    const spread = await db.forTenant(tenantId, async (d) => {
      const r = await d.execute(sql`SELECT u.name, count(*)::int AS n FROM leads l JOIN users u ON u.id = l.owner_id
        WHERE l.tenant_id = ${tenantId} AND l.email LIKE 'lead-rules-%' GROUP BY u.name ORDER BY u.name`);
      return Object.fromEntries((r as unknown as { rows: { name: string; n: number }[] }).rows.map((x) => [x.name, Number(x.n)]));
    });
    return { kind, baseline, withRules, assignNewLeadsMsPer1000: assignOnly, spread };
  } finally {
    await app.close();
    await db.close();
    await drop();
  }
}

function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return { cpu, cores: os.cpus().length, memGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, load: os.loadavg().map((l) => l.toFixed(1)).join(' ') };
}

const started = new Date();
log(`machine: ${JSON.stringify(machine())}`);
const engine = engineBench();
log(`engine: assignBatch ${engine.batchPerSec.toLocaleString()} leads/s over ${ENGINE_LEADS.toLocaleString()}; assignLead one at a time ${engine.singlePerSec.toLocaleString()} leads/s`);
log(`engine spread: ${JSON.stringify(engine.openLeads)}`);
const api = [];
for (const kind of DBS) {
  const r = await apiBench(kind);
  api.push(r);
  log(`${kind}: ${LEADS.toLocaleString()} leads via POST /leads/batch with 3 rules ${r.withRules.rowsPerSec} rows/s (${r.withRules.seconds} s, batch ms ${JSON.stringify(r.withRules.batchMs)}); ` +
    `${LEADS.toLocaleString()} more to the key's user (no rules) ${r.baseline.rowsPerSec} rows/s (${r.baseline.seconds} s, batch ms ${JSON.stringify(r.baseline.batchMs)}); ` +
    `assignNewLeads alone ${r.assignNewLeadsMsPer1000} ms per 1,000`);
  log(`${kind} spread: ${JSON.stringify(r.spread)}`);
}
const out = { started: started.toISOString(), machine: machine(), leads: LEADS, engineLeads: ENGINE_LEADS, engine, api };
fs.mkdirSync(path.resolve(import.meta.dirname, 'results'), { recursive: true });
fs.writeFileSync(path.resolve(import.meta.dirname, 'results/assignment-latest.json'), JSON.stringify(out, null, 2));
process.exit(0);
