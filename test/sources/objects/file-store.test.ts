import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SourceError } from '../../../src/shared/errors.js';
import { FileStore } from '../../../src/sources/objects/file-store.js';
import type { ObjectStore } from '../../../src/sources/objects/object-store.js';

let dir: string;
let root: string;

async function put(relative: string, content: string): Promise<void> {
  const file = join(root, relative);
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, content);
}

async function keys(store: ObjectStore): Promise<string[]> {
  const listed: string[] = [];
  for await (const object of store.list()) listed.push(object.key);
  return listed;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts).toString();
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'piimap-file-store-'));
  root = join(dir, 'root');
  await put('z.txt', 'zzz');
  await put('a.txt', '0123456789');
  await put('a-b.txt', 'ab');
  await put('a/x.log', 'x');
  await put('b/c/d.json', '{}');
  await put('.hidden/e', 'e');
  await writeFile(join(dir, 'outside.txt'), 'outside');
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('lists every file below the folder, nested ones too, in key (byte) order', async () => {
  const store = new FileStore({ root });
  const listed = await keys(store);
  // `a-b.txt` < `a.txt` < `a/x.log`: a folder sorts as its name plus `/`, as S3 orders keys.
  assert.deepEqual(listed, ['.hidden/e', 'a-b.txt', 'a.txt', 'a/x.log', 'b/c/d.json', 'z.txt']);
  assert.equal(store.location, root);
  assert.deepEqual(store.problems, []);
});

test('reports size and modification time, and no etag', async () => {
  const objects = [];
  for await (const object of new FileStore({ root, include: ['a.txt'] }).list()) objects.push(object);
  assert.equal(objects.length, 1);
  assert.equal(objects[0]?.size, 10);
  assert.ok(objects[0]?.lastModified instanceof Date);
  assert.equal(objects[0]?.etag, undefined);
});

test('include and exclude globs match the relative path, dot files included', async () => {
  const store = new FileStore({ root, include: ['**/*.log', '*.txt', '**/e'], exclude: ['a-*'] });
  assert.deepEqual(await keys(store), ['.hidden/e', 'a.txt', 'a/x.log', 'z.txt']);
  assert.deepEqual(await keys(new FileStore({ root, exclude: ['b/**', '.*/**'] })), [
    'a-b.txt',
    'a.txt',
    'a/x.log',
    'z.txt',
  ]);
});

test('symlinked folders are not followed (no loops); linked files only when they stay inside', async (t) => {
  const links = join(dir, 'links');
  await mkdir(join(links, 'sub'), { recursive: true });
  await writeFile(join(links, 'real.txt'), 'real');
  await symlink('.', join(links, 'loop'));
  await symlink('..', join(links, 'sub', 'up'));
  await symlink('real.txt', join(links, 'inside.txt'));
  await symlink(join(dir, 'outside.txt'), join(links, 'outside.txt'));
  await symlink('missing.txt', join(links, 'dangling.txt'));
  t.after(() => rm(links, { recursive: true, force: true }));

  const store = new FileStore({ root: links });
  const objects = [];
  for await (const object of store.list()) objects.push(object);
  assert.deepEqual(
    objects.map((o) => [o.key, o.size]),
    [
      ['inside.txt', 4],
      ['real.txt', 4],
    ],
  );
  assert.deepEqual(store.problems, []);
});

test('an unreadable sub-folder is skipped and reported; the listing goes on', async (t) => {
  const folder = join(dir, 'locked');
  await mkdir(join(folder, 'secret'), { recursive: true });
  await writeFile(join(folder, 'secret', 'hidden.txt'), 'x');
  await writeFile(join(folder, 'open.txt'), 'x');
  await writeFile(join(folder, 'zz.txt'), 'x', { mode: 0o000 });
  await chmod(join(folder, 'secret'), 0o000);
  t.after(() => chmod(join(folder, 'secret'), 0o755));
  if (process.getuid?.() === 0) {
    t.skip('running as root: chmod 000 does not deny reading');
    return;
  }
  const store = new FileStore({ root: folder });
  assert.deepEqual(await keys(store), ['open.txt', 'zz.txt']);
  assert.equal(store.problems.length, 1);
  assert.match(store.problems[0] ?? '', /locked\/secret: cannot read it \(EACCES\)/);
  await assert.rejects(store.read('zz.txt', 0, 1), (error: unknown) => {
    assert.ok(error instanceof SourceError && error.permissionDenied);
    assert.match(error.message, /zz\.txt: permission denied \(EACCES\)/);
    return true;
  });
  await chmod(join(folder, 'secret'), 0o755);
  await keys(store);
  assert.deepEqual(store.problems, [], 'problems start afresh with each listing');
});

test('a missing root or a file as root is a SourceError that says so', async () => {
  const missing = join(dir, 'nope');
  await assert.rejects(keys(new FileStore({ root: missing })), (error: unknown) => {
    assert.ok(error instanceof SourceError);
    assert.equal(error.message, `${missing}: no such folder; check "path" in the source`);
    return true;
  });
  await assert.rejects(keys(new FileStore({ root: join(root, 'a.txt') })), /a\.txt: not a folder/);
});

test('read returns exactly bytes [start, end), clamped to the file', async () => {
  const store = new FileStore({ root });
  assert.equal(Buffer.from(await store.read('a.txt', 2, 6)).toString(), '2345');
  assert.equal(Buffer.from(await store.read('a.txt', 7, 100)).toString(), '789');
  assert.equal((await store.read('a.txt', 20, 30)).length, 0);
  assert.equal((await store.read('a.txt', 3, 3)).length, 0);
  assert.equal(Buffer.from(await store.read('b/c/d.json', 0, 2)).toString(), '{}');
});

test('stream yields the same range as read', async () => {
  const store = new FileStore({ root });
  assert.equal(await collect(await store.stream('a.txt', 2, 6)), '2345');
  assert.equal(await collect(await store.stream('a.txt', 0, 1000)), '0123456789');
  assert.equal(await collect(await store.stream('a.txt', 5, 5)), '');
});

test('reading a vanished file or a key outside the folder fails with a SourceError', async () => {
  const store = new FileStore({ root });
  await assert.rejects(store.read('gone.log', 0, 10), /gone\.log: no such file; it was removed or rotated/);
  await assert.rejects(store.stream('gone.log', 0, 10), SourceError);
  await assert.rejects(store.read('../outside.txt', 0, 10), /is outside the folder/);
});
