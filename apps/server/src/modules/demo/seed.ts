import { eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import type { Db } from '../../platform/db/client.ts';
import { departments, tenants, userRoles, users } from '../../platform/db/schema.ts';
import { hashPassword } from '../../platform/auth/passwords.ts';
import { createOrganization } from '../auth/tenantSetup.ts';
import { seedDemoContacts } from '../contacts/demo.ts';
import { seedDemoAssignment } from '../assignment/demo.ts';
import { seedDemoLeads } from '../leads/demo.ts';
import { seedDemoWebForms } from '../webForms/demo.ts';
import { seedDemoPools } from '../publicPool/demo.ts';
import { seedDemoCustomers } from '../customers/demo.ts';
import { seedDemoFollowups } from '../followups/demo.ts';
import { seedDemoTasks } from '../tasks/demo.ts';
import { seedDemoFlows } from '../flows/demo.ts';
import { flowRuntime } from '../flows/runtime/index.ts';
import { seedDemoProducts } from '../products/demo.ts';
import { seedDemoOpportunities } from '../opportunities/demo.ts';
import { seedDemoQuotes } from '../quotes/demo.ts';
import { seedDemoApprovalFlows } from '../approvals/demo.ts';
import { seedDemoContracts } from '../contracts/demo.ts';
import { seedDemoPayments } from '../payments/demo.ts';
import { seedDemoPrintTemplates } from '../printTemplates/demo.ts';

export const DEMO_PASSWORD = 'Loopline2026';
export const DEMO_ADMIN_EMAIL = 'admin@demo.loopline.cn';
const DEMO_NAME = '示例科技有限公司';

export interface DemoOrg {
  tenantId: string;
  usersByKey: Record<string, string>;
  departmentsByName: Record<string, string>;
}

/** Each module's demo records (customers, later opportunities, …), created inside the same transaction. */
// Order matters: contacts need customers, the pool takes some of the customers and leads; flows
// come last and are published active, so the demo's own records do not trigger them.
const demoSeeders: ((db: Db, org: DemoOrg) => Promise<void>)[] = [
  seedDemoCustomers, seedDemoContacts, seedDemoAssignment, seedDemoLeads, seedDemoWebForms, seedDemoPools,
  seedDemoFollowups, seedDemoTasks,
  // deal to cash: approval flows are published before contracts so some contracts can be submitted
  seedDemoProducts, seedDemoOpportunities, seedDemoQuotes, seedDemoApprovalFlows, seedDemoContracts, seedDemoPayments, seedDemoPrintTemplates,
  seedDemoFlows,
];

const PEOPLE = [
  { key: 'director', name: '李娜', email: 'director@demo.loopline.cn', mobile: '13800000002', role: 'salesDirector', dept: '销售部', manager: null },
  { key: 'manager1', name: '张伟', email: 'manager1@demo.loopline.cn', mobile: '13800000003', role: 'salesManager', dept: '销售一部', manager: 'director' },
  { key: 'manager2', name: '刘洋', email: 'manager2@demo.loopline.cn', mobile: '13800000004', role: 'salesManager', dept: '销售二部', manager: 'director' },
  { key: 'rep1', name: '陈静', email: 'rep1@demo.loopline.cn', mobile: '13800000005', role: 'salesRep', dept: '销售一部', manager: 'manager1' },
  { key: 'rep2', name: '杨帆', email: 'rep2@demo.loopline.cn', mobile: '13800000006', role: 'salesRep', dept: '销售一部', manager: 'manager1' },
  { key: 'rep3', name: '赵磊', email: 'rep3@demo.loopline.cn', mobile: '13800000007', role: 'salesRep', dept: '销售二部', manager: 'manager2' },
  { key: 'rep4', name: '黄敏', email: 'rep4@demo.loopline.cn', mobile: '13800000008', role: 'salesRep', dept: '销售二部', manager: 'manager2' },
  { key: 'service1', name: '周婷', email: 'service1@demo.loopline.cn', mobile: '13800000009', role: 'customerService', dept: '客服部', manager: null },
  { key: 'service2', name: '吴昊', email: 'service2@demo.loopline.cn', mobile: '13800000010', role: 'customerService', dept: '客服部', manager: 'service1' },
  { key: 'finance', name: '徐丽', email: 'finance@demo.loopline.cn', mobile: '13800000011', role: 'finance', dept: '财务部', manager: null },
  { key: 'legal', name: '孙强', email: 'legal@demo.loopline.cn', mobile: '13800000012', role: 'legal', dept: '法务部', manager: null },
] as const;

/** Creates the demo organization once; calling again returns the existing one. */
export async function ensureDemoOrganization(ctx: AppContext): Promise<{ tenantId: string; created: boolean }> {
  const existing = await ctx.db.asSystem((db) => db.select({ id: tenants.id }).from(tenants).where(eq(tenants.isDemo, true)).limit(1));
  if (existing[0]) return { tenantId: existing[0].id, created: false };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const tenantId = await ctx.db.asSystem((db) =>
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const org = await createOrganization(tx, { organizationName: DEMO_NAME, adminName: '王总', email: DEMO_ADMIN_EMAIL, mobile: '13800000001', passwordHash, isDemo: true });
      const t = org.tenant.id;
      const deptIds: Record<string, string> = { [DEMO_NAME]: org.rootDepartment.id };
      for (const [name, parent] of [['销售部', DEMO_NAME], ['销售一部', '销售部'], ['销售二部', '销售部'], ['客服部', DEMO_NAME], ['财务部', DEMO_NAME], ['法务部', DEMO_NAME]] as const) {
        const [d] = await tx.insert(departments).values({ tenantId: t, name, parentId: deptIds[parent]!, sort: Object.keys(deptIds).length }).returning();
        deptIds[name] = d!.id;
      }
      const userIds: Record<string, string> = { admin: org.admin.id };
      for (const p of PEOPLE) {
        const [u] = await tx
          .insert(users)
          .values({ tenantId: t, name: p.name, email: p.email, mobile: p.mobile, passwordHash, departmentId: deptIds[p.dept]!, managerId: p.manager ? userIds[p.manager]! : null })
          .returning();
        userIds[p.key] = u!.id;
        const role = org.roles.find((r) => r.key === p.role)!;
        await tx.insert(userRoles).values({ tenantId: t, userId: u!.id, roleId: role.id });
      }
      for (const [dept, head] of [['销售部', 'director'], ['销售一部', 'manager1'], ['销售二部', 'manager2'], ['客服部', 'service1'], ['财务部', 'finance'], ['法务部', 'legal']] as const) {
        await tx.update(departments).set({ headId: userIds[head]! }).where(eq(departments.id, deptIds[dept]!));
      }
      for (const seed of demoSeeders) await seed(tx, { tenantId: t, usersByKey: userIds, departmentsByName: deptIds });
      return t;
    }),
  );
  // the records submitted for approval above wait at their first approval node from the start, so the
  // director's inbox is full on first log-in rather than after the runtime's next minute sweep
  await flowRuntime(ctx).drain({ limit: 1000 });
  return { tenantId, created: true };
}
