// Duplicate lookup (查重): which live leads, customers and contacts a new or edited record
// duplicates. The contract other modules call (create paths, imports, API batches, the 查重 page).
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { normalizeCompanyName, normalizeEmail, normalizeMobile } from './normalize.ts';
import { lookupDuplicates, type KeySets } from './lookup.ts';

export { presentDuplicates, type PresentedDuplicate } from './present.ts';

export type DedupeRecordType = 'lead' | 'customer' | 'contact';
export const DEDUPE_RECORD_TYPES: DedupeRecordType[] = ['lead', 'customer', 'contact'];

/** What a new or edited record would be checked by. */
export interface DedupeProbe {
  /**
   * A person's name (lead, contact). Compared only with `matchName` (the 查重 page): two people
   * called 张伟 are not duplicates by name alone.
   */
  name?: string | null;
  /** The organisation: a lead's company, or a customer's name (pass the customer's name here). */
  company?: string | null;
  mobile?: string | null;
  phone?: string | null;
  email?: string | null;
}

/** An existing record that matches a probe; presentDuplicates decides what a viewer sees of it. */
export interface DuplicateMatch {
  recordType: DedupeRecordType;
  id: string;
  title: string;
  number: string | null;
  ownerId: string | null;
  ownerName: string | null;
  /** mobile / phone / email / company (exact after normalising) / similarName (trigram) / name */
  matchedOn: string[];
  /** 0..1 for similar names; 1 for exact key matches */
  similarity: number;
  /** whether `visibleFor` (the opts.viewer) may open the record; absent without a viewer */
  visible?: boolean;
  visibleFor?: string;
}

export interface FindDuplicatesOptions {
  recordTypes: DedupeRecordType[];
  /** the record being edited (it does not duplicate itself) */
  excludeIds?: string[];
  /** also similar company names (pg_trgm similarity ≥ `similarity`) */
  fuzzy?: boolean;
  /** how similar a name must be to count (default SIMILAR_NAME_THRESHOLD) */
  similarity?: number;
  /** most matches per probe (default 20) */
  limit?: number;
  /** also compare person names exactly (the 查重 page searches by name) */
  matchName?: boolean;
  /** who will see the matches: each match then says whether this person may open it */
  viewer?: Actor;
}

/**
 * Company names at least this similar (pg_trgm similarity of the normalised names) are "similar"
 * when a record is created or edited. Measured on 1M leads (docs/benchmarks.md, 查重): at 0.5 most
 * "similar" names are other companies one brand character apart (杭州鑫丰 / 杭州鑫华教育科技), 2.2
 * per probe, and the trigram index hands ~1,000 candidates to recheck; at 0.6, 0.17 per probe —
 * the real variants (extra words, legal forms) — at a quarter of the cost.
 */
export const SIMILAR_NAME_THRESHOLD = 0.6;
/** The 查重 page casts a wider net: a person searching explicitly wants the near misses too. */
export const SEARCH_SIMILARITY = 0.5;

/** The stored dedupe keys of a record, written by every insert/update path. */
export interface DedupeKeys { mobileNorm: string | null; emailNorm: string | null; companyNorm: string | null }

export function dedupeKeys(v: { mobile?: unknown; phone?: unknown; email?: unknown; company?: unknown }): DedupeKeys {
  const company = typeof v.company === 'string' && v.company.trim() ? normalizeCompanyName(v.company) : null;
  return { mobileNorm: normalizeMobile(v.mobile) ?? normalizeMobile(v.phone), emailNorm: normalizeEmail(v.email), companyNorm: company || null };
}

/**
 * A person's name as the 查重 page looks it up: NFKC, trimmed, single spaces, in the spellings a
 * stored name may have ('zhang san' → also 'Zhang San', 'ZHANG SAN'). Equality, not ILIKE: under
 * row-level security only = may use the name index (see lookup.ts).
 */
export function personNameKeys(raw: unknown): string[] {
  if (typeof raw !== 'string') return [];
  const s = raw.normalize('NFKC').trim().replace(/\s+/gu, ' ');
  if (!s) return [];
  const title = s.toLowerCase().replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase());
  return [...new Set([s, s.toLowerCase(), title, s.toUpperCase()])];
}

type Keyed = { [K in keyof KeySets]: string[] };

/** The lookup keys of each probe, by key class. */
function probeKeys(p: DedupeProbe, matchName: boolean): Keyed {
  const phone = [normalizeMobile(p.mobile), normalizeMobile(p.phone)].filter((k): k is string => Boolean(k));
  const email = normalizeEmail(p.email);
  const company = typeof p.company === 'string' && p.company.trim() ? normalizeCompanyName(p.company) : '';
  const person = matchName ? personNameKeys(p.name) : [];
  return {
    phone: [...new Set(phone)],
    email: email ? [email] : [],
    company: company ? [company] : [],
    personName: person,
    // customers are organisations or individuals: a searched name is compared as an organisation name
    customerName: person.length ? [normalizeCompanyName(person[0])].filter(Boolean) : [],
  };
}

/**
 * For each probe, the existing live records it duplicates (by normalised mobile, email, company
 * name, and — with fuzzy — similar company names), across the given record types, in one tenant,
 * regardless of the caller's data scope (a rep must learn that a colleague already owns it).
 * Batched: one statement for the whole batch (each key kind looked up with unnest(array) and an
 * index), never a query per row — callers pass up to 1,000 probes inside their transaction.
 */
export async function findDuplicates(db: Db, tenantId: string, probes: DedupeProbe[], opts: FindDuplicatesOptions): Promise<DuplicateMatch[][]> {
  const limit = opts.limit ?? 20;
  const perProbe = probes.map((p) => probeKeys(p, opts.matchName ?? false));
  // key class → key → indexes of the probes that carry it
  const owners = new Map<keyof KeySets, Map<string, number[]>>();
  perProbe.forEach((keys, i) => {
    for (const cls of Object.keys(keys) as (keyof KeySets)[]) {
      const m = owners.get(cls) ?? new Map<string, number[]>();
      for (const k of keys[cls]) m.set(k, [...(m.get(k) ?? []), i]);
      owners.set(cls, m);
    }
  });
  const sets = Object.fromEntries([...owners].map(([cls, m]) => [cls, [...m.keys()]])) as unknown as KeySets;
  const found = await lookupDuplicates(db, tenantId, sets, {
    recordTypes: opts.recordTypes, excludeIds: opts.excludeIds ?? [], fuzzy: opts.fuzzy ?? false, limit, viewer: opts.viewer, threshold: opts.similarity ?? SIMILAR_NAME_THRESHOLD,
  });

  const results = probes.map(() => new Map<string, DuplicateMatch>());
  for (const row of found) {
    for (const i of owners.get(row.cls)?.get(row.key) ?? []) {
      const id = `${row.recordType}:${row.id}`;
      const hit = results[i].get(id);
      if (hit) {
        if (!hit.matchedOn.includes(row.kind)) hit.matchedOn.push(row.kind);
        hit.similarity = Math.max(hit.similarity, row.similarity);
        continue;
      }
      results[i].set(id, {
        recordType: row.recordType, id: row.id, title: row.title, number: row.number, ownerId: row.ownerId, ownerName: row.ownerName,
        matchedOn: [row.kind], similarity: row.similarity,
        ...(opts.viewer ? { visible: row.visible, visibleFor: opts.viewer.userId } : {}),
      });
    }
  }
  return results.map((m) => [...m.values()].sort(byStrength).slice(0, limit));
}

const TYPE_ORDER: Record<DedupeRecordType, number> = { lead: 0, customer: 1, contact: 2 };

/** Exact matches first, then more matching keys, then more similar, then leads · customers · contacts. */
export function byStrength(a: DuplicateMatch, b: DuplicateMatch): number {
  const exact = (m: DuplicateMatch) => (m.matchedOn.some((k) => k !== 'similarName') ? 1 : 0);
  return exact(b) - exact(a) || b.matchedOn.length - a.matchedOn.length || b.similarity - a.similarity || TYPE_ORDER[a.recordType] - TYPE_ORDER[b.recordType];
}
