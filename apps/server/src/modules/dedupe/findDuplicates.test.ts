import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { DEFAULT_ROLES } from '../../platform/permissions/defaultRoles.ts';
import { mergeRoles } from '../../platform/permissions/effective.ts';
import { createTestApp, signUp, type SignedUp, type TestEnv } from '../../test/harness.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';
import { findDuplicates, presentDuplicates, type DedupeProbe, type DedupeRecordType } from './service.ts';
import { insertContact, insertCustomer, insertLead } from './testData.ts';

let env: TestEnv;
let org: Org;
let other: SignedUp;
let t: string;
const ids: Record<string, string> = {};
const ALL: DedupeRecordType[] = ['lead', 'customer', 'contact'];

const asTenant = <T>(fn: (db: Db) => Promise<T>) => env.db.forTenant(t, fn);
const find = (probes: DedupeProbe[], opts: Partial<Parameters<typeof findDuplicates>[3]> = {}) =>
  asTenant((db) => findDuplicates(db, t, probes, { recordTypes: ALL, ...opts }));
const rep = (userId: string): Actor => ({
  kind: 'user', tenantId: t, userId, userName: 'rep', departmentId: null, roleIds: [], timeZone: 'Asia/Shanghai', locale: 'zh-CN',
  perms: mergeRoles([DEFAULT_ROLES.find((r) => r.key === 'salesRep')!.permissions]),
});

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  other = await signUp(env.app);
  t = org.admin.tenantId;
  await asTenant(async (db) => {
    ids.zhang = await insertLead(db, t, { name: '张三', mobile: '13800138000', company: '宁波海天贸易有限公司', ownerId: org.rep1.userId });
    ids.mail = await insertLead(db, t, { name: 'Zhang San', email: 'Zhang.San@Example.COM', ownerId: org.rep2.userId });
    ids.gone = await insertLead(db, t, { name: '已删', mobile: '13900139000', ownerId: org.rep1.userId, deletedAt: new Date() });
    ids.cloud = await insertCustomer(db, t, { name: '杭州云栖网络科技有限公司', phone: '0571-88886666', ownerId: org.rep2.userId });
    ids.li = await insertContact(db, t, { name: '李四', mobile: '+86 139 0000 1111', email: 'li@yunqi.cn', customerId: ids.cloud, ownerId: org.rep2.userId });
  });
  await env.db.forTenant(other.tenantId, (db) => insertLead(db, other.tenantId, { name: '张三', mobile: '13800138000' }));
});
afterAll(async () => {
  await env?.close();
});

describe('findDuplicates', () => {
  it('finds 张三 13800138000 when "+86 138-0013-8000" is typed, with the owner, only in this tenant', async () => {
    const [hits] = await find([{ name: '张三', mobile: '+86 138-0013-8000' }]);
    expect(hits).toEqual([expect.objectContaining({ recordType: 'lead', id: ids.zhang, title: '张三', ownerId: org.rep1.userId, ownerName: 'rep1', matchedOn: ['mobile'], similarity: 1 })]);
    expect(hits[0].number).toMatch(/^XS/);
  });

  it('matches email in any case, full-width included, on leads and contacts', async () => {
    const [a, b] = await find([{ email: 'zhang.san@example.com' }, { email: 'ＬＩ＠ｙｕｎｑｉ．ｃｎ' }]);
    expect(a.map((m) => m.id)).toEqual([ids.mail]);
    expect(b).toEqual([expect.objectContaining({ recordType: 'contact', id: ids.li, matchedOn: ['email'] })]);
  });

  it('treats 有限公司 / 有限责任公司 / (中国) / full-width variants as the same company', async () => {
    const variants = ['杭州云栖网络科技有限责任公司', '杭州云栖网络科技（中国）有限公司', '杭州云栖网络科技(中国)有限公司 ', ' 杭州云栖网络科技 股份有限公司', '中国杭州云栖网络科技有限公司'];
    const res = await find(variants.map((company) => ({ company })));
    for (const hits of res) expect(hits).toEqual([expect.objectContaining({ recordType: 'customer', id: ids.cloud, matchedOn: ['company'] })]);
    const [lead] = await find([{ company: '宁波海天贸易有限责任公司' }]);
    expect(lead.map((m) => m.id)).toEqual([ids.zhang]);
  });

  it('finds similar company names only when asked (fuzzy), with their similarity', async () => {
    const probe = { company: '杭州云栖网络科技发展有限公司' };
    expect((await find([probe]))[0]).toEqual([]);
    const [hits] = await find([probe], { fuzzy: true });
    expect(hits).toEqual([expect.objectContaining({ id: ids.cloud, matchedOn: ['similarName'] })]);
    expect(hits[0].similarity).toBeCloseTo(8 / 12, 2);
    expect((await find([{ company: '深圳腾云数据服务有限公司' }], { fuzzy: true }))[0]).toEqual([]);
  });

  it('matches a customer phone and a contact mobile under any spelling, and combines keys of one record', async () => {
    const [phone] = await find([{ phone: '(0571) 8888 6666' }]);
    expect(phone).toEqual([expect.objectContaining({ id: ids.cloud, matchedOn: ['phone'] })]);
    const [both] = await find([{ mobile: '13900001111', email: 'li@yunqi.cn' }]);
    expect(both).toEqual([expect.objectContaining({ id: ids.li })]);
    expect(both[0].matchedOn.sort()).toEqual(['email', 'mobile']);
  });

  it('skips deleted records, the excluded record, other record types and unusable keys', async () => {
    expect((await find([{ mobile: '13900139000' }]))[0]).toEqual([]);
    expect((await find([{ mobile: '13800138000' }], { excludeIds: [ids.zhang] }))[0]).toEqual([]);
    expect((await find([{ mobile: '13800138000' }], { recordTypes: ['customer', 'contact'] }))[0]).toEqual([]);
    expect(await find([{ mobile: '123', email: 'not-an-email', company: '  ' }, {}])).toEqual([[], []]);
  });

  it('compares person names only on request, in any case', async () => {
    expect((await find([{ name: '张三' }]))[0]).toEqual([]);
    const [zh, en] = await find([{ name: ' 张三 ' }, { name: 'zhang  san' }], { matchName: true });
    expect(zh.map((m) => m.id)).toEqual([ids.zhang]);
    expect(en).toEqual([expect.objectContaining({ id: ids.mail, matchedOn: ['name'] })]);
    expect((await find([{ name: '张%' }, { name: '_三' }], { matchName: true })).flat()).toEqual([]);
  });

  it('answers a batch of 1,000 probes with one statement, each probe its own matches', async () => {
    const probes: DedupeProbe[] = Array.from({ length: 1000 }, (_, i) => ({ mobile: `1370000${String(i).padStart(4, '0')}`, company: `测试公司${i}` }));
    probes[10] = { mobile: '138 0013 8000' };
    probes[999] = { mobile: '8613800138000', company: '杭州云栖网络科技' };
    let statements = 0;
    const res = await asTenant((db) => {
      const counting = new Proxy(db, { get: (target, key) => (key === 'execute' ? (q: never) => (statements++, target.execute(q)) : Reflect.get(target, key)) });
      return findDuplicates(counting, t, probes, { recordTypes: ALL });
    });
    expect(statements).toBe(1);
    expect(res).toHaveLength(1000);
    expect(res[10].map((m) => m.id)).toEqual([ids.zhang]);
    expect(res[999].map((m) => m.id).sort()).toEqual([ids.zhang, ids.cloud].sort());
    expect(res.filter((r) => r.length).length).toBe(2);
  });

  it('works inside the caller’s transaction (imports), fuzzy included', async () => {
    const hits = await asTenant((db) => db.transaction(async (tx) => {
      const [r] = await findDuplicates(tx as unknown as Db, t, [{ company: '杭州云栖网络科技发展' }], { recordTypes: ALL, fuzzy: true });
      await tx.execute(sql`SELECT 1`); // the transaction is still usable
      return r;
    }));
    expect(hits.map((m) => m.id)).toEqual([ids.cloud]);
  });

  it('uses the trigram index under row-level security, and without it limits scanning to small batches', async () => {
    const leakproof = async () => (await env.db.owner.query<{ p: boolean }>(`SELECT proleakproof AS p FROM pg_proc WHERE oid = 'similarity_op(text,text)'::regprocedure`)).rows[0]!.p;
    expect(await leakproof()).toBe(true); // the migration marked it (tests run as a superuser)
    await env.db.owner.query(`ALTER FUNCTION similarity_op(text, text) NOT LEAKPROOF`);
    try {
      const similar = { company: '杭州云栖网络科技发展' };
      expect((await find([similar], { fuzzy: true }))[0]!.map((m) => m.id)).toEqual([ids.cloud]);
      const batch = [similar, ...Array.from({ length: 25 }, (_, i) => ({ company: `无关公司${i}`, mobile: i === 0 ? '13800138000' : null }))];
      const res = await find(batch, { fuzzy: true });
      expect(res[0]).toEqual([]); // a large batch gets exact matches only
      expect(res[1]!.map((m) => m.id)).toEqual([ids.zhang]);
    } finally {
      await env.db.owner.query(`ALTER FUNCTION similarity_op(text, text) LEAKPROOF`);
    }
  });
});

describe('presentDuplicates', () => {
  it('links only records the viewer may open and never carries phone or email values', async () => {
    const viewer = rep(org.rep1.userId);
    const [hits] = await find([{ mobile: '13800138000', email: 'zhang.san@example.com' }], { viewer });
    const shown = presentDuplicates(viewer, hits);
    expect(shown.find((m) => m.id === ids.zhang)).toMatchObject({ visible: true, ownerName: 'rep1', title: '张三' });
    expect(shown.find((m) => m.id === ids.mail)).toMatchObject({ visible: false, ownerName: 'rep2', title: 'Zhang San' });
    expect(JSON.stringify(shown)).not.toMatch(/13800138000|example\.com/i);
    // without the viewer given to the lookup: the conservative answer (own records only)
    expect(presentDuplicates(viewer, await find([{ email: 'zhang.san@example.com' }]).then((r) => r[0]))[0].visible).toBe(false);
  });
});
