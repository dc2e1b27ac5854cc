// Telling new owners what they were given: one in-app notification per owner and record type per
// batch (not one per lead — an import of 3,000 rows must not bury anyone), plus an email.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../platform/context.ts';
import { rows } from '../../platform/db/query.ts';
import type { NewOwnership } from '../../platform/records/batch.ts';

type RecordKind = NewOwnership['recordType'];
const WORDS: Record<RecordKind, { path: string; zh: string; unit: string; en: string; enMany: string }> = {
  lead: { path: '/leads', zh: '线索', unit: '条', en: 'lead', enMany: 'leads' },
  customer: { path: '/customers', zh: '客户', unit: '个', en: 'customer', enMany: 'customers' },
  contact: { path: '/contacts', zh: '联系人', unit: '个', en: 'contact', enMany: 'contacts' },
};
const SHOWN = 10;

/** Title, body and link of one owner's notification; English when the owner chose English. */
export function ownershipMessage(kind: RecordKind, items: Pick<NewOwnership, 'recordId' | 'title'>[], locale: string | null) {
  const w = WORDS[kind];
  const n = items.length;
  const en = Boolean(locale?.startsWith('en'));
  const link = n === 1 ? `${w.path}/${items[0]!.recordId}` : w.path;
  const names = items.slice(0, SHOWN).map((i) => i.title);
  const more = n > SHOWN ? (en ? ` and ${n - SHOWN} more` : ` 等 ${n} ${w.unit}`) : '';
  const title = en ? (n === 1 ? `You have a new ${w.en}: ${items[0]!.title}` : `You have ${n} new ${w.enMany}`) : `你有 ${n} ${w.unit}新${w.zh}`;
  const body = en ? `Assigned to you: ${names.join(', ')}${more}` : `分配给你的${w.zh}：${names.join('、')}${more}`;
  return { title, body, link };
}

/**
 * After commit: tells each new owner (in-app notification and email) what they were given.
 * Records people gave themselves (`actorId`) are not announced; deactivated owners get nothing,
 * and only active owners with an email get mail. Never throws: the records are already saved.
 */
export async function announceOwnerships(ctx: AppContext, tenantId: string, items: NewOwnership[], opts: { actorId?: string | null } = {}): Promise<void> {
  const given = items.filter((i) => i.ownerId && i.ownerId !== opts.actorId);
  if (!given.length) return;
  try {
    const groups = new Map<string, NewOwnership[]>();
    for (const i of given) {
      const key = `${i.ownerId}|${i.recordType}`;
      const list = groups.get(key); // push, not copy: a 100k-row import gives one owner tens of thousands
      if (list) list.push(i);
      else groups.set(key, [i]);
    }
    const ids = [...new Set(given.map((i) => i.ownerId))];
    const owners = await ctx.db.forTenant(tenantId, (db) =>
      rows<{ id: string; email: string | null; status: string; locale: string | null }>(db, sql`
        SELECT id, email, status, locale FROM users WHERE tenant_id = ${tenantId} AND id IN (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`),
    );
    const byId = new Map(owners.map((o) => [o.id, o]));
    // Owners are told side by side: an import that spread leads over 20 reps must not wait 20 round trips each.
    await Promise.all([...groups.values()].map(async (group) => {
      const owner = byId.get(group[0]!.ownerId);
      if (!owner || owner.status === 'inactive') return;
      const msg = ownershipMessage(group[0]!.recordType, group, owner.locale);
      await ctx.notifier.notify({ tenantId, userId: owner.id, title: msg.title, body: msg.body, link: msg.link, kind: 'assignment' });
      if (owner.status === 'active' && owner.email) {
        const url = `${ctx.config.publicUrl}${msg.link}`;
        await ctx.mailer.send({ tenantId, to: owner.email, subject: msg.title, text: `${msg.body}\n\n${url}` });
      }
    }));
  } catch (err) {
    ctx.log.warn({ err, tenantId }, 'announcing new owners failed');
  }
}
