/**
 * One chunk of file rows through the record type's BatchCreator: cells converted by the mapping
 * (names looked up once for the chunk), bad cells reject their row, the rest are created, updated
 * or skipped by the creator — which reports its own rejections per row. The validation preview
 * runs the same function in a transaction it rolls back, so the preview shows exactly what the
 * import would do.
 */
import type { Db } from '../../platform/db/client.ts';
import type { ParsedRow } from '../../platform/imports/parse.ts';
import type { BatchContext, BatchCreator, NewOwnership, RowOutcome } from '../../platform/records/batch.ts';
import { columnOf, convertRow, lookupNeeds, type CellIssue, type ColumnPlan } from './convert.ts';
import { resolveLookups } from './lookups.ts';

export type RowStatus = RowOutcome['status'];
export interface RowResult { rowNumber: number; status: RowStatus; errors: CellIssue[]; duplicates: number }

export interface ChunkContext {
  plan: ColumnPlan[];
  create: BatchCreator;
  batch: BatchContext;
}

const DUPLICATE = '与已有记录重复 / duplicates an existing record';
const NOT_PROCESSED = '该行未被处理 / the row was not processed';

function issuesOf(outcome: RowOutcome | undefined, plan: ColumnPlan[]): CellIssue[] {
  if (!outcome) return [{ column: null, message: NOT_PROCESSED }];
  if (outcome.status !== 'rejected') return [];
  const errors = (outcome.errors ?? []).map((e) => ({ column: columnOf(e.field, plan), message: e.message }));
  return errors.length ? errors : [{ column: null, message: outcome.duplicates?.length ? DUPLICATE : NOT_PROCESSED }];
}

export async function importChunk(tx: Db, c: ChunkContext, rows: ParsedRow[]): Promise<{ results: RowResult[]; assignments: NewOwnership[] }> {
  const lookups = await resolveLookups(tx, c.batch.tenantId, lookupNeeds(rows, c.plan));
  const results: RowResult[] = [];
  const good: { pos: number; values: Record<string, unknown> }[] = [];
  rows.forEach((r, pos) => {
    const converted = convertRow(r.cells, c.plan, lookups, c.batch.timeZone);
    results[pos] = { rowNumber: r.rowNumber, status: converted.errors.length ? 'rejected' : 'created', errors: converted.errors, duplicates: 0 };
    if (!converted.errors.length) good.push({ pos, values: converted.values });
  });
  if (!good.length) return { results, assignments: [] };
  // a creator never throws for a bad row; if it throws, the import fails as a whole and rolls back
  const { outcomes, assignments } = await c.create(tx, c.batch, good.map((g) => g.values));
  const byIndex = new Map(outcomes.map((o) => [o.index, o]));
  good.forEach((g, index) => {
    const outcome = byIndex.get(index);
    const result = results[g.pos]!;
    result.status = outcome?.status ?? 'rejected';
    result.errors = issuesOf(outcome, c.plan);
    result.duplicates = outcome?.duplicates?.length ?? 0;
  });
  return { results, assignments };
}
