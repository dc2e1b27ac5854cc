import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemSource } from '../../platform/auth/systemActor.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { createTestApp, type TestClient, type TestEnv } from '../../test/harness.ts';
import { findApprovable } from '../approvals/registry.ts';
import { newCustomer, setupOrg, type Org } from '../customers/testOrg.ts';

let env: TestEnv;
let org: Org;
const api = '/api/v1';
let pipeline: { id: string; stages: { id: string; name: string; probability: number }[] };
let other: { id: string; stages: { id: string; name: string }[] };
let acme: Record<string, any>; // rep1's customer
let south: Record<string, any>; // rep3's customer
const stage = (name: string) => pipeline.stages.find((s) => s.name === name)!.id;

const sqlRows = async (text: string, params: unknown[] = []) => ((await env.db.owner.query(text, params)) as { rows: Record<string, any>[] }).rows;

async function addOpp(client: TestClient, body: Record<string, unknown>) {
  const res = await client.post(`${api}/opportunities`, { pipelineId: pipeline.id, ...body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}

beforeAll(async () => {
  env = await createTestApp();
  org = await setupOrg(env);
  const res = await org.admin.client.post(`${api}/pipelines`, {
    name: '标准销售流程', isDefault: true,
    stages: [
      { name: '初步接洽', probability: 10 },
      { name: '需求确认', probability: 30 },
      { name: '方案报价', probability: 60, requiredFields: ['expectedCloseDate', 'amount'] },
      { name: '谈判审核', probability: 80, requiresApproval: true },
    ],
  });
  expect(res.statusCode, res.body).toBe(201);
  pipeline = res.json();
  const res2 = await org.admin.client.post(`${api}/pipelines`, { name: '渠道项目', departmentIds: [org.deptSouth], stages: [{ name: '渠道报备', probability: 20 }, { name: '联合拜访', probability: 50 }] });
  expect(res2.statusCode, res2.body).toBe(201);
  other = res2.json();
  acme = await newCustomer(org.rep1.client, { name: '杭州阿克米机械有限公司' });
  south = await newCustomer(org.rep3.client, { name: '广州南方贸易有限公司' });
});
afterAll(async () => {
  await env?.close();
});

describe('pipelines', () => {
  it('offers a department-limited pipeline only inside its departments; admins see all', async () => {
    const names = async (c: TestClient) => (await c.get(`${api}/pipelines`)).json().items.map((p: { name: string }) => p.name);
    expect(await names(org.rep1.client)).toEqual(['标准销售流程']);
    expect(await names(org.rep3.client)).toEqual(['标准销售流程', '渠道项目']);
    expect(await names(org.admin.client)).toEqual(['标准销售流程', '渠道项目']);
    const res = await org.rep1.client.post(`${api}/opportunities`, { name: '越界', customerId: acme.id, pipelineId: other.id });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].field).toBe('pipelineId');
  });

  it('refuses deleting a stage with opportunities (409 naming it), reorders, archives and deletes an unused stage', async () => {
    const p = (await org.admin.client.post(`${api}/pipelines`, { name: '临时流程', stages: [{ name: 'A', probability: 10 }, { name: 'B', probability: 20 }, { name: 'C', probability: 30 }] })).json();
    const [a, b, c] = p.stages;
    await addOpp(org.admin.client, { name: '占用A', customerId: acme.id, pipelineId: p.id });
    const del = await org.admin.client.delete(`${api}/pipelines/${p.id}/stages/${a.id}`);
    expect(del.statusCode).toBe(409);
    expect(del.json().error).toMatchObject({ code: 'STAGE_IN_USE', details: { stageName: 'A' } });
    expect(del.json().error.message).toContain('A');
    const reordered = await org.admin.client.put(`${api}/pipelines/${p.id}/stages/order`, { stageIds: [c.id, a.id, b.id] });
    expect(reordered.json().stages.map((s: { name: string }) => s.name)).toEqual(['C', 'A', 'B']);
    expect((await org.admin.client.delete(`${api}/pipelines/${p.id}/stages/${b.id}`)).statusCode).toBe(200);
    const arch = await org.admin.client.patch(`${api}/pipelines/${p.id}/stages/${c.id}`, { archived: true });
    expect(arch.statusCode, arch.body).toBe(200);
    expect((await org.admin.client.get(`${api}/pipelines`)).json().items.find((x: { id: string }) => x.id === p.id).stages.map((s: { name: string }) => s.name)).toEqual(['A']);
    expect((await org.rep1.client.post(`${api}/pipelines`, { name: 'x', stages: [{ name: 'a', probability: 1 }] })).statusCode).toBe(403);
    expect((await org.admin.client.delete(`${api}/pipelines/${p.id}`)).statusCode).toBe(409); // it has an opportunity
  });
});

describe('opportunities: stages', () => {
  it('takes the probability from the stage, blocks a stage whose requirements are missing, then allows it', async () => {
    const opp = await addOpp(org.rep1.client, { name: '阿克米 MES 项目', customerId: acme.id });
    expect(opp).toMatchObject({ stageId: stage('初步接洽'), stageName: '初步接洽', probability: 10, amount: '0.00', status: 'open', ownerId: org.rep1.userId, customerName: '杭州阿克米机械有限公司' });
    expect(opp.number).toMatch(/^SJ\d{12}$/);
    expect((await sqlRows('SELECT last_opportunity_at FROM customers WHERE id = $1', [acme.id]))[0]!.last_opportunity_at).not.toBeNull();

    const blocked = await org.rep1.client.post(`${api}/opportunities/${opp.id}/stage`, { stageId: stage('方案报价') });
    expect(blocked.statusCode).toBe(409);
    const err = blocked.json().error;
    expect(err.code).toBe('STAGE_REQUIREMENTS');
    expect(err.details.field).toBe('stageId');
    expect(err.details.missing).toEqual([{ field: 'expectedCloseDate', label: '预计成交日期' }, { field: 'amount', label: '金额' }]);
    expect(err.message).toBe('进入「方案报价」阶段前请先填写：预计成交日期、金额');
    const still = (await org.rep1.client.get(`${api}/opportunities/${opp.id}`)).json();
    expect(still).toMatchObject({ stageId: stage('初步接洽'), probability: 10 });
    expect(still.stageHistory).toHaveLength(1);

    expect((await org.rep1.client.patch(`${api}/opportunities/${opp.id}`, { expectedCloseDate: '2026-12-20', amount: '120000.50' })).statusCode).toBe(200);
    const moved = await org.rep1.client.post(`${api}/opportunities/${opp.id}/stage`, { stageId: stage('方案报价') });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ stageId: stage('方案报价'), stageName: '方案报价', probability: 60, approvalRequired: false });
    const hist = (await org.rep1.client.get(`${api}/opportunities/${opp.id}/history`)).json().items;
    expect(hist[0]).toMatchObject({ action: 'update', changes: { stageId: { before: stage('初步接洽'), after: stage('方案报价') } } });
  });

  it('logs every stage and status change with the seconds spent in the stage left', async () => {
    const opp = await addOpp(org.rep1.client, { name: '时长测试', customerId: acme.id, amount: '5000', expectedCloseDate: '2026-11-30' });
    // it entered its first stage an hour ago
    await env.db.owner.query(`UPDATE opportunities SET stage_entered_at = now() - interval '3600 seconds' WHERE id = $1`, [opp.id]);
    await org.rep1.client.post(`${api}/opportunities/${opp.id}/stage`, { stageId: stage('需求确认') });
    await env.db.owner.query(`UPDATE opportunities SET stage_entered_at = now() - interval '7200 seconds' WHERE id = $1`, [opp.id]);
    const won = await org.rep1.client.post(`${api}/opportunities/${opp.id}/win`);
    expect(won.statusCode, won.body).toBe(200);
    expect(won.json()).toMatchObject({ status: 'won', probability: 100 });
    const h = won.json().stageHistory;
    expect(h.map((x: any) => [x.fromStageName, x.toStageName, x.fromStatus, x.toStatus])).toEqual([
      [null, '初步接洽', null, 'open'], ['初步接洽', '需求确认', 'open', 'open'], ['需求确认', '需求确认', 'open', 'won'],
    ]);
    expect(h[0].secondsInStage).toBeNull();
    expect(h[1].secondsInStage).toBeGreaterThanOrEqual(3600);
    expect(h[1].secondsInStage).toBeLessThan(3660);
    expect(h[2].secondsInStage).toBeGreaterThanOrEqual(7200);
    expect(h[2].secondsInStage).toBeLessThan(7260);
    expect((await org.rep1.client.get(`${api}/customers/${acme.id}`)).json().dealStatus).toBe('won');
    // a second win makes the customer a repeat buyer
    const again = await addOpp(org.rep1.client, { name: '二次成交', customerId: acme.id });
    await org.rep1.client.post(`${api}/opportunities/${again.id}/win`);
    expect((await org.rep1.client.get(`${api}/customers/${acme.id}`)).json().dealStatus).toBe('repeat');
    // reopen: back in its stage with the stage's probability
    const reopened = (await org.rep1.client.post(`${api}/opportunities/${again.id}/reopen`)).json();
    expect(reopened).toMatchObject({ status: 'open', probability: 10, closedAt: null });
  });

  it('submits a stage that requires approval and enters it when the approval passes', async () => {
    const opp = await addOpp(org.rep1.client, { name: '审批阶段', customerId: acme.id, amount: '800', expectedCloseDate: '2026-10-01' });
    const res = await org.rep1.client.post(`${api}/opportunities/${opp.id}/stage`, { stageId: stage('谈判审核') });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ approvalRequired: true, stageId: stage('初步接洽'), pendingStageId: stage('谈判审核'), pendingStageName: '谈判审核' });
    const def = findApprovable('opportunity')!;
    const src = { ...systemSource(org.admin.tenantId), actorId: org.manager.userId };
    expect((await env.db.forTenant(org.admin.tenantId, (db) => def.describe(db, org.admin.tenantId, opp.id)))!.title).toBe('商机阶段变更：审批阶段 → 谈判审核');
    await env.db.forTenant(org.admin.tenantId, (db) => inTransaction(db, (tx) => def.onStatus(tx, org.admin.tenantId, opp.id, 'approved', { instanceId: opp.id, actorId: org.manager.userId, src }), org.admin.tenantId));
    const after = (await org.rep1.client.get(`${api}/opportunities/${opp.id}`)).json();
    expect(after).toMatchObject({ stageId: stage('谈判审核'), probability: 80, pendingStageId: null });
    // a rejected one only clears the pending stage
    const opp2 = await addOpp(org.rep1.client, { name: '审批驳回', customerId: acme.id, amount: '800', expectedCloseDate: '2026-10-01' });
    await org.rep1.client.post(`${api}/opportunities/${opp2.id}/stage`, { stageId: stage('谈判审核') });
    await env.db.forTenant(org.admin.tenantId, (db) => inTransaction(db, (tx) => def.onStatus(tx, org.admin.tenantId, opp2.id, 'rejected', { instanceId: opp2.id, actorId: org.manager.userId, src }), org.admin.tenantId));
    expect((await org.rep1.client.get(`${api}/opportunities/${opp2.id}`)).json()).toMatchObject({ stageId: stage('初步接洽'), pendingStageId: null });
  });
});

describe('opportunities: bad input changes nothing', () => {
  it('negative amount, a stage of another pipeline, losing without a reason → 4xx naming the field', async () => {
    const neg = await org.rep1.client.post(`${api}/opportunities`, { name: '负数', customerId: acme.id, amount: '-1.00' });
    expect(neg.statusCode).toBe(400);
    expect(neg.json().error.details.fields[0].field).toBe('amount');
    const absurd = await org.rep1.client.post(`${api}/opportunities`, { name: '太大', customerId: acme.id, amount: '1.005' });
    expect(absurd.statusCode).toBe(400);
    expect(absurd.json().error.details.fields[0].field).toBe('amount');
    expect((await org.rep1.client.get(`${api}/opportunities?q=${encodeURIComponent('负数')}`)).json().items).toHaveLength(0);

    const opp = await addOpp(org.rep1.client, { name: '坏输入', customerId: acme.id, amount: '100' });
    const wrongStage = await org.rep1.client.post(`${api}/opportunities/${opp.id}/stage`, { stageId: other.stages[0]!.id });
    expect(wrongStage.statusCode).toBe(400);
    expect(wrongStage.json().error.details.fields[0].field).toBe('stageId');
    const negPatch = await org.rep1.client.patch(`${api}/opportunities/${opp.id}`, { amount: -5 });
    expect(negPatch.statusCode).toBe(400);
    expect(negPatch.json().error.details.fields[0].field).toBe('amount');
    for (const body of [{}, { reason: '   ' }]) {
      const lose = await org.rep1.client.post(`${api}/opportunities/${opp.id}/lose`, body);
      expect(lose.statusCode).toBe(400);
      expect(lose.json().error.details.fields[0].field).toBe('reason');
    }
    const now = (await org.rep1.client.get(`${api}/opportunities/${opp.id}`)).json();
    expect(now).toMatchObject({ status: 'open', amount: '100.00', stageId: stage('初步接洽') });
    expect(now.stageHistory).toHaveLength(1);
    const lost = await org.rep1.client.post(`${api}/opportunities/${opp.id}/lose`, { reason: '价格太高' });
    expect(lost.json()).toMatchObject({ status: 'lost', lossReason: '价格太高', probability: 0 });
    expect((await org.rep1.client.post(`${api}/opportunities/${opp.id}/stage`, { stageId: stage('需求确认') })).statusCode).toBe(409);
  });
});

describe('board and forecast', () => {
  let board: { id: string; stages: { id: string; name: string }[] };
  beforeAll(async () => {
    board = (await org.admin.client.post(`${api}/pipelines`, { name: '看板测试', stages: [{ name: 'S1', probability: 33 }, { name: 'S2', probability: 50 }] })).json();
  });

  it('totals count, amount and weighted amount exactly (odd cents) per column, within the data scope', async () => {
    const mk = (client: TestClient, customerId: string, amount: string, stageIdx: number) =>
      addOpp(client, { name: `看板${amount}`, customerId, amount, pipelineId: board.id, stageId: board.stages[stageIdx]!.id });
    // S1 at 33%: 100.05 → 33.0165 → 33.02; 0.03 → 0.0099 → 0.01; 0.01 → 0.0033 → 0.00
    await mk(org.rep1.client, acme.id, '100.05', 0);
    await mk(org.rep1.client, acme.id, '0.03', 0);
    await mk(org.rep1.client, acme.id, '0.01', 0);
    // S2 at 50%: 0.01 → 0.005 → 0.01 (half up); 19.99 → 9.995 → 10.00
    await mk(org.rep1.client, acme.id, '0.01', 1);
    await mk(org.rep3.client, south.id, '19.99', 1);
    const all = (await org.admin.client.get(`${api}/opportunities/board?pipelineId=${board.id}`)).json();
    expect(all.columns.map((c: any) => [c.name, c.count, c.amount, c.weightedAmount])).toEqual([['S1', 3, '100.09', '33.03'], ['S2', 2, '20.00', '10.01']]);
    expect(all.columns[0].cards.map((c: any) => c.weightedAmount).sort()).toEqual(['0.00', '0.01', '33.02']);
    // rep1 sees only their own; rep3 only theirs
    const mine = (await org.rep1.client.get(`${api}/opportunities/board?pipelineId=${board.id}`)).json();
    expect(mine.columns.map((c: any) => [c.count, c.amount])).toEqual([[3, '100.09'], [1, '0.01']]);
    const theirs = (await org.rep3.client.get(`${api}/opportunities/board?pipelineId=${board.id}`)).json();
    expect(theirs.columns.map((c: any) => [c.count, c.amount])).toEqual([[0, '0.00'], [1, '19.99']]);
    // per-column paging
    const page = (await org.admin.client.get(`${api}/opportunities/board/stages/${board.stages[0]!.id}?limit=2&offset=2`)).json();
    expect(page.cards).toHaveLength(1);
    expect(page.hasMore).toBe(false);
    // list filter applies to the board
    const filtered = (await org.admin.client.get(`${api}/opportunities/board?pipelineId=${board.id}&filter=${encodeURIComponent(JSON.stringify({ field: 'amount', op: 'gt', value: 1 }))}`)).json();
    expect(filtered.columns.map((c: any) => c.count)).toEqual([1, 1]);
  });

  it('forecasts by month × owner with the manager roll-up; a rep sees only themselves', async () => {
    const f = await newCustomer(org.rep2.client, { name: '预测测试客户' });
    const mk = (client: TestClient, customerId: string, body: Record<string, unknown>) => addOpp(client, { name: '预测', customerId, pipelineId: board.id, ...body });
    await mk(org.rep1.client, acme.id, { amount: '1000.01', expectedCloseDate: '2031-01-15', forecastCategory: 'commit' }); // 33% → 330.0033 → 330.00
    await mk(org.rep1.client, acme.id, { amount: '500.00', expectedCloseDate: '2031-02-01', forecastCategory: 'bestCase' }); // 165.00
    await mk(org.rep2.client, f.id, { amount: '0.03', expectedCloseDate: '2031-01-31' }); // 0.0099 → 0.01
    await mk(org.rep3.client, south.id, { amount: '999.99', expectedCloseDate: '2031-01-02' }); // another department
    const won = await mk(org.rep2.client, f.id, { amount: '200.00', expectedCloseDate: '2031-02-10' });
    await org.rep2.client.post(`${api}/opportunities/${won.id}/win`);
    const omitted = await mk(org.rep2.client, f.id, { amount: '7.00', expectedCloseDate: '2031-02-10', forecastCategory: 'omitted' });
    expect(omitted.forecastCategory).toBe('omitted');

    const url = `${api}/opportunities/forecast?from=2031-01&to=2031-03&groupBy=owner`;
    const mgr = (await org.manager.client.get(url)).json();
    expect(mgr.months).toEqual(['2031-01', '2031-02', '2031-03']);
    expect(mgr.groups.map((g: any) => g.name).sort()).toEqual(['rep1', 'rep2']);
    const cell = (fc: any, month: string, key: string) => fc.cells.find((c: any) => c.month === month && c.key === key);
    expect(cell(mgr, '2031-01', org.rep1.userId)).toMatchObject({ count: 1, amount: '1000.01', weighted: '330.00', commit: '1000.01', bestCase: '0.00', pipeline: '0.00', won: '0.00' });
    expect(cell(mgr, '2031-02', org.rep2.userId)).toMatchObject({ count: 0, amount: '0.00', won: '200.00', wonCount: 1 });
    expect(mgr.monthTotals[0]).toMatchObject({ month: '2031-01', count: 2, amount: '1000.04', weighted: '330.01', commit: '1000.01', pipeline: '0.03' });
    expect(mgr.monthTotals[2]).toMatchObject({ month: '2031-03', count: 0, amount: '0.00' });
    expect(mgr.total).toMatchObject({ count: 3, amount: '1500.04', weighted: '495.01', won: '200.00' });
    const rep = (await org.rep1.client.get(url)).json();
    expect(rep.groups.map((g: any) => g.key)).toEqual([org.rep1.userId]);
    expect(rep.total).toMatchObject({ count: 2, amount: '1500.01', weighted: '495.00' });
    const admin = (await org.admin.client.get(`${api}/opportunities/forecast?from=2031-01&to=2031-03&groupBy=department&pipelineId=${board.id}`)).json();
    expect(admin.groups.map((g: any) => g.name).sort()).toEqual(['华东销售部', '华南销售部']);
    expect(admin.total.amount).toBe('2500.03');
    const bad = await org.admin.client.get(`${api}/opportunities/forecast?from=2031-13&to=2031-03`);
    expect(bad.statusCode).toBe(400);
    expect((await org.admin.client.get(`${api}/opportunities/forecast?from=2031-05&to=2031-03`)).json().error.details.fields[0].field).toBe('to');
  });

  it('lists opportunities with the record framework and shows them on the customer', async () => {
    const list = (await org.rep1.client.get(`${api}/opportunities?filter=${encodeURIComponent(JSON.stringify({ field: 'stageId', op: 'eq', value: board.stages[0]!.id }))}`)).json();
    expect(list.items.length).toBe(5); // three board cards + the commit and best-case forecasts
    const fields = (await org.rep1.client.get(`${api}/opportunities/fields`)).json().items;
    expect(fields.find((x: any) => x.key === 'stageId').options.map((o: any) => o.label)).toContain('看板测试 · S1');
    const cust = (await org.rep1.client.get(`${api}/customers/${acme.id}/opportunities`)).json();
    expect(cust.items.length).toBeGreaterThan(3);
    expect(Number(cust.totals.wonAmount)).toBeGreaterThan(0);
    const summary = (await org.rep1.client.get(`${api}/customers/${acme.id}/summary`)).json();
    expect(summary.opportunities).toMatchObject({ openCount: cust.totals.openCount, openAmount: cust.totals.openAmount });
  });
});

describe('lead conversion and the public pool', () => {
  it('creates an opportunity in the conversion transaction, or nothing at all on bad input', async () => {
    const lead = (await org.rep1.client.post(`${api}/leads`, { name: '孙立', company: '苏州转化科技有限公司', mobile: '13912345678', assign: 'me', duplicatePolicy: 'create' })).json();
    const bad = await org.rep1.client.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'new' }, opportunity: { name: '转化商机', amount: '-3' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0].field).toBe('opportunity.amount');
    expect((await org.rep1.client.get(`${api}/leads/${lead.id}`)).json().status).not.toBe('converted');
    expect((await sqlRows(`SELECT count(*)::int AS n FROM customers WHERE name = '苏州转化科技有限公司'`))[0]!.n).toBe(0);

    const res = await org.rep1.client.post(`${api}/leads/${lead.id}/convert`, { customer: { mode: 'new' }, opportunity: { name: '转化商机', amount: '88000', pipelineId: pipeline.id } });
    expect(res.statusCode, res.body).toBe(200);
    const { customerId, contactId, opportunityId } = res.json();
    const opp = (await org.rep1.client.get(`${api}/opportunities/${opportunityId}`)).json();
    expect(opp).toMatchObject({ name: '转化商机', customerId, amount: '88000.00', leadId: lead.id, source: '线索转化', ownerId: org.rep1.userId, stageName: '初步接洽' });
    expect(opp.contacts.map((c: { id: string }) => c.id)).toEqual([contactId]);
  });

  it('keeps customers with an open opportunity out of the pool; a lost one does not protect', async () => {
    const { insertRecords, newPool, ownerOf, setRules } = await import('../publicPool/testPool.ts');
    const { runRecycle } = await import('../publicPool/recycle.ts');
    const DAY = 86_400_000;
    const T0 = new Date(Date.now() - 60 * DAY);
    const p = await newPool(org.admin.client, { name: '机会公海', recordTypes: ['customer'], memberDepartmentIds: [org.deptEast], warnDaysBefore: 0 });
    await setRules(org.admin.client, p.id, [{ recordType: 'customer', grade: '*', noFollowupDays: 30 }]);
    const [withOpp, closedOpp, none] = await insertRecords(env, org.admin.tenantId, 'customer', [
      { ownerId: org.rep2.userId, ownerSince: T0 }, { ownerId: org.rep2.userId, ownerSince: T0 }, { ownerId: org.rep2.userId, ownerSince: T0 },
    ]);
    await addOpp(org.rep2.client, { name: '保护客户的商机', customerId: withOpp });
    const lost = await addOpp(org.rep2.client, { name: '已输的商机', customerId: closedOpp });
    await org.rep2.client.post(`${api}/opportunities/${lost.id}/lose`, { reason: '预算取消' });
    await runRecycle(env.app.ctx, org.admin.tenantId, { now: new Date(), trigger: 'manual' });
    const owner = async (id: string) => (await ownerOf(env, org.admin.tenantId, 'customer', id)).owner_id;
    expect(await owner(withOpp!)).toBe(org.rep2.userId);
    expect(await owner(closedOpp!)).toBeNull();
    expect(await owner(none!)).toBeNull();
  });
});
