// Interface only; implementation pending (files under DATA_DIR/files).
import type { Readable } from 'node:stream';
import type { Config } from '../config.ts';

export interface FileStore {
  /** Streams to disk, enforcing the size limit while reading; returns the storage key, size and SHA-256. */
  put(tenantId: string, source: Readable): Promise<{ storageKey: string; size: number; sha256: string }>;
  open(storageKey: string): Readable;
  remove(storageKey: string): Promise<void>;
}

export function createFileStore(_config: Config): FileStore {
  throw new Error('not implemented');
}
