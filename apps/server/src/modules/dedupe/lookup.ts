// The SQL behind findDuplicates: one statement per batch, a UNION ALL of one part per
// (record type, key kind); each part looks its keys up with unnest(array) + LATERAL on an index
// (the *_norm btree indexes; the pg_trgm GIN indexes for similar company names, and for person names
// by equality). Only leakproof operators may use an index under row-level security: = does, and
// pg_trgm's % does once migrations/0013_dedupe.sql has marked it.
import { sql, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { rows } from '../../platform/db/query.ts';
import { can } from '../../platform/permissions/effective.ts';
import { visibleRecords } from '../../platform/permissions/recordAccess.ts';
import { contacts } from '../contacts/schema.ts';
import { customers } from '../customers/schema.ts';
import { leads } from '../leads/schema.ts';
import type { DedupeRecordType } from './service.ts';

/** Lookup keys by class: which stored column a class is compared with depends on the record type. */
export interface KeySets {
  phone: string[];
  email: string[];
  company: string[];
  personName: string[];
  customerName: string[];
}

export interface FoundRow {
  cls: keyof KeySets;
  key: string;
  kind: string;
  recordType: DedupeRecordType;
  id: string;
  title: string;
  number: string | null;
  ownerId: string | null;
  ownerName: string | null;
  similarity: number;
  visible: boolean;
}

interface LookupOptions {
  recordTypes: DedupeRecordType[];
  excludeIds: string[];
  fuzzy: boolean;
  limit: number;
  viewer?: Actor;
  threshold: number;
}

const TABLES = { lead: leads, customer: customers, contact: contacts } as const;
type AnyTable = (typeof TABLES)[DedupeRecordType];

/** [key class, matched-on kind, column] per record type; 'similar' parts use the trigram index. */
function partsOf(type: DedupeRecordType): { cls: keyof KeySets; kind: string; col: SQL; similar?: boolean }[] {
  switch (type) {
    case 'lead':
      return [
        { cls: 'phone', kind: 'mobile', col: sql`${leads.mobileNorm}` },
        { cls: 'email', kind: 'email', col: sql`${leads.emailNorm}` },
        { cls: 'company', kind: 'company', col: sql`${leads.companyNorm}` },
        { cls: 'company', kind: 'similarName', col: sql`${leads.companyNorm}`, similar: true },
        { cls: 'personName', kind: 'name', col: sql`${leads.name}` },
      ];
    case 'customer':
      return [
        { cls: 'phone', kind: 'phone', col: sql`${customers.phoneNorm}` },
        { cls: 'email', kind: 'email', col: sql`${customers.emailNorm}` },
        { cls: 'company', kind: 'company', col: sql`${customers.nameNorm}` },
        { cls: 'company', kind: 'similarName', col: sql`${customers.nameNorm}`, similar: true },
        { cls: 'customerName', kind: 'name', col: sql`${customers.nameNorm}` },
      ];
    case 'contact':
      return [
        { cls: 'phone', kind: 'mobile', col: sql`${contacts.mobileNorm}` },
        { cls: 'email', kind: 'email', col: sql`${contacts.emailNorm}` },
        { cls: 'personName', kind: 'name', col: sql`${contacts.name}` },
      ];
  }
}

/** Whether the viewer may open a row of `table` (data scope and shares), as a column. */
function visibleColumn(viewer: Actor | undefined, type: DedupeRecordType, table: AnyTable): SQL {
  if (!viewer || !can(viewer.perms, type, 'view')) return sql`false`;
  return sql`(${visibleRecords(viewer, type, table)})`;
}

// Similar names shorter than this are noise (a 1-character name shares trigrams with everything).
const MIN_SIMILAR_LENGTH = 2;
/**
 * Without the LEAKPROOF mark on similarity_op (see migrations/0013_dedupe.sql) row-level security
 * keeps `%` off the trigram index and each similar-name probe scans the tenant's rows: fine for one
 * probe typed into a form, not for an import batch, which then gets exact matches only.
 */
const MAX_SCANNED_SIMILAR_KEYS = 20;

type Raw = { cls: keyof KeySets; key: string; kind: string; record_type: DedupeRecordType; id: string; title: string; number: string | null; owner_id: string | null; owner_name: string | null; sim: number; visible: boolean };

/** The statement for all parts; `similar` says whether (and how) similar names are looked up. */
function statementFor(tenantId: string, keys: KeySets, o: LookupOptions, similar: boolean): SQL | null {
  const parts: SQL[] = [];
  for (const type of o.recordTypes) {
    const t = TABLES[type];
    for (const p of partsOf(type)) {
      if (p.similar && !similar) continue;
      const list = p.similar ? keys[p.cls].filter((k) => [...k].length >= MIN_SIMILAR_LENGTH) : keys[p.cls];
      if (!list?.length) continue;
      const exclude = o.excludeIds.length ? sql`AND NOT (${t.id} = ANY(${sql.param(o.excludeIds)}::uuid[]))` : sql``;
      // `%` uses the GIN index with the threshold set by the caller; exact hits are the 'company' part's
      const match = p.similar ? sql`${p.col} % k.key AND ${p.col} <> k.key` : sql`${p.col} = k.key`;
      const sim = p.similar ? sql`similarity(${p.col}, k.key)::float8` : sql`1::float8`;
      parts.push(sql`
        SELECT ${p.cls}::text AS cls, k.key, ${p.kind}::text AS kind, ${type}::text AS record_type, r.*
          FROM unnest(${sql.param(list)}::text[]) AS k(key)
          CROSS JOIN LATERAL (
            SELECT ${t.id} AS id, ${t.name} AS title, ${t.number} AS number, ${t.ownerId} AS owner_id, ${sim} AS sim,
                   ${visibleColumn(o.viewer, type, t)} AS visible
              FROM ${t}
             WHERE ${t.tenantId} = ${tenantId} AND ${t.deletedAt} IS NULL AND ${match} ${exclude}
             ${p.similar ? sql`ORDER BY 5 DESC` : sql``}
             LIMIT ${o.limit}) AS r`);
    }
  }
  if (!parts.length) return null;
  return sql`
    SELECT m.cls, m.key, m.kind, m.record_type, m.id::text AS id, m.title, m.number, m.owner_id::text AS owner_id,
           u.name AS owner_name, m.sim, m.visible
      FROM (${sql.join(parts, sql` UNION ALL `)}) AS m
      LEFT JOIN users u ON u.id = m.owner_id`;
}

async function run(db: Db, statement: SQL | null): Promise<Raw[]> {
  return statement ? rows<Raw>(db, statement) : [];
}

export async function lookupDuplicates(db: Db, tenantId: string, keys: KeySets, o: LookupOptions): Promise<FoundRow[]> {
  const similarKeys = keys.company.filter((k) => [...k].length >= MIN_SIMILAR_LENGTH).length;
  const found = !o.fuzzy || similarKeys === 0
    ? await run(db, statementFor(tenantId, keys, o, false))
    : // The trigram threshold is a setting: set it for this transaction only (a savepoint when the
      // caller is already in one), so no pooled connection keeps it.
      await db.transaction(async (tx) => {
        const [setting] = await rows<{ indexable: boolean }>(tx as unknown as Db, sql`
          SELECT set_config('pg_trgm.similarity_threshold', ${String(o.threshold)}, true) AS threshold,
                 (SELECT proleakproof FROM pg_proc WHERE oid = 'similarity_op(text,text)'::regprocedure) AS indexable`);
        const similar = Boolean(setting?.indexable) || similarKeys <= MAX_SCANNED_SIMILAR_KEYS;
        return run(tx as unknown as Db, statementFor(tenantId, keys, o, similar));
      });
  return found.map((r) => ({
    cls: r.cls, key: r.key, kind: r.kind, recordType: r.record_type, id: r.id, title: r.title, number: r.number,
    ownerId: r.owner_id, ownerName: r.owner_name, similarity: Number(r.sim), visible: Boolean(r.visible),
  }));
}
