import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { SourceError } from '../../../src/shared/errors.js';
import type { ObjectStore, StoredObject } from '../../../src/sources/objects/object-store.js';
import { S3Store, type S3StoreOptions } from '../../../src/sources/objects/s3-store.js';
import { startFaultProxy } from '../../support/fault-proxy.js';
import {
  type S3Server,
  s3rverCredentials,
  startS3Server,
  uniqueBucketName,
} from '../../support/s3-server.js';

let server: S3Server;
const bucket = uniqueBucketName('piimap-s3-store');
const digits = '0123456789abcdefghij';

before(async () => {
  server = await startS3Server();
  await server.createBucket(bucket);
  for (let i = 0; i < 25; i++)
    await server.putObject(bucket, `pages/obj-${String(i).padStart(2, '0')}.txt`, `${i}`);
  await server.putObject(bucket, 'data/digits.txt', digits);
  await server.putObject(bucket, 'logs/app/2026/app.log', 'line\n');
  await server.putObject(bucket, 'logs/app/2026/app.log.gz', 'gz');
  await server.putObject(bucket, 'logs/.env', 'SECRET=1');
  await server.putObject(bucket, 'logs/app/', ''); // a console "folder" marker
  await server.putObject(bucket, 'logsearch/other.log', 'other');
});

after(async () => {
  await server.deleteBucket(bucket);
  await server.close();
});

function store(options: Partial<S3StoreOptions> = {}): S3Store {
  return new S3Store({
    bucket,
    endpoint: server.endpoint,
    forcePathStyle: true,
    credentials: s3rverCredentials,
    retryBaseDelayMs: 1,
    ...options,
  });
}

async function list(objects: ObjectStore): Promise<StoredObject[]> {
  const listed: StoredObject[] = [];
  try {
    for await (const object of objects.list()) listed.push(object);
  } finally {
    await objects.close();
  }
  return listed;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

test('ListObjectsV2 pagination: 25 objects in pages of 10 come back complete and in key order', async (t) => {
  const proxy = await startFaultProxy(server.endpoint);
  t.after(() => proxy.close());
  const listed = await list(store({ prefix: 'pages/', pageSize: 10, endpoint: proxy.endpoint }));
  assert.equal(proxy.requests.filter((r) => r.includes('list-type=2')).length, 3, 'three pages');
  const expected = Array.from({ length: 25 }, (_, i) => `pages/obj-${String(i).padStart(2, '0')}.txt`);
  assert.deepEqual(
    listed.map((o) => o.key),
    expected,
  );
  const first = listed[0];
  assert.equal(first?.size, 1);
  assert.ok(first?.lastModified instanceof Date);
  assert.match(first?.etag ?? '', /^[0-9a-f]{32}$/, 'the ETag comes unquoted');
});

test('a ranged GET returns exactly bytes [start, end), clamped to the object', async () => {
  const objects = store();
  try {
    assert.equal(Buffer.from(await objects.read('data/digits.txt', 3, 7)).toString(), '3456');
    assert.equal(Buffer.from(await objects.read('data/digits.txt', 15, 100)).toString(), 'fghij');
    assert.equal((await objects.read('data/digits.txt', 20, 30)).length, 0, 'start past the end');
    assert.equal((await objects.read('data/digits.txt', 4, 4)).length, 0, 'empty range');
    assert.equal(await collect(await objects.stream('data/digits.txt', 10, 12)), 'ab');
    assert.equal(await collect(await objects.stream('data/digits.txt', 0, 1000)), digits);
    assert.equal(await collect(await objects.stream('data/digits.txt', 25, 30)), '');
  } finally {
    await objects.close();
  }
});

test('globs match the key relative to the prefix; keys stay whole; folder markers are skipped', async () => {
  const keys = async (options: Partial<S3StoreOptions>) => (await list(store(options))).map((o) => o.key);
  assert.deepEqual(await keys({ prefix: 'logs/', include: ['app/**/*.log'] }), ['logs/app/2026/app.log']);
  assert.deepEqual(await keys({ prefix: 'logs/', exclude: ['**/*.gz'] }), [
    'logs/.env',
    'logs/app/2026/app.log',
  ]);
  // A prefix without its `/` is still a folder for the globs, but S3 matches it as plain text.
  assert.deepEqual(await keys({ prefix: 'logs', include: ['*.log', '**/*.log'] }), [
    'logs/app/2026/app.log',
    'logsearch/other.log',
  ]);
  // A prefix that names one object: the globs see its last segment.
  assert.deepEqual(await keys({ prefix: 'data/digits.txt', include: ['*.txt'] }), ['data/digits.txt']);
});

test('location names the bucket, prefix and custom endpoint, never credentials', () => {
  const objects = store({ prefix: 'logs/', endpoint: `http://user:pw@127.0.0.1:9/?token=x` });
  assert.equal(objects.location, 's3://' + bucket + '/logs/?endpoint=http://127.0.0.1:9');
  void objects.close();
  const aws = new S3Store({ bucket: 'b', prefix: 'p/', region: 'eu-west-1' });
  assert.equal(aws.location, 's3://b/p/');
  void aws.close();
});

test('a missing bucket is a SourceError that names it', async () => {
  const missing = uniqueBucketName('piimap-missing');
  await assert.rejects(list(store({ bucket: missing, prefix: 'x/' })), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.equal(
      error.message,
      `s3://${missing}/x/: no such bucket ${missing} (NoSuchBucket); check "bucket" and "endpoint"`,
    );
    return true;
  });
});

test('a missing object names its key', async () => {
  const objects = store();
  try {
    await assert.rejects(
      objects.read('data/gone.txt', 0, 5),
      new RegExp(`^SourceError: s3://${bucket}/data/gone\\.txt: no such object \\(NoSuchKey\\)`),
    );
  } finally {
    await objects.close();
  }
});

test('wrong credentials are a SourceError without the secret in it', async () => {
  const credentials = { accessKeyId: 'NOT-S3RVER', secretAccessKey: 'very-secret-value' };
  await assert.rejects(list(store({ credentials })), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.match(error.message, /S3 rejected the credentials \(InvalidAccessKeyId\)/);
    assert.doesNotMatch(error.message, /very-secret-value/);
    return true;
  });
});

test('an unreachable endpoint says which, after retrying', async () => {
  // Port 9 (discard) on 127.0.0.1: nothing listens there in the test environment.
  await assert.rejects(list(store({ endpoint: 'http://127.0.0.1:9', maxAttempts: 2 })), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.match(
      error.message,
      /cannot reach S3 at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\) after 2 attempts/,
    );
    return true;
  });
});
