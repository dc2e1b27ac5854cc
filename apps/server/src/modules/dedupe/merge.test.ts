import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { files, recordShares } from '../../platform/db/schema.ts';
import { mergeRoles } from '../../platform/permissions/effective.ts';
import { visibleHistory } from '../../platform/records/history.ts';
import { linkRecords } from '../../platform/records/links.ts';
import { createTestApp, type TestEnv } from '../../test/harness.ts';
import { contacts } from '../contacts/schema.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';
import { setupOrg, type Org } from '../customers/testOrg.ts';
import { findDuplicates } from './service.ts';
import { insertContact, insertCustomer, insertLead } from './testData.ts';

let env: TestEnv;
let org: Org;
let t: string;
const api = '/api/v1/dedupe';
const as = <T>(fn: (db: Db) => Promise<T>) => env.db.forTenant(t, fn);
const system: Actor = { kind: 'user', tenantId: '', userId: '', userName: 'admin', departmentId: null, roleIds: [], timeZone: 'Asia/Shanghai', locale: 'zh-CN', perms: mergeRoles([{ admin: true, dataScope: 'all', objects: {} }]) };

/** Two customers of the east team with contacts, a converted lead, a file, a share, a link and history each. */
async function customerPair(tag: string) {
  return as(async (db) => {
    const owner = org.rep1.userId;
    const s = await insertCustomer(db, t, { name: `杭州云栖${tag}网络科技有限公司`, grade: 'A', tags: ['重点'], ownerId: owner, lastFollowupAt: new Date('2026-01-01T00:00:00Z') });
    const m = await insertCustomer(db, t, { name: `杭州云栖${tag}网络科技(中国)有限公司`, phone: '0571-8888 6666', industry: '软件', grade: 'B', tags: ['渠道', '重点'], ownerId: org.rep2.userId, lastFollowupAt: new Date('2026-03-01T00:00:00Z'), custom: { budget: 5 } });
    const c1 = await insertContact(db, t, { name: '李四', customerId: m, ownerId: owner });
    const c2 = await insertContact(db, t, { name: '王五', customerId: m, ownerId: owner, deletedAt: new Date() });
    const lead = await insertLead(db, t, { name: '李四', status: 'converted', convertedCustomerId: m, convertedContactId: c1, ownerId: owner });
    const [file] = await db.insert(files).values({ tenantId: t, name: 'contract.pdf', mimeType: 'application/pdf', size: 3, sha256: 'x', storageKey: `k-${tag}`, recordType: 'customer', recordId: m }).returning({ id: files.id });
    await db.insert(recordShares).values({ tenantId: t, recordType: 'customer', recordId: m, userId: org.rep3.userId, access: 'write' });
    await linkRecords(db, t, { recordType: 'customer', recordId: m }, { recordType: 'lead', recordId: lead }, 'converted', null);
    const src = { tenantId: t, actorId: org.admin.userId };
    await recordAudit(db, src, { action: 'update', recordType: 'customer', recordId: m, before: { grade: 'C' }, after: { grade: 'B' } });
    await recordAudit(db, src, { action: 'update', recordType: 'customer', recordId: s, before: { grade: 'B' }, after: { grade: 'A' } });
    await recordAudit(db, src, { action: 'update', recordType: 'lead', recordId: lead, before: { status: 'new' }, after: { status: 'converted' } });
    return { s, m, c1, c2, lead, file: file!.id };
  });
}

const customerRow = (id: string) => as(async (db) => (await db.select().from(customers).where(eq(customers.id, id)))[0]!);
const merge = (body: Record<string, unknown>, client = org.manager.client) => client.post(`${api}/merge`, body);

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  t = org.admin.tenantId;
  system.tenantId = t;
  system.userId = org.admin.userId;
});
afterAll(async () => {
  await env?.close();
});

describe('merging two customers', () => {
  it('keeps every related record and both histories, applies the choices and audits both', async () => {
    const p = await customerPair('甲');
    const pre = await org.manager.client.get(`${api}/merge-preview?recordType=customer&survivorId=${p.s}&mergedId=${p.m}`);
    expect(pre.statusCode, pre.body).toBe(200);
    const preview = pre.json();
    const byKey = Object.fromEntries(preview.fields.map((f: { key: string }) => [f.key, f]));
    expect(byKey.phone).toMatchObject({ survivor: null, merged: '0571-8888 6666', default: 'merged', same: false });
    expect(byKey.grade).toMatchObject({ survivor: 'A', merged: 'B', default: 'survivor' });
    expect(byKey.ownerId).toMatchObject({ survivorText: 'rep1', mergedText: 'rep2' });
    expect(byKey['custom.budget']).toBeUndefined(); // no such custom field defined
    expect(preview.tags).toEqual(['重点', '渠道']);
    expect(preview.related).toMatchObject({ contacts: 1, leads: 1, files: 1, shares: 1, history: 1 });

    const res = await merge({ recordType: 'customer', survivorId: p.s, mergedId: p.m, choices: { name: 'merged', grade: 'survivor' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ survivorId: p.s, moved: { 'contacts.customer_id': 2, 'leads.converted_customer_id': 1, files: 1, shares: 1, links: 1 } });

    const s = await customerRow(p.s);
    expect(s).toMatchObject({ name: `杭州云栖甲网络科技(中国)有限公司`, phone: '0571-8888 6666', phoneNorm: '057188886666', industry: '软件', grade: 'A', ownerId: org.rep1.userId, tags: ['重点', '渠道'] });
    expect(s.lastFollowupAt?.toISOString()).toBe('2026-03-01T00:00:00.000Z');
    const m = await customerRow(p.m);
    expect(m.deletedAt).not.toBeNull();
    expect(m.deletedBy).toBe(org.manager.userId);
    await as(async (db) => {
      expect((await db.select().from(contacts).where(eq(contacts.customerId, p.s))).map((c) => c.id).sort()).toEqual([p.c1, p.c2].sort());
      expect((await db.select().from(leads).where(eq(leads.id, p.lead)))[0]!.convertedCustomerId).toBe(p.s);
      expect((await db.select().from(files).where(eq(files.id, p.file)))[0]!.recordId).toBe(p.s);
      expect(await db.select({ id: recordShares.recordId, access: recordShares.access }).from(recordShares).where(eq(recordShares.userId, org.rep3.userId))).toEqual([{ id: p.s, access: 'write' }]);
      // the survivor's timeline: its own entry, the merged customer's, and the lead the merged one came from
      const history = await visibleHistory(db, system, 'customer', p.s, s.ownerId, { limit: 50 });
      const from = history.map((h) => [h.action, h.from?.recordId ?? p.s]);
      expect(from).toEqual(expect.arrayContaining([['merge', p.s], ['update', p.s], ['update', p.m], ['update', p.lead], ['merge', p.m]]));
      const audit = history.find((h) => h.action === 'merge' && !h.from)!;
      expect(audit.data).toMatchObject({ merged: { id: p.m }, choices: { name: 'merged', phone: 'merged', industry: 'merged' } });
      expect(audit.changes.phone).toEqual({ before: null, after: '0571-8888 6666' });
      const gone = history.find((h) => h.action === 'merge' && h.from)!;
      expect(gone.data).toMatchObject({ mergedInto: { id: p.s } });
      // 查重 now finds the survivor by the merged customer's phone
      const [hits] = await findDuplicates(db, t, [{ phone: '057188886666' }], { recordTypes: ['customer'] });
      expect(hits.map((h) => h.id)).toEqual([p.s]);
    });
  });

  it('leaves both records untouched when any step fails', async () => {
    const p = await customerPair('乙');
    const before = { s: await customerRow(p.s), m: await customerRow(p.m) };
    const exec = (q: string) => env.db.owner.query(q);
    await exec(`CREATE FUNCTION dedupe_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'link refused'; END $$`);
    await exec(`CREATE TRIGGER dedupe_test_fail BEFORE INSERT ON record_links FOR EACH ROW EXECUTE FUNCTION dedupe_test_fail()`);
    try {
      const res = await merge({ recordType: 'customer', survivorId: p.s, mergedId: p.m, choices: { name: 'merged' } });
      expect(res.statusCode).toBe(500);
    } finally {
      await exec(`DROP TRIGGER dedupe_test_fail ON record_links`);
      await exec(`DROP FUNCTION dedupe_test_fail()`);
    }
    expect(await customerRow(p.s)).toEqual(before.s);
    expect(await customerRow(p.m)).toEqual(before.m);
    await as(async (db) => {
      expect((await db.select().from(contacts).where(eq(contacts.customerId, p.m))).length).toBe(2);
      expect((await db.select().from(files).where(eq(files.id, p.file)))[0]!.recordId).toBe(p.m);
      const merges = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'merge' AND record_id IN (${p.s}, ${p.m})`);
      expect(merges[0]!.n).toBe(0);
    });
    // and the same merge succeeds once nothing is in the way
    expect((await merge({ recordType: 'customer', survivorId: p.s, mergedId: p.m })).statusCode).toBe(200);
  });

  it('needs edit on both and delete on the merged one; hides what the actor cannot see', async () => {
    const p = await customerPair('丙');
    const body = { recordType: 'customer', survivorId: p.s, mergedId: p.m };
    expect((await merge(body, org.rep1.client)).json().error).toMatchObject({ code: 'FORBIDDEN' }); // reps may not delete
    expect((await merge(body, org.rep3.client)).statusCode).toBe(403);
    const outside = await as((db) => insertCustomer(db, t, { name: '深圳某某有限公司', ownerId: org.rep3.userId }));
    expect((await merge({ ...body, mergedId: outside })).statusCode).toBe(404); // south team: not visible to the east manager
    expect((await merge({ ...body, mergedId: p.s })).json().error.code).toBe('SAME_RECORD');
    expect((await merge({ ...body, choices: { colour: 'merged' } })).json().error.details.fields[0].field).toBe('choices.colour');
    expect((await merge({ ...body, choices: { name: 'theirs' } })).statusCode).toBe(400);
    expect((await merge({ ...body, recordType: 'opportunity' })).statusCode).toBe(400);
    expect((await org.manager.client.get(`${api}/merge-preview?recordType=customer&survivorId=${p.s}&mergedId=nope`)).statusCode).toBe(400);
    expect((await customerRow(p.m)).deletedAt).toBeNull();
  });
});

describe('merging leads and contacts', () => {
  it('merges two leads, refuses converted ones, and recomputes the dedupe keys', async () => {
    const [a, b, done] = await as(async (db) => [
      await insertLead(db, t, { name: '张三', mobile: '13800138000', company: '宁波海天', ownerId: org.rep1.userId }),
      await insertLead(db, t, { name: '张三', email: 'zs@haitian.cn', company: '宁波海天贸易有限公司', ownerId: org.rep1.userId, tags: ['展会'] }),
      await insertLead(db, t, { name: '张三', status: 'converted', ownerId: org.rep1.userId }),
    ]);
    expect((await merge({ recordType: 'lead', survivorId: a, mergedId: done })).json().error.code).toBe('LEAD_CONVERTED');
    const res = await merge({ recordType: 'lead', survivorId: a, mergedId: b, choices: { company: 'merged' } });
    expect(res.statusCode, res.body).toBe(200);
    const [row] = await as((db) => db.select().from(leads).where(eq(leads.id, a)));
    expect(row).toMatchObject({ company: '宁波海天贸易有限公司', email: 'zs@haitian.cn', emailNorm: 'zs@haitian.cn', mobileNorm: '13800138000', companyNorm: '宁波海天贸易', tags: ['展会'] });
  });

  it('moves a converted lead’s contact reference to the surviving contact', async () => {
    const [a, b, lead] = await as(async (db) => {
      const x = await insertContact(db, t, { name: '李四', mobile: '13900001111', ownerId: org.rep1.userId });
      const y = await insertContact(db, t, { name: '李四', title: '采购经理', ownerId: org.rep1.userId });
      return [x, y, await insertLead(db, t, { name: '李四', status: 'converted', convertedContactId: y, ownerId: org.rep1.userId })];
    });
    // empty fields of the survivor are filled from the merged contact by default
    const res = await merge({ recordType: 'contact', survivorId: a, mergedId: b });
    expect(res.statusCode, res.body).toBe(200);
    const [l] = await as((db) => db.select().from(leads).where(eq(leads.id, lead)));
    expect(l!.convertedContactId).toBe(a);
    const [c] = await as((db) => db.select().from(contacts).where(eq(contacts.id, a)));
    expect(c).toMatchObject({ title: '采购经理', mobile: '13900001111', ownerId: org.rep1.userId });
  });
});
