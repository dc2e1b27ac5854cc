import { sql } from 'drizzle-orm';
import type { ZodError, ZodType } from 'zod';
import type { RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows as queryRows } from '../../platform/db/query.ts';
import { AppError } from '../../platform/http/errors.ts';
import { fieldAccess } from '../../platform/permissions/effective.ts';
import type { RowIssue, RowOutcome } from '../../platform/records/batch.ts';
import { checkCustomInput, type CustomFieldRow } from '../../platform/records/customFields.ts';
import { validateCustomValues, type CustomFieldDef } from '../../platform/records/customValues.ts';
import type { RecordTypeDef } from '../../platform/records/registry.ts';
import { assertOwnershipCaps } from '../publicPool/caps.ts';

// Steps every BatchCreator of this module shares: read rows, check custom values, owners and caps.

export const rejected = (index: number, errors: RowIssue[], extra: Partial<RowOutcome> = {}): RowOutcome => ({ index, status: 'rejected', errors, ...extra });

/** Zod issues as field errors; unknown keys are named one by one, like the API's 400s. */
export function zodIssues(err: ZodError): RowIssue[] {
  return err.issues.flatMap((i) => {
    const keys = (i as { keys?: string[] }).keys;
    if (i.code === 'unrecognized_keys' && keys) return keys.map((k) => ({ field: [...i.path, k].join('.'), message: 'unknown field' }));
    return [{ field: i.path.map(String).join('.') || '(row)', message: i.message }];
  });
}

/** Fields of a row the actor may not write (read-only or hidden for their role). */
export function readOnlyFields(actor: Actor | null, recordType: RecordType, value: Record<string, unknown>): RowIssue[] {
  if (!actor) return [];
  const keys = Object.keys(value).flatMap((k) =>
    k === 'custom' && value.custom && typeof value.custom === 'object' ? Object.keys(value.custom).map((c) => `custom.${c}`) : [k],
  );
  return keys.filter((k) => fieldAccess(actor.perms, recordType, k) !== 'editable').map((field) => ({ field, message: 'read-only for your role' }));
}

export interface ParsedRow<T> { index: number; value: T }

/** Validates each row; bad rows become rejected outcomes naming each field, the rest are returned parsed. */
export function parseRows<T extends Record<string, unknown>>(actor: Actor | null, recordType: RecordType, schema: ZodType<T>, rows: Record<string, unknown>[], outcomes: RowOutcome[]): ParsedRow<T>[] {
  const ok: ParsedRow<T>[] = [];
  rows.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return void outcomes.push(rejected(index, zodIssues(parsed.error)));
    const blocked = readOnlyFields(actor, recordType, parsed.data);
    if (blocked.length) return void outcomes.push(rejected(index, blocked));
    ok.push({ index, value: parsed.data });
  });
  return ok;
}

/**
 * Custom values' formats (types, options, patterns) before anything else, so a row is told what to
 * fix before it is told it may be a duplicate. Only the keys given are checked here (an 'update'
 * row need not carry every required field); references, uniqueness and required fields of new
 * records are checked by checkCustomRows once the row is known to be created.
 */
export function precheckCustom<T extends { custom?: Record<string, unknown> }>(defs: CustomFieldDef[], rows: ParsedRow<T>[], outcomes: RowOutcome[]): ParsedRow<T>[] {
  return rows.filter((row) => {
    if (!row.value.custom || !Object.keys(row.value.custom).length) return true;
    const { issues } = validateCustomValues(defs, row.value.custom, 'update');
    if (issues.length) outcomes.push(rejected(row.index, issues));
    return !issues.length;
  });
}

/** The field errors of an AppError (rethrows anything else: a bug, not a bad row). */
export function issuesOf(err: unknown, fallbackField = 'custom'): RowIssue[] {
  if (!(err instanceof AppError)) throw err;
  const fields = (err.details as { fields?: RowIssue[] } | undefined)?.fields;
  return fields?.length ? fields : [{ field: fallbackField, message: err.message }];
}

/**
 * Custom values of new rows, validated and normalised; rows with bad values are rejected. Values
 * that must be unique are also unique within the batch (the database check cannot see rows not
 * inserted yet).
 */
export async function checkCustomRows(
  tx: Db, tenantId: string, def: RecordTypeDef, defs: CustomFieldRow[], rows: ParsedRow<{ custom?: Record<string, unknown> }>[], outcomes: RowOutcome[],
  failures?: Map<number, AppError>,
): Promise<Map<number, Record<string, unknown>>> {
  const out = new Map<number, Record<string, unknown>>();
  const uniqueKeys = defs.filter((d) => d.isUnique).map((d) => d.key);
  const seen = new Set<string>();
  for (const row of rows) {
    if (!defs.length) {
      if (row.value.custom && Object.keys(row.value.custom).length) outcomes.push(rejected(row.index, Object.keys(row.value.custom).map((k) => ({ field: `custom.${k}`, message: 'unknown field' }))));
      else out.set(row.index, {});
      continue;
    }
    try {
      const values = await checkCustomInput(tx, tenantId, def, defs, row.value.custom ?? {}, 'create');
      const twins = uniqueKeys.filter((k) => values[k] !== undefined && values[k] !== null && seen.has(`${k}\u0000${JSON.stringify(values[k])}`));
      if (twins.length) {
        outcomes.push(rejected(row.index, twins.map((k) => ({ field: `custom.${k}`, message: 'same value as another row of this batch' }))));
        continue;
      }
      for (const k of uniqueKeys) if (values[k] !== undefined && values[k] !== null) seen.add(`${k}\u0000${JSON.stringify(values[k])}`);
      out.set(row.index, Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null)));
    } catch (err) {
      outcomes.push(rejected(row.index, issuesOf(err)));
      failures?.set(row.index, err as AppError);
    }
  }
  return out;
}

/** Which of the given user ids are active users of the tenant (one query). */
export async function activeUserIds(tx: Db, tenantId: string, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Set();
  const found = await queryRows<{ id: string }>(tx, sql`SELECT id::text AS id FROM users WHERE tenant_id = ${tenantId} AND status = 'active'
    AND id = ANY(${sql.param(unique)}::uuid[])`);
  return new Set(found.map((r) => r.id));
}

/**
 * How many of `items` (in order) a user may gain without passing their ownership caps: all of them
 * when they fit, otherwise the longest prefix that does (binary search over the cap check), and
 * the cap error that stopped the rest.
 */
export async function fitUnderCaps(tx: Db, tenantId: string, userId: string, items: { locked: boolean }[]): Promise<{ fit: number; error: AppError | null }> {
  const gain = (n: number) => ({ userId, customers: n, locked: items.slice(0, n).filter((i) => i.locked).length });
  const attempt = async (n: number): Promise<AppError | null> => {
    try {
      await assertOwnershipCaps(tx, tenantId, [gain(n)]);
      return null;
    } catch (err) {
      if (err instanceof AppError) return err;
      throw err;
    }
  };
  const first = await attempt(items.length);
  if (!first) return { fit: items.length, error: null };
  let lo = 0;
  let hi = items.length - 1; // the answer is in [lo, hi]
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (await attempt(mid)) hi = mid - 1;
    else lo = mid;
  }
  return { fit: lo, error: first };
}
