import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { SQL } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { badRequest, unprocessable } from '../http/errors.ts';
import { exportCell } from '../imports/cells.ts';
import type { CatalogField, RecordCatalog } from './catalog.ts';
import type { ListSource } from './listQuery.ts';

export const EXPORT_MAX_ROWS = 50_000;
const BATCH = 1000;

export interface ExportSpec {
  source: ListSource;
  where: SQL;
  order: SQL[];
  columns: CatalogField[];
  /** row → what the list shows (projected: hidden fields gone, masking applied) */
  toRecord: (row: Record<string, unknown>) => Record<string, unknown>;
  /** per-field display override, e.g. ownerId → the owner's name */
  display?: Record<string, (rec: Record<string, unknown>) => unknown>;
  locale: string;
  timeZone: string;
  sheetName: string;
}

/** 422 beyond the cap, before anything is streamed, so the client gets a clear error and not a cut file. */
export function assertExportSize(count: number): void {
  if (count > EXPORT_MAX_ROWS) {
    throw unprocessable('EXPORT_TOO_LARGE', `export is limited to ${EXPORT_MAX_ROWS} rows; this list has ${count}. Narrow the filter.`, { count, max: EXPORT_MAX_ROWS });
  }
}

/** The visible columns, in catalog order, or the requested ones (unknown/hidden keys → 400). */
export function exportColumns(catalog: RecordCatalog, requested?: string[]): CatalogField[] {
  const usable = catalog.fields.filter((f) => f.type !== 'attachment');
  if (!requested?.length) return usable;
  return requested.map((key) => {
    const f = usable.find((x) => x.key === key);
    if (!f) throw badRequest('VALIDATION_FAILED', `cannot export column "${key}"`, { fields: [{ field: 'columns', message: `unknown or hidden column ${key}` }] });
    return f;
  });
}

function valueOf(rec: Record<string, unknown>, key: string): unknown {
  if (key.startsWith('custom.')) return (rec.custom as Record<string, unknown> | undefined)?.[key.slice(7)];
  return rec[key];
}

function localDateTime(iso: string, timeZone: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat('sv-SE', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(d);
}

/** A cell as a person reads it: labels not codes, local times, 是/否. */
export function cellValue(field: CatalogField, value: unknown, zh: boolean, timeZone: string): string | number | null {
  if (value === null || value === undefined) return null;
  const label = (v: unknown) => {
    const o = field.options?.find((x) => x.value === v);
    return o ? (zh ? o.label : (o.labelEn ?? o.label)) : String(v);
  };
  if (Array.isArray(value)) return value.map(label).join(zh ? '、' : ', ');
  if (typeof value === 'boolean') return zh ? (value ? '是' : '否') : value ? 'Yes' : 'No';
  if (typeof value === 'number') return value;
  if (typeof value === 'object') return Object.values(value as Record<string, unknown>).filter(Boolean).join(' ');
  if (field.kind === 'datetime') return localDateTime(String(value), timeZone);
  if (field.kind === 'number' && /^-?\d+(\.\d+)?$/.test(String(value))) return Number(value);
  if (field.options?.length) return label(value);
  return String(value);
}

/**
 * Writes the workbook to `out` in batches of rows, so memory stays flat at 50,000 rows.
 * Returns the number of data rows written. Headers follow the actor's locale.
 */
export async function writeXlsx(db: Db, spec: ExportSpec, out: PassThrough): Promise<number> {
  const zh = spec.locale.startsWith('zh');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(spec.sheetName);
  ws.columns = spec.columns.map((f) => ({ header: exportCell(zh ? f.label : f.labelEn), key: f.key, width: Math.min(40, Math.max(12, (zh ? f.label : f.labelEn).length * 2 + 4)) }));
  ws.getRow(1).font = { bold: true };
  let written = 0;
  for (let offset = 0; written < EXPORT_MAX_ROWS; offset += BATCH) {
    const batch = (await db
      .select(spec.source.select as never)
      .from(spec.source.table)
      .where(spec.where)
      .orderBy(...spec.order)
      .limit(Math.min(BATCH, EXPORT_MAX_ROWS - written))
      .offset(offset)) as unknown as Record<string, unknown>[];
    for (const row of batch) {
      const rec = spec.toRecord(row);
      const cells: Record<string, unknown> = {};
      for (const f of spec.columns) {
        const shown = spec.display?.[f.key] ? spec.display[f.key]!(rec) : valueOf(rec, f.key);
        // text that Excel/WPS would run as a formula (=HYPERLINK(…) exfiltrating data) is written inert
        cells[f.key] = exportCell(spec.display?.[f.key] ? (shown ?? null) : cellValue(f, shown, zh, spec.timeZone));
      }
      ws.addRow(cells).commit();
      written += 1;
    }
    if (batch.length < BATCH) break;
  }
  ws.commit();
  await wb.commit();
  return written;
}
