/**
 * Spreadsheet row → a record's field values, by the chosen column mapping. Pure: people,
 * departments and customers named in cells are looked up beforehand (lookups.ts) and passed in.
 * A bad cell becomes an error naming its column; the row is then rejected, the import goes on.
 */
import type { FieldOption } from '../../platform/records/registry.ts';
import { toBoolean, toDate, toDateTime, toNumber, toText, type CellResult } from '../../platform/imports/cells.ts';
import { normaliseLabel } from '../../platform/imports/headers.ts';
import type { ImportField } from './fields.ts';

export type Mapping = Record<string, string | null>;
export interface ColumnPlan { index: number; header: string; field: ImportField }
export interface MappingProblem { field: string; message: string }

/**
 * The mapping as columns to read. Unknown headers or fields, a field chosen for two columns and
 * required fields left unmapped are problems the wizard shows before anything runs.
 */
export function planColumns(headers: string[], mapping: Mapping, fields: ImportField[]): { plan: ColumnPlan[]; problems: MappingProblem[] } {
  const problems: MappingProblem[] = [];
  const plan: ColumnPlan[] = [];
  const used = new Map<string, string>();
  for (const [header, key] of Object.entries(mapping)) {
    const index = headers.indexOf(header);
    if (index < 0) { problems.push({ field: `mapping.${header}`, message: `no column "${header}" in the file` }); continue; }
    if (key === null || key === '') continue;
    const field = fields.find((f) => f.key === key);
    if (!field) { problems.push({ field: `mapping.${header}`, message: `"${key}" is not a field you can import` }); continue; }
    const other = used.get(key);
    if (other !== undefined) { problems.push({ field: `mapping.${header}`, message: `${field.label} / ${field.labelEn} is already mapped from column "${other}"` }); continue; }
    used.set(key, header);
    plan.push({ index, header, field });
  }
  for (const f of fields) {
    if (f.required && !used.has(f.key)) problems.push({ field: f.key, message: `必填字段 ${f.label} 没有对应的列 / required field ${f.labelEn} is not mapped to a column` });
  }
  plan.sort((a, b) => a.index - b.index);
  return { plan, problems };
}

/** Names in cells, resolved once per chunk: key → ids (more than one id = ambiguous). */
export interface Lookups {
  users: Map<string, string[]>;
  departments: Map<string, string[]>;
  customers: Map<string, string[]>;
}
export const emptyLookups = (): Lookups => ({ users: new Map(), departments: new Map(), customers: new Map() });

/** How a name is compared: width, case and surrounding spaces do not matter. */
export const lookupKey = (s: string) => s.normalize('NFKC').trim().toLowerCase();

/** The distinct names each lookup kind has to resolve for these rows. */
export function lookupNeeds(rows: { cells: unknown[] }[], plan: ColumnPlan[]): Record<keyof Lookups, Set<string>> {
  const needs = { users: new Set<string>(), departments: new Set<string>(), customers: new Set<string>() };
  const kindOf = { user: 'users', department: 'departments', customer: 'customers' } as const;
  for (const col of plan) {
    const kind = kindOf[col.field.kind as keyof typeof kindOf];
    if (!kind) continue;
    for (const r of rows) {
      const t = toText(r.cells[col.index]);
      if (t.ok && t.value) needs[kind].add(t.value);
    }
  }
  return needs;
}

const ok = <T>(value: T | null): CellResult<T> => ({ ok: true, value });
const fail = <T>(code: string, message: string): CellResult<T> => ({ ok: false, error: { code, message } });

function optionList(options: FieldOption[]): string {
  const shown = options.slice(0, 8).map((o) => o.label).join('、');
  return options.length > 8 ? `${shown}…` : shown;
}

// value, Chinese and English label (normalised) → value; built once per option list, not per cell
const optionIndex = new WeakMap<FieldOption[], Map<string, string>>();

function matchOption(text: string, options: FieldOption[]): string | null {
  if (options.some((o) => o.value === text)) return text;
  let index = optionIndex.get(options);
  if (!index) {
    index = new Map();
    for (const o of [...options].reverse()) for (const l of [o.labelEn, o.label, o.value]) if (l) index.set(normaliseLabel(l), o.value);
    optionIndex.set(options, index);
  }
  return index.get(normaliseLabel(text)) ?? null;
}

const SPLIT = /[,，;；、|\n]+/;

function resolve(kind: keyof Lookups, text: string, lookups: Lookups, what: [string, string]): CellResult<string> {
  const ids = lookups[kind].get(lookupKey(text)) ?? [];
  if (ids.length === 1) return ok(ids[0]);
  if (ids.length > 1) return fail('AMBIGUOUS', `有多个${what[0]}叫“${text}”，请改用唯一标识 / more than one ${what[1]} is called "${text}"; use a unique identifier (email or number)`);
  return fail('NOT_FOUND', `找不到${what[0]}“${text}” / no ${what[1]} "${text}"`);
}

/** One cell by its field's kind; null = empty (the field is left out of the row). */
export function convertCell(raw: unknown, field: ImportField, lookups: Lookups, timeZone: string): CellResult<unknown> {
  switch (field.kind) {
    case 'phone': return toText(raw, { phone: true });
    case 'number': return toNumber(raw);
    case 'integer': {
      const n = toNumber(raw);
      return n.ok && n.value !== null && !Number.isInteger(n.value) ? fail('INVALID_NUMBER', '请填写整数 / expected a whole number') : n;
    }
    case 'date': return toDate(raw, timeZone);
    case 'datetime': return toDateTime(raw, timeZone);
    case 'boolean': return toBoolean(raw);
    default: break;
  }
  const t = toText(raw);
  if (!t.ok || t.value === null) return t;
  const text = t.value;
  switch (field.kind) {
    case 'select': {
      const v = matchOption(text, field.options ?? []);
      return v !== null ? ok(v) : fail('INVALID_OPTION', `“${text}”不是可选项（${optionList(field.options ?? [])}） / "${text}" is not one of the options`);
    }
    case 'multiselect': {
      const out: string[] = [];
      for (const part of text.split(SPLIT).map((s) => s.trim()).filter(Boolean)) {
        const v = matchOption(part, field.options ?? []);
        if (v === null) return fail('INVALID_OPTION', `“${part}”不是可选项（${optionList(field.options ?? [])}） / "${part}" is not one of the options`);
        if (!out.includes(v)) out.push(v);
      }
      return ok(out.length ? out : null);
    }
    case 'tags': {
      const tags = [...new Set(text.split(SPLIT).map((s) => s.trim()).filter(Boolean))];
      return ok(tags.length ? tags : null);
    }
    case 'user': return resolve('users', text, lookups, ['用户', 'user']);
    case 'department': return resolve('departments', text, lookups, ['部门', 'department']);
    case 'customer': return resolve('customers', text, lookups, ['客户', 'customer']);
    default: return ok(text);
  }
}

export interface CellIssue { column: string | null; message: string }
export interface ConvertedRow { values: Record<string, unknown>; errors: CellIssue[] }

/** A file row → field values as the record type's BatchCreator takes them (custom fields under `custom`). */
export function convertRow(cells: unknown[], plan: ColumnPlan[], lookups: Lookups, timeZone: string): ConvertedRow {
  const values: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  const errors: CellIssue[] = [];
  for (const col of plan) {
    const r = convertCell(cells[col.index], col.field, lookups, timeZone);
    if (!r.ok) { errors.push({ column: col.header, message: r.error.message }); continue; }
    if (r.value === null) continue;
    if (col.field.key.startsWith('custom.')) custom[col.field.key.slice(7)] = r.value;
    else values[col.field.key] = r.value;
  }
  if (Object.keys(custom).length) values.custom = custom;
  return { values, errors };
}

/** The column a creator's field error belongs to ('custom.x', 'mobile', 'tags.0' …); null when unmapped. */
export function columnOf(field: string, plan: ColumnPlan[]): string | null {
  const hit = plan.find((c) => field === c.field.key || field.startsWith(`${c.field.key}.`));
  return hit?.header ?? null;
}

/** A cell as the preview shows it: text as typed, numbers without ".0", dates as YYYY-MM-DD. */
export function previewText(raw: unknown): string | null {
  const t = toText(raw);
  return t.ok ? t.value : String(raw);
}
