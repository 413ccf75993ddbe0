import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../../../src/shared/errors.js';
import type { StoredObject } from '../../../src/sources/objects/object-store.js';
import { DatasetGrouper, OVERFLOW_PATTERN } from '../../../src/sources/datasets/index.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

function object(key: string, minutes: number, size = 100, etag?: string): StoredObject {
  return {
    key,
    size,
    lastModified: new Date(START + minutes * 60_000),
    ...(etag === undefined ? {} : { etag }),
  };
}

function group(objects: Iterable<StoredObject>, objectsPerDataset = 5, maxDatasets?: number) {
  const grouper = new DatasetGrouper({
    objectsPerDataset,
    ...(maxDatasets === undefined ? {} : { maxDatasets }),
  });
  for (const stored of objects) grouper.add(stored);
  return grouper.datasets();
}

test('objects group by pattern; datasets sorted by pattern, samples newest first', () => {
  const datasets = group([
    object('logs/app/dt=2026-11-23/part-0001.jsonl.gz', 1, 10),
    object('logs/app/dt=2026-11-23/part-0002.jsonl.gz', 3, 20),
    object('logs/app/dt=2026-11-24/part-0001.jsonl.gz', 2, 30),
    object('app.log', 9, 5),
    object('app.log.1', 8, 5),
    object('api.log', 7, 5),
  ]);
  assert.deepEqual(
    datasets.map((dataset) => [dataset.pattern, dataset.objectCount, dataset.totalBytes]),
    [
      ['api.log*', 1, 5],
      ['app.log*', 2, 10],
      ['logs/app/dt=*/part-*.jsonl.gz', 3, 60],
    ],
  );
  const parts = datasets[2];
  assert.equal(parts?.newest.key, 'logs/app/dt=2026-11-23/part-0002.jsonl.gz');
  assert.deepEqual(
    parts?.sampled.map((sampled) => sampled.key),
    [
      'logs/app/dt=2026-11-23/part-0002.jsonl.gz',
      'logs/app/dt=2026-11-24/part-0001.jsonl.gz',
      'logs/app/dt=2026-11-23/part-0001.jsonl.gz',
    ],
  );
});

test('newest ties go to the larger key', () => {
  const [dataset] = group([object('d/a-1.csv', 5), object('d/a-3.csv', 5), object('d/a-2.csv', 5)]);
  assert.equal(dataset?.newest.key, 'd/a-3.csv');
  assert.deepEqual(
    dataset?.sampled.map((sampled) => sampled.key),
    ['d/a-3.csv', 'd/a-2.csv', 'd/a-1.csv'],
  );
});

test('1,000,000 objects in one dataset: a bounded sample holding the newest', () => {
  const grouper = new DatasetGrouper({ objectsPerDataset: 20 });
  const days = Array.from({ length: 100 }, (_, day) => new Date(START + day * DAY));
  const names = days.map((date) => date.toISOString().slice(0, 10));
  const newestIndex = 654_321;
  const newest = new Date(START + 1000 * DAY);
  for (let i = 0; i < 1_000_000; i++) {
    const day = Math.floor(i / 10_000);
    const key = `logs/app/dt=${names[day]}/part-${String(i % 10_000).padStart(5, '0')}.jsonl.gz`;
    grouper.add({ key, size: 1, lastModified: i === newestIndex ? newest : (days[day] as Date) });
  }
  const datasets = grouper.datasets();
  assert.equal(datasets.length, 1);
  const [dataset] = datasets;
  assert.equal(dataset?.objectCount, 1_000_000);
  assert.equal(dataset?.totalBytes, 1_000_000);
  assert.equal(dataset?.sampled.length, 20);
  assert.equal(dataset?.newest.lastModified, newest);
  assert.equal(dataset?.sampled[0], dataset?.newest);
  // The rest spread over the listing: samples from many days, not one.
  const sampledDays = new Set(dataset?.sampled.map((sampled) => sampled.key.slice(0, 23)));
  assert.ok(sampledDays.size >= 15, [...sampledDays].join(' '));
});

test('the same listing gives the same sample and fingerprint; another order, the same fingerprint', () => {
  const listing = Array.from({ length: 5000 }, (_, i) =>
    object(`d/${String(i).padStart(5, '0')}.json`, (i * 7919) % 5000, i, i % 2 === 0 ? `e${i}` : undefined),
  );
  const [first] = group(listing);
  const [again] = group(listing);
  const [reversed] = group([...listing].reverse());
  assert.deepEqual(again, first);
  assert.equal(reversed?.fingerprint, first?.fingerprint);
  assert.equal(reversed?.newest, first?.newest);
  const [changed] = group([...listing.slice(0, -1), object('d/04999.json', 1, 1)]);
  assert.notEqual(changed?.fingerprint, first?.fingerprint);
});

test('beyond maxDatasets, objects with new patterns are counted in one overflow dataset', () => {
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel'];
  const listing = words.map((word, i) => object(`notes/${word}.txt`, i));
  listing.push(object('notes/alpha.txt', 20), object('notes/hotel.txt', 21));
  const datasets = group(listing, 2, 4);
  assert.deepEqual(
    datasets.map((dataset) => [dataset.pattern, dataset.objectCount]),
    [
      [OVERFLOW_PATTERN, 6],
      ['notes/alpha.txt', 2],
      ['notes/bravo.txt', 1],
      ['notes/charlie.txt', 1],
    ],
  );
  const overflow = datasets[0];
  assert.equal(overflow?.newest.key, 'notes/hotel.txt');
  assert.equal(overflow?.sampled.length, 2);
});

test('a listing of unique names never makes more than maxDatasets datasets', () => {
  const listing = Array.from({ length: 50_000 }, (_, i) =>
    object(`u/${i.toString(26).replace(/\d/g, 'q')}x`, i),
  );
  const datasets = group(listing, 3, 100);
  assert.equal(datasets.length, 100);
  assert.equal(
    datasets.reduce((sum, dataset) => sum + dataset.objectCount, 0),
    50_000,
  );
});

test('options are checked', () => {
  assert.throws(() => new DatasetGrouper({ objectsPerDataset: 0 }), ConfigError);
  assert.throws(() => new DatasetGrouper({ objectsPerDataset: 2.5 }), ConfigError);
  assert.throws(() => new DatasetGrouper({ objectsPerDataset: 2, maxDatasets: 0 }), /maxDatasets/);
});

test('isSensitive reaches the patterns, and each distinct segment is asked about once', () => {
  const asked: string[] = [];
  const grouper = new DatasetGrouper({
    objectsPerDataset: 2,
    isSensitive: (text) => {
      asked.push(text);
      return text === 'jsmith';
    },
  });
  for (let i = 0; i < 100; i++) grouper.add(object(`home/jsmith/notes-${i}.txt`, i));
  assert.deepEqual(
    grouper.datasets().map((dataset) => dataset.pattern),
    ['home/*/notes-*.txt'],
  );
  assert.equal(asked.filter((text) => text === 'jsmith').length, 1);
});
