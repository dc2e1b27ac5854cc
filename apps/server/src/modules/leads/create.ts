import { randomUUID } from 'node:crypto';
import { recordAudits } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import type { BatchContext, BatchCreator, BatchResult, NewOwnership, RowDuplicate, RowIssue, RowOutcome } from '../../platform/records/batch.ts';
import { loadCustomFieldDefs } from '../../platform/records/customFields.ts';
import { mergeCustom } from '../../platform/records/customValues.ts';
import { nextNumbers } from '../../platform/records/numbering.ts';
import { assignNewLeads } from '../assignment/apply.ts';
import { dedupeKeys, findDuplicates, type DuplicateMatch } from '../dedupe/service.ts';
import { checkReferences, checkUniqueValues } from './checks.ts';
import { countsForLead, decide, earlierTwins, toRowDuplicates } from './duplicates.ts';
import { leadRowSchema } from './input.ts';
import { assignmentSubject, CHANNEL_SOURCE, createdSnapshot, leadColumns, readRow, type AcceptedRow, type LeadInsert, type Ownership } from './rows.ts';
import { insertLeadRows } from './insertRows.ts';
import { updateFromRow } from './writes.ts';

export interface LeadBatchOptions {
  /** 'rules': leads without an explicit owner go through the assignment rules; 'me': to the actor */
  assign: 'me' | 'rules';
  /** similar company names count as duplicates too (a person creating one lead; too slow for imports) */
  fuzzy?: boolean;
}

/** The batch result plus the full duplicate matches per row index (a single create's 409 shows them). */
export interface LeadBatchResult extends BatchResult {
  matches: Map<number, DuplicateMatch[]>;
}

interface Insert { row: AcceptedRow; id: string; duplicates: RowDuplicate[] }

/**
 * The lead BatchCreator with explicit options; `createLeads` is the contract's form. Order: each
 * row's own checks → references and unique custom values (bulk) → 查重 against existing records
 * and earlier rows of the batch → the duplicate policy → owners (explicit, rules, or the actor) →
 * numbers, multi-row inserts and audit entries, all in the caller's transaction.
 */
export async function createLeadBatch(tx: Db, ctx: BatchContext, raw: Record<string, unknown>[], opts: LeadBatchOptions): Promise<LeadBatchResult> {
  const now = new Date();
  const outcomes: RowOutcome[] = [];
  const matches = new Map<number, DuplicateMatch[]>();
  const reject = (index: number, errors: RowIssue[], duplicates?: RowDuplicate[]) => {
    outcomes[index] = { index, status: 'rejected', errors, ...(duplicates ? { duplicates } : {}) };
  };

  const defs = await loadCustomFieldDefs(tx, ctx.tenantId, 'lead');
  const schema = leadRowSchema(ctx.timeZone);
  let accepted: AcceptedRow[] = [];
  raw.forEach((r, i) => {
    const read = readRow(schema, defs, ctx.actor, r, i);
    // the channel is the source unless the row names one; assignment rules read it too
    if (read.ok) accepted.push({ ...read.row, values: { ...read.row.values, source: read.row.values.source ?? CHANNEL_SOURCE[ctx.channel] } });
    else reject(i, read.errors);
  });
  accepted = await checkReferences(tx, ctx.tenantId, defs, accepted, reject);
  accepted = await checkUniqueValues(tx, ctx.tenantId, accepted, reject);

  // 查重: existing records, then earlier rows of this batch.
  const keys = accepted.map((r) => dedupeKeys(r.values));
  const found = accepted.length
    ? await findDuplicates(tx, ctx.tenantId, accepted.map((r) => ({ name: r.values.name, company: r.values.company, mobile: r.values.mobile, phone: r.values.phone, email: r.values.email })), {
        recordTypes: ['lead', 'customer', 'contact'],
        fuzzy: opts.fuzzy ?? false,
        ...(opts.fuzzy && ctx.actor ? { viewer: ctx.actor } : {}),
      })
    : [];
  const twins = earlierTwins(keys);
  const inserts: Insert[] = [];
  const insertAt = new Map<number, Insert>(); // position in `accepted` → its insert
  const updates: { row: AcceptedRow; leadId: string; duplicates: RowDuplicate[] }[] = [];
  accepted.forEach((row, pos) => {
    const existing = (found[pos] ?? []).filter(countsForLead);
    if (existing.length) matches.set(row.index, existing);
    const twin = twins.get(pos);
    const twinInsert = twin ? insertAt.get(twin.position) : undefined;
    const duplicates = [...toRowDuplicates(existing), ...(twin && twinInsert ? [{ recordType: 'lead' as const, id: twinInsert.id, matchedOn: twin.matchedOn }] : [])];
    const d = decide(ctx.duplicatePolicy, duplicates, twinInsert?.id);
    if (d.kind === 'insert') {
      const ins = { row, id: randomUUID(), duplicates: d.duplicates };
      inserts.push(ins);
      insertAt.set(pos, ins);
      outcomes[row.index] = { index: row.index, status: 'created', id: ins.id, ...(d.duplicates.length ? { duplicates: d.duplicates } : {}) };
    } else if (d.kind === 'reject') reject(row.index, d.errors, d.duplicates);
    else if (d.kind === 'skip') outcomes[row.index] = { index: row.index, status: 'skipped', duplicates: d.duplicates };
    else if (d.twin && twinInsert) {
      // the same person twice in one batch: the later row's values complete the earlier one
      twinInsert.row = mergeRows(twinInsert.row, row);
      outcomes[row.index] = { index: row.index, status: 'updated', id: twinInsert.id, duplicates: d.duplicates };
    } else updates.push({ row, leadId: d.leadId, duplicates: d.duplicates });
  });

  const owners = await decideOwners(tx, ctx, inserts, opts);
  const numbers = await nextNumbers(tx, ctx.tenantId, 'lead', inserts.length, now, ctx.timeZone);
  const columns: LeadInsert[] = inserts.map((ins, i) => ({
    id: ins.id,
    number: numbers[i]!,
    ...leadColumns(ins.row, mergeCustom({}, ins.row.custom.values), owners[i]!, { tenantId: ctx.tenantId, channel: ctx.channel, sourceDetail: ctx.sourceDetail, createdBy: ctx.actor?.userId ?? null, now }),
  }));
  await insertLeadRows(tx, columns);
  const data = ctx.channel === 'manual' ? {} : { channel: ctx.channel };
  await recordAudits(tx, ctx.src, columns.map((c) => ({
    action: 'create', recordType: 'lead', recordId: c.id!, before: null, after: createdSnapshot(c),
    data: c.assignmentRuleId ? { ...data, assignmentRuleId: c.assignmentRuleId } : data,
  })));

  for (const u of updates) {
    const done = await updateFromRow(tx, ctx, u.leadId, u.row);
    outcomes[u.row.index] = done.ok
      ? { index: u.row.index, status: 'updated', id: u.leadId, duplicates: u.duplicates }
      : { index: u.row.index, status: 'rejected', errors: [{ field: '(row)', message: done.message }], duplicates: u.duplicates };
  }

  const assignments: NewOwnership[] = columns
    .filter((c) => c.ownerId && c.ownerId !== ctx.actor?.userId)
    .map((c) => ({ recordType: 'lead', recordId: c.id!, ownerId: c.ownerId!, title: c.company ? `${c.name} · ${c.company}` : c.name, ruleId: c.assignmentRuleId ?? null }));
  return { outcomes, assignments, matches };
}

/** Explicit owner > assignment rules (owner or pool) > the acting person; anonymous rows may stay unassigned. */
async function decideOwners(tx: Db, ctx: BatchContext, inserts: Insert[], opts: LeadBatchOptions): Promise<Ownership[]> {
  const byRules = opts.assign === 'rules' ? inserts.filter((i) => !i.row.values.ownerId) : [];
  const decisions = byRules.length ? await assignNewLeads(tx, ctx.tenantId, byRules.map((i) => assignmentSubject(i.row.values))) : [];
  const decided = new Map(byRules.map((ins, k) => [ins, decisions[k]!]));
  const fallback: Ownership = { ownerId: ctx.actor?.userId ?? null, poolId: null, ruleId: null };
  return inserts.map((ins) => {
    if (ins.row.values.ownerId) return { ownerId: ins.row.values.ownerId, poolId: null, ruleId: null };
    const d = decided.get(ins);
    return d && (d.ownerId || d.poolId) ? d : fallback;
  });
}

/** An earlier row completed by a later one: the later row's given values win, custom values merge. */
function mergeRows(first: AcceptedRow, later: AcceptedRow): AcceptedRow {
  const given = Object.fromEntries(Object.entries(later.values).filter(([k, v]) => v !== undefined && v !== null && k !== 'custom' && k !== 'ownerId'));
  return {
    index: first.index,
    values: { ...first.values, ...given },
    custom: { ...first.custom, values: { ...first.custom.values, ...later.custom.values } },
  };
}

/** The contract's BatchCreator: people create for themselves, every other channel goes through the rules. */
export const createLeads: BatchCreator = (tx, ctx, rows) =>
  createLeadBatch(tx, ctx, rows, { assign: ctx.channel === 'manual' ? 'me' : 'rules' });
