/**
 * Templates of node texts: `{{record.name}}`, `{{customer.grade}}`, `{{triggerUser.name}}`,
 * `{{now+3d|date}}`, `{{record.nextFollowupAt-1d|datetime}}`. Pure, and deliberately tiny: a
 * placeholder is a dotted path, an optional `+N`/`-N` with unit d/h/m, and an optional formatter
 * (date, datetime, json). Nothing is evaluated as code.
 *
 * Paths:
 *  - `record.<field>` (also `record.custom.<key>`): the flow's record as the API shows it;
 *  - `customer.*`, `owner.*`, `ownerManager.*`, `triggerUser.*` (and whatever else the runtime puts in
 *    `input.related`): related records / users;
 *  - `trigger.at`, `trigger.type`, `trigger.userId`, `trigger.userName`, `trigger.payload.<key>` (webhook JSON, the
 *    follow-up of a followupLogged trigger …): the trigger;
 *  - `now`: the step's time.
 * A missing value renders as the empty string. Date values (`now`, `trigger.at`, any arithmetic
 * result) without a formatter render as `YYYY-MM-DD HH:mm` in the tenant zone; date-only values
 * ('YYYY-MM-DD') stay dates under day arithmetic. `|json` renders a JSON literal (for webhook bodies).
 */
import { parseDateOnly, parseDateTime } from '@loopline/shared';
import type { NodeInput } from './types.ts';

export const TEMPLATE_FORMATTERS = ['date', 'datetime', 'json'] as const;
export type TemplateFormatter = (typeof TEMPLATE_FORMATTERS)[number];

export interface TemplateExpr {
  /** the placeholder as written, `{{ … }}` included */
  raw: string;
  path: string;
  shift: { sign: 1 | -1; amount: number; unit: 'd' | 'h' | 'm' } | null;
  format: TemplateFormatter | null;
}

const PLACEHOLDER_RE = /\{\{([^{}]*)\}\}/g;
const EXPR_RE = /^\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*(?:([+-])\s*(\d{1,6})\s*([dhm]))?\s*(?:\|\s*([A-Za-z]+)\s*)?$/;

/** Parses one placeholder body (between the braces); a string = why it is not a valid placeholder. */
export function parseTemplateExpr(raw: string): TemplateExpr | string {
  const inner = raw.slice(2, -2);
  const m = EXPR_RE.exec(inner);
  if (!m) return `无法识别的占位符 ${raw}`;
  const format = m[5] ?? null;
  if (format !== null && !(TEMPLATE_FORMATTERS as readonly string[]).includes(format)) return `占位符 ${raw} 使用了未知的格式 ${format}（可用：date、datetime、json）`;
  return {
    raw,
    path: m[1],
    shift: m[2] ? { sign: m[2] === '-' ? -1 : 1, amount: Number(m[3]), unit: m[4] as 'd' | 'h' | 'm' } : null,
    format: format as TemplateFormatter | null,
  };
}

function placeholders(text: string): string[] {
  return text.match(PLACEHOLDER_RE) ?? [];
}

/** Every `{{path}}` in a template (validation checks each exists), in order, without duplicates. */
export function templatePaths(text: string): string[] {
  const out: string[] = [];
  for (const raw of placeholders(text)) {
    const e = parseTemplateExpr(raw);
    if (typeof e !== 'string' && !out.includes(e.path)) out.push(e.path);
  }
  return out;
}

/** Syntax problems of a template (unreadable placeholders, unknown formatters), in Chinese. */
export function templateErrors(text: string): string[] {
  const out: string[] = [];
  for (const raw of placeholders(text)) {
    const e = parseTemplateExpr(raw);
    if (typeof e === 'string') out.push(e);
  }
  return out;
}

/**
 * Paths the engine itself provides for every flow (now, trigger.*): validation does not ask the
 * CheckContext about them. `trigger.payload.*` is free-form (webhook JSON), so any key is allowed.
 */
export function isEngineTemplatePath(path: string): boolean {
  return path === 'now' || path === 'trigger.at' || path === 'trigger.type' || path === 'trigger.userId' || path === 'trigger.userName' || path.startsWith('trigger.payload.');
}

// ------------------------------------------------------------------ values

/** Own properties only: `{{record.constructor}}` or `__proto__` never reach anything. */
function walk(value: unknown, parts: string[]): unknown {
  let cur = value;
  for (const part of parts) {
    if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, part)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** The raw value a path names in this input (undefined when missing). */
export function templateValue(path: string, input: NodeInput): unknown {
  if (path === 'now') return input.now;
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return undefined;
  if (head === 'trigger') {
    if (path === 'trigger.at') return input.trigger.at;
    if (path === 'trigger.type') return input.trigger.type;
    if (path === 'trigger.userId') return input.trigger.userId;
    if (path === 'trigger.userName') return input.trigger.userName ?? input.related.triggerUser?.name ?? undefined;
    if (rest[0] === 'payload') return walk(input.trigger.payload, rest.slice(1));
    return undefined;
  }
  const base = head === 'record' ? input.record : Object.hasOwn(input.related, head) ? input.related[head] : undefined;
  if (!base) return undefined;
  // custom values are also flat `custom.<key>` keys on the record
  const flat = rest.join('.');
  if (rest.length > 1 && Object.hasOwn(base, flat)) return base[flat];
  return walk(base, rest);
}

type Temporal = { kind: 'date'; date: string } | { kind: 'instant'; ms: number };

function asTemporal(v: unknown, timeZone: string): Temporal | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : { kind: 'instant', ms: v.getTime() };
  if (typeof v !== 'string') return null;
  const day = parseDateOnly(v);
  if (day) return { kind: 'date', date: day };
  const ms = parseDateTime(v, timeZone);
  if (ms !== null) return { kind: 'instant', ms };
  const parsed = Date.parse(v); // e.g. toString() forms from older data
  return Number.isNaN(parsed) ? null : { kind: 'instant', ms: parsed };
}

const UNIT_MS = { d: 86_400_000, h: 3_600_000, m: 60_000 } as const;

function shiftDate(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d) + days * UNIT_MS.d).toISOString().slice(0, 10);
}

function shiftTemporal(t: Temporal, shift: NonNullable<TemplateExpr['shift']>, timeZone: string): Temporal {
  if (t.kind === 'date') {
    if (shift.unit === 'd') return { kind: 'date', date: shiftDate(t.date, shift.sign * shift.amount) };
    t = { kind: 'instant', ms: parseDateTime(`${t.date}T00:00`, timeZone)! };
  }
  return { kind: 'instant', ms: t.ms + shift.sign * shift.amount * UNIT_MS[shift.unit] };
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();
function wall(ms: number, timeZone: string): Record<string, string> {
  let f = partsFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    partsFormatters.set(timeZone, f);
  }
  const out: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== 'literal') out[p.type] = p.value;
  return out;
}

/** 'YYYY-MM-DD' of an instant in the zone. */
export function formatZonedDate(ms: number, timeZone: string): string {
  const w = wall(ms, timeZone);
  return `${w.year.padStart(4, '0')}-${w.month}-${w.day}`;
}

/** 'YYYY-MM-DD HH:mm' of an instant in the zone. */
export function formatZonedDateTime(ms: number, timeZone: string): string {
  const w = wall(ms, timeZone);
  return `${formatZonedDate(ms, timeZone)} ${w.hour}:${w.minute}`;
}

function formatTemporal(t: Temporal, format: TemplateFormatter | null, timeZone: string): string {
  if (t.kind === 'date') return format === 'json' ? JSON.stringify(t.date) : t.date;
  const text = format === 'date' ? formatZonedDate(t.ms, timeZone) : formatZonedDateTime(t.ms, timeZone);
  return format === 'json' ? JSON.stringify(new Date(t.ms).toISOString()) : text;
}

function plain(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return v.map(plain).join('、');
  try {
    return JSON.stringify(v);
  } catch {
    return '';
  }
}

function renderExpr(e: TemplateExpr, input: NodeInput): string {
  const v = templateValue(e.path, input);
  const tz = input.timeZone;
  if (e.shift || e.format === 'date' || e.format === 'datetime' || v instanceof Date) {
    const t = asTemporal(v, tz);
    if (!t) return e.format === 'json' ? 'null' : e.shift || e.format ? '' : plain(v);
    return formatTemporal(e.shift ? shiftTemporal(t, e.shift, tz) : t, e.format, tz);
  }
  if (e.format === 'json') return v === undefined ? 'null' : JSON.stringify(v) ?? 'null';
  return plain(v);
}

/** The text with every valid placeholder replaced; unreadable placeholders are left as written. */
export function renderTemplate(text: string, input: NodeInput): string {
  return text.replace(PLACEHOLDER_RE, (raw) => {
    const e = parseTemplateExpr(raw);
    return typeof e === 'string' ? raw : renderExpr(e, input);
  });
}

/** Template fields of a user (owner, ownerManager, triggerUser): what FlowUser carries. */
export const USER_TEMPLATE_FIELDS = ['id', 'name', 'email'] as const;

/**
 * A `CheckContext.knowsPath` built from field lists: `record.<key>` for each key of the record
 * type (catalog keys such as `name` or `custom.budget`, plus `id`), `<related>.<key>` for each
 * related record (customer …); owner / ownerManager / triggerUser are users. Engine paths (now,
 * trigger.*) are always known. Deeper paths into a known field (a JSON value) are accepted.
 */
export function templatePathChecker(opts: { recordFields: Iterable<string>; related?: Record<string, Iterable<string>> }): (path: string) => boolean {
  const known = new Set<string>(['record.id']);
  for (const f of opts.recordFields) known.add(`record.${f}`);
  for (const who of ['owner', 'ownerManager', 'triggerUser']) for (const f of USER_TEMPLATE_FIELDS) known.add(`${who}.${f}`);
  for (const [name, fields] of Object.entries(opts.related ?? {})) {
    known.add(`${name}.id`);
    for (const f of fields) known.add(`${name}.${f}`);
  }
  return (path) => {
    if (isEngineTemplatePath(path)) return true;
    const parts = path.split('.');
    for (let i = parts.length; i >= 2; i--) if (known.has(parts.slice(0, i).join('.'))) return true;
    return false;
  };
}
