/**
 * Dry run: what a definition would do on a chosen record. The NodeInput is built exactly as for a
 * real step (context.ts) and handed to the engine's simulation; nothing is written.
 */
import type { FlowDefinition, FlowDryRunResult } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { notFound } from '../../../platform/http/errors.ts';
import { simulateFlow } from '../engine/simulate.ts';
import { buildNodeInput, loadUsers } from './context.ts';

export async function dryRunFlow(db: Db, tenantId: string, def: FlowDefinition, record: { recordType: string; recordId: string } | null, userId: string, now: Date): Promise<FlowDryRunResult> {
  const user = (await loadUsers(db, tenantId, [userId])).get(userId);
  const input = await buildNodeInput(db, {
    tenantId,
    recordType: record?.recordType ?? def.trigger.recordType ?? null,
    recordId: record?.recordId ?? null,
    trigger: { type: def.trigger.type, userId, userName: user?.name ?? null, at: now.toISOString() },
  }, now);
  if (record && !input.record) throw notFound(record.recordType);
  return simulateFlow(def, input);
}
