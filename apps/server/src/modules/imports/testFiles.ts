/** Test helpers: spreadsheets built in code, multipart uploads, and running an import's job inline. */
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { TestClient, TestEnv } from '../../test/harness.ts';
import { runImport, type RunOptions } from './run.ts';

export type Cell = string | number | boolean | Date | null;

/** An .xlsx with an optional merged title row above the header, as people send them. */
export async function xlsx(header: string[], rows: Cell[][], opts: { title?: string; sheet?: string } = {}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(opts.sheet ?? '数据');
  if (opts.title) {
    ws.addRow([opts.title]);
    ws.mergeCells(1, 1, 1, header.length);
  }
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export async function readXlsx(buf: Buffer): Promise<{ rows: unknown[][]; fills: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as never);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  const fills: string[][] = [];
  ws.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1));
    const marked: string[] = [];
    row.eachCell((cell, col) => {
      const fill = cell.fill as { fgColor?: { argb?: string } } | undefined;
      if (fill?.fgColor?.argb === 'FFFFCCCC') marked.push(String(ws.getRow(1).getCell(col).value));
    });
    fills.push(marked);
  });
  return { rows, fills };
}

/** multipart/form-data by hand: fields first (as the web app sends them), then the file. */
export function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer; type?: string }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----loopline${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`));
    parts.push(file.content, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export async function upload(client: TestClient, recordType: string, name: string, content: Buffer) {
  const { payload, headers } = multipart({ recordType }, { name, content });
  const cookie = Object.entries(client.cookies).map(([k, v]) => `${k}=${v}`).join('; ');
  return client.app.inject({ method: 'POST', url: '/api/v1/imports', payload, headers: { ...headers, cookie, 'x-csrf-token': client.cookies.ll_csrf ?? '' } });
}

/** Uploads, sets the mapping and policy, and starts the run; returns the import id and watch token. */
export async function prepare(client: TestClient, recordType: string, content: Buffer, mapping: Record<string, string | null>, duplicatePolicy = 'skip') {
  const up = await upload(client, recordType, 'file.xlsx', content);
  expect(up.statusCode, up.body).toBe(201);
  const id = up.json().id as string;
  const put = await client.put(`/api/v1/imports/${id}`, { mapping, duplicatePolicy });
  expect(put.statusCode, put.body).toBe(200);
  const run = await client.post(`/api/v1/imports/${id}/run`);
  expect(run.statusCode, run.body).toBe(202);
  return { id, token: run.json().watchToken as string, upload: up.json(), preview: put.json().preview };
}

/** The job's work, inline (the test app runs without workers); answers the finished import. */
export async function runInline(env: TestEnv, client: TestClient, tenantId: string, id: string, opts: RunOptions = {}) {
  await runImport(env.app.ctx, { tenantId, importId: id }, opts);
  const res = await client.get(`/api/v1/imports/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
