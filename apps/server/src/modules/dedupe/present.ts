// What a person is shown of the duplicates findDuplicates found. The lookup ignores data scope on
// purpose (a rep must learn that a colleague already owns the customer), so this is where the
// viewer's rights apply: never a phone or email value, hidden fields left out, and a link only to
// records the viewer may open.
import type { Actor } from '../../platform/auth/actor.ts';
import { can, fieldAccess } from '../../platform/permissions/effective.ts';
import type { DedupeRecordType, DuplicateMatch } from './service.ts';

/** A duplicate as the API answers it (409 DUPLICATE details, POST /dedupe/check). */
export interface PresentedDuplicate {
  recordType: DedupeRecordType;
  id: string;
  /** the record's name; null when the viewer's role hides the name field */
  title: string | null;
  number: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** which keys matched (mobile / phone / email / company / similarName / name), never their values */
  matchedOn: string[];
  similarity: number;
  /** the viewer may open the record (the UI links it) */
  visible: boolean;
}

/**
 * Whether the viewer may open the record. Exact when findDuplicates was given this viewer (data
 * scope and shares checked in SQL); otherwise decided from what is certain without a query:
 * admins and "all" scopes see every record of a type they may view, anyone sees their own.
 */
function mayOpen(actor: Actor, m: DuplicateMatch): boolean {
  if (!can(actor.perms, m.recordType, 'view')) return false;
  if (m.visibleFor === actor.userId && m.visible !== undefined) return m.visible;
  if (actor.perms.admin || actor.perms.dataScope === 'all') return true;
  return m.ownerId !== null && m.ownerId === actor.userId;
}

export function presentDuplicates(actor: Actor, matches: DuplicateMatch[]): PresentedDuplicate[] {
  return matches.map((m) => {
    const shows = (field: string) => fieldAccess(actor.perms, m.recordType, field) !== 'hidden';
    const owner = shows('ownerId');
    return {
      recordType: m.recordType,
      id: m.id,
      title: shows('name') ? m.title : null,
      number: shows('number') ? m.number : null,
      ownerId: owner ? m.ownerId : null,
      ownerName: owner ? m.ownerName : null,
      matchedOn: [...m.matchedOn],
      similarity: Math.round(m.similarity * 1000) / 1000,
      visible: mayOpen(actor, m),
    };
  });
}
