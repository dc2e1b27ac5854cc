import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import type { TodoGroup } from '@loopline/shared';

export type { TodoGroup, TodoItem } from '@loopline/shared';

/**
 * A kind of to-do a module contributes (leads not yet contacted, customers about to return to the
 * pool; later tasks, approvals, payments due). `collect` must restrict itself to what the actor may see.
 */
export interface TodoProvider {
  key: string;
  /** lower comes first */
  order: number;
  collect(db: Db, actor: Actor, opts: { now: Date; limit: number }): Promise<TodoGroup | null>;
}

const providers = new Map<string, TodoProvider>();

/** Modules call this from their routes plugin; registering twice replaces (tests build many apps). */
export function registerTodoProvider(p: TodoProvider): void {
  providers.set(p.key, p);
}

export function todoProviders(): TodoProvider[] {
  return [...providers.values()].sort((a, b) => a.order - b.order);
}
