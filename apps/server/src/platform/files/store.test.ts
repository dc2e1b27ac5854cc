import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { createFileStore, type FileStore } from './store.ts';

const TENANT = '0b7f3c2e-4d5a-4c1b-9e8f-123456789abc';
let dataDir: string;
let store: FileStore;

/** every file under the store's root, relative to it */
function listed(): string[] {
  const root = path.join(dataDir, 'files');
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((p) => fs.statSync(path.join(root, p)).isFile()).map((p) => p.split(path.sep).join('/'));
}

beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'loopline-store-'));
  store = createFileStore(loadConfig({ DATA_DIR: dataDir, MAX_UPLOAD_MB: '0.01' } as NodeJS.ProcessEnv)); // 10 KiB
});
afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('file store', () => {
  it('stores under tenant/yyyy/mm/random id with size and SHA-256, and reads it back', async () => {
    const body = Buffer.from('合同内容 contract body');
    const put = await store.put(TENANT, Readable.from([body.subarray(0, 5), body.subarray(5)]));
    const now = new Date();
    const month = String(now.getUTCMonth() + 1).padStart(2, '0');
    expect(put.storageKey).toMatch(new RegExp(`^${TENANT}/${now.getUTCFullYear()}/${month}/[A-Za-z0-9_-]{22}$`));
    expect(put.size).toBe(body.length);
    expect(put.sha256).toBe(crypto.createHash('sha256').update(body).digest('hex'));
    expect(await text(store.open(put.storageKey))).toBe(body.toString());
    expect(listed()).toEqual([put.storageKey]); // no temporary file left behind

    await store.remove(put.storageKey);
    expect(listed()).toEqual([]);
    await store.remove(put.storageKey); // idempotent
  });

  it('gives every upload its own key', async () => {
    const a = await store.put(TENANT, Readable.from([Buffer.from('x')]));
    const b = await store.put(TENANT, Readable.from([Buffer.from('x')]));
    expect(a.storageKey).not.toBe(b.storageKey);
    expect(a.sha256).toBe(b.sha256);
  });

  it('refuses a source over the limit with 413 and leaves nothing on disk', async () => {
    const big = Readable.from((function* () { for (let i = 0; i < 20; i++) yield Buffer.alloc(1024, 1); })());
    await expect(store.put(TENANT, big)).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
    expect(listed()).toEqual([]);
  });

  it('treats a stream busboy flagged as truncated as too large', async () => {
    const src = Readable.from([Buffer.from('first 10 KiB only')]) as Readable & { truncated?: boolean };
    src.truncated = true;
    await expect(store.put(TENANT, src)).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
    expect(listed()).toEqual([]);
  });

  it('maps @fastify/multipart FST_REQ_FILE_TOO_LARGE to our 413', async () => {
    const src = new Readable({ read() {} });
    src.push(Buffer.from('partial'));
    setImmediate(() => src.destroy(Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE', statusCode: 413 })));
    await expect(store.put(TENANT, src)).rejects.toMatchObject({ status: 413, code: 'FILE_TOO_LARGE' });
    expect(listed()).toEqual([]);
  });

  it('removes the partial file when the source fails', async () => {
    const src = new Readable({ read() {} });
    src.push(Buffer.from('partial'));
    setImmediate(() => src.destroy(new Error('client went away')));
    await expect(store.put(TENANT, src)).rejects.toThrow('client went away');
    expect(listed()).toEqual([]);
  });

  it('stores an empty stream as size 0 (the caller decides whether that is allowed)', async () => {
    const put = await store.put(TENANT, Readable.from([]));
    expect(put.size).toBe(0);
    expect(put.sha256).toBe(crypto.createHash('sha256').digest('hex'));
  });

  it('validates tenant ids and storage keys, so nothing outside the root is reachable', async () => {
    await expect(store.put('../../etc', Readable.from([Buffer.from('x')]))).rejects.toThrow('invalid tenant id');
    const bad = [
      '../../etc/passwd',
      `${TENANT}/../../../etc/passwd`,
      '/etc/passwd',
      `${TENANT}/2024/01/..`,
      `${TENANT}/2024/13/AAAAAAAAAAAAAAAAAAAAAA`,
      `${TENANT}/2024/01/AAAAAAAAAAAAAAAAAAAAAA.part`,
      `${TENANT}\\2024\\01\\AAAAAAAAAAAAAAAAAAAAAA`,
      '',
    ];
    for (const key of bad) {
      expect(() => store.open(key), key).toThrow('invalid storage key');
      await expect(store.remove(key), key).rejects.toThrow('invalid storage key');
    }
  });
});
