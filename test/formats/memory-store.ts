import type { ObjectStore, StoredObject } from '../../src/sources/objects/object-store.js';
import type { ObjectReadResult, ObjectRecords, ReadObjectOptions } from '../../src/formats/index.js';
import { readObjectRecords } from '../../src/formats/index.js';

/** Chunk size of `stream`, like an HTTP body's. */
const STREAM_CHUNK = 16 * 1024;

/** Bytes [start, end) of a generated object, made on request: an object larger than memory is never held whole. */
export type ByteRange = (start: number, end: number) => Uint8Array;

/** An in-memory ObjectStore that counts what crosses its "network". */
export class MemoryStore implements ObjectStore {
  readonly location = 'memory://test';
  private readonly objects = new Map<string, { size: number; bytes: ByteRange }>();
  /** Bytes handed out by `read` and `stream` (only the chunks actually pulled from a stream). */
  bytesServed = 0;
  /** Every range asked for, `read` and `stream` alike. */
  readonly requests: { kind: 'read' | 'stream'; key: string; start: number; end: number }[] = [];
  /** Streams opened and not yet ended or returned. */
  openStreams = 0;

  put(key: string, content: string | Uint8Array): StoredObject {
    const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
    return this.putGenerated(key, bytes.length, (start, end) => bytes.subarray(start, end));
  }

  /** An object of `size` bytes whose ranges `bytes` makes as they are read. */
  putGenerated(key: string, size: number, bytes: ByteRange): StoredObject {
    this.objects.set(key, { size, bytes });
    return { key, size, lastModified: new Date(0) };
  }

  async *list(): AsyncIterable<StoredObject> {
    for (const [key, { size }] of [...this.objects].sort(([a], [b]) => a.localeCompare(b))) {
      yield { key, size, lastModified: new Date(0) };
    }
  }

  private object(key: string): { size: number; bytes: ByteRange } {
    const object = this.objects.get(key);
    if (object === undefined) throw new Error(`${key}: no such object`);
    return object;
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    this.requests.push({ kind: 'read', key, start, end });
    const object = this.object(key);
    const bytes = object.bytes(start, Math.min(end, object.size));
    this.bytesServed += bytes.length;
    return bytes;
  }

  async stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>> {
    this.requests.push({ kind: 'stream', key, start, end });
    const object = this.object(key);
    this.openStreams++;
    return this.chunks(object.bytes, start, Math.min(end, object.size));
  }

  private async *chunks(bytes: ByteRange, start: number, end: number): AsyncGenerator<Uint8Array> {
    try {
      for (let at = start; at < end; at += STREAM_CHUNK) {
        const chunk = bytes(at, Math.min(at + STREAM_CHUNK, end));
        this.bytesServed += chunk.length;
        yield chunk;
      }
    } finally {
      this.openStreams--;
    }
  }

  async close(): Promise<void> {}
}

export const OPTIONS: ReadObjectOptions = {
  maxRecords: 10_000,
  maxBytes: 1024 * 1024,
  maxValueBytes: 65_536,
};

/** Everything an object's batches held, merged: values and keys per field in record order. */
export interface Collected {
  records: number;
  batches: number[];
  values: Record<string, string[]>;
  keys: Record<string, string[]>;
}

export async function collect(records: ObjectRecords): Promise<Collected> {
  const out: Collected = { records: 0, batches: [], values: {}, keys: {} };
  for await (const batch of records.batches) {
    out.records += batch.records;
    out.batches.push(batch.records);
    for (const [field, values] of batch.values) (out.values[field] ??= []).push(...values);
    for (const [path, keys] of batch.keys) (out.keys[path] ??= []).push(...keys);
  }
  return out;
}

export function assertRead(result: ObjectReadResult): ObjectRecords {
  if ('skipped' in result) throw new Error(`skipped: ${result.skipped}`);
  return result;
}

/** Puts one object and reads it: the result, the records merged, and the store for its counters. */
export async function readOne(
  key: string,
  content: string | Uint8Array,
  options: Partial<ReadObjectOptions> = {},
): Promise<{ result: ObjectRecords; out: Collected; store: MemoryStore }> {
  const store = new MemoryStore();
  const object = store.put(key, content);
  const result = assertRead(await readObjectRecords(store, object, { ...OPTIONS, ...options }));
  const out = await collect(result);
  return { result, out, store };
}
