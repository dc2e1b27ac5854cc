/**
 * The lead → customer / contact field mapping the admin edits at /settings/lead-conversion
 * (GET/PUT /leads/conversion-mapping): which lead field fills which field of the new records.
 * Pure: editing and checking the mapping before it is saved.
 */
import type { FieldKind } from '@loopline/shared';

export type MappingSide = 'customer' | 'contact';

/** `{ [leadField]: targetField }` per side, as the API speaks it. */
export interface ConversionMapping {
  customer: Record<string, string>;
  contact: Record<string, string>;
}

/** The part of field metadata the mapping needs. */
export interface MappingField {
  key: string;
  label: string;
  labelEn: string;
  kind: FieldKind | null;
  options?: { value: string }[];
}

export type MappingProblemCode = 'unknownSource' | 'unknownTarget' | 'duplicateTarget' | 'kindMismatch' | 'optionsMismatch' | 'nameUnmapped';

export interface MappingProblem {
  side: MappingSide;
  code: MappingProblemCode;
  /** the lead field of the row with the problem (absent for nameUnmapped) */
  leadField?: string;
  target?: string;
  /** warnings may be saved; errors may not */
  severity: 'error' | 'warning';
}

/**
 * What a conversion may read and fill, mirroring the server (modules/leads/mapping.ts
 * LEAD_SOURCE_FIELDS / TARGET_FIELDS): the fields each record type's creator accepts, plus custom fields.
 */
export const LEAD_SOURCES: readonly string[] = [
  'name', 'company', 'title', 'mobile', 'phone', 'email', 'wechat', 'province', 'city', 'district', 'address',
  'source', 'industry', 'productInterest', 'budget', 'grade', 'tags', 'lastFollowupAt', 'nextFollowupAt', 'remark',
];
export const CONVERSION_TARGETS: Record<MappingSide, readonly string[]> = {
  customer: ['name', 'kind', 'industry', 'scale', 'grade', 'lifecycleStage', 'province', 'city', 'district', 'address', 'phone', 'email', 'website', 'tags', 'nextFollowupAt', 'remark'],
  contact: ['name', 'title', 'department', 'mobile', 'phone', 'email', 'wechat', 'address', 'tags', 'nextFollowupAt', 'remark'],
};
const isCustom = (key: string) => key.startsWith('custom.');

/** Lead fields a mapping may read, in the order given. */
export function mappableSources(fields: MappingField[]): MappingField[] {
  return fields.filter((f) => isCustom(f.key) || LEAD_SOURCES.includes(f.key));
}

/** Target fields offered for a side, in the order given. */
export function mappableTargets(side: MappingSide, fields: MappingField[]): MappingField[] {
  return fields.filter((f) => isCustom(f.key) || CONVERSION_TARGETS[side].includes(f.key));
}

/**
 * Whether a lead value can be stored in a target field: same kind, or text, which takes any
 * scalar (a number or an option as written).
 */
export function compatible(source: FieldKind | null, target: FieldKind | null): boolean {
  if (source === null || target === null) return source === target;
  if (source === target) return true;
  return target === 'text' && source !== 'multiselect';
}

/** Sets or clears (target null) one row of one side; returns a new mapping. */
export function setTarget(mapping: ConversionMapping, side: MappingSide, leadField: string, target: string | null): ConversionMapping {
  const next = { ...mapping[side] };
  if (target) next[leadField] = target;
  else delete next[leadField];
  return { ...mapping, [side]: next };
}

/** Every problem of the mapping against the fields that exist now (fields can be deleted after saving). */
export function mappingProblems(mapping: ConversionMapping, lead: MappingField[], targets: Record<MappingSide, MappingField[]>): MappingProblem[] {
  const leadBy = new Map(mappableSources(lead).map((f) => [f.key, f]));
  const out: MappingProblem[] = [];
  for (const side of ['customer', 'contact'] as const) {
    const targetBy = new Map(mappableTargets(side, targets[side]).map((f) => [f.key, f]));
    const used = new Map<string, string[]>();
    for (const [leadField, target] of Object.entries(mapping[side])) {
      used.set(target, [...(used.get(target) ?? []), leadField]);
      const s = leadBy.get(leadField);
      const t = targetBy.get(target);
      if (!s) out.push({ side, code: 'unknownSource', leadField, target, severity: 'error' });
      if (!t) out.push({ side, code: 'unknownTarget', leadField, target, severity: 'error' });
      if (!s || !t) continue;
      if (!compatible(s.kind, t.kind)) out.push({ side, code: 'kindMismatch', leadField, target, severity: 'error' });
      else if (t.kind === 'select' && s.kind === 'select' && !optionsFit(s, t)) out.push({ side, code: 'optionsMismatch', leadField, target, severity: 'warning' });
    }
    for (const [target, sources] of used) {
      // two lead fields into one target: which wins would be arbitrary
      if (sources.length > 1) for (const leadField of sources) out.push({ side, code: 'duplicateTarget', leadField, target, severity: 'error' });
    }
    if (!Object.values(mapping[side]).includes('name')) out.push({ side, code: 'nameUnmapped', target: 'name', severity: 'warning' });
  }
  return out;
}

/** Every option of the lead field exists in the target (else those values are dropped on conversion). */
function optionsFit(source: MappingField, target: MappingField): boolean {
  const have = new Set((target.options ?? []).map((o) => o.value));
  return (source.options ?? []).every((o) => have.has(o.value));
}

export const hasErrors = (problems: MappingProblem[]) => problems.some((p) => p.severity === 'error');
