import { isHttpUrl, PHONE_PATTERN } from '@loopline/shared';
/**
 * Pure validation of a record's `custom` object against the tenant's field definitions. No I/O:
 * references (users, departments, files) and uniqueness are returned for the service to check.
 */
export const CUSTOM_FIELD_TYPES = [
  'text', 'longText', 'number', 'money', 'percent', 'date', 'datetime', 'singleSelect', 'multiSelect',
  'user', 'department', 'boolean', 'phone', 'email', 'url', 'address', 'attachment',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export const CUSTOM_KEY_RE = /^[a-z][a-zA-Z0-9_]{0,39}$/;

export interface CustomFieldDef {
  id: string;
  key: string;
  label: string;
  labelEn: string | null;
  type: string;
  options: { value: string; label: string; labelEn?: string }[];
  required: boolean;
  isUnique: boolean;
  minValue: number | null;
  maxValue: number | null;
  pattern: string | null;
  indexed: boolean;
  indexName: string | null;
  sort: number;
}

export interface FieldIssue { field: string; message: string }

export interface CustomCheck {
  /** normalised values; null means "remove the key" */
  values: Record<string, unknown>;
  issues: FieldIssue[];
  refs: { users: string[]; departments: string[]; files: string[] };
  /** fields whose new value must be unique in the tenant */
  unique: { def: CustomFieldDef; value: unknown }[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Stored datetimes are canonical UTC (toISOString) so the immutable index expression can read them.
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
const TEXT_MAX: Record<string, number> = { text: 500, longText: 5000, phone: 30, email: 254, url: 2000 };
/** Regexes only ever see this much input, which bounds the cost of a slow pattern. */
const REGEX_INPUT_MAX = 5000;

export function isValidDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 1000;
}

/**
 * Compiles an admin-supplied pattern, refusing syntax errors, very long patterns and nested
 * quantifiers such as (a+)+ — the usual catastrophic-backtracking shape.
 */
export function compilePattern(pattern: string): RegExp | string {
  if (pattern.length > 200) return 'pattern is longer than 200 characters';
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern)) return 'nested quantifiers like (a+)+ are not allowed';
  try {
    return new RegExp(pattern, 'u');
  } catch (err) {
    return `invalid regular expression: ${(err as Error).message}`;
  }
}

const isEmpty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Checks one value; returns the normalised value or an error message. */
function checkValue(def: CustomFieldDef, v: unknown, refs: CustomCheck['refs']): { value: unknown } | string {
  const { type, minValue: min, maxValue: max } = def;
  switch (type) {
    case 'text': case 'longText': case 'phone': case 'email': case 'url': {
      if (typeof v !== 'string') return 'must be a string';
      let s = v.trim();
      if (s.length > TEXT_MAX[type]!) return `must be at most ${TEXT_MAX[type]} characters`;
      if (min !== null && s.length < min) return `must be at least ${min} characters`;
      if (max !== null && s.length > max) return `must be at most ${max} characters`;
      if (type === 'phone' && !PHONE_PATTERN.test(s)) return 'must be a phone number';
      if (type === 'email') {
        s = s.toLowerCase();
        if (!EMAIL_RE.test(s)) return 'must be an email address';
      }
      if (type === 'url' && !isHttpUrl(s)) return 'must be an http(s) URL';
      if (def.pattern) {
        const re = compilePattern(def.pattern);
        if (typeof re !== 'string' && !re.test(s.slice(0, REGEX_INPUT_MAX))) return 'does not match the required format';
      }
      return { value: s };
    }
    case 'number': case 'money': case 'percent': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return 'must be a number';
      if (Math.abs(v) > 1e15) return 'is too large';
      if (type === 'money' && !/^-?\d+(\.\d{1,2})?$/.test(String(v))) return 'must have at most 2 decimals';
      const lo = min ?? (type === 'percent' ? 0 : null);
      const hi = max ?? (type === 'percent' ? 100 : null);
      if (lo !== null && v < lo) return `must be at least ${lo}`;
      if (hi !== null && v > hi) return `must be at most ${hi}`;
      return { value: v };
    }
    case 'date':
      return typeof v === 'string' && isValidDate(v) ? { value: v } : 'must be a date YYYY-MM-DD';
    case 'datetime': {
      if (typeof v !== 'string' || !DATETIME_RE.test(v)) return 'must be an ISO date-time with a time zone';
      const d = new Date(v);
      if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1000 || d.getUTCFullYear() > 9999) return 'must be an ISO date-time with a time zone';
      return { value: d.toISOString() };
    }
    case 'boolean':
      return typeof v === 'boolean' ? { value: v } : 'must be true or false';
    case 'singleSelect':
      if (typeof v !== 'string' || !def.options.some((o) => o.value === v)) return 'is not one of the options';
      return { value: v };
    case 'multiSelect': {
      if (!Array.isArray(v) || v.length > 100) return 'must be a list of options';
      const bad = v.find((x) => typeof x !== 'string' || !def.options.some((o) => o.value === x));
      if (bad !== undefined) return `"${String(bad)}" is not one of the options`;
      return { value: [...new Set(v as string[])] };
    }
    case 'user': case 'department': {
      if (typeof v !== 'string' || !UUID_RE.test(v)) return `must be a ${type} id`;
      (type === 'user' ? refs.users : refs.departments).push(v.toLowerCase());
      return { value: v.toLowerCase() };
    }
    case 'address': return checkAddress(v);
    case 'attachment': {
      if (!Array.isArray(v) || v.length > 20 || v.some((x) => typeof x !== 'string' || !UUID_RE.test(x))) return 'must be a list of at most 20 file ids';
      const ids = [...new Set((v as string[]).map((x) => x.toLowerCase()))];
      refs.files.push(...ids);
      return { value: ids };
    }
    default:
      return `has unsupported type ${type}`;
  }
}


const ADDRESS_KEYS = ['province', 'city', 'district', 'detail'] as const;

function checkAddress(v: unknown): { value: unknown } | string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'must be an object {province, city, district, detail}';
  const o = v as Record<string, unknown>;
  const extra = Object.keys(o).find((k) => !(ADDRESS_KEYS as readonly string[]).includes(k));
  if (extra) return `has unknown part "${extra}"`;
  const out: Record<string, string> = {};
  for (const k of ADDRESS_KEYS) {
    if (o[k] === undefined || o[k] === null) continue;
    if (typeof o[k] !== 'string' || (o[k] as string).length > (k === 'detail' ? 200 : 50)) return `${k} must be a short string`;
    out[k] = (o[k] as string).trim();
  }
  return { value: out };
}

/**
 * Validates `input` (the `custom` object of a create or update). On create every required field
 * must be present; on update only the keys sent are checked, so adding a required field later does
 * not block unrelated edits of old records. null/'' /[] clears a value (refused when required).
 */
export function validateCustomValues(defs: CustomFieldDef[], input: unknown, mode: 'create' | 'update'): CustomCheck {
  const out: CustomCheck = { values: {}, issues: [], refs: { users: [], departments: [], files: [] }, unique: [] };
  if (input === undefined) input = {};
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    out.issues.push({ field: 'custom', message: 'must be an object' });
    return out;
  }
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const obj = input as Record<string, unknown>;
  for (const key of Object.keys(obj)) {
    const def = byKey.get(key);
    if (!def) {
      out.issues.push({ field: `custom.${key}`, message: 'unknown custom field' });
      continue;
    }
    const v = obj[key];
    if (isEmpty(v) || (typeof v === 'string' && v.trim() === '')) {
      if (def.required) out.issues.push({ field: `custom.${key}`, message: 'is required' });
      else out.values[key] = null;
      continue;
    }
    const r = checkValue(def, v, out.refs);
    if (typeof r === 'string') out.issues.push({ field: `custom.${key}`, message: r });
    else {
      out.values[key] = r.value;
      if (def.isUnique) out.unique.push({ def, value: r.value });
    }
  }
  if (mode === 'create') {
    for (const def of defs) if (def.required && !(def.key in obj)) out.issues.push({ field: `custom.${def.key}`, message: 'is required' });
  }
  return out;
}

/** Applies normalised values to the stored object: null removes the key. */
export function mergeCustom(existing: Record<string, unknown>, values: Record<string, unknown>): Record<string, unknown> {
  const next = { ...existing };
  for (const [k, v] of Object.entries(values)) {
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}
