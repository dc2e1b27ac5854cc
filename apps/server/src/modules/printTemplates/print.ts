/**
 * A record printed through its print template (the default one for its type unless templateId is
 * given): quotes, contracts, orders, payment receipts. Used by the print routes and by modules that
 * attach a PDF (a quote sent by email).
 */
import type { Readable } from 'node:stream';
import { and, eq } from 'drizzle-orm';
import {
  DEFAULT_PRINT_TEMPLATES, displayMoney, parseMoney, renderTemplate, type PrintLayout, type PrintRecordType,
} from '@loopline/shared';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { files, tenants } from '../../platform/db/schema.ts';
import type { FileStore } from '../../platform/files/store.ts';
import { badRequest, notFound } from '../../platform/http/errors.ts';
import { renderPdf } from '../../platform/pdf/pdf.ts';
import type { LineItemDto } from '../products/lineItems.ts';
import { printTemplates } from './schema.ts';

export type PrintableType = PrintRecordType;

/** What each record type's document is called, for file names. */
export const PRINT_TYPE_LABELS: Record<PrintableType, string> = {
  quote: '报价单', contract: '合同', order: '订单', payment: '收款收据', invoice: '开票申请',
};

/** PDF bytes and a file name like 报价单-BJ202611230001.pdf; 404 when the actor may not see the record. */
export async function printRecordPdf(db: Db, actor: Actor, recordType: PrintableType, recordId: string, templateId?: string): Promise<{ pdf: Buffer; fileName: string }> {
  return printPdf(db, actor, { recordType, recordId, templateId });
}

/**
 * The one print path: a template (a draft body, templateId, the organization's default, or the
 * built-in one) filled with the record's data, rendered with the CJK font embedded.
 */
export async function printPdf(
  db: Db,
  actor: Actor,
  opts: { recordType: PrintableType; recordId: string; templateId?: string; body?: string } & PrintLayout,
): Promise<{ pdf: Buffer; fileName: string }> {
  const loader = findPrintLoader(opts.recordType);
  if (!loader) throw badRequest('NOT_PRINTABLE', `${opts.recordType} records cannot be printed yet`, { field: 'recordType' });
  const template = await resolveTemplate(db, actor.tenantId, opts.recordType, opts.templateId);
  const data = await loader(db, actor, opts.recordId); // 404 when the actor may not see it
  const org = await loadOrg(db, actor.tenantId);
  const doc = renderTemplate(opts.body ?? template.body, {
    title: data.title,
    fields: data.fields,
    lines: data.lines,
    org,
    today: todayIn(actor.timeZone),
  }, { pageSize: opts.pageSize ?? template.pageSize, orientation: opts.orientation ?? template.orientation });
  const pdf = await renderPdf(doc as unknown as TDocumentDefinitions);
  return { pdf, fileName: printFileName(opts.recordType, data.fields.number || opts.recordId.slice(0, 8)) };
}

export function printFileName(recordType: PrintableType, number: string): string {
  const safe = number.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 60);
  return `${PRINT_TYPE_LABELS[recordType]}-${safe}.pdf`;
}

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266 / 5987). */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export interface ResolvedTemplate {
  id: string | null;
  name: string;
  body: string;
  pageSize: 'A4' | 'A5' | 'LETTER';
  orientation: 'portrait' | 'landscape';
}

/** templateId (404 unless the tenant's and of this type), "builtin", else the default, else built in. */
export async function resolveTemplate(db: Db, tenantId: string, recordType: PrintableType, templateId?: string): Promise<ResolvedTemplate> {
  const builtIn: ResolvedTemplate = { id: null, ...DEFAULT_PRINT_TEMPLATES[recordType], pageSize: 'A4', orientation: 'portrait' };
  if (templateId === 'builtin') return builtIn;
  const [row] = await db.select().from(printTemplates).where(and(
    eq(printTemplates.tenantId, tenantId),
    eq(printTemplates.recordType, recordType),
    templateId ? eq(printTemplates.id, templateId) : eq(printTemplates.isDefault, true),
  ));
  if (!row) {
    if (templateId) throw notFound('print template');
    return builtIn;
  }
  return { id: row.id, name: row.name, body: row.body, pageSize: row.pageSize, orientation: row.orientation };
}

// ---------------------------------------------------------------------------------------------
// The organization: name and logo (from the file store, as a data URL; never a URL or path)

let fileStore: FileStore | undefined;
/** Set when the routes are registered (the app's file store); without it the logo is left out. */
export function setPrintFileStore(store: FileStore): void {
  fileStore = store;
}

const LOGO_MAX_BYTES = 1024 * 1024;

export async function loadOrg(db: Db, tenantId: string): Promise<{ name: string; logo: string | null }> {
  const [t] = await db.select({ name: tenants.name, logoFileId: tenants.logoFileId, settings: tenants.settings }).from(tenants).where(eq(tenants.id, tenantId));
  if (!t) throw notFound('organization');
  const logoId = t.logoFileId ?? (typeof t.settings?.logoFileId === 'string' ? t.settings.logoFileId : null);
  if (!logoId || !fileStore) return { name: t.name, logo: null };
  const [file] = await db.select().from(files).where(and(eq(files.id, logoId), eq(files.tenantId, tenantId)));
  if (!file || !['image/png', 'image/jpeg'].includes(file.mimeType) || file.size > LOGO_MAX_BYTES) return { name: t.name, logo: null };
  try {
    const bytes = await readAll(fileStore.open(file.storageKey), LOGO_MAX_BYTES);
    // the bytes decide, not the declared type: pdfkit reads PNG and JPEG only
    const isPng = bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
    if (!isPng && !isJpeg) return { name: t.name, logo: null };
    return { name: t.name, logo: `data:image/${isPng ? 'png' : 'jpeg'};base64,${bytes.toString('base64')}` };
  } catch {
    return { name: t.name, logo: null }; // a missing file prints without the logo rather than failing
  }
}

async function readAll(stream: Readable, max: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += b.length;
    if (size > max) {
      stream.destroy();
      throw new Error('logo too large');
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

function todayIn(timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers for print loaders (E, F, G): display strings as templates expect them

/** "1234.50" → "¥1,234.50"; null/'' → ''. */
export function printMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  try {
    return displayMoney(parseMoney(String(value)));
  } catch {
    return String(value);
  }
}

/** "2.5000" → "2.5"; "13.0000" → "13". */
export function printDecimal(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  const s = String(value);
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Line items as the templates' line columns (PRINT_LINE_COLUMNS): index is added by the template. */
export function printLineItems(lines: LineItemDto[]): Record<string, string>[] {
  return lines.map((l) => ({
    productCode: l.productCode ?? '',
    productName: l.productName,
    specification: l.specification ?? '',
    unit: l.unit ?? '',
    listPrice: printMoney(l.listPrice),
    salePrice: printMoney(l.salePrice),
    quantity: printDecimal(l.quantity),
    discount: Number(l.discountValue) === 0 ? '' : l.discountKind === 'percent' ? `${printDecimal(l.discountValue)}%` : printMoney(l.discountValue),
    taxRate: `${printDecimal(l.taxRate)}%`,
    taxAmount: printMoney(l.taxAmount),
    totalAmount: printMoney(l.totalAmount),
    deliveredQuantity: printDecimal(l.deliveredQuantity),
    remark: l.remark ?? '',
  }));
}

/**
 * What a template sees for a record: its fields by key (display values: select labels, user and
 * customer names, money as ¥1,234.50 and 大写), `lines` (line items) and `org` (name, logo).
 * Each printable module registers its loader so print templates need not import it.
 */
export interface PrintData {
  title: string;
  fields: Record<string, string>;
  lines: Record<string, string>[];
}
export type PrintLoader = (db: Db, actor: Actor, recordId: string) => Promise<PrintData>;
/** Extra placeholders a loader provides beyond the record type's catalog fields (shown in the editor). */
export interface PrintLoaderFields {
  fields?: { key: string; label: string }[];
}
const loaders = new Map<PrintableType, PrintLoader>();
const loaderFields = new Map<PrintableType, { key: string; label: string }[]>();
export function registerPrintLoader(recordType: PrintableType, loader: PrintLoader, describe?: PrintLoaderFields): void {
  loaders.set(recordType, loader);
  if (describe?.fields) loaderFields.set(recordType, describe.fields);
}
export function findPrintLoader(recordType: string): PrintLoader | undefined {
  return loaders.get(recordType as PrintableType);
}
export function printLoaderFields(recordType: PrintableType): { key: string; label: string }[] {
  return loaderFields.get(recordType) ?? [];
}
