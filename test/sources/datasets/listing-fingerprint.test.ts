import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { StoredObject } from '../../../src/sources/objects/object-store.js';
import { ListingFingerprint } from '../../../src/sources/datasets/listing-fingerprint.js';

const objects: StoredObject[] = [
  { key: 'a/1.json', size: 10, lastModified: new Date('2026-11-23T10:00:00Z') },
  { key: 'a/2.json', size: 20, lastModified: new Date('2026-11-23T11:00:00Z'), etag: 'e2' },
  { key: 'a/3.json', size: 30, lastModified: new Date('2026-11-23T12:00:00Z') },
];

function fingerprintOf(list: StoredObject[]): string {
  const fingerprint = new ListingFingerprint();
  for (const object of list) fingerprint.add(object);
  return fingerprint.digest();
}

test('a sha256 hex digest that does not depend on listing order', () => {
  const digest = fingerprintOf(objects);
  assert.match(digest, /^[0-9a-f]{64}$/);
  assert.equal(fingerprintOf([...objects].reverse()), digest);
  assert.equal(fingerprintOf(objects), digest);
});

test('an added, removed or changed object changes it', () => {
  const digest = fingerprintOf(objects);
  const [first, second, third] = objects as [StoredObject, StoredObject, StoredObject];
  const variants = [
    [first, second],
    [...objects, { key: 'a/4.json', size: 1, lastModified: new Date(0) }],
    [{ ...first, size: 11 }, second, third],
    [{ ...first, lastModified: new Date('2026-11-24T10:00:00Z') }, second, third],
    [first, { ...second, etag: 'e3' }, third],
    [{ ...first, key: 'a/1.jsonl' }, second, third],
  ];
  const digests = new Set([digest, ...variants.map(fingerprintOf)]);
  assert.equal(digests.size, variants.length + 1);
});

test('with an ETag, the modification time does not count', () => {
  const [first, second, third] = objects as [StoredObject, StoredObject, StoredObject];
  const touched = { ...second, lastModified: new Date('2027-01-01T00:00:00Z') };
  assert.equal(fingerprintOf([first, touched, third]), fingerprintOf(objects));
});

test('the same object twice is not the same as once (a sum, not an XOR)', () => {
  const [first] = objects as [StoredObject];
  assert.notEqual(fingerprintOf([first, first]), fingerprintOf([]));
  assert.notEqual(fingerprintOf([first, first]), fingerprintOf([first]));
});
