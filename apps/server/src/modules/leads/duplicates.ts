// Which rows of a batch duplicate existing records or each other, and what the duplicate policy
// makes of them. Pure; the existing matches come from dedupe's findDuplicates().
import type { DuplicatePolicy, RowDuplicate, RowIssue } from '../../platform/records/batch.ts';
import type { DedupeKeys, DuplicateMatch } from '../dedupe/service.ts';

/**
 * Rows repeating an earlier row of the same batch (same mobile or email after normalising), so an
 * import holding one person twice does not create twins: row index → the earlier row's position.
 * Company alone is not enough: many leads come from one company.
 */
export function earlierTwins(keys: DedupeKeys[]): Map<number, { position: number; matchedOn: string[] }> {
  const seen = { mobile: new Map<string, number>(), email: new Map<string, number>() };
  const out = new Map<number, { position: number; matchedOn: string[] }>();
  keys.forEach((k, pos) => {
    const matchedOn: string[] = [];
    let first: number | undefined;
    for (const [kind, value] of [['mobile', k.mobileNorm], ['email', k.emailNorm]] as const) {
      if (!value) continue;
      const earlier = seen[kind].get(value);
      if (earlier === undefined) seen[kind].set(value, pos);
      else {
        matchedOn.push(kind);
        first = first === undefined ? earlier : Math.min(first, earlier);
      }
    }
    if (first !== undefined) out.set(pos, { position: first, matchedOn });
  });
  return out;
}

const PERSON_KEYS = new Set(['mobile', 'phone', 'email']);

/**
 * Whether a 查重 match makes a new lead a duplicate. A lead is a person: another lead or contact
 * is the same one only by mobile, phone or email — colleagues from one company are separate
 * leads (a trade-show list has many). A customer is an organisation: the same or a similar
 * company name counts too, since that company is already someone's customer.
 */
export function countsForLead(m: Pick<DuplicateMatch, 'recordType' | 'matchedOn'>): boolean {
  return m.recordType === 'customer' || m.matchedOn.some((k) => PERSON_KEYS.has(k));
}

export type Decision =
  | { kind: 'insert'; duplicates: RowDuplicate[] }
  | { kind: 'reject'; duplicates: RowDuplicate[]; errors: RowIssue[] }
  | { kind: 'skip'; duplicates: RowDuplicate[] }
  | { kind: 'update'; duplicates: RowDuplicate[]; leadId: string; twin: boolean };

const FIELD_OF: Record<string, string> = { similarName: 'company', name: 'name' };

export function toRowDuplicates(matches: DuplicateMatch[]): RowDuplicate[] {
  return matches.map((m) => ({ recordType: m.recordType, id: m.id, matchedOn: m.matchedOn }));
}

/**
 * The policy applied to one row: no duplicates or 'create' → insert; 'reject' → refused naming
 * the matching fields; 'skip' → left out; 'update' → the first matching lead gets the row's values
 * (a match that is only a customer or contact is skipped: it has moved past being a lead).
 */
export function decide(policy: DuplicatePolicy, duplicates: RowDuplicate[], twinLeadId?: string): Decision {
  if (duplicates.length === 0 || policy === 'create') return { kind: 'insert', duplicates };
  if (policy === 'reject') {
    const fields = [...new Set(duplicates.flatMap((d) => d.matchedOn).map((m) => FIELD_OF[m] ?? m))];
    return { kind: 'reject', duplicates, errors: fields.map((field) => ({ field, message: 'matches an existing record (duplicate)' })) };
  }
  if (policy === 'update') {
    const lead = duplicates.find((d) => d.recordType === 'lead');
    if (lead) return { kind: 'update', duplicates, leadId: lead.id, twin: lead.id === twinLeadId };
  }
  return { kind: 'skip', duplicates };
}
