/** Follow-up records (跟进记录): logging one, listing, editing, deleting. */
import { and, count, desc, eq, gte, inArray, isNull, lte, sql, type SQL } from 'drizzle-orm';
import { FOLLOWUP_MAX_YEARS_AHEAD, type Followup, type FollowupFile, type FollowupRecordType, type FollowupType, type FollowupOutcome } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit, type AuditSource } from '../../platform/audit/audit.ts';
import type { Db } from '../../platform/db/client.ts';
import { files } from '../../platform/db/schema.ts';
import { inTransaction } from '../../platform/db/transaction.ts';
import { fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { can } from '../../platform/permissions/effective.ts';
import { contacts } from '../contacts/schema.ts';
import type { CreateFollowupInput, ListFollowupsQuery, UpdateFollowupInput } from './input.ts';
import { visibleFollowups, visibleParent, type Parent } from './parents.ts';
import { updateFollowupFields } from './recordFields.ts';
import { followups as f, type FollowupRow } from './schema.ts';

// ---------------------------------------------------------------------------------------------
// Reading

const followupSelect = {
  id: f.id, recordType: f.recordType, recordId: f.recordId, customerId: f.customerId, type: f.type, content: f.content, outcome: f.outcome,
  nextStep: f.nextStep, nextFollowupAt: f.nextFollowupAt, contactIds: f.contactIds, fileIds: f.fileIds, location: f.location,
  ownerId: f.ownerId, createdAt: f.createdAt, updatedAt: f.updatedAt,
  ownerName: sql<string | null>`(SELECT u.name FROM users u WHERE u.id = ${f.ownerId})`.as('owner_name'),
  recordName: sql<string | null>`CASE ${f.recordType}
    WHEN 'lead' THEN (SELECT x.name FROM leads x WHERE x.id = ${f.recordId})
    WHEN 'customer' THEN (SELECT x.name FROM customers x WHERE x.id = ${f.recordId})
    WHEN 'contact' THEN (SELECT x.name FROM contacts x WHERE x.id = ${f.recordId}) END`.as('record_name'),
};
type Selected = Omit<FollowupRow, 'tenantId' | 'deletedAt'> & { ownerName: string | null; recordName: string | null };

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Who may change a follow-up: its author (with edit rights on follow-ups) or an administrator. */
export function mayChange(actor: Actor, ownerId: string): boolean {
  return actor.perms.admin || (ownerId === actor.userId && can(actor.perms, 'activity', 'edit'));
}

/** Rows → DTOs, with the names of their contacts and files in two look-ups for the whole page. */
async function present(db: Db, actor: Actor, found: Selected[]): Promise<Followup[]> {
  const contactIds = [...new Set(found.flatMap((r) => r.contactIds))];
  const fileIds = [...new Set(found.flatMap((r) => r.fileIds))];
  const names = new Map<string, string>();
  if (contactIds.length) {
    for (const c of await db.select({ id: contacts.id, name: contacts.name }).from(contacts).where(and(eq(contacts.tenantId, actor.tenantId), inArray(contacts.id, contactIds)))) names.set(c.id, c.name);
  }
  const fileMeta = new Map<string, FollowupFile>();
  if (fileIds.length) {
    for (const x of await db.select({ id: files.id, name: files.name, size: files.size, mimeType: files.mimeType }).from(files).where(and(eq(files.tenantId, actor.tenantId), inArray(files.id, fileIds)))) fileMeta.set(x.id, x);
  }
  return found.map((r) => ({
    id: r.id,
    recordType: r.recordType as FollowupRecordType,
    recordId: r.recordId,
    recordName: r.recordName,
    customerId: r.customerId,
    type: r.type as FollowupType,
    content: r.content,
    outcome: r.outcome as FollowupOutcome | null,
    nextStep: r.nextStep,
    nextFollowupAt: iso(r.nextFollowupAt),
    contactIds: r.contactIds,
    contacts: r.contactIds.filter((id) => names.has(id)).map((id) => ({ id, name: names.get(id)! })),
    files: r.fileIds.map((id) => fileMeta.get(id)).filter((x): x is FollowupFile => Boolean(x)),
    location: r.location ?? null,
    ownerId: r.ownerId,
    ownerName: r.ownerName,
    createdAt: iso(r.createdAt)!,
    updatedAt: iso(r.updatedAt)!,
    editable: mayChange(actor, r.ownerId),
  }));
}

async function loadRow(db: Db, actor: Actor, id: string): Promise<Selected> {
  const [row] = await db.select(followupSelect).from(f).where(and(eq(f.id, id), eq(f.tenantId, actor.tenantId), isNull(f.deletedAt), visibleFollowups(actor, f)));
  if (!row) throw notFound('follow-up');
  return row as Selected;
}

export async function getFollowup(db: Db, actor: Actor, id: string): Promise<Followup> {
  return (await present(db, actor, [await loadRow(db, actor, id)]))[0]!;
}

/**
 * A record's follow-ups (a customer's include its contacts'), mine, or all I may see; newest first.
 */
export async function listFollowups(db: Db, actor: Actor, q: ListFollowupsQuery): Promise<{ items: Followup[]; total: number }> {
  if (q.recordId && !q.recordType) throw fieldError('recordType', 'required with recordId');
  const where: (SQL | undefined)[] = [eq(f.tenantId, actor.tenantId), isNull(f.deletedAt)];
  if (q.recordType && q.recordId) {
    await visibleParent(db, actor, q.recordType, q.recordId);
    where.push(q.recordType === 'customer' ? eq(f.customerId, q.recordId) : and(eq(f.recordType, q.recordType), eq(f.recordId, q.recordId)));
  } else {
    if (q.recordType) where.push(eq(f.recordType, q.recordType));
    where.push(q.mine ? eq(f.ownerId, actor.userId) : visibleFollowups(actor, f));
  }
  if (q.recordId && q.mine) where.push(eq(f.ownerId, actor.userId));
  if (q.type) where.push(eq(f.type, q.type));
  if (q.outcome) where.push(eq(f.outcome, q.outcome));
  if (q.from) where.push(gte(f.createdAt, new Date(q.from)));
  if (q.to) where.push(lte(f.createdAt, new Date(q.to)));
  const cond = and(...where);
  const [total] = await db.select({ n: count() }).from(f).where(cond);
  const found = await db.select(followupSelect).from(f).where(cond).orderBy(desc(f.createdAt), desc(f.id)).limit(q.pageSize).offset((q.page - 1) * q.pageSize);
  return { items: await present(db, actor, found as Selected[]), total: Number(total?.n ?? 0) };
}

// ---------------------------------------------------------------------------------------------
// Checks of what a follow-up refers to

/** Far-future dates are typos; a time in the past is allowed (logged late, it shows as overdue). */
export function checkNextFollowupAt(value: string | null | undefined, now: Date): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const at = new Date(value);
  const limit = new Date(now);
  limit.setFullYear(limit.getFullYear() + FOLLOWUP_MAX_YEARS_AHEAD);
  if (at.getTime() > limit.getTime()) throw fieldError('nextFollowupAt', `must be within ${FOLLOWUP_MAX_YEARS_AHEAD} years`);
  return at;
}

/** Related contacts: existing contacts of the follow-up's customer (any contact when it has none). */
async function checkContacts(tx: Db, actor: Actor, parent: Parent, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await tx.select({ id: contacts.id, customerId: contacts.customerId }).from(contacts)
    .where(and(eq(contacts.tenantId, actor.tenantId), inArray(contacts.id, unique), isNull(contacts.deletedAt)));
  const ok = new Set(found.filter((c) => !parent.customerId || c.customerId === parent.customerId).map((c) => c.id));
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length) throw fieldError('contactIds', `not contacts of this customer: ${bad.join(', ')}`);
  return unique;
}

/**
 * Attachments: files already attached to the record, or uploaded by the actor and not attached yet
 * (those are attached to the record now, so the record's Files tab lists them too).
 */
async function checkFiles(tx: Db, actor: Actor, parent: Parent, ids: string[]): Promise<string[]> {
  const unique = [...new Set(ids)];
  if (!unique.length) return [];
  const found = await tx.select({ id: files.id, recordType: files.recordType, recordId: files.recordId, uploadedBy: files.uploadedBy }).from(files)
    .where(and(eq(files.tenantId, actor.tenantId), inArray(files.id, unique)));
  const onRecord = (x: (typeof found)[number]) => x.recordType === parent.recordType && x.recordId === parent.id;
  const loose = (x: (typeof found)[number]) => !x.recordType && x.uploadedBy === actor.userId;
  const ok = new Set(found.filter((x) => onRecord(x) || loose(x)).map((x) => x.id));
  const bad = unique.filter((id) => !ok.has(id));
  if (bad.length) throw fieldError('fileIds', `files not found on this record: ${bad.join(', ')}`);
  const attach = found.filter(loose).map((x) => x.id);
  if (attach.length) await tx.update(files).set({ recordType: parent.recordType, recordId: parent.id }).where(and(eq(files.tenantId, actor.tenantId), inArray(files.id, attach)));
  return unique;
}

/** What flows and the audit trail see of a follow-up; flows read recordType/recordId/outcome. */
function auditView(r: Pick<FollowupRow, 'recordType' | 'recordId' | 'customerId' | 'type' | 'outcome' | 'content' | 'nextStep' | 'nextFollowupAt' | 'contactIds' | 'fileIds' | 'location' | 'ownerId'>) {
  return {
    recordType: r.recordType, recordId: r.recordId, customerId: r.customerId, type: r.type, outcome: r.outcome, content: r.content,
    nextStep: r.nextStep, nextFollowupAt: r.nextFollowupAt ? r.nextFollowupAt.toISOString() : null, contactIds: r.contactIds, fileIds: r.fileIds,
    location: r.location ?? null, ownerId: r.ownerId,
  };
}

const lastContent = (content: string) => (content.length > 500 ? `${content.slice(0, 499)}…` : content);

// ---------------------------------------------------------------------------------------------
// Writing

/**
 * Logs a follow-up: the row, its audit entry (flows' followupLogged trigger reads it) and the
 * record's last/next follow-up fields, in one transaction. A contact's customer counts as followed
 * up too (the pool rules read the customer's last follow-up).
 */
export async function createFollowup(db: Db, actor: Actor, src: AuditSource, input: CreateFollowupInput, now = new Date()): Promise<Followup> {
  const nextAt = checkNextFollowupAt(input.nextFollowupAt, now);
  const id = await inTransaction(db, async (tx) => {
    const parent = await visibleParent(tx, actor, input.recordType, input.recordId, true);
    const contactIds = await checkContacts(tx, actor, parent, input.contactIds ?? []);
    const fileIds = await checkFiles(tx, actor, parent, input.fileIds ?? []);
    const location = input.location ? { ...input.location, at: input.location.at ?? now.toISOString() } : null;
    const [row] = await tx.insert(f).values({
      tenantId: actor.tenantId, recordType: parent.recordType, recordId: parent.id, customerId: parent.customerId,
      type: input.type, content: input.content, outcome: input.outcome ?? null, nextStep: input.nextStep || null, nextFollowupAt: nextAt ?? null,
      contactIds, fileIds, location, ownerId: actor.userId, createdAt: now, updatedAt: now,
    }).returning();
    await recordAudit(tx, src, { action: 'create', recordType: 'activity', recordId: row!.id, after: auditView(row!) });
    const data = { followup: { id: row!.id, type: row!.type, outcome: row!.outcome } };
    await updateFollowupFields(tx, src, { tenantId: actor.tenantId, recordType: parent.recordType, recordId: parent.id },
      { lastFollowupAt: now, lastFollowupContent: lastContent(input.content), ...(nextAt !== undefined ? { nextFollowupAt: nextAt } : {}) }, data);
    if (parent.recordType === 'contact' && parent.customerId) {
      await updateFollowupFields(tx, src, { tenantId: actor.tenantId, recordType: 'customer', recordId: parent.customerId }, { lastFollowupAt: now }, data);
    }
    return row!.id;
  }, actor.tenantId);
  return getFollowup(db, actor, id);
}

async function lockChangeable(tx: Db, actor: Actor, id: string): Promise<FollowupRow> {
  const [row] = await tx.select().from(f).where(and(eq(f.id, id), eq(f.tenantId, actor.tenantId), isNull(f.deletedAt), visibleFollowups(actor, f))).for('update', { of: f });
  if (!row) throw notFound('follow-up');
  if (!mayChange(actor, row.ownerId)) throw forbidden('only the author or an administrator can change a follow-up');
  return row;
}

/**
 * The author corrects a follow-up. A new next follow-up time on the record's newest follow-up is
 * the record's next follow-up time too.
 */
export async function updateFollowup(db: Db, actor: Actor, src: AuditSource, id: string, input: UpdateFollowupInput, now = new Date()): Promise<Followup> {
  const nextAt = checkNextFollowupAt(input.nextFollowupAt, now);
  await inTransaction(db, async (tx) => {
    const before = await lockChangeable(tx, actor, id);
    const parent = { recordType: before.recordType as FollowupRecordType, id: before.recordId, customerId: before.customerId, name: '', ownerId: null, address: null };
    const set: Partial<typeof f.$inferInsert> = { updatedAt: now };
    if (input.type !== undefined) set.type = input.type;
    if (input.content !== undefined) set.content = input.content;
    if (input.outcome !== undefined) set.outcome = input.outcome;
    if (input.nextStep !== undefined) set.nextStep = input.nextStep || null;
    if (nextAt !== undefined) set.nextFollowupAt = nextAt;
    if (input.contactIds !== undefined) set.contactIds = await checkContacts(tx, actor, parent, input.contactIds);
    if (input.fileIds !== undefined) set.fileIds = await checkFiles(tx, actor, parent, input.fileIds);
    if (input.location !== undefined) set.location = input.location ? { ...input.location, at: input.location.at ?? before.location?.at ?? now.toISOString() } : null;
    const [after] = await tx.update(f).set(set).where(eq(f.id, id)).returning();
    await recordAudit(tx, src, { action: 'update', recordType: 'activity', recordId: id, before: auditView(before), after: auditView(after!) });
    if (nextAt !== undefined) {
      const [newest] = await tx.select({ id: f.id }).from(f)
        .where(and(eq(f.tenantId, actor.tenantId), eq(f.recordType, before.recordType), eq(f.recordId, before.recordId), isNull(f.deletedAt)))
        .orderBy(desc(f.createdAt), desc(f.id)).limit(1);
      if (newest?.id === id) {
        await updateFollowupFields(tx, src, { tenantId: actor.tenantId, recordType: before.recordType, recordId: before.recordId }, { nextFollowupAt: nextAt }, { followup: { id, type: after!.type, outcome: after!.outcome } });
      }
    }
  }, actor.tenantId);
  return getFollowup(db, actor, id);
}

/**
 * Soft delete by the author or an administrator. The record's last follow-up time stays: it was
 * followed up, and the pool clock should not jump back because a note was removed.
 */
export async function deleteFollowup(db: Db, actor: Actor, src: AuditSource, id: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const before = await lockChangeable(tx, actor, id);
    await tx.update(f).set({ deletedAt: new Date() }).where(eq(f.id, id));
    await recordAudit(tx, src, { action: 'delete', recordType: 'activity', recordId: id, before: auditView(before) });
  }, actor.tenantId);
}
