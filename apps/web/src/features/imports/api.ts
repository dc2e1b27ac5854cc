/**
 * Types and requests of the import wizard. JSON goes through lib/api.ts; the upload (multipart)
 * and the progress poll (watch token, no session) need their own fetch, answering the same ApiError.
 */
import { api, ApiError, API_BASE, readCookie, type Query } from '../../lib/api.ts';

export type ImportRecordType = 'lead' | 'customer' | 'contact';
export type ImportStatus = 'uploaded' | 'queued' | 'running' | 'completed' | 'failed' | 'cancelled';
export type DuplicatePolicy = 'skip' | 'update' | 'create';
export type RowStatus = 'created' | 'updated' | 'skipped' | 'rejected';
export type Mapping = Record<string, string | null>;

export interface ImportField {
  key: string;
  label: string;
  labelEn: string;
  kind: string;
  required: boolean;
  options?: { value: string; label: string; labelEn?: string | null }[];
}

export interface Counts { created: number; updated: number; skipped: number; rejected: number }

export interface ImportInfo {
  id: string;
  recordType: ImportRecordType;
  status: ImportStatus;
  fileName: string;
  sheetName: string;
  headerRow: number;
  headers: string[];
  rowCount: number;
  mapping: Mapping;
  duplicatePolicy: DuplicatePolicy;
  progress: { done: number; total: number };
  counts: Counts;
  failure: string | null;
  createdBy: string;
  createdByName: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface Uploaded extends ImportInfo {
  fields: ImportField[];
  preview: { rowNumber: number; cells: (string | null)[] }[];
}

export interface CellIssue { column: string | null; message: string }
export interface PreviewRow { rowNumber: number; status: RowStatus; errors: CellIssue[]; duplicates: number; cells: (string | null)[] }
export interface Validated extends ImportInfo {
  fields: ImportField[];
  preview: { rows: PreviewRow[]; summary: Counts };
}

export interface Progress { id: string; status: ImportStatus; progress: { done: number; total: number }; counts: Counts; failure: string | null }
export interface RowError { rowNumber: number; column: string | null; message: string }

export const STATUS_COLOR: Record<ImportStatus, string> = { uploaded: 'default', queued: 'processing', running: 'processing', completed: 'success', failed: 'error', cancelled: 'warning' };

export const importKeys = {
  all: ['imports'] as const,
  list: (q: Query) => ['imports', 'list', q] as const,
  one: (id: string) => ['imports', id] as const,
  errors: (id: string, page: number) => ['imports', id, 'errors', page] as const,
};

async function answer<T>(res: Response): Promise<T> {
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    throw new ApiError(res.status, `HTTP_${res.status}`, res.statusText || 'request failed');
  }
  if (!res.ok) {
    const e = (data as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    throw new ApiError(res.status, e?.code || `HTTP_${res.status}`, e?.message || res.statusText || 'request failed', e?.details);
  }
  return data as T;
}

/** recordType goes first, so a missing permission is refused before the file is sent. */
export async function uploadFile(recordType: ImportRecordType, file: File): Promise<Uploaded> {
  const body = new FormData();
  body.append('recordType', recordType);
  body.append('file', file, file.name);
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/imports`, { method: 'POST', body, credentials: 'same-origin', headers: { accept: 'application/json', 'x-csrf-token': readCookie('ll_csrf') ?? '' } });
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', (err as Error)?.message || 'network error');
  }
  return answer<Uploaded>(res);
}

export const validate = (id: string, mapping: Mapping, duplicatePolicy: DuplicatePolicy) => api.put<Validated>(`/imports/${id}`, { mapping, duplicatePolicy });
export const startRun = (id: string) => api.post<ImportInfo & { watchToken: string }>(`/imports/${id}/run`);
export const getImport = (id: string) => api.get<ImportInfo>(`/imports/${id}`);
export const listImports = (q: Query) => api.get<{ items: ImportInfo[]; total: number }>('/imports', q);
export const listErrors = (id: string, page: number, pageSize = 20) => api.get<{ items: RowError[]; total: number }>(`/imports/${id}/errors`, { limit: pageSize, offset: (page - 1) * pageSize });
export const errorFileHref = (id: string) => `${API_BASE}/imports/${id}/errors.xlsx`;

/**
 * While an import runs the browser asks with the watch token, without its session: on the embedded
 * database the import holds the only connection, and this answer comes from the server's memory.
 */
export async function watchProgress(id: string, token: string, signal?: AbortSignal): Promise<Progress> {
  const res = await fetch(`${API_BASE}/imports/${id}/progress`, { credentials: 'omit', headers: { accept: 'application/json', 'x-import-token': token }, signal });
  return answer<Progress>(res);
}

export async function abortRun(id: string, token: string): Promise<Progress> {
  const res = await fetch(`${API_BASE}/imports/${id}/abort`, { method: 'POST', credentials: 'omit', headers: { accept: 'application/json', 'x-import-token': token } });
  return answer<Progress>(res);
}

/** Server messages about files come as "中文 / English"; show the half in the reader's language. */
export function inLanguage(message: string, zh: boolean): string {
  const cut = message.indexOf(' / ');
  if (cut < 0) return message;
  return zh ? message.slice(0, cut) : message.slice(cut + 3);
}

/** How far a run is, in whole percent (100 only when every row is done). */
export function percent(p: { done: number; total: number }): number {
  if (p.total <= 0) return 100;
  return Math.min(100, Math.floor((p.done / p.total) * 100));
}
