import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { MultipartFile, MultipartValue } from '@fastify/multipart';
import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { RecordType } from '@loopline/shared';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/client.ts';
import { files } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import { AppError, badRequest, fieldError, forbidden, notFound } from '../../platform/http/errors.ts';
import { auditSource, requireActor, tenantDb } from '../../platform/http/request.ts';
import { assertVisible, type OwnedTable } from '../../platform/permissions/recordAccess.ts';
import { fileTooLarge } from '../../platform/files/store.ts';
import { customers } from '../customers/schema.ts';

// ---------------------------------------------------------------------------------------------
// Which records files can be attached to. A module adds its table here (or calls
// registerAttachable) so attachment visibility follows that record's permissions.

type AttachTable = OwnedTable & { _: { name: string } } & object;

const attachable = new Map<string, { recordType: RecordType; table: AttachTable }>([['customer', { recordType: 'customer', table: customers }]]);

export function registerAttachable(recordType: RecordType, table: AttachTable): void {
  attachable.set(recordType, { recordType, table });
}

// ---------------------------------------------------------------------------------------------
// Names and types

/** Strips path parts, control and bidi-override characters (used to disguise "gpj.exe"); keeps CJK; ≤ 200 chars. */
export function sanitizeFileName(raw: string | undefined): string {
  let name = (raw ?? '').normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  if (/^\.*$/.test(name)) return 'file';
  const chars = Array.from(name); // by code point, so a surrogate pair is never cut in half
  if (chars.length <= 200) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  return Array.from(name.slice(0, name.length - ext.length)).slice(0, 200 - Array.from(ext).length).join('') + ext;
}

/** Browsers send application/octet-stream for extensions they do not know (often .docx/.xlsx on some systems). */
const BY_EXTENSION: Record<string, string> = {
  pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  txt: 'text/plain', csv: 'text/csv', zip: 'application/zip', doc: 'application/msword', xls: 'application/vnd.ms-excel',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

export function declaredType(mimetype: string | undefined, name: string): string {
  const declared = (mimetype ?? '').split(';')[0]!.trim().toLowerCase();
  if (declared && declared !== 'application/octet-stream') return declared;
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return BY_EXTENSION[ext] ?? 'application/octet-stream';
}

/** UPLOAD_ALLOWED_TYPES: comma list, entries may end in * (image/*, application/vnd.openxmlformats-officedocument.*). */
export function isAllowedType(mimeType: string, allowedList: string): boolean {
  return allowedList
    .split(',')
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .some((p) => (p.endsWith('*') ? mimeType.startsWith(p.slice(0, -1)) : mimeType === p));
}

/** Names Windows runs on a double click: refused whatever type they claim, the download would keep the name. */
const RUNNABLE_EXT = /\.(exe|com|scr|pif|bat|cmd|msi|msp|dll|cpl|ps1|psm1|vbs|vbe|js|jse|wsf|wsh|hta|jar|lnk|reg)$/i;

const ZIP = 'application/zip';
const OLE = 'application/x-ole-storage';
const EXECUTABLES = new Set(['application/x-msdownload', 'application/x-executable', 'application/x-mach-binary', 'application/wasm']);

const startsWith = (b: Buffer, sig: number[] | string, at = 0) => {
  const bytes = typeof sig === 'string' ? Buffer.from(sig, 'latin1') : Buffer.from(sig);
  return b.length >= at + bytes.length && b.subarray(at, at + bytes.length).equals(bytes);
};

/** Magic numbers of the types we accept by default and of executables; null = not recognised. */
export function sniff(b: Buffer): string | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, 'GIF87a') || startsWith(b, 'GIF89a')) return 'image/gif';
  if (startsWith(b, 'RIFF') && startsWith(b, 'WEBP', 8)) return 'image/webp';
  if (startsWith(b, 'BM') && startsWith(b, [0, 0, 0, 0], 6)) return 'image/bmp'; // reserved zeros: "BMW report.txt" is not a bitmap
  if (startsWith(b, [0x49, 0x49, 0x2a, 0x00]) || startsWith(b, [0x4d, 0x4d, 0x00, 0x2a])) return 'image/tiff';
  if (startsWith(b, [0x00, 0x00, 0x01, 0x00])) return 'image/x-icon';
  if (startsWith(b, 'ftyp', 4)) {
    const brand = b.subarray(8, 12).toString('latin1');
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
    if (['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  }
  if (startsWith(b, '%PDF-')) return 'application/pdf';
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) || startsWith(b, [0x50, 0x4b, 0x07, 0x08])) return ZIP;
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return OLE;
  if (startsWith(b, 'MZ') && b.subarray(0, 64).includes(0)) return 'application/x-msdownload'; // DOS header has zeros, text never does
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return 'application/x-executable';
  if ([[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]].some((s) => startsWith(b, s))) return 'application/x-mach-binary';
  if (startsWith(b, [0x00, 0x61, 0x73, 0x6d])) return 'application/wasm';
  return null;
}

/** Text has no NUL bytes, except UTF-16 (Excel's "Unicode text"), which starts with a byte-order mark. */
const looksLikeText = (b: Buffer) => startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff]) || !b.includes(0);

/** Whether the first bytes are plausible for the declared type, so an .exe renamed to .png is refused. */
export function contentMatches(declared: string, head: Buffer): boolean {
  const found = sniff(head);
  if (found && EXECUTABLES.has(found)) return found === declared;
  if (declared === 'image/svg+xml') return looksLikeText(head) && /<svg[\s>]/i.test(head.toString('utf8'));
  if (declared.startsWith('image/')) return found?.startsWith('image/') ?? false; // jpeg sent as png is harmless
  if (declared === 'application/pdf') return found === 'application/pdf';
  if (declared === ZIP || declared === 'application/x-zip-compressed' || declared === 'application/epub+zip' || declared.startsWith('application/vnd.openxmlformats-officedocument.') || declared.startsWith('application/vnd.oasis.opendocument.') || declared.includes('macroenabled')) return found === ZIP;
  // Legacy .doc/.xls: OLE2, or the HTML/RTF/CSV that many older systems export under those names.
  if (['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', OLE].includes(declared)) return found === OLE || (found === null && looksLikeText(head));
  if (declared.startsWith('text/')) return found === null && looksLikeText(head);
  return found === null || found === declared; // types an administrator added that we cannot check
}

const unsupportedType = (mimeType: string, extra: Record<string, unknown> = {}) =>
  new AppError(415, 'UNSUPPORTED_FILE_TYPE', `files of type ${mimeType} are not accepted`, { mimeType, ...extra });

async function readHead(stream: Readable, bytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
    length += (chunk as Buffer).length;
    if (length >= bytes) break; // leaving the loop closes the stream
  }
  return Buffer.concat(chunks).subarray(0, bytes);
}

// ---------------------------------------------------------------------------------------------
// Output

export const fileOut = z.object({
  id: z.string(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  recordType: z.string().nullable(),
  recordId: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
export type FileOut = z.infer<typeof fileOut>;
type FileRow = typeof files.$inferSelect;

export function toFileOut(row: FileRow): FileOut {
  return { id: row.id, name: row.name, mimeType: row.mimeType, size: row.size, sha256: row.sha256, recordType: row.recordType, recordId: row.recordId, uploadedBy: row.uploadedBy, createdAt: row.createdAt.toISOString() };
}

const auditView = (row: FileRow) => ({ name: row.name, mimeType: row.mimeType, size: row.size, sha256: row.sha256, recordType: row.recordType, recordId: row.recordId });

// ---------------------------------------------------------------------------------------------
// Upload

const uploadFields = z.strictObject({ recordType: z.string().min(1).optional(), recordId: z.uuid().optional() });

/** Multipart's own errors, in our vocabulary (errors.ts would turn every 413 into PAYLOAD_TOO_LARGE). */
function fromMultipart(err: unknown, maxBytes: number): unknown {
  switch ((err as { code?: string }).code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return badRequest('TOO_MANY_FILES', 'send one file per request');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return badRequest('TOO_MANY_FIELDS', 'too many form fields');
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'expected multipart/form-data');
    default:
      return err;
  }
}

function attachTarget(fields: Record<string, string>) {
  const parsed = uploadFields.parse(fields);
  if (!parsed.recordType && !parsed.recordId) return null;
  if (!parsed.recordType) throw fieldError('recordType', 'required with recordId');
  if (!parsed.recordId) throw fieldError('recordId', 'required with recordType');
  const entry = attachable.get(parsed.recordType);
  if (!entry) throw fieldError('recordType', `files cannot be attached to ${parsed.recordType}`);
  return { ...entry, recordId: parsed.recordId };
}

/**
 * Streams the one "file" part to the store (the size limit applies while reading), then checks
 * type, content and the record, and inserts the row with its audit entry. Anything refused after
 * the bytes were stored removes them again.
 */
export async function uploadFile(req: FastifyRequest): Promise<FileOut> {
  const actor = requireActor(req);
  const { files: store, config } = req.server.ctx;
  if (!req.isMultipart()) throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'expected multipart/form-data with a "file" field');

  const fields: Record<string, string> = {};
  let upload: { name: string; mimeType: string; storageKey: string; size: number; sha256: string } | undefined;
  try {
    try {
      for await (const part of req.parts() as AsyncIterableIterator<MultipartFile | MultipartValue>) {
        if (part.type === 'field') {
          fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
          continue;
        }
        // Refusals before storing: drain the part so the parser reaches the end of the request.
        if (part.fieldname !== 'file') {
          part.file.resume();
          throw fieldError(part.fieldname, 'unexpected file; send it in the "file" field');
        }
        const name = sanitizeFileName(part.filename);
        const mimeType = declaredType(part.mimetype, name);
        if (!isAllowedType(mimeType, config.UPLOAD_ALLOWED_TYPES) || RUNNABLE_EXT.test(name)) {
          part.file.resume();
          throw unsupportedType(mimeType, { name });
        }
        upload = { name, mimeType, ...(await store.put(actor.tenantId, part.file)) };
      }
    } catch (err) {
      throw fromMultipart(err, config.MAX_UPLOAD_MB * 1024 * 1024);
    }

    if (!upload) throw fieldError('file', 'required');
    if (upload.size === 0) throw badRequest('EMPTY_FILE', 'the file is empty');
    if (!contentMatches(upload.mimeType, await readHead(store.open(upload.storageKey), 4096))) {
      throw unsupportedType(upload.mimeType, { name: upload.name, reason: 'content does not match the declared type' });
    }
    const target = attachTarget(fields);
    const stored = upload;
    const row = await tenantDb(req, (db) =>
      db.transaction(async (txn) => {
        const tx = txn as unknown as Db;
        if (target) await assertVisible(tx, actor, target.recordType, target.table, target.recordId);
        const [inserted] = await tx
          .insert(files)
          .values({ tenantId: actor.tenantId, name: stored.name, mimeType: stored.mimeType, size: stored.size, sha256: stored.sha256, storageKey: stored.storageKey, recordType: target?.recordType ?? null, recordId: target?.recordId ?? null, uploadedBy: actor.userId })
          .returning();
        await recordAudit(tx, auditSource(req), { action: 'create', recordType: 'file', recordId: inserted!.id, after: auditView(inserted!) });
        return inserted!;
      }),
    );
    return toFileOut(row);
  } catch (err) {
    if (upload) await store.remove(upload.storageKey).catch((e: unknown) => req.log.error({ err: e }, 'could not remove a refused upload'));
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Read, list, delete

/**
 * A file is visible to whoever sees the record it is attached to; an unattached file only to its
 * uploader and administrators. Anything else is a 404, so ids from elsewhere reveal nothing.
 */
async function visibleFile(db: Db, actor: Actor, id: string): Promise<FileRow> {
  const [row] = await db.select().from(files).where(and(eq(files.id, id), eq(files.tenantId, actor.tenantId))).limit(1);
  if (!row) throw notFound('file');
  if (row.recordType && row.recordId) {
    const entry = attachable.get(row.recordType);
    if (!entry) {
      if (!actor.perms.admin) throw notFound('file');
      return row;
    }
    try {
      await assertVisible(db, actor, entry.recordType, entry.table, row.recordId);
    } catch (err) {
      if (err instanceof AppError && (err.status === 403 || err.status === 404)) throw notFound('file');
      throw err;
    }
    return row;
  }
  if (row.uploadedBy !== actor.userId && !actor.perms.admin) throw notFound('file');
  return row;
}

export function getFile(req: FastifyRequest, id: string): Promise<FileRow> {
  const actor = requireActor(req);
  return tenantDb(req, (db) => visibleFile(db, actor, id));
}

export async function listFiles(req: FastifyRequest, recordType: string, recordId: string): Promise<FileOut[]> {
  const actor = requireActor(req);
  const entry = attachable.get(recordType);
  if (!entry) throw fieldError('recordType', `files cannot be attached to ${recordType}`);
  const rows = await tenantDb(req, async (db) => {
    await assertVisible(db, actor, entry.recordType, entry.table, recordId);
    return db
      .select()
      .from(files)
      .where(and(eq(files.tenantId, actor.tenantId), eq(files.recordType, recordType), eq(files.recordId, recordId)))
      .orderBy(desc(files.createdAt), desc(files.id));
  });
  return rows.map(toFileOut);
}

/** Uploader or administrator. The row goes first (with its audit entry); the bytes after commit. */
export async function deleteFile(req: FastifyRequest, id: string): Promise<void> {
  const actor = requireActor(req);
  const row = await tenantDb(req, (db) =>
    db.transaction(async (txn) => {
      const tx = txn as unknown as Db;
      const found = await visibleFile(tx, actor, id);
      if (found.uploadedBy !== actor.userId && !actor.perms.admin) throw forbidden('only the uploader or an administrator can delete a file');
      await tx.delete(files).where(and(eq(files.id, found.id), eq(files.tenantId, actor.tenantId)));
      await recordAudit(tx, auditSource(req), { action: 'delete', recordType: 'file', recordId: found.id, before: auditView(found) });
      return found;
    }),
  );
  // A failure here leaves an orphaned blob, never a row pointing at nothing.
  await req.server.ctx.files.remove(row.storageKey).catch((err: unknown) => req.log.error({ err, storageKey: row.storageKey }, 'could not remove a deleted file'));
}
