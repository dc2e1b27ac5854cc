/**
 * Which fields a spreadsheet column can be mapped to, per record type, and how a cell is read for
 * each. Labels and options come from the record type's own registration (so a renamed field is
 * renamed here too); the lists below only say which standard fields a person may import and how.
 */
import type { RecordType } from '@loopline/shared';
import type { EffectivePermissions } from '../../platform/permissions/effective.ts';
import { fieldAccess } from '../../platform/permissions/effective.ts';
import type { CustomFieldDef } from '../../platform/records/customValues.ts';
import type { FieldOption, RecordTypeDef, StandardFieldDef } from '../../platform/records/registry.ts';
import type { ImportRecordType } from './schema.ts';

/** How a cell becomes a value (cells.ts for the shapes, lookups for people, departments, customers). */
export type ImportFieldKind =
  | 'text' | 'phone' | 'number' | 'integer' | 'date' | 'datetime' | 'boolean'
  | 'select' | 'multiselect' | 'tags' | 'user' | 'department' | 'customer';

export interface ImportField {
  /** the API's field name; custom fields as `custom.<key>` */
  key: string;
  label: string;
  labelEn: string;
  kind: ImportFieldKind;
  required: boolean;
  options?: FieldOption[];
  /** more header names that mean this field, for the suggested mapping */
  aliases?: string[];
}

interface StandardImport { key: string; kind?: ImportFieldKind; required?: boolean; aliases?: string[] }
const std = (key: string, kind?: ImportFieldKind, required = false, aliases?: string[]): StandardImport => ({ key, kind, required, aliases });

/**
 * Standard fields a file may fill, in the order the wizard lists them. Numbers, timestamps and
 * conversion bookkeeping are the system's; owner is read by name or email.
 */
const STANDARD: Record<ImportRecordType, StandardImport[]> = {
  lead: [
    std('name', 'text', true), std('company'), std('title'), std('mobile', 'phone'), std('phone', 'phone'), std('email'),
    std('wechat'), std('source'), std('grade'), std('status'), std('invalidReason'), std('industry'), std('productInterest'),
    std('budget'), std('province'), std('city'), std('district'), std('address'), std('ownerId', 'user'), std('tags', 'tags'),
    std('lastFollowupAt'), std('lastFollowupContent'), std('nextFollowupAt'), std('remark'),
  ],
  customer: [
    std('name', 'text', true), std('kind'), std('industry'), std('scale'), std('grade'), std('lifecycleStage'), std('dealStatus'),
    std('source'), std('province'), std('city'), std('district'), std('address'), std('phone', 'phone'), std('email'),
    std('website'), std('ownerId', 'user'), std('tags', 'tags'), std('healthScore', 'integer'), std('nextFollowupAt'), std('remark'),
  ],
  contact: [
    std('name', 'text', true), std('customerId', 'customer', true, ['客户', '客户名称', '公司', '公司名称', 'company', 'customer name']), std('title'), std('department'), std('mobile', 'phone'),
    std('phone', 'phone'), std('email'), std('wechat'), std('gender'), std('birthday', 'date'), std('decisionRole'),
    std('isKeyDecisionMaker', 'boolean'), std('isPrimary', 'boolean'), std('address'), std('ownerId', 'user'),
    std('tags', 'tags'), std('nextFollowupAt'), std('remark'),
  ],
};

const FROM_FILTER_KIND: Record<string, ImportFieldKind> = {
  text: 'text', number: 'number', date: 'date', datetime: 'datetime', boolean: 'boolean', select: 'select', multiselect: 'multiselect',
};

const FROM_CUSTOM_TYPE: Record<string, ImportFieldKind | undefined> = {
  text: 'text', longText: 'text', email: 'text', url: 'text', phone: 'phone', number: 'number', money: 'number', percent: 'number',
  date: 'date', datetime: 'datetime', singleSelect: 'select', multiSelect: 'multiselect', boolean: 'boolean', user: 'user',
  department: 'department',
  // address (an object) and attachment (files) have no spreadsheet form
};

function standardField(spec: StandardImport, def: StandardFieldDef | undefined): ImportField | null {
  if (!def) return null; // the record type does not have this field
  const options = def.options;
  const kind = spec.kind ?? (options?.length ? 'select' : FROM_FILTER_KIND[def.kind ?? 'text'] ?? 'text');
  return {
    key: spec.key, label: def.label, labelEn: def.labelEn, kind, required: spec.required ?? false,
    ...(options?.length ? { options } : {}), ...(spec.aliases ? { aliases: spec.aliases } : {}),
  };
}

/**
 * The fields this actor may import into: standard ones the record type has, then custom fields,
 * leaving out what the actor's role hides or makes read-only.
 */
export function importFields(recordType: ImportRecordType, def: RecordTypeDef, customDefs: CustomFieldDef[], perms: EffectivePermissions): ImportField[] {
  const out: ImportField[] = [];
  for (const spec of STANDARD[recordType]) {
    const f = standardField(spec, def.standardFields.find((s) => s.key === spec.key));
    if (f) out.push(f);
  }
  for (const c of [...customDefs].sort((a, b) => a.sort - b.sort)) {
    const kind = FROM_CUSTOM_TYPE[c.type];
    if (!kind) continue;
    out.push({
      key: `custom.${c.key}`, label: c.label, labelEn: c.labelEn ?? c.label, kind, required: c.required,
      ...(c.options?.length ? { options: c.options } : {}),
    });
  }
  return out.filter((f) => fieldAccess(perms, recordType as RecordType, f.key) === 'editable');
}
