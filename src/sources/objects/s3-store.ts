import { Readable } from 'node:stream';
import { GetObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import { keyGlobFilter } from './key-globs.js';
import type { ObjectStore, StoredObject } from './object-store.js';
import { DEFAULT_MAX_ATTEMPTS, createS3Client, type S3ClientOptions } from './s3-client.js';
import { isDroppedConnection, s3Error, type S3Failure } from './s3-errors.js';
import { noBytes } from './stream-errors.js';

export interface S3StoreOptions extends S3ClientOptions {
  bucket: string;
  /** Only keys under it are listed; globs match the rest of the key (`logs/` + `app/*.gz`). */
  prefix?: string;
  include?: string[];
  exclude?: string[];
  /** Keys per ListObjectsV2 page (MaxKeys; S3's maximum and the default is 1000). */
  pageSize?: number;
}

/** The objects of one bucket under one prefix, listed page by page and read by ranged GETs. */
export class S3Store implements ObjectStore {
  /** `s3://bucket/prefix`, plus `?endpoint=…` for a custom endpoint (no credentials). */
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly endpoint: string | undefined;
  private readonly pageSize: number;
  private readonly maxAttempts: number;
  private readonly select: (key: string) => boolean;

  constructor(options: S3StoreOptions) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ?? '';
    this.pageSize = options.pageSize ?? 1000;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.endpoint = options.endpoint ? printableEndpoint(options.endpoint) : undefined;
    this.location = `s3://${this.bucket}/${this.prefix}${this.endpoint ? `?endpoint=${this.endpoint}` : ''}`;
    this.select = keyGlobFilter(options.include, options.exclude);
    this.client = createS3Client(options);
  }

  async *list(): AsyncIterable<StoredObject> {
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: this.pageSize },
      { Bucket: this.bucket, Prefix: this.prefix || undefined },
    );
    const where = `s3://${this.bucket}/${this.prefix}`;
    try {
      for await (const page of pages) {
        for (const object of page.Contents ?? []) {
          const key = object.Key;
          // Keys ending in `/` are the console's empty "folder" markers, not data.
          if (key === undefined || key.endsWith('/') || !this.select(this.relativeKey(key))) continue;
          yield {
            key,
            size: object.Size ?? 0,
            lastModified: object.LastModified ?? new Date(0),
            ...(object.ETag && { etag: object.ETag.replace(/^"|"$/g, '') }),
          };
        }
      }
    } catch (error) {
      throw s3Error(this.failure(where, 'ListObjectsV2'), error);
    }
  }

  async read(key: string, start: number, end: number): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of await this.stream(key, start, end)) chunks.push(chunk);
    return new Uint8Array(Buffer.concat(chunks));
  }

  async stream(key: string, start: number, end: number): Promise<AsyncIterable<Uint8Array>> {
    const first = await this.get(key, start, end);
    if (!first) return noBytes();
    return this.resumingBody(key, end, start, first);
  }

  async close(): Promise<void> {
    this.client.destroy();
  }

  /** A ranged GET's body and ETag; none for an empty range or a start past the end (S3 answers 416). */
  private async get(key: string, start: number, end: number, ifMatch?: string) {
    if (end <= start) return undefined;
    try {
      const output = await this.client.send(
        new GetObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Range: `bytes=${start}-${end - 1}`,
          ...(ifMatch !== undefined && { IfMatch: ifMatch }),
        }),
      );
      if (output.Body === undefined) return undefined;
      if (!(output.Body instanceof Readable))
        throw new TypeError('S3 GetObject: expected a Node.js stream body');
      return { body: output.Body, etag: output.ETag };
    } catch (error) {
      if ((error as { name?: string }).name === 'InvalidRange') return undefined;
      throw s3Error(this.failure(this.objectUrl(key), 'GetObject'), error);
    }
  }

  /**
   * A ranged GET's body. The SDK retries a GET that fails before its body, not a connection dropped
   * in the middle of the body (S3 resets some; proxies too): that is resumed here by a GET of the
   * bytes not read yet, up to maxAttempts bodies in all, and only from the same version of the
   * object (If-Match its ETag), so the bytes never mix two versions.
   */
  private async *resumingBody(
    key: string,
    end: number,
    offset: number,
    first: { body: Readable; etag: string | undefined },
  ): AsyncGenerator<Uint8Array> {
    let body: Readable | undefined = first.body;
    for (let attempt = 1; body !== undefined; attempt++) {
      try {
        // Breaking out of the consumer's loop returns this generator, which destroys the body.
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          offset += chunk.byteLength;
          yield chunk;
        }
        return;
      } catch (error) {
        if (!isDroppedConnection(error) || attempt >= this.maxAttempts)
          throw s3Error(this.failure(this.objectUrl(key), 'GetObject'), error, attempt);
      }
      body = (await this.get(key, offset, end, first.etag))?.body;
    }
  }

  /**
   * The key as the globs see it: without the prefix, and without the `/` that follows a prefix
   * given without one (`logs` + `/app.log` → `app.log`); the last segment when the prefix names the object.
   */
  private relativeKey(key: string): string {
    const rest = key.slice(this.prefix.length).replace(/^\//, '');
    return rest === '' ? key.slice(key.lastIndexOf('/') + 1) : rest;
  }

  private objectUrl(key: string): string {
    return `s3://${this.bucket}/${key}`;
  }

  private failure(where: string, operation: S3Failure['operation']): S3Failure {
    return { where, bucket: this.bucket, endpoint: this.endpoint, operation };
  }
}

/** The endpoint without user info, query or fragment: safe to print. */
function printableEndpoint(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(invalid endpoint)';
  }
}
