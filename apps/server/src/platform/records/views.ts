import { and, eq, or } from 'drizzle-orm';
import { parseFilter, type FilterNode, type SortSpec } from '@loopline/shared';
import type { Actor } from '../auth/actor.ts';
import type { Db } from '../db/client.ts';
import { savedViews } from '../db/schema.ts';
import { notFound } from '../http/errors.ts';

export type SavedView = typeof savedViews.$inferSelect;

/** Views a user may use: their own and the tenant's shared ones. */
export function usableViews(actor: Actor) {
  return and(eq(savedViews.tenantId, actor.tenantId), or(eq(savedViews.ownerId, actor.userId), eq(savedViews.shared, true)));
}

/** The filter/sort/columns of a view for a list request (404 if not the actor's or shared). */
export async function loadViewForList(db: Db, actor: Actor, recordType: string, viewId: string): Promise<{ filter: FilterNode | null; sort: SortSpec[]; columns: string[] }> {
  const [view] = await db.select().from(savedViews).where(and(eq(savedViews.id, viewId), eq(savedViews.recordType, recordType), usableViews(actor))).limit(1);
  if (!view) throw notFound('view');
  return { filter: view.filter ? parseFilter(view.filter) : null, sort: view.sort ?? [], columns: view.columns ?? [] };
}
