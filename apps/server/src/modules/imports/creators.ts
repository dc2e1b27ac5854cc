/** The record types a file can be imported into: their registration, BatchCreator and importable fields. */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import type { CustomFieldDef } from '../../platform/records/customValues.ts';
import type { BatchCreator } from '../../platform/records/batch.ts';
import type { RecordTypeDef } from '../../platform/records/registry.ts';
import { createContacts } from '../contacts/create.ts';
import { contactType } from '../contacts/fields.ts';
import { createCustomers } from '../customers/create.ts';
import { customerType } from '../customers/fields.ts';
import { createLeads } from '../leads/create.ts';
import { leadType } from '../leads/fields.ts';
import { importFields, type ImportField } from './fields.ts';
import type { ImportRecordType } from './schema.ts';

const TARGETS: Record<ImportRecordType, { def: RecordTypeDef; create: BatchCreator }> = {
  lead: { def: leadType, create: createLeads },
  customer: { def: customerType, create: createCustomers },
  contact: { def: contactType, create: createContacts },
};

export function importTarget(recordType: ImportRecordType): { def: RecordTypeDef; create: BatchCreator } {
  return TARGETS[recordType];
}

/** The fields this actor may import into for the record type (standard + the tenant's custom fields). */
export async function fieldsFor(db: Db, actor: Actor, recordType: ImportRecordType): Promise<ImportField[]> {
  const { def } = importTarget(recordType);
  const customDefs = await loadCustomFieldDefs(db, actor.tenantId, recordType);
  return importFields(recordType, def, customDefs as unknown as CustomFieldDef[], actor.perms);
}
