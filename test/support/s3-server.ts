/** An in-process s3rver on 127.0.0.1 (a random port, a fresh temp dir) and a client to seed it. */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  PutObjectCommand,
  S3Client,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';

/** The few members of s3rver (untyped, CommonJS) this harness uses. */
interface S3rver {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: [];
}) => S3rver;

const require = createRequire(import.meta.url);
const S3rverClass = require('s3rver') as S3rverClass;

type CipherFactory = (algorithm: string, key: Buffer, iv: Buffer, ...options: unknown[]) => unknown;
let desPatched = false;

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 (Node >= 17)
 * no longer offers: every ListObjectsV2 call fails with InternalError (jamhall/s3rver#818).
 * Triple DES with the key three times over is the same cipher, so hand s3rver that instead.
 * Only the test process that starts s3rver is patched, and only for 'des'.
 */
function letS3rverUseDes(): void {
  if (desPatched) return;
  desPatched = true;
  const crypto = require('node:crypto') as Record<'createCipheriv' | 'createDecipheriv', CipherFactory>;
  for (const name of ['createCipheriv', 'createDecipheriv'] as const) {
    const original = crypto[name];
    crypto[name] = (algorithm, key, iv, ...options) =>
      algorithm === 'des'
        ? original('des-ede3-cbc', Buffer.concat([key, key, key]), iv, ...options)
        : original(algorithm, key, iv, ...options);
  }
}

/** s3rver's one account; it checks SigV4 signatures against these keys. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface S3Server {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** Path-style, us-east-1, s3rver's keys, checksums only where required (s3rver predates them). */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  putObject(bucket: string, key: string, body: string | Uint8Array): Promise<void>;
  /** Empties the bucket, then removes it. */
  deleteBucket(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A bucket name no other test uses (S3 rules: 3–63 lowercase letters, digits and `-`). */
export function uniqueBucketName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`.toLowerCase();
}

export function s3TestClient(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: s3rverCredentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function startS3Server(): Promise<S3Server> {
  letS3rverUseDes();
  const directory = await mkdtemp(join(tmpdir(), 'piimap-s3rver-'));
  const server = new S3rverClass({
    address: '127.0.0.1',
    port: 0,
    directory,
    silent: true,
    configureBuckets: [],
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = s3TestClient(endpoint);
  return {
    endpoint,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async putObject(bucket, key, body) {
      // An explicit length: the SDK cannot tell an empty body's, and warns.
      const ContentLength = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength }));
    },
    async deleteBucket(name) {
      for await (const page of paginateListObjectsV2({ client }, { Bucket: name }))
        for (const object of page.Contents ?? [])
          await client.send(new DeleteObjectCommand({ Bucket: name, Key: object.Key }));
      await client.send(new DeleteBucketCommand({ Bucket: name }));
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
