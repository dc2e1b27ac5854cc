/**
 * What a node sees (NodeInput), read fresh for every step: the record through the record-type
 * registry (standard fields + custom values, as the API names them), its people, its customer, the
 * field catalog, and the outputs of the steps already done.
 */
import { sql } from 'drizzle-orm';
import type { FieldCatalog } from '@loopline/shared';
import type { Db } from '../../../platform/db/client.ts';
import { one, rows } from '../../../platform/db/query.ts';
import { findRecordType, type RecordTypeDef } from '../../../platform/records/registry.ts';
import type { FlowUser, NodeInput, TriggerInfo } from '../engine/types.ts';
import type { StepRow } from './store.ts';
import { loadRecords } from '../triggers/records.ts';
import { flowFields } from '../checkContext.ts';

// Record types are registered when their modules are imported; the runtime needs at least these.
import '../../leads/fields.ts';
import '../../customers/fields.ts';
import '../../contacts/fields.ts';

/**
 * The record as the API shows it: camelCase standard fields, `custom` and `custom.<key>`; null if none
 * or deleted. The same loader the trigger matcher uses in bulk, so a trigger condition and a condition
 * node judge one record the same way.
 */
export async function loadRecordSnapshot(db: Db, tenantId: string, recordType: string | null, recordId: string | null): Promise<Record<string, unknown> | null> {
  if (!recordType || !recordId) return null;
  return (await loadRecords(db, tenantId, recordType, [recordId])).get(recordId) ?? null;
}

/** Filterable fields of a record type (standard + the tenant's custom fields), for condition nodes. */
// Read for every step: a backlog of thousands of steps would otherwise repeat the same query each time.
const catalogs = new Map<string, { catalog: FieldCatalog; at: number }>();
const CATALOG_TTL_MS = 10_000;

export async function loadFieldCatalog(db: Db, tenantId: string, recordType: string | null): Promise<FieldCatalog> {
  const def = recordType ? findRecordType(recordType) : undefined;
  if (!def) return {};
  const key = `${tenantId}:${def.recordType}`;
  const hit = catalogs.get(key);
  if (hit && Date.now() - hit.at < CATALOG_TTL_MS) return hit.catalog;
  const catalog = await readFieldCatalog(db, tenantId, def);
  if (catalogs.size > 10_000) catalogs.clear();
  catalogs.set(key, { catalog, at: Date.now() });
  return catalog;
}

async function readFieldCatalog(db: Db, tenantId: string, def: RecordTypeDef): Promise<FieldCatalog> {
  return (await flowFields(db, tenantId, def.recordType)).catalog;
}

export async function loadUsers(db: Db, tenantId: string, ids: (string | null | undefined)[]): Promise<Map<string, FlowUser & { active: boolean }>> {
  const want = [...new Set(ids.filter((x): x is string => typeof x === 'string' && /^[0-9a-f-]{36}$/i.test(x)))];
  if (!want.length) return new Map();
  const found = await rows<{ id: string; name: string; email: string | null; manager_id: string | null; department_id: string | null; status: string }>(
    db, sql`SELECT id::text, name, email, manager_id::text, department_id::text, status FROM users WHERE tenant_id = ${tenantId} AND id = ANY(${sql.param(want)}::uuid[])`,
  );
  return new Map(found.map((u) => [u.id, { id: u.id, name: u.name, email: u.email, managerId: u.manager_id, departmentId: u.department_id, active: u.status === 'active' }]));
}

/** The customer a record belongs to: itself, a contact's customer, a converted lead's customer, a follow-up's record's customer. */
async function relatedCustomer(db: Db, tenantId: string, recordType: string | null, record: Record<string, unknown> | null): Promise<Record<string, unknown> | null> {
  if (!record) return null;
  if (recordType === 'customer') return record;
  if (recordType === 'contact') return loadRecordSnapshot(db, tenantId, 'customer', (record.customerId as string) ?? null);
  if (recordType === 'lead') return loadRecordSnapshot(db, tenantId, 'customer', (record.convertedCustomerId as string) ?? null);
  if (typeof record.recordType === 'string' && typeof record.recordId === 'string') {
    const target = await loadRecordSnapshot(db, tenantId, record.recordType, record.recordId);
    return relatedCustomer(db, tenantId, record.recordType, target);
  }
  return null;
}

const tenantZones = new Map<string, { zone: string; at: number }>();
export async function tenantTimeZone(db: Db, tenantId: string): Promise<string> {
  const hit = tenantZones.get(tenantId);
  if (hit && Date.now() - hit.at < 60_000) return hit.zone;
  const row = await one<{ time_zone: string }>(db, sql`SELECT time_zone FROM tenants WHERE id = ${tenantId}`);
  const zone = row?.time_zone ?? 'Asia/Shanghai';
  if (tenantZones.size > 10_000) tenantZones.clear();
  tenantZones.set(tenantId, { zone, at: Date.now() });
  return zone;
}

export interface ContextTarget {
  tenantId: string;
  recordType: string | null;
  recordId: string | null;
  trigger: TriggerInfo;
}

/** NodeInput for one step (or for a dry run: no steps). */
export async function buildNodeInput(db: Db, target: ContextTarget, now: Date, doneSteps: Pick<StepRow, 'node_id' | 'status' | 'output'>[] = []): Promise<NodeInput> {
  const { tenantId, recordType, recordId, trigger } = target;
  const [timeZone, record, catalog] = [await tenantTimeZone(db, tenantId), await loadRecordSnapshot(db, tenantId, recordType, recordId), await loadFieldCatalog(db, tenantId, recordType)];
  const ownerId = (record?.ownerId as string | null | undefined) ?? null;
  const people = await loadUsers(db, tenantId, [ownerId, trigger.userId]);
  const owner = ownerId ? people.get(ownerId) ?? null : null;
  const managers = owner?.managerId ? await loadUsers(db, tenantId, [owner.managerId]) : new Map();
  const triggerUser = trigger.userId ? people.get(trigger.userId) ?? null : null;
  const userView = (u: (FlowUser & { active?: boolean }) | null | undefined) => (u ? { id: u.id, name: u.name, email: u.email, managerId: u.managerId, departmentId: u.departmentId } : null);
  const outputs: Record<string, unknown> = {};
  for (const s of doneSteps) if (s.status === 'done' && s.output !== null && s.output !== undefined) outputs[s.node_id] = s.output;
  return {
    now,
    timeZone,
    recordType,
    recordId,
    record,
    catalog,
    related: {
      owner: userView(owner),
      ownerManager: userView(owner?.managerId ? managers.get(owner.managerId) : null),
      triggerUser: userView(triggerUser),
      customer: await relatedCustomer(db, tenantId, recordType, record),
    },
    trigger,
    outputs,
  };
}

/** NodeInput of a node that only routes (end, parallel, join): nothing read but the time zone. */
export async function bareNodeInput(db: Db, target: ContextTarget, now: Date): Promise<NodeInput> {
  return {
    now, timeZone: await tenantTimeZone(db, target.tenantId), recordType: target.recordType, recordId: target.recordId,
    record: null, catalog: {}, related: {}, trigger: target.trigger, outputs: {},
  };
}

/** What the run history shows as a step's input: the record and people it saw (not the catalog). */
export function inputSnapshot(input: NodeInput): Record<string, unknown> {
  return { now: input.now.toISOString(), record: input.record, related: input.related, outputs: input.outputs };
}
