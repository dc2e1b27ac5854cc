/**
 * A record printed through its print template (the default one for its type unless templateId is
 * given): quotes, contracts, orders, payment receipts. Used by the print routes and by modules that
 * attach a PDF (a quote sent by email).
 */
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';

export type PrintableType = 'quote' | 'contract' | 'order' | 'payment' | 'invoice';

/** PDF bytes and a file name like 报价单-BJ202611230001.pdf; 404 when the actor may not see the record. */
export async function printRecordPdf(_db: Db, _actor: Actor, _recordType: PrintableType, _recordId: string, _templateId?: string): Promise<{ pdf: Buffer; fileName: string }> {
  throw new Error('PLACEHOLDER (print templates owner): printRecordPdf');
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
const loaders = new Map<PrintableType, PrintLoader>();
export function registerPrintLoader(recordType: PrintableType, loader: PrintLoader): void {
  loaders.set(recordType, loader);
}
export function findPrintLoader(recordType: string): PrintLoader | undefined {
  return loaders.get(recordType as PrintableType);
}
