/**
 * GET /imports/:id/errors.xlsx: the rejected rows with the file's own columns and values, the cells
 * at fault marked red and a last column saying why — fix them there and import the file again.
 * Written by exceljs's streaming writer, every text cell formula-neutralised (a cell that came in
 * as "=HYPERLINK(…)" must not come back out live).
 */
import type { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { exportCell } from '../../platform/imports/cells.ts';
import type { ParsedRow } from '../../platform/imports/parse.ts';
import type { RowErrorOut } from './service.ts';

const FAULT: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFCCCC' } };

export interface ErrorWorkbook {
  headers: string[];
  /** the file's rows (null when the stored file can no longer be read: then only the reasons are written) */
  rows: ParsedRow[] | null;
  errors: RowErrorOut[];
  zh: boolean;
}

function reasonText(rowNumber: number, errors: RowErrorOut[], zh: boolean): string {
  const parts = errors.map((e) => (e.column ? `${e.column}：${e.message}` : e.message));
  return `${zh ? `第 ${rowNumber} 行` : `Row ${rowNumber}`}: ${parts.join('；')}`;
}

export async function writeErrorWorkbook(out: PassThrough, w: ErrorWorkbook): Promise<number> {
  const byRow = new Map<number, RowErrorOut[]>();
  for (const e of w.errors) byRow.set(e.rowNumber, [...(byRow.get(e.rowNumber) ?? []), e]);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(w.zh ? '导入错误' : 'Import errors');
  const reason = w.zh ? '错误原因' : 'Errors';
  const headers = w.rows ? w.headers : [w.zh ? '行号' : 'Row'];
  ws.columns = [...headers.map(() => ({ width: 16 })), { width: 60 }];
  const header = ws.addRow([...headers.map(exportCell), reason]);
  header.font = { bold: true };
  header.commit();
  let written = 0;
  const source = w.rows ?? [...byRow.keys()].sort((a, b) => a - b).map((rowNumber) => ({ rowNumber, cells: [rowNumber] }));
  for (const r of source) {
    const errors = byRow.get(r.rowNumber);
    if (!errors) continue;
    const cells = headers.map((_, i) => (r.cells[i] === undefined ? null : exportCell(r.cells[i])));
    const row = ws.addRow([...cells, exportCell(reasonText(r.rowNumber, errors, w.zh))]);
    for (const e of errors) {
      const col = e.column ? headers.indexOf(e.column) : -1;
      if (col >= 0) row.getCell(col + 1).fill = FAULT;
    }
    row.commit();
    written += 1;
  }
  ws.commit();
  await wb.commit();
  return written;
}
