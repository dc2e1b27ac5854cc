import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import type { BatchContext, RowDuplicate, RowOutcome } from '../../platform/records/batch.ts';
import { findDuplicates, type DuplicateMatch } from '../dedupe/service.ts';
import type { ParsedRow } from './batchRows.ts';
import { rejected } from './batchRows.ts';
import type { CustomerRowInput } from './input.ts';
import { customers as c } from './schema.ts';

/** What a batch does with one valid row after 查重. */
export type RowPlan = { kind: 'create' } | { kind: 'update'; targetId: string } | { kind: 'done' };

export const toRowDuplicate = (m: DuplicateMatch): RowDuplicate => ({ recordType: m.recordType, id: m.id, matchedOn: m.matchedOn });

/** The form field a match was found on, for the row's error. */
export function matchedField(matchedOn: string[]): string {
  if (matchedOn.some((k) => k === 'mobile' || k === 'phone')) return 'phone';
  if (matchedOn.includes('email')) return 'email';
  return 'name';
}

/** Exact-key matches (mobile, email, phone, company) are the same customer; a similar name only may be. */
export const isExactMatch = (m: DuplicateMatch) => m.matchedOn.some((k) => k !== 'similarName');

/**
 * Decides, per row and per duplicate policy, whether to create, update an existing customer, skip
 * or reject. The name is unique per tenant, so a row with a live customer's exact name is never
 * created: 'update' updates that customer, 'skip' skips, 'create' and 'reject' reject. Other
 * matches (phone, email, normalised or similar name, from findDuplicates) follow the policy;
 * 'update' only updates on an exact-key match and creates otherwise: a merely similar name might
 * be another company, never to be overwritten. Matches are recorded in `matches` for the caller
 * to present (POST /customers answers 409 with them).
 */
export async function planDuplicates(tx: Db, ctx: BatchContext, rows: ParsedRow<CustomerRowInput>[], outcomes: RowOutcome[], matches: Map<number, DuplicateMatch[]>): Promise<Map<number, RowPlan>> {
  const policy = ctx.duplicatePolicy;
  const names = [...new Set(rows.map((r) => r.value.name))];
  const sameName = names.length
    ? await tx
        .select({ id: c.id, name: c.name, number: c.number, ownerId: c.ownerId, ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${c.ownerId})` })
        .from(c)
        .where(and(eq(c.tenantId, ctx.tenantId), sql`${c.name} = ANY(${sql.param(names)}::text[])`, isNull(c.deletedAt)))
    : [];
  const byName = new Map(sameName.map((h) => [h.name, h]));
  const probes = rows.map((r) => ({ company: r.value.name, phone: r.value.phone || null, email: r.value.email || null }));
  // 'create' needs no look-up; 'update' acts on exact keys only, so it skips the (costly) similar-name search;
  // imports match exact keys only: a similar-name search per row would cost minutes per 100k rows and skip
  // rows by a guess the user never sees (the 查重 page shows similar names instead)
  const found = policy === 'create' || !rows.length ? rows.map(() => []) : await findDuplicates(tx, ctx.tenantId, probes, { recordTypes: ['customer'], fuzzy: policy !== 'update' && ctx.channel !== 'import' });
  const firstRowOfName = new Map<string, number>();
  const plans = new Map<number, RowPlan>();
  rows.forEach((row, i) => {
    const hit = byName.get(row.value.name);
    const others = (found[i] ?? []).filter((m) => m.recordType === 'customer' && m.id !== hit?.id);
    const settle = (o: RowOutcome) => {
      outcomes.push(o);
      plans.set(row.index, { kind: 'done' });
    };
    if (hit) {
      const dup: DuplicateMatch = { recordType: 'customer', id: hit.id, title: hit.name, number: hit.number, ownerId: hit.ownerId, ownerName: hit.ownerName, matchedOn: ['name'], similarity: 1 };
      matches.set(row.index, [dup, ...others]);
      const duplicates = [toRowDuplicate(dup)];
      if (policy === 'update') plans.set(row.index, { kind: 'update', targetId: hit.id });
      else if (policy === 'skip') settle({ index: row.index, status: 'skipped', duplicates });
      else settle(rejected(row.index, [{ field: 'name', message: 'a customer with this name already exists' }], { duplicates }));
      return;
    }
    const twin = firstRowOfName.get(row.value.name);
    if (twin !== undefined) {
      if (policy === 'skip') settle({ index: row.index, status: 'skipped' });
      else settle(rejected(row.index, [{ field: 'name', message: 'same name as another row of this batch' }]));
      return;
    }
    firstRowOfName.set(row.value.name, row.index);
    if (!others.length || policy === 'create') return void plans.set(row.index, { kind: 'create' });
    matches.set(row.index, others);
    const duplicates = others.map(toRowDuplicate);
    if (policy === 'reject') settle(rejected(row.index, [{ field: matchedField(others[0]!.matchedOn), message: 'matches an existing customer' }], { duplicates }));
    else if (policy === 'skip') settle({ index: row.index, status: 'skipped', duplicates });
    else {
      const exact = others.find(isExactMatch);
      plans.set(row.index, exact ? { kind: 'update', targetId: exact.id } : { kind: 'create' });
    }
  });
  return plans;
}
