import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { AppError } from '../http/errors.ts';

export interface FileStore {
  /** Streams to disk, enforcing the size limit while reading; returns the storage key, size and SHA-256. */
  put(tenantId: string, source: Readable): Promise<{ storageKey: string; size: number; sha256: string }>;
  open(storageKey: string): Readable;
  remove(storageKey: string): Promise<void>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** tenant/yyyy/mm/id — the only shape a key can have, so a key read back from anywhere cannot escape the root. */
const KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/\d{4}\/(0[1-9]|1[0-2])\/[A-Za-z0-9_-]{22}$/i;

export const fileTooLarge = (limitBytes: number) =>
  new AppError(413, 'FILE_TOO_LARGE', 'file is too large', { maxBytes: Math.floor(limitBytes) });

/**
 * Files live under DATA_DIR/files/<tenant>/<yyyy>/<mm>/<random id>. The key is generated here and
 * never contains anything the uploader chose (the name stays in the database), so there is no path
 * traversal to defend against beyond validating keys handed back to open/remove.
 */
export function createFileStore(config: Config): FileStore {
  const root = path.join(config.dataDir, 'files');
  const limit = config.MAX_UPLOAD_MB * 1024 * 1024;

  function resolve(storageKey: string): string {
    if (!KEY.test(storageKey)) throw new Error(`invalid storage key: ${JSON.stringify(storageKey)}`);
    const full = path.resolve(root, storageKey);
    if (!full.startsWith(root + path.sep)) throw new Error('storage key escapes the file root'); // belt and braces
    return full;
  }

  return {
    async put(tenantId, source) {
      if (!UUID.test(tenantId)) throw new Error('invalid tenant id');
      const now = new Date();
      const storageKey = [tenantId, String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'), crypto.randomBytes(16).toString('base64url')].join('/');
      const target = resolve(storageKey);
      // The temporary name does not match KEY, so a half-written file can never be opened as a stored one.
      const temp = `${target}.part`;
      // An error while the folder is being made would otherwise be unhandled; pipeline reports it below.
      source.on('error', () => undefined);
      await fsp.mkdir(path.dirname(target), { recursive: true });

      const hash = crypto.createHash('sha256');
      let size = 0;
      // Our own count too: sources other than multipart have no limit of their own.
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (size > limit) return done(fileTooLarge(limit));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, fs.createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
        // busboy stops passing data at the multipart limit and just ends the stream, flagging it.
        if ((source as { truncated?: boolean }).truncated) throw fileTooLarge(limit);
        await fsp.rename(temp, target);
      } catch (err) {
        await fsp.rm(temp, { force: true });
        if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge(limit);
        throw err;
      }
      return { storageKey, size, sha256: hash.digest('hex') };
    },

    open(storageKey) {
      return fs.createReadStream(resolve(storageKey));
    },

    async remove(storageKey) {
      await fsp.rm(resolve(storageKey), { force: true });
    },
  };
}
