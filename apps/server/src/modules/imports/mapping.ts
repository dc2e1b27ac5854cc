/**
 * The mapping a new file starts with: what the organisation chose last time for the same header
 * (remembered per header, so a file with one extra column still maps the rest), otherwise the
 * suggestion from header names in Chinese and English.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { normaliseLabel, suggestMapping } from '../../platform/imports/headers.ts';
import type { Mapping } from './convert.ts';
import type { ImportField } from './fields.ts';
import { importMappings, type ImportRecordType } from './schema.ts';

/** header key → field key (null: the person chose not to import that column). */
export type RememberedMapping = Map<string, string | null>;

export function initialMapping(headers: string[], fields: ImportField[], remembered: RememberedMapping): Mapping {
  const suggested = suggestMapping(headers, fields.map((f) => ({ key: f.key, labels: [f.label, f.labelEn, ...(f.aliases ?? [])] })));
  const valid = new Set(fields.map((f) => f.key));
  const out: Mapping = {};
  const taken = new Set<string>();
  // remembered choices first: they are what a person decided, a suggestion is a guess
  for (const h of headers) {
    const k = normaliseLabel(h);
    if (!remembered.has(k)) continue;
    const field = remembered.get(k) ?? null;
    if (field !== null && (!valid.has(field) || taken.has(field))) continue; // field since deleted or hidden
    out[h] = field;
    if (field) taken.add(field);
  }
  for (const h of headers) {
    if (h in out) continue;
    const field = suggested[h] ?? null;
    out[h] = field && !taken.has(field) ? field : null;
    if (out[h]) taken.add(out[h]!);
  }
  return out;
}

export async function loadRemembered(db: Db, tenantId: string, recordType: ImportRecordType): Promise<RememberedMapping> {
  const found = await db
    .select({ headerKey: importMappings.headerKey, fieldKey: importMappings.fieldKey })
    .from(importMappings)
    .where(and(eq(importMappings.tenantId, tenantId), eq(importMappings.recordType, recordType)));
  return new Map(found.map((r) => [r.headerKey, r.fieldKey]));
}

/** Upserts the chosen field of every header of this file. */
export async function remember(db: Db, tenantId: string, recordType: ImportRecordType, mapping: Mapping): Promise<void> {
  const byKey = new Map<string, string | null>();
  for (const [h, f] of Object.entries(mapping)) {
    const k = normaliseLabel(h);
    if (k) byKey.set(k, f ?? null);
  }
  if (!byKey.size) return;
  await db
    .insert(importMappings)
    .values([...byKey].map(([headerKey, fieldKey]) => ({ tenantId, recordType, headerKey, fieldKey })))
    .onConflictDoUpdate({
      target: [importMappings.tenantId, importMappings.recordType, importMappings.headerKey],
      set: { fieldKey: sql`excluded.field_key`, updatedAt: sql`now()` },
    });
}
