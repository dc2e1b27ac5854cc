/** Field-by-field before/after of two record snapshots; unchanged fields are left out. */
export type FieldDiff = Record<string, { before: unknown; after: unknown }>;

const IGNORED = new Set(['updatedAt', 'updated_at', 'passwordHash', 'password_hash']);

function normalise(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v === undefined ? null : v;
}

export function diffRecords(before: Record<string, unknown> | null, after: Record<string, unknown> | null): FieldDiff {
  const out: FieldDiff = {};
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})]);
  for (const key of keys) {
    if (IGNORED.has(key)) continue;
    const b = normalise(before?.[key]);
    const a = normalise(after?.[key]);
    if (key === 'custom' && b && a && typeof b === 'object' && typeof a === 'object') {
      for (const [k, d] of Object.entries(diffRecords(b as Record<string, unknown>, a as Record<string, unknown>))) out[`custom.${k}`] = d;
      continue;
    }
    if (JSON.stringify(b) !== JSON.stringify(a)) out[key] = { before: b, after: a };
  }
  return out;
}
