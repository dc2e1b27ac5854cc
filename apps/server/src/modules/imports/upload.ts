/**
 * Receiving a spreadsheet: the multipart stream goes straight to the file store with the import's
 * size limit enforced while reading (a 50 MB upload is refused at 20 MB, never buffered), then the
 * stored file is read back and parsed. Everything wrong with the file is a 4xx with a bilingual
 * message and a code the wizard can explain.
 */
import { Readable } from 'node:stream';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import type { FileStore } from '../../platform/files/store.ts';
import { AppError, badRequest, fieldError } from '../../platform/http/errors.ts';
import { requirePermission } from '../../platform/http/request.ts';
import { ImportFileError, parseSpreadsheet, type ImportFileErrorCode, type ParsedRow, type ParsedSheet } from '../../platform/imports/parse.ts';
import { sanitizeFileName } from '../files/service.ts';
import { IMPORT_RECORD_TYPES, type ImportRecordType, type ImportRow } from './schema.ts';
import { decodeSample, encodeSample } from './service.ts';

const MB = 1024 * 1024;
/** A 200,000-row sheet of a CRM's usual columns is ~10 MB as xlsx; 20 MB leaves room for wide sheets. */
export const IMPORT_MAX_BYTES = 20 * MB;
export const IMPORT_MAX_ROWS = 200_000;

const STATUS: Record<ImportFileErrorCode, number> = {
  EMPTY_FILE: 400, NO_HEADER: 422, MALFORMED_FILE: 422, MIXED_ENCODING: 422,
  UNSUPPORTED_FILE_TYPE: 415, FILE_TOO_LARGE: 413, TOO_MANY_ROWS: 413,
};

/** A file problem as the API's error shape. */
export function fileProblem(err: ImportFileError, fileName?: string): AppError {
  return new AppError(STATUS[err.code], err.code, err.message, { ...err.details, ...(fileName ? { fileName } : {}) });
}

export function tooLarge(maxBytes: number): AppError {
  const mb = Math.round(maxBytes / MB);
  return fileProblem(new ImportFileError('FILE_TOO_LARGE', `文件超过 ${mb} MB，请拆分后再导入`, `the file is larger than ${mb} MB; split it and import the parts`, { maxBytes }));
}

export interface ReceivedFile { recordType: ImportRecordType; fileName: string; storageKey: string; size: number }

function recordTypeOf(value: string | undefined, req: FastifyRequest): ImportRecordType {
  if (!value) throw fieldError('recordType', 'required (lead, customer or contact)');
  if (!(IMPORT_RECORD_TYPES as readonly string[]).includes(value)) throw fieldError('recordType', 'must be lead, customer or contact');
  requirePermission(req, value as ImportRecordType, 'import');
  return value as ImportRecordType;
}

/**
 * Reads `recordType` and `file` from the multipart body. Send recordType first and a refused
 * permission answers before the file is read; sent after the file, the stored bytes are removed.
 */
export async function receiveFile(req: FastifyRequest, store: FileStore, tenantId: string, maxBytes: number): Promise<ReceivedFile> {
  if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'expected multipart/form-data with "file" and "recordType"');
  let recordType: ImportRecordType | undefined;
  let stored: { fileName: string; storageKey: string; size: number } | undefined;
  try {
    const parts = req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 5 } }) as AsyncIterableIterator<MultipartFile | MultipartValue>;
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname === 'recordType') recordType = recordTypeOf(String(part.value), req);
        continue;
      }
      if (part.fieldname !== 'file' || stored) {
        part.file.resume();
        throw fieldError(part.fieldname, 'send one spreadsheet in the "file" field');
      }
      const put = await store.put(tenantId, part.file as Readable);
      // busboy stops at the limit and marks the stream truncated; the store's own limit may be higher
      if ((part.file as { truncated?: boolean }).truncated || put.size > maxBytes) {
        await store.remove(put.storageKey);
        throw tooLarge(maxBytes);
      }
      stored = { fileName: sanitizeFileName(part.filename) || 'import', storageKey: put.storageKey, size: put.size };
    }
    if (!stored) throw fieldError('file', 'required: the .xlsx or .csv file to import');
    return { recordType: recordType ?? recordTypeOf(undefined, req), ...stored };
  } catch (err) {
    if (stored) await store.remove(stored.storageKey).catch(() => undefined);
    const code = (err as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE' || code === 'FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT') throw badRequest('TOO_MANY_FILES', 'send one file per import');
    if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT') throw badRequest('TOO_MANY_FIELDS', 'too many form fields');
    if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'expected multipart/form-data');
    throw err;
  }
}

export async function readStored(store: FileStore, storageKey: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of store.open(storageKey)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The stored file's sheet; file problems become 4xx errors naming the file. */
export async function parseStored(store: FileStore, storageKey: string, fileName: string, maxBytes: number): Promise<ParsedSheet> {
  try {
    return await parseSpreadsheet(await readStored(store, storageKey), { fileName, maxRows: IMPORT_MAX_ROWS, maxBytes });
  } catch (err) {
    if (err instanceof ImportFileError) throw fileProblem(err, fileName);
    throw err;
  }
}

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

/**
 * The rows as read at upload, kept beside the file as gzipped JSON: the run (possibly on another
 * instance) and the error file read them back in a fraction of a second instead of parsing the
 * workbook again (seconds and hundreds of MB for 100,000 rows).
 */
export async function storeRows(store: FileStore, tenantId: string, rows: ParsedRow[]): Promise<string> {
  const packed = await gzip(JSON.stringify(encodeSample(rows)), { level: 1 });
  return (await store.put(tenantId, Readable.from([packed]))).storageKey;
}

/** The import's rows: the stored copy, or (an import from before it was kept) the file read again. */
export async function importRows(store: FileStore, row: Pick<ImportRow, 'rowsKey' | 'storageKey' | 'fileName' | 'fileSize'>): Promise<ParsedRow[]> {
  if (row.rowsKey) {
    const json = (await gunzip(await readStored(store, row.rowsKey))).toString('utf8');
    return decodeSample(JSON.parse(json) as ParsedRow[]);
  }
  return (await parseStored(store, row.storageKey, row.fileName, Math.max(row.fileSize, IMPORT_MAX_BYTES))).rows;
}
