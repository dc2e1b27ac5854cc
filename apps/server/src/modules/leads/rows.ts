// Pure steps of creating leads in bulk: reading a row, who may set which field, and the columns
// an accepted row becomes. No I/O; create.ts does the database work around these.
import type { z } from 'zod';
import type { Actor } from '../../platform/auth/actor.ts';
import { can, fieldAccess } from '../../platform/permissions/effective.ts';
import type { CaptureChannel, RowIssue } from '../../platform/records/batch.ts';
import { validateCustomValues, type CustomCheck, type CustomFieldDef } from '../../platform/records/customValues.ts';
import { dedupeKeys } from '../dedupe/service.ts';
import type { LeadRowInput, leadRowSchema } from './input.ts';
import type { leads } from './schema.ts';

export type LeadInsert = typeof leads.$inferInsert;

/** A row that passed its own checks; what happens next depends on duplicates and owners. */
export interface AcceptedRow {
  index: number;
  values: LeadRowInput;
  custom: CustomCheck;
}

export type ReadResult = { ok: true; row: AcceptedRow } | { ok: false; errors: RowIssue[] };

const issuesOf = (error: z.ZodError): RowIssue[] =>
  error.issues.flatMap((i) => {
    const keys = (i as { keys?: string[] }).keys;
    if (i.code === 'unrecognized_keys' && keys) return keys.map((k) => ({ field: k, message: 'unknown field' }));
    return [{ field: i.path.map(String).join('.') || '(row)', message: i.message }];
  });

/**
 * One raw row → checked values, or the reasons it is refused: format (zod), fields the actor may
 * not write, an owner the actor may not choose, custom-field values (references and uniqueness are
 * checked later in bulk).
 */
export function readRow(schema: ReturnType<typeof leadRowSchema>, defs: CustomFieldDef[], actor: Actor | null, raw: unknown, index: number): ReadResult {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: [{ field: '(row)', message: 'must be an object of field values' }] };
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: issuesOf(parsed.error) };
  const values = parsed.data;
  const errors: RowIssue[] = [];
  if (actor) {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined || v === null || k === 'ownerId' || k === 'custom') continue;
      if (fieldAccess(actor.perms, 'lead', k) !== 'editable') errors.push({ field: k, message: 'read-only for your role' });
    }
    for (const k of Object.keys(values.custom ?? {})) {
      if (fieldAccess(actor.perms, 'lead', `custom.${k}`) !== 'editable') errors.push({ field: `custom.${k}`, message: 'read-only for your role' });
    }
    if (values.ownerId && values.ownerId !== actor.userId && !can(actor.perms, 'lead', 'transfer')) {
      errors.push({ field: 'ownerId', message: 'you may not give leads to someone else' });
    }
  }
  const custom = validateCustomValues(defs, values.custom ?? {}, 'create');
  errors.push(...custom.issues);
  return errors.length ? { ok: false, errors } : { ok: true, row: { index, values, custom } };
}

/** The channel a lead came through is its source unless the row names one. */
export const CHANNEL_SOURCE: Record<CaptureChannel, string | null> = { manual: null, api: 'api', webForm: 'webForm', import: 'import' };

export interface Ownership {
  ownerId: string | null;
  poolId: string | null;
  ruleId: string | null;
}

/** The columns of a new lead (id and number assigned by the caller). */
export function leadColumns(
  row: AcceptedRow,
  custom: Record<string, unknown>,
  own: Ownership,
  ctx: { tenantId: string; channel: CaptureChannel; sourceDetail?: Record<string, unknown>; createdBy: string | null; now: Date },
): Omit<LeadInsert, 'id' | 'number'> {
  const { ownerId: _o, custom: _c, budget, status, ...fields } = row.values;
  const contacted = status === 'contacting' || status === 'qualified';
  return {
    ...fields,
    tenantId: ctx.tenantId,
    name: fields.name!,
    source: fields.source ?? CHANNEL_SOURCE[ctx.channel],
    sourceDetail: ctx.sourceDetail ?? {},
    budget: budget === null || budget === undefined ? null : String(budget),
    status: status ?? 'new',
    invalidReason: status === 'invalid' ? fields.invalidReason : null,
    firstContactedAt: contacted ? (fields.lastFollowupAt ?? ctx.now) : null,
    tags: fields.tags ?? [],
    custom,
    ownerId: own.ownerId,
    ownerSince: own.ownerId ? ctx.now : null,
    assignedAt: own.ownerId ? ctx.now : null,
    assignmentRuleId: own.ruleId,
    poolId: own.ownerId ? null : own.poolId,
    poolEnteredAt: !own.ownerId && own.poolId ? ctx.now : null,
    ...dedupeKeys(row.values),
    createdBy: ctx.createdBy,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}

/** The audited state of a new lead: the values it was given, without empty ones. */
export function createdSnapshot(cols: Omit<LeadInsert, 'id'>): Record<string, unknown> {
  const skip = new Set(['tenantId', 'createdBy', 'createdAt', 'updatedAt', 'mobileNorm', 'emailNorm', 'companyNorm', 'sourceDetail', 'assignedAt', 'ownerSince', 'poolEnteredAt']);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(cols)) {
    if (skip.has(k) || v === null || v === undefined) continue;
    if (Array.isArray(v) && v.length === 0) continue;
    if (k === 'custom' && Object.keys(v as object).length === 0) continue;
    out[k] = k === 'budget' ? Number(v) : v;
  }
  return out;
}

/** What assignment rules read: the lead's values by API name, dates as ISO strings. */
export function assignmentSubject(values: LeadRowInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null) out[k] = v instanceof Date ? v.toISOString() : v;
  return out;
}
