/** Contracts in approval (合同审批): what the approvals module asks of a contract and tells it. */
import { and, eq, isNull } from 'drizzle-orm';
import { zonedDate, type ApprovalInstanceStatus } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { one } from '../../platform/db/query.ts';
import { conflict, fieldError, notFound } from '../../platform/http/errors.ts';
import { sql } from 'drizzle-orm';
import { registerApprovable } from '../approvals/registry.ts';
import { applyContractChange, setContractStatus } from './persist.ts';
import { contracts as k, EDITABLE_STATUSES, type ContractStatus } from './schema.ts';
import { CONTRACT_TYPE_OPTIONS } from './fields.ts';
import { contractSelect, money2, type ContractSelected } from './service.ts';
import type { UpdateContractInput } from './input.ts';
import { updateContractInput } from './input.ts';

/** Approval instance status → contract status. */
export const CONTRACT_STATUS_OF: Record<ApprovalInstanceStatus, ContractStatus> = {
  pending: 'inReview', approved: 'approved', rejected: 'rejected', withdrawn: 'withdrawn', returned: 'withdrawn', cancelled: 'withdrawn',
};

async function lockLive(tx: Db, recordId: string): Promise<ContractSelected | undefined> {
  const [row] = await tx.select(contractSelect).from(k).where(and(eq(k.id, recordId), isNull(k.deletedAt))).for('update', { of: k });
  return row as ContractSelected | undefined;
}

export function registerContractApproval(): void {
  registerApprovable({
    recordType: 'contract',
    async describe(tx, _tenantId, recordId) {
      const [row] = await tx.select(contractSelect).from(k).where(and(eq(k.id, recordId), isNull(k.deletedAt)));
      if (!row) return null;
      const c = row as ContractSelected;
      return {
        title: [c.name, c.number].filter(Boolean).join(' '),
        summary: { amount: money2(c.amount), customerName: c.customerName, number: c.number, contractType: CONTRACT_TYPE_OPTIONS.find((o) => o.value === c.contractType)?.label ?? c.contractType, endDate: c.endDate },
        ownerId: c.ownerId,
      };
    },
    async assertSubmittable(tx, _actor, recordId) {
      const [c] = await tx.select({ status: k.status, amount: k.amount }).from(k).where(and(eq(k.id, recordId), isNull(k.deletedAt)));
      if (!c) throw notFound('contract');
      if (!EDITABLE_STATUSES.includes(c.status)) {
        throw conflict('CONTRACT_NOT_SUBMITTABLE', `a contract that is ${c.status} cannot be submitted for approval`, { field: 'status', status: c.status });
      }
      if (!(Number(c.amount) > 0)) throw fieldError('amount', 'must be greater than 0 to submit for approval');
    },
    async onStatus(tx, tenantId, recordId, status, change) {
      const before = await lockLive(tx, recordId);
      if (!before) return; // deleted meanwhile: nothing to update
      const next = CONTRACT_STATUS_OF[status];
      if (before.status === next) return;
      const extra: Partial<typeof k.$inferInsert> = {};
      if (next === 'approved' && !before.signedDate) {
        const tz = await one<{ time_zone: string }>(tx, sql`SELECT time_zone FROM tenants WHERE id = ${tenantId}`);
        extra.signedDate = zonedDate(new Date(), tz?.time_zone ?? 'Asia/Shanghai');
      }
      await setContractStatus(tx, change.src, before, next, extra, { approvalInstanceId: change.instanceId, approvalStatus: status });
    },
    async applyApproverEdits(tx, actor, src, recordId, fields) {
      const before = await lockLive(tx, recordId);
      if (!before) throw notFound('contract');
      const input: UpdateContractInput = updateContractInput.parse(fields);
      await applyContractChange(tx, actor, src, before, input);
    },
  });
}
