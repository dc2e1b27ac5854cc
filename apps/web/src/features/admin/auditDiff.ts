/**
 * Audit diffs name top-level fields; a role's `permissions` is one big object. Nested objects are
 * opened up to their leaves (permissions.fields.customer.phone: — → hidden) so the reader sees what
 * actually changed. Arrays stay whole: ["view","edit"] → ["view","edit","export"] reads fine.
 */
export interface DiffRow { field: string; before: unknown; after: unknown }

const isPlain = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

export function flattenDiff(fields: Record<string, { before: unknown; after: unknown }>): DiffRow[] {
  const rows: DiffRow[] = [];
  const walk = (path: string, before: unknown, after: unknown, depth: number) => {
    if (same(before, after)) return;
    if (depth < 6 && (isPlain(before) || isPlain(after)) && (before == null || isPlain(before)) && (after == null || isPlain(after))) {
      const b = (before ?? {}) as Record<string, unknown>;
      const a = (after ?? {}) as Record<string, unknown>;
      for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) walk(`${path}.${key}`, b[key], a[key], depth + 1);
      return;
    }
    rows.push({ field: path, before: before ?? null, after: after ?? null });
  };
  for (const [field, d] of Object.entries(fields)) walk(field, d.before, d.after, 0);
  return rows;
}
