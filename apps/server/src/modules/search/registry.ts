import type { RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';

export interface SearchItem { id: string; title: string; subtitle: string | null }

/**
 * A record type that global search covers. `search` must restrict itself with visibleRecords()
 * and present values as lists do (hidden fields left out, masking applied); it is only called
 * for actors who may view the type.
 */
export interface SearchProvider {
  recordType: RecordType;
  /** lower comes first in the results */
  order: number;
  search(db: Db, actor: Actor, q: string, limit: number): Promise<SearchItem[]>;
}

const providers = new Map<RecordType, SearchProvider>();

/** Modules call this from their routes plugin; registering twice replaces (tests build many apps). */
export function registerSearchProvider(p: SearchProvider): void {
  providers.set(p.recordType, p);
}

export function searchProviders(): SearchProvider[] {
  return [...providers.values()].sort((a, b) => a.order - b.order);
}
