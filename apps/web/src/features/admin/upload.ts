/**
 * Multipart upload to POST /files. lib/api.ts sends JSON only; this reuses its pieces (CSRF cookie,
 * ApiError, base path) so the error contract is the same.
 * TODO(lead): fold into lib/api.ts as `api.upload` when that file's owner adds FormData bodies.
 */
import type { ApiErrorBody } from '@loopline/shared';
import { API_BASE, ApiError, readCookie } from '../../lib/api.ts';

export interface UploadedFile {
  id: string;
  name: string;
  mimeType: string;
  size: number;
}

export async function uploadFile(file: File): Promise<UploadedFile> {
  const body = new FormData();
  body.append('file', file, file.name);
  const csrf = readCookie('ll_csrf');
  let res: Response;
  try {
    res = await fetch(`${API_BASE}/files`, { method: 'POST', body, credentials: 'same-origin', headers: csrf ? { 'x-csrf-token': csrf, accept: 'application/json' } : { accept: 'application/json' } });
  } catch (err) {
    throw new ApiError(0, 'NETWORK_ERROR', (err as Error)?.message || 'network error');
  }
  const data = (await res.json().catch(() => undefined)) as (UploadedFile & Partial<ApiErrorBody>) | undefined;
  if (!res.ok) throw new ApiError(res.status, data?.error?.code || `HTTP_${res.status}`, data?.error?.message || res.statusText, data?.error?.details);
  return data as UploadedFile;
}
