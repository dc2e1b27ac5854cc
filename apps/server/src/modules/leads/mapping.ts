// The lead → customer / contact field mapping of conversion. Pure: defaults, validation of an
// admin's mapping, and applying it to a lead.
import type { FieldIssue } from '../../platform/records/customValues.ts';
import type { FieldMapping } from './schema.ts';

export interface ConversionMapping { customer: FieldMapping; contact: FieldMapping }

export const DEFAULT_MAPPING: ConversionMapping = {
  customer: { company: 'name', industry: 'industry', province: 'province', city: 'city', district: 'district', address: 'address', grade: 'grade', tags: 'tags' },
  contact: { name: 'name', title: 'title', mobile: 'mobile', phone: 'phone', email: 'email', wechat: 'wechat' },
};

/** Lead fields a mapping may read. */
export const LEAD_SOURCE_FIELDS = [
  'name', 'company', 'title', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'district', 'address',
  'source', 'industry', 'productInterest', 'budget', 'grade', 'tags', 'lastFollowupAt', 'nextFollowupAt', 'remark',
];
/** Fields a conversion may fill (what each record type's batch creator accepts). */
export const TARGET_FIELDS = {
  customer: ['name', 'kind', 'industry', 'scale', 'grade', 'lifecycleStage', 'province', 'city', 'district', 'address', 'phone', 'email', 'website', 'tags', 'nextFollowupAt', 'remark'],
  contact: ['name', 'title', 'department', 'mobile', 'phone', 'email', 'wechat', 'address', 'tags', 'nextFollowupAt', 'remark'],
} as const;

export interface CustomKeys { lead: Set<string>; customer: Set<string>; contact: Set<string> }

/**
 * Problems of a mapping, each naming `customer.<leadField>` / `contact.<leadField>`: unknown lead
 * fields, unknown targets (custom fields must exist), and two lead fields filling one target.
 */
export function mappingIssues(m: ConversionMapping, custom: CustomKeys): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const side of ['customer', 'contact'] as const) {
    const used = new Map<string, string>();
    for (const [from, to] of Object.entries(m[side])) {
      const field = `${side}.${from}`;
      const known = from.startsWith('custom.') ? custom.lead.has(from.slice(7)) : LEAD_SOURCE_FIELDS.includes(from);
      if (!known) issues.push({ field, message: 'not a lead field' });
      const target = to.startsWith('custom.') ? custom[side].has(to.slice(7)) : (TARGET_FIELDS[side] as readonly string[]).includes(to);
      if (!target) issues.push({ field, message: `"${to}" is not a ${side} field that conversion can fill` });
      if (used.has(to)) issues.push({ field, message: `"${to}" is already filled from ${used.get(to)}` });
      used.set(to, from);
    }
  }
  return issues;
}

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** The target record's values from a lead (as its DTO: API names, ISO dates), by the mapping. */
export function applyMapping(lead: Record<string, unknown>, mapping: FieldMapping): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const leadCustom = (lead.custom ?? {}) as Record<string, unknown>;
  for (const [from, to] of Object.entries(mapping)) {
    const v = from.startsWith('custom.') ? leadCustom[from.slice(7)] : lead[from];
    if (empty(v)) continue;
    if (to.startsWith('custom.')) custom[to.slice(7)] = v;
    else out[to] = v;
  }
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/** The user's edits in the conversion dialog win; custom values merge key by key. */
function withOverrides(base: Record<string, unknown>, overrides: Record<string, unknown>): Record<string, unknown> {
  const custom = { ...(base.custom as object | undefined), ...(overrides.custom as object | undefined) };
  return { ...base, ...overrides, ...(Object.keys(custom).length ? { custom } : {}) };
}

/** Customer values for a conversion: mapped, the source says "converted lead", a name always. */
export function customerValues(lead: Record<string, unknown>, mapping: FieldMapping, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const mapped = applyMapping(lead, mapping);
  const company = typeof lead.company === 'string' && lead.company ? lead.company : null;
  return withOverrides({ kind: company ? 'company' : 'individual', ...mapped, source: 'lead', name: mapped.name ?? company ?? lead.name }, overrides);
}

/** Contact values: mapped, named after the lead when the mapping leaves the name out. */
export function contactValues(lead: Record<string, unknown>, mapping: FieldMapping, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const mapped = applyMapping(lead, mapping);
  return withOverrides({ ...mapped, name: mapped.name ?? lead.name }, overrides);
}
