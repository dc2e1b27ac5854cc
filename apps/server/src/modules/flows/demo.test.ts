import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TestClient, type TestEnv } from '../../test/harness.ts';
import { DEMO_ADMIN_EMAIL } from '../demo/seed.ts';
import { APPROVAL_FLOW_TEMPLATES, FLOW_TEMPLATES } from './templates.ts';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestApp();
});
afterAll(async () => env?.close());

describe('demo flows', () => {
  it('the demo organization has every built-in SOP published and active, editable by its admin', async () => {
    const demo = (await new TestClient(env.app).post('/api/v1/demo')).json();
    const admin = new TestClient(env.app);
    expect((await admin.post('/api/v1/auth/login', { identifier: DEMO_ADMIN_EMAIL, password: demo.password })).statusCode).toBe(200);
    const items = (await admin.get('/api/v1/flows?kind=automation')).json().items as { id: string; templateKey: string; status: string; publishedVersion: number; hasDraftChanges: boolean; name: string }[];
    expect(items.map((f) => f.templateKey).sort()).toEqual(FLOW_TEMPLATES.map((t) => t.key).sort());
    for (const f of items) expect(f, f.templateKey).toMatchObject({ status: 'active', publishedVersion: 1, hasDraftChanges: false });

    // the approval templates are there too, as approval flows
    const approvals = (await admin.get('/api/v1/flows?kind=approval')).json().items as { templateKey: string }[];
    expect(approvals.map((f) => f.templateKey).sort()).toEqual(APPROVAL_FLOW_TEMPLATES.map((t) => t.key).sort());

    // the demo's own seeded records did not start anything (flows are seeded last)
    const runs = (await admin.get(`/api/v1/flows/${items[0]!.id}/executions`));
    if (runs.statusCode === 200) expect(runs.json().total).toBe(0);

    // editable: a new draft, published as version 2
    const flow = items.find((f) => f.templateKey === 'newLeadFirstCall')!;
    const detail = (await admin.get(`/api/v1/flows/${flow.id}`)).json();
    detail.draft.nodes[1].config.due = { hours: 4 };
    expect((await admin.put(`/api/v1/flows/${flow.id}`, { draft: detail.draft })).statusCode).toBe(200);
    expect((await admin.post(`/api/v1/flows/${flow.id}/publish`)).json()).toMatchObject({ publishedVersion: 2, status: 'active' });
  });
});
