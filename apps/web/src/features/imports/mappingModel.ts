/** Pure rules of the mapping step: what still blocks "next", mirroring the server's checks. */
import type { ImportField, Mapping } from './api.ts';

export interface MappingIssues {
  /** required fields no column is mapped to */
  missing: ImportField[];
  /** field key → the columns that all chose it (only fields chosen more than once) */
  twice: Map<string, string[]>;
}

export function mappingIssues(headers: string[], mapping: Mapping, fields: ImportField[]): MappingIssues {
  const columnsOf = new Map<string, string[]>();
  for (const h of headers) {
    const key = mapping[h];
    if (key) columnsOf.set(key, [...(columnsOf.get(key) ?? []), h]);
  }
  return {
    missing: fields.filter((f) => f.required && !columnsOf.has(f.key)),
    twice: new Map([...columnsOf].filter(([, cols]) => cols.length > 1)),
  };
}

export const hasIssues = (i: MappingIssues) => i.missing.length > 0 || i.twice.size > 0;

/** Choosing a field for a column: the choice as given (the checks above say if it clashes). */
export function choose(mapping: Mapping, header: string, key: string | null): Mapping {
  return { ...mapping, [header]: key };
}

/** Up to `n` distinct non-empty values of a column, to show next to its header. */
export function samples(preview: { cells: (string | null)[] }[], column: number, n = 3): string[] {
  const out: string[] = [];
  for (const r of preview) {
    const v = r.cells[column];
    if (v && !out.includes(v)) out.push(v);
    if (out.length >= n) break;
  }
  return out;
}

/** Error messages of one preview row, grouped by column (null: the row as a whole). */
export function errorsByColumn(errors: { column: string | null; message: string }[]): Map<string | null, string[]> {
  const out = new Map<string | null, string[]>();
  for (const e of errors) out.set(e.column, [...(out.get(e.column) ?? []), e.message]);
  return out;
}
