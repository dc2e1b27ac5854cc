import { useQuery } from '@tanstack/react-query';
import type { PrintRecordType, TemplateProblem } from '@loopline/shared';
import { API_BASE, ApiError, api, readCookie } from '../../lib/api.ts';

export interface PrintTemplate {
  id: string;
  recordType: PrintRecordType;
  name: string;
  body: string;
  pageSize: 'A4' | 'A5' | 'LETTER';
  orientation: 'portrait' | 'landscape';
  isDefault: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface BuiltInTemplate { recordType: PrintRecordType; name: string; body: string }
export interface PrintFields {
  recordType: PrintRecordType;
  fields: { key: string; label: string }[];
  lineColumns: { key: string; label: string }[];
  org: { key: string; label: string }[];
  globals: { key: string; label: string }[];
}

export const printKeys = {
  all: ['printTemplates'] as const,
  list: (recordType?: PrintRecordType) => ['printTemplates', 'list', recordType ?? 'all'] as const,
  one: (id: string) => ['printTemplates', 'one', id] as const,
  fields: (recordType: PrintRecordType) => ['printTemplates', 'fields', recordType] as const,
};

export function usePrintTemplates(recordType?: PrintRecordType, enabled = true) {
  return useQuery({
    queryKey: printKeys.list(recordType),
    queryFn: () => api.get<{ items: PrintTemplate[]; builtIn: BuiltInTemplate[] }>('/print-templates', { recordType }),
    enabled,
    staleTime: 30_000,
  });
}

export function usePrintFields(recordType: PrintRecordType) {
  return useQuery({ queryKey: printKeys.fields(recordType), queryFn: () => api.get<PrintFields>('/print-templates/fields', { recordType }), staleTime: 60_000 });
}

/** Where each printable type's records are listed (for the preview's record picker). */
export const RECORD_API: Record<PrintRecordType, string> = {
  quote: '/quotes', contract: '/contracts', order: '/orders', payment: '/payments', invoice: '/invoices',
};

/** GET URL of a record's PDF; inline opens it in the browser, attachment downloads it. */
export function printUrl(recordType: PrintRecordType, recordId: string, opts: { templateId?: string | null; disposition?: 'inline' | 'attachment' } = {}): string {
  const params = new URLSearchParams();
  if (opts.templateId) params.set('templateId', opts.templateId);
  if (opts.disposition) params.set('disposition', opts.disposition);
  const qs = params.toString();
  return `${API_BASE}/print/${recordType}/${recordId}.pdf${qs ? `?${qs}` : ''}`;
}

/** POST /print-templates/preview → the PDF as a Blob (errors as ApiError, like every call). */
export async function previewPdf(body: { recordType: PrintRecordType; recordId: string; body?: string; templateId?: string; pageSize?: string; orientation?: string }): Promise<Blob> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/pdf, application/json' };
  const csrf = readCookie('ll_csrf');
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`${API_BASE}/print-templates/preview`, { method: 'POST', headers, credentials: 'same-origin', body: JSON.stringify(body) });
  if (!res.ok) {
    let err: { code?: string; message?: string; details?: unknown } = {};
    try {
      err = ((await res.json()) as { error?: typeof err }).error ?? {};
    } catch {
      // not JSON
    }
    throw new ApiError(res.status, err.code ?? `HTTP_${res.status}`, err.message ?? res.statusText, err.details);
  }
  return res.blob();
}

export type { TemplateProblem };
