import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../../src/shared/errors.js';
import type { StoredObject } from '../../../src/sources/objects/object-store.js';
import { S3Store } from '../../../src/sources/objects/s3-store.js';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.js';
import {
  type S3Server,
  s3rverCredentials,
  startS3Server,
  uniqueBucketName,
} from '../../support/s3-server.js';

let server: S3Server;
let proxy: FaultProxy;
const bucket = uniqueBucketName('piimap-s3-retry');
const key = 'data/digits.txt';
const keyPath = new RegExp(`^/${bucket}/data/digits\\.txt`);

before(async () => {
  server = await startS3Server();
  proxy = await startFaultProxy(server.endpoint);
  await server.createBucket(bucket);
  await server.putObject(bucket, key, '0123456789');
  for (let i = 0; i < 25; i++) await server.putObject(bucket, `pages/${String(i).padStart(2, '0')}`, 'x');
});

after(async () => {
  await proxy.close();
  await server.deleteBucket(bucket);
  await server.close();
});

/** A store that talks to s3rver through the fault proxy, with a 1 ms retry base so tests stay fast. */
async function withStore<T>(use: (store: S3Store) => Promise<T>): Promise<T> {
  const store = new S3Store({
    bucket,
    endpoint: proxy.endpoint,
    forcePathStyle: true,
    credentials: s3rverCredentials,
    retryBaseDelayMs: 1,
    pageSize: 10,
  });
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

function requestsTo(path: RegExp): number {
  return proxy.requests.filter((line) => path.test(line.split(' ')[1] ?? '')).length;
}

test('two 503 SlowDown answers are retried with backoff, then the read succeeds', async () => {
  const before = requestsTo(keyPath);
  proxy.failNext({ fault: 503, times: 2, method: 'GET', path: keyPath });
  const bytes = await withStore((store) => store.read(key, 2, 5));
  assert.equal(Buffer.from(bytes).toString(), '234');
  assert.equal(requestsTo(keyPath) - before, 3);
  assert.equal(proxy.pending(), 0);
});

test('a dropped connection is retried too', async () => {
  proxy.failNext({ fault: 'destroy', method: 'GET', path: keyPath });
  const chunks: Uint8Array[] = [];
  await withStore(async (store) => {
    for await (const chunk of await store.stream(key, 0, 4)) chunks.push(chunk);
  });
  assert.equal(Buffer.concat(chunks).toString(), '0123');
  assert.equal(proxy.pending(), 0);
});

test('a SlowDown between listing pages is retried and the listing completes', async () => {
  const listPath = /list-type=2/;
  const before = requestsTo(listPath);
  // The first page passes; the second page's first attempt is throttled.
  proxy.failNext({ fault: 503, path: /continuation-token=/ });
  const keys = await withStore(async (store) => {
    const listed: StoredObject[] = [];
    for await (const object of store.list()) if (object.key.startsWith('pages/')) listed.push(object);
    return listed.map((o) => o.key);
  });
  assert.deepEqual(
    keys,
    Array.from({ length: 25 }, (_, i) => `pages/${String(i).padStart(2, '0')}`),
  );
  // 26 objects in pages of 10: 3 pages, plus the one retry.
  assert.equal(requestsTo(listPath) - before, 4);
});

test('a persistent 500 ends, after the configured attempts, in a SourceError naming the key', async () => {
  const before = requestsTo(keyPath);
  proxy.failNext({ fault: 500, times: 5, method: 'GET', path: keyPath });
  await assert.rejects(
    withStore((store) => store.read(key, 0, 5)),
    (error: unknown) => {
      assert.ok(error instanceof SourceError);
      assert.equal(error.permissionDenied, false);
      assert.match(
        error.message,
        new RegExp(
          `^s3://${bucket}/data/digits\\.txt: GetObject failed after 5 attempts \\(InternalError, HTTP 500\\)`,
        ),
      );
      return true;
    },
  );
  assert.equal(requestsTo(keyPath) - before, 5);
  assert.equal(proxy.pending(), 0, 'no sixth attempt');
});
