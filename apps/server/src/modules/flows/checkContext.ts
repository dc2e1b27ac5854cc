/**
 * What a flow definition may refer to, per record type: the fields a condition can test and the
 * paths a template can name. Flows run as the system, not as a role, so every field of the record
 * type counts (standard + the tenant's custom fields), whatever the admin's own field permissions.
 */
import type { FieldCatalog } from '@loopline/shared';
import type { Db } from '../../platform/db/client.ts';
import { CUSTOM_KIND } from '../../platform/records/catalog.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { findRecordType } from '../../platform/records/registry.ts';
import type { CheckContext } from './engine/types.ts';
// registers the record types whose fields flows read, even when their routes are not loaded
import '../leads/fields.ts';
import '../customers/fields.ts';
import '../contacts/fields.ts';

/** Every field key of a record type (filterable or not) and the filter catalog of those that are. */
export interface FlowFields {
  keys: Set<string>;
  catalog: FieldCatalog;
}

/** The fields of `recordType` in this tenant; unknown record types have none (but still an `id`). */
export async function flowFields(db: Db, tenantId: string, recordType: string | null): Promise<FlowFields> {
  const keys = new Set<string>(['id']);
  const catalog: FieldCatalog = {};
  const def = recordType ? findRecordType(recordType) : undefined;
  if (!def || !recordType) return { keys, catalog };
  catalog.id = { kind: 'uuid' };
  for (const f of def.standardFields) {
    keys.add(f.key);
    if (f.kind && f.filterable !== false) catalog[f.key] = { kind: f.kind };
  }
  for (const c of await loadCustomFieldDefs(db, tenantId, recordType)) {
    keys.add(`custom.${c.key}`);
    const kind = CUSTOM_KIND[c.type];
    if (kind) catalog[`custom.${c.key}`] = { kind };
  }
  return { keys, catalog };
}

/** Fields of a FlowUser (owner, ownerManager, triggerUser) a template may print. */
const PERSON_FIELDS = new Set(['id', 'name', 'email']);
const PEOPLE = new Set(['owner', 'ownerManager', 'triggerUser']);
const TRIGGER_FIELDS = new Set(['at', 'type', 'userId', 'userName']);
/** Record types that have a related customer for `{{customer.*}}` (a contact's, a converted lead's, a follow-up's record's). */
const HAS_CUSTOMER = new Set(['customer', 'contact', 'lead', 'activity', 'task', 'opportunity', 'contract', 'quote', 'order', 'payment', 'invoice', 'ticket']);

/** `record.nextFollowupAt-1d|date` → `record.nextFollowupAt`: the path without date arithmetic and formatter. */
export function barePath(path: string): string {
  return path.split('|')[0]!.trim().replace(/\s*[+-]\s*\d+\s*[dhm]$/, '').trim();
}

/**
 * Whether a template path exists for flows on `recordType`. `fields` are the record's; `customer`
 * the customer fields (for `{{customer.*}}`).
 */
export function knowsTemplatePath(path: string, recordType: string | null, fields: FlowFields, customer: FlowFields): boolean {
  const p = barePath(path);
  if (p === 'now') return true;
  const dot = p.indexOf('.');
  if (dot < 0) return false;
  const head = p.slice(0, dot);
  const rest = p.slice(dot + 1);
  if (!rest) return false;
  if (head === 'record') return recordType !== null && fields.keys.has(rest);
  if (head === 'customer') return recordType !== null && HAS_CUSTOMER.has(recordType) && customer.keys.has(rest);
  if (PEOPLE.has(head)) return PERSON_FIELDS.has(rest);
  // webhook / follow-up payloads are free-form JSON: any path below trigger.payload
  if (head === 'trigger') return TRIGGER_FIELDS.has(rest) || rest.startsWith('payload.');
  return false;
}

/** The CheckContext validateFlowDefinition needs, for the definition's record type. */
export async function flowCheckContext(db: Db, tenantId: string, recordType: string | null): Promise<CheckContext> {
  const fields = await flowFields(db, tenantId, recordType);
  const customer = await flowFields(db, tenantId, 'customer');
  return { recordType, catalog: fields.catalog, knowsPath: (path) => knowsTemplatePath(path, recordType, fields, customer) };
}
