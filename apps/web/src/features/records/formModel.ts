/**
 * Field metadata → form fields and their validation, mirroring the server: the customer input
 * schema for standard fields (declared in the module's config) and customValues.ts for custom ones.
 * Pure, so the rules are unit-tested; the antd wiring is in RecordForm.
 */
import { emailSchema, isHttpUrl, isMobileNumber, isPhoneNumber, PHONE_PATTERN } from '@loopline/shared';
import type { CustomFieldRules, FieldMeta, StandardFieldSpec, Widget } from './types.ts';

export interface FormField {
  /** API key: `name` or `custom.budget` */
  key: string;
  meta: FieldMeta;
  widget: Widget;
  required: boolean;
  min: number | null;
  max: number | null;
  integer: boolean;
  pattern: RegExp | null;
  readOnly: boolean;
  /** phone numbers are checked like the lead/contact schemas do (isPhoneNumber) */
  strictPhone?: boolean;
}

const WIDGET_OF_TYPE: Record<string, Widget> = {
  text: 'text', longText: 'longText', number: 'number', money: 'money', percent: 'percent', date: 'date', datetime: 'datetime',
  singleSelect: 'singleSelect', multiSelect: 'multiSelect', user: 'user', department: 'department', boolean: 'boolean',
  phone: 'phone', email: 'email', url: 'url', address: 'address', attachment: 'attachment',
};
/** Server-side length caps of custom text types (customValues.ts TEXT_MAX). */
const TEXT_MAX: Partial<Record<Widget, number>> = { text: 500, longText: 5000, phone: 30, email: 254, url: 2000 };
const TEXTUAL: ReadonlySet<Widget> = new Set(['text', 'longText', 'phone', 'mobile', 'email', 'url']);
const NUMERIC: ReadonlySet<Widget> = new Set(['number', 'money', 'percent']);

/** Builds a pattern the way the server does ('u' flag); a pattern the browser cannot compile is left to the server. */
function compile(pattern: string | null): RegExp | null {
  if (!pattern) return null;
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

/**
 * The form's fields: standard ones the module declares editable, then custom ones, in metadata
 * order; hidden fields never arrive, read-only ones are kept but disabled.
 */
export function formFields(meta: FieldMeta[], standard: Record<string, StandardFieldSpec>, custom: CustomFieldRules[]): FormField[] {
  const rulesByKey = new Map(custom.map((c) => [`custom.${c.key}`, c]));
  const out: FormField[] = [];
  for (const m of meta) {
    if (m.source === 'standard') {
      const spec = standard[m.key];
      if (!spec || spec.editable === false) continue;
      out.push({
        key: m.key, meta: m, widget: spec.widget, required: spec.required ?? false, min: spec.min ?? null, max: spec.max ?? null,
        integer: spec.integer ?? false, pattern: spec.pattern ?? null, readOnly: m.access !== 'editable',
        ...(spec.strictPhone ? { strictPhone: true } : {}),
      });
    } else {
      const r = rulesByKey.get(m.key);
      const widget = WIDGET_OF_TYPE[m.type ?? ''] ?? 'text';
      const isPercent = widget === 'percent';
      out.push({
        key: m.key, meta: m, widget, required: r?.required ?? false,
        min: r?.min ?? (isPercent ? 0 : null), max: r?.max ?? (isPercent ? 100 : TEXT_MAX[widget] ?? null),
        integer: false, pattern: compile(r?.pattern ?? null), readOnly: m.access !== 'editable',
      });
    }
  }
  return out;
}

export type Problem =
  | { code: 'required' }
  | { code: 'minLength' | 'maxLength' | 'min' | 'max'; limit: number }
  | { code: 'integer' | 'decimals' | 'number' | 'pattern' | 'email' | 'phone' | 'mobile' | 'url' };

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);


/** The first problem of a value (as the form holds it) or null. Mirrors the server's order of checks. */
export function validateValue(field: FormField, value: unknown): Problem | null {
  if (isEmpty(value)) return field.required ? { code: 'required' } : null;
  const { widget, min, max } = field;
  if (TEXTUAL.has(widget) && typeof value === 'string') {
    const s = value.trim();
    if (min !== null && s.length < min) return { code: 'minLength', limit: min };
    if (max !== null && s.length > max) return { code: 'maxLength', limit: max };
    if (widget === 'phone' && !(field.strictPhone ? isPhoneNumber(s) : PHONE_PATTERN.test(s))) return { code: 'phone' };
    if (widget === 'mobile' && !isMobileNumber(s)) return { code: 'mobile' };
    if (widget === 'email' && !emailSchema.safeParse(s).success) return { code: 'email' };
    if (widget === 'url' && !isHttpUrl(s)) return { code: 'url' };
    if (field.pattern && !field.pattern.test(s)) return { code: 'pattern' };
    return null;
  }
  if (NUMERIC.has(widget)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) return { code: 'number' };
    if (field.integer && !Number.isInteger(value)) return { code: 'integer' };
    if (widget === 'money' && !/^-?\d+(\.\d{1,2})?$/.test(String(value))) return { code: 'decimals' };
    if (min !== null && value < min) return { code: 'min', limit: min };
    if (max !== null && value > max) return { code: 'max', limit: max };
  }
  return null;
}
