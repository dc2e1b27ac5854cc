import type { Db } from '../../platform/db/client.ts';
import type { DemoOrg } from '../demo/seed.ts';
import type { TargetInput } from './input.ts';
import { assignmentCursors, assignmentRuleMembers, assignmentRules, assignmentSettings } from './schema.ts';

/**
 * Demo organization: two assignment rules and a default owner. The demo pool is created by the pool
 * module's seeder, which runs after this one; it may switch the fallback to its pool.
 */
export async function seedDemoAssignment(tx: Db, org: DemoOrg): Promise<void> {
  const u = org.usersByKey;
  const tenantId = org.tenantId;
  const rules: { name: string; condition: unknown; target: TargetInput }[] = [
    {
      name: '华东网页表单',
      condition: { and: [{ field: 'source', op: 'eq', value: 'webForm' }, { field: 'province', op: 'in', value: ['浙江省', '上海市', '江苏省'] }] },
      target: { kind: 'roundRobin', userIds: [u.rep1!, u.rep2!] },
    },
    {
      name: '制造业大客户',
      condition: { field: 'industry', op: 'eq', value: '制造业' },
      target: { kind: 'loadBalanced', members: [{ userId: u.rep3!, weight: 2, cap: 80 }, { userId: u.rep4!, weight: 1, cap: null }] },
    },
  ];
  for (const [position, r] of rules.entries()) {
    const [row] = await tx
      .insert(assignmentRules)
      .values({ tenantId, name: r.name, position, condition: r.condition as never, targetKind: r.target.kind, createdBy: u.admin })
      .returning({ id: assignmentRules.id });
    const members = r.target.kind === 'roundRobin' ? r.target.userIds.map((userId) => ({ userId, weight: 1, cap: null })) : r.target.kind === 'loadBalanced' ? r.target.members : [];
    await tx.insert(assignmentRuleMembers).values(members.map((m, i) => ({ tenantId, ruleId: row!.id, position: i, userId: m.userId, weight: m.weight, cap: m.cap })));
    await tx.insert(assignmentCursors).values({ tenantId, ruleId: row!.id });
  }
  const fallback = { fallback: 'owner' as const, defaultOwnerId: u.manager1!, poolId: null, updatedBy: u.admin };
  await tx.insert(assignmentSettings).values({ tenantId, ...fallback }).onConflictDoUpdate({ target: assignmentSettings.tenantId, set: fallback });
}
