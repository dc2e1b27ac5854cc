import { z } from 'zod';
import { indexable } from './customIndexes.ts';
import { compilePattern, CUSTOM_FIELD_TYPES, CUSTOM_KEY_RE, type CustomFieldDef, type FieldIssue } from './customValues.ts';

/** Admin input for custom-field definitions, and the rules that depend on the field type. */
const option = z.object({ value: z.string().trim().min(1).max(60), label: z.string().trim().min(1).max(60), labelEn: z.string().trim().max(60).optional() }).strict();

const settings = {
  label: z.string().trim().min(1).max(60),
  labelEn: z.string().trim().max(60).nullable().optional(),
  options: z.array(option).max(200).optional(),
  required: z.boolean().optional(),
  unique: z.boolean().optional(),
  min: z.number().finite().nullable().optional(),
  max: z.number().finite().nullable().optional(),
  pattern: z.string().max(200).nullable().optional(),
  indexed: z.boolean().optional(),
};

export const createFieldInput = z
  .object({
    recordType: z.string().min(1).max(40),
    key: z.string().regex(CUSTOM_KEY_RE, 'key must start with a lower-case letter and use letters, digits and _ (at most 40)'),
    type: z.enum(CUSTOM_FIELD_TYPES),
    ...settings,
  })
  .strict();

/** Key and type are fixed after creation: stored values and indexes depend on them. */
export const updateFieldInput = z.object({ ...settings, sort: z.number().int().min(0).max(100_000) }).partial().strict();

export const reorderInput = z.object({ recordType: z.string().min(1).max(40), ids: z.array(z.string().uuid()).min(1).max(500) }).strict();

const TEXTUAL = new Set(['text', 'longText', 'phone', 'email', 'url']);
const NUMERIC = new Set(['number', 'money', 'percent']);
const UNIQUE_OK = new Set(['text', 'phone', 'email', 'url', 'number', 'money', 'date', 'datetime']);

export interface FieldSettings {
  type: string;
  options: { value: string }[];
  required: boolean;
  isUnique: boolean;
  minValue: number | null;
  maxValue: number | null;
  pattern: string | null;
  indexed: boolean;
}

/** Cross-field rules of a definition; returns the problems, each naming its input field. */
export function checkFieldSettings(s: FieldSettings): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const isSelect = s.type === 'singleSelect' || s.type === 'multiSelect';
  if (isSelect && s.options.length === 0) issues.push({ field: 'options', message: 'a select field needs at least one option' });
  if (!isSelect && s.options.length) issues.push({ field: 'options', message: `a ${s.type} field has no options` });
  if (new Set(s.options.map((o) => o.value)).size !== s.options.length) issues.push({ field: 'options', message: 'option values must be unique' });
  if (s.isUnique && !UNIQUE_OK.has(s.type)) issues.push({ field: 'unique', message: `a ${s.type} field cannot be unique` });
  const bounded = TEXTUAL.has(s.type) || NUMERIC.has(s.type);
  if ((s.minValue !== null || s.maxValue !== null) && !bounded) issues.push({ field: 'min', message: `a ${s.type} field has no min/max` });
  if (TEXTUAL.has(s.type)) {
    for (const [k, v] of [['min', s.minValue], ['max', s.maxValue]] as const) {
      if (v !== null && (!Number.isInteger(v) || v < 0)) issues.push({ field: k, message: 'a length must be a whole number ≥ 0' });
    }
  }
  if (s.minValue !== null && s.maxValue !== null && s.minValue > s.maxValue) issues.push({ field: 'max', message: 'max must be ≥ min' });
  if (s.pattern) {
    if (!TEXTUAL.has(s.type)) issues.push({ field: 'pattern', message: `a ${s.type} field has no pattern` });
    const re = compilePattern(s.pattern);
    if (typeof re === 'string') issues.push({ field: 'pattern', message: re });
  }
  if (s.indexed && !indexable(s.type)) issues.push({ field: 'indexed', message: `a ${s.type} field cannot be indexed` });
  return issues;
}

/** API shape of a definition; inUse is only given to admins (counts span records others cannot see). */
export function fieldOut(d: CustomFieldDef & { recordType: string; createdAt: Date; updatedAt: Date }, inUse: number | null) {
  return {
    id: d.id, recordType: d.recordType, key: d.key, label: d.label, labelEn: d.labelEn, type: d.type, options: d.options,
    required: d.required, unique: d.isUnique, min: d.minValue === null ? null : Number(d.minValue), max: d.maxValue === null ? null : Number(d.maxValue),
    pattern: d.pattern, indexed: d.indexed, sort: d.sort, inUse, createdAt: new Date(d.createdAt).toISOString(), updatedAt: new Date(d.updatedAt).toISOString(),
  };
}
